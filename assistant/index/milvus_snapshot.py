"""The live Milvus generation as the retriever and the answerer read it (`MilvusSnapshot`, an
`IndexSnapshot`): documents and their field index in memory, chunks fetched with search results by their
indexer position, every search (by document too) done by Milvus through small adapters that look like
the FAISS store, the BM25 index and the sentence and child vectors. The writing side is milvus_store.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np

from assistant.config import Settings
from assistant.errors import IndexMissingError, ModelMismatchError
from assistant.index.child_store import ChildIndex
from assistant.index.milvus_bm25 import BM25Stats
from assistant.index.milvus_store import CHUNK_FIELDS, MilvusStore, _chunk_of, connect, fields_from
from assistant.index.store import IndexSnapshot
from assistant.records import Chunk


class _LazyChunks:
    """Chunks by indexer position, filled from search results (a replica never loads every chunk)."""

    def __init__(self, size: int) -> None:
        self._seen: dict[int, Chunk] = {}
        self._size = size

    def remember(self, hits: list[tuple[int, Chunk, float]]) -> list[tuple[int, float]]:
        for i, c, _ in hits:
            self._seen[i] = c
        return [(i, s) for i, _, s in hits]

    def __getitem__(self, i: int) -> Chunk:
        return self._seen[i]

    def __len__(self) -> int:
        return self._size


class _SentenceAdapter:
    """The generation's sentence vectors as the answerer reads them (`SentenceVectors.similarity`)."""

    def __init__(self, store: MilvusStore) -> None:
        self.store = store

    def similarity(self, query: np.ndarray, keys: Sequence[tuple[str, int]]) -> np.ndarray:
        return self.store.sentence_similarity(query, keys)


class _DenseAdapter:
    kind = "milvus"

    def __init__(self, store: MilvusStore, chunks: _LazyChunks) -> None:
        self.store, self.chunks = store, chunks
        self.size = len(chunks)  # positions run this far (beyond the count once a document is deleted)

    def __len__(self) -> int:
        return self.size

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        return self.chunks.remember(self.store.dense_hits(query, k))

    def reconstruct(self, ords: Sequence[int]) -> np.ndarray:
        """The chunks' own vectors by position (parent–child rescoring); the chunks are remembered too."""
        vectors, rows = self.store.vectors_by_id(self.store.name, "ord", ords, "dense", CHUNK_FIELDS)
        self.chunks.remember([(i, _chunk_of(r), 0.0) for i, r in rows.items()])
        return vectors


class _ChildAdapter:
    """The generation's child vectors as `ChildMaxStore` searches them (as a `FaissStore`)."""

    kind = "milvus"

    def __init__(self, store: MilvusStore, size: int) -> None:
        self.store, self.size = store, size

    def __len__(self) -> int:
        return self.size

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        return self.store.child_hits(query, k)

    def reconstruct(self, ids: Sequence[int]) -> np.ndarray:
        return self.store.vectors_by_id(f"{self.store.name}_children", "id", ids, "v")[0]


class _KeywordAdapter:
    def __init__(self, store: MilvusStore, chunks: _LazyChunks) -> None:
        self.store, self.chunks = store, chunks
        self._idf: dict[str, float] = {}

    def __len__(self) -> int:
        return len(self.chunks)

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        return self.chunks.remember(self.store.keyword_hits(query, k, self._idf))

    def idf(self, token: str) -> float:
        if token not in self._idf:
            n, found = self.store.term_stats([token])
            self._idf[token] = BM25Stats(n=n).idf(found[token][1] if token in found else 0)
        return self._idf[token]


@dataclass
class MilvusSnapshot(IndexSnapshot):
    """The live Milvus generation as the retriever and the answerer search it (an `IndexSnapshot`):
    documents and their field index in memory, chunks fetched with search results by their indexer
    position (`ord`), every search (by document too) done by Milvus."""

    store: MilvusStore | None = None
    _ranked: tuple[str, np.ndarray] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.chunk_pos = {}  # chunks are fetched with search results, never all at once

    @property
    def _milvus(self) -> MilvusStore:
        assert self.store is not None
        return self.store

    def _remember(self, hits: list[tuple[int, Chunk, float]]) -> list[tuple[int, float]]:
        return cast(_LazyChunks, self.chunks).remember(hits)

    def keyword_scores(self, query: str) -> np.ndarray:
        raise NotImplementedError("Milvus answers top-k keyword searches; it never scores every chunk")

    def keyword_search(self, query: str, k: int) -> list[tuple[int, float]]:
        return self.bm25.search(query, k)

    def doc_keyword_search(self, doc_id: str, query: str, k: int) -> list[tuple[int, float]]:
        return self._remember(self._milvus.keyword_hits(query, k, doc_id=doc_id))

    def keyword_rank(self, query: str, score: float) -> int:
        """How many chunks score higher (counted among the best MAX_TOPK, which is as deep as one search
        goes; scores within 1e-6 of each other tie, as Milvus and bm25s sum in different orders)."""
        if self._ranked is None or self._ranked[0] != query:
            self._ranked = (query, self._milvus.keyword_scores(query)[::-1].copy())  # ascending, for searchsorted
        ascending = self._ranked[1]
        return int(len(ascending) - np.searchsorted(ascending, score + 1e-6 * abs(score), side="right"))

    def chunk_at(self, doc_id: str, offset: int) -> Chunk | None:
        hit = self._milvus.chunk_hit_at(doc_id, offset)
        if hit is None:
            return None
        self._remember([(hit[0], hit[1], 0.0)])
        return hit[1]


def open_milvus_snapshot(settings: Settings, embedder_id: str | None = None, client: Any = None) -> MilvusSnapshot:
    """The live Milvus generation, searched by Milvus: docs and document fields in memory, chunks
    fetched with search results."""
    client = client or connect(settings)
    store = MilvusStore.live(client, settings.milvus_collection)
    manifest = store.manifest()
    if embedder_id is not None and manifest.get("embedder") != embedder_id:
        raise ModelMismatchError(
            f"Milvus index {store.name} was built with embedding model {manifest.get('embedder')!r}, "
            f"but queries use {embedder_id!r}; use the same model or run `assistant index --rebuild`")
    docs, title_vectors = store.read_documents()
    chunks = _LazyChunks(store.count())
    # asked once here, not on every answer: a generation written before sentence vectors has none
    has_sentences = manifest.get("sentence_vectors") and client.has_collection(f"{store.name}_sentences")
    sentences = _SentenceAdapter(store) if has_sentences else None
    dense = _DenseAdapter(store, chunks)
    children = None
    if manifest.get("child_chars") and client.has_collection(f"{store.name}_children"):
        parent_of = store.child_parents()  # -1: a child removed with its document
        dense.size = max(len(chunks), int(parent_of.max(initial=-1)) + 1)  # positions stay after a deletion
        children = ChildIndex(cast(Any, _ChildAdapter(store, len(parent_of))), parent_of,
                              int(manifest["child_chars"]), manifest.get("child_vectors") or "embedded")
    return MilvusSnapshot(Path(settings.store_spec.location), store.name, manifest, {d.doc_id: d for d in docs},
                          cast(list[Chunk], chunks), cast(Any, dense),
                          cast(Any, _KeywordAdapter(store, chunks)), fields=fields_from(docs, title_vectors),
                          sentences=cast(Any, sentences), children=children, store=store)


def open_snapshot(settings: Settings, embedder_id: str | None = None) -> IndexSnapshot:
    """The live index of whichever store the settings name."""
    if settings.store_spec.is_milvus:
        return open_milvus_snapshot(settings, embedder_id)
    from assistant.index.store import load_snapshot

    return load_snapshot(Path(settings.store_spec.location), embedder_id)


def previous_state(settings: Settings, client: Any) -> IndexSnapshot | None:
    """The live generation with every chunk loaded (what an incremental run keeps), or None."""
    try:
        store = MilvusStore.live(client, settings.milvus_collection)
    except IndexMissingError:
        return None
    docs, title_vectors = store.read_documents()
    return IndexSnapshot(Path(settings.store_spec.location), store.name, store.manifest(),
                         {d.doc_id: d for d in docs}, store.all_chunks(), cast(Any, None), cast(Any, None),
                         fields=fields_from(docs, title_vectors))
