"""Exact FAISS search (IndexFlatIP) against HNSW and IVF on the same vectors: recall@10 (and
recall@40, the pipeline's dense candidates) against the exact results, single-query latency, build
time; which store `FaissStore.build` picks at each size under `Settings.hnsw_threshold`; and how
often the final hybrid top-5 changes when the other store is used."""

from __future__ import annotations

import dataclasses
import math
import time
from typing import Any

import numpy as np

from assistant.bench.stats import recall_at_k, summarize_ms
from assistant.config import Settings
from assistant.embed.models import Embedder
from assistant.evals.golden import GoldenQuestion
from assistant.index.faiss_store import FaissStore
from assistant.index.store import IndexSnapshot
from assistant.retrieval.hybrid import HybridRetriever

K = 10
HNSW_M = 32  # FaissStore.build's parameters
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96
EF_SWEEP = (16, 32, 64, 96, 128, 256)
NPROBE_SWEEP = (4, 8, 16, 32, 64)
BUDGET_SHARE = 0.10  # of the answer-latency target that exact vector search may take


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


def _measure(index: Any, queries: np.ndarray, exact: np.ndarray, k: int = K) -> dict[str, Any]:
    """Recall@10 (and recall@k when k > 10) against `exact` (n, >= k), and latency at k."""
    search_each(index, queries[: min(5, len(queries))], k)  # warm-up
    ids, seconds = search_each(index, queries, k)
    out = {"recall@10": round(recall_at_k(ids[:, :K].tolist(), exact[:, :K].tolist(), K), 4)}
    if k > K:
        out[f"recall@{k}"] = round(recall_at_k(ids.tolist(), exact[:, :k].tolist(), k), 4)
    return {**out, "latency": summarize_ms(seconds)}


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
    candidates: int = 40,
    ivf: bool = True,
) -> tuple[dict[str, Any], dict[str, FaissStore]]:
    """Flat, HNSW (production parameters, efSearch sweep) and IVF (nprobe sweep) on `vectors`.
    `store` is the FaissStore production code built for these vectors (the automatic choice); its
    FAISS index is reused for its kind and the other kind is built here. Returns the measurements
    and the flat and HNSW stores. Latency and recall@candidates are measured with k=candidates,
    as the retriever searches; the sweeps with k=10."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    n, dim = vectors.shape
    cand = min(candidates, n)
    built = {store.kind: (store._index, store_build_s)}  # the benchmark reads the store's FAISS index
    for kind, build in (("flat", _build_flat), ("hnsw", _build_hnsw)):
        if kind not in built:
            built[kind] = _timed(build, vectors)
    out: dict[str, Any] = {
        "size": n,
        "queries": len(queries),
        "candidates": cand,
        "hnsw_threshold": hnsw_threshold,
        "automatic_choice": store.kind,
        "expected_choice": "hnsw" if n >= hnsw_threshold else "flat",
    }
    flat, flat_s = built["flat"]
    search_each(flat, queries[: min(5, len(queries))], cand)
    exact, seconds = search_each(flat, queries, cand)
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
        **_measure(hnsw, queries, exact, cand),
        "ef_sweep": sweep,
        "memory_mb": round(n * (dim * 4 + HNSW_M * 2 * 4) / 2**20, 1),
    }
    if ivf:
        out["ivf"] = _ivf(vectors, queries, exact)
    stores = {store.kind: store}
    for kind in ("flat", "hnsw"):
        stores.setdefault(kind, FaissStore(built[kind][0], kind))
    return out, stores


def _ivf(vectors: np.ndarray, queries: np.ndarray, exact: Any) -> dict[str, Any]:
    """IVF-Flat built on the vectors, recall@10 and latency for each nprobe."""
    import faiss

    n, dim = vectors.shape
    nlist = max(1, min(round(math.sqrt(n)), n // 39))  # FAISS wants >= 39 training points per list
    t0 = time.perf_counter()
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    index.train(vectors)
    index.add(vectors)
    ivf_s = time.perf_counter() - t0
    probes = {}
    for nprobe in NPROBE_SWEEP:
        if nprobe <= nlist:
            index.nprobe = nprobe
            probes[str(nprobe)] = _measure(index, queries, exact)
    return {"build_s": round(ivf_s, 3), "nlist": nlist, "nprobe_sweep": probes}


class _MemoQueries:
    """Wraps an embedder so that a question is embedded once for both stores compared."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self._memo: dict[str, np.ndarray] = {}

    def embed_query(self, text: str) -> np.ndarray:
        if text not in self._memo:
            self._memo[text] = self.inner.embed_query(text)
        return self._memo[text]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)


def pipeline_agreement(
    snapshot: IndexSnapshot,
    stores: dict[str, FaissStore],
    embedder: Embedder,
    settings: Settings,
    questions: list[GoldenQuestion],
) -> dict[str, Any]:
    """Hybrid top-k (BM25 + dense, fused) with the exact store against the HNSW store: the share of
    questions whose top-k chunks are identical, and the mean overlap."""
    memo = _MemoQueries(embedder)
    k = settings.top_k
    exact = HybridRetriever(dataclasses.replace(snapshot, vectors=stores["flat"]), memo, settings)
    approx = HybridRetriever(dataclasses.replace(snapshot, vectors=stores["hnsw"]), memo, settings)
    identical = 0
    overlap = 0.0
    for q in questions:
        a = [h.chunk.chunk_id for h in exact.search(q.question, k)]
        b = [h.chunk.chunk_id for h in approx.search(q.question, k)]
        identical += a == b
        overlap += len(set(a) & set(b)) / max(len(a), 1)
    n = max(len(questions), 1)
    return {
        "k": k,
        "questions": len(questions),
        f"identical_top{k}": round(identical / n, 4),
        f"mean_overlap@{k}": round(overlap / n, 4),
    }


def recommend_threshold(results: list[dict[str, Any]], answer_target_ms: float = 300.0) -> dict[str, Any]:
    """Exact search has recall 1 and nothing to build, and its cost grows linearly with the number of
    vectors. Keep it while its p95 (extrapolated from the largest measured size) stays within
    BUDGET_SHARE of the answer-latency target; rounded down to 10,000."""
    if not results:
        return {}
    largest = max(results, key=lambda r: r["size"])
    budget_ms = answer_target_ms * BUDGET_SHARE
    per_vector = largest["flat"]["latency"]["p95_ms"] / largest["size"]
    size = int(budget_ms / per_vector) if per_vector > 0 else largest["size"]
    return {
        "answer_target_ms": answer_target_ms,
        "budget_ms": budget_ms,
        "flat_p95_ms_per_100k": round(per_vector * 100_000, 2),
        "size_at_budget": size,
        "recommended_threshold": max(10_000, size // 10_000 * 10_000),
        "at_largest_size": {
            "size": largest["size"],
            "hnsw_build_s": largest["hnsw"]["build_s"],
            "hnsw_recall@10": largest["hnsw"]["recall@10"],
            "flat_p95_ms": largest["flat"]["latency"]["p95_ms"],
            "hnsw_p95_ms": largest["hnsw"]["latency"]["p95_ms"],
        },
    }
