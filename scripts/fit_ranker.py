"""Refit the retriever's learned re-ranking (assistant/retrieval/ranker.json).

For every question of each library, the retriever (learned re-ranking off) gives its fused pool of
`candidates` chunks; each chunk gets the features of `assistant.retrieval.learned.candidate_features`
and the label "holds an evidence string" (the hit rule of every retrieval figure). A logistic regression
over standardised features is fitted on the *tune* halves only (lecoqa `train`; the golden set's and
CMRC's hash halves), each library weighing the same and each question the same within it. The report
gives hit@1/5/10 and MRR of the fused and the learned order on both halves, and each feature group left
out (the ablation in evals/README.md). Vectors come from the retrieval experiments' embedding cache.

    python scripts/fit_ranker.py --lecoqa ../shared/bench/lecoqa \\
        --golden evals/golden/corpus.jsonl --docs documents --docs ../shared/corpus \\
        --golden evals/golden/seed.jsonl=documents --golden evals/golden/answers.jsonl=documents \\
        --squad ../shared/bench/cmrc2018/cmrc2018_dev.squad.json --cache ../ret-cache.sqlite \\
        [--out assistant/retrieval/ranker.json] [--report evals/ranker_fit.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache
from assistant.embed.models import Embedder, make_embedder
from assistant.evals import retrieval_bench as rb
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.learned import FEATURES, GROUPS, WEIGHTS_PATH, candidate_features


@dataclass
class Pool:
    library: str
    question: rb.BenchQuestion
    features: np.ndarray  # (pool, len(FEATURES)), in fused order
    labels: np.ndarray  # bool, the chunk holds an evidence string (of the question's own passage)


class Recorder:
    """Stands in for the learned ranker inside the retriever: keeps the pool's features exactly as the
    retriever computes them at question time, and leaves the fused order as it is."""

    def __init__(self) -> None:
        self.seen: list[tuple[np.ndarray, list]] = []

    def order(self, query, qvec, hits, ords, snapshot) -> list[int]:  # type: ignore[no-untyped-def]
        self.seen.append((candidate_features(query, qvec, hits, ords, snapshot), list(hits)))
        return list(range(len(hits)))


def pools(lib: rb.Library, settings: Settings, cache: EmbeddingCache, embedder: Embedder, log=print) -> list[Pool]:
    rb.chunk_library(lib, settings)
    rb.attach_vectors(lib, cache, embedder, cached_only=False)
    bench = rb.Bench(lib, rb.QueryVectors(embedder, cache), cache, embedder)
    snap = bench.snapshot(settings.chunk_headers, settings.keyword_analyzer, *settings.children,
                          sentences=settings.sentence_vectors)
    retriever = HybridRetriever(snap, bench.embedder, settings.replace(learned_ranker=True))  # type: ignore[arg-type]
    recorder = Recorder()
    retriever.learned = recorder  # type: ignore[assignment]
    out = []
    for q in lib.questions:
        recorder.seen = []
        retriever.search(q.query, settings.candidates)
        feats, hits = recorder.seen[0] if recorder.seen else (np.zeros((0, len(FEATURES))), [])
        labels = np.array([rb.hit_rank(q, [h.chunk]) == 1 for h in hits], dtype=bool)
        out.append(Pool(lib.name, q, feats, labels))
    log(f"{lib.name}: {len(lib.chunks)} chunks, {len(out)} questions, "
        f"{sum(p.labels.any() for p in out)} with an evidence chunk in the pool")
    return out


def fit(train: list[Pool], columns: list[int]) -> tuple[np.ndarray, float]:
    """Weights over raw features (already divided by the training scale) and the intercept."""
    per_lib = {p.library: 0 for p in train}
    for p in train:
        per_lib[p.library] += 1
    X = np.vstack([p.features[:, columns] for p in train])
    y = np.concatenate([p.labels for p in train])
    w = np.concatenate([np.full(len(p.labels), 1.0 / per_lib[p.library] / len(p.labels)) for p in train])
    mu, sd = X.mean(0), X.std(0) + 1e-9
    clf = LogisticRegression(C=1.0, max_iter=5000).fit((X - mu) / sd, y, sample_weight=w * len(w))
    coef = clf.coef_[0] / sd
    return coef, float(clf.intercept_[0] - (mu / sd) @ clf.coef_[0])


def first_hit(labels: np.ndarray, order: np.ndarray) -> int | None:
    for rank, i in enumerate(order[: rb.RETRIEVE_K], start=1):
        if labels[i]:
            return rank
    return None


def evaluate(all_pools: list[Pool], coef: np.ndarray | None, columns: list[int]) -> dict[str, dict[str, dict]]:
    """hit@k and MRR of each library's tune and test halves, in the fused order (`coef` None) or the learned one."""
    out: dict[str, dict[str, dict]] = {}
    for lib in dict.fromkeys(p.library for p in all_pools):
        mine = [p for p in all_pools if p.library == lib]
        ranks = {p.question.id: first_hit(p.labels, np.arange(len(p.labels)) if coef is None or not len(p.labels)
                                          else np.argsort(-(p.features[:, columns] @ coef), kind="stable"))
                 for p in mine}
        out[lib] = rb.summarise(ranks, [p.question for p in mine])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lecoqa", type=Path)
    ap.add_argument("--golden", action="append", default=[], metavar="FILE[=DIR,DIR]",
                    help="a golden set, over the folders after '=' (default: every --docs); repeatable")
    ap.add_argument("--docs", type=Path, action="append", default=[])
    ap.add_argument("--squad", type=Path)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    ap.add_argument("--report", type=Path)
    args = ap.parse_args(argv)
    settings = Settings.from_env()
    libs = []
    if args.lecoqa:
        libs.append(rb.load_lecoqa(args.lecoqa))
    for spec in args.golden:
        path, _, folders = spec.partition("=")
        libs.append(rb.load_golden_library(Path(path), [Path(f) for f in folders.split(",")] if folders else args.docs))
    if args.squad:
        libs.append(rb.load_squad_library(args.squad))
    if not libs:
        ap.error("give at least one of --lecoqa, --golden, --squad")
    cache = EmbeddingCache(args.cache)
    embedder = make_embedder(settings.embedder, settings.embed_batch_size)
    try:
        all_pools = [p for lib in libs for p in pools(lib, settings, cache, embedder)]
    finally:
        cache.close()
    train = [p for p in all_pools if p.question.split == "tune" and p.labels.any()]
    names = list(FEATURES)
    every = list(range(len(names)))
    coef, intercept = fit(train, every)
    report = {"fused": evaluate(all_pools, None, every), "learned": evaluate(all_pools, coef, every),
              "without": {}}
    for group, members in GROUPS.items():
        cols = [i for i, n in enumerate(names) if n not in members]
        report["without"][group] = evaluate(all_pools, fit(train, cols)[0], cols)
    weights = {"about": "assistant/retrieval/learned.py; refit with scripts/fit_ranker.py",
               "trained_on": [f"{lib.name} tune half" for lib in libs],
               "weights": {n: round(float(c), 6) for n, c in zip(names, coef, strict=True)},
               "intercept": round(intercept, 6)}
    args.out.write_text(json.dumps(weights, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
