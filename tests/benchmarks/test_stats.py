"""Percentiles and ratios on hand-made tables."""

import math

import pytest

from benchmarks.stats import format_ratio, latency_ms, percentile, ratio


@pytest.mark.parametrize(
    "values, q, expected",
    [
        ([1, 2, 3, 4, 5], 50, 3.0),
        ([1, 2, 3, 4], 50, 2.5),  # between the two middle values
        ([10, 20], 95, 19.5),  # linear between ranks
        (list(range(1, 101)), 99, 99.01),
        ([7], 99, 7.0),
        ([3, 1, 2], 0, 1.0),  # order does not matter
        ([3, 1, 2], 100, 3.0),
    ],
)
def test_percentile(values, q, expected):
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_of_nothing_is_nan():
    assert math.isnan(percentile([], 50))


def test_latency_is_in_milliseconds():
    latency = latency_ms([0.010, 0.020, 0.030, 0.040])
    assert latency.count == 4
    assert latency.p50 == pytest.approx(25.0)
    assert latency.mean == pytest.approx(25.0)
    assert latency.p99 == pytest.approx(39.7)


def test_latency_of_nothing():
    latency = latency_ms([])
    assert latency.count == 0 and math.isnan(latency.p95) and math.isnan(latency.mean)


@pytest.mark.parametrize(
    "value, reference, expected",
    [
        (0.93, 1.0, "×0.93"),
        (1.0, 0.5, "×2.00"),
        (0.0, 4.0, "×0.00"),
        (5.0, 0.0, "—"),
        (None, 1.0, "—"),
        (1.0, None, "—"),
        (1.0, float("nan"), "—"),
    ],
)
def test_format_ratio(value, reference, expected):
    assert format_ratio(value, reference) == expected


def test_ratio():
    assert ratio(3.0, 2.0) == 1.5
    assert math.isnan(ratio(3.0, 0))
