"""Exact FAISS search (IndexFlatIP) against HNSW and IVF on the same vectors: recall@10 measured
against the exact results, single-query latency, build time; and which store `FaissStore.build`
picks at each size under `Settings.hnsw_threshold`."""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from assistant.bench.stats import recall_at_k, summarize_ms
from assistant.vector_store import FaissStore

K = 10
HNSW_M = 32  # FaissStore.build defaults
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96
EF_SWEEP = (16, 32, 64, 96, 128, 256)
NPROBE_SWEEP = (4, 8, 16, 32)


def search_each(index: Any, queries: np.ndarray, k: int = K) -> tuple[np.ndarray, list[float]]:
    """Search one query at a time (as the app does): ids (n, k) and per-query seconds."""
    ids = np.empty((len(queries), k), dtype=np.int64)
    seconds = []
    for i, q in enumerate(queries):
        t0 = time.perf_counter()
        _, found = index.search(q[None, :], k)
        seconds.append(time.perf_counter() - t0)
        ids[i] = found[0]
    return ids, seconds


def _measure(index: Any, queries: np.ndarray, exact: np.ndarray) -> dict[str, Any]:
    search_each(index, queries[: min(5, len(queries))])  # warm-up
    ids, seconds = search_each(index, queries)
    return {
        "recall@10": round(recall_at_k(ids.tolist(), exact.tolist(), K), 4),
        "latency": summarize_ms(seconds),
    }


def _build_flat(vectors: np.ndarray) -> Any:
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    return index


def _build_hnsw(vectors: np.ndarray) -> Any:
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.add(vectors)
    return index


def _timed(build: Any, vectors: np.ndarray) -> tuple[Any, float]:
    t0 = time.perf_counter()
    index = build(vectors)
    return index, time.perf_counter() - t0


def compare(
    vectors: np.ndarray,
    queries: np.ndarray,
    store: FaissStore,
    store_build_s: float,
    hnsw_threshold: int,
    ivf: bool = True,
) -> dict[str, Any]:
    """Flat, HNSW (production parameters, efSearch sweep) and IVF (nprobe sweep) on `vectors`.
    `store` is the FaissStore that production code built for these vectors (the automatic choice);
    its FAISS index is reused for its kind, and the other kinds are built here."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    n, dim = vectors.shape
    built = {store.kind: (store._index, store_build_s)}  # the benchmark reads the store's FAISS index
    for kind, build in (("flat", _build_flat), ("hnsw", _build_hnsw)):
        if kind not in built:
            built[kind] = _timed(build, vectors)
    out: dict[str, Any] = {
        "size": n,
        "queries": len(queries),
        "hnsw_threshold": hnsw_threshold,
        "automatic_choice": store.kind,
        "expected_choice": "hnsw" if n >= hnsw_threshold else "flat",
    }
    flat, flat_s = built["flat"]
    search_each(flat, queries[: min(5, len(queries))])
    exact, seconds = search_each(flat, queries)
    out["flat"] = {
        "build_s": round(flat_s, 3),
        "recall@10": 1.0,
        "latency": summarize_ms(seconds),
        "memory_mb": round(n * dim * 4 / 2**20, 1),
    }
    hnsw, hnsw_s = built["hnsw"]
    sweep = {}
    for ef in EF_SWEEP:
        hnsw.hnsw.efSearch = ef
        sweep[str(ef)] = _measure(hnsw, queries, exact)
    hnsw.hnsw.efSearch = HNSW_EF_SEARCH
    out["hnsw"] = {
        "build_s": round(hnsw_s, 3),
        "M": HNSW_M,
        "efConstruction": HNSW_EF_CONSTRUCTION,
        "efSearch": HNSW_EF_SEARCH,
        **sweep[str(HNSW_EF_SEARCH)],
        "ef_sweep": sweep,
        "memory_mb": round(n * (dim * 4 + HNSW_M * 2 * 4) / 2**20, 1),
    }
    if ivf:
        nlist = max(1, min(round(math.sqrt(n)), n // 39))  # FAISS wants >= 39 training points per list
        t0 = time.perf_counter()
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(vectors)
        index.add(vectors)
        ivf_s = time.perf_counter() - t0
        probes = {}
        for nprobe in NPROBE_SWEEP:
            index.nprobe = nprobe
            probes[str(nprobe)] = _measure(index, queries, exact)
        out["ivf"] = {"build_s": round(ivf_s, 3), "nlist": nlist, "nprobe_sweep": probes}
    return out


def recommend_threshold(results: list[dict[str, Any]], budget_ms: float = 10.0) -> dict[str, Any]:
    """The size at which exact search would reach `budget_ms` per query (its cost grows linearly with
    the number of vectors; extrapolated from the largest measured size), rounded down to 10,000."""
    if not results:
        return {}
    largest = max(results, key=lambda r: r["size"])
    per_vector = largest["flat"]["latency"]["p95_ms"] / largest["size"]
    size = int(budget_ms / per_vector) if per_vector > 0 else largest["size"]
    rounded = max(10_000, size // 10_000 * 10_000)
    return {
        "budget_ms": budget_ms,
        "flat_p95_ms_per_100k": round(per_vector * 100_000, 2),
        "size_at_budget": size,
        "recommended_threshold": rounded,
    }
