"""Hybrid retrieval: BM25 and dense results fused by weighted reciprocal rank fusion, the fused pool
re-ranked by learned weights (retrieval/learned.py), then an optional cross-encoder rerank."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.embed.models import Embedder
from assistant.index.store import IndexSnapshot
from assistant.records import Hit
from assistant.retrieval.learned import shipped_ranker

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
    """Finds chunks for a query in one index snapshot. Given its snapshot and embedder; builds neither.

    Chunk score = weighted RRF of BM25 and dense ranks, plus (when the snapshot has a document field
    index) document-level signals in the same 1/(rrf_k + rank) units: the rank of the chunk's
    document by its title/metadata fields, by its best chunks, and a bonus for carrying the places,
    bodies, titles or years the question names. Finally at most `max_per_doc` passages per document
    lead the list, so one long look-alike cannot fill it.
    """

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
        # The learned re-ranking of the fused pool (assistant/retrieval/learned.py), when on.
        self.learned = shipped_ranker() if settings.learned_ranker else None
        # Parent–child (`child_chars`): chunks ranked by their best child span, when the index has them.
        self.dense = snapshot.dense_index(settings.child_chars, settings.child_parent_share, settings.child_vectors)
        # The same query is embedded for retrieval and again for sentence scoring: embed it once.
        self.embed_query = functools.lru_cache(maxsize=512)(embedder.embed_query)
        fields = snapshot.fields
        self._doc_index = {d: i for i, d in enumerate(fields.doc_ids)} if fields is not None else {}

    def search(self, query: str, k: int | None = None, mode: str = "hybrid") -> list[Hit]:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        k = k or self.settings.top_k
        st = self.settings
        # With a per-document cap, a deeper pool, so other documents can fill the places a long one leaves.
        n = max(st.candidates, k) * (3 if st.max_per_doc else 1)
        snap = self.snapshot
        keyword_query = self.expand(query) if self.expand else query
        bm25 = snap.keyword_search(keyword_query, n) if mode != "dense" else []
        use_dense = mode == "dense" or (mode == "hybrid" and st.dense_weight > 0)
        qvec = self.embed_query(query) if use_dense else None
        dense = self.dense.search(qvec, n) if qvec is not None else []
        if mode == "bm25":
            fused = {i: s for i, s in bm25}
        elif mode == "dense":
            fused = {i: s for i, s in dense}
        else:
            fused = rrf_fuse(bm25, dense, self.weights)
        prior: dict[int, float] = {}
        if mode == "hybrid" and self._doc_signals():
            prior = self._add_doc_signals(fused, keyword_query, qvec)
        b_rank = {i: (r, s) for r, (i, s) in enumerate(bm25, start=1)}
        d_rank = {i: (r, s) for r, (i, s) in enumerate(dense, start=1)}
        # dense alone keeps the store's order (parent–child: by the children, scored by the chunk's own)
        order = [i for i, _ in dense] if mode == "dense" else sorted(fused, key=lambda i: (-fused[i], i))

        def hit(i: int, score: float | None = None) -> Hit:
            chunk = snap.chunks[i]
            br, bs = b_rank.get(i, (None, None))
            dr, ds = d_rank.get(i, (None, None))
            return Hit(chunk, fused[i] if score is None else score, bs, ds, br, dr, title=snap.title(chunk.doc_id))

        made: dict[int, Hit] = {}
        if self.learned is not None and mode == "hybrid" and qvec is not None and order:
            # The learned order replaces the keyword + dense fusion: it is read from the pool's scores
            # without the document signals, and those are added again in the same 1/(rrf_k + rank)
            # units, so a question naming a place still prefers that place's notice as before.
            pool = order[:st.candidates]
            made = {i: hit(i, fused[i] - prior.get(i, 0.0)) for i in pool}
            learned = self.learned.order(query, qvec, [made[i] for i in pool], pool, snap)
            both = st.bm25_weight + st.dense_weight
            final = {pool[j]: both / (st.rrf_k + r) + prior.get(pool[j], 0.0) for r, j in enumerate(learned, start=1)}
            for i in pool:
                made[i].score = final[i]
            order = sorted(pool, key=lambda i: -final[i]) + order[len(pool):]
        if st.max_per_doc > 0:
            order = diversify(order, [snap.chunks[i].doc_id for i in order], st.max_per_doc, k)
        hits = [made.get(i) or hit(i) for i in order[: n if self.reranker else k]]
        if self.reranker is not None and hits:
            hits = self.reranker.rerank(query, hits)[:k]
        return hits

    def _doc_signals(self) -> bool:
        st = self.settings
        return self.snapshot.fields is not None and bool(
            st.doc_field_weight or st.entity_weight or st.doc_aggregate_weight)

    def _add_doc_signals(self, fused: dict[int, float], query: str, qvec: np.ndarray | None) -> dict[int, float]:
        """Add document-level evidence to each candidate chunk's fused score (in place), and bring in
        the best keyword chunks of the documents those signals favour most; returns what was added."""
        snap = self.snapshot
        fields = snap.fields
        assert fields is not None
        st, rk = self.settings, self.settings.rrf_k
        n_docs = len(fields)
        prior = np.zeros(n_docs, dtype=np.float64)
        if st.doc_field_weight:
            kw = fields.keyword_scores(query)
            title = fields.title_similarity(qvec) if qvec is not None else np.zeros(n_docs)
            doc_rrf = _rank_weights(kw, rk, only_positive=True) + _rank_weights(title, rk, only_positive=True)
            prior += st.doc_field_weight * _rank_weights(doc_rrf, rk, only_positive=True)
        if st.entity_weight:
            prior += st.entity_weight * fields.entity_scores(query) / (rk + 1)
        if prior.any():  # the favoured documents' best keyword passages join the pool, at their BM25 rank
            for d in np.argsort(-prior)[:3]:
                if prior[d] <= 0:
                    break
                for i, s in snap.doc_keyword_search(fields.doc_ids[d], query, 2):
                    if i not in fused:
                        fused[i] = st.bm25_weight / (rk + 1 + snap.keyword_rank(query, s))
        doc_of = {i: self._doc_index.get(snap.chunks[i].doc_id, -1) for i in fused}
        if st.doc_aggregate_weight:
            agg = np.zeros(n_docs, dtype=np.float64)
            for i in sorted(fused, key=lambda i: -fused[i]):
                if doc_of[i] >= 0:
                    agg[doc_of[i]] += fused[i]
            prior += st.doc_aggregate_weight * _rank_weights(agg, rk, only_positive=True)
        added = {i: float(prior[d]) for i, d in doc_of.items() if d >= 0 and prior[d]}
        for i, extra in added.items():
            fused[i] += extra
        return added

    def dense_similarity(self, query: str, texts: list[str]):
        """Cosine similarity of the query to arbitrary texts (used by the extractive answerer)."""
        q = self.embed_query(query)
        return self.embedder.embed_passages(texts) @ q


def _rank_weights(scores: np.ndarray, rrf_k: int, only_positive: bool = False) -> np.ndarray:
    """1/(rrf_k + rank) for each entry by descending score (0 for non-positive scores if asked)."""
    out = np.zeros(len(scores), dtype=np.float64)
    if not len(scores):
        return out
    order = np.argsort(-scores, kind="stable")
    out[order] = 1.0 / (rrf_k + np.arange(1, len(scores) + 1))
    if only_positive:
        out[scores <= 0] = 0.0
    return out


def diversify(order: list[int], doc_ids: list[str], per_doc: int, k: int) -> list[int]:
    """At most `per_doc` passages of one document among the first `k`; the rest follow in order."""
    head: list[int] = []
    tail: list[int] = []
    count: dict[str, int] = {}
    for i, d in zip(order, doc_ids, strict=True):
        if len(head) < k and count.get(d, 0) < per_doc:
            head.append(i)
            count[d] = count.get(d, 0) + 1
        else:
            tail.append(i)
    return head + tail


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
