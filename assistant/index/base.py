"""`VectorStore`: what an index engine provides to the rest of the assistant.

Implemented by `assistant.index.hybrid_store.FaissBM25Store` (FAISS for vectors, bm25s over jieba
tokens for keywords) and `assistant.index.milvus_store.MilvusStore`. Chunks are addressed by
`Chunk.chunk_id`, documents by `Document.doc_id`; vectors are L2-normalised float32 rows, so inner
product is cosine similarity. Searches return (chunk_id, score), best first. Besides chunk search,
a store answers the document-level questions the retriever and the answerer ask: a document's best
keyword passages, the chunk holding an offset of a document, and the documents' field index."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from assistant.index.fields import DocFieldIndex
from assistant.records import Chunk, Document


@runtime_checkable
class VectorStore(Protocol):
    def upsert(self, docs: Sequence[Document], chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Add or replace documents: their chunks (row i of `vectors` is `chunks[i]`) replace any
        chunks the store held for those documents."""
        ...

    def delete(self, doc_ids: Iterable[str]) -> int:
        """Remove documents and their chunks; returns the number of chunks removed."""
        ...

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """The k chunks most similar to a query vector (cosine), best first."""
        ...

    def keyword_search(self, query: str, k: int, doc_id: str | None = None) -> list[tuple[str, float]]:
        """The k chunks (of document `doc_id` only, if given) with the highest keyword (BM25) score
        for a query; zero scores left out."""
        ...

    def get(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        """Chunks by id, in the order asked; unknown ids are left out."""
        ...

    def documents(self) -> dict[str, Document]:
        """Every stored document by id."""
        ...

    def chunk_at(self, doc_id: str, offset: int) -> Chunk | None:
        """The chunk holding character `offset` of a document (of overlapping ones, the one with the
        most text after it), or None."""
        ...

    def document_fields(self) -> DocFieldIndex:
        """The documents' field index: header BM25, title vectors (when stored) and the entities
        (places, bodies, titles, years) that questions are matched against."""
        ...
