"""Embeddings cached by model and chunk-text hash in SQLite, so unchanged chunks are never re-embedded."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import numpy as np

from assistant.embed.models import Embedder


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS emb (model TEXT, key TEXT, vec BLOB, PRIMARY KEY (model, key))")
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def close(self) -> None:
        self._conn.close()

    def get_many(self, model: str, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                part = keys[i:i + 500]
                marks = ",".join("?" * len(part))
                rows = self._conn.execute(
                    f"SELECT key, vec FROM emb WHERE model=? AND key IN ({marks})", [model, *part])
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._lock, self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO emb VALUES (?, ?, ?)",
                [(model, k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()])

    def embed(self, embedder: Embedder, texts: list[str], on_batch=None, batch: int = 64) -> np.ndarray:
        """Vectors for `texts`, embedding only those not cached. `on_batch(done, total)` reports progress."""
        keys = [text_key(t) for t in texts]
        cached = self.get_many(embedder.model_id, sorted(set(keys)))
        todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cached}.items())
        self.hits += len(texts) - sum(1 for k in keys if k not in cached)
        self.misses += len(todo)
        for i in range(0, len(todo), batch):
            part = todo[i:i + batch]
            vecs = embedder.embed_passages([t for _, t in part])
            fresh = {k: v for (k, _), v in zip(part, vecs, strict=True)}
            self.put_many(embedder.model_id, fresh)
            cached.update(fresh)
            if on_batch:
                on_batch(min(i + batch, len(todo)), len(todo))
        dim = embedder.dim if not cached else len(next(iter(cached.values())))
        if not texts:
            return np.zeros((0, dim), dtype=np.float32)
        return np.vstack([cached[k] for k in keys]).astype(np.float32)
