"""Boosted regression trees read from JSON and walked with numpy, shared by the retrieval's learned ranker
(`retrieval/learned.py`) and the answer check (`answer/answer_check.py`). scikit-learn fits them
(scripts/fit_ranker.py, scripts/fit_answer_check.py) and is needed only to refit: the app reads the
file. Our own walk rather than a pickled model, so that the weights stay a reviewable file that no
library version can fail to load."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Tree:
    """One regression tree: node i splits on `feature[i]` at `threshold[i]` (left when <=); a leaf has
    feature -1 and holds `value[i]`."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray

    def predict(self, row: np.ndarray) -> float:
        i = 0
        while self.feature[i] >= 0:
            i = self.left[i] if row[self.feature[i]] <= self.threshold[i] else self.right[i]
        return float(self.value[i])


def trees_from_json(items: Sequence[dict]) -> tuple[Tree, ...]:
    return tuple(Tree(np.array(t["feature"], dtype=int), np.array(t["threshold"], dtype=float),
                      np.array(t["left"], dtype=int), np.array(t["right"], dtype=int),
                      np.array(t["value"], dtype=float)) for t in items)


def trees_to_json(trees: Sequence[Tree]) -> list[dict]:
    """Thresholds kept whole (a split between two close values must not move), leaves to six places."""
    return [{"feature": t.feature.tolist(), "threshold": [float(v) for v in t.threshold],
             "left": t.left.tolist(), "right": t.right.tolist(),
             "value": [round(float(v), 6) for v in t.value]} for t in trees]


def trees_from_sklearn(model: Any) -> tuple[Tree, ...]:
    """The trees of a fitted binary GradientBoostingClassifier (its public `tree_` arrays)."""
    return tuple(Tree(t.tree_.feature.astype(int), t.tree_.threshold.astype(float),
                      t.tree_.children_left.astype(int), t.tree_.children_right.astype(int),
                      t.tree_.value[:, 0, 0].astype(float)) for t in model.estimators_[:, 0])


class Forest:
    """All trees walked at once over many rows: the nodes of every tree in one array, one step down
    every tree per loop (a ranker scores 40 candidates with a few hundred trees in well under a ms)."""

    def __init__(self, trees: Sequence[Tree]) -> None:
        self.roots = np.cumsum([0, *(len(t.feature) for t in trees)])[:-1].astype(int)  # each tree's first node
        offsets = list(zip(trees, self.roots, strict=True))
        self.feature = _joined([t.feature for t in trees], int)
        self.threshold = _joined([t.threshold for t in trees], float)
        self.left = _joined([np.where(t.left >= 0, t.left + o, -1) for t, o in offsets], int)  # -1: a leaf's
        self.right = _joined([np.where(t.right >= 0, t.right + o, -1) for t, o in offsets], int)
        self.value = _joined([t.value for t in trees], float)

    def __len__(self) -> int:
        return len(self.roots)

    def total(self, x: np.ndarray) -> np.ndarray:
        """The sum over trees of each row's leaf value; `x` is (rows, features)."""
        x = np.asarray(x, dtype=float)
        if not len(self.roots) or not len(x):
            return np.zeros(len(x))
        node = np.repeat(self.roots[:, None], len(x), axis=1)  # (trees, rows)
        rows = np.broadcast_to(np.arange(len(x))[None, :], node.shape)
        while True:
            feature = self.feature[node]
            inner = feature >= 0
            if not inner.any():
                return self.value[node].sum(axis=0)
            go_left = x[rows, np.maximum(feature, 0)] <= self.threshold[node]
            node = np.where(inner, np.where(go_left, self.left[node], self.right[node]), node)


def _joined(arrays: list[np.ndarray], dtype: type) -> np.ndarray:
    """The arrays end to end, of `dtype` (empty for none)."""
    return np.concatenate([np.zeros(0, dtype=dtype), *arrays]).astype(dtype, copy=False)
