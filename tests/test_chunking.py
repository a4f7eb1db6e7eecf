from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.chunking import ChineseChunker, heading_level, section_at, sections
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
    chunks = ChineseChunker().split(doc)
    assert any(c.section_path.startswith("一、") for c in chunks)
    item = doc.text.index("（1）")
    assert section_at(doc, item + 5)[0].startswith("一、") and section_at(doc, item + 5)[-1].startswith("（1）")
    holder = next(c for c in chunks if c.start <= item < c.end)
    assert holder.section == section_at(doc, item)[:len(holder.section)], "a chunk's path is a prefix of its text's"


@pytest.mark.parametrize(("line", "level"), [
    ("第一部分 总体要求", 1), ("【发言摘编】", 1), ("一、总体目标", 2), ("第二节 一般规定", 2),
    ("第三条 本办法适用于全市", 3), ("（一）管网建设", 4), ("（12）完善产权制度。", 5), ("经济体制改革", 2),
    ("## 小标题", 2),
    ("王志杰：到2027年，全市工业总产值迈上4万亿台阶。", None), ("这是一句完整的话。", None),
])
def test_heading_rules(line: str, level: int | None) -> None:
    assert heading_level(line) == level


def test_a_part_title_after_an_item_with_its_own_sentences_starts_a_new_part() -> None:
    from assistant.records import Document

    # Each item line carries its body; the part titles 一、 二、 must not be read as subtitles of the items.
    text = ("一、总体要求\n（1）改革的意义。改革是重要法宝。\n（2）改革的原则。坚持党的领导。\n"
            "二、构建市场经济体制\n（3）坚持两个毫不动摇。巩固公有制经济。\n")
    paths = [s.path for s in sections(text)]
    assert paths == [("一、总体要求",), ("一、总体要求", "（1）改革的意义"), ("一、总体要求", "（2）改革的原则"),
                     ("二、构建市场经济体制", "（3）坚持两个毫不动摇")]
    chunks = ChineseChunker().split(Document("x", "x", "x", text, "h"))
    assert [c.section for c in chunks] == [("一、总体要求",), ("二、构建市场经济体制", "（3）坚持两个毫不动摇")]


LAW = ("第一章 总则\n第一条 为了规范管理，制定本法。\n第二条 下列行为应当登记：\n（一）出租；\n（二）入股。\n"
       "第三条 本法自公布之日起施行。\n第二章 登记\n第四条 登记机关应当公开办理程序。\n")


def test_each_article_of_a_law_is_a_section_and_holds_its_own_items() -> None:
    paths = [s.path for s in sections(LAW)]
    assert paths[1] == ("第一章 总则", "第一条 为了规范管理")
    assert ("第一章 总则", "第二条 下列行为应当登记", "（一）出租") in paths
    assert ("第一章 总则", "第三条 本法自公布之日起施行") in paths  # not under 第二条's （二）
    assert paths[-1] == ("第二章 登记", "第四条 登记机关应当公开办理程序")


def test_short_articles_share_a_chunk_labelled_by_their_chapter_and_each_quote_keeps_its_article() -> None:
    from assistant.records import Document

    doc = Document("x", "x", "x", LAW, "h")
    chunks = ChineseChunker().split(doc)
    assert [c.section for c in chunks] == [("第一章 总则",), ("第二章 登记", "第四条 登记机关应当公开办理程序")], \
        "a chapter title starts a chunk"
    assert "第一条" in chunks[0].text and "第三条" in chunks[0].text
    assert section_at(doc, LAW.index("入股")) == ("第一章 总则", "第二条 下列行为应当登记", "（二）入股")


def test_long_articles_are_not_joined() -> None:
    from assistant.records import Document

    body = "经营者应当依法履行义务，接受监督。" * 12
    text = f"第一条 {body}\n第二条 {body}\n"
    chunks = ChineseChunker(350, 80).split(Document("x", "x", "x", text, "h"))
    assert {c.section[-1][:3] for c in chunks} == {"第一条", "第二条"}


def test_shared_decision_parts_each_hold_their_own_items() -> None:
    path = CORPUS / "zhonggong_zhongyang_jueding_2024_full.txt"
    if not path.exists():
        pytest.skip("the shared corpus is not mounted")
    doc = load_document(path, path.parent)
    part_of = {c.section[-1]: c.section[0] for c in ChineseChunker().split(doc) if len(c.section) > 1}
    assert part_of["（5）坚持和落实“两个毫不动摇”"] == "二、构建高水平社会主义市场经济体制"
    assert part_of["（13）深化教育综合改革"] == "四、构建支持全面创新体制机制"


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


@pytest.mark.parametrize(("text", "whole", "ended"), [
    (  # a line ending after an earlier sentence of its own, and a long line after the blank one
        "小组做了三件事。一是调研。三是推进文件起草，市委常委会直接领导\n\n"
        "文件的起草工作，形成文稿后，征求各方面意见建议，并召开专题会议进行研究。\n\n"
        "第二部分 主要内容\n\n"
        "下一步将重点推进三个方面的工作：\n建设数字化城市运行和治理中心，完善基础性城市建设体制机制。\n",
        "三是推进文件起草，市委常委会直接领导\n\n文件的起草工作，形成文稿后，征求各方面意见建议，并召开专题会议进行研究。",
        ("第二部分 主要内容", "下一步将重点推进三个方面的工作："),  # a heading, and an intro ending in a colon
    ),
    (  # breaks inside 《…》 and （…）, in a sentence already broken on an earlier line
        "新闻发布会上，市委副秘书长介绍，会议审议通过了《关于加快建设示范城市的若干措施与实施\n\n"
        "方案》，要求各区县各部门结合实际抓好贯彻落实，形成工作合力（以下简\n\n"
        "称《方案》）和会议决议。会议强调，要细化落实《方案》提出的各项要求，确保改革任务落地见效。\n\n"
        "二、主要任务\n\n加快建设示范城市，完善城市治理体系，推进公共服务均等化和数字化转型升级。\n",
        "新闻发布会上，市委副秘书长介绍，会议审议通过了《关于加快建设示范城市的若干措施与实施\n\n"
        "方案》，要求各区县各部门结合实际抓好贯彻落实，形成工作合力（以下简\n\n称《方案》）和会议决议。",
        ("二、主要任务",),
    ),
    (  # a numbered title without the stop the title before it has: layout cut it; a list of bare titles stays
        "（一）坚持和加强集中统一领导。党的领导是全面的。\n\n（二）坚持不懈用\n\n新时代思想凝心铸魂。用创新理论武装全党。\n\n"
        "第五条 下列企业适用本办法：\n（一）国有企业\n（二）集体企业\n",
        "（二）坚持不懈用\n\n新时代思想凝心铸魂。",
        ("（一）坚持和加强集中统一领导。", "（一）国有企业", "（二）集体企业"),
    ),
])
def test_a_blank_line_that_cuts_a_sentence_in_two_does_not_end_it(text: str, whole: str, ended: tuple[str, ...]) -> None:
    sentences = [text[a:b] for a, b in sentence_spans(text, 0, len(text))]
    assert whole in sentences
    for line in ended:  # a whole line of its own still ends at the blank line or line break after it
        assert line in sentences


def test_a_citation_in_a_chunk_of_joined_articles_names_its_own_article() -> None:
    from assistant.cite.verify import verify
    from assistant.records import Document, Hit

    doc = Document("law.txt", "law.txt", "示范条例", LAW, "h")
    chunk = ChineseChunker().split(doc)[0]
    answer = "第三条 本法自公布之日起施行。[1]"
    result = verify(answer, [Hit(chunk, 1.0)], {doc.doc_id: doc})
    assert chunk.section == ("第一章 总则",)
    assert result.citations[0].section == "第一章 总则 › 第三条 本法自公布之日起施行"


def test_an_article_is_not_cut_from_its_own_items_when_they_fit_in_a_chunk_together() -> None:
    from assistant.records import Document

    first = "第一条 为了规范房屋租赁管理，维护当事人的合法权益，根据有关法律，制定本条例。\n"
    second = "第二条 下列行为应当登记：\n（一）出租房屋的；\n（二）以房屋入股经营的。\n"
    text = first + second + "第三条 本条例自公布之日起施行。\n"
    size = len(first) + len(second) - 4  # room for 第一条, 第二条 and （一）, not （二）
    chunks = ChineseChunker(size, 10).split(Document("x", "x", "x", text, "h"))
    assert [c.text.split("\n")[0][:3] for c in chunks] == ["第一条", "第二条"]
    assert "（一）" in chunks[1].text and "（二）" in chunks[1].text and "第三条" in chunks[1].text
