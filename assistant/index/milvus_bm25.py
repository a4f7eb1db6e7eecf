"""BM25 statistics for the Milvus store, computed client-side (Lucene variant, as bm25s): a chunk's sparse
weights are its saturated term frequencies tf / (tf + k1 (1 - b + b dl / avgdl)); a query's weights are
IDF x count, with the IDF from these statistics. Their inner product is exactly the BM25 score of
`assistant.index.bm25` (the server-side BM25 Function computes IDF per segment and drifts)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.text.tokens import keyword_terms

K1, B = 1.2, 0.75  # as assistant.index.bm25 (bm25s)
EMPTY = "∅"  # the token bm25s-based BM25Index gives a chunk without tokens


@dataclass
class BM25Stats:
    """Corpus statistics for BM25: N, total token length, and per term its id and document frequency."""

    n: int = 0
    total_len: int = 0
    term_ids: dict[str, int] = field(default_factory=dict)
    df: dict[str, int] = field(default_factory=dict)
    weights_avgdl: float = 0.0  # the avgdl the stored document weights were computed with
    analyzer: str = "words"  # how text is cut into terms (text.tokens.keyword_terms)

    @property
    def drift(self) -> float:
        """Relative change of avgdl since the stored document weights were computed."""
        return abs(self.avgdl - self.weights_avgdl) / self.avgdl if self.weights_avgdl and self.n else 0.0

    @property
    def avgdl(self) -> float:
        return self.total_len / self.n if self.n else 1.0

    def idf(self, df: int) -> float:
        n = max(self.n, 1)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def term_id(self, term: str) -> int:
        tid = self.term_ids.get(term)
        if tid is None:
            tid = self.term_ids[term] = len(self.term_ids) + 1  # ids only grow: a deleted term keeps its id
        return tid

    def add(self, tf: Counter[str]) -> None:
        self.add_counts(TermCounts.of_chunk(tf))

    def add_counts(self, counts: TermCounts) -> None:
        """Add the counts of a batch of chunks; term ids are given in the order terms were first seen,
        so adding batches in chunk order gives the ids that adding chunk by chunk gives."""
        self.n += counts.n
        self.total_len += counts.total_len
        for t, d in counts.df.items():
            self.term_id(t)
            self.df[t] = self.df.get(t, 0) + d

    def remove(self, tf: Counter[str]) -> None:
        self.n -= 1
        self.total_len -= sum(tf.values())
        for t in tf:
            self.df[t] = self.df.get(t, 0) - 1

    def doc_vector(self, tf: Counter[str]) -> dict[int, float]:
        dl, avg = sum(tf.values()), self.avgdl
        return {self.term_id(t): float(c / (c + K1 * (1 - B + B * dl / avg))) for t, c in tf.items()}


def term_counts(text: str, analyzer: str = "words") -> Counter[str]:
    return Counter(keyword_terms(text, analyzer) or [EMPTY])


@dataclass
class TermCounts:
    """BM25 counts of a batch of chunks: how many, their total length, and each term's document
    frequency, terms in the order they were first seen."""

    n: int = 0
    total_len: int = 0
    df: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of_chunk(cls, tf: Counter[str]) -> TermCounts:
        return cls(1, sum(tf.values()), dict.fromkeys(tf, 1))

    @classmethod
    def of(cls, texts: Iterable[str], analyzer: str) -> TermCounts:
        counts = cls()
        for text in texts:
            counts.add(cls.of_chunk(term_counts(text, analyzer)))
        return counts

    def add(self, other: TermCounts) -> None:
        """Add the counts of the chunks that follow these (new terms keep their first-seen order)."""
        self.n += other.n
        self.total_len += other.total_len
        for t, d in other.df.items():
            self.df[t] = self.df.get(t, 0) + d
