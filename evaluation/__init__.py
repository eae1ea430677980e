"""Measuring the assistant: held-out NLU accuracy by writing style."""
