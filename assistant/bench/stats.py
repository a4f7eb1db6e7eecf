"""Small numeric helpers: latency percentiles and recall against exact search."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

PERCENTILES = (50, 95, 99)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile: the smallest value that at least p% of the values do not exceed."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 < p <= 100:
        raise ValueError(f"p must be in (0, 100], got {p}")
    ordered = sorted(values)
    rank = math.ceil(p / 100 * len(ordered))
    return float(ordered[max(rank, 1) - 1])


def summarize_ms(seconds: Sequence[float]) -> dict[str, Any]:
    """p50/p95/p99, mean and max in milliseconds of durations given in seconds."""
    if not seconds:
        return {"n": 0}
    ms = [s * 1000 for s in seconds]
    out: dict[str, Any] = {"n": len(ms)}
    for p in PERCENTILES:
        out[f"p{p}_ms"] = round(percentile(ms, p), 2)
    out["mean_ms"] = round(sum(ms) / len(ms), 2)
    out["max_ms"] = round(max(ms), 2)
    return out


def recall_at_k(approx: Sequence[Sequence[int]], exact: Sequence[Sequence[int]], k: int = 10) -> float:
    """Mean share of each query's exact top-k ids found in its approximate top-k (ids < 0 are padding)."""
    if len(approx) != len(exact):
        raise ValueError(f"{len(approx)} approximate result lists for {len(exact)} exact ones")
    if not exact:
        raise ValueError("recall of no queries")
    total = 0.0
    for got, want in zip(approx, exact, strict=True):
        truth = {int(i) for i in list(want)[:k] if i >= 0}
        if not truth:
            total += 1.0
            continue
        found = {int(i) for i in list(got)[:k] if i >= 0}
        total += len(found & truth) / len(truth)
    return total / len(exact)
