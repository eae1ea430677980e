"""Runs a function in a fresh interpreter, so that its memory and its imports are its
own (a model loaded for one measurement must not weigh on the next)."""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def _quiet_rasa() -> None:
    """Warnings only: unconfigured, Rasa logs every parse and every rule it checks."""
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)


def run_isolated(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """function(*args, **kwargs) in a spawned child process with Rasa's logging at
    warnings; returns its (picklable) result or raises its exception."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_quiet_rasa) as pool:
        return pool.submit(function, *args, **kwargs).result()
