"""Parsing /proc texts (hand-made), and the live tree of this very process."""

import os

from benchmarks.processes import busy_and_total_ticks, rss_mb, stat_fields, status_kb, tree

STATUS = "Name:\tpython\nVmPeak:\t  900 kB\nVmHWM:\t  800 kB\nVmRSS:\t  123456 kB\nThreads:\t3\n"


def test_status_kb():
    assert status_kb(STATUS, "VmRSS") == 123456
    assert status_kb(STATUS, "VmHWM") == 800
    assert status_kb(STATUS, "VmSwap") == 0


def test_stat_fields_with_spaces_and_parentheses_in_the_name():
    # pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    stat = "4242 (rasa (main) x) S 17 4242 4242 0 -1 4194560 10 0 0 0 250 50 0 0 20 0 1 0"
    assert stat_fields(stat) == (17, 300)


def test_busy_and_total_ticks():
    text = "cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 50 2 25 400 20 1 1 0 0 0\nintr 1\n"
    # busy = user + nice + system + irq + softirq + steal; idle and iowait are not busy
    assert busy_and_total_ticks(text) == (160, 1000)


def test_this_process():
    assert tree(os.getpid())[0] == os.getpid()
    assert rss_mb(os.getpid()) > 1
