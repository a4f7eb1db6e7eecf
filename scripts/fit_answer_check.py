"""Refit the learned answer check (assistant/answer/answer_check.json): when is an extract a right answer?

Data: every golden set (evals/golden/: seed over documents/, answers.jsonl over documents/ and over
documents/ plus ../shared/corpus, corpus and probe* over both), each question asked with refusal on weak
evidence turned off (answer_check off, thresholds -1). A question refused anyway (an anchor or the kind of
answer wanted is missing: anchors.py) is left out, since the check never sees it. The others are rows of
`check_features`, labelled 1 when the forced answer passes the golden check (an out-of-scope question
never does). Only the tune split is fitted on.

Gradient-boosted trees (scikit-learn) are fitted. The floor is chosen on 5-fold cross-validated
predictions of the tune split: the highest probability at which the check still passes at least as many
questions (right answers plus out-of-scope questions refused) as the thresholds it replaces, so that it
gives the fewest answers that are wrong or out of scope without costing passes. The report gives the
passes, the bad answers and their difference (utility) of the check and of the thresholds
(refusal_threshold, min_overlap, paraphrase_*) on the tune split (cross-validated) and the held-out split,
and an ablation by feature group.

    python scripts/fit_answer_check.py [--sets seed corpus ...] [--out FILE] [--report FILE]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from assistant.answer.answer_check import CHECK_FEATURES, CHECK_PATH, KINDS, AnswerCheck, check_features
from assistant.config import Settings
from assistant.evals.report import write_json
from assistant.pipeline import below_thresholds
from assistant.trees import trees_from_sklearn

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "evals/golden"
DOCS = [ROOT / "documents"]
BOTH = [ROOT / "documents", ROOT.parent / "shared/corpus"]
GROUPS = {"words": ("coverage",), "meaning": ("sentence_similarity", "passage_similarity", "cited_dense"),
          "scorer": ("confidence",), "rank": ("cited_rank",), "lengths": ("question_length", "sentence_length"),
          "items": ("sentences", "count_met"),
          "kind": tuple(f"kind_{k}" for k in KINDS)}
TREES = {"n_estimators": 100, "max_depth": 2, "learning_rate": 0.1, "min_samples_leaf": 30, "random_state": 0}


@dataclass(frozen=True)
class Row:
    set: str
    id: str
    split: str
    features: dict[str, float]
    out_of_scope: bool
    right: bool  # the forced answer passes the golden check
    thresholds_refuse: bool  # the similarity and coverage thresholds refuse it


def golden_runs(names: list[str] | None = None) -> list[tuple[str, Path, list[Path]]]:
    """(name, golden file, document folders) of every golden set, or of `names`."""
    runs = [("seed", GOLDEN / "seed.jsonl", DOCS), ("answers-docs", GOLDEN / "answers.jsonl", DOCS),
            ("answers-corpus", GOLDEN / "answers.jsonl", BOTH), ("corpus", GOLDEN / "corpus.jsonl", BOTH)]
    probes = sorted((p for p in GOLDEN.glob("probe*.jsonl")), key=lambda p: int(p.stem[5:] or 1))
    runs += [(p.stem, p, BOTH) for p in probes]
    return [r for r in runs if names is None or r[0] in names]


def rows_of(runs: list[tuple[str, Path, list[Path]]], index_root: Path | None = None) -> list[Row]:
    from assistant.evals.golden import load_golden
    from assistant.evals.runner import RETRIEVE_K, indexed_files, prepare, score_question
    from assistant.pipeline import build

    base = Settings().replace(answer_check=False, refusal_threshold=-1.0, min_overlap=-1.0)
    rule = Settings().replace(answer_check=False)
    built: dict[tuple[Path, ...], object] = {}
    rows = []
    for name, path, dirs in runs:
        if tuple(dirs) not in built:
            where = index_root / ("documents" if dirs == DOCS else "documents+corpus") if index_root else None
            settings, embedder = prepare(base, dirs, where)
            built[tuple(dirs)] = build(settings, embedder=embedder)
        assistant = built[tuple(dirs)]
        indexed = indexed_files(assistant)  # type: ignore[arg-type]
        for q in load_golden(path):
            ev, ex = assistant.extract(q.question, list(q.history))  # type: ignore[attr-defined]
            if assistant.decided_before_check(ev, ex) is not None:  # type: ignore[attr-defined]
                continue  # refused for what is missing, or found by its place: the check does not weigh it
            retrieved = assistant.evidence(q.question, list(q.history), k=RETRIEVE_K).hits  # type: ignore[attr-defined]
            answer = assistant.ask(q.question, list(q.history))  # type: ignore[attr-defined]
            result = score_question(q, answer, retrieved, assistant.snapshot.docs, indexed)  # type: ignore[attr-defined]
            oos = q.refuse_given(indexed)
            rows.append(Row(name, q.id, q.split, check_features(ev.standalone.question, ex, ev.hits, ev.best_similarity),
                            oos, result.passed and not oos, below_thresholds(ev.best_similarity, ex, rule)))
        print(f"{name}: {len(rows)} rows", file=sys.stderr, flush=True)
    return rows


def outcome(rows: list[Row], answered: list[bool]) -> dict[str, int]:
    """Passes (right answers, out-of-scope questions refused), bad answers (wrong or out of scope), utility."""
    answered = [bool(a) for a in answered]
    right = sum(a and r.right for r, a in zip(rows, answered, strict=True))
    refused_oos = sum(not a and r.out_of_scope for r, a in zip(rows, answered, strict=True))
    bad = sum(a and not r.right for r, a in zip(rows, answered, strict=True))
    return {"passes": right + refused_oos, "right": right, "out_of_scope_refused": refused_oos,
            "bad_answers": bad, "utility": right + refused_oos - bad}


def best_floor(rows: list[Row], p: np.ndarray) -> float:
    """The floor with the fewest bad answers among those passing at least as many questions as the
    thresholds do (the check must not cost right answers to save wrong ones); none: the best utility."""
    floors = [float(f) for f in np.round(np.arange(0.2, 0.81, 0.02), 2)]
    kept = outcome(rows, [not r.thresholds_refuse for r in rows])["passes"]
    enough = [f for f in floors if outcome(rows, list(p >= f))["passes"] >= kept]
    if enough:
        return max(enough)
    return max(floors, key=lambda f: outcome(rows, list(p >= f))["utility"])


def matrix(rows: list[Row], names: tuple[str, ...]) -> np.ndarray:
    return np.array([[r.features[n] for n in names] for r in rows], dtype=float)


def cv_probabilities(rows: list[Row], names: tuple[str, ...]) -> np.ndarray:
    y = np.array([r.right for r in rows])
    model = GradientBoostingClassifier(**TREES)
    return cross_val_predict(model, matrix(rows, names), y, cv=StratifiedKFold(5, shuffle=True, random_state=0),
                             method="predict_proba")[:, 1]


def fit(rows: list[Row], names: tuple[str, ...], floor: float, embedder: str) -> AnswerCheck:
    """Trees fitted on `rows`, exported tree by tree (scikit-learn's public `tree_` arrays)."""
    x, y = matrix(rows, names), np.array([r.right for r in rows])
    model = GradientBoostingClassifier(**TREES).fit(x, y)
    trees = trees_from_sklearn(model)
    prior = float(model.init_.class_prior_[1])  # the trees add to the log-odds of the prior
    check = AnswerCheck(names, math.log(prior / (1 - prior)), float(model.learning_rate), trees, floor, embedder)
    check = AnswerCheck.from_json(check.to_json())  # what ships: thresholds and leaves rounded in the file
    ours = np.array([check.probability(dict(zip(names, row, strict=True))) for row in x])
    if not np.allclose(ours, model.predict_proba(x)[:, 1], atol=1e-4):
        raise AssertionError("the exported trees do not reproduce scikit-learn's probabilities")
    return check


def report(tune: list[Row], held: list[Row], check: AnswerCheck, cv: np.ndarray) -> dict[str, object]:
    names = check.names
    held_p = np.array([check.probability(r.features) for r in held])
    out: dict[str, object] = {
        "sets": sorted({r.set for r in tune + held}), "rows": {"tune": len(tune), "heldout": len(held)},
        "floor": check.floor, "trees": TREES,
        "tune_cv": {"check": outcome(tune, list(cv >= check.floor)),
                    "thresholds": outcome(tune, [not r.thresholds_refuse for r in tune])},
        "heldout": {"check": outcome(held, list(held_p >= check.floor)),
                    "thresholds": outcome(held, [not r.thresholds_refuse for r in held])},
    }
    ablation = {}
    for group, feats in GROUPS.items():
        kept = tuple(n for n in names if n not in feats)
        p = cv_probabilities(tune, kept)
        ablation[f"without {group}"] = outcome(tune, list(p >= best_floor(tune, p)))
    out["ablation_tune_cv"] = ablation
    return out




def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", help="golden sets by name (seed, answers-docs, corpus, probe12 …); default all")
    ap.add_argument("--rows", type=Path, help="read the rows from this file (written by an earlier run) instead")
    ap.add_argument("--save-rows", type=Path, help="write the rows here")
    ap.add_argument("--index-root", type=Path, help="indexes in R/documents and R/documents+corpus (default: evals/runs)")
    ap.add_argument("--out", type=Path, default=CHECK_PATH)
    ap.add_argument("--report", type=Path, default=ROOT / "evals/answer_check_fit.json")
    args = ap.parse_args()
    if args.rows:
        rows = [Row(**d) for d in json.loads(args.rows.read_text(encoding="utf-8"))]
    else:
        rows = rows_of(golden_runs(args.sets), args.index_root)
    if args.save_rows:
        write_json(args.save_rows, [r.__dict__ for r in rows])
    tune = [r for r in rows if r.split == "tune"]
    held = [r for r in rows if r.split != "tune"]
    cv = cv_probabilities(tune, CHECK_FEATURES)
    check = fit(tune, CHECK_FEATURES, best_floor(tune, cv), Settings().embedder)
    rep = report(tune, held, check, cv)
    write_json(args.out, check.to_json())
    write_json(args.report, rep)
    print(json.dumps(rep, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
