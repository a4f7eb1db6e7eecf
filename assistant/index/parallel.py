"""Parallel ingestion on Ray Data, locally or on a Ray cluster (`ray_address`), in two stages:

1. `ray_load`: new and changed files are read and chunked by Ray tasks, a few files per task. The
   workers read the files by path, so on a cluster the documents folder must be on storage every
   node mounts at the same path (docs/SCALE_OUT.md). The indexer then decides, in file order, exactly
   as in one process: kept, skipped as a duplicate, or added.
2. `ray_embed`: chunks missing from the embedding cache are embedded in batches by N workers (one
   model per worker, an actor pool). The driver writes each finished batch to the shared embedding
   cache as it arrives, so a failed or killed run resumes where it stopped: the next run embeds only
   what is still missing.

The driver writes the generation (FAISS files, or a new Milvus collection switched by alias), so the
result is the single-process indexer's result.

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
from assistant.index.indexer import Loaded, load_and_chunk
from assistant.ingest.chunking import ChineseChunker

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
