"""Resident memory and CPU time of a process and its children, from /proc (Linux)."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def status_kb(status_text: str, field: str) -> int:
    """A `kB` field of /proc/<pid>/status (VmRSS, VmHWM, ...); 0 when absent."""
    for line in status_text.splitlines():
        name, _, value = line.partition(":")
        if name == field:
            return int(value.split()[0])
    return 0


def stat_fields(stat_text: str) -> tuple[int, int]:
    """(parent pid, user + system CPU ticks) from /proc/<pid>/stat. The command name
    may hold spaces and parentheses, so the fields are counted after the last ')'."""
    fields = stat_text[stat_text.rindex(")") + 2 :].split()
    # fields[0] is field 3 of proc(5): state; ppid is field 4, utime 14, stime 15.
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _read(pid: int, name: str) -> str:
    return (PROC / str(pid) / name).read_text()


def tree(pid: int) -> list[int]:
    """pid and all its descendants that are alive now."""
    parents: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                parents.setdefault(stat_fields(_read(int(entry.name), "stat"))[0], []).append(int(entry.name))
            except (OSError, ValueError):  # gone meanwhile
                continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, []))
    return found


def _sum(pid: int, value) -> float:
    total = 0.0
    for member in tree(pid):
        try:
            total += value(member)
        except OSError:  # ended meanwhile
            continue
    return total


def rss_mb(pid: int) -> float:
    """Resident memory of the process tree, MiB."""
    return _sum(pid, lambda p: status_kb(_read(p, "status"), "VmRSS")) / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by the live members of the process tree."""
    return _sum(pid, lambda p: stat_fields(_read(p, "stat"))[1]) / CLOCK_TICKS


def busy_and_total_ticks(proc_stat_text: str) -> tuple[int, int]:
    """All CPUs' (busy, total) ticks from the `cpu` line of /proc/stat; idle and
    iowait count as not busy."""
    line = next(row for row in proc_stat_text.splitlines() if row.startswith("cpu "))
    ticks = [int(v) for v in line.split()[1:9]]  # user nice system idle iowait irq softirq steal
    return sum(ticks) - ticks[3] - ticks[4], sum(ticks)


def machine_ticks() -> tuple[int, int]:
    return busy_and_total_ticks((PROC / "stat").read_text())
