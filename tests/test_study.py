"""Study tools (issue 6): key figures, quizzes, glossary, exports, CLI and UI, on real documents."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.ingest.load import load_document
from assistant.records import Document
from assistant.retrieval.glossary import build_glossary
from assistant.study import export
from assistant.study.figures import extract_figures
from assistant.study.numerals import cn_to_int, int_to_cn, variants
from assistant.study.quiz import BLANK, Quiz, make_quiz

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
SEED = REPO / "documents" / "chongqing_plenum_6_6_press_conference_2024.txt"
JUEDING = CORPUS / "zhonggong_zhongyang_jueding_2024_full.txt"

# Every figure of the seed's 数读 box, and the exact card figure it must produce.
SHUDU_FIGURES = {
    "4万亿": "4万亿",
    "28%": "28%",
    "36%": "36%",
    "60%": "60%",
    "50%": "50%",
    "76%": "76%",
    "7年": "7年",
    "9万多个": "9万多个",
    "180多万": "180多万名",
    "5张": "5张",
}


def _doc(text: str, doc_id: str = "inline.txt") -> Document:
    return Document(doc_id, doc_id, "测试文档", text, hashlib.sha256(text.encode()).hexdigest())


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    return load_document(SEED, SEED.parent)


@pytest.fixture(scope="module")
def jueding_doc() -> Document:
    return load_document(JUEDING, JUEDING.parent)


@pytest.fixture(scope="module")
def seed_quiz(seed_doc: Document) -> Quiz:
    return make_quiz(seed_doc, n=10, seed=0)


# ---- key figures -----------------------------------------------------------------------------


def test_every_shudu_box_figure_is_found_with_its_sentence(seed_doc: Document) -> None:
    cards = {c.figure: c for c in extract_figures(seed_doc)}
    for box_figure, figure in SHUDU_FIGURES.items():
        assert figure in cards, box_figure
        card = cards[figure]
        assert box_figure in card.sentence
        assert seed_doc.text[card.start : card.end] == card.sentence
        assert seed_doc.text[card.figure_start : card.figure_end] == figure


DECISION = Path(__file__).resolve().parent / "data" / "decision" / "示范市深化改革决定.txt"


@pytest.fixture(scope="module")
def decision_doc() -> Document:
    """Our own short decision (tests/data): the fast stand-in for the national one in ../shared."""
    return load_document(DECISION, DECISION.parent)


@pytest.mark.parametrize("docs", ["seed_doc,decision_doc", pytest.param("jueding_doc", marks=pytest.mark.slow)])
def test_every_card_cites_the_exact_sentence_it_was_read_from(docs: str, request: pytest.FixtureRequest) -> None:
    for doc in (request.getfixturevalue(name) for name in docs.split(",")):
        cards = extract_figures(doc)
        assert cards
        for c in cards:
            assert doc.text[c.start : c.end] == c.sentence
            assert c.start <= c.figure_start and c.figure_end <= c.end
            assert doc.text[c.figure_start : c.figure_end] == c.figure


def test_multi_figure_sentence_gives_one_card_per_figure_sharing_the_deadline(seed_doc: Document) -> None:
    cards = {c.figure: c for c in extract_figures(seed_doc)}
    expected = {
        "4万亿": "全市工业总产值",
        "28%": "制造业增加值占GDP比重",
        "36%": "战略性新兴产业增加值占规上工业增加值比重",
        "60%": "生产性服务业增加值占服务业比重",
        "50%": "数字经济增加值占GDP比重",
    }
    for figure, measure in expected.items():
        assert (cards[figure].measure, cards[figure].deadline) == (measure, "到2027年")
    assert len({cards[f].sentence for f in expected}) == 1
    assert (cards["76%"].measure, cards["76%"].deadline) == ("全市常住人口城镇化率", "到2029年")
    assert cards["5张"].measure == "清单"
    assert cards["180多万名"].measure == "党员"
    assert cards["7年"].measure == "长江干流重庆段水质连续保持Ⅱ类"


def test_a_figure_repeated_in_the_shudu_box_is_kept_once_from_the_body(seed_doc: Document) -> None:
    cards = extract_figures(seed_doc)
    for key in ("4万亿", "76%", "7年", "9万多", "180多万", "5张"):
        same = [c for c in cards if c.value_key == key]
        assert len(same) == 1, key
        assert not same[0].heading
        assert same[0].sentence.endswith("。")
    assert [c for c in cards if c.value_key == "4万亿"][0].sentence.startswith("王志杰：到2027年")


def test_chinese_numeral_years_approximations_and_quoted_codes() -> None:
    doc = _doc(
        "到二〇三五年，全面建成高水平社会主义市场经济体制。\n"
        "全市现有基层党组织9万多个、党员180多万名。\n"
        "健全“33618”现代制造业集群体系发展机制，提出《3岁以下婴幼儿托育机构服务规范》。\n"
        "国内生产总值超过126万亿元，城镇新增就业1200万人以上，增长5%左右。\n"
    )
    cards = {c.figure: c for c in extract_figures(doc)}
    assert set(cards) == {"二〇三五年", "9万多个", "180多万名", "126万亿元", "1200万人以上", "5%左右"}
    assert (cards["二〇三五年"].kind, cards["二〇三五年"].deadline) == ("date", "到二〇三五年")
    assert cards["二〇三五年"].measure == "全面建成高水平社会主义市场经济体制"
    assert (cards["9万多个"].kind, cards["5%左右"].kind) == ("amount", "percent")
    assert cards["126万亿元"].measure == "国内生产总值"


def test_figures_can_be_limited_to_a_section(seed_doc: Document) -> None:
    cards = extract_figures(seed_doc, section="王志杰")
    assert cards and all("王志杰" in c.section for c in cards)
    assert {"4万亿", "28%", "5类"} <= {c.figure for c in cards}


# ---- quiz ------------------------------------------------------------------------------------


def _check_quiz(doc: Document, quiz: Quiz, n: int = 10) -> None:
    assert len(quiz.items) == n
    assert {i.kind for i in quiz.items} == {"fill", "choice"}
    assert len({i.answer for i in quiz.items}) == n
    for item in quiz.items:
        assert doc.text[item.start : item.end] == item.sentence
        assert item.answer in item.sentence
        assert doc.text[item.answer_start : item.answer_start + len(item.answer)] == item.answer
        assert item.start <= item.answer_start < item.end
        assert BLANK in item.question and item.answer not in item.question
        assert item.doc_id == doc.doc_id
        if item.kind == "choice":
            assert len(item.options) == 4 and len(set(item.options)) == 4
            assert item.answer in item.options
            assert item.options[ord(item.answer_letter) - ord("A")] == item.answer
        else:
            assert item.options == []


def test_ten_question_quiz_on_the_seed_cites_every_answer(seed_doc: Document, seed_quiz: Quiz) -> None:
    _check_quiz(seed_doc, seed_quiz)
    assert {i.source for i in seed_quiz.items} == {"figure", "term"}


@pytest.mark.parametrize("name", ["decision_doc", pytest.param("jueding_doc", marks=pytest.mark.slow)])
def test_quiz_on_a_decision_cites_every_answer(name: str, request: pytest.FixtureRequest) -> None:
    doc = request.getfixturevalue(name)
    n = 10 if name == "jueding_doc" else 4
    _check_quiz(doc, make_quiz(doc, n=n, seed=0), n)


def test_quiz_is_deterministic_for_a_seed(seed_doc: Document, seed_quiz: Quiz) -> None:
    assert make_quiz(seed_doc, n=10, seed=0).to_dict() == seed_quiz.to_dict()
    assert make_quiz(seed_doc, n=10, seed=1).to_dict() != seed_quiz.to_dict()


def test_fill_in_blank_keeps_the_deadline_of_an_earlier_clause(seed_doc: Document) -> None:
    questions = {
        i.answer: i.question
        for s in range(6)
        for i in make_quiz(seed_doc, n=100, seed=s).items
        if i.kind == "fill"
    }
    assert questions["4万亿"] == "到2027年，全市工业总产值迈上____台阶"
    assert questions["33618"] == "健全“____”现代制造业集群体系发展机制"


def test_choice_distractors_share_the_answers_unit(seed_doc: Document) -> None:
    items = [i for s in range(8) for i in make_quiz(seed_doc, n=20, seed=s).items if i.kind == "choice"]
    percent = [i for i in items if i.answer.endswith("%")]
    assert percent
    for item in percent:
        assert all(o.endswith("%") for o in item.options)


def test_numeric_variants_keep_the_wording_of_the_figure() -> None:
    assert variants("4万亿") == ["2万亿", "3万亿", "5万亿", "6万亿", "8万亿", "12万亿"]
    assert variants("60%") == ["30%", "45%", "75%", "90%"]
    assert variants("2027年")[:3] == ["2024年", "2025年", "2026年"]
    assert variants("一百四十多个")[:2] == ["七十多个", "一百零五多个"]
    assert variants("二〇三五年") == [] and variants("百分之十八点五") == []
    for n in (10, 105, 10010, 81000, 1_040_000_000, 1_250_000_000_000):
        assert cn_to_int(int_to_cn(n)) == n
    assert int_to_cn(1_250_000_000_000) == "一万二千五百亿"


def test_quiz_can_be_limited_to_a_section(seed_doc: Document) -> None:
    quiz = make_quiz(seed_doc, n=5, section="王志杰", seed=3)
    assert len(quiz.items) == 5
    assert all("王志杰" in i.section for i in quiz.items)


def test_rewrite_hook_changes_only_the_question_text(seed_doc: Document, seed_quiz: Quiz) -> None:
    quiz = make_quiz(seed_doc, n=10, seed=0, rewrite=lambda q: "请作答：" + q)
    assert [i.question for i in quiz.items] == ["请作答：" + i.question for i in seed_quiz.items]
    strip = ("question",)
    assert [{k: v for k, v in i.to_dict().items() if k not in strip} for i in quiz.items] == [
        {k: v for k, v in i.to_dict().items() if k not in strip} for i in seed_quiz.items
    ]


def test_rewrite_that_loses_the_blank_or_fails_drops_the_item(seed_doc: Document) -> None:
    def broken(q: str) -> str:
        raise RuntimeError("LLM down")

    assert make_quiz(seed_doc, n=3, rewrite=broken).items == []
    quiz = make_quiz(seed_doc, n=3, rewrite=lambda q: q.replace(BLANK, "（略）"))
    assert all(i.kind == "choice" for i in quiz.items)
    assert quiz.notices


def test_quiz_rejects_a_non_positive_count(seed_doc: Document) -> None:
    with pytest.raises(ValueError, match="n must be > 0"):
        make_quiz(seed_doc, n=0)


# ---- glossary --------------------------------------------------------------------------------


def test_glossary_has_local_jargon_with_defining_sentences(seed_doc: Document) -> None:
    glossary = build_glossary([seed_doc])
    for term in ("33618", "416", "141", "三改一盘活", "一单制", "小县大城", "强镇带村", "四进三回", "碳惠通"):
        entry = glossary[term]
        assert entry.definition_sentences, term
        assert entry.doc_ids == [seed_doc.doc_id]
        for s in entry.definition_sentences:
            assert seed_doc.text[s.start : s.end] == s.sentence
            assert f"“{term}”" in s.sentence
    assert glossary["33618"].kind == "code" and glossary["小县大城"].kind == "coinage"
    assert glossary["33618"].usage_count == 2
    assert "科技型中小企业—高新技术企业—科技领军企业" not in glossary  # a long phrase, not a term


def test_expand_adds_words_of_the_defining_sentence(seed_doc: Document) -> None:
    glossary = build_glossary([seed_doc])
    expanded = glossary.expand("33618是什么")
    assert expanded.startswith("33618是什么 ")
    added = expanded.split(" ")[1:]
    assert {"现代", "制造业", "集群", "体系"} <= set(added)
    assert all(w in glossary["33618"].definition_sentences[0].sentence for w in added[:4])
    assert glossary.expand("营商环境怎么样") == "营商环境怎么样"
    assert glossary.find("编号1416的文件") == []


@pytest.mark.slow
def test_register_terms_keeps_terms_as_single_tokens() -> None:
    # in a subprocess: jieba's dictionary is process-global and other tests must not see the terms
    code = (
        "from pathlib import Path\n"
        "from assistant.ingest.load import load_document\n"
        "from assistant.text.tokens import tokenize\n"
        "from assistant.retrieval.glossary import build_glossary, register_terms\n"
        f"p = Path({str(SEED)!r})\n"
        "register_terms(build_glossary([load_document(p, p.parent)]))\n"
        "print(' '.join(tokenize('巩固拓展三改一盘活改革和四进三回行动')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0, out.stderr
    tokens = out.stdout.split()
    assert "三改一盘活" in tokens and "四进三回" in tokens


# ---- export ----------------------------------------------------------------------------------


def test_markdown_puts_the_answer_key_after_the_page_break(seed_doc: Document, seed_quiz: Quiz) -> None:
    md = export.quiz_markdown(seed_quiz)
    brk = md.index(export.PAGE_BREAK_MD)
    key = md.index(f"## {export.ANSWER_HEADING}")
    assert brk < key and md.index("\n---\n") < key
    questions, answers = md[:brk], md[key:]
    assert "出处" not in questions
    for item in seed_quiz.items:
        assert export.md_escape(item.answer) in answers
        assert export.md_escape(item.sentence) in answers
    assert answers.count(f"《{seed_doc.title}》") == 10


def test_docx_reopens_with_a_page_break_before_the_answer_key(tmp_path: Path, seed_quiz: Quiz) -> None:
    import docx

    path = export.quiz_docx(seed_quiz, tmp_path / "quiz.docx")
    paragraphs = docx.Document(str(path)).paragraphs
    breaks = [i for i, p in enumerate(paragraphs) if 'w:type="page"' in p._p.xml]
    key = [i for i, p in enumerate(paragraphs) if p.text == export.ANSWER_HEADING]
    assert len(breaks) == 1 and len(key) == 1 and breaks[0] < key[0]
    before = "\n".join(p.text for p in paragraphs[: breaks[0]])
    after = "\n".join(p.text for p in paragraphs[key[0] :])
    assert "出处" not in before
    for item in seed_quiz.items:
        assert item.answer in after
    assert after.count(f"《{seed_quiz.title}》") == 10


def test_exports_escape_document_text() -> None:
    doc = _doc("到2027年<script>alert(1)</script>，全市工业总产值迈上4万亿台阶，健全“33618”机制。")
    cards = extract_figures(doc)
    assert [c.figure for c in cards] == ["4万亿"]
    md = export.figures_markdown(cards, "<b>标题</b>")
    assert "<script>" not in md and "<b>" not in md
    assert "\\<b\\>" in md and "\\<script\\>" in md


def test_figures_and_glossary_export_to_docx(tmp_path: Path, seed_doc: Document) -> None:
    import docx

    export.figures_docx(extract_figures(seed_doc), seed_doc.title, tmp_path / "f.docx")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "f.docx")).paragraphs)
    assert "4万亿" in text and "全市工业总产值" in text
    export.glossary_docx(build_glossary([seed_doc]), tmp_path / "g.docx", {seed_doc.doc_id: seed_doc.title})
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "g.docx")).paragraphs)
    assert "33618" in text and "小县大城" in text


# ---- CLI -------------------------------------------------------------------------------------


@pytest.fixture
def study(tmp_path: Path):
    """`assistant study …` through the console script's own main (its one-line error handling included)."""
    from assistant.cli import main

    empty_index = tmp_path / "no-index"

    def run(*argv: str) -> int:
        return main(["study", *argv, "--docs", str(REPO / "documents"), "--index", str(empty_index)])

    return run


def test_cli_prints_figures_as_json(study, capsys) -> None:
    assert study("figures", str(SEED), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert {"4万亿", "28%", "5张"} <= {f["figure"] for f in data["figures"]}


def test_cli_finds_a_document_by_title_substring_and_writes_docx(study, tmp_path: Path) -> None:
    import docx

    out = tmp_path / "quiz.docx"
    assert study("quiz", "12方面标志性改革成果", "--n", "6", "--seed", "2", "--out", str(out)) == 0
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert export.ANSWER_HEADING in texts


def test_cli_writes_markdown_and_json(study, tmp_path: Path, seed_doc: Document) -> None:
    assert study("quiz", "chongqing_plenum", "--section", "王志杰", "--out", str(tmp_path / "q.md")) == 0
    assert f"## {export.ANSWER_HEADING}" in (tmp_path / "q.md").read_text(encoding="utf-8")
    assert study("glossary", str(SEED), "--out", str(tmp_path / "g.json")) == 0
    terms = [e["term"] for e in json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))["entries"]]
    assert {"33618", "416", "141"} <= set(terms)
    quiz = json.loads(json.dumps(make_quiz(seed_doc, n=3).to_dict()))
    assert quiz["items"][0]["sentence"] == seed_doc.text[quiz["items"][0]["start"] : quiz["items"][0]["end"]]


def test_cli_reports_user_errors_in_one_line(study, capsys, tmp_path: Path) -> None:
    assert study("quiz", "没有这个文档") == 2
    assert study("figures", str(SEED), "--out", str(tmp_path / "x.txt")) == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 2 and "Traceback" not in err


# ---- UI --------------------------------------------------------------------------------------


def test_study_tab_builds_and_views_escape_html(tmp_path: Path, seed_doc: Document) -> None:
    import gradio as gr

    from assistant.study import ui

    with gr.Blocks():
        tab = ui.build_study_tab(lambda: [seed_doc])
    assert tab.document.value == seed_doc.doc_id
    evil = _doc("到2027年<img src=x onerror=alert(1)>，全市工业总产值迈上4万亿台阶，健全“33618”机制。")
    for page in (ui.figures_html(evil), ui.glossary_html([evil]), ui.quiz_html(make_quiz(evil, n=2))):
        assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<mark>4万亿</mark>" in ui.figures_html(evil)
    md, docx_path = ui.quiz_files(make_quiz(seed_doc, n=4), tmp_path)
    assert md.read_text(encoding="utf-8").count("## 答案") == 1 and docx_path.stat().st_size > 0


def test_key_figures_can_be_exported_as_markdown_and_docx(seed_doc: Document, tmp_path: Path) -> None:
    import docx

    from assistant.study import ui

    files = ui.figures_files(seed_doc, None, tmp_path)
    assert files is not None
    md, doc_path = files
    cards = extract_figures(seed_doc)
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# 数读：") and md.name.startswith("数读-")
    assert all(export.md_escape(c.figure) in text for c in cards)
    paragraphs = "\n".join(p.text for p in docx.Document(str(doc_path)).paragraphs)
    assert all(c.figure in paragraphs for c in cards)
    assert ui.figures_files(_doc("没有数字的文件。"), None, tmp_path) is None


def test_side_by_side_study_aligns_both_documents_on_a_topic_with_citations(
    seed_doc: Document, jueding_doc: Document, tmp_path: Path
) -> None:
    import docx

    from assistant.study import ui
    from assistant.study.compare import compare

    c = compare(jueding_doc, seed_doc, "城乡融合")
    assert c.rows
    paired = [r for r in c.rows if r.left and r.right]
    assert paired, [r.subtopic for r in c.rows]  # at least one sub-topic both documents speak to
    for r in c.rows:
        assert r.subtopic
        for p, doc in ((r.left, jueding_doc), (r.right, seed_doc)):
            if p is not None:
                assert doc.text[p.start : p.end] == p.text and "城乡" in p.text
    assert all(any(p.start <= f.start < p.end for r in c.rows for p in (r.left, r.right) if p) for f in c.figures)
    page = ui.comparison_html(c)
    assert page.count("<tr>") == len(c.rows) + 1 and page.count("出处：") == sum(
        (r.left is not None) + (r.right is not None) for r in c.rows
    )
    handout = ui.comparison_file(c, tmp_path)
    d = docx.Document(str(handout))
    table = d.tables[0]
    assert len(table.rows) == len(c.rows) + 1 and "推进中国式现代化的决定" in table.rows[0].cells[1].text
    text = "\n".join(p.text for p in d.paragraphs)
    assert "数读：关键数字" in text and "测验" in text and "答案" in text
    assert all(f.figure in text for f in c.figures)
    assert "没有找到" in ui.comparison_html(compare(jueding_doc, seed_doc, "火星基地"))
