"""What of an LLM answer reaches the user: each claim cites the fewest passages that support it, the
best-supporting one when the model numbered it wrong, its numbers are in the sentences it quotes,
each quote has its own marker, and claims that do not answer the question (issue 11: restatements,
off-topic claims, no number for 多少, anchors the cited passages never name) are dropped, the whole
answer with its reason when none is left. Real parsing and verification; the model is scripted."""

from __future__ import annotations

from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.answer.llm import backend_name
from assistant.answer.llm_answer import LLMAnswerer, LLMOutcome, topic_terms
from assistant.answer.question import analyse
from assistant.cite.verify import verify
from assistant.evals.replay import replay_chat
from assistant.records import Chunk, Document, Hit

PARAGRAPHS = [
    "四是近期拟出台惠民强企政策清单。为了让企业群众感受到改革红利，梳理提出近期拟出台的政策29项。",
    "三是针对问题补短板实现全国进位改革项目清单。主要针对短板弱项，谋划提出16项改革项目。",
    "完善“碳惠通”温室气体自愿减排交易机制。全市将绿色低碳转型要求融入经济社会发展全局。",
    "到2027年，全市工业总产值迈上4万亿台阶。制造业增加值占GDP比重达到28%。",
    "谋划提出16项重点任务。这些任务由各部门牵头落实。全市梳理提出惠民强企政策。",
]
TEXT = "\n\n".join(PARAGRAPHS)
DOC = Document("d.txt", "d.txt", "重庆市改革清单", TEXT, "a" * 64)
DOCS = {DOC.doc_id: DOC}


def _chunk(i: int, start: int, end: int) -> Hit:
    return Hit(Chunk(f"c{i}", DOC.doc_id, TEXT[start:end], start, end), 1.0, title=DOC.title)


def _hits() -> list[Hit]:
    """One passage per paragraph, then one overlapping the end of the 3rd and all of the 4th."""
    hits = []
    for i, p in enumerate(PARAGRAPHS, start=1):
        start = TEXT.index(p)
        hits.append(_chunk(i, start, start + len(p)))
    third = TEXT.index("全市将绿色")
    hits.append(_chunk(6, third, TEXT.index(PARAGRAPHS[3]) + len(PARAGRAPHS[3])))
    return hits


HITS = _hits()


def _answer(question: str, reply: str, hits: list[Hit] | None = None, docs: dict[str, Document] | None = None) -> LLMOutcome:
    model = GenericFakeChatModel(messages=iter([AIMessage(content=reply)]))
    run = LLMAnswerer(model, backend_name(model), output="free").run(question, hits or HITS, docs or DOCS)
    while True:
        try:
            next(run)
        except StopIteration as stop:
            return stop.value


# -- verification: the passages a claim keeps -------------------------------------------------------

def test_claim_citing_two_passages_that_hold_the_same_sentence_keeps_one() -> None:
    check = verify("到2027年，全市工业总产值迈上4万亿台阶[4][6]。", HITS, DOCS, fewest=True)
    assert check.ok and len(check.claims[0].markers) == 1 and len(check.citations) == 1


def test_finished_answer_keeps_a_citation_for_each_supporting_marker_of_its_text() -> None:
    check = verify("到2027年，全市工业总产值迈上4万亿台阶[4][6]。", HITS, DOCS)  # the pipeline's verify step
    assert check.ok and [c.n for c in check.citations] == [4, 6]


def test_claim_drawing_on_two_passages_keeps_both() -> None:
    check = verify("全市工业总产值迈上4万亿台阶，梳理提出近期拟出台的政策29项[4][1]。", HITS, DOCS, fewest=True)
    assert check.ok and sorted(check.claims[0].markers) == [1, 4]


def test_cited_passage_that_does_not_support_the_claim_is_dropped_from_its_markers() -> None:
    check = verify("完善“碳惠通”温室气体自愿减排交易机制[3][2]。", HITS, DOCS)
    assert check.ok and check.claims[0].markers == [3] and [c.n for c in check.citations] == [3]


def test_number_in_the_next_sentence_extends_the_quote_over_it() -> None:
    check = verify("近期拟出台惠民强企政策清单提出了29项政策[1]。", HITS, DOCS)
    assert check.ok
    assert check.citations[0].quote == PARAGRAPHS[0]  # the heading and the sentence holding 29项


def test_number_elsewhere_in_the_passage_is_not_in_the_quote_and_fails() -> None:
    check = verify("全市梳理提出惠民强企政策16项[5]。", HITS, DOCS)  # 16项 is two sentences away
    assert not check.ok
    assert any("numbers not in the quoted sentences: 16" in p for p in check.claims[0].problems)


# -- re-citation -----------------------------------------------------------------------------------

def test_claim_numbered_wrong_is_re_cited_to_the_passage_that_holds_it() -> None:
    out = _answer("“碳惠通”是一种什么机制？", "“碳惠通”是温室气体自愿减排交易机制[4]。")
    assert out.recited == 1 and out.text == "“碳惠通”是温室气体自愿减排交易机制。[1]" and out.used == [3]


def test_claim_supported_weakly_is_re_cited_to_the_passage_that_says_it() -> None:
    # passage 2 shares 60% of the claim's words (谋划提出16项改革项目), passage 5 says it
    assert verify("谋划提出16项重点任务[2]。", HITS, DOCS).ok
    out = _answer("补短板清单谋划提出了多少项重点任务？", "谋划提出16项重点任务[2]。")
    assert out.recited == 1 and out.used == [5] and out.text == "谋划提出16项重点任务。[1]"


def test_wrong_number_is_not_made_true_by_re_citing() -> None:
    out = _answer("近期拟出台惠民强企政策清单梳理提出了多少项政策？", "梳理提出了16项政策[2]。")
    assert not out.text and out.recited == 0 and out.dropped == 1


def test_marker_pointing_at_no_passage_is_never_repaired() -> None:
    out = _answer("“碳惠通”是一种什么机制？", "“碳惠通”是温室气体自愿减排交易机制[9]。")
    assert not out.text and out.recited == 0


# -- one marker per quote ------------------------------------------------------------------------------

def test_two_claims_quoting_two_sentences_of_one_passage_get_a_marker_each() -> None:
    out = _answer("到2027年全市工业发展目标是什么？",
                  "到2027年，全市工业总产值迈上4万亿台阶[4]。制造业增加值占GDP比重达到28%[4]。")
    assert out.text.count("[1]") == 1 and out.text.count("[2]") == 1 and out.used == [4, 4]
    check = verify(out.text, [HITS[n - 1] for n in out.used], DOCS)
    assert check.ok and [c.quote for c in check.citations] == [
        "到2027年，全市工业总产值迈上4万亿台阶。", "制造业增加值占GDP比重达到28%。"]


def test_two_claims_quoting_one_sentence_share_its_marker() -> None:
    out = _answer("到2027年全市工业总产值要达到什么水平？",
                  "到2027年，全市工业总产值迈上4万亿台阶[4]。全市工业总产值迈上4万亿台阶[4]。")
    assert out.used == [4] and out.text.count("[1]") == 2


# -- the question checks (issue 11) -----------------------------------------------------------------

def test_claim_that_only_restates_the_question_is_dropped() -> None:
    out = _answer("近期拟出台惠民强企政策清单有多少项政策？", "近期拟出台惠民强企政策清单[1]。")
    assert not out.text and "only restates the question" in out.claims[0].problems


def test_yes_no_question_is_answered_by_a_claim_saying_it() -> None:
    out = _answer("全市工业总产值是否迈上4万亿台阶？", "全市工业总产值迈上4万亿台阶[4]。")
    assert out.text == "全市工业总产值迈上4万亿台阶。[1]"


def test_claim_sharing_no_word_with_the_question_is_dropped_beside_one_that_answers() -> None:
    out = _answer("“碳惠通”是一种什么机制？",
                  "全市将绿色低碳转型要求融入经济社会发展全局[6]。完善“碳惠通”温室气体自愿减排交易机制[3]。")
    assert out.text == "完善“碳惠通”温室气体自愿减排交易机制。[1]" and out.dropped == 1


def test_list_items_need_not_repeat_the_questions_words() -> None:
    out = _answer("重庆编制了哪些改革清单？",
                  "四是近期拟出台惠民强企政策清单[1]。主要针对短板弱项，谋划提出16项改革项目[2]。")
    assert out.text.count("[") == 2 and not out.reasons


def test_claim_naming_the_quoted_term_must_quote_a_sentence_that_names_it() -> None:
    out = _answer("“碳惠通”是一种什么机制？", "“碳惠通”将绿色低碳转型要求融入经济社会发展全局[6]。")
    assert not out.text
    assert any("碳惠通" in p for p in out.claims[0].problems)


def test_heading_cited_beside_the_sentence_under_it_is_dropped() -> None:
    out = _answer("近期拟出台的惠民强企政策举了哪些例子？",
                  "近期拟出台惠民强企政策清单[1]。为了让企业群众感受到改革红利，梳理提出近期拟出台的政策29项[1]。")
    assert out.text == "为了让企业群众感受到改革红利，梳理提出近期拟出台的政策29项。[1]" and out.dropped == 1
    assert "a heading of what the other claims say" in out.claims[0].problems


def test_short_number_answer_is_not_taken_for_a_heading() -> None:
    out = _answer("全市工业总产值到2027年要达到多少？",
                  "全市工业总产值达到4万亿[4]。到2027年，制造业增加值占GDP比重达到28%[4]。")
    assert out.claims[0].problems == [] and "4万亿" in out.text


def test_yes_no_answer_restating_the_question_is_not_taken_for_a_heading() -> None:
    out = _answer("近期拟出台惠民强企政策是否列入清单？",
                  "近期拟出台惠民强企政策清单[1]。为了让企业群众感受到改革红利，梳理提出近期拟出台的政策29项[1]。")
    assert out.text.count("[") == 2 and out.dropped == 0


def test_claim_quoting_a_sentence_without_the_quoted_term_is_dropped_beside_one_with_it() -> None:
    out = _answer("“碳惠通”等机制有哪些内容？",
                  "完善“碳惠通”温室气体自愿减排交易机制[3]。全市将绿色低碳转型要求融入经济社会发展全局[3]。")
    assert out.text == "完善“碳惠通”温室气体自愿减排交易机制。[1]" and out.dropped == 1
    assert any("names none of the question's topic" in p for p in out.claims[1].problems)


def test_claim_off_the_subject_asked_how_to_advance_is_dropped() -> None:
    out = _answer("重庆将如何推动碳惠通建设？",
                  "完善“碳惠通”温室气体自愿减排交易机制[3]。全市将绿色低碳转型要求融入经济社会发展全局[3]。")
    assert out.text == "完善“碳惠通”温室气体自愿减排交易机制。[1]" and out.dropped == 1


def test_items_announced_by_the_topic_sentence_need_not_repeat_the_topic() -> None:
    out = _answer("“重点任务”有哪些安排？", "谋划提出16项重点任务[5]。这些任务由各部门牵头落实[5]。")
    assert out.text.count("[") == 2 and out.dropped == 0


def test_topic_terms_leave_out_the_documents_setting_and_find_the_subject() -> None:
    assert topic_terms(analyse("重庆将如何推动自贸试验区建设？"), "中共重庆市委新闻发布会") == ("自贸试验区",)
    assert topic_terms(analyse("关于自贸试验区，重庆将实施什么行动方案？"), "重庆") == ("自贸试验区",)
    assert topic_terms(analyse("重庆以哪些试点为牵引？"), "") == ("重庆", "试点")


def test_number_question_answered_without_a_number_drops_the_answer_with_the_reason() -> None:
    out = _answer("补短板清单谋划提出了多少项改革项目？", "三是针对问题补短板实现全国进位改革项目清单[2]。")
    assert not out.text and out.reasons == ["回答中没有所问的数字。"]


def test_date_question_answered_with_a_date_is_kept() -> None:
    out = _answer("全市工业总产值在哪一年迈上4万亿台阶？", "到2027年，全市工业总产值迈上4万亿台阶[4]。")
    assert out.text == "到2027年，全市工业总产值迈上4万亿台阶。[1]" and not out.reasons


def test_anchor_the_cited_passages_never_name_drops_the_answer() -> None:
    out = _answer("成都到2027年工业总产值要达到多少？", "到2027年，全市工业总产值迈上4万亿台阶[4]。")
    assert not out.text and any("成都" in r for r in out.reasons)


def test_llm_list_answer_is_held_to_the_list_checks_of_the_extractive_answer() -> None:
    paragraphs = ["首批试点在江苏、广东、四川、重庆开展。", "健全灵活就业人员、农民工、新就业形态人员社保制度。",
                  "改革主要有以下几个特点：第一，突出重点。第二，系统集成。"]
    text = "\n\n".join(paragraphs)
    doc = Document("p.txt", "p.txt", "试点通知", text, "b" * 64)
    hits = [Hit(Chunk(f"p{i}", doc.doc_id, p, text.index(p), text.index(p) + len(p)), 1.0, title=doc.title)
            for i, p in enumerate(paragraphs)]
    places = "职业伤害保障试点扩大到了哪些省份？"
    unplaced = _answer(places, "健全灵活就业人员、农民工、新就业形态人员社保制度[2]。", hits, {doc.doc_id: doc})
    assert not unplaced.text and unplaced.reasons == ["所引句子没有列出所问的地方。"]
    placed = _answer(places, "首批试点在江苏、广东、四川、重庆开展[1]。", hits, {doc.doc_id: doc})
    assert "江苏" in placed.text and not placed.reasons
    remarks = _answer("改革提出了哪些任务？", "改革主要有以下几个特点：第一，突出重点[3]。", hits, {doc.doc_id: doc})
    assert not remarks.text and remarks.reasons == ["所引句子列出的是对文件的评述，不是所问的内容。"]


def test_llm_answer_to_whether_something_is_done_must_quote_a_sentence_saying_it_is() -> None:
    asked = "“碳惠通”温室气体自愿减排交易机制是否已经建成？"
    planned = _answer(asked, "完善“碳惠通”温室气体自愿减排交易机制[3]。")
    assert not planned.text and planned.reasons == ["回答中没有所问之事已经办成的说法。"]
    text = "“碳惠通”温室气体自愿减排交易机制已经建成，累计交易减排量10万吨。"
    doc = Document("t.txt", "t.txt", "碳惠通", text, "c" * 64)
    hits = [Hit(Chunk("t0", doc.doc_id, text, 0, len(text)), 1.0, title=doc.title)]
    done = _answer(asked, "“碳惠通”温室气体自愿减排交易机制已经建成[1]。", hits, {doc.doc_id: doc})
    assert "已经建成" in done.text and not done.reasons


def test_prompt_leak_is_dropped_even_when_it_cites_a_passage() -> None:
    from assistant.answer.prompts import ANSWER_SYSTEM

    out = _answer("全市工业总产值要达到什么水平？", ANSWER_SYSTEM[:30] + "[4]。到2027年，全市工业总产值迈上4万亿台阶[4]。")
    assert out.text == "到2027年，全市工业总产值迈上4万亿台阶。[1]" and out.dropped >= 1


# -- replay ------------------------------------------------------------------------------------------

def test_replay_poses_as_the_backend_that_wrote_the_replies() -> None:
    run = {"s1": {"id": "s1", "question": "问", "standalone": "问", "backend": "llm:llamacpp",
                  "draft": '{"claims": []}'},
           "s2": {"id": "s2", "question": "答", "standalone": "答", "backend": "extractive", "draft": ""}}
    chat = replay_chat(run)
    assert backend_name(chat) == "llamacpp"
    assert LLMAnswerer(chat, backend_name(chat)).wants_structured()  # the replies are JSON: read them so


def test_number_said_of_the_counted_thing_passes_the_counted_noun_check() -> None:
    from assistant.answer.anchors import claim_problems

    question = "近期拟出台惠民强企政策清单梳理提出了多少项政策？"
    said = "梳理提出近期拟出台的政策29项。"
    assert not [p for p in claim_problems(question, "梳理提出了29项政策。", [said], [said], []) if "说的不是" in p]
    other = "谋划提出16项改革项目，实现全国进位。"
    assert any("说的不是“政策”" in p for p in claim_problems(question, "梳理提出了16项政策。", [other], [other], []))


def test_a_law_named_in_a_claim_must_be_in_the_passages_it_cites() -> None:
    from assistant.answer.anchors import claim_problems

    q = analyse("文件提出要制定哪部法律？")
    passages = ["完善监管体制。制定数据安全促进法，健全制度。"]
    assert claim_problems(q, "文件提出制定数据安全促进法。", passages, passages, []) == []
    assert any("个人信息法" in p for p in claim_problems(q, "文件提出制定个人信息法。", passages, passages, []))
    assert claim_problems(q, "文件提出完善监管体制。", passages, passages, []) == ["最相关的段落中没有所问的法律。"]


def test_a_counted_noun_that_starts_with_the_character_de_is_checked_whole() -> None:
    from assistant.answer.anchors import claim_problems

    question = "全市新增了多少台的士？"
    assert analyse(question).head == "的士"
    said = "全市新增公交车300台。"
    assert any("说的不是“的士”" in p for p in claim_problems(question, "全市新增了300台的士。", [said], [said], []))


def test_a_claim_dating_a_meeting_must_cite_a_sentence_naming_that_meeting() -> None:
    from assistant.answer.anchors import claim_problems

    passage = ("中国共产党第二十届中央委员会第三次全体会议，于2024年7月15日至18日在北京举行。"
               "全会充分肯定党的二十届二中全会以来中央政治局的工作。")
    wrong = claim_problems("党的二十届二中全会是哪天召开的？", "二十届二中全会于2024年7月15日召开。", [passage], [passage], [])
    assert any("不是二十届二中全会召开的时间" in p for p in wrong)
    assert claim_problems("党的二十届三中全会是哪天召开的？", "二十届三中全会于2024年7月15日召开。",
                          [passage], [passage], []) == []


def test_a_claimed_deadline_must_cite_a_sentence_naming_what_it_is_the_deadline_of() -> None:
    from assistant.answer.anchors import claim_problems

    said = "到二〇三五年，全面建成高水平社会主义市场经济体制。"
    question = "全国统一电力市场要求到哪一年基本建成？"
    assert any("说的不是“电力市场”" in p for p in claim_problems(question, "电力市场到2035年建成。", [said], [said], []))
    named = "到二〇三五年，基本建成全国统一电力市场。"
    assert claim_problems(question, "电力市场到2035年建成。", [named], [named], []) == []
