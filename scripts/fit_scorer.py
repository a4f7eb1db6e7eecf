"""Refit the extractive answerer's sentence scorer (assistant/answer/scorer.json).

Training data: CMRC 2018 *trial* (the sentence holding the gold answer is known; the dev set is kept
for the reader benchmark) plus the `tune` split of the golden sets (sentences of the retrieved
passages that hold an `evidence` or `must` string), with the same features the answerer computes.
A logistic regression over standardised features is fitted; 5-fold cross-validation grouped by
question reports top-1 sentence accuracy (the best-scored sentence of a question holds the answer),
for all features and with each feature group left out (the ablation in evals/README.md).

    python scripts/fit_scorer.py [--no-golden] [--out assistant/answer/scorer.json] [--report FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from assistant.answer.extractive import FEATURES, GROUPS, WEIGHTS_PATH, Candidate, ExtractiveAnswerer, Scorer
from assistant.records import Chunk, Document, Hit
from assistant.text.normalize import norm
from assistant.text.tokens import tokenize

ROOT = Path(__file__).resolve().parents[1]
CMRC = ROOT.parent / "shared/bench/cmrc2018/cmrc2018_trial.squad.json"
GOLDEN = [("evals/golden/seed.jsonl", ["documents"]),
          ("evals/golden/corpus.jsonl", ["documents", "../shared/corpus"]),
          ("evals/golden/answers.jsonl", ["documents", "../shared/corpus"])]


def cmrc_rows(path: Path) -> tuple[list[list[Candidate]], list[list[int]]]:
    """Each CMRC question's context as one retrieved passage; label: the sentence holding the answer."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    paras = [p for a in data for p in a["paragraphs"]]
    df: Counter[str] = Counter()
    for p in paras:
        df.update(set(tokenize(p["context"])))
    n = len(paras)

    def idf(t: str) -> float:
        return math.log((n - df[t] + 0.5) / (df[t] + 0.5) + 1.0)

    answerer = ExtractiveAnswerer(idf, scorer=_uniform())
    groups, labels = [], []
    for i, p in enumerate(paras):
        text = p["context"]
        doc = Document(f"cmrc{i}", "", "", text, hashlib.sha256(text.encode()).hexdigest())
        hit = Hit(Chunk(f"cmrc{i}:0", doc.doc_id, text, 0, len(text)), 1.0, dense_score=0.0)
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
    from assistant.config import Settings
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
            cands = extractive.candidates(ev.standalone.focus, "", ev.hits, assistant.parts.docs)
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
    return np.array([[c.features[n] for n in names] for g in groups for c in g], dtype=float)


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
    args = ap.parse_args()

    groups, labels = cmrc_rows(CMRC)
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
    _write(args.out, out)
    _write(args.report, report)
    print(json.dumps(report, ensure_ascii=False, indent=1))


def _write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
