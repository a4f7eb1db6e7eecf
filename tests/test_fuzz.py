"""Property tests (hypothesis) over arbitrary Unicode: the chunker keeps exact offsets and size limits,
and citation parsing/verification never raises and flags every marker that points nowhere."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.cite.claims import normalize_markers
from assistant.cite.verify import marker_runs, split_claims, verify
from assistant.ingest.chunking import ChineseChunker, sections
from assistant.records import Document, Hit
from assistant.text.normalize import MARKER
from assistant.text.sentences import sentence_spans

# FUZZ_EXAMPLES=5000 for a deeper run; the default keeps this file well under a minute.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

PUNCT = list("。！？；;!?…“”‘’「」【】（）()《》，、：:,.\"'—\n\r\t \u3000\u2028\x0b\x85")
HEADINGS = [
    "一、总体要求\n",
    "（一）",
    "(2)",
    "第一条 ",
    "第三部分 ",
    "第十二章",
    "【要闻】\n",
    "王志杰：",
    "# 标题\n",
    "短标题\n",
    "——记者 张三 摄\n",
]
ANY_CHAR = st.characters(exclude_categories=("Cs",))  # the full range except lone surrogates
CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ZH_CHAR = st.one_of(CJK, st.sampled_from(PUNCT))
PIECE = st.one_of(
    st.text(ANY_CHAR, max_size=40),
    st.text(ZH_CHAR, max_size=300),
    st.sampled_from([*HEADINGS, "\n\n", "\r\n", "  \n \t\n"]),
    st.builds(lambda ch, n: ch * n, st.one_of(CJK, ANY_CHAR, st.sampled_from(PUNCT)), st.integers(1, 1500)),
)
DOC_TEXT = st.lists(PIECE, max_size=12).map("".join)


def _doc(text: str) -> Document:
    return Document("fuzz.txt", "fuzz.txt", "fuzz", text, "0" * 64)


@st.composite
def chunker_sizes(draw) -> tuple[int, int]:
    size = draw(st.sampled_from([20, 21, 50, 120, 350]) | st.integers(20, 500))
    return size, draw(st.integers(0, size - 1))


@FUZZ
@given(text=DOC_TEXT, sizes=chunker_sizes())
def test_chunker_keeps_exact_offsets_and_size_limits_on_any_text(text: str, sizes: tuple[int, int]) -> None:
    size, overlap = sizes
    doc = _doc(text)
    chunks = ChineseChunker(size, overlap).split(doc)
    for c in chunks:
        assert 0 <= c.start < c.end <= len(text)
        assert doc.text[c.start : c.end] == c.text
        assert len(c.text) <= size
        assert c.text.strip() == c.text and c.text  # no blank chunk, no surrounding whitespace
        assert c.doc_id == doc.doc_id
    starts = [c.start for c in chunks]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    covered = bytearray(len(text))
    for c in chunks:
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    lost = [i for i, ch in enumerate(text) if not covered[i] and not ch.isspace()]
    assert not lost, f"characters not in any chunk at {lost[:10]}"


@FUZZ
@given(text=DOC_TEXT)
def test_sections_are_valid_increasing_and_non_blank(text: str) -> None:
    secs = sections(text)
    previous_end = 0
    for s in secs:
        assert previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end].strip()
        assert all(isinstance(label, str) and label for label in s.path)
        previous_end = s.end
    if text.strip():
        assert secs


@FUZZ
@given(text=DOC_TEXT, data=st.data())
def test_sentence_spans_stay_inside_the_range_they_are_given(text: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    spans = sentence_spans(text, a, b)
    last = a
    for s, e in spans:
        assert last <= s < e <= b and text[s:e].strip() == text[s:e]
        last = e


@pytest.mark.timeout(120)  # a quadratic regression takes hours here; no speed figure is asserted
def test_chunker_cuts_a_long_unpunctuated_line_into_full_size_pieces() -> None:
    text = "改革" * 200_000
    chunks = ChineseChunker(350, 80).split(_doc(text))
    assert [len(c.text) for c in chunks[:-1]] == [350] * (len(chunks) - 1)
    assert chunks[-1].end == len(text)


# -- citations ----------------------------------------------------------------------------------

MARKERS = [
    "[0]",
    "[1]",
    "[2]",
    "[3]",
    "[999]",
    "[12abc]",
    "[-1]",
    "[1234]",
    "[ 1]",
    "[１]",
    "[٣]",
    "【1】",
    "[[2]]",
    "[",
    "]",
    " [2] [3]",
    "\n[1]",
]
ANSWER = st.lists(
    st.one_of(st.text(ANY_CHAR, max_size=30), st.text(ZH_CHAR, max_size=60), st.sampled_from(MARKERS)),
    max_size=15,
).map("".join)

@st.composite
def passages(draw) -> tuple[list[Hit], dict[str, Document]]:
    text = draw(DOC_TEXT.filter(lambda t: t.strip()))
    doc = Document("p.txt", "p.txt", "标题", text, "f" * 64)
    chunks = ChineseChunker(120, 30).split(doc)
    picked = draw(st.lists(st.sampled_from(chunks), max_size=5)) if chunks else []
    return [Hit(c, 1.0 / (i + 1)) for i, c in enumerate(picked)], {doc.doc_id: doc}


@FUZZ
@given(answer=ANSWER)
def test_split_claims_never_raises_and_keeps_every_marker_in_order(answer: str) -> None:
    claims = split_claims(answer)
    numbers = [n for c in claims for n in c.markers]
    # every marker, in any of the written forms, kept once and in order
    assert numbers == [int(m.group(1)) for m in MARKER.finditer(normalize_markers(answer))]
    assert all(not MARKER.search(c.text) for c in claims)


@FUZZ
@given(answer=ANSWER, given_passages=passages(), require=st.booleans(), support=st.floats(0, 1))
def test_verify_never_raises_and_flags_every_out_of_range_marker(
    answer: str, given_passages, require: bool, support: float
) -> None:
    hits, docs = given_passages
    check = verify(answer, hits, docs, min_support=support, require_citation=require)
    for claim in check.claims:
        for n in claim.markers:
            if not 1 <= n <= len(hits):
                assert f"[{n}] points at no passage that was given" in claim.problems
    out_of_range = [n for n in (int(m.group(1)) for m in MARKER.finditer(answer)) if not 1 <= n <= len(hits)]
    if out_of_range:
        assert not check.ok
    for c in check.citations:
        assert 1 <= c.n <= len(hits)
        assert docs[c.doc_id].text[c.start : c.end] == c.quote
        assert c.verified == (not c.problems)


def test_verify_flags_out_of_range_and_malformed_markers_exactly() -> None:
    text = "全会审议通过了决定。到2030年森林覆盖率达到25%左右。"
    doc = Document("d.txt", "d.txt", "决定", text, "a" * 64)
    hits = [Hit(c, 1.0) for c in ChineseChunker(350, 80).split(doc)]
    check = verify("全会审议通过了决定。[1] 森林覆盖率达到25%。[0][999] 其他[12abc]。", hits, {"d.txt": doc})
    problems = {c.text: c.problems for c in check.claims}
    assert problems["全会审议通过了决定。"] == []
    assert problems["森林覆盖率达到25%。"] == [
        "[0] points at no passage that was given",
        "[999] points at no passage that was given",
    ]
    assert problems["其他[12abc]。"] == ["no citation"]
    assert verify("[999]", hits, {"d.txt": doc}).claims[0].problems == [
        "[999] points at no passage that was given"
    ]


@pytest.mark.timeout(120)  # the former lazy regex took hours on these; no speed figure is asserted
def test_split_claims_handles_long_answers_without_markers() -> None:
    for answer in ("改" * 200_000, "[1" * 100_000, " " * 200_000 + "[1]", "。" * 100_000):
        claims = split_claims(answer)
        assert all(not c.markers for c in claims) or answer.endswith("[1]"), answer[:10]


@FUZZ
@given(answer=st.text(ANY_CHAR, max_size=300))
def test_marker_runs_are_ordered_and_cover_only_markers_and_whitespace(answer: str) -> None:
    last = 0
    for start, end, numbers in marker_runs(answer):
        assert last <= start < end <= len(answer)
        assert MARKER.sub("", answer[start:end]).isspace() or not MARKER.sub("", answer[start:end])
        assert numbers == [int(x) for x in MARKER.findall(answer[start:end])]
        last = end
