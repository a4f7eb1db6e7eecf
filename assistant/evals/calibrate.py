"""Choose the refusal thresholds from golden sets: grid search over (similarity, coverage) pairs for
the best refusal accuracy, ties broken towards answering more in-scope questions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.evals.golden import GoldenQuestion
from assistant.pipeline import Assistant


@dataclass(frozen=True)
class Signal:
    id: str
    should_refuse: bool
    similarity: float
    coverage: float
    has_answer: bool  # False: no passage, no sentence, or an anchor term (year, name) is missing


def signals(assistant: Assistant, questions: list[GoldenQuestion]) -> list[Signal]:
    out = []
    for q in questions:
        ev, ex = assistant.extract(q.question, list(q.history))
        forced = assistant.settings.replace(refusal_threshold=-1.0, min_overlap=-1.0)
        blocked = Assistant.should_refuse(_With(forced), ev, ex)  # type: ignore[arg-type]
        out.append(Signal(q.id, q.should_refuse, ev.best_similarity, ex.coverage, not blocked))
    return out


class _With:
    """Just enough of an Assistant to evaluate `should_refuse` with other thresholds."""

    def __init__(self, settings):
        self.settings = settings


def accuracy(sig: list[Signal], sim: float, cov: float) -> tuple[float, float]:
    """(refusal accuracy over all questions, share of answerable questions answered)."""
    refused = [not s.has_answer or s.similarity < sim or s.coverage < cov for s in sig]
    acc = sum(r == s.should_refuse for r, s in zip(refused, sig, strict=True)) / len(sig)
    answerable = [not r for r, s in zip(refused, sig, strict=True) if not s.should_refuse]
    return acc, (sum(answerable) / len(answerable)) if answerable else 0.0


def grid(sig: list[Signal]) -> list[tuple[float, float, float, float]]:
    rows = []
    for sim in np.round(np.arange(0.70, 0.921, 0.01), 2):
        for cov in np.round(np.arange(0.0, 0.91, 0.05), 2):
            acc, answered = accuracy(sig, float(sim), float(cov))
            rows.append((float(sim), float(cov), acc, answered))
    rows.sort(key=lambda r: (-r[2], -r[3], r[0], r[1]))
    return rows
