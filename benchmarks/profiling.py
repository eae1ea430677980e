"""cProfile results as short tables: where the time of one message goes."""

from __future__ import annotations

import cProfile
import pstats
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# pstats' key of a function: (file, first line, name); built-ins have the file "~".
FunctionKey = tuple[str, int, str]


@dataclass(frozen=True)
class ProfileRow:
    function: str
    ms_per_message: float
    calls_per_message: float


def label(key: FunctionKey) -> str:
    """`package/module.py:function`, the file relative to site-packages or the project."""
    file, _, name = key
    if file == "~":
        return name
    parts = Path(file).parts
    if "site-packages" in parts:
        return f"{'/'.join(parts[parts.index('site-packages') + 1:])}:{name}"
    try:
        return f"{Path(file).relative_to(ROOT).as_posix()}:{name}"
    except ValueError:
        return f"{Path(file).name}:{name}"


def package(file: str) -> str:
    """The third-party package (`rasa`, `jsonschema`) or project directory
    (`components`) of a source file; "" for the standard library and built-ins."""
    parts = Path(file).parts
    if "site-packages" in parts:
        top = parts[parts.index("site-packages") + 1]
    else:
        try:
            top = Path(file).relative_to(ROOT).parts[0]
        except ValueError:
            return ""
    return top[:-3] if top.endswith(".py") else top


def by_package(profiler: cProfile.Profile, messages: int, limit: int, below: float = 0.9) -> list[ProfileRow]:
    """Time in each package with what it calls, per message: its calls from other
    packages' code. Calls through the standard library or built-ins (context managers,
    generators consumed by `any`) are not counted, or a package that calls itself that
    way would count twice. Packages above `below` of the largest (Rasa's message
    handling, which everything passes through) would only say "everything"; the
    benchmark's own code is left out."""
    measuring = package(__file__)
    totals = defaultdict(float)
    calls = defaultdict(int)
    for key, (_, _, _, _, callers) in pstats.Stats(profiler).stats.items():
        name = package(key[0])
        if not name or name == measuring:
            continue
        for caller, (_, count, _, cumulative) in callers.items():
            if package(caller[0]) not in ("", name):
                totals[name] += cumulative
                calls[name] += count
    ceiling = below * max(totals.values(), default=0.0)
    kept = sorted((n for n in totals if totals[n] < ceiling), key=totals.get, reverse=True)[:limit]
    return [ProfileRow(n, 1000 * totals[n] / messages, calls[n] / messages) for n in kept]


def rows(
    profiler: cProfile.Profile,
    messages: int,
    by: str,
    limit: int,
    keep: Callable[[FunctionKey], bool] = lambda key: True,
    below: float = 1.0,
) -> list[ProfileRow]:
    """The `limit` functions with the most `by` time ("own": in the function itself,
    "cumulative": with what it calls), per message. `below` < 1 leaves out the
    functions above that share of the largest time: the event loop and the other
    wrappers that every message passes through."""
    column = {"own": 2, "cumulative": 3}[by]
    stats = pstats.Stats(profiler).stats
    ceiling = below * max((v[column] for v in stats.values()), default=0.0)
    entries = [(key, v) for key, v in stats.items() if keep(key) and (below >= 1 or v[column] < ceiling)]
    entries.sort(key=lambda e: e[1][column], reverse=True)
    return [ProfileRow(label(key), 1000 * v[column] / messages, v[1] / messages) for key, v in entries[:limit]]
