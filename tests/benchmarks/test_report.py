"""The report writer on a hand-made run (no servers, no training)."""

from benchmarks.report import PLOT_NAME, REPORT_NAME, render_markdown, write_report

from .fakes import bench

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_report_has_the_sections_and_a_png(tmp_path):
    report = write_report(tmp_path, bench())
    assert report == tmp_path / REPORT_NAME
    assert (tmp_path / PLOT_NAME).read_bytes().startswith(PNG_SIGNATURE)
    text = report.read_text(encoding="utf-8")
    for heading in (
        "# Benchmarks",
        "## Targets",
        "## NLU parse latency (chosen pipeline)",
        "## Training",
        "## REST end to end",
        "## Cold start and memory",
        "## The chosen pipeline against the alternatives",
        "### Held-out accuracy by style",
        "### Cost",
        "### Tokenizer",
        "## Profiles",
        "### One message's path without HTTP",
    ):
        assert heading in text, heading
    assert f"![latency against concurrency]({PLOT_NAME})" in text


def test_figures_and_ratios_to_the_chosen_pipeline():
    text = render_markdown(bench())
    # accuracy: kana 1.0 vs 0.0, all 1.0 vs 0.5
    assert "| kana | 1 | 1.000 | 0.000 (×0.00) | 1.000 (×1.00) | 0.000 (×0.00) |" in text
    assert "| **all** | 4 | 1.000 | 0.500 (×0.50) | 1.000 (×1.00) | 0.500 (×0.50) |" in text
    assert "| ginza | 20.0 (×2.00) | 20.0 (×2.00) | 1100 (×1.57) | 70 |" in text
    assert "| baseline | 4.0 (×0.40) | 4.0 (×0.40) | — | 40 |" in text
    assert "| chosen | 10.0 | 10.0 | 700 | — |" in text  # no training figure given
    assert "| fugashi | 55000 (×0.55) | 100000 (×0.50) | 1100 |" in text
    assert "| sudachi | 100000 | 200000 | 1000 |" in text
    assert "| `jsonschema` | 25.00 | 0.4 |" in text
    assert "| 10 | 20 | 700 | 35.0 | 300 | 300 | 300 | 2 | 0.05 | 1 | 0.01 | 0.00 | 50% |" in text
    assert "- 10 users, first error: HTTPError: 500" in text
    assert "| Rasa server: process start to first answer | 18.5 s |" in text


def test_targets_met_and_missed():
    text = render_markdown(bench())
    assert "| training ≤ 5 minutes | 80 s | yes | — | — |" in text
    assert "| REST p95 ≤ 60 ms at 1 user | 40 ms | yes |" in text
    assert "| ≥ 30 msg/s without errors at 10 users (one server process) | 35.0 msg/s, 2 errors | **no** |" in text
    assert "Most time of the profiled message path goes to jsonschema (25 ms) per message." in text


def test_pipes_in_texts_do_not_break_tables():
    run = bench()
    run.rest.levels[1].first_error = "ValueError: a | b"
    assert "first: ValueError: a \\| b |" in render_markdown(run)


def test_no_levels_no_rest_targets(tmp_path):
    text = render_markdown(bench(levels=[]))
    assert "REST p95" not in text
