"""Refit the extractive answerer's sentence scorer (assistant/answer/scorer.json).

Training data: CMRC 2018 *trial* (the sentence holding the gold answer is known; the dev set is kept
for the reader benchmark) plus the `tune` split of the golden sets (sentences of the retrieved
passages that hold an `evidence` or `must` string), with the same features the answerer computes
(sentence vectors and query vectors from the default embedder, through an embedding cache).
A logistic regression over standardised features is fitted; 5-fold cross-validation grouped by
question reports top-1 sentence accuracy (the best-scored sentence of a question holds the answer),
for all features and with each feature group left out (the ablation in evals/README.md).

With `--extend FEATURE`, the shipped weights are kept and only the new feature's weight (and the
intercept) is fitted, by weighted logistic likelihood with the shipped score as a fixed offset, or
set with `--weight`. A full refit picks the evidence sentence more often, but the answer rules after
the scorer were tuned with the shipped weights and lose more than it gains end to end
(evals/README.md, "Sentence vectors"); the ablation below is of the full refit either way.

    python scripts/fit_scorer.py [--no-golden] [--out assistant/answer/scorer.json] [--report FILE]
    python scripts/fit_scorer.py --extend sentence_dense --weight 0.5   # how scorer.json was made
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from assistant.answer.extractive import ExtractiveAnswerer
from assistant.answer.features import FEATURES, GROUPS, WEIGHTS_PATH, Candidate, Scorer
from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache
from assistant.embed.models import Embedder, make_embedder
from assistant.evals.report import write_json
from assistant.index.sentence_store import SentenceVectors
from assistant.records import Chunk, Document, Hit
from assistant.text.normalize import norm
from assistant.text.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]
CMRC = ROOT.parent / "shared/bench/cmrc2018/cmrc2018_trial.squad.json"
CACHE = ROOT / "evals/runs/fit-cache.sqlite"
GOLDEN = [("evals/golden/seed.jsonl", ["documents"]),
          *((f"evals/golden/{name}.jsonl", ["documents", "../shared/corpus"])
            for name in ("corpus", "answers", "probe", "probe2", "probe3"))]


def cmrc_rows(path: Path, embedder: Embedder) -> tuple[list[list[Candidate]], list[list[int]]]:
    """Each CMRC question's context as one retrieved passage; label: the sentence holding the answer."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    paras = [p for a in data for p in a["paragraphs"]]
    df: Counter[str] = Counter()
    for p in paras:
        df.update(set(tokenize(p["context"])))
    n = len(paras)

    def idf(t: str) -> float:
        return math.log((n - df[t] + 0.5) / (df[t] + 0.5) + 1.0)

    docs = [Document(f"cmrc{i}", "", "", p["context"], hashlib.sha256(p["context"].encode()).hexdigest())
            for i, p in enumerate(paras)]
    cache = EmbeddingCache(CACHE)
    try:
        vectors = SentenceVectors.build(docs, lambda texts: cache.embed(embedder, texts))
    finally:
        cache.close()
    qvec = {q: embedder.embed_query(q) for q in dict.fromkeys(qa["question"] for p in paras for qa in p["qas"])}
    answerer = ExtractiveAnswerer(idf, scorer=_uniform(),
                                  meaning=lambda query, keys: vectors.similarity(qvec[query], keys))
    groups, labels = [], []
    for p, doc in zip(paras, docs, strict=True):
        text = doc.text
        hit = Hit(Chunk(f"{doc.doc_id}:0", doc.doc_id, text, 0, len(text)), 1.0, dense_score=0.0)
        for qa in p["qas"]:
            starts = [a["answer_start"] for a in qa["answers"] if a.get("answer_start", -1) >= 0]
            if not starts:
                continue
            cands = answerer.candidates(qa["question"], "", [hit], {doc.doc_id: doc})
            y = [int(any(c.start <= s < c.end for s in starts)) for c in cands]
            if any(y):
                groups.append(cands)
                labels.append(y)
    return groups, labels


def golden_rows(split: str, golden: list[tuple[str, list[str]]] | None = None,
                index_root: Path | None = None) -> tuple[list[list[Candidate]], list[list[int]]]:
    """Candidate sentences of the golden questions of `split` (default: the three sets in GOLDEN), each
    labelled by whether it holds an evidence or must string; indexes under `index_root` if given."""
    from assistant.evals.golden import load_golden
    from assistant.evals.runner import prepare
    from assistant.pipeline import build

    groups, labels = [], []
    for n, (path, dirs) in enumerate(golden or GOLDEN):
        if not (ROOT / path).exists():
            continue
        settings, embedder = prepare(Settings(), [ROOT / d for d in dirs], index_root / str(n) if index_root else None)
        assistant = build(settings, embedder=embedder)
        extractive = assistant.parts.answerer
        assert isinstance(extractive, ExtractiveAnswerer)
        for q in load_golden(ROOT / path):
            if q.split != split or q.should_refuse or not (q.evidence or q.must) or q.history:
                continue
            ev = assistant.evidence(q.question, [])
            cands = extractive.candidates(ev.standalone.focus, "", ev.hits, assistant.parts.docs,
                                          query=ev.standalone.question)
            wanted = [norm(s) for s in q.evidence + q.must if s.strip()]
            y = [int(any(w in norm(c.text) for w in wanted)) for c in cands]
            if any(y):
                groups.append(cands)
                labels.append(y)
    return groups, labels


def _uniform() -> Scorer:
    k = len(FEATURES)
    return Scorer(FEATURES, np.zeros(k), np.ones(k), np.ones(k), 0.0)


def matrix(groups: list[list[Candidate]], names: tuple[str, ...]) -> np.ndarray:
    """One row per candidate; an unknown feature (NaN: a sentence without a vector) at its column's mean."""
    x = np.array([[c.features[n] for n in names] for g in groups for c in g], dtype=float).reshape(-1, len(names))
    if np.isnan(x).any():
        x = np.where(np.isnan(x), np.nanmean(x, axis=0), x)
    return x


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray, LogisticRegression]:
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")
    model.fit((x - mean) / scale, y, sample_weight=weight)
    return mean, scale, model


def top1(groups: list[list[Candidate]], labels: list[list[int]], idx: list[int], names: tuple[str, ...],
         mean: np.ndarray, scale: np.ndarray, model: LogisticRegression) -> float:
    ok = 0
    for i in idx:
        s = model.decision_function((matrix([groups[i]], names) - mean) / scale)
        ok += labels[i][int(np.argmax(s))]
    return ok / max(len(idx), 1)


def cross_validate(groups: list[list[Candidate]], labels: list[list[int]], weights: list[float],
                   sources: list[str], names: tuple[str, ...], folds: int = 5) -> dict[str, float]:
    """Held-out top-1 accuracy (each question scored by a model fitted without it), overall and per source."""
    qid = np.array([i for i, g in enumerate(groups) for _ in g])
    x, y = matrix(groups, names), np.array([v for lab in labels for v in lab])
    w = np.array([weights[i] for i in qid])
    right: dict[int, int] = {}
    for train, test in GroupKFold(n_splits=folds).split(x, y, qid):
        mean, scale, model = fit(x[train], y[train], w[train])
        for i in sorted(set(qid[test].tolist())):
            right[i] = int(top1(groups, labels, [i], names, mean, scale, model))
    out = {"all": sum(right.values()) / len(right)}
    for src in sorted(set(sources)):
        idx = [i for i, s in enumerate(sources) if s == src]
        out[src] = sum(right[i] for i in idx) / len(idx)
    return {k: round(v, 4) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-golden", action="store_true", help="CMRC trial only")
    ap.add_argument("--golden-weight", type=float, default=5.0, help="sample weight of a golden question's rows")
    ap.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    ap.add_argument("--report", type=Path, default=ROOT / "evals/scorer_fit.json")
    ap.add_argument("--extend", metavar="FEATURE", help="keep the shipped weights; fit only FEATURE's")
    ap.add_argument("--weight", type=float, help="with --extend: FEATURE's standardised weight, not fitted")
    args = ap.parse_args()
    if args.extend and args.extend not in FEATURES:
        ap.error(f"--extend: unknown feature {args.extend!r}; features are {', '.join(FEATURES)}")
    if args.weight is not None and not args.extend:
        ap.error("--weight needs --extend")

    groups, labels = cmrc_rows(CMRC, make_embedder(Settings().embedder))
    sources = ["cmrc"] * len(groups)
    if not args.no_golden:
        g, lab = golden_rows("tune")
        groups += g
        labels += lab
        sources += ["golden"] * len(g)
    weights = [args.golden_weight if s == "golden" else 1.0 for s in sources]
    print(f"questions: {sources.count('cmrc')} CMRC trial, {sources.count('golden')} golden tune", file=sys.stderr)

    report: dict[str, object] = {"questions": {"cmrc_trial": sources.count("cmrc"),
                                               "golden_tune": sources.count("golden")}}
    ablation = {"all features": cross_validate(groups, labels, weights, sources, FEATURES)}
    for group, feats in GROUPS.items():
        ablation[f"without {group}"] = cross_validate(groups, labels, weights, sources,
                                                      tuple(f for f in FEATURES if f not in feats))
    for group, feats in GROUPS.items():
        ablation[f"{group} only"] = cross_validate(groups, labels, weights, sources, feats)
    golden_idx = [i for i, s in enumerate(sources) if s == "golden"]
    report["cv_top1"] = ablation
    x, y = matrix(groups, FEATURES), np.array([v for lab in labels for v in lab])
    w = np.array([weights[i] for i, g in enumerate(groups) for _ in g])
    mean, scale, model = fit(x, y, w)
    report["train_top1"] = {"cmrc": round(top1(groups, labels, [i for i, s in enumerate(sources) if s == "cmrc"],
                                                FEATURES, mean, scale, model), 4),
                            "golden": round(top1(groups, labels, golden_idx, FEATURES, mean, scale, model), 4)}
    out = {"features": list(FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
           "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6),
           "trained_on": report["questions"]}
    if args.extend:
        out, report["extend"] = extend(Scorer.load(WEIGHTS_PATH), args.extend, groups, labels, weights, sources,
                                       args.weight)
        out["trained_on"] = report["questions"]
    write_json(args.out, out)
    write_json(args.report, report)
    print(json.dumps(report, ensure_ascii=False, indent=1))


def extend(base: Scorer, feature: str, groups: list[list[Candidate]], labels: list[list[int]],
           weights: list[float], sources: list[str], fixed: float | None) -> tuple[dict, dict]:
    """`base` with `feature` added: its standardised weight fitted with base's score as a fixed offset
    (class-balanced, question-weighted logistic likelihood, ridge 0.5 w²) or `fixed`; the intercept is
    refitted with it, or kept with `fixed`. Returns the scorer's JSON and a report (top-1 before/after)."""
    from scipy.optimize import minimize

    names = tuple(n for n in base.names if n != feature)
    keep = [base.names.index(n) for n in names]
    offset = ((matrix(groups, names) - base.mean[keep]) / base.scale[keep]) @ base.coef[keep] + base.intercept
    raw = matrix(groups, (feature,))[:, 0]
    mean, scale = float(raw.mean()), float(raw.std()) or 1.0
    z_new = (raw - mean) / scale
    y = np.array([v for lab in labels for v in lab], dtype=float)
    w = np.array([weights[i] for i, g in enumerate(groups) for _ in g])
    w = w * np.where(y == 1, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))

    def nll(p: np.ndarray) -> float:
        z = offset + p[0] * z_new + p[1]
        return float(np.sum(w * (np.logaddexp(0, z) - y * z))) + 0.5 * p[0] ** 2

    mle = minimize(nll, np.zeros(2)).x
    coef, shift = (float(mle[0]), float(mle[1])) if fixed is None else (fixed, 0.0)
    pos = sum(FEATURES.index(n) < FEATURES.index(feature) for n in names)  # its place among base's features

    def put(values: np.ndarray, value: float) -> list[float]:
        return [*values[:pos].round(6).tolist(), round(value, 6), *values[pos:].round(6).tolist()]

    out = {"features": [*names[:pos], feature, *names[pos:]], "mean": put(base.mean[keep], mean),
           "scale": put(base.scale[keep], scale), "coef": put(base.coef[keep], coef),
           "intercept": round(base.intercept + shift, 6)}

    def right(scores: np.ndarray) -> dict[str, float]:
        got: dict[str, list[int]] = {}
        start = 0
        for g, lab, src in zip(groups, labels, sources, strict=True):
            got.setdefault(src, []).append(lab[int(np.argmax(scores[start:start + len(g)]))])
            start += len(g)
        return {src: round(sum(v) / len(v), 4) for src, v in got.items()}

    report = {"feature": feature, "weight": round(coef, 4), "fitted_weight": round(float(mle[0]), 4),
              "top1_shipped": right(offset), "top1_extended": right(offset + coef * z_new)}
    return out, report




if __name__ == "__main__":
    main()
