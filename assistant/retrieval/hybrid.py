"""Hybrid retrieval: BM25 and dense results fused by weighted reciprocal rank fusion, then an
optional cross-encoder rerank."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.config import Settings
from assistant.embed.models import Embedder
from assistant.index.store import IndexSnapshot
from assistant.records import Hit

MODES = ("hybrid", "bm25", "dense")


@dataclass(frozen=True)
class FusionWeights:
    bm25: float = 1.0
    dense: float = 1.0
    rrf_k: int = 60


def rrf_fuse(bm25: list[tuple[int, float]], dense: list[tuple[int, float]], w: FusionWeights) -> dict[int, float]:
    """Weighted reciprocal rank fusion: score(d) = sum_r w_r / (rrf_k + rank_r(d)), ranks from 1."""
    fused: dict[int, float] = {}
    for weight, ranked in ((w.bm25, bm25), (w.dense, dense)):
        for rank, (idx, _score) in enumerate(ranked, start=1):
            fused[idx] = fused.get(idx, 0.0) + weight / (w.rrf_k + rank)
    return fused


class HybridRetriever:
    """Finds chunks for a query in one index snapshot. Given its snapshot and embedder; builds neither."""

    def __init__(self, snapshot: IndexSnapshot, embedder: Embedder, settings: Settings,
                 reranker: Reranker | None = None, expand: Callable[[str], str] | None = None) -> None:
        if snapshot.embedder_id != embedder.model_id:
            from assistant.errors import ModelMismatchError

            raise ModelMismatchError(
                f"index was built with {snapshot.embedder_id!r} but the query embedder is {embedder.model_id!r}")
        self.snapshot = snapshot
        self.embedder = embedder
        self.settings = settings
        self.weights = FusionWeights(settings.bm25_weight, settings.dense_weight, settings.rrf_k)
        self.reranker = reranker
        self.expand = expand
        # The same query is embedded for retrieval and again for sentence scoring: embed it once.
        self.embed_query = functools.lru_cache(maxsize=512)(embedder.embed_query)

    def search(self, query: str, k: int | None = None, mode: str = "hybrid") -> list[Hit]:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        k = k or self.settings.top_k
        n = max(self.settings.candidates, k)
        snap = self.snapshot
        keyword_query = self.expand(query) if self.expand else query
        bm25 = snap.bm25.search(keyword_query, n) if mode != "dense" else []
        dense = snap.vectors.search(self.embed_query(query), n) if mode != "bm25" else []
        if mode == "bm25":
            fused = {i: s for i, s in bm25}
        elif mode == "dense":
            fused = {i: s for i, s in dense}
        else:
            fused = rrf_fuse(bm25, dense, self.weights)
        b_rank = {i: (r, s) for r, (i, s) in enumerate(bm25, start=1)}
        d_rank = {i: (r, s) for r, (i, s) in enumerate(dense, start=1)}
        order = sorted(fused, key=lambda i: (-fused[i], i))
        hits = []
        for i in order[: n if self.reranker else k]:
            chunk = snap.chunks[i]
            br, bs = b_rank.get(i, (None, None))
            dr, ds = d_rank.get(i, (None, None))
            hits.append(Hit(chunk, fused[i], bs, ds, br, dr, title=snap.title(chunk.doc_id)))
        if self.reranker is not None and hits:
            hits = self.reranker.rerank(query, hits)[:k]
        return hits

    def dense_similarity(self, query: str, texts: list[str]):
        """Cosine similarity of the query to arbitrary texts (used by the extractive answerer)."""
        q = self.embed_query(query)
        return self.embedder.embed_passages(texts) @ q


class Reranker:
    """Optional sentence-transformers CrossEncoder stage (off by default: no model is bundled)."""

    def __init__(self, model_name: str, max_length: int = 512) -> None:
        self.model_name = model_name
        self.max_length = max_length
        self._model: Any = None

    def warm_up(self) -> None:
        if self._model is None:
            from sentence_transformers import CrossEncoder

            self._model = CrossEncoder(self.model_name, max_length=self.max_length, device="cpu")

    def rerank(self, query: str, hits: list[Hit]) -> list[Hit]:
        self.warm_up()
        scores = self._model.predict([(query, h.chunk.text) for h in hits], show_progress_bar=False)
        for h, s in zip(hits, scores, strict=True):
            h.rerank_score = float(s)
            h.score = float(s)
        return sorted(hits, key=lambda h: -h.score)
