"""Choose the refusal thresholds from golden sets: grid search over (similarity, coverage) pairs for
the best refusal accuracy, ties broken towards answering more in-scope questions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.evals.golden import GoldenQuestion
from assistant.pipeline import Assistant, build


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
        blocked = Assistant.should_refuse(_With(forced), ev, ex, assistant.parts.docs)  # type: ignore[arg-type]
        similarity = ev.best_similarity if ev.best_similarity is not None else 0.0  # the index reports it
        out.append(Signal(q.id, q.should_refuse, similarity, ex.coverage, not blocked))
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


def main() -> None:
    """python -m assistant.evals.calibrate: signals for both golden sets, the grid, and the chosen pair."""
    import json
    from pathlib import Path

    from assistant.config import Settings
    from assistant.evals.golden import load_golden
    from assistant.evals.runner import prepare
    from assistant.evals.tune import SETS

    sig: list[Signal] = []
    for _name, golden, docs in SETS:
        settings, embedder = prepare(Settings(), docs)
        sig += signals(build(settings, embedder=embedder), load_golden(golden))
    chosen = Settings()
    refusable = [s for s in sig if s.should_refuse]
    rows = []
    for sim, cov, _acc, _ans in grid(sig):
        refused = [not s.has_answer or s.similarity < sim or s.coverage < cov for s in sig]
        oos = sum(r for r, s in zip(refused, sig, strict=True) if s.should_refuse) / len(refusable)
        answered = sum(not r for r, s in zip(refused, sig, strict=True) if not s.should_refuse) / (len(sig) - len(refusable))
        rows.append({"similarity": sim, "coverage": cov, "refused_of_refusable": round(oos, 3),
                     "answered_of_answerable": round(answered, 3), "balanced": round((oos + answered) / 2, 3),
                     "accuracy": round(accuracy(sig, sim, cov)[0], 3)})
    rows.sort(key=lambda r: (-r["balanced"], -r["answered_of_answerable"]))
    current = next(r for r in rows if r["similarity"] == round(chosen.refusal_threshold, 2)
                   and r["coverage"] == round(chosen.min_overlap, 2))
    out = {"questions": len(sig), "refusable": len(refusable), "current": current, "best": rows[:15],
           "signals": [s.__dict__ for s in sig]}
    Path("evals/calibration.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({"current": current, "best": rows[:8]}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
