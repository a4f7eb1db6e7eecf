"""Parallel ingestion on Ray Data, locally or on a Ray cluster (`ray_address`), in two stages:

1. `ray_load`: new and changed files are read and chunked by Ray tasks, a few files per task. The
   workers read the files by path, so on a cluster the documents folder must be on storage every
   node mounts at the same path (docs/SCALE_OUT.md). The indexer then decides, in file order, exactly
   as in one process: kept, skipped as a duplicate, or added.
2. `ray_embed`: chunks missing from the embedding cache are embedded in batches by N workers (one
   model per worker, an actor pool). The driver writes each finished batch to the shared embedding
   cache as it arrives, so a failed or killed run resumes where it stopped: the next run embeds only
   what is still missing.

3. `RayWriter` (a Milvus server or cluster): the chunks' BM25 term counts are computed by Ray tasks
   and summed on the driver in chunk order; then Ray tasks compute each chunk's sparse weights and
   insert batches of rows into the new collection, each worker with its own connection. The driver
   creates the collection, checks that every row arrived, and switches the alias.

A FAISS index, or a milvus-lite file (one process holds its folder), is written by the driver. Either
way the result is the single-process indexer's result.

Ray Data rather than Dask: it streams batches to long-lived actors that load the model once, and
the same code runs against `ray://head:10001` on a cluster (docs/SCALE_OUT.md).
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache, text_key
from assistant.embed.models import Embedder, make_embedder
from assistant.errors import ConfigError
from assistant.index.milvus_store import BATCH, MilvusStore, TermCounts, chunk_rows, connect
from assistant.ingest.chunking import ChineseChunker
from assistant.ingest.prepare import Loaded, load_and_chunk, process_id
from assistant.records import Chunk

log = logging.getLogger(__name__)
EmbedderFactory = Callable[[], Embedder]
LOAD_BATCH = 8  # files per Ray task: a task's overhead (~ms) is small next to reading a document


class _EmbedWorker:
    """A Ray Data actor: builds its embedder once, then embeds batches of texts."""

    def __init__(self, factory: EmbedderFactory, model_id: str) -> None:
        self.embedder = factory()
        if self.embedder.model_id != model_id:
            raise ConfigError(f"Ray workers embed with {self.embedder.model_id!r}, the index uses {model_id!r}")

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, Any]:
        vectors = self.embedder.embed_passages([str(t) for t in batch["text"]])
        return {"key": batch["key"], "vector": np.asarray(vectors, dtype=np.float32)}


def start_ray(settings: Settings) -> Any:
    """Join `settings.ray_address`, or start a small local Ray (this package must be importable on the
    workers: locally they inherit PYTHONPATH; on a cluster install it in the image)."""
    if not settings.ray_address:
        # A local Ray binds to loopback only (Ray treats this as its "no cluster" mode, read on import).
        os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    import ray

    if not ray.is_initialized():
        kwargs: dict[str, Any] = {"ignore_reinit_error": True, "include_dashboard": False,
                                  "logging_level": logging.WARNING, "log_to_driver": False}
        if settings.ray_address:
            kwargs["address"] = settings.ray_address
        else:
            kwargs["num_cpus"] = max(settings.workers, 1)
            kwargs["object_store_memory"] = 256 * 1024 * 1024
            kwargs["runtime_env"] = {"env_vars": {"PYTHONPATH": os.environ.get("PYTHONPATH", ""),
                                                  "OMP_NUM_THREADS": "1"}}
        ray.init(**kwargs)
        from ray.data import DataContext

        DataContext.get_current().enable_progress_bars = False
    return ray


def _load_batch(batch: dict[str, np.ndarray], docs_dir: str, max_bytes: int, chunk_size: int,
                chunk_overlap: int) -> dict[str, Any]:
    """A Ray task: read and chunk a few files; each result goes back pickled (documents, chunks, errors)."""
    chunker = ChineseChunker(chunk_size, chunk_overlap)
    out = [pickle.dumps(load_and_chunk(Path(str(p)), Path(docs_dir), max_bytes, chunker)) for p in batch["path"]]
    return {"loaded": np.array(out, dtype=object)}


def ray_load(settings: Settings, paths: list[Path], docs_dir: Path,
             on_batch: Callable[[int, int], None] | None = None) -> dict[Path, Loaded]:
    """Each file read and chunked on the Ray workers (`settings.workers` at a time), by path."""
    if not paths:
        return {}
    ray = start_ray(settings)
    workers = max(settings.workers, 1)
    per_task = max(1, min(LOAD_BATCH, -(-len(paths) // (2 * workers))))
    ds = ray.data.from_items([{"path": str(p)} for p in paths], override_num_blocks=-(-len(paths) // per_task))
    ds = ds.map_batches(_load_batch, batch_size=per_task, batch_format="numpy", num_cpus=1,
                        compute=ray.data.TaskPoolStrategy(size=workers),
                        fn_kwargs={"docs_dir": str(docs_dir), "max_bytes": settings.max_doc_bytes,
                                   "chunk_size": settings.chunk_size, "chunk_overlap": settings.chunk_overlap})
    loaded: dict[Path, Loaded] = {}
    for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
        for blob in batch["loaded"]:
            item: Loaded = pickle.loads(blob)
            loaded[item.path] = item
        if on_batch:
            on_batch(len(loaded), len(paths))
    log.info("read and chunked %d files on %d Ray workers", len(loaded), len({x.worker for x in loaded.values()}))
    return loaded


def ray_embed(settings: Settings, model_id: str, texts: list[str], cache_path: Path,
              factory: EmbedderFactory | None = None,
              on_batch: Callable[[int, int], None] | None = None) -> tuple[np.ndarray, int]:
    """Vectors for `texts` (cached ones read, missing ones embedded on Ray) and how many were embedded."""
    cache = EmbeddingCache(cache_path)
    try:
        keys = [text_key(t) for t in texts]
        cached = cache.get_many(model_id, sorted(set(keys)))
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cached}.items())
        if todo:
            ray = start_ray(settings)
            name = settings.embedder
            make = factory or (lambda: make_embedder(name, settings.embed_batch_size))
            workers = max(settings.workers, 1)
            batch = max(1, settings.embed_batch_size)
            blocks = min(len(todo), max(2 * workers, -(-len(todo) // batch)))
            ds = ray.data.from_items([{"key": k, "text": t} for k, t in todo], override_num_blocks=blocks)
            ds = ds.map_batches(_EmbedWorker, fn_constructor_kwargs={"factory": make, "model_id": model_id},
                                batch_size=batch, batch_format="numpy", num_cpus=1,
                                compute=ray.data.ActorPoolStrategy(size=workers))
            done = 0
            for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
                fresh = {str(k): np.asarray(v, dtype=np.float32) for k, v in zip(batch["key"], batch["vector"], strict=True)}
                cache.put_many(model_id, fresh)  # written as it arrives: a later run resumes from here
                cached.update(fresh)
                done += len(fresh)
                if on_batch:
                    on_batch(done, len(todo))
        if not texts:
            return np.zeros((0, 1), dtype=np.float32), 0
        return np.vstack([cached[k] for k in keys]).astype(np.float32), len(todo)
    finally:
        cache.close()


def _count_batch(batch: dict[str, np.ndarray], analyzer: str) -> dict[str, Any]:
    """A Ray task: the BM25 counts of each item, a run of consecutive keyword texts."""
    counts = [pickle.dumps(TermCounts.of(pickle.loads(b), analyzer)) for b in batch["texts"]]
    return {"first": batch["first"], "counts": np.array(counts, dtype=object)}


def _write_batch(batch: dict[str, np.ndarray], settings: Settings, name: str, stats: Any) -> dict[str, Any]:
    """A Ray task: for each item (a run of consecutive chunks with their vectors and keyword texts),
    sparse weights under the generation's statistics, inserted into the collection `name` over this
    worker's own connection to the Milvus server."""
    import ray

    if isinstance(stats, ray.ObjectRef):
        stats = ray.get(stats)
    client = connect(settings)
    written = []
    for first, blob in zip(batch["first"], batch["run"], strict=True):
        chunks, vectors, texts = pickle.loads(blob)
        rows = chunk_rows(chunks, vectors, texts, stats, int(first))
        client.insert(name, rows)
        written.append(len(rows))
    return {"rows": np.array(written), "worker": np.array([process_id()] * len(written), dtype=object)}


class RayWriter:
    """Counts and inserts a Milvus generation's chunks on Ray workers (`settings.workers` at a time),
    each connected to the Milvus server of `settings.store`; `workers_seen` says which processes wrote."""

    def __init__(self, settings: Settings) -> None:
        if not settings.store_spec.is_server:
            raise ConfigError(f"Ray workers write only to a Milvus server, not {settings.store!r} "
                              "(a milvus-lite file is held by one process)")
        self.settings = settings
        self.workers_seen: set[str] = set()

    def _runs(self, n: int) -> list[tuple[int, int]]:
        """Consecutive runs [start, end) of at most BATCH chunks (one insert each), at least two per worker."""
        per = max(1, min(BATCH, -(-n // (2 * max(self.settings.workers, 1)))))
        return [(i, min(i + per, n)) for i in range(0, n, per)]

    def _map(self, items: list[dict[str, Any]], fn: Callable[..., dict[str, Any]], **kwargs: Any) -> Any:
        """Each item (one run) through `fn` on the Ray workers, one item per call."""
        ray = start_ray(self.settings)
        ds = ray.data.from_items(items, override_num_blocks=len(items))
        ds = ds.map_batches(fn, batch_size=1, batch_format="numpy", num_cpus=1,
                            compute=ray.data.TaskPoolStrategy(size=max(self.settings.workers, 1)), fn_kwargs=kwargs)
        return ds.iter_batches(batch_size=None, batch_format="numpy")

    def count(self, texts: list[str], analyzer: str) -> TermCounts:
        runs = self._runs(len(texts))
        parts: list[tuple[int, TermCounts]] = []
        if runs:
            items = [{"first": a, "texts": pickle.dumps(texts[a:b])} for a, b in runs]
            for batch in self._map(items, _count_batch, analyzer=analyzer):
                parts += [(int(f), pickle.loads(c)) for f, c in zip(batch["first"], batch["counts"], strict=True)]
        total = TermCounts()
        for _, part in sorted(parts, key=lambda p: p[0]):  # in chunk order: term ids as one process gives them
            total.add(part)
        return total

    def insert(self, store: MilvusStore, chunks: list[Chunk], vectors: np.ndarray, texts: list[str]) -> int:
        runs = self._runs(len(chunks))
        if not runs:
            return 0
        items = [{"first": a, "run": pickle.dumps((chunks[a:b], np.asarray(vectors[a:b], dtype=np.float32), texts[a:b]))}
                 for a, b in runs]
        written = 0
        stats = start_ray(self.settings).put(store.stats)
        for batch in self._map(items, _write_batch, settings=self.settings, name=store.name, stats=stats):
            written += int(np.sum(batch["rows"]))
            self.workers_seen.update(str(w) for w in batch["worker"])
        log.info("wrote %d chunks into %s from %d Ray workers", written, store.name, len(self.workers_seen))
        return written
