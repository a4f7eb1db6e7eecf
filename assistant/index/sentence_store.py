"""Sentence vectors: every sentence of every document embedded once, at index time, so the answerer
can score a sentence by its meaning (the query's cosine to it) without calling the model again at
question time (it reuses the retrieval's query vector).

The sentences are the answerer's own (`assistant/text/sentences.sentence_spans` over the whole
document), so a candidate sentence is found by (document, start offset). Vectors are stored as
float16 (half the size; cosines change by < 1e-3). A sentence shorter than `min_chars` is not
embedded (the answerer never scores it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.records import Document
from assistant.text.sentences import sentence_spans

MIN_CHARS = 6  # the answerer's MIN_SENTENCE: shorter sentences are never candidates


@lru_cache(maxsize=64)
def _spans(doc_id: str, sha: str, text: str) -> tuple[tuple[int, int], ...]:
    return tuple(sentence_spans(text, 0, len(text)))


def document_spans(doc: Document) -> tuple[tuple[int, int], ...]:
    """Every sentence span of a document, as the answerer cuts it (cached per document version: the
    retriever's learned features and the answerer read the same documents for one question)."""
    return _spans(doc.doc_id, doc.sha256, doc.text)


def document_sentences(doc: Document, min_chars: int = MIN_CHARS) -> list[tuple[int, int]]:
    """The spans of `doc` that get a vector: the answerer's sentences of at least `min_chars` characters."""
    return [(a, b) for a, b in document_spans(doc) if b - a >= min_chars]


@dataclass(frozen=True)
class SentenceVectors:
    """Row i is the sentence of document `doc_ids[doc_of[i]]` starting at `starts[i]`."""

    doc_ids: tuple[str, ...]
    doc_of: np.ndarray  # int32, one per row
    starts: np.ndarray  # int64, one per row
    vectors: np.ndarray  # float16, (rows, dim), L2-normalised
    _row: dict[tuple[str, int], int] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_doc: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict, init=False, repr=False,
                                                               compare=False)

    def __post_init__(self) -> None:
        if not (len(self.doc_of) == len(self.starts) == len(self.vectors)):
            raise ValueError(f"sentence vectors: {len(self.doc_of)} documents, {len(self.starts)} starts "
                             f"and {len(self.vectors)} vectors must be as many")
        if len(self.doc_of) and (self.doc_of.min() < 0 or self.doc_of.max() >= len(self.doc_ids)):
            raise ValueError("sentence vectors name a document outside their list")
        self._row.update({(self.doc_ids[d], int(s)): i for i, (d, s) in enumerate(zip(
            self.doc_of.tolist(), self.starts.tolist(), strict=True))})

    def __len__(self) -> int:
        return len(self.starts)

    @classmethod
    def build(cls, docs: Iterable[Document], embed: Callable[[list[str]], np.ndarray],
              min_chars: int = MIN_CHARS) -> SentenceVectors:
        """Cut every document into sentences and embed them (`embed` takes passages, e.g. through the cache)."""
        doc_ids: list[str] = []
        doc_of: list[int] = []
        starts: list[int] = []
        texts: list[str] = []
        for doc in docs:
            spans = document_sentences(doc, min_chars)
            doc_ids.append(doc.doc_id)
            doc_of += [len(doc_ids) - 1] * len(spans)
            starts += [a for a, _ in spans]
            texts += [doc.text[a:b] for a, b in spans]
        vectors = embed(texts) if texts else np.zeros((0, 1), dtype=np.float32)
        return cls(tuple(doc_ids), np.array(doc_of, dtype=np.int32), np.array(starts, dtype=np.int64),
                   np.asarray(vectors, dtype=np.float16))

    def rows_in(self, doc_id: str, start: int, end: int) -> np.ndarray:
        """The rows of the document's sentences that begin in [start, end), in text order."""
        if not self._by_doc and len(self.starts):  # each document's (sorted starts, their rows), made once
            order = np.lexsort((self.starts, self.doc_of))
            docs, first = np.unique(self.doc_of[order], return_index=True)
            ends = [*first[1:].tolist(), len(order)]
            self._by_doc.update({self.doc_ids[d]: (self.starts[order[a:b]], order[a:b]) for d, a, b in zip(
                docs.tolist(), first.tolist(), ends, strict=True)})
        found = self._by_doc.get(doc_id)
        if found is None:
            return np.zeros(0, dtype=np.int64)
        starts, rows = found
        return rows[np.searchsorted(starts, start):np.searchsorted(starts, end)]

    def starts_in(self, doc_id: str, start: int, end: int) -> list[int]:
        """The starts of the document's sentences with a vector that begin in [start, end), in order."""
        return self.starts[self.rows_in(doc_id, start, end)].tolist()

    def similarity(self, query: np.ndarray, keys: Sequence[tuple[str, int]]) -> np.ndarray:
        """Cosine of `query` to the sentence at each (document, start); NaN where there is no vector."""
        rows = [self._row.get(k, -1) for k in keys]
        out = np.full(len(keys), np.nan)
        have = [i for i, r in enumerate(rows) if r >= 0]
        if have:
            q = np.asarray(query, dtype=np.float32).ravel()
            out[have] = self.vectors[[rows[i] for i in have]].astype(np.float32) @ q
        return out

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        np.save(path / "vectors.npy", self.vectors)
        np.save(path / "doc_of.npy", self.doc_of)
        np.save(path / "starts.npy", self.starts)
        (path / "docs.json").write_text(json.dumps(list(self.doc_ids), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> SentenceVectors:
        doc_ids = json.loads((path / "docs.json").read_text(encoding="utf-8"))
        return cls(tuple(doc_ids), np.load(path / "doc_of.npy"), np.load(path / "starts.npy"),
                   np.load(path / "vectors.npy"))
