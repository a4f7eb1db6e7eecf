"""A learned re-ranking of the fused candidate pool: a logistic regression over signals the retrieval
already has (the fused, keyword and dense ranks and scores, the chunk's own and its sentences' cosine to
the query, how much of the question's informative words it holds), fitted on the tune halves of lecoqa,
the corpus golden set and CMRC 2018 by `scripts/fit_ranker.py` (evals/README.md, "Learned re-ranking").

It costs no model call: the query vector is the retrieval's, and the sentence vectors are the index's.
Every feature is relative to the pool (a score minus the pool's best), so one weight file serves
libraries whose scores run at different levels. A dot product, not a scikit-learn model at question
time, so the app needs no scikit-learn. The refit script can also fit boosted trees (`--model trees`),
walked here by `assistant.trees.Forest`; measured in the fifty-seventh session, they rank the probe sets'
held-out chunks better but answer worse end to end, so the shipped file stays linear.
"""

from __future__ import annotations

import functools
import json
import math
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.index.sentence_store import MIN_CHARS, document_spans
from assistant.records import Hit
from assistant.text.normalize import norm
from assistant.text.tokens import tokenize
from assistant.trees import Forest, trees_from_json

WEIGHTS_PATH = Path(__file__).with_name("ranker.json")
ABSENT_RANK = 100.0  # the rank a candidate gets on a side (keyword or dense) that did not retrieve it

# name -> what it measures; the order of the columns of `candidate_features`.
FEATURES: dict[str, str] = {
    "fused_rank": "log of the position in the fused (RRF + document signals) order",
    "fused_share": "fused score / the pool's best",
    "bm25_share": "BM25 score / the pool's best (0 when not found by keywords)",
    "bm25_found": "1 when the keyword side retrieved it",
    "bm25_rank": f"log of its keyword rank ({ABSENT_RANK:g} when not retrieved)",
    "dense_found": "1 when the dense side retrieved it",
    "dense_rank": f"log of its dense rank ({ABSENT_RANK:g} when not retrieved)",
    "own_gap": "the chunk's own cosine minus the pool's best",
    "sentence_gap": "its best sentence's cosine minus the pool's best",
    "sentence2_gap": "the mean of its two best sentences' cosines minus the pool's best",
    "doc_sentence_gap": "the best sentence cosine of its document in the pool minus the pool's best",
    "coverage": "share of the question's words (idf-weighted) found in the chunk",
    "coverage_gap": "coverage minus the pool's best",
    "length": "log of the chunk's length in characters",
    "doc_rank": "log of the position of its document's first chunk in the fused order",
}
GROUPS: dict[str, tuple[str, ...]] = {
    "fusion": ("fused_rank", "fused_share"),
    "keyword": ("bm25_share", "bm25_found", "bm25_rank"),
    "dense": ("dense_found", "dense_rank", "own_gap"),
    "sentences": ("sentence_gap", "sentence2_gap", "doc_sentence_gap"),
    "coverage": ("coverage", "coverage_gap"),
    "shape": ("length", "doc_rank"),
}


def _gap(a: np.ndarray) -> np.ndarray:
    return a - a.max() if len(a) else a


def candidate_features(query: str, qvec: np.ndarray, hits: Sequence[Hit], ords: Sequence[int],
                       snapshot: Any) -> np.ndarray:
    """One row of FEATURES per hit, `hits` in fused order (the pool the retriever ranked), `ords` their
    positions in the snapshot."""
    n = len(hits)
    if not n:
        return np.zeros((0, len(FEATURES)))
    q = np.asarray(qvec, dtype=np.float32).ravel()
    own = np.asarray(snapshot.vectors.reconstruct(list(ords)), dtype=np.float32) @ q
    best, best2 = _sentence_scores(q, hits, snapshot, own)
    fused = np.array([h.score for h in hits], dtype=np.float64)
    bm25 = np.array([h.bm25_score or 0.0 for h in hits])
    b_rank = np.array([h.bm25_rank or 0 for h in hits], dtype=np.float64)
    d_rank = np.array([h.dense_rank or 0 for h in hits], dtype=np.float64)
    words = list(dict.fromkeys(w for w in tokenize(query) if w.strip()))
    idf = {w: snapshot.bm25.idf(w) for w in words}
    total = sum(idf.values()) or 1.0
    coverage = np.array([sum(v for w, v in idf.items() if w in text) / total
                         for text in (norm(h.chunk.text) for h in hits)])
    first: dict[str, int] = {}
    doc_best: dict[str, float] = {}
    for pos, (h, s) in enumerate(zip(hits, best, strict=True), start=1):
        first.setdefault(h.chunk.doc_id, pos)
        doc_best[h.chunk.doc_id] = max(doc_best.get(h.chunk.doc_id, -1.0), float(s))
    cols = {
        "fused_rank": np.log(np.arange(1, n + 1)),
        "fused_share": fused / (fused.max() or 1.0),
        "bm25_share": bm25 / (bm25.max() or 1.0),
        "bm25_found": (b_rank > 0).astype(float),
        "bm25_rank": np.log(np.where(b_rank > 0, b_rank, ABSENT_RANK)),
        "dense_found": (d_rank > 0).astype(float),
        "dense_rank": np.log(np.where(d_rank > 0, d_rank, ABSENT_RANK)),
        "own_gap": _gap(own.astype(np.float64)),
        "sentence_gap": _gap(best),
        "sentence2_gap": _gap(best2),
        "doc_sentence_gap": np.array([doc_best[h.chunk.doc_id] for h in hits]) - best.max(),
        "coverage": coverage,
        "coverage_gap": _gap(coverage),
        "length": np.log([max(len(h.chunk.text), 1) for h in hits]),
        "doc_rank": np.log([first[h.chunk.doc_id] for h in hits]),
    }
    return np.column_stack([cols[name] for name in FEATURES])


def _sentence_scores(q: np.ndarray, hits: Sequence[Hit], snapshot: Any,
                     own: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each hit's best sentence cosine and the mean of its two best (its own cosine without sentence vectors)."""
    best = own.astype(np.float64).copy()
    best2 = best.copy()
    vectors = snapshot.sentences
    if vectors is None:
        return best, best2
    keys: list[tuple[str, int]] = []
    owner: list[int] = []
    starts_in = getattr(vectors, "starts_in", None)  # FAISS generations list their starts; Milvus keeps none
    for k, h in enumerate(hits):
        c = h.chunk
        if starts_in is not None:
            found = starts_in(c.doc_id, c.start, c.end)
        else:  # the same starts, cut from the document as the indexer cut them (the answerer's cache)
            doc = snapshot.docs.get(c.doc_id)
            found = _starts_within(document_spans(doc), c.start, c.end) if doc is not None else []
        keys += [(c.doc_id, a) for a in found]
        owner += [k] * len(found)
    sims = vectors.similarity(q, keys) if keys else np.zeros(0)
    per: dict[int, list[float]] = {}
    for k, s in zip(owner, sims, strict=True):
        if not math.isnan(s):
            per.setdefault(k, []).append(float(s))
    for k, ss in per.items():
        ss.sort(reverse=True)
        best[k] = ss[0]
        best2[k] = sum(ss[:2]) / len(ss[:2])
    return best, best2


def _starts_within(spans: tuple[tuple[int, int], ...], start: int, end: int) -> list[int]:
    """The starts in [start, end) of the sentences long enough to have a vector (spans sorted by start)."""
    found = []
    for k in range(bisect_left(spans, (start, -1)), len(spans)):
        a, b = spans[k]
        if a >= end:
            break
        if b - a >= MIN_CHARS:
            found.append(a)
    return found


@dataclass(frozen=True)
class LearnedRanker:
    """score = features @ coef + intercept + rate * (the sum of the trees' leaves). The file holds either
    a linear model (`weights`, `intercept`: coef already divided by the training scale) or boosted trees
    (`features`, `init`, `rate`, `trees`: scikit-learn's log-odds, walked by `assistant.trees.Forest`)."""

    names: tuple[str, ...]
    coef: np.ndarray
    intercept: float = 0.0
    forest: Forest | None = None
    rate: float = 0.0

    def __post_init__(self) -> None:
        if tuple(self.names) != tuple(FEATURES):
            raise ValueError(f"ranker weights name features {list(self.names)}, the code computes {list(FEATURES)}")
        if len(self.coef) != len(self.names):
            raise ValueError(f"ranker weights: {len(self.coef)} weights for {len(self.names)} features")

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> LearnedRanker:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def from_json(cls, data: dict) -> LearnedRanker:
        if "trees" in data:
            names = tuple(data["features"])
            return cls(names, np.zeros(len(names)), float(data["init"]),
                       Forest(trees_from_json(data["trees"])), float(data["rate"]))
        w = data["weights"]
        return cls(tuple(w), np.array([float(w[k]) for k in w]), float(data.get("intercept", 0.0)))

    def scores(self, features: np.ndarray) -> np.ndarray:
        if not len(features):
            return np.zeros(0)
        out = features @ self.coef + self.intercept
        return out + self.rate * self.forest.total(features) if self.forest is not None else out

    def order(self, query: str, qvec: np.ndarray, hits: list[Hit], ords: Sequence[int], snapshot: Any) -> list[int]:
        """Indexes into `hits` in the learned order (ties keep the fused order); each hit gets its `rerank_score`."""
        scores = self.scores(candidate_features(query, qvec, hits, ords, snapshot))
        for h, s in zip(hits, scores, strict=True):
            h.rerank_score = float(s)
        return [int(i) for i in np.argsort(-scores, kind="stable")]


@functools.cache
def shipped_ranker() -> LearnedRanker:
    """The weights in the repository (read once per process)."""
    return LearnedRanker.load(WEIGHTS_PATH)
