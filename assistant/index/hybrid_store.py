"""`FaissBM25Store`: the `VectorStore` (assistant/index/base.py) of FAISS vectors and BM25 keywords.

It holds documents, chunks and vectors in memory; the FAISS and BM25 indexes are built from them
on the first search after a change (an `IndexSnapshot`, exactly what the retriever searches), and
`write()` stores them as a new index generation (assistant/index/store.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.index.fields import DocFieldIndex
from assistant.index.store import IndexSnapshot, snapshot_from, write_generation
from assistant.records import Chunk, Document


class FaissBM25Store:
    def __init__(self, embedder_id: str, dim: int, hnsw_threshold: int = 50_000) -> None:
        self.embedder_id = embedder_id
        self.dim = dim
        self.hnsw_threshold = hnsw_threshold
        self._docs: dict[str, Document] = {}
        self._chunks: list[Chunk] = []
        self._vectors = np.zeros((0, dim), dtype=np.float32)
        self._snapshot: IndexSnapshot | None = None

    @classmethod
    def from_snapshot(cls, snapshot: IndexSnapshot, hnsw_threshold: int = 50_000) -> FaissBM25Store:
        store = cls(snapshot.embedder_id, snapshot.vectors.dim, hnsw_threshold)
        store._docs = dict(snapshot.docs)
        store._chunks = list(snapshot.chunks)
        store._vectors = snapshot.vectors.vectors()
        store._snapshot = snapshot
        return store

    # -- VectorStore -------------------------------------------------------------------------------
    def upsert(self, docs: Sequence[Document], chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32).reshape(len(chunks), self.dim)
        if any(c.doc_id not in {d.doc_id for d in docs} for c in chunks):
            raise ValueError("every chunk must belong to one of the documents being added")
        self.delete(d.doc_id for d in docs)
        self._docs.update({d.doc_id: d for d in docs})
        self._chunks.extend(chunks)
        self._vectors = np.vstack([self._vectors, vectors])
        self._snapshot = None

    def delete(self, doc_ids: Iterable[str]) -> int:
        gone = {d for d in doc_ids if d in self._docs}
        if not gone:
            return 0
        keep = [i for i, c in enumerate(self._chunks) if c.doc_id not in gone]
        removed = len(self._chunks) - len(keep)
        self._chunks = [self._chunks[i] for i in keep]
        self._vectors = self._vectors[keep]
        for d in gone:
            del self._docs[d]
        self._snapshot = None
        return removed

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        snap = self.snapshot()
        return [(snap.chunks[i].chunk_id, s) for i, s in snap.vectors.search(vector, k)]

    def keyword_search(self, query: str, k: int, doc_id: str | None = None) -> list[tuple[str, float]]:
        snap = self.snapshot()
        if not snap.chunks:
            return []
        hits = snap.keyword_search(query, k) if doc_id is None else snap.doc_keyword_search(doc_id, query, k)
        return [(snap.chunks[i].chunk_id, s) for i, s in hits]

    def get(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        snap = self.snapshot()
        return [snap.chunks[snap.chunk_pos[c]] for c in chunk_ids if c in snap.chunk_pos]

    def documents(self) -> dict[str, Document]:
        return dict(self._docs)

    def chunk_at(self, doc_id: str, offset: int) -> Chunk | None:
        return self.snapshot().chunk_at(doc_id, offset)

    def document_fields(self) -> DocFieldIndex:
        fields = self.snapshot().fields  # None only in a generation written before document fields
        return fields if fields is not None else DocFieldIndex.build(self._docs.values())

    # -- the FAISS + BM25 index ----------------------------------------------------------------------
    def snapshot(self) -> IndexSnapshot:
        """The searchable index of the current contents (built once per change)."""
        if self._snapshot is None:
            # document fields without title vectors: the store is given no embedder (doc_field_weight is 0 by default)
            self._snapshot = snapshot_from(self._docs.values(), list(self._chunks), self._vectors, self.embedder_id,
                                           hnsw_threshold=self.hnsw_threshold,
                                           fields=DocFieldIndex.build(self._docs.values()))
        return self._snapshot

    def write(self, root: Path, manifest: dict[str, Any] | None = None) -> str:
        """Store the contents as a new index generation in `root` and make it live; returns its name."""
        manifest = {**(manifest or {}), "embedder": self.embedder_id, "dim": self.dim}
        return write_generation(root, manifest, list(self._docs.values()), self._chunks, self._vectors,
                                self.hnsw_threshold)
