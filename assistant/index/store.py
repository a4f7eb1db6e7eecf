"""On-disk index generations with checksums and an atomic switch.

Layout under the index folder:
  CURRENT                 name of the live generation (replaced atomically with os.replace)
  gen-<stamp>/            manifest.json, docs.jsonl, chunks.jsonl, vectors.faiss, bm25/, fields/,
                          children/ (child-span vectors, with `child_chars`)
  cache/embeddings.sqlite embedding cache (by model and chunk-text hash)
A new generation is written completely (and fsynced) before CURRENT points at it, so a crash or
kill -9 at any moment leaves the previous generation live and intact.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from assistant.errors import IndexCorruptError, IndexMissingError, IndexWriteError, ModelMismatchError
from assistant.index.bm25 import BM25Index, top_positive
from assistant.index.child_store import ChildIndex, ChildMaxStore
from assistant.index.faiss_store import FaissStore
from assistant.index.fields import DocFieldIndex, chunk_keyword_text
from assistant.index.sentence_store import SentenceVectors
from assistant.records import Chunk, Document

FORMAT = 1
CURRENT = "CURRENT"


@dataclass
class IndexSnapshot:
    """One loaded, immutable index generation, as the retriever and the answerer search it: chunks by
    position (the indexer's order), dense and keyword search, document fields, and the questions
    about one document below. `MilvusSnapshot` (assistant/index/milvus_snapshot.py) answers the same."""

    root: Path
    generation: str
    manifest: dict[str, Any]
    docs: dict[str, Document]
    chunks: list[Chunk]
    vectors: FaissStore
    bm25: BM25Index
    chunk_pos: dict[str, int] = field(default_factory=dict)
    fields: DocFieldIndex | None = None  # document-level field index (absent in older generations)
    children: ChildIndex | None = None  # child-span vectors (parent–child dense search), if written
    sentences: SentenceVectors | None = None  # every sentence's vector (the answerer's meaning feature), if written
    _last_scores: tuple[str, np.ndarray] | None = field(default=None, init=False, repr=False, compare=False)
    _rows_of: dict[str, np.ndarray] | None = field(default=None, init=False, repr=False, compare=False)
    _locate: Callable[[str, int], Chunk | None] | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.chunk_pos = {c.chunk_id: i for i, c in enumerate(self.chunks)}

    @property
    def embedder_id(self) -> str:
        return str(self.manifest["embedder"])

    def dense_index(self, child_chars: int = 0, parent_share: float = 0.0,
                    child_vectors: str = "embedded") -> FaissStore | ChildMaxStore:
        """The dense side as the retriever searches it: over the child spans when this generation has
        children of `child_chars` characters with vectors made as `child_vectors` says (a chunk scores its
        best child + `parent_share` × its own similarity), else over the chunks' own vectors."""
        kids = self.children
        if child_chars and kids is not None and (kids.chars, kids.vectors) == (child_chars, child_vectors):
            return kids.over(self.vectors, parent_share)
        return self.vectors

    def title(self, doc_id: str) -> str:
        doc = self.docs.get(doc_id)
        return doc.title if doc else doc_id

    # -- searching by document (the retriever's document signals, the answerer's list citations) --------
    def keyword_scores(self, query: str) -> np.ndarray:
        """Every chunk's BM25 score for a query (the last query's are kept: a search asks several times)."""
        last = self._last_scores
        if last is None or last[0] != query:
            last = self._last_scores = (query, self.bm25.scores(query))
        return last[1]

    def keyword_search(self, query: str, k: int) -> list[tuple[int, float]]:
        """The k chunks (position, score) with the highest positive BM25 score, best first."""
        return top_positive(self.keyword_scores(query), k)

    def doc_keyword_search(self, doc_id: str, query: str, k: int) -> list[tuple[int, float]]:
        """The best keyword passages (position, score) of one document for a query; zero scores left out."""
        if self._rows_of is None:
            rows: dict[str, list[int]] = {}
            for i, c in enumerate(self.chunks):
                rows.setdefault(c.doc_id, []).append(i)
            self._rows_of = {d: np.array(r, dtype=np.int64) for d, r in rows.items()}
        scores = self.keyword_scores(query)
        idx = self._rows_of.get(doc_id, np.zeros(0, dtype=np.int64))
        idx = idx[scores[idx] > 0]
        return [(int(i), float(scores[i])) for i in idx[np.argsort(-scores[idx])[:k]]]

    def keyword_rank(self, query: str, score: float) -> int:
        """How many chunks have a higher BM25 score than `score` for the query."""
        return int((self.keyword_scores(query) > score).sum())

    def chunk_at(self, doc_id: str, offset: int) -> Chunk | None:
        """The chunk holding offset `offset` of document `doc_id` (to cite a list item anywhere in it)."""
        if self._locate is None:
            self._locate = chunk_locator(self.chunks)
        return self._locate(doc_id, offset)


def chunk_locator(chunks: list[Chunk]) -> Callable[[str, int], Chunk | None]:
    """A lookup of the indexed chunk holding a document offset (the last one starting at or before it)."""
    ordered: dict[str, list[Chunk]] = {}
    for c in chunks:
        ordered.setdefault(c.doc_id, []).append(c)
    for cs in ordered.values():
        cs.sort(key=lambda c: c.start)
    starts = {d: [c.start for c in cs] for d, cs in ordered.items()}

    def locate(doc_id: str, offset: int) -> Chunk | None:
        i = bisect.bisect_right(starts.get(doc_id, []), offset) - 1
        if i < 0:
            return None
        # overlapping chunks: the first one that still holds the offset with the most room after it
        holding = [c for c in ordered[doc_id][max(0, i - 2): i + 1] if c.start <= offset < c.end]
        return max(holding, key=lambda c: c.end) if holding else None

    return locate


def current_generation(root: Path) -> Path | None:
    pointer = root / CURRENT
    if not pointer.is_file():
        return None
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except UnicodeDecodeError as exc:
        raise IndexCorruptError(f"index pointer {pointer} is unreadable; run `assistant index --rebuild`") from exc
    if name and (name != Path(name).name or not name.startswith("gen-")):
        raise IndexCorruptError(f"index pointer {pointer} names {name!r}, not a generation in {root}; "
                                "run `assistant index --rebuild`")
    return root / name if name else None


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def read_manifest(root: Path) -> dict[str, Any] | None:
    gen = current_generation(root)
    if gen is None:
        return None
    try:
        return json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"index manifest in {gen} is unreadable: {exc}; run `assistant index --rebuild`") from exc


def load_snapshot(root: Path, embedder_id: str | None = None, verify: bool = True) -> IndexSnapshot:
    """Load the live generation, checking file checksums and (if given) the embedding model."""
    gen = current_generation(root)
    if gen is None or not gen.is_dir():
        raise IndexMissingError(f"no index in {root}; run `assistant index` first")
    manifest = read_manifest(root)
    assert manifest is not None
    if verify:
        for rel, digest in manifest.get("files", {}).items():
            path = gen / rel
            if not path.is_file() or _sha256(path) != digest:
                raise IndexCorruptError(f"index file {path} is missing or fails its checksum; "
                                        "run `assistant index --rebuild`")
    if embedder_id is not None and manifest["embedder"] != embedder_id:
        raise ModelMismatchError(
            f"index in {root} was built with embedding model {manifest['embedder']!r}, "
            f"but queries use {embedder_id!r}; use the same model or run `assistant index --rebuild`")
    try:
        docs = {d.doc_id: d for d in (_doc_from(r) for r in _read_jsonl(gen / "docs.jsonl"))}
        chunks = [Chunk.from_dict(r) for r in _read_jsonl(gen / "chunks.jsonl")]
        vectors = FaissStore.load(gen / "vectors.faiss")
        bm25 = BM25Index.load(gen / "bm25", len(chunks))
        fields = DocFieldIndex.load(gen / "fields", docs) if (gen / "fields").is_dir() else None
        children = ChildIndex.load(gen / "children") if (gen / "children").is_dir() else None
        sentences = SentenceVectors.load(gen / "sentences") if (gen / "sentences").is_dir() else None
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise IndexCorruptError(f"index generation {gen.name} cannot be loaded: {exc}; "
                                "run `assistant index --rebuild`") from exc
    if len(vectors) != len(chunks):
        raise IndexCorruptError(f"index generation {gen.name} has {len(vectors)} vectors for {len(chunks)} chunks")
    if children is not None and (len(children.parent_of) != len(children.store)
                                 or (len(children.parent_of) and int(children.parent_of.max()) >= len(chunks))):
        raise IndexCorruptError(f"index generation {gen.name} has child vectors that do not match its chunks")
    if sentences is not None and (set(sentences.doc_ids) != set(docs)
                                  or (len(sentences) and sentences.vectors.shape[1] != vectors.dim)):
        raise IndexCorruptError(f"index generation {gen.name} has sentence vectors that do not match its documents")
    return IndexSnapshot(root, gen.name, manifest, docs, chunks, vectors, bm25, fields=fields, children=children,
                         sentences=sentences)


def read_documents(root: Path) -> list[Document]:
    """The documents of the live generation (no checksums, no vectors): for tools that only read text."""
    gen = current_generation(root)
    if gen is None or not (gen / "docs.jsonl").is_file():
        raise IndexMissingError(f"no index in {root}; run `assistant index` first")
    try:
        return [_doc_from(r) for r in _read_jsonl(gen / "docs.jsonl")]
    except (OSError, ValueError, KeyError) as exc:
        raise IndexCorruptError(f"documents of index generation {gen.name} cannot be read: {exc}; "
                                "run `assistant index --rebuild`") from exc


def snapshot_from(docs: Iterable[Document], chunks: list[Chunk], vectors: np.ndarray, embedder_id: str, *,
                  hnsw_threshold: int = 50_000, manifest: dict[str, Any] | None = None,
                  generation: str = "in-memory", chunk_headers: bool = False,
                  fields: DocFieldIndex | None = None, analyzer: str = "words",
                  children: ChildIndex | None = None, sentences: SentenceVectors | None = None) -> IndexSnapshot:
    """An in-memory snapshot (nothing written): FAISS store chosen by size as on disk, real BM25 (over
    chunk headers too with `chunk_headers`, as the indexer writes it), optional document fields,
    child-span and sentence vectors.
    The manifest records the embedder, the store kind and the build seconds of each part."""
    by_id = {d.doc_id: d for d in docs}
    t0 = time.perf_counter()
    store = FaissStore.build(vectors, hnsw_threshold)
    t1 = time.perf_counter()
    bm25 = BM25Index.build([chunk_keyword_text(c, by_id.get(c.doc_id), chunk_headers) for c in chunks], analyzer)
    t2 = time.perf_counter()
    manifest = {**(manifest or {}), "embedder": embedder_id, "dim": int(vectors.shape[1]), "vector_store": store.kind,
                "chunks": len(chunks), "chunk_headers": chunk_headers, "keyword_analyzer": analyzer,
                "build_seconds": {"faiss": round(t1 - t0, 3), "bm25": round(t2 - t1, 3)}}
    return IndexSnapshot(Path("."), generation, manifest, by_id, chunks, store, bm25, fields=fields, children=children,
                         sentences=sentences)


def _doc_from(r: dict[str, Any]) -> Document:
    return Document(r["doc_id"], r["path"], r["title"], r["text"], r["sha256"], dict(r.get("meta", {})))


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def _fsync_tree(path: Path) -> None:
    for p in sorted(path.rglob("*")):
        if p.is_file():
            with p.open("rb") as f:
                os.fsync(f.fileno())
    for d in [path, *[p for p in path.rglob("*") if p.is_dir()]]:
        fd = os.open(d, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_generation(root: Path, manifest: dict[str, Any], docs: list[Document], chunks: list[Chunk],
                     vectors: np.ndarray, hnsw_threshold: int, fields: DocFieldIndex | None = None,
                     chunk_headers: bool = False, analyzer: str = "words", children: ChildIndex | None = None,
                     sentences: SentenceVectors | None = None) -> str:
    """Write a complete new generation and switch CURRENT to it atomically. Returns its name.
    With `chunk_headers`, BM25 indexes each chunk with its document header (fields.chunk_keyword_text);
    `children` (child-span vectors) and `sentences` (sentence vectors) are written inside the
    generation, so they switch with it."""
    root.mkdir(parents=True, exist_ok=True)
    name = f"gen-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    tmp = root / f".tmp-{name}"
    try:
        tmp.mkdir()
        _write_jsonl(tmp / "docs.jsonl", [
            {"doc_id": d.doc_id, "path": d.path, "title": d.title, "text": d.text, "sha256": d.sha256, "meta": d.meta}
            for d in docs])
        _write_jsonl(tmp / "chunks.jsonl", [c.to_dict() for c in chunks])
        store = FaissStore.build(vectors, hnsw_threshold)
        store.save(tmp / "vectors.faiss")
        by_id = {d.doc_id: d for d in docs}
        BM25Index.build([chunk_keyword_text(c, by_id.get(c.doc_id), chunk_headers) for c in chunks],
                        analyzer).save(tmp / "bm25")
        if fields is not None:
            fields.save(tmp / "fields")
        if children is not None:
            children.save(tmp / "children")
        if sentences is not None:
            sentences.save(tmp / "sentences")
        manifest = {**manifest, "chunk_headers": chunk_headers, "keyword_analyzer": analyzer, "format": FORMAT, "generation": name, "vector_store": store.kind,
                    "chunks": len(chunks), "child_chars": children.chars if children is not None else 0,
                    "child_vectors": children.vectors if children is not None else "",
                    "sentence_vectors": sentences is not None}
        manifest["files"] = {p.relative_to(tmp).as_posix(): _sha256(p) for p in sorted(tmp.rglob("*")) if p.is_file()}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _fsync_tree(tmp)
        os.rename(tmp, root / name)
        pointer_tmp = root / f".{CURRENT}.{name}"
        pointer_tmp.write_text(name, encoding="utf-8")
        with pointer_tmp.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(pointer_tmp, root / CURRENT)
        _fsync_tree_dir(root)
    except OSError as exc:
        _discard(root, name)
        raise IndexWriteError(f"could not write the index to {root} ({exc.strerror or exc}); "
                              "the previous index is unchanged") from exc
    except BaseException:
        _discard(root, name)
        raise
    return name


def _discard(root: Path, name: str) -> None:
    """Remove what a failed `write_generation` left: its temp folder, its pointer file, and the
    renamed generation unless CURRENT already points at it."""
    shutil.rmtree(root / f".tmp-{name}", ignore_errors=True)
    with contextlib.suppress(OSError):
        (root / f".{CURRENT}.{name}").unlink()
    with contextlib.suppress(OSError, IndexCorruptError):
        live = current_generation(root)
        if live is None or live.name != name:
            shutil.rmtree(root / name, ignore_errors=True)


def _fsync_tree_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale(root: Path) -> None:
    """Delete generations and temporary folders other than the live one (call while holding the lock)."""
    live = current_generation(root)
    for p in root.iterdir() if root.is_dir() else []:
        if p.name.startswith((".tmp-gen-", "gen-")) and (live is None or p.name != live.name) and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif p.name.startswith(f".{CURRENT}."):
            p.unlink(missing_ok=True)


@contextlib.contextmanager
def index_lock(root: Path, timeout: float = 600.0) -> Iterator[None]:
    """One writer at a time per index folder (readers never lock)."""
    root.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(root / ".lock", timeout=timeout):
            yield
    except Timeout:
        raise IndexWriteError(f"another process is writing the index in {root}",
                              zh="另一个进程正在写入索引，请稍后再试。") from None
