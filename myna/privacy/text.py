"""Text as it can be read, stored and logged. Pure."""


def readable_text(text: str) -> str:
    """`text` with each lone surrogate (a JSON escape such as \\ud800 decodes to one)
    as U+FFFD: it cannot be encoded as UTF-8, so the tokenizer, the logs and the
    databases fail on it. Surrogate pairs are joined into their character."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
