"""`make bench`: latency, throughput, memory, training time and the pipeline against
its alternatives, printed and written to reports/bench.md (figures, not timed tests)."""
