"""Choose chunk size/overlap, fusion weights and the answer-sentence ratio by measurement.

    python -m assistant.evals.tune [--out evals/tuning.json]

Every configuration runs both golden sets (seed over documents/, corpus over documents/ plus
../shared/corpus/) and records hit@5, MRR, key-fact accuracy, citation precision and refusal
accuracy. The chosen defaults and the table are written up in evals/README.md."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.evals.golden import GoldenQuestion, load_golden
from assistant.evals.metrics import aggregate, first_evidence_rank
from assistant.evals.runner import prepare, run_questions
from assistant.pipeline import Assistant, build

SETS = (("seed", Path("evals/golden/seed.jsonl"), [Path("documents")]),
        ("corpus", Path("evals/golden/corpus.jsonl"), [Path("documents"), Path("../shared/corpus")]))
KEYS = ("hit@1", "hit@5", "mrr", "key_fact_accuracy", "citation_precision", "refusal_accuracy")

CHUNKING: list[dict[str, Any]] = [dict(chunk_size=s, chunk_overlap=o) for s, o in ((200, 40), (250, 50), (350, 0), (350, 80), (500, 100))]
FUSION: list[dict[str, Any]] = [dict(bm25_weight=b, dense_weight=d)
                                for b, d in ((1.0, 0.0), (0.0, 1.0), (0.5, 1.0), (1.0, 1.0), (1.5, 1.0), (2.0, 1.0))]


def measure(overrides: dict[str, Any], retrieval_only: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {"config": overrides}
    for name, golden, docs in SETS:
        settings, embedder = prepare(Settings().replace(**overrides), docs)
        assistant = build(settings, embedder=embedder)
        t = time.perf_counter()
        if retrieval_only:
            metrics = retrieval_metrics(assistant, load_golden(golden))
        else:
            metrics = aggregate(run_questions(assistant, load_golden(golden)))
        row[name] = {k: metrics[k] for k in KEYS if k in metrics} | {"seconds": round(time.perf_counter() - t, 1)}
    return row


def retrieval_metrics(assistant: Assistant, questions: list[GoldenQuestion]) -> dict[str, float]:
    ranks = [first_evidence_rank(q.evidence, assistant.evidence(q.question, list(q.history), k=10).hits)
             for q in questions if q.evidence]
    n = max(len(ranks), 1)
    return {"hit@1": sum(1 for r in ranks if r == 1) / n, "hit@5": sum(1 for r in ranks if r and r <= 5) / n,
            "mrr": round(sum(1 / r for r in ranks if r) / n, 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("evals/tuning.json"))
    parser.add_argument("--part", choices=("chunking", "fusion", "all"), default="all")
    args = parser.parse_args()
    rows = []
    grids: dict[str, list[dict[str, Any]]] = {"chunking": CHUNKING, "fusion": FUSION}
    for part, grid in grids.items():
        if args.part not in (part, "all"):
            continue
        for overrides in grid:
            row = measure(overrides, retrieval_only=part == "fusion") | {"part": part}
            print(json.dumps(row, ensure_ascii=False), flush=True)
            rows.append(row)
    args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
