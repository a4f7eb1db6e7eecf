"""Run a golden set against an index: stage documents, index them, ask every question, score."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path

from assistant.config import Settings
from assistant.embed.models import Embedder, make_embedder
from assistant.evals.golden import GoldenQuestion
from assistant.evals.metrics import QuestionResult, score_question
from assistant.index.indexer import Indexer
from assistant.ingest.load import SUPPORTED
from assistant.pipeline import Assistant

log = logging.getLogger(__name__)
RETRIEVE_K = 10


def stage_documents(doc_dirs: list[Path], staging: Path) -> Path:
    """Gather the documents of several folders into one folder (copies, refreshed when changed).
    A folder's README is a description of the folder, not a document, and is left out."""
    staging.mkdir(parents=True, exist_ok=True)
    wanted: set[str] = set()
    for folder in doc_dirs:
        for src in sorted(Path(folder).iterdir()):
            if src.is_file() and src.suffix.lower() in SUPPORTED and not src.name.upper().startswith("README"):
                dst = staging / src.name
                wanted.add(src.name)
                if not dst.exists() or dst.read_bytes() != src.read_bytes():
                    shutil.copyfile(src, dst)
    for stale in staging.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    return staging


def eval_index_dir(doc_dirs: list[Path], settings: Settings, base: Path = Path("evals/runs")) -> Path:
    key = "|".join(str(Path(d).resolve()) for d in doc_dirs) + f"|{settings.embedder}"
    return base / f"index-{hashlib.sha1(key.encode()).hexdigest()[:10]}"


def library_paths(doc_dirs: list[Path], root: Path) -> tuple[Path, Path]:
    """(documents folder, index folder) of a library kept under `root`: one folder is read in place, several
    are staged into root/docs (`stage_documents`)."""
    return (root / "docs" if len(doc_dirs) > 1 else Path(doc_dirs[0])), root / "index"


def prepare(settings: Settings, doc_dirs: list[Path], index_dir: Path | None = None,
            embedder: Embedder | None = None) -> tuple[Settings, Embedder]:
    """Index the given document folders (incrementally) and return settings pointing at that index."""
    docs, index = library_paths(doc_dirs, index_dir or eval_index_dir(doc_dirs, settings))
    if len(doc_dirs) > 1:
        stage_documents(doc_dirs, docs)
    settings = settings.replace(docs_dir=docs, index_dir=index)
    embedder = embedder or make_embedder(settings.embedder, settings.embed_batch_size)
    report = Indexer(settings, embedder).run(docs)
    log.info("eval index: %s", report.summary())
    return settings, embedder


def indexed_files(assistant: Assistant) -> set[str]:
    """File names of the documents in the assistant's index (what a question's `source` names)."""
    return {Path(d.path).name for d in assistant.snapshot.docs.values()}


def run_questions(assistant: Assistant, questions: list[GoldenQuestion],
                  progress: Path | None = None) -> list[QuestionResult]:
    """Ask and score every question; one whose source document is not indexed must be refused, so the
    same set runs over documents/ alone and over documents/ plus the corpus. With `progress`, each result
    is also appended there as a JSON line as soon as it is scored (long LLM runs keep what they measured)."""
    indexed = indexed_files(assistant)
    results = []
    if progress is not None:
        progress.parent.mkdir(parents=True, exist_ok=True)
        progress.write_text("", encoding="utf-8")
    for q in questions:
        retrieved = assistant.evidence(q.question, list(q.history), k=RETRIEVE_K).hits
        answer = assistant.ask(q.question, list(q.history))
        results.append(score_question(q, answer, retrieved, assistant.snapshot.docs, indexed))
        if progress is not None:
            with progress.open("a", encoding="utf-8") as f:
                f.write(json.dumps(results[-1].to_dict(), ensure_ascii=False) + "\n")
    return results
