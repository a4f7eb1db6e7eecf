"""scripts/milvus_bm25_compare.py: client-side BM25 and Milvus's BM25 Function rank the same small
library, and a question's hit is found by both."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from assistant.evals.retrieval_bench import BenchQuestion, Library
from assistant.records import Chunk, Document

SCRIPT = Path(__file__).parent.parent / "scripts" / "milvus_bm25_compare.py"
TEXTS = ["继承从被继承人死亡时开始。", "丧偶儿媳对公婆尽了主要赡养义务的，作为第一顺序继承人。",
         "复工复产企业可以申请延期缴纳社会保险费。", "到2027年，全市工业总产值迈上4万亿台阶。"]


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("milvus_bm25_compare", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _library() -> Library:
    docs = [Document(f"d{i}.txt", f"d{i}.txt", f"d{i}", t, str(i) * 64) for i, t in enumerate(TEXTS)]
    chunks = [Chunk(f"c{i}", d.doc_id, d.text, 0, len(d.text)) for i, d in enumerate(docs)]
    questions = [BenchQuestion("q1", "丧偶儿媳可以继承吗？", ("丧偶儿媳对公婆",), "tune"),
                 BenchQuestion("q2", "工业总产值到2027年要达到多少？", ("4万亿台阶",), "test")]
    return Library("tiny", docs, questions, chunks=chunks)


def test_client_side_bm25_finds_each_questions_passage_first() -> None:
    script = _script()
    for analyzer in ("words", "words+bigrams"):
        ranks, _ = script.client_side(_library(), analyzer)
        assert ranks == {"q1": 1, "q2": 1}


@pytest.mark.slow  # milvus-lite
def test_milvus_bm25_function_ranks_the_same_library(tmp_path: Path) -> None:
    ranks, seconds = _script().server_side(_library(), tmp_path)
    assert ranks["q2"] == 1 and ranks["q1"] is not None and seconds >= 0
