"""Personal numbers out of every log line of this process.

A log record factory, not a handler filter: Rasa and Sanic replace the handlers when
they configure logging, but every record of every logger is made by the factory.
The message is formatted once here (arguments merged in) and redacted; a traceback is
formatted and redacted too, because exception messages can quote user text. Rasa logs
some events as JSON with \\uXXXX escapes, which would hide 暗証番号 or full-width
digits from the redaction: those escapes are turned back into characters first.
"""

import logging
import re
import traceback
from collections.abc import Callable
from typing import Any

from myna.privacy.personal_numbers import redact
from myna.privacy.text import readable_text

_ESCAPES = re.compile(r"(?:\\u[0-9a-fA-F]{4})+")


def _unescape(match: "re.Match[str]") -> str:
    """Surrogate pairs (emoji) decode together; a lone surrogate becomes U+FFFD: kept
    as an escape, its hex digits would join the digits after it (\\ud800123...) and
    hide a number."""
    return readable_text(match.group().encode("ascii").decode("unicode-escape"))


def redact_log_text(text: str) -> str:
    return redact(_ESCAPES.sub(_unescape, text))


_installed = False


RecordFactory = Callable[..., logging.LogRecord]


def _redacted_record_factory(base_factory: RecordFactory) -> RecordFactory:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = base_factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw parts, redacted
            message = f"{record.msg} {record.args}"
        record.msg, record.args = redact_log_text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = redact_log_text("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
        if record.stack_info:
            record.stack_info = redact_log_text(record.stack_info)
        return record

    return factory


def install_log_redaction() -> None:
    """Idempotent: wrapping the factory twice would only cost time."""
    global _installed
    if not _installed:
        logging.setLogRecordFactory(_redacted_record_factory(logging.getLogRecordFactory()))
        _installed = True
