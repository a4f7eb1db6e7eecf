"""Retrieval benchmark on a SQuAD-format set (CMRC 2018): every passage is a document; a hit is a
chunk from the question's own passage that contains a gold answer. BM25, dense and hybrid are
measured side by side over the same in-memory index."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache
from assistant.embed.models import Embedder
from assistant.index.child_store import children_from_sentences
from assistant.index.fields import DocFieldIndex
from assistant.index.sentence_store import SentenceVectors
from assistant.index.store import IndexSnapshot, snapshot_from
from assistant.ingest.chunking import ChineseChunker
from assistant.records import Chunk, Document
from assistant.retrieval.hybrid import MODES, HybridRetriever

KS = (1, 3, 5, 10)


@dataclass(frozen=True)
class SquadQuestion:
    qid: str
    question: str
    doc_id: str
    answers: tuple[str, ...]


def load_squad(path: Path) -> tuple[list[Document], list[SquadQuestion]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))["data"]
    docs: list[Document] = []
    questions: list[SquadQuestion] = []
    for article in data:
        for p_i, para in enumerate(article["paragraphs"]):
            doc_id = para.get("id") or f"{article.get('id', article.get('title', 'doc'))}-{p_i}"
            text = para["context"]
            docs.append(Document(doc_id, doc_id, article.get("title", doc_id), text,
                                 hashlib.sha256(text.encode()).hexdigest()))
            for qa in para["qas"]:
                answers = tuple(dict.fromkeys(a["text"] for a in qa["answers"] if a["text"].strip()))
                questions.append(SquadQuestion(qa["id"], qa["question"], doc_id, answers))
    return docs, questions


def chunk_and_embed(docs: list[Document], settings: Settings, embedder: Embedder,
                    cache_path: Path) -> tuple[list[Chunk], np.ndarray]:
    """Chunks of the documents as the indexer makes them, with their (cached) vectors."""
    chunker = ChineseChunker(settings.chunk_size, settings.chunk_overlap)
    chunks = [c for d in docs for c in chunker.split(d)]
    cache = EmbeddingCache(cache_path)
    try:
        vectors = cache.embed(embedder, [c.text for c in chunks])
    finally:
        cache.close()
    return chunks, vectors


def build_snapshot(docs: list[Document], settings: Settings, embedder: Embedder, cache_path: Path) -> IndexSnapshot:
    chunks, vectors = chunk_and_embed(docs, settings, embedder, cache_path)
    sentences = None
    if settings.sentence_vectors:
        cache = EmbeddingCache(cache_path)
        try:
            sentences = SentenceVectors.build(docs, lambda texts: cache.embed(embedder, texts))
        finally:
            cache.close()
    # As the indexer writes it: chunk headers in BM25, document fields, sentence vectors and the
    # children made from them, so the defaults are measured
    children = children_from_sentences(settings, chunks, vectors, sentences)
    return snapshot_from(docs, chunks, vectors, embedder.model_id, hnsw_threshold=settings.hnsw_threshold,
                         chunk_headers=settings.chunk_headers, fields=DocFieldIndex.build(docs),
                         analyzer=settings.keyword_analyzer, sentences=sentences, children=children)


def run_squad(path: Path, settings: Settings, embedder: Embedder, cache_path: Path, limit: int | None = None,
              modes: tuple[str, ...] = MODES) -> dict[str, Any]:
    t0 = time.perf_counter()
    docs, questions = load_squad(path)
    if limit:
        questions = questions[:limit]
        keep = {q.doc_id for q in questions}
        docs = [d for d in docs if d.doc_id in keep]
    snapshot = build_snapshot(docs, settings, embedder, cache_path)
    index_seconds = time.perf_counter() - t0
    retriever = HybridRetriever(snapshot, embedder, settings)
    out: dict[str, Any] = {"dataset": Path(path).name, "questions": len(questions), "passages": len(docs),
                           "chunks": len(snapshot.chunks), "index_seconds": round(index_seconds, 1), "modes": {}}
    for mode in modes:
        t = time.perf_counter()
        ranks = []
        for q in questions:
            hits = retriever.search(q.question, max(KS), mode)
            ranks.append(next((r for r, h in enumerate(hits, 1)
                               if h.chunk.doc_id == q.doc_id and any(a in h.chunk.text for a in q.answers)), None))
        n = max(len(ranks), 1)
        out["modes"][mode] = {
            **{f"hit@{k}": round(sum(1 for r in ranks if r and r <= k) / n, 4) for k in KS},
            "mrr": round(sum(1 / r for r in ranks if r) / n, 4),
            "seconds": round(time.perf_counter() - t, 1)}
    out["wall_seconds"] = round(time.perf_counter() - t0, 1)
    return out


def squad_markdown(result: dict[str, Any]) -> str:
    lines = [f"# Retrieval benchmark: {result['dataset']}", "",
             f"{result['questions']} questions, {result['passages']} passages, {result['chunks']} chunks; "
             f"index built in {result['index_seconds']} s; wall time {result['wall_seconds']} s.", "",
             "| mode | hit@1 | hit@3 | hit@5 | hit@10 | MRR | seconds |", "|---|---|---|---|---|---|---|"]
    for mode, m in result["modes"].items():
        lines.append(f"| {mode} | {m['hit@1']} | {m['hit@3']} | {m['hit@5']} | {m['hit@10']} | {m['mrr']} | {m['seconds']} |")
    return "\n".join(lines) + "\n"
