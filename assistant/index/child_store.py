"""Parent–child ("small-to-big") dense search: queries are matched against small child spans of
each chunk (`assistant/ingest/children.py`), and the chunks (parents) are ranked by their best
child's cosine similarity, mixed, if asked, with a share of the parent's own similarity. What is returned
is the parent's position and its own similarity, so hits, offsets, citations and the scores the
answerer reads stay those of the chunk; only the order comes from the children.

It answers `search(query, k)` like `FaissStore`, so the hybrid retriever fuses it with BM25 as it
fuses the plain dense list. `ChildIndex` is what an index generation stores for it (`children/`).

A child's vector is either its own text embedded (`embedded`: one more model pass over the library),
or the normalised mean of the vectors of its sentences (`sentences`), which the index already holds
for the answerer (`sentence_store.py`): no text is embedded again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.config import Settings
from assistant.index.faiss_store import FaissStore
from assistant.index.sentence_store import SentenceVectors
from assistant.ingest.children import child_spans, children
from assistant.records import Chunk

# Children are searched only for candidates, which are then scored exactly from the stored vectors, so
# an approximate (HNSW) index loses nothing measurable: on lecoqa's 38k children the tune half ranks the
# same (MRR 0.415 flat, 0.416 HNSW) and the children's search is four times faster. So children switch to
# HNSW at a fifth of the chunks' threshold (a library of 10k chunks has about 40k children).
CHILD_HNSW_SHARE = 0.2


def child_hnsw_threshold(hnsw_threshold: int) -> int:
    """How many child vectors make their index HNSW, given the chunks' `hnsw_threshold`."""
    return max(1, int(hnsw_threshold * CHILD_HNSW_SHARE))


def children_from_sentences(settings: Settings, chunks: list[Chunk], vectors: np.ndarray,
                            sentences: SentenceVectors | None) -> ChildIndex | None:
    """The children an index written with `settings` holds when they are made from its sentence vectors;
    None when it holds none, or when they are embedded from their text (that needs the model)."""
    chars, kind = settings.children
    if kind != "sentences" or sentences is None:
        return None
    return ChildIndex.from_sentences(chunks, vectors, sentences, chars, settings.hnsw_threshold)


@dataclass(frozen=True)
class ChildIndex:
    """The child spans' vectors of an index generation: row i is a child of chunk `parent_of[i]`,
    cut with children of at most `chars` characters, its vector made as `vectors` says ("embedded" or "sentences", `Settings.child_vectors`)."""

    store: FaissStore
    parent_of: np.ndarray
    chars: int
    vectors: str = "embedded"

    @classmethod
    def build(cls, chunks: list[Chunk], chars: int, embed: Callable[[list[str]], np.ndarray],
              hnsw_threshold: int = 50_000) -> ChildIndex:
        """Cut every chunk into children and embed them (`embed` takes passages, e.g. through the cache)."""
        kids = [(p, k.text) for p, c in enumerate(chunks) for k in children(c, chars)]
        vectors = embed([t for _, t in kids])
        return cls(FaissStore.build(vectors, child_hnsw_threshold(hnsw_threshold)),
                   np.array([p for p, _ in kids], dtype=np.int64), chars)

    @classmethod
    def from_sentences(cls, chunks: list[Chunk], chunk_vectors: np.ndarray, sentences: SentenceVectors,
                       chars: int, hnsw_threshold: int = 50_000) -> ChildIndex:
        """The children `build` would cut, each with the normalised mean of the vectors of the sentences
        starting inside it, so nothing is embedded. A chunk that is one child keeps its own vector, as in
        `build`; a child holding no sentence with a vector (all shorter than the answerer's minimum) is left out."""
        vecs: list[np.ndarray] = []
        parents: list[int] = []
        for p, chunk in enumerate(chunks):
            spans = child_spans(chunk.text, chars)
            if len(spans) <= 1:
                vecs.append(np.asarray(chunk_vectors[p], dtype=np.float32))
                parents.append(p)
                continue
            for a, b in spans:
                rows = sentences.rows_in(chunk.doc_id, chunk.start + a, chunk.start + b)
                if len(rows):
                    mean = sentences.vectors[rows].astype(np.float32).mean(axis=0)
                    vecs.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
                    parents.append(p)
        dim = chunk_vectors.shape[1] if len(chunk_vectors) else sentences.vectors.shape[1]
        matrix = np.vstack(vecs).astype(np.float32) if vecs else np.zeros((0, dim), dtype=np.float32)
        return cls(FaissStore.build(matrix, child_hnsw_threshold(hnsw_threshold)), np.array(parents, dtype=np.int64),
                   chars, "sentences")

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.store.save(path / "vectors.faiss")
        np.save(path / "parent_of.npy", self.parent_of)
        (path / "params.json").write_text(json.dumps({"chars": self.chars, "vectors": self.vectors}), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> ChildIndex:
        params = json.loads((path / "params.json").read_text(encoding="utf-8"))
        return cls(FaissStore.load(path / "vectors.faiss"), np.load(path / "parent_of.npy"), int(params["chars"]),
                   params.get("vectors", "embedded"))

    def over(self, parents: FaissStore, parent_share: float) -> ChildMaxStore:
        """Dense search over these children, returning `parents` positions."""
        return ChildMaxStore(parents, self.store, self.parent_of, parent_share)


class ChildMaxStore:
    """Parents ranked by max over their children's cosine + `parent_share` × the parent's own, divided
    by 1 + `parent_share` (a weighted mean of two cosines)."""

    def __init__(self, parents: FaissStore, children: FaissStore, parent_of: np.ndarray,
                 parent_share: float = 0.0) -> None:
        parent_of = np.asarray(parent_of, dtype=np.int64)
        if len(parent_of) != len(children):
            raise ValueError(f"parent_of has {len(parent_of)} entries for {len(children)} child vectors")
        if len(parent_of) and (parent_of.min() < -1 or parent_of.max() >= len(parents)):
            raise ValueError(f"parent_of must name parents 0..{len(parents) - 1} (or -1: a child removed)")
        if parent_share < 0:
            raise ValueError(f"parent_share must be >= 0, got {parent_share}")
        self.parents = parents
        self.children = children
        self.parent_of = parent_of
        self.parent_share = parent_share
        self.kind = f"children-{children.kind}"
        # children of parent p: self._order[self._bounds[p]:self._bounds[p + 1]]
        self._order = np.argsort(parent_of, kind="stable")
        self._bounds = np.searchsorted(parent_of[self._order], np.arange(len(parents) + 1))

    def __len__(self) -> int:
        return len(self.parents)

    @property
    def dim(self) -> int:
        return self.parents.dim

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k parents best by their children (`ranked`), each with its own cosine similarity: the
        order is the children's, the score the one the refusal threshold and the answerer's sentence
        scores were calibrated on (a child-based score there refused answerable questions)."""
        ranked = self.ranked(query, k)
        if not ranked:
            return []
        own = self.parents.reconstruct([p for p, _ in ranked]) @ np.asarray(query, dtype=np.float32).ravel()
        return [(p, float(s)) for (p, _), s in zip(ranked, own, strict=True)]

    def ranked(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k parents (position, child-based score) with the best score, best first."""
        if len(self) == 0 or k <= 0:
            return []
        q = np.asarray(query, dtype=np.float32).ravel()
        k = min(k, len(self))
        best: dict[int, float] = {}  # parent -> its best child's score, in the order first met
        m = 4 * k
        while True:
            best.clear()
            for i, s in self.children.search(q, m):
                best.setdefault(int(self.parent_of[i]), s)
            if len(best) >= k or m >= len(self.children):
                break
            m *= 2
        if not self.parent_share:
            return list(best.items())[:k]
        # Rescore: the children's candidates and the parents' own nearest, each scored exactly.
        cands = list(dict.fromkeys([*best, *(i for i, _ in self.parents.search(q, k))]))
        share = self.parent_share
        own = self.parents.reconstruct(cands) @ q  # the parents' own cosines, in one batch
        scores = (self._child_max(cands, own, q) + share * own) / (1 + share)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(cands[i], float(scores[i])) for i in order]

    def _child_max(self, parents: list[int], own: np.ndarray, q: np.ndarray) -> np.ndarray:
        """Each parent's best child cosine (its own cosine when it has no child), the children read in
        one batch (one round trip for a store on a server)."""
        groups = [self._order[self._bounds[p]:self._bounds[p + 1]] for p in parents]
        sizes = np.array([len(g) for g in groups])
        best = np.asarray(own, dtype=np.float64).copy()
        if sizes.sum():
            sims = self.children.reconstruct(np.concatenate(groups)) @ q
            have = np.flatnonzero(sizes)
            best[have] = np.maximum.reduceat(sims, np.concatenate([[0], np.cumsum(sizes[have])[:-1]]))
        return best
