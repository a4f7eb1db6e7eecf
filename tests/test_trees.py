"""Boosted trees read from JSON (assistant/trees.py): the batched walk of every tree at once gives what
scikit-learn's fitted model gives, row by row and for many rows, and survives the JSON round trip."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn.ensemble import GradientBoostingClassifier

from assistant.trees import Forest, Tree, trees_from_json, trees_from_sklearn, trees_to_json


def _fitted(depth: int) -> tuple[GradientBoostingClassifier, np.ndarray]:
    rng = np.random.RandomState(0)
    x = rng.normal(size=(400, 5))
    y = (x[:, 0] + 0.5 * x[:, 1] * x[:, 2] > 0.2).astype(int)
    return GradientBoostingClassifier(n_estimators=30, max_depth=depth, random_state=0).fit(x, y), x


@pytest.mark.parametrize("depth", [1, 3, 5])  # trees whose leaves lie at different depths
def test_the_batched_walk_sums_the_same_leaves_as_scikit_learn_and_the_one_row_walk(depth: int) -> None:
    model, x = _fitted(depth)
    trees = trees_from_json(json.loads(json.dumps(trees_to_json(trees_from_sklearn(model)))))
    total = Forest(trees).total(x)
    one_by_one = np.array([sum(t.predict(row) for t in trees) for row in x])
    assert np.allclose(total, one_by_one, atol=1e-9)
    raw = model.decision_function(x) - model.decision_function(x[:1])[0]  # scikit-learn, up to its constant
    assert np.allclose(model.learning_rate * (total - total[0]), raw, atol=1e-4)


def test_a_row_on_a_threshold_goes_left_and_nothing_to_walk_gives_zeros() -> None:
    stump = Tree(np.array([0, -1, -1]), np.array([0.5, 0.0, 0.0]), np.array([1, -1, -1]),
                 np.array([2, -1, -1]), np.array([0.0, -1.0, 1.0]))
    forest = Forest([stump, stump])
    assert forest.total(np.array([[0.5], [0.51], [-3.0]])).tolist() == [-2.0, 2.0, -2.0]
    assert forest.total(np.zeros((0, 1))).shape == (0,)
    assert Forest([]).total(np.ones((3, 1))).tolist() == [0.0, 0.0, 0.0]
