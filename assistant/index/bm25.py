"""Persisted BM25 index over jieba tokens (bm25s). Built once per index generation, loaded once."""

from __future__ import annotations

import contextlib
import io
import logging
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.text.tokens import keyword_terms

log = logging.getLogger(__name__)


def _bm25s():  # type: ignore[no-untyped-def]
    """Import bm25s, which sets its own logger to DEBUG on import; keep it quiet."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


ANALYZER_FILE = "analyzer.txt"  # absent in indexes written before analyzers: "words"
# Query terms found in more than this share of the indexed texts are left out of a query (unless
# nothing else is left): their IDF is low, so they move rankings little, but their postings are the
# longest, so they cost the most. Retrieval ablation (lecoqa, corpus, CMRC; chosen on the tune halves):
# 0.2 changes hit@5/MRR by at most ±0.003 on lecoqa and CMRC (corpus tune hit@5 +0.027), 0.1 loses
# 0.035 MRR on the small corpus; BM25 p95 at 100k chunks with bigrams 1.47 -> 0.78 ms.
MAX_QUERY_DF = 0.2


def informative_terms(terms: list[str], df: Callable[[str], int], n: int) -> list[str]:
    """`terms` without those found in more than MAX_QUERY_DF of the `n` indexed texts, unless nothing
    else would be left (the one rule of both engines: BM25Index here, MilvusStore's sparse query)."""
    return [t for t in terms if df(t) <= MAX_QUERY_DF * n] or terms


class BM25Index:
    """BM25 over the terms of one analyzer (text.tokens.keyword_terms); queries are cut the same way
    the index was, whatever the settings say now."""

    def __init__(self, retriever, size: int, analyzer: str = "words") -> None:
        self._bm25 = retriever
        self._size = size
        self._vocab = set(getattr(retriever, "vocab_dict", {}) or {})
        self.analyzer = analyzer

    @classmethod
    def build(cls, texts: list[str], analyzer: str = "words") -> BM25Index:
        retriever = _bm25s().BM25(k1=1.2, b=0.75)
        corpus = [keyword_terms(t, analyzer) or ["∅"] for t in texts]
        if corpus:
            with contextlib.redirect_stderr(io.StringIO()):
                retriever.index(corpus, show_progress=False)
        return cls(retriever, len(texts), analyzer)

    @classmethod
    def load(cls, path: Path, size: int) -> BM25Index:
        bm25s = _bm25s()
        marker = path / ANALYZER_FILE
        analyzer = marker.read_text(encoding="utf-8").strip() if marker.is_file() else "words"
        if size == 0:
            return cls(bm25s.BM25(), 0, analyzer)
        with contextlib.redirect_stderr(io.StringIO()):
            retriever = bm25s.BM25.load(str(path), show_progress=False, mmap=False)
        return cls(retriever, size, analyzer)

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        (path / ANALYZER_FILE).write_text(self.analyzer, encoding="utf-8")
        if self._size:
            with contextlib.redirect_stderr(io.StringIO()):
                self._bm25.save(str(path), show_progress=False)

    def __len__(self) -> int:
        return self._size

    def df(self, token: str) -> int:
        """How many indexed texts hold the token (0 when unknown)."""
        tid = getattr(self._bm25, "vocab_dict", {}).get(token)
        if tid is None or not self._size:
            return 0
        indptr = self._bm25.scores["indptr"]
        return int(indptr[tid + 1] - indptr[tid]) if tid + 1 < len(indptr) else 0

    def idf(self, token: str) -> float:
        """Inverse document frequency of a token (unknown tokens get the maximum)."""
        n = max(self._size, 1)
        df = self.df(token)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def scores(self, query: str) -> np.ndarray:
        tokens = [t for t in keyword_terms(query, self.analyzer) if t in self._vocab]
        tokens = informative_terms(tokens, self.df, self._size)
        if not tokens or not self._size:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        return top_positive(self.scores(query), k)


def top_positive(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The `k` best (index, score) pairs with a positive score, best first."""
    if not len(scores):
        return []
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
