from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.chunking import ChineseChunker, heading_level, sections
from assistant.ingest.load import load_document
from assistant.text.sentences import sentence_spans
from tests.conftest import CORPUS, DATA, DOCUMENTS, SEED

# Our own test documents and the bundled one (fast), and the national documents in ../shared (slow).
ALL_FILES = [
    *sorted(p for p in DATA.rglob("*") if p.suffix in (".txt", ".md")),
    *sorted(DOCUMENTS.glob("*.txt")),
    *(pytest.param(p, marks=pytest.mark.slow, id=f"shared-{p.name}") for p in sorted(CORPUS.glob("*.txt"))),
]
DECISION = DATA / "decision" / "示范市深化改革决定.txt"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_every_chunk_is_an_exact_slice_of_its_document(path: Path) -> None:
    doc = load_document(path, path.parent)
    chunks = ChineseChunker(350, 80).split(doc)
    assert chunks
    for c in chunks:
        assert doc.text[c.start:c.end] == c.text
        assert 0 < len(c.text) <= 350
        assert c.doc_id == doc.doc_id


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_chunks_end_at_sentence_boundaries_unless_a_sentence_is_too_long(path: Path) -> None:
    doc = load_document(path, path.parent)
    chunker = ChineseChunker(350, 80)
    ends = set()
    for sec in sections(doc.text):
        for a, b in sentence_spans(doc.text, sec.start, sec.end):
            ends.add(b)
            if b - a > 350:
                ends.update(range(a, b + 1))  # over-long sentences may be cut anywhere
    for c in chunker.split(doc):
        assert c.end in ends, f"chunk ends inside a sentence: …{c.text[-20:]!r}"


def test_chunk_ids_are_stable_and_unique() -> None:
    doc = load_document(SEED, SEED.parent)
    a = ChineseChunker(350, 80).split(doc)
    b = ChineseChunker(350, 80).split(doc)
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert len({c.chunk_id for c in a}) == len(a)


def test_press_conference_sections_name_topic_and_speaker() -> None:
    doc = load_document(SEED, SEED.parent)
    paths = {c.section_path for c in ChineseChunker().split(doc)}
    assert any(p.endswith("城市治理 › 李春奎") for p in paths)
    assert any(p.endswith("经济体制改革 › 王志杰") for p in paths)
    assert any(p.endswith("全面深化改革 › 刘尚进") for p in paths)


def test_city_governance_chunk_keeps_its_speaker_text() -> None:
    doc = load_document(SEED, SEED.parent)
    chunk = next(c for c in ChineseChunker().split(doc) if "三级中心“三项能力”" in c.text and "李春奎" in c.section_path)
    assert chunk.section[-1] == "李春奎"


@pytest.mark.parametrize("path", [
    DECISION,
    pytest.param(CORPUS / "zhonggong_zhongyang_jueding_2024_full.txt", marks=pytest.mark.slow, id="shared-jueding"),
], ids=lambda p: p.name)
def test_decision_items_are_labelled_with_part_and_item(path: Path) -> None:
    doc = load_document(path, path.parent)
    paths = [c.section_path for c in ChineseChunker().split(doc)]
    assert any(p.startswith("一、") for p in paths)
    assert any("（1）" in p for p in paths)


@pytest.mark.parametrize(("line", "level"), [
    ("第一部分 总体要求", 1), ("【发言摘编】", 1), ("一、总体目标", 2), ("（一）管网建设", 3),
    ("（12）完善产权制度。", 4), ("第三条 本办法适用于全市", 5), ("经济体制改革", 2), ("## 小标题", 2),
    ("王志杰：到2027年，全市工业总产值迈上4万亿台阶。", None), ("这是一句完整的话。", None),
])
def test_heading_rules(line: str, level: int | None) -> None:
    assert heading_level(line) == level


def test_overlong_sentence_without_punctuation_is_cut_within_the_limit() -> None:
    from assistant.records import Document

    text = "改革" * 1000
    doc = Document("x", "x", "x", text, "h")
    chunks = ChineseChunker(200, 40).split(doc)
    assert all(len(c.text) <= 200 for c in chunks)
    assert chunks[0].start == 0 and chunks[-1].end == len(text)


def test_overlap_repeats_trailing_sentences() -> None:
    from assistant.records import Document

    sentences = [f"第{i}句话的内容在这里展开说明。" for i in range(40)]
    doc = Document("x", "x", "x", "".join(sentences), "h")
    chunks = ChineseChunker(100, 40).split(doc)
    assert len(chunks) > 2
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert b.start < a.end, "consecutive chunks share their boundary sentences"


def test_invalid_sizes_are_rejected_with_the_bad_value() -> None:
    with pytest.raises(ValueError, match="overlap"):
        ChineseChunker(100, 100)


def test_a_blank_line_that_cuts_a_sentence_in_two_does_not_end_it() -> None:
    text = ("小组做了三件事。一是调研。三是推进文件起草，市委常委会直接领导\n\n"
            "文件的起草工作，形成文稿后，征求各方面意见建议，并召开专题会议进行研究。\n\n"
            "第二部分 主要内容\n\n"
            "下一步将重点推进三个方面的工作：\n建设数字化城市运行和治理中心，完善基础性城市建设体制机制。\n")
    sentences = [text[a:b] for a, b in sentence_spans(text, 0, len(text))]
    assert "三是推进文件起草，市委常委会直接领导\n\n文件的起草工作，形成文稿后，征求各方面意见建议，并召开专题会议进行研究。" \
        in sentences
    assert "第二部分 主要内容" in sentences  # a heading is a whole line: it still ends at the blank line
    assert "下一步将重点推进三个方面的工作：" in sentences  # so does an intro ending in a colon
