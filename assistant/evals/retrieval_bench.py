"""Retrieval experiments over a fixed library: embed every chunk once (into the persistent
embedding cache, keyed by text hash), then rank the questions under many retrieval variants
without embedding again. Variants are `Settings` overrides (chunk headers, document fields,
entity bonus, aggregation, diversity, question words), so whatever wins is what `assistant ask` runs.

Libraries: lecoqa (`docs/` + `golden.jsonl` with a train/test split), a golden set over document
folders (questions split into tune/test halves by a fixed hash of their id), and a SQuAD-format set
such as CMRC 2018 dev (each passage a document; a hit must also come from the question's passage).
A hit is a retrieved chunk whose text holds an evidence string (normalised), as in the golden evals.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answer.condense import condense
from assistant.answer.guard import strip_instructions
from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache, text_key
from assistant.embed.models import Embedder
from assistant.evals.metrics import evidence_rank
from assistant.index.bm25 import BM25Index
from assistant.index.child_store import ChildIndex
from assistant.index.faiss_store import FaissStore
from assistant.index.fields import DocFieldIndex, chunk_keyword_text
from assistant.index.sentence_store import SentenceVectors
from assistant.index.store import IndexSnapshot
from assistant.ingest.chunking import ChineseChunker, make_chunk_id
from assistant.ingest.load import discover, load_document
from assistant.records import Chunk, Document
from assistant.retrieval.expand import chain, lay_expand
from assistant.retrieval.hybrid import HybridRetriever
from assistant.text.english import english_turn
from assistant.text.normalize import norm
from assistant.text.script import simplified_turn

KS = (1, 5, 10)
RETRIEVE_K = 10


@dataclass(frozen=True)
class BenchQuestion:
    id: str
    query: str  # what is searched (follow-ups condensed, instructions stripped, as the pipeline does)
    evidence: tuple[str, ...]
    split: str  # "tune" / "test" (lecoqa: train -> tune)
    doc_id: str = ""  # when set, a hit must come from this document (SQuAD-format sets)


@dataclass
class Library:
    name: str
    docs: list[Document]
    questions: list[BenchQuestion]
    chunks: list[Chunk] = field(default_factory=list)
    vectors: np.ndarray | None = None
    note: str = ""


def hash_split(qid: str) -> str:
    """A fixed half of a set with no split of its own: by the parity of a hash of the question id."""
    return "tune" if int(hashlib.sha1(qid.encode()).hexdigest(), 16) % 2 == 0 else "test"


def _pipeline_query(question: str, history: list[tuple[str, str]]) -> str:
    question, history = simplified_turn(question, history)
    guarded = strip_instructions(question)
    return condense(*english_turn(guarded.question or question, history)).question


def load_folders(folders: Iterable[Path], max_bytes: int = 10_000_000) -> list[Document]:
    docs: dict[str, Document] = {}
    for folder in folders:
        for path in discover(Path(folder)).supported:
            if not path.name.upper().startswith("README"):
                doc = load_document(path, Path(folder), max_bytes)
                docs.setdefault(doc.doc_id, doc)
    return list(docs.values())


def load_lecoqa(root: Path, tune_limit: int | None = None) -> Library:
    """lecoqa's documents and questions (`train` becomes the tune half); `tune_limit` keeps the
    first N train questions (all test questions are always kept)."""
    docs = load_folders([root / "docs"])
    questions = []
    for line in (root / "golden.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            split = "tune" if d.get("split") == "train" else "test"
            questions.append(BenchQuestion(d["id"], d["question"], tuple(d["evidence"]), split))
    note = ""
    if tune_limit is not None:
        tune = [q for q in questions if q.split == "tune"][:tune_limit]
        questions = tune + [q for q in questions if q.split == "test"]
        note = f"first {tune_limit} train questions"
    return Library("lecoqa", docs, questions, note=note)


def load_golden_library(golden: Path, folders: list[Path]) -> Library:
    from assistant.evals.golden import load_golden

    # the set's own halves (its `split` field, else its fixed hash), as the answer evals report them
    questions = [BenchQuestion(q.id, _pipeline_query(q.question, list(q.history)), tuple(q.evidence),
                               "tune" if q.split == "tune" else "test") for q in load_golden(golden) if q.evidence]
    return Library(Path(golden).stem, load_folders(folders), questions)


def load_squad_library(path: Path, passages: int | None = None) -> Library:
    from assistant.evals.squad import load_squad

    docs, qs = load_squad(path)
    note = ""
    if passages:
        docs = docs[:passages]
        note = f"first {passages} passages"
    keep = {d.doc_id for d in docs}
    questions = [BenchQuestion(q.qid, q.question, q.answers, hash_split(q.qid), q.doc_id)
                 for q in qs if q.doc_id in keep and q.answers]
    return Library(Path(path).stem.split(".")[0], docs, questions, note=note)


class QueryVectors:
    """An embedder whose query vectors come from the embedding cache (key "<model>|query")."""

    def __init__(self, embedder: Embedder, cache: EmbeddingCache) -> None:
        self.inner = embedder
        self.model_id = embedder.model_id
        self.dim = embedder.dim
        self.cache = cache
        self.key = f"{embedder.model_id}|query"
        self.vectors: dict[str, np.ndarray] = {}

    def prefetch(self, queries: list[str]) -> int:
        keys = {text_key(q): q for q in queries}
        found = self.cache.get_many(self.key, sorted(keys))
        fresh = {k: self.inner.embed_query(q) for k, q in keys.items() if k not in found}
        if fresh:
            self.cache.put_many(self.key, fresh)
        self.vectors.update({keys[k]: v for k, v in {**found, **fresh}.items()})
        return len(fresh)

    def embed_query(self, text: str) -> np.ndarray:
        if text not in self.vectors:
            self.prefetch([text])
        return self.vectors[text]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_passages(texts)


def chunk_library(lib: Library, settings: Settings) -> None:
    chunker = ChineseChunker(settings.chunk_size, settings.chunk_overlap)
    lib.chunks = [c for d in lib.docs for c in chunker.split(d)]


NAIVE_SIZE = 300
NAIVE_NAME = f"naive baseline: {NAIVE_SIZE}-character windows, BM25 + dense"


def window_chunks(doc: Document, size: int = NAIVE_SIZE) -> list[Chunk]:
    """The naive baseline's chunks: fixed windows of `size` characters, no overlap, no structure."""
    return [Chunk(make_chunk_id(doc.sha256, a, min(a + size, len(doc.text))), doc.doc_id,
                  doc.text[a:a + size], a, min(a + size, len(doc.text)))
            for a in range(0, len(doc.text), size) if doc.text[a:a + size].strip()]


def naive_library(lib: Library) -> Library:
    """The same documents and questions, cut into fixed windows instead of structural chunks."""
    return Library(lib.name, lib.docs, lib.questions, [c for d in lib.docs for c in window_chunks(d)],
                   note=lib.note)


def attach_vectors(lib: Library, cache: EmbeddingCache, embedder: Embedder, cached_only: bool,
                   keyword_only: bool = False) -> None:
    """Chunk vectors from the cache; embeds what is missing, or with `cached_only` keeps only the
    documents whose chunks are all cached (and the questions whose evidence document is kept).
    With `keyword_only` (dense weight 0: no vector is ever read) the vectors are zeros."""
    if keyword_only:
        lib.vectors = np.zeros((len(lib.chunks), embedder.dim or 1), dtype=np.float32)
        lib.note = (f"{lib.note}; " if lib.note else "") + "keyword side only (dense weight 0)"
        return
    keys = [text_key(c.text) for c in lib.chunks]
    found = cache.get_many(embedder.model_id, sorted(set(keys)))
    if cached_only and len(found) < len(set(keys)):
        missing_docs = {c.doc_id for c, k in zip(lib.chunks, keys, strict=True) if k not in found}
        before = (len(lib.docs), len(lib.questions))
        lib.docs = [d for d in lib.docs if d.doc_id not in missing_docs]
        kept_text = {d.doc_id: norm(d.text) for d in lib.docs}
        lib.questions = [q for q in lib.questions if _answerable(q, kept_text)]
        pairs = [(c, k) for c, k in zip(lib.chunks, keys, strict=True) if c.doc_id not in missing_docs]
        lib.chunks = [c for c, _ in pairs]
        keys = [k for _, k in pairs]
        lib.note = (f"{lib.note}; " if lib.note else "") + (
            f"sub-library of the embedded documents: {len(lib.docs)}/{before[0]} documents, "
            f"{len(lib.questions)}/{before[1]} questions")
        lib.vectors = np.vstack([found[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, 1), np.float32)
        return
    lib.vectors = cache.embed(embedder, [c.text for c in lib.chunks])


def _answerable(q: BenchQuestion, kept_text: dict[str, str]) -> bool:
    if q.doc_id:
        return q.doc_id in kept_text
    wanted = [norm(e) for e in q.evidence if e.strip()]
    return any(e in t for t in kept_text.values() for e in wanted)


class Bench:
    """One library, many variants: BM25 indexes and document fields are built once per kind."""

    def __init__(self, lib: Library, embedder: QueryVectors, passage_cache: EmbeddingCache,
                 passage_embedder: Embedder, keyword_only: bool = False) -> None:
        self.lib = lib
        self.embedder = embedder
        self.by_id = {d.doc_id: d for d in lib.docs}
        assert lib.vectors is not None
        self.store = FaissStore.build(lib.vectors)
        self.keyword_only = keyword_only
        self._passages = (passage_cache, passage_embedder)
        self._bm25: dict[tuple[bool, str], BM25Index] = {}
        self._children: dict[tuple[int, str], ChildIndex] = {}
        self._sentences: SentenceVectors | None = None
        self._expand: Any = None
        self.fields = DocFieldIndex.build(
            lib.docs, None if keyword_only else (lambda texts: passage_cache.embed(passage_embedder, texts)))
        if not keyword_only:
            embedder.prefetch([q.query for q in lib.questions])

    def snapshot(self, headers: bool, analyzer: str, child_chars: int = 0,
                 child_vectors: str = "embedded", sentences: bool = False) -> IndexSnapshot:
        if (headers, analyzer) not in self._bm25:
            self._bm25[headers, analyzer] = BM25Index.build(
                [chunk_keyword_text(c, self.by_id.get(c.doc_id), headers) for c in self.lib.chunks], analyzer)
        manifest: dict[str, Any] = {"embedder": self.embedder.model_id}
        children = self._child_index(child_chars, child_vectors) if child_chars and not self.keyword_only else None
        return IndexSnapshot(Path("."), "in-memory", manifest, self.by_id, self.lib.chunks, self.store,
                             self._bm25[headers, analyzer], fields=self.fields, children=children,
                             sentences=self.sentences() if sentences and not self.keyword_only else None)

    def sentences(self) -> SentenceVectors:
        """Every sentence's vector (embedded once into the persistent cache), as the indexer writes them."""
        if self._sentences is None:
            cache, embedder = self._passages
            self._sentences = SentenceVectors.build(self.lib.docs, lambda texts: cache.embed(embedder, texts))
        return self._sentences

    def _child_index(self, chars: int, vectors: str) -> ChildIndex:
        """The child spans of every chunk: embedded once into the persistent cache, or (`sentences`) the
        mean of their sentences' vectors, which are embedded once into it."""
        if (chars, vectors) not in self._children:
            cache, embedder = self._passages

            def embed(texts: list[str]) -> np.ndarray:
                return cache.embed(embedder, texts)
            if vectors == "sentences":
                assert self.lib.vectors is not None
                kids = ChildIndex.from_sentences(self.lib.chunks, self.lib.vectors, self.sentences(), chars)
            else:
                kids = ChildIndex.build(self.lib.chunks, chars, embed)
            self._children[chars, vectors] = kids
        return self._children[chars, vectors]

    def ranks(self, settings: Settings) -> dict[str, int | None]:
        """The rank of each question's first evidence chunk, with the query expansions `settings` turn on
        (the library's jargon glossary, the lay terms), as the pipeline searches."""
        jargon = None
        if settings.glossary_expansion:
            if self._expand is None:
                from assistant.retrieval.glossary import build_glossary

                self._expand = build_glossary(self.lib.docs).expand
            jargon = self._expand
        expand = chain(jargon, lay_expand if settings.lay_expansion else None)
        snapshot = self.snapshot(settings.chunk_headers, settings.keyword_analyzer, *settings.children,
                                 sentences=settings.sentence_vectors)
        retriever = HybridRetriever(snapshot, self.embedder, settings, expand=expand)  # type: ignore[arg-type]
        return {q.id: hit_rank(q, [h.chunk for h in retriever.search(q.query, RETRIEVE_K)])
                for q in self.lib.questions}


def hit_rank(q: BenchQuestion, ranked: Iterable[Chunk]) -> int | None:
    """The rank (from 1) of the first chunk that holds one of the question's evidence strings
    (normalised) and, for SQuAD-format sets, comes from the question's own passage; None if none does."""
    # a chunk of another passage keeps its place in the ranking but holds nothing
    return evidence_rank(q.evidence, (c.text if not q.doc_id or c.doc_id == q.doc_id else "" for c in ranked))


def summarise(ranks: dict[str, int | None], questions: list[BenchQuestion]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for split in ("tune", "test"):
        rs = [ranks[q.id] for q in questions if q.split == split]
        n = max(len(rs), 1)
        row = {f"hit@{k}": round(sum(1 for r in rs if r and r <= k) / n, 3) for k in KS}
        row["mrr"] = round(sum(1 / r for r in rs if r) / n, 3)
        row["n"] = len(rs)
        out[split] = row
    return out


# Today's defaults before document-aware retrieval (the baseline every row is measured against).
OLD_DEFAULTS: dict[str, Any] = {"chunk_headers": False, "doc_field_weight": 0.0, "entity_weight": 0.0,
                                "doc_aggregate_weight": 0.0, "max_per_doc": 0, "keyword_analyzer": "words",
                                "child_chars": 0, "learned_ranker": False, "lay_expansion": False}
# Each technique on its own over the old defaults.
ALONE: dict[str, dict[str, Any]] = {
    "chunk headers in BM25": {"chunk_headers": True},
    "document fields (title BM25 + title vector), weight 0.3": {"doc_field_weight": 0.3},
    "entity bonus (place, body, title, year)": {"entity_weight": 1.0},
    "document aggregation, weight 0.5": {"doc_aggregate_weight": 0.5},
    "at most 2 passages per document": {"max_per_doc": 2},
    "keyword bigrams (words + character bigrams in BM25)": {"keyword_analyzer": "words+bigrams"},
    "lay terms (official terms of the public's words added to the keyword query)": {"lay_expansion": True},
}


# Parent–child dense search (`child_chars`) over the new defaults: chunks ranked by their best child span.
# Child vectors either embedded from the child's text, or the mean of its sentences' vectors (free).
PARENT_CHILD: dict[str, dict[str, Any]] = {
    "children of 150 characters, max": {"child_chars": 150, "child_parent_share": 0.0, "child_vectors": "embedded"},
    "children of 150 characters, max + 0.25 × parent": {"child_chars": 150, "child_parent_share": 0.25,
                                                        "child_vectors": "embedded"},
    "children of 150 characters, max + 0.5 × parent": {"child_chars": 150, "child_parent_share": 0.5,
                                                       "child_vectors": "embedded"},
    "children of 150 characters from sentence vectors, max + 0.5 × parent": {
        "child_chars": 150, "child_parent_share": 0.5, "child_vectors": "sentences"},
    "children of 80 characters from sentence vectors, max + 0.5 × parent": {
        "child_chars": 80, "child_parent_share": 0.5, "child_vectors": "sentences"},
    "children of 80 characters from sentence vectors, max + 0.25 × parent": {
        "child_chars": 80, "child_parent_share": 0.25, "child_vectors": "sentences"},
}


def ablation_variants() -> dict[str, dict[str, Any]]:
    """Baseline, each technique alone, all of them together, and the new defaults (Settings())."""
    out = {"baseline (old defaults)": dict(OLD_DEFAULTS)}
    out.update({name: {**OLD_DEFAULTS, **over} for name, over in ALONE.items()})
    together: dict[str, Any] = dict(OLD_DEFAULTS)
    for over in ALONE.values():
        together.update(over)
    out["all techniques together"] = together
    out["new defaults"] = {}
    out["new defaults, words + bigrams"] = {"keyword_analyzer": "words+bigrams"}
    out["new defaults, words only"] = {"keyword_analyzer": "words"}
    out.update(PARENT_CHILD)
    out["new defaults without the learned re-ranking (fused order)"] = {"learned_ranker": False}
    out["new defaults without lay terms"] = {"lay_expansion": False}
    return out


def run_bench(libs: list[Library], base: Settings, variants: dict[str, dict[str, Any]], embedder: Embedder,
              cache_path: Path, cached_only: bool = False, log: Any = print, naive: bool = False) -> dict[str, Any]:
    """Every variant over every library; with `naive`, first a row for the naive baseline (fixed
    300-character windows, plain BM25 + dense fusion with the old defaults) over the same questions."""
    cache = EmbeddingCache(cache_path)
    qv = QueryVectors(embedder, cache)
    result: dict[str, Any] = {"libraries": {}, "variants": ([NAIVE_NAME] if naive else []) + list(variants)}
    keyword_only = base.dense_weight == 0
    try:
        for lib in libs:
            t0 = time.perf_counter()
            chunk_library(lib, base)
            attach_vectors(lib, cache, embedder, cached_only, keyword_only)
            log(f"{lib.name}: {len(lib.docs)} docs, {len(lib.chunks)} chunks, {len(lib.questions)} questions "
                f"({time.perf_counter() - t0:.0f} s to prepare) {lib.note}")
            rows: dict[str, Any] = {}
            if naive:
                windows = naive_library(lib)
                attach_vectors(windows, cache, embedder, False, keyword_only)
                rows[NAIVE_NAME] = _row(Bench(windows, qv, cache, embedder, keyword_only),
                                        base.replace(**OLD_DEFAULTS), lib.questions, log, NAIVE_NAME)
            bench = Bench(lib, qv, cache, embedder, keyword_only)
            for name, over in variants.items():
                rows[name] = _row(bench, base.replace(**over), lib.questions, log, name)
            result["libraries"][lib.name] = {"docs": len(lib.docs), "chunks": len(lib.chunks),
                                             "questions": len(lib.questions), "note": lib.note, "rows": rows}
    finally:
        cache.close()
    return result


def _row(bench: Bench, settings: Settings, questions: list[BenchQuestion], log: Any, name: str) -> dict[str, Any]:
    t = time.perf_counter()
    row: dict[str, Any] = dict(summarise(bench.ranks(settings), questions))
    row["seconds"] = round(time.perf_counter() - t, 1)
    log(f"  {name}: {json.dumps(row, ensure_ascii=False)}")
    return row


def bench_markdown(result: dict[str, Any]) -> str:
    lines = []
    for name, lib in result["libraries"].items():
        lines += [f"### {name}", "", f"{lib['docs']} documents, {lib['chunks']} chunks, {lib['questions']} "
                  f"questions. {lib['note']}".strip(), "",
                  "| variant | tune hit@1 | hit@5 | hit@10 | MRR | test hit@1 | hit@5 | hit@10 | MRR |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for variant, row in lib["rows"].items():
            t, s = row["tune"], row["test"]
            lines.append(f"| {variant} | {t['hit@1']} | {t['hit@5']} | {t['hit@10']} | {t['mrr']} | "
                         f"{s['hit@1']} | {s['hit@5']} | {s['hit@10']} | {s['mrr']} |")
        lines.append("")
    return "\n".join(lines)
