"""Choose the refusal thresholds from golden sets: grid search over (similarity, coverage) pairs for
the best refusal accuracy, ties broken towards answering more in-scope questions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.evals.golden import GoldenQuestion
from assistant.pipeline import Assistant, build, too_few_words


@dataclass(frozen=True)
class Signal:
    id: str
    should_refuse: bool  # out of scope here: an oos question, or its source document is not indexed
    similarity: float
    coverage: float
    has_answer: bool  # False: no passage, no sentence, or an anchor term (year, name) is missing
    split: str = "tune"
    confidence: float = 0.0  # the learned score of the best answer sentence
    sentence_similarity: float | None = None  # cosine of the best answer sentence to the question


def signals(assistant: Assistant, questions: list[GoldenQuestion]) -> list[Signal]:
    from assistant.evals.runner import indexed_files

    indexed = indexed_files(assistant)
    out = []
    for q in questions:
        ev, ex = assistant.extract(q.question, list(q.history))
        blocked = assistant.decided_before_check(ev, ex) is True  # refused whatever the thresholds
        similarity = ev.best_similarity if ev.best_similarity is not None else 0.0  # the index reports it
        out.append(Signal(q.id, q.refuse_given(indexed), similarity, ex.coverage, not blocked, q.split, ex.confidence,
                          ex.similarity))
    return out


def _refused(sig: list[Signal], sim: float, cov: float) -> list[bool]:
    """Which questions the rule refuses with similarity threshold `sim` and coverage floor `cov` (a
    paraphrase below the floor answered as `too_few_words` allows, with the configured paraphrase bounds)."""
    rule = Settings().replace(min_overlap=cov)
    return [not s.has_answer or s.similarity < sim or too_few_words(s.coverage, s.sentence_similarity, rule)
            for s in sig]


def accuracy(sig: list[Signal], sim: float, cov: float) -> tuple[float, float]:
    """(refusal accuracy over all questions, share of answerable questions answered)."""
    refused = _refused(sig, sim, cov)
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
    """python -m assistant.evals.calibrate: signals for the golden sets (answers.jsonl over both
    libraries too), the grid over their tune split, and the held-out figures of the best pairs."""
    import json
    from pathlib import Path

    from assistant.evals.golden import load_golden
    from assistant.evals.runner import prepare
    from assistant.evals.tune import SETS

    sig: list[Signal] = []
    answers = Path("evals/golden/answers.jsonl")
    runs = [*SETS, ("answers-seed", answers, [Path("documents")]),
            ("answers-corpus", answers, [Path("documents"), Path("../shared/corpus")])]
    for _name, golden, docs in runs:
        settings, embedder = prepare(Settings(), docs)
        sig += signals(build(settings, embedder=embedder), load_golden(golden))
    chosen = Settings()
    tune = [s for s in sig if s.split == "tune"]
    held = [s for s in sig if s.split != "tune"]
    refusable = [s for s in tune if s.should_refuse]
    rows = []
    for sim, cov, _acc, _ans in grid(tune):
        row: dict[str, Any] = {"similarity": sim, "coverage": cov, **_rates(tune, sim, cov),
               "accuracy": round(accuracy(tune, sim, cov)[0], 3)}
        row["heldout"] = _rates(held, sim, cov)
        rows.append(row)
    rows.sort(key=lambda r: (-r["balanced"], -r["answered_of_answerable"]))
    current = next(r for r in rows if r["similarity"] == round(chosen.refusal_threshold, 2)
                   and r["coverage"] == round(chosen.min_overlap, 2))
    out = {"questions": len(sig), "tune": len(tune), "refusable_tune": len(refusable), "current": current,
           "best": rows[:15],
           "signals": [s.__dict__ for s in sig]}
    Path("evals/calibration.json").write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({"current": current, "best": rows[:8]}, ensure_ascii=False, indent=1))



def _rates(sig: list[Signal], sim: float, cov: float) -> dict[str, float]:
    """Share of out-of-scope questions refused, of answerable ones answered, and their mean."""
    refused = _refused(sig, sim, cov)
    oos = [r for r, s in zip(refused, sig, strict=True) if s.should_refuse]
    ans = [not r for r, s in zip(refused, sig, strict=True) if not s.should_refuse]
    o, a = (sum(oos) / len(oos) if oos else 0.0), (sum(ans) / len(ans) if ans else 0.0)
    return {"refused_of_refusable": round(o, 3), "answered_of_answerable": round(a, 3), "balanced": round((o + a) / 2, 3)}


if __name__ == "__main__":
    main()
