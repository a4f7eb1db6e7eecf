"""Parent–child ("small-to-big") dense search: queries are matched against small child spans of
each chunk (`assistant/ingest/children.py`), and the chunks (parents) are ranked by their best
child's cosine similarity, plus, if asked, a share of the parent's own similarity. What is returned
is the parent's position, so hits, offsets and citations stay those of the chunk.

It answers `search(query, k)` like `FaissStore`, so the hybrid retriever fuses it with BM25 as it
fuses the plain dense list.
"""

from __future__ import annotations

import numpy as np

from assistant.index.faiss_store import FaissStore


class ChildMaxStore:
    """Parents ranked by max over their children's cosine (+ `parent_share` × the parent's own)."""

    def __init__(self, parents: FaissStore, children: FaissStore, parent_of: np.ndarray,
                 parent_share: float = 0.0) -> None:
        parent_of = np.asarray(parent_of, dtype=np.int64)
        if len(parent_of) != len(children):
            raise ValueError(f"parent_of has {len(parent_of)} entries for {len(children)} child vectors")
        if len(parent_of) and (parent_of.min() < 0 or parent_of.max() >= len(parents)):
            raise ValueError(f"parent_of must name parents 0..{len(parents) - 1}")
        if parent_share < 0:
            raise ValueError(f"parent_share must be >= 0, got {parent_share}")
        self.parents = parents
        self.children = children
        self.parent_of = parent_of
        self.parent_share = parent_share
        self.kind = f"children-{children.kind}"
        order = np.argsort(parent_of, kind="stable")
        bounds = np.searchsorted(parent_of[order], np.arange(len(parents) + 1))
        self._rows = [order[bounds[p]:bounds[p + 1]] for p in range(len(parents))]

    def __len__(self) -> int:
        return len(self.parents)

    @property
    def dim(self) -> int:
        return self.parents.dim

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k parents (position, score) with the best score, best first."""
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
        scores = [self._child_max(p, q) + self.parent_share * float(self.parents.reconstruct([p])[0] @ q)
                  for p in cands]
        order = np.argsort(-np.asarray(scores), kind="stable")[:k]
        return [(cands[i], float(scores[i])) for i in order]

    def _child_max(self, parent: int, q: np.ndarray) -> float:
        rows = self._rows[parent]
        if not len(rows):
            return float(self.parents.reconstruct([parent])[0] @ q)
        return float((self.children.reconstruct(rows) @ q).max())
