"""Question analysis: the kind of answer wanted and the anchors a question hinges on; the anchor
and kind checks the refusal rule and the LLM path share."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.anchors import claim_problems, evidence_problems, missing_anchors
from assistant.answer.question import (
    DURATION_ASKED,
    analyse,
    answer_span,
    given_amounts,
    holds_kind,
    names_quantity,
    question_kind,
    sub_questions,
)
from assistant.text.english import in_chinese
from assistant.text.normalize import norm
from assistant.text.numerals import cn_int

GOLDEN = Path(__file__).resolve().parents[1] / "evals/golden/answers.jsonl"


@pytest.mark.parametrize(("question", "kind"), [
    ("《决定》提出到哪一年完成本决定提出的改革任务？", "date"),
    ("重庆要编制哪几张改革清单？", "list"),
    ("针对问题补短板实现全国进位改革项目清单有多少项？", "number"),
    ("到2027年，制造业增加值占GDP比重要达到多少？", "number"),
    ("“33618”指的是什么体系？", "definition"),
    ("为什么要深化户籍制度改革？", "reason"),
    ("重庆如何推进城市治理？", "measures"),
    ("现任重庆市长是谁？", "actor"),
    ("重庆是否提出了5张清单？", "yesno"),
    ("“416”这几个数字代表什么？", "definition"),
    # 几 after 近/这/那/好/连续 says "a few" and asks no amount
    ("国家为什么要从今年开始连续几年发行特别国债？", "reason"),
    ("近几年新增了哪些试点？", "list"),
    ("再过几年能建成？", "number"),
    ("全市有几个试点？", "number"),
    # a reason asked with the words of a definition (原因是什么) is still a reason
    ("他辞职的原因是什么？", "reason"),
    ("这样安排的用意是什么？", "reason"),
    ("“两重”建设是什么？", "definition"),
    # where: answered by a place (哪些省份 is still a list of them)
    ("“千万工程”最早是在哪个省搞起来的？", "place"),
    ("全会在哪座城市举行？", "place"),
    ("发布会在哪里召开？", "place"),
    ("试点扩大到了哪些省份？", "list"),
])
def test_question_kind_is_read_from_the_wording(question: str, kind: str) -> None:
    assert analyse(question).kind == kind


def test_anchors_titles_quotes_places_years_counts_and_ordinals_are_extracted() -> None:
    a = analyse("《决定》提出到2029年完成哪两个“试点”，成都呢？")
    assert a.titles == ("决定",) and a.quoted == ("试点",) and "成都" in a.places and a.years == ("2029",)
    assert a.count == 2
    assert analyse("5张清单中的第四张清单是什么？").ordinals == ("第四张",)
    assert analyse("跳出治乱兴衰历史周期率的“第二个答案”是什么？").ordinals == ()  # a quoted name, no place asked
    assert analyse("针对问题补短板实现全国进位改革项目清单有多少项？").measure == "项"
    assert analyse("重庆以哪两个试点推动城乡融合发展？").head == "试点"
    assert analyse("到二〇三五年要实现什么？").years == ("2035",)


def test_small_chinese_numerals_are_read() -> None:
    assert [cn_int(x) for x in ("一", "两", "十", "十二", "二十", "三十五", "12", "万")] == [1, 2, 10, 12, 20, 35, 12, None]


def test_the_kind_agrees_with_the_golden_sets_labels_on_most_questions() -> None:
    rows = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    labelled = [r for r in rows if r.get("kind") in ("number", "date", "list")]
    agree = sum(analyse(r["question"]).kind == r["kind"] for r in labelled)
    assert len(labelled) >= 40 and agree / len(labelled) >= 0.8


def test_the_answering_span_is_the_amount_with_the_asked_measure_word() -> None:
    a = analyse("针对问题补短板实现全国进位改革项目清单有多少项？")
    text = "主要是针对目前在全国排位靠后的体制机制短板弱项，谋划提出16项改革项目，对应12个方面。"
    s = answer_span(a, text)
    assert s is not None and text[s[0]:s[1]] == "16项"
    assert holds_kind(a, text) and not holds_kind(a, "三是针对问题补短板实现全国进位改革项目清单。")
    d = analyse("《决定》提出到哪一年完成本决定提出的改革任务？")
    t = "到二〇二九年中华人民共和国成立八十周年时，完成本决定提出的改革任务。"
    span = answer_span(d, t)
    assert span is not None and t[span[0]:span[1]] == "二〇二九年"


def test_a_title_counts_only_if_a_library_document_bears_it_or_the_answer_document_is_about_it() -> None:
    q = "《决定》提出到哪一年完成本决定提出的改革任务？"
    retrieved = ["全面落实三中全会《决定》，逐项细化生成改革举措。", "梳理提出近期拟出台的政策29项。"]
    press = "全面落实三中全会《决定》。《实施意见》提出……《实施意见》明确……《实施意见》要求……"
    assert missing_anchors(q, retrieved, ["重庆将聚力打造12方面标志性改革成果"], [press]) == ["《决定》"]
    assert missing_anchors(q, retrieved, ["中共中央关于进一步全面深化改革 推进中国式现代化的决定"], [press]) == []
    assert missing_anchors("《实施意见》有几个特点？", retrieved, ["重庆将聚力打造12方面标志性改革成果"], [press]) == []


def test_evidence_problems_name_missing_anchors_and_a_missing_number() -> None:
    a = analyse("成都到2029年的常住人口城镇化率目标是多少？")
    problems = evidence_problems(a, ["到2029年，全市常住人口城镇化率将达76%"], [], [], kind_ok=True)
    assert problems == ["文档中未出现：成都"]
    b = analyse("重庆中欧班列开行了多少列？")
    assert evidence_problems(b, ["重庆中欧班列加快发展。"], [], [], kind_ok=False) == ["最相关的段落中没有所问的数字。"]


def test_a_quoted_part_of_a_list_typed_without_its_marks_is_named_by_the_list() -> None:
    a = analyse("决定里科技金融那段说长期资本要“投早投小”，完整的是哪几个“投”？")
    listed = "完善长期资本投早、投小、投长期、投硬科技的支持政策。"
    assert evidence_problems(a, [listed], [], [], kind_ok=True, answer_passages=[listed]) == []
    other = "完善长期资本投入机制，支持科技型中小企业。"
    assert evidence_problems(a, [other], [], [], kind_ok=True) == ["文档中未出现：投早投小"]


def test_an_llm_claim_with_a_number_its_passages_lack_is_a_problem() -> None:
    q = "针对问题补短板实现全国进位改革项目清单有多少项？"
    passage = "三是针对问题补短板实现全国进位改革项目清单。主要是针对短板弱项，谋划提出16项改革项目。"
    assert claim_problems(q, "谋划提出16项改革项目。", [passage], [passage], []) == []
    assert claim_problems(q, "谋划提出18项改革项目。", [passage], [passage], [])
    assert claim_problems(q, "这是一份清单。", [passage], [passage], [])


def test_generic_places_common_words_in_quotes_and_dictionary_words_tagged_as_names_are_not_anchors() -> None:
    a = analyse("为了吸引外国资本，重庆准备给外国投资者编一张什么样的产业“地图”？")
    assert a.anchors == ("重庆",)  # 外国 is no particular place; “地图” is a figure of speech
    assert "城市" not in analyse("在新闻发布会上介绍城市治理改革工作的是哪位负责同志？").anchors
    assert "养老" not in analyse("《决定》对养老金融提出了什么要求？").people
    assert analyse("重庆完善“碳惠通”机制的目的是什么？").anchors == ("碳惠通", "重庆")  # a coinage stays
    assert "喻显斌" in analyse("喻显斌提到要推动哪些生态资源权益交易？").anchors


@pytest.mark.parametrize(("question", "parts"), [
    ("2023年国内生产总值是多少、增长了多少？", ("2023年国内生产总值是多少", "2023年国内生产总值增长了多少")),
    ("决定稿有几个部分？内容条目共开列多少条？", ("决定稿有几个部分", "内容条目共开列多少条")),
    ("全会在什么时间召开？审议通过了什么文件？", ("全会在什么时间召开", "审议通过了什么文件")),
    ("到2027年，重庆全市工业总产值的目标是多少？", ("到2027年，重庆全市工业总产值的目标是多少？",)),
    ("重庆要编制哪几张改革清单？", ("重庆要编制哪几张改革清单？",)),
    ("根据《决定》，改革的总目标是什么？", ("根据《决定》，改革的总目标是什么？",)),
    # the first question's year dates a later amount that names none, not a year naming the report
    # a bare or comparing sentence (比目标多出多少, 总规模是多少) asks about the first question's subject
    ("2024年全市粮食产量是多少？比目标多出多少？", ("2024年全市粮食产量是多少", "2024年全市粮食产量比目标多出多少")),
    ("超长期特别国债一共计划发行几年？总规模是多少？", ("超长期特别国债一共计划发行几年", "超长期特别国债一共计划发行总规模是多少")),
    ("据2024年工作报告，2023年新增就业多少人？失业率平均为多少？",
     ("据2024年工作报告，2023年新增就业多少人", "2023年失业率平均为多少")),
    ("2029年城镇化率目标是多少？是谁介绍的？", ("2029年城镇化率目标是多少", "2029年城镇化率目标是谁介绍的")),
    # a fragment naming only another year's figure (2024年的目标是多少) asks it of the first one's thing
    ("蔬菜产量2023年实际多少，2024年的目标是多少？", ("蔬菜产量2023年实际多少", "蔬菜产量2024年的目标是多少")),
    ("2023年新增就业多少人，今年目标是多少？", ("2023年新增就业多少人", "新增就业今年目标是多少")),
    # 连续几年 says "a few years": the clause holding it states a premise, it asks nothing
    ("报告说要连续几年发行特别国债，一共打算发几年？", ("报告说要连续几年发行特别国债，一共打算发几年？",)),
    # asking how a document words it asks nothing of its own: the first part's answer quotes the document
    ("男职工的法定退休年龄最终延到多少岁？《决定》里是怎么定的？", ("男职工的法定退休年龄最终延到多少岁？《决定》里是怎么定的？",)),
    ("去年全国粮食总产是多少斤？政府工作报告里怎么说的", ("去年全国粮食总产是多少斤？政府工作报告里怎么说的",)),
    ("执行活动由谁来全程监督？《决定》是怎么规定的？", ("执行活动由谁来全程监督？《决定》是怎么规定的？",)),
    ("决定稿有几个部分？决定稿怎么分的板块？", ("决定稿有几个部分", "决定稿怎么分的板块")),  # a question of its own
    # what a colon opens (出席人数：) frames every part after it
    ("公报里写的出席人数：中央委员多少人，候补中央委员多少人？",
     ("公报里写的出席人数:中央委员多少人", "公报里写的出席人数:候补中央委员多少人")),
])
def test_a_compound_question_is_split_into_the_questions_it_asks(question: str, parts: tuple[str, ...]) -> None:
    assert tuple(p.replace(",", "，") for p in sub_questions(question)) == parts


@pytest.mark.parametrize(("question", "quantity"), [
    ("今年的赤字规模和上年年初预算相比多出来多少？", ("赤字", "规模")),  # what is compared, not 相比 or 出来
    ("国防支出预算比上年增长多少？", ("国防", "支出", "预算")),
    ("比上年多出多少？", ()),  # a comparison alone names nothing counted
    ("制造业增加值比重比上年提高多少？", ("制造业", "增加值", "比重")),  # 比重 is no comparison
])
def test_a_comparison_counts_the_amount_it_compares(question: str, quantity: tuple[str, ...]) -> None:
    assert analyse(question).quantity == quantity


@pytest.mark.parametrize(("question", "text", "span"), [
    ("起草组在哪一天召开第一次全体会议？", "2023年11月成立起草组，12月8日召开第一次全体会议。", "12月8日"),
    ("起草组在哪一天召开第一次全体会议？", "2023年11月，中央政治局决定成立文件起草组。", None),
    ("全会在几月召开？", "全会于2024年7月召开。", "2024年7月"),
    ("全会在几月召开？", "全会于2024年召开。", None),
    ("改革在哪一年完成？", "到2029年完成本决定提出的改革任务。", "2029年"),
])
def test_a_date_answer_is_as_precise_as_the_question_asks(question: str, text: str, span: str | None) -> None:
    a = analyse(question)
    found = answer_span(a, text)
    assert (text[slice(*found)] if found else None) == span
    assert holds_kind(a, text) == (span is not None)


def test_a_relative_or_neighbour_the_asker_calls_by_kinship_is_no_person_anchor() -> None:
    assert analyse("隔壁李大爷中风好几年了，国家有没有打算搞一种专门管老人护理的保险？").people == ()
    assert analyse("幺儿，帮奶奶问一哈：2024年国家给居民医保补助提高了多少？").people == ()
    assert analyse("李春奎介绍，重庆在城市治理方面下一步将重点推进哪三个方面的工作？").people == ("李春奎",)


def test_a_verb_and_a_word_read_as_a_name_are_found_by_the_word_but_a_real_name_is_not() -> None:
    question = "听说市里要出一个专门管托育机构的新规范，这个文件全名叫什么？"
    assert "管托育" in analyse(question).people  # jieba's name model reads 管 as a surname
    passages = ["市里将出台《3岁以下婴幼儿托育机构服务规范》。"]
    assert "管托育" not in missing_anchors(question, passages)
    assert missing_anchors("市长胡衡华在会上讲了什么？", passages) == ["胡衡华"]


def test_a_numbered_meeting_is_an_anchor_the_passages_must_name() -> None:
    a = analyse("党的二十届四中全会审议通过了什么文件？")
    assert "二十届四中全会" in a.anchors
    assert missing_anchors(a, ["党的二十届三中全会审议通过了《决定》。"]) == ["二十届四中全会"]
    assert missing_anchors(analyse("市委六届六次全会作出了什么部署？"), ["市委六届六次全会作出全面部署。"]) == []


def test_a_year_dating_a_document_may_be_found_in_its_title_a_year_of_a_fact_may_not() -> None:
    about_report = analyse("2024年政府工作报告提出，居民医保人均财政补助标准提高多少？")
    about_fact = analyse("2024年全国国防预算比上年增长多少？")
    assert about_report.document_years == ("2024",) and about_fact.document_years == ()
    passage = ["居民医保人均财政补助标准提高30元。"]
    title = ["政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上"]
    assert missing_anchors(about_report, passage, placed=title) == []
    assert missing_anchors(about_fact, ["国防预算增长7.2%。"], placed=title) == ["2024"]


@pytest.mark.parametrize(("question", "kind", "count"), [
    ("高健介绍的城乡融合方面重点抓好的三方面工作是什么？", "list", 3),
    ("两个试点是什么？", "list", 2),
    ("《决定》中的“两个毫不动摇”指的是什么？", "definition", None),  # a name in quotes, not a count
    ("第三方面是什么？", "definition", None),  # an ordinal
])
def test_n_things_asked_by_what_they_are_is_a_list_of_n(question: str, kind: str, count: int | None) -> None:
    a = analyse(question)
    assert (a.kind, a.count) == (kind, count)


@pytest.mark.parametrize(("question", "text", "named"), [
    ("文件起草组一共开展了多少次专题调研？", "中央政治局常委会召开3次会议进行审议、修改，形成了决定稿。", False),  # counts meetings
    ("文件起草组一共开展了多少次专题调研？", "文件起草组先后开展了16次专题调研。", True),
    ("重庆有多少个基层党组织？", "全市现有基层党组织9万多个、党员180多万名。", True),
    ("城镇新增就业多少人？", "城镇新增就业1244万人。", True),  # no noun after the measure: the words before 多少
])
def test_a_number_question_is_answered_only_where_the_counted_thing_is_named(question: str, text: str,
                                                                            named: bool) -> None:
    from assistant.answer.question import names_quantity

    assert names_quantity(analyse(question), text) is named


@pytest.mark.parametrize(("question", "text", "named"), [
    # how a rank is asked (在世界上分别排第几, 居全国第几) is not what is ranked
    ("我国外汇储备在世界上排第几？", "制造业规模、外汇储备稳居世界第一。", True),
    ("我国外汇储备在世界上排第几？", "货物贸易总额居世界第一。", False),
    ("我国货物贸易总额居世界第几位？", "货物贸易总额居世界第一。", True),
    # a verb with 了 before 多少 (安排了) is no more the thing counted than the verb alone
    ("今年中央预算内投资安排了多少亿元？", "今年中央预算内投资拟安排7000亿元。", True),
    ("今年中央预算内投资安排了多少亿元？", "今年拟安排地方政府专项债券3.9万亿元。", False),
    # nor is a 了 after a verb (达到了) or a hedge (最多能): the noun before them, with its modifier, is
    ("同期户籍人口城镇化率达到了多少？", "城镇化率提高十一点六个百分点，达到百分之六十四点七。", False),
    ("同期户籍人口城镇化率达到了多少？", "户籍人口城镇化率达到百分之四十七点七。", True),
    ("个人养老金每年最多能缴多少钱？", "城乡居民基础养老金月最低标准提高20元。", False),
    # 每个月, 每天: how often, not what is counted
    ("基础养老金今年每个月能多拿几块钱？", "城乡居民基础养老金月最低标准提高20元。", True),
])
def test_what_a_rank_or_an_amount_question_counts_leaves_out_how_it_is_asked(question: str, text: str,
                                                                             named: bool) -> None:
    from assistant.answer.question import names_quantity

    assert names_quantity(analyse(question), text) is named


def test_a_number_question_without_a_counted_noun_falls_back_to_the_words_before_it() -> None:
    from assistant.answer.question import names_quantity

    assert names_quantity(analyse("长江流经重庆的主干段水质已经好了几年了？"), "长江干流重庆段水质连续7年保持Ⅱ类。")


def test_norm_is_nfkc_without_whitespace_for_cached_short_and_uncached_long_texts() -> None:
    import unicodedata

    short = "到２０２７年， 全市工业总产值\n迈上４万亿台阶。"
    assert norm(short) == "到2027年,全市工业总产值迈上4万亿台阶。" == norm(short)  # the second from the cache
    long = (short + " ") * 80  # beyond the cached length
    assert len(long) > 1000 and norm(long) == unicodedata.normalize("NFKC", long).replace(" ", "").replace("\n", "")


def test_of_two_asked_amounts_the_last_one_sets_the_measure() -> None:
    assert analyse("再过几年，重庆的数字经济要占到经济总量的多大份额？").measure == "%"
    assert analyse("再过几年，重庆的数字经济要占到经济总量的多大份额？").kind == "number"
    assert analyse("针对问题补短板实现全国进位改革项目清单有多少项？").measure == "项"


def test_a_date_is_not_the_amount_a_number_question_asks_for() -> None:
    a = analyse("2024年政府工作报告提出的粮食产量预期目标是多少？")
    assert not holds_kind(a, "政府工作报告——2024年3月5日在全国人民代表大会上")
    assert holds_kind(a, "粮食产量1.3万亿斤以上；")


def test_documents_named_by_their_short_names_are_anchors_known_only_when_a_library_title_matches() -> None:
    from assistant.answer.anchors import reference_known

    assert analyse("党的二十大报告提出扎实推动乡村哪几方面振兴？").documents == ("二十大报告",)
    assert analyse("三中全会公报对总目标是怎么表述的？").documents == ("三中全会公报",)
    assert analyse("《决定》提出到哪一年完成改革任务？").documents == ()
    library = ["中国共产党第二十届中央委员会第三次全体会议公报",
               "高举中国特色社会主义伟大旗帜 ——在中国共产党第二十次全国代表大会上的报告"]
    assert reference_known("二十大报告", library) and reference_known("二十届三中全会公报", library)
    assert not reference_known("十九大报告", library) and not reference_known("二中全会公报", library)
    assert not reference_known("政府工作报告", library)


def test_a_meeting_may_be_found_in_the_title_of_the_passages_document() -> None:
    a = analyse("二十届三中全会公报强调进一步全面深化改革要贯彻哪些原则？")
    passage = ["贯彻坚持党的全面领导、坚持以人民为中心、坚持守正创新等原则。"]
    communique = ["中国共产党第二十届中央委员会第三次全体会议公报 2024-07-18"]
    assert missing_anchors(a, passage, placed=communique) == []
    assert missing_anchors(a, passage, placed=["中国共产党第二十届中央委员会第二次全体会议公报"]) == ["二十届三中全会"]


@pytest.mark.parametrize(("question", "kind"), [
    ("推进消费税下划地方后，中央和地方的分享比例分别是多少？", "number"),
    ("超长期特别国债期限分别是多少年？", "number"),
    ("两项改革分别是哪一年启动的？", "date"),
    ("四大重庆实验室分别是哪四个？", "list"),
    ("“六个区”分别是什么？", "list"),
    ("党的二十大报告是代表哪一届中央委员会作的？", "other"),  # a session, not a date
])
def test_several_amounts_or_dates_asked_at_once_are_number_or_date_questions_not_lists(question: str,
                                                                                      kind: str) -> None:
    assert question_kind(question) == kind


def test_a_person_may_be_found_as_the_speaker_of_the_passages_document() -> None:
    a = analyse("习近平在关于《决定》的说明中指出，决定稿在内容摆布上有哪几个特点？")
    passage = ["决定稿在内容摆布上有以下几个特点。"]
    assert missing_anchors(a, passage, placed=["关于《决定》的说明 习近平"]) == []
    assert missing_anchors(a, passage, placed=["关于《决定》的说明"]) == ["习近平"]


def test_a_body_may_be_found_as_the_giver_of_the_passages_document() -> None:
    # 政府工作报告's heading names 国务院总理; its passages say 我们 and 政府, rarely 国务院
    a = analyse("今年国务院的报告对检查检验结果互认怎么说？")
    passage = ["推动检查检验结果互认。"]
    heading = ["政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上国务院总理 李强"]
    assert missing_anchors(a, passage, placed=heading) == []
    assert missing_anchors(a, passage, placed=["中国共产党第二十届中央委员会第三次全体会议公报"]) == ["国务院"]


def test_a_national_body_named_in_full_is_an_organisation_anchor() -> None:
    a = analyse("开列的改革举措中，由国家发展改革委牵头的有多少条？")
    assert "国家发展改革委" in a.organisations
    # only the municipal body of the same name is retrieved: the national one is missing
    assert missing_anchors(a, ["市发展改革委发布了通知。"]) == ["国家发展改革委"]
    assert analyse("国家税务总局和国家统计局发布了什么？").organisations[:2] == ("国家税务总局", "国家统计局")
    assert analyse("如何优化国家安全力量布局？").organisations == ()  # 布局 is no body


def test_a_plan_outline_named_by_its_short_name_must_be_a_library_document() -> None:
    a = analyse("“十四五”规划纲要提出的数字经济核心产业增加值占GDP比重目标是多少？")
    assert a.documents == ("“十四五”规划纲要",)
    passage = ["“十四五”时期，数字经济核心产业增加值占GDP比重达到10%。"]
    assert missing_anchors(a, passage, ["某市数字经济发展实施方案"]) == ["“十四五”规划纲要"]
    assert missing_anchors(a, passage, ["中华人民共和国国民经济和社会发展第十四个五年规划和2035年远景目标纲要",
                                        "“十四五”规划纲要解读"]) == []


def test_a_meeting_named_in_passing_elsewhere_is_missing_from_an_answer_that_does_not_name_it() -> None:
    a = analyse("党的二十届五中全会审议通过了哪些文件？")
    in_passing = "全会全面学习贯彻党的二十届五中全会精神，审议通过了《实施意见》。"
    answer = "文件起草组由我担任组长。"
    retrieved = [in_passing, answer]
    # the meeting is in the retrieved passages, so the old check passed; the cited passage never names it
    assert evidence_problems(a, retrieved, [], [], True) == []
    problems = evidence_problems(a, retrieved, [answer], [], True, answer_passages=[answer])
    assert problems == ["文档中未出现：二十届五中全会"]
    # cited from a passage naming it, or from a document about it (named three times), it is present
    assert evidence_problems(a, retrieved, [in_passing], [], True, answer_passages=[in_passing]) == []
    about = "二十届五中全会召开。二十届五中全会审议。二十届五中全会强调。" + answer
    assert evidence_problems(a, retrieved, [about], [], True, answer_passages=[answer]) == []


def test_a_quoted_term_only_in_another_retrieved_passage_is_not_named_by_the_answer() -> None:
    a = analyse("“人工智能+”行动具体覆盖哪些重点行业？")
    named = "深化大数据、人工智能等研发应用，开展“人工智能+”行动，打造具有国际竞争力的数字产业集群。"
    answer = "提高重点行业企业研发费用加计扣除比例，推动重点产业链高质量发展。"
    retrieved = [named, answer]
    assert evidence_problems(a, retrieved, [], [], True) == []  # present among the retrieved passages
    problems = evidence_problems(a, retrieved, [answer], [], True, answer_passages=[answer])
    assert problems == ["所引段落没有提到：“人工智能+”"]
    assert evidence_problems(a, retrieved, [named], [], True, answer_passages=[named]) == []
    # named in the cited passage's headings (its section) is named too
    assert evidence_problems(a, retrieved, [answer], [], True, answer_passages=[answer],
                             answer_placed=["（三）开展“人工智能+”行动"]) == []
    # a common word in quotes (产业“地图”) is a figure of speech, not a term the answer must repeat
    b = analyse("准备给外国投资者编一张什么样的产业“地图”？")
    assert evidence_problems(b, [answer], [answer], [], True, answer_passages=[answer]) == []


def test_the_measure_word_of_an_amount_is_not_the_thing_a_number_question_counts() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("全市一般公共预算收入是多少万亿元？")
    assert a.measure == "万亿元"
    # 亿元 was taken for the counted noun, so any sentence stating an amount in 亿元 named it
    assert not names_quantity(a, "全市固定资产投资达到2.1万亿元。")
    assert names_quantity(a, "全市一般公共预算收入2.2万亿元。")


def test_a_year_in_the_cited_passages_section_heading_dates_its_facts() -> None:
    a = analyse("2021年全省新建了多少所学校？")
    passage = "新建学校12所，改扩建学校30所。"
    # the passage never says 2021: its section heading does
    assert evidence_problems(a, [passage], [], [], True) == ["文档中未出现：2021"]
    assert evidence_problems(a, [passage], [], [], True, answer_passages=[passage],
                             answer_placed=["一、2021年工作回顾"]) == []
    # a heading of another passage, not cited, dates nothing of the answer
    assert evidence_problems(a, [passage], [], [], True, answer_passages=[passage],
                             answer_placed=["二、2022年工作安排"]) == ["文档中未出现：2021"]


def test_an_amount_said_of_the_opposite_side_does_not_answer_a_number_question() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("全省一般公共预算收入是多少亿元？")
    # both amounts are said of 支出, though the sentence names 收入 earlier and shares 预算
    assert not names_quantity(a, "预计收入平稳增长，一般公共预算支出800亿元、比上年增加50亿元。")
    assert names_quantity(a, "一般公共预算收入760亿元，增长5%。")
    assert names_quantity(analyse("全省一般公共预算支出是多少亿元？"), "一般公共预算支出800亿元。")


def test_a_noun_modifying_the_counted_thing_must_be_named() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("全省国防预算比上年增长多少？")
    assert a.quantity == ("国防", "预算")  # 上年 is the comparison, not what is counted
    assert not names_quantity(a, "一般公共预算支出比上年增长5%。")
    assert names_quantity(a, "国防预算比上年增长7%。")
    # a scope word (全国) or a word that is not a noun (城里) need not be repeated
    assert names_quantity(analyse("全国粮食产量是多少？"), "粮食产量1.4万亿斤。")


def test_a_span_of_time_is_not_an_amount_unless_years_are_asked() -> None:
    from assistant.answer.question import holds_kind

    assert not holds_kind(analyse("全省国防预算比上年增长多少？"), "过去一年，军队建设取得新进步。")
    assert holds_kind(analyse("试点期限是多少年？"), "试点期限为三年。")


def test_asking_why_outranks_the_nouns_of_an_amount_but_not_a_word_asking_one() -> None:
    assert analyse("市里为什么把制造业增加值占GDP比重的目标定在30%？").kind == "reason"
    assert analyse("市里为什么要提高投资规模？").kind == "reason"
    assert analyse("为什么要设定目标，目标比重是多少？").kind == "number"  # 多少 asks an amount


def test_an_amount_the_question_gives_is_not_its_answer() -> None:
    a = analyse("今年拟发行的2000亿元专项债券中，用于城市更新的部分是多少亿元？")
    assert answer_span(a, "今年拟发行专项债券2000亿元，用于重点项目建设。") is None
    assert not holds_kind(a, "今年拟发行专项债券2000亿元，用于重点项目建设。")
    said = "今年拟发行专项债券2000亿元，其中用于城市更新300亿元。"
    assert said[slice(*answer_span(a, said))] == "300亿元"  # the other amount in the sentence
    assert not holds_kind(analyse("拟发行的2000亿元债券中，多少用于城市更新？"), "拟发行债券2000亿元。")


def test_a_total_does_not_answer_a_number_question_about_one_level_of_government() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("全省一般公共预算省级支出安排了多少亿元？")
    assert not names_quantity(a, "全省一般公共预算支出安排800亿元。")
    assert names_quantity(a, "省级一般公共预算支出安排120亿元。")
    assert not names_quantity(analyse("本级财政支出是多少亿元？"), "财政支出800亿元。")


def test_the_noun_a_number_question_counts_stops_before_what_it_is_for_or_a_verb_with_zai() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("方案定稿前，专班和领导小组分别开了几次会来审改？")
    assert a.head is None  # 会 alone is too little to look for; 审改 is not what is counted
    assert names_quantity(a, "专班召开3次会议、领导小组召开2次会议进行审议。")
    b = analyse("全市河段水质已经连着几年稳定在二类标准？")
    assert b.head is None  # how long, not how many 标准
    assert names_quantity(b, "全市河段水质连续5年保持Ⅱ类。")
    assert analyse("市里梳理了多少个改革项目来推进？").head == "改革项目"


@pytest.mark.parametrize(("question", "head"), [
    ("首批低碳试点城市有哪些？", "试点城市"),
    ("某市的三大产业集群分别是哪几个？", "产业集群"),
    ("全市的五张清单分别是哪几张？", "清单"),
    ("文件提出要贯彻哪些原则？", "原则"),  # after the ask, as before
    ("这次会议都有哪些？", "会议"),
])
def test_a_list_question_asks_about_the_noun_before_its_ask_when_none_follows(question: str, head: str) -> None:
    assert analyse(question).head == head


@pytest.mark.parametrize(("question", "head"), [
    ("这四个实验室分别叫个什么名字", "实验室"),
    ("这两个试点分别是什么？", "试点"),
    ("重庆要编制的5张清单分别是什么？", "清单"),
])
def test_a_counted_list_question_asks_about_the_noun_counted_before_fenbie(question: str, head: str) -> None:
    assert analyse(question).head == head


@pytest.mark.parametrize(("text", "explained"), [
    ("深入推进国企改革，巩固拓展“三改一盘活”改革突破性成果。", False),  # used, with the words the question gives
    ("合理增加公共消费，积极推进三改一盘活。", False),  # used at a clause's end
    ("“三改一盘活”是指改制、改革、改造和盘活存量资产。", True),
    ("推进“三改一盘活”（改制、改革、改造、盘活）。", True),
    ("改制、改革、改造和盘活“三改一盘活”全面推开。", True),  # its parts listed before it
    ("紧扣“三改一盘活”国资布局，推动国企重组。", False),  # its kind (布局) says what it is, not what it means
    ("改制、改革、改造，盘活存量资产。", True),  # its content, without naming it
    ("健全考核、督查机制，巩固“三改一盘活”改革成果。", False),  # a 、 series in an earlier clause lists other things
    ("全面推进所谓三改一盘活，核心在于盘活存量。", True),  # 所谓X, unquoted
])
def test_a_definition_answer_must_say_what_the_quoted_term_is_not_only_use_it(text: str, explained: bool) -> None:
    from assistant.answer.question import explains

    assert explains("三改一盘活", "重庆提出的“三改一盘活”改革是什么意思？", text) is explained


def test_naming_a_terms_kind_says_what_it_refers_to_but_not_what_it_means() -> None:
    from assistant.answer.question import explains

    text = "紧扣全市“416”科技创新布局，推动国企重组。"
    assert explains("416", "“416”指的是什么？", text)
    assert not explains("416", "“416”是什么意思？", text)
    assert not explains("416", "“416”这几个数字分别代表什么？", text)


def test_a_thing_named_before_zheyi_is_what_the_term_after_it_is() -> None:
    from assistant.answer.question import explains

    text = "党找到了自我革命这一跳出治乱兴衰历史周期率的第二个答案，自我净化能力显著增强。"
    assert explains("第二个答案", "跳出治乱兴衰历史周期率的“第二个答案”是什么？", text)
    assert not explains("第二个答案", "“第二个答案”是什么意思？", "这一第二个答案，意义重大。")  # nothing named before 这一


def test_asking_to_list_a_counted_group_is_a_list_question_for_that_many_items() -> None:
    a = analyse("请列出方案提出的全部9个方面重点任务。")
    assert (a.kind, a.count) == ("list", 9)
    assert analyse("请列举几项民生实事。").kind == "list"


def test_a_question_asking_which_person_wants_a_person_named() -> None:
    from assistant.answer.question import ASKS_PERSON, names_person

    assert ASKS_PERSON.search("方案起草组由哪位市领导担任组长？")
    assert not ASKS_PERSON.search("方案由哪个部门牵头？")
    assert names_person("会议决定，接受王明同志辞职申请。") and names_person("李春奎：全会作出部署。")
    assert not names_person("市委常委会直接领导起草工作。")


def test_a_name_jieba_cuts_into_a_surname_and_a_place_is_a_person_not_a_place() -> None:
    a = analyse("阚吉林在发布会上担任什么职务？")  # jieba: 阚 (a person) + 吉林 (a place)
    assert a.people == ("阚吉林",) and a.places == ()
    assert analyse("吉林在发布会上提到了什么？").places == ("吉林",)


def test_the_central_committee_named_as_a_body_is_an_anchor() -> None:
    a = analyse("全会闭幕后，中共中央新闻发布会在哪一天举行？")
    assert "中共中央" in a.organisations
    assert missing_anchors(a, ["9月14日，中共江城市委召开新闻发布会。"]) == ["中共中央"]


def test_a_local_body_named_with_its_place_is_found_when_its_documents_say_only_the_body() -> None:
    a = analyse("重庆市委前期统筹抓了几个方面的工作？")
    assert a.organisations == ("重庆市委",)
    passage = ["前期市委统筹抓了3个方面的工作。"]
    assert missing_anchors(a, passage, placed=["中共重庆市委全会新闻发布会"]) == []
    assert missing_anchors(a, passage, placed=["中共成都市委全会新闻发布会"]) == ["重庆市委"]  # another city's


def test_a_central_document_named_by_its_number_must_be_a_library_document() -> None:
    a = analyse("2024年中央一号文件的主题是什么？")
    assert a.documents == ("中央一号文件",)
    assert missing_anchors(a, ["2024年中央预算内投资拟安排7000亿元。"], ["政府工作报告"]) == ["中央一号文件"]
    assert missing_anchors(a, ["2024年的主题是乡村振兴。"], ["2024年中央一号文件"]) == []


def test_a_counted_group_asked_for_in_detail_is_a_list_of_that_many_items() -> None:
    assert analyse("清单中的31项重大改革项目具体有哪些？").count == 31
    assert analyse("这5张清单具体是什么？").count == 5


def test_two_things_asked_the_same_question_are_two_questions() -> None:
    from assistant.answer.question import sub_questions

    assert sub_questions("回顾去年工作时，宽带普及率和城镇化率分别是多少？") == (
        "回顾去年工作时,宽带普及率是多少", "回顾去年工作时,城镇化率是多少")
    assert sub_questions("江城的教育和科技各有哪些改革？") == ("江城的教育有哪些改革", "江城的科技有哪些改革")
    assert sub_questions("两个试点分别是什么？") == ("两个试点分别是什么？",)  # one thing, counted
    assert sub_questions("公报分别把改革和开放定位为现代化的什么？") == (
        "公报把改革定位为现代化的什么", "公报把开放定位为现代化的什么")


def test_a_figure_cited_from_a_passage_about_another_place_is_no_answer() -> None:
    a = analyse("2024年上半年重庆市地区生产总值同比增长多少？")
    national = "今年发展主要预期目标是：国内生产总值增长5%左右；"
    local = "2024年上半年全市地区生产总值同比增长6.1%。"
    retrieved = [national, "重庆市召开新闻发布会。"]  # the place is in the library, not in what is cited
    problems = evidence_problems(a, retrieved, ["政府工作报告全文"], [], True, answer_passages=[national],
                                 answer_placed=["2024年政府工作报告"])
    assert problems == ["所引段落说的不是：重庆"]
    # the same place's own document says 全市: named in its title, or often enough in its text
    assert evidence_problems(a, retrieved, ["全文"], [], True, answer_passages=[local],
                             answer_placed=["重庆市2024年上半年经济运行情况"]) == []
    assert evidence_problems(a, retrieved, ["重庆…重庆…重庆…"], [], True, answer_passages=[local]) == []
    # the country needs no naming, and a question that is no number or date question is not checked
    result = "2023年国内生产总值增长5.2%。"
    assert evidence_problems(analyse("2023年中国国内生产总值增长多少？"), [result, "推进中国式现代化。"], [], [], True,
                             answer_passages=[result]) == []
    assert evidence_problems(analyse("重庆市如何推动高质量发展？"), [national, "重庆市"], [], [], True,
                             answer_passages=[national]) == []


def test_the_date_of_another_occasion_is_no_answer_to_when_an_occasion_was_held() -> None:
    a = analyse("二十届三中全会闭幕后，中共中央新闻发布会在哪一天举行？")
    assert a.kind == "date" and a.events == ("新闻发布会",)
    plenum = "中国共产党第二十届中央委员会第三次全体会议，于2024年7月15日至18日在北京举行。"
    retrieved = [plenum, "中共中央发出通知。"]  # the body the question names is in the library
    problems = evidence_problems(a, retrieved, ["决定全文"], [], True, answer_passages=[plenum],
                                 answer_placed=["中共中央关于进一步全面深化改革、推进中国式现代化的决定"])
    assert problems == ["所引段落说的不是：新闻发布会"]
    # a passage naming the occasion, even as 发布会, answers it
    held = "二十届三中全会闭幕后，中共中央于2024年7月19日上午举行发布会，介绍全会精神。"
    assert evidence_problems(a, [*retrieved, held], ["全文"], [], True, answer_passages=[held]) == []
    # a question that asks no date of the occasion is not checked
    who = analyse("在新闻发布会上介绍城市治理改革工作的是哪位负责同志？")
    assert evidence_problems(who, [plenum], ["全文"], [], True, answer_passages=[plenum]) == []


def test_the_words_that_count_what_a_list_question_asks_for_are_not_terms_an_answer_must_hold() -> None:
    from assistant.answer.features import coverage, term_weights

    weights = term_weights("中国式现代化有哪五个方面的中国特色？", lambda t: 1.0)
    assert "方面" not in weights and "五个" not in weights
    assert coverage(weights, "中国式现代化，既有共同特征，更有基于自己国情的中国特色。") == 1.0
    assert "试点" in term_weights("重庆以哪两个试点推动城乡融合发展？", lambda t: 1.0)  # what is counted stays
    # a count asked without 哪 (有几条, 分几大块) and items asked one by one (一条条列出来) are no terms either
    weights = term_weights("中国式现代化有几条中国特色，想一条条列出来", lambda t: 1.0)
    assert not {"几条", "一条", "条列"} & set(weights) and "特色" in weights
    assert list(term_weights("一共分几大板块", lambda t: 1.0)) == ["板块"]
    assert "几点" in term_weights("晚上的店铺能开到几点？", lambda t: 1.0)  # a time of day, not a count


def test_the_words_a_yes_no_question_asks_with_are_not_terms_an_answer_must_hold() -> None:
    from assistant.answer.features import term_weights

    weights = term_weights("以后能不能在住的地方上户口、享受公共服务？", lambda t: 1.0)
    assert "不能" not in weights and "户口" in weights and "公共服务" in weights
    assert list(term_weights("可不可以落户？", lambda t: 1.0)) == ["落户"]
    assert list(term_weights("要不要交钱？", lambda t: 1.0)) == ["交钱"]
    assert "不能不" in term_weights("不能不说的改革", lambda t: 1.0)  # no yes/no ask: the words stay


def test_a_year_in_chinese_digits_covers_the_same_year_asked_in_digits() -> None:
    from assistant.answer.features import coverage, term_weights

    weights = term_weights("方案为2035年设定了什么目标？", lambda t: 1.0)
    assert coverage(weights, "到二〇三五年，基本建成示范城市。") == coverage(weights, "到2035年，基本建成示范城市。") > 0


@pytest.mark.parametrize(("question", "kind", "count"), [
    ("有几家单位分别承担了什么任务？", "list", None),
    ("两家企业是什么？", "list", 2),
    ("会上三位企业家分别来自哪个行业？", "other", 3),
])
def test_every_list_counter_counts_items_the_same_way_people_and_bodies_included(question: str, kind: str,
                                                                                 count: int | None) -> None:
    asked = analyse(question)
    assert (asked.kind, asked.count) == (kind, count)


def test_the_counted_noun_after_a_leading_de_is_what_must_be_named() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("方案提出，宅基地改革要再延长多少年的试点？")
    assert a.head == "试点"
    assert names_quantity(a, "稳慎推进宅基地改革，再延长五年试点。")


def test_of_two_asked_amounts_the_last_one_says_what_is_counted() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("县里打算再过几年，让城里常住的人占到全县多大比例？")
    assert a.measure == "%"
    assert names_quantity(a, "到2030年，全县常住人口城镇化率将达70%。")
    assert not names_quantity(a, "到2030年，农业科技进步贡献率将达70%。")


def test_how_far_asks_an_amount_of_what_the_words_before_it_name() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("县里新建的物流园离高铁站有多远？")
    assert a.kind == "number" and a.quantity
    assert names_quantity(a, "物流园距高铁站约3公里。")
    assert not names_quantity(a, "全县公路通车里程达到5000公里。")


@pytest.mark.parametrize("question", ["起草组前后忙了多久？", "起草工作用了多长时间？", "这个水平已经保持多久了？"])
def test_how_long_is_answered_by_a_span_of_time_not_by_any_amount(question: str) -> None:
    a = analyse(question)
    assert a.kind == "number" and a.quantity == ()  # the time is what is counted, not the verb before it
    months = norm("在7个多月时间里，起草组深入调查研究。")
    assert months[slice(*answer_span(a, months) or (0, 0))] == "7个多月"
    years = norm("水质连续7年保持Ⅱ类。")
    assert years[slice(*answer_span(a, years) or (0, 0))] == "7年"
    assert not holds_kind(a, "起草组作出221处修改。")


def test_a_time_word_is_not_what_a_number_question_counts() -> None:
    assert analyse("那份基础养老金，今年给涨了多少？").quantity == ()
    assert analyse("目前全市试点个数是多少？").quantity[0] == "试点"  # not 目前


def test_how_much_money_asks_an_amount_in_yuan() -> None:
    a = analyse("个人养老金每年能缴多少钱？")
    assert a.measure == "元"
    assert holds_kind(a, "每年缴费上限为12000元。") and holds_kind(a, "今年安排资金1.5万亿元。")
    assert not holds_kind(a, "6600多万纳税人受益。")


def test_how_many_kuai_asks_yuan_and_counts_no_noun() -> None:
    a = analyse("今年每个月最少能多拿几块钱？")
    assert a.measure == "元" and a.head is None
    assert holds_kind(a, "城乡居民基础养老金月最低标准提高20元。")


def test_an_occasion_dated_by_its_month_is_an_anchor_found_in_the_passages_or_their_documents_dates() -> None:
    a = analyse("2024年12月召开的中央经济工作会议部署了哪些重点任务？")
    assert a.months == ("2024年12月",) and "2024年12月" in a.anchors
    report = ["按照中央经济工作会议部署，坚持稳中求进工作总基调。"]  # the report's, of the December before
    assert "2024年12月" in missing_anchors(a, report, placed=["政府工作报告——2024年3月5日"])
    held = analyse("2024年7月召开的三中全会审议通过了什么文件？")
    assert missing_anchors(held, ["全会于2024年7月15日至18日在北京举行。"]) == []
    # the month may date the passage's document (its adoption line), as a year dating a document may
    assert "2024年7月" not in missing_anchors(held, ["全会审议通过了《决定》。"], placed=["（2024年7月18日全会通过）"])
    assert analyse("到2024年12月底要完成什么？").months == ()  # a deadline, not an occasion


def test_the_noun_asked_after_a_list_ask_may_be_quoted_and_a_percentage_ask_counts_nothing() -> None:
    assert analyse("要加快建设哪些“强国”？").head == "强国"
    assert analyse("到2029年，重庆住在城里的人要占到百分之多少？").quantity == ("城里",)


def test_a_quoted_term_inside_one_of_a_list_of_like_things_is_used_not_explained() -> None:
    from assistant.answer.question import explains

    mechanisms = "健全机关企事业单位党建工作机制、党建引领“两企三新”发展机制，推动基层党建全域过硬。"
    assert not explains("两企三新", "“两企三新”是什么意思？", mechanisms)
    parts = "电动汽车、锂电池、光伏产品“新三样”出口增长近30%。"  # the list before it gives its parts
    assert explains("新三样", "“新三样”是什么意思？", parts)


def test_a_term_that_is_one_item_of_a_list_is_used_there_not_explained() -> None:
    from assistant.answer.question import defined_term, explains, meaning_asked

    engines = "积极打造生物制造、商业航天、低空经济等新增长引擎。"
    assert defined_term("低空经济到底怎么定义的？") == "低空经济"
    assert meaning_asked("低空经济到底怎么定义的？") == "低空经济"
    assert meaning_asked("重庆改革的总目标是什么？") is None  # a fact asked, not a meaning
    assert not explains("低空经济", "低空经济到底怎么定义的？", engines)  # the last item, closed by 等
    assert not explains("商业航天", "商业航天是什么意思？", engines)  # an item in the middle
    assert explains("低空经济", "低空经济是什么意思？", "低空经济是指以低空飞行活动为牵引的综合性经济形态。")


def test_who_gives_and_how_much_more_one_gets_name_nothing_counted() -> None:
    assert analyse("今年国家给每月至少加了多少？").quantity == ()  # 国家 gives
    assert analyse("每个月最低能多领多少？").quantity == ()  # 最低能 hedges, 多领 asks how much more
    assert analyse("最低工资标准提高到多少？").quantity == ("最低工资", "标准")  # 最低 of 最低工资 is no hedge
    assert analyse("财政补助标准提高多少？").quantity == ("财政", "补助", "标准")


def test_hedges_and_words_of_sequence_before_多少_name_nothing_counted() -> None:
    assert analyse("今年从大学毕业要找工作的年轻人，估计大概有多少？").quantity == ()
    assert analyse("最后改了多少处？").quantity == ()
    assert analyse("预计能源消耗降低多少？").quantity == ("能源消耗",)  # 能 of 能源 is no hedge


def test_whether_something_is_already_done_is_not_answered_by_a_sentence_planning_it() -> None:
    from assistant.answer.question import done_unsaid

    asked = analyse("“高效办成一件事”改革是否已经在所有区县全面推开？")
    assert done_unsaid(asked, ["构建“高效办成一件事”政务服务新体系。"])
    assert not done_unsaid(asked, ["“高效办成一件事”改革已在38个区县全面推开。"])
    assert not done_unsaid(analyse("重庆会不会推行“高效办成一件事”改革？"), ["构建“高效办成一件事”政务服务新体系。"])
    # 是不是已经写了: whether the document already says it, not whether it is done
    circle = ["高标准、高质量建设雄安新区，推动成渝地区双城经济圈建设。"]
    assert not done_unsaid(analyse("二十大报告里是不是就已经写了成渝地区双城经济圈？"), circle)
    assert done_unsaid(analyse("成渝地区双城经济圈是不是已经建成了？"), circle)


def test_a_question_asking_a_quoted_terms_content_names_that_term() -> None:
    from assistant.answer.question import content_asked

    for question, term in [("重庆的“四进三回”行动具体有哪些做法？", "四进三回"), ("“碳达峰十大行动”都包括哪些行动？", "碳达峰十大行动"),
                           ("打造智能中核的“四个一”机制包括哪些内容？", "四个一")]:
        assert content_asked(analyse(question), question) == term
    for question in ("“四进三回”是什么意思？", "重庆为什么推进“四进三回”行动？"):
        assert content_asked(analyse(question), question) is None


def test_an_ordinal_with_an_item_word_names_the_place_of_the_item_asked() -> None:
    from assistant.answer.question import item_ordinal

    assert item_ordinal(analyse("5张清单中的第四张清单是什么？")) == ("第四张", 4)
    assert item_ordinal(analyse("50条措施里，第一条措施具体写的是什么？")) == ("第一条", 1)
    assert item_ordinal(analyse("第十四届全国人大第二次会议有什么议程？")) is None  # a name and a count, no item
    assert item_ordinal(analyse("其中第二板块包括哪几部分？")) is None  # a list question reads it its own way
    first = analyse("50条措施里，第一条措施具体写的是什么？")
    assert evidence_problems(first, ["从14个方面提出了50条措施。"], [], [], kind_ok=False) == ["最相关的段落中没有所问的第一条。"]


def test_colloquial_question_words_are_read_as_their_written_forms() -> None:
    from assistant.answer.condense import condense

    asked = condense("重庆为啥把2029年城镇化率目标定在76%", []).question
    assert asked == "重庆为什么把2029年城镇化率目标定在76%" and analyse(asked).kind == "reason"
    assert analyse(condense("超长期特别国债啥时候开始发", []).question).kind == "date"
    assert analyse("把目标定在76%的依据是什么？").kind == "reason"  # a basis asked like a definition


def test_cantonese_words_are_read_in_mandarin_and_mandarin_words_stay() -> None:
    from assistant.text.colloquial import written
    from assistant.text.script import simplified

    def read(question: str) -> str:
        return written(simplified(question))

    assert read("《決定》講香港嗰段，話要鞏固提升香港做邊幾個中心嘅地位？") == "《决定》讲香港那段，话要巩固提升香港做哪几个中心的地位？"
    assert read("重慶嗰場全會新聞發布會，係邊個上台做主題發布㗎？佢係咩職位？") == \
        "重庆那场全会新闻发布会，是谁上台做主题发布？他是什么职位？"  # 边个 before a verb asks who
    assert read("係邊個部門嘅負責人答嘅？") == "是哪个部门的负责人答的？"  # before a noun, which
    assert read("重慶自貿試驗區總面積係多少平方公里？") == "重庆自贸试验区总面积是多少平方公里？"  # 係 is 是
    for mandarin in ("我们这边几家科研院所", "我们州是边境州", "评价体系多少项", "这是什么关系"):
        assert read(mandarin) == mandarin  # no Cantonese word in them: 边 and 系 keep their Mandarin sense


def test_a_rate_asked_is_a_share_in_percent() -> None:
    assert analyse("超长期特别国债的利率多少？").measure == "%"
    assert analyse("今年出口退税率有没有调高？调到多少？").measure == "%"  # a tax rate moved to an amount
    assert analyse("重庆到2027年道路交通事故死亡率要降到多少").measure is None  # a death rate is per so many


def test_a_clause_setting_an_amount_counts_what_the_clause_before_names() -> None:
    a = analyse("重庆有没有定2027年外贸进出口总额目标？定了多少亿？")
    assert "总额" in a.quantity and a.measure == "亿"  # not the 工业总产值 of another target in 亿
    assert "起征点" in analyse("个税起征点这次有没有调？调到多少了").quantity
    counted = analyse("他们为了量化改革推进情况，定了多少项改革核心绩效指标？").quantity
    assert "情况" not in counted  # what is counted follows the ask
    assert analyse("存款准备金率下调了几次？").measure == "次"  # the count asked last


def test_a_part_asking_only_for_the_items_of_the_part_before_asks_nothing_of_its_own() -> None:
    from assistant.answer.question import asks_items_only

    assert asks_items_only("分别列了哪几个方面") and asks_items_only("具体有哪些？") and asks_items_only("都包括哪些内容")
    assert not asks_items_only("增长了多少") and not asks_items_only("主要有哪些试点城市")


def test_presence_stated_as_the_questions_premise_does_not_ask_who_was_present() -> None:
    from assistant.answer.question import counts_those_present

    present = "出席这次全会的有，中央委员199人，候补中央委员165人。"
    assert counts_those_present(analyse("出席的中央委员是199人，那这一届中央委员一共有多少人？"), present)
    assert not counts_those_present(analyse("出席二十届三中全会的中央委员有多少人？"), present)


def test_an_amount_in_digits_the_question_states_must_be_in_the_cited_passages() -> None:
    a = analyse("重庆那31项重大改革项目，分别由哪些市级部门牵头负责？")
    retrieved = ["重庆谋划提出重大改革项目31项。", "重庆市发展改革委、市科技局有关负责同志回答了记者提问。"]
    cited_elsewhere = evidence_problems(a, retrieved, [], [], kind_ok=True, answer_passages=[retrieved[1]])
    assert cited_elsewhere == ["所引段落没有提到：31项"]
    assert evidence_problems(a, retrieved, [], [], kind_ok=True, answer_passages=[retrieved[0]]) == []
    # an amount in words (十年, 二十大) is a span or a name, and is checked as the other anchors are
    passage = ["十年来，全社会研发经费支出从一万亿元增加到二万八千亿元。"]
    assert evidence_problems(analyse("十年来研发经费从多少增加到二万八千亿元？"), passage, [], [], kind_ok=True,
                             answer_passages=passage) == []


def test_each_thing_asked_a_day_or_a_body_asks_dates_or_bodies_not_a_list() -> None:
    assert analyse("起草期间中央政治局常委会开的那3次会议分别是哪天？").kind == "date"
    assert analyse("31项重大改革项目的牵头单位分别是哪个部门？").kind == "actor"
    assert analyse("这两个试点分别是什么？").kind == "list"


@pytest.mark.parametrize("question", [
    "2024年那个政府工作报告是哪个总理在人大会上作的？",
    "发布会是哪位局长主持的？",
    "这项改革由哪个部长牵头？",
])
def test_which_office_holder_asks_who(question: str) -> None:
    assert analyse(question).kind == "actor"


def test_a_quoted_terms_parts_asked_with_what_each_means_ask_its_content() -> None:
    from assistant.answer.question import content_asked

    for question, term in [("“三新”分别指哪些？", "三新"), ("“33618”里的“18”指的是哪些产业？", "18")]:
        assert content_asked(analyse(question), question) == term
    assert content_asked(analyse("“416”指的是什么？"), "“416”指的是什么？") is None  # a definition, read by `explains`


def test_a_noun_naming_whose_amount_is_asked_must_be_named_with_it() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("2024年政府工作报告里国防支出预算增长多少？")
    assert a.quantity == ("国防", "支出", "预算")
    assert not names_quantity(a, "一般公共预算支出规模28.5万亿元、比上年增加1.1万亿元。")
    assert names_quantity(a, "国防支出预算增长7.2%。")
    # 连着几年 reads as 连续几年: how long it has lasted, no count of years
    assert analyse("流经重庆的长江主干河段水质已经连着几年稳定在二类标准？").measure \
        == analyse("流经重庆的长江主干河段水质已经连续几年稳定在二类标准？").measure == "时长"


def test_the_thing_counted_after_the_question_word_must_be_named() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("国家助学贷款提标降息，让多少学生得了实惠？")
    assert not names_quantity(a, "两次降低存款准备金率，绿色发展等贷款大幅增长。")
    assert names_quantity(a, "国家助学贷款提标降息惠及1100多万学生。")


def test_a_range_asked_after_an_amount_is_the_same_question() -> None:
    assert sub_questions("这十年研发上的钱涨了多少，从多少到多少？") == ("这十年研发上的钱涨了多少，从多少到多少？",)
    assert len(sub_questions("国内生产总值是多少、增长了多少？")) == 2


def test_whose_standard_is_raised_must_be_named_the_verb_of_change_naming_nothing_counted() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("今年居民医保的个人缴费标准提高了多少？")
    assert a.quantity == ("个人", "缴费", "标准")  # 提高了 is the change asked, not what changes
    assert not names_quantity(a, "居民医保人均财政补助标准提高30元。")
    assert names_quantity(analyse("居民医保人均财政补助标准提高了多少？"), "居民医保人均财政补助标准提高30元。")


def test_the_asker_own_scene_before_the_question_gives_no_anchor_and_no_ask() -> None:
    from assistant.answer.question import split_scene

    q = "县医保局和人社局一起开会，二十大报告要推动哪几项社会保险实行省级统筹？"
    assert split_scene(q) == ("县医保局和人社局一起开会，", "二十大报告要推动哪几项社会保险实行省级统筹？")
    a = analyse(q)
    assert a.kind == "list" and "人社局" not in a.organisations
    a = analyse("我们城区还有几段黑臭河沟，生态环境局在排整治计划，二十大报告对城市黑臭水体提的要求是什么？")
    assert a.kind == "definition" and not a.places  # 几段 tells the scene, it asks no amount
    # the asked part points back into the scene, or the scene asks itself: it is part of the question
    assert split_scene("我们村的年轻人想学门手艺，重庆有没有说要怎么培养这些人？")[0] == ""
    assert split_scene("城镇每年能新添多少地，《决定》说今后要参照什么来定？")[0] == ""
    assert split_scene("为了支撑《实施意见》落地，重庆编制的是哪5张清单？")[0] == ""  # the first clause names a document


def test_an_office_at_its_own_paperwork_is_the_askers_scene_and_things_are_no_place() -> None:
    from assistant.answer.question import split_scene

    q = "商务局在写外贸形势分析材料，里面要用到政府工作报告的提法。去年出口的“新三样”指的是哪三类产品？"
    assert split_scene(q)[0] == "商务局在写外贸形势分析材料，" and "商务局" not in analyse(q).anchors
    assert split_scene("卫健委在写材料，二十大报告给出的人均预期寿命是多少？")[0] == "卫健委在写材料，"
    assert split_scene("市委组织部介绍，二十大报告提出了什么？")[0] == ""  # a body said to speak is no scene
    assert "东西" not in analyse("政府工作报告里出口的“新三样”是哪三样东西？").places


def test_someone_of_the_askers_own_circle_opens_a_scene_whose_words_ask_nothing() -> None:
    from assistant.answer.question import next_year_unsaid, split_scene

    q = "孙子明年大学毕业，一家人都替他找工作发愁。政府工作报告估计今年全国高校毕业生有多少人？"
    assert split_scene(q)[0] == "孙子明年大学毕业，一家人都替他找工作发愁。"
    # the grandson's 明年 is the asker's story: this year's figure answers
    assert not next_year_unsaid(analyse(q), "预计今年高校毕业生超过1170万人")
    q = "邻居家的孙娃子年轻不懂事犯了点小错，屋头怕这个记录跟他一辈子。三中全会决定里对轻微犯罪的记录有没有新规定？"
    assert analyse(q).people == ()  # 孙娃子 (a grandson) is nobody the documents must name
    assert split_scene("儿媳妇说养娃花钱太凶，政府工作报告有没有减轻生育负担的办法？")[0] == "儿媳妇说养娃花钱太凶，"
    assert next_year_unsaid(analyse("政府工作报告说明年还打算发多少超长期特别国债？"), "今年先发行1万亿元")


def test_kin_told_of_open_a_scene_and_a_demonstrative_before_a_new_noun_points_nowhere_back() -> None:
    from assistant.answer.question import split_scene

    q = ("奶奶十九岁从垫江乡下嫁到城里来，那时候城里头人少得很。听说市委开了全会以后开了个新闻发布会，"
         "讲到2029年重庆住在城里的人要占到一个比例，就是那个常住人口城镇化率，是多少？")
    assert "垫江" not in analyse(q).anchors  # grandmother's village is the scene; 那个 is spoken filler
    assert split_scene("你爸说他每年报税都填了赡养老人，国家这两年对个税专项附加扣除有什么调整？")[0] == "你爸说他每年报税都填了赡养老人，"
    kept = "我们村有几个专业合作社，国家对这个合作社有什么扶持？"  # 这个合作社: the scene's own
    assert split_scene(kept) == ("", kept)


def test_a_ministry_is_a_body_even_where_jieba_tags_it_a_common_noun() -> None:
    assert analyse("教育部2024年工作要点里，对职业教育提出了哪些重点任务？").organisations == ("教育部",)
    assert analyse("财政部和人力资源社会保障部发布了什么？").organisations == ("财政部", "人力资源社会保障部")
    assert analyse("教育部门要做哪些工作？").organisations == ()  # a kind of office, not the ministry


def test_an_english_word_typed_in_lower_case_is_no_code_but_an_abbreviation_is() -> None:
    assert analyse("2023年全年新增的税费优惠一共有多少？tax relief的总盘子想知道下。").codes == ()
    assert analyse("我国申请加入cptpp了吗？").codes == ("cptpp",)
    assert analyse("2024年M2和PMI的目标是多少？").codes == ("M2", "PMI")


def test_a_level_or_side_named_only_in_the_asker_own_scene_is_not_required_of_the_answer() -> None:
    from assistant.answer.question import names_quantity

    # 县级财政 and 收入 tell the asker's own situation; the report's total spending is what is asked
    a = analyse("我们县级财政收入紧张，2024年政府工作报告安排的一般公共预算支出规模是多少？")
    assert a.asked_text.startswith("2024年政府工作报告") and a.question.startswith("我们县级")
    assert names_quantity(a, "一般公共预算支出规模28.5万亿元、比上年增加1.1万亿元。")
    # asked outright, the level and the side still must be named
    assert not names_quantity(analyse("2024年政府工作报告安排的县级一般公共预算支出规模是多少？"),
                              "一般公共预算支出规模28.5万亿元、比上年增加1.1万亿元。")
    assert not names_quantity(analyse("2024年政府工作报告安排的一般公共预算收入是多少？"),
                              "一般公共预算支出规模28.5万亿元、比上年增加1.1万亿元。")


def test_an_area_asked_is_answered_in_mu_or_square_km_and_a_count_word_is_not_what_is_counted() -> None:
    a = analyse("二十大报告给种粮的地划了一条多大面积的底线？")
    assert a.measure == "面积" and "一条" not in a.quantity
    assert holds_kind(a, "牢牢守住十八亿亩耕地红线。")
    assert not holds_kind(a, "粮食产量1.3万亿斤。")


def test_what_a_report_is_said_to_count_is_after_the_verb_of_saying() -> None:
    a = analyse("二十大报告回顾十年成就时说全国有多少贫困人口实现了易地搬迁？")
    assert "时说" not in a.quantity and "成就" not in a.quantity


@pytest.mark.parametrize(("question", "kind"), [
    ("这个数是根据什么测算出来的？", "reason"),  # the basis of a figure
    ("重庆编制的是哪5张清单？", "list"),  # a count in digits
    ("娃上学不交学费的就那么几年，上面有没有打算扩大范围？", "yesno"),  # 那么几年: a few years
])
def test_a_basis_a_count_in_digits_and_a_few_are_read_as_what_they_ask(question: str, kind: str) -> None:
    assert question_kind(question) == kind


def test_a_long_name_of_what_is_counted_keeps_the_count_of_items_asked() -> None:
    assert analyse("重庆提出的31项集成式标志性重大改革项目具体是哪些？").count == 31
    assert analyse("二十大报告概括的中国式现代化的本质要求包括哪些内容？").count is None  # 二十大 is no count


def test_a_name_with_a_measure_word_in_it_is_no_amount() -> None:
    a = analyse("列席会议的一共有多少人？")
    assert answer_span(a, "统筹推进“五位一体”总体布局。") is None
    assert answer_span(a, "出席这次全会的有，中央委员199人。") is not None


def test_a_request_worded_as_a_question_asks_for_the_thing_not_yes_or_no() -> None:
    assert analyse("重庆编了5张清单，能把这5张清单的名称都列一下吗？").kind == "list"
    assert analyse("能介绍一下新质生产力是什么吗？").kind == "definition"
    assert analyse("请介绍一下强村富民综合改革吗？").kind != "yesno"  # (a check request of the same name once shadowed it)
    assert analyse("重庆能不能在西部率先突破？").kind == "yesno"  # no request: asks whether it can
    assert analyse("你能说说重庆有没有提出养老金标准吗？").kind == "yesno"  # the request wraps a yes/no question


def test_a_claim_to_check_is_answered_by_the_sentence_stating_another_amount_of_its_measure() -> None:
    from assistant.answer.question import claim_corrections

    a = analyse("重庆从14个方面提出了60条贯彻落实措施，这个说法对吗？")
    assert claim_corrections(a, "从14个方面提出了50条贯彻落实措施。") == [("60条", "50条")]
    assert claim_corrections(a, "从14个方面提出了60条贯彻落实措施。") == []  # the claim holds
    assert claim_corrections(a, "提出了16项改革项目。") == []  # no amount of its measure: no answer to it
    # a premise, not a claim to check: its amount must still be given
    assert claim_corrections(analyse("重庆提出的60条措施里有几条是关于开放的？"), "提出了50条措施。") == []


@pytest.mark.parametrize("question", [
    "集成式标志性重大改革项目清单，稿子里写的13项，对不对？",
    "决定稿开列60条，这么写没问题吧",
    "重庆2027年全市工业总产值目标是3万亿吧？",
    "政府工作报告里地方政府专项债是3.8万亿？",  # a figure put forward with nothing but a question mark
])
def test_a_figure_put_forward_to_be_checked_makes_a_claim_to_check(question: str) -> None:
    from assistant.answer.question import checks_claim

    assert checks_claim(analyse(question))


def test_a_plain_question_about_a_figure_makes_no_claim_to_check() -> None:
    from assistant.answer.question import checks_claim

    assert not checks_claim(analyse("地方政府专项债券拟安排多少？"))
    assert analyse("地方政府专项债券拟安排多少？").kind == "number"
    assert not checks_claim(analyse("重庆要编制几张清单？"))


def test_a_claimed_figure_without_its_measure_word_is_corrected_by_one_of_the_same_magnitude() -> None:
    from assistant.answer.question import claim_corrections

    a = analyse("地方政府专项债是3.8万亿，对吗？")
    assert claim_corrections(a, "拟安排地方政府专项债券3.9万亿元、比上年增加1000亿元。") == [("3.8万亿", "3.9万亿元")]
    assert claim_corrections(a, "比上年增加1000亿元。") == []  # another magnitude: no answer to it
    assert claim_corrections(a, "拟安排地方政府专项债券3.8万亿元。") == []  # the claim holds


def test_a_yes_no_question_restating_a_sentence_then_asking_of_a_case_it_does_not_name_asks_beyond_it() -> None:
    from assistant.answer.question import asks_beyond

    said = "按照自愿、弹性原则，稳妥有序推进渐进式延迟法定退休年龄改革。"
    assert asks_beyond(analyse("渐进式延迟法定退休年龄改革，对灵活就业人员也适用吗？"), said)
    # asked of what the sentence says, or in lay words restating nothing: not beyond it
    assert not asks_beyond(analyse("渐进式延迟法定退休年龄改革，是按自愿、弹性原则推进吗？"), said)
    assert not asks_beyond(analyse("听说退休要往后推，是不是所有人都得硬性统一往后推？"), said)
    assert not asks_beyond(analyse("对灵活就业人员也适用吗？"), said)  # nothing restated before the ask
    # asking whether the documents say it at all (真有这个提法吗) names no case beyond what they say
    bankrupt = "健全企业破产机制，探索建立个人破产制度，推进企业注销配套改革，完善企业退出制度。"
    assert not asks_beyond(analyse("听人说要搞个人破产制度了，三中全会的决定里真有这个提法吗？"), bankrupt)
    assert not asks_beyond(analyse("听人说三中全会决定里提到要搞个人破产制度，真有这回事吗？"), bankrupt)
    assert asks_beyond(analyse("听人说要搞个人破产制度了，欠税的个体户也能申请吗？"), bankrupt)


def test_when_an_occasion_was_held_is_answered_by_a_sentence_saying_it_was_held() -> None:
    a = analyse("专门研究进一步深化改革的那次中央全会开了哪几天？")
    assert not holds_kind(a, "2024年5月7日，决定稿下发党内一定范围征求意见。")
    assert holds_kind(a, "中国共产党第二十届中央委员会第三次全体会议，于2024年7月15日至18日在北京举行。")
    assert holds_kind(analyse("改革任务要在哪一年完成？"), "到2029年完成本决定提出的改革任务。")  # no occasion held


def test_done_yet_a_basis_of_a_figure_and_a_timetable_are_read_as_their_kinds() -> None:
    assert analyse("民营经济促进法现在已经通过了没有？").kind == "yesno"
    assert analyse("这个30元是按什么测算出来的？").kind == "reason"
    assert analyse("每个阶段的时间节点是什么？").kind == "date"


def test_places_changed_in_a_text_are_counted_in_chu_and_common_words_jieba_tags_as_places_are_none() -> None:
    a = analyse("决定稿最后改了多少地方？")
    assert a.measure == "处" and holds_kind(a, "作出221处修改。")
    assert "安家" not in analyse("听说重庆想让更多人进城安家，到2029年城镇化率要到多少？").places


def test_a_date_a_thing_starts_is_not_asked_of_an_occasion_held() -> None:
    assert holds_kind(analyse("这项改革从哪一年开始实施？"), "到2029年完成本决定提出的改革任务。")
    assert holds_kind(analyse("这项试点什么时候开展？"), "2024年起开展试点。")
    assert not holds_kind(analyse("那次全会是哪天开的？"), "2024年5月7日，决定稿下发党内一定范围征求意见。")


def test_a_group_the_question_counts_or_a_code_it_names_is_what_its_content_is_asked_of() -> None:
    from assistant.answer.question import content_asked

    def asked(q: str) -> str | None:
        return content_asked(analyse(q), q)

    assert asked("重庆要加快建设的四大重庆实验室分别叫什么名字？") == "四大重庆实验室"
    assert asked("重庆要加快建的四大重庆实验室，各自叫什么名字？") == "四大重庆实验室"
    assert asked("重庆信用评级要覆盖的5类主体分别是哪几类？") == "5类主体"
    assert asked("33618 具体指哪些产业") == "33618"  # a code of digits, unquoted
    assert asked("“33618”现代制造业集群体系里这几个数字分别对应哪些产业？") == "33618"  # some words after the quote
    assert asked("具体怎么参与“碳惠通”交易？") == "碳惠通"  # asked before the term
    # a short clause of its own may lead the ask, after a comma
    assert asked("重庆国企改革里的“三改一盘活”，三改分别改什么？") == "三改一盘活"
    assert asked("“33618”现代制造业集群体系，每个数字具体对应哪些产业？") == "33618"
    assert asked("那个“揭榜”机制，全称叫什么？") is None  # its name is asked, not its members
    assert asked("重庆谋划的31项集成式标志性重大改革项目具体都有哪些？") == "31项集成式标志性重大改革项目"  # a long name
    assert asked("那个“两企三新”，含哪两类企业？") == "两企三新"  # which two, asked
    assert asked("“33618”现代制造业集群体系，这一串数字各代表哪些产业？") == "33618"
    assert asked("二十大报告说十年来经历了哪三件大事？") is None  # a Party congress counts no group
    assert asked("重庆融入全国统一大市场，具体要干哪几件事") is None  # nor does one (统一大市场)
    # a count asked (哪几张), an amount or a year is no group named
    assert asked("重庆要编制哪几张改革清单？") is None
    assert asked("2024年的预期目标分别是多少？") is None


def test_a_share_written_in_chinese_words_answers_a_percentage_question() -> None:
    a = analyse("医保参保率有多高？")
    assert a.measure == "%" and holds_kind(a, "基本医疗保险参保率稳定在百分之九十五。")  # and 医保 is 医疗保险
    assert not holds_kind(a, "基本养老保险覆盖十亿四千万人。")


def test_how_high_asks_a_question_of_its_own_in_a_compound_question() -> None:
    parts = sub_questions("二十大报告里讲，全国有多少人参加了基本养老保险？医保参保率有多高？")
    assert len(parts) == 2 and parts[1].startswith("医保参保率")
    # a bare opening ask (再过几年) dates the question after it, it asks nothing alone
    assert sub_questions("再过几年，重庆的数字经济要占到经济总量的多大份额？") == ("再过几年，重庆的数字经济要占到经济总量的多大份额？",)


def test_the_scope_and_the_document_named_are_not_what_a_number_question_counts() -> None:
    assert analyse("二十大报告里讲，全国有多少人参加了基本养老保险？").quantity == ()
    assert analyse("保老百姓吃饭的那块地，二十大报告划了多大的底线？").quantity == ()
    assert "gdp" in analyse("二十大报告 十年GDP从多少涨到多少").quantity


def test_spaces_typed_between_the_words_of_a_terse_question_break_it_into_parts() -> None:
    assert sub_questions("决定稿分几个部分 共多少条") == ("决定稿分几个部分", "决定稿分共多少条")
    assert analyse("二十大报告 耕地红线多少亩").quantity == ("耕地", "红线")  # not 报告耕地红线 run on
    assert analyse("What is GDP").asked == "What·is·GDP"  # spaces between Latin words break no part


def test_a_bare_second_ask_takes_the_subject_of_the_first_not_its_verb() -> None:
    assert sub_questions("决定稿征求意见 一共收到多少条修改建议，改了多少处")[1] == "决定稿征求意见,改了多少处"
    assert sub_questions("2023年，国内生产总值是多少、增长了多少？")[1] == "2023年,国内生产总值增长了多少"


def test_how_long_something_has_lasted_is_a_duration_and_a_roman_grade_is_an_amount_of_its_class() -> None:
    from assistant.answer.question import DURATION_ASKED

    said = "长江干流重庆段水质连续7年保持Ⅱ类。"
    lasted = analyse("长江的水质稳定了几年了？")
    assert lasted.measure == DURATION_ASKED and holds_kind(lasted, said)
    assert holds_kind(analyse("长江干流重庆段的水质已经连续几年保持在几类？"), said)
    assert not holds_kind(analyse("长江干流重庆段的水质保持在几类？"), "长江干流重庆段水质持续向好。")


def test_who_each_of_several_people_is_asks_for_the_people_not_how_many() -> None:
    assert question_kind("文件起草班子由总书记挂帅，另外几位副手分别是谁？") == "actor"
    assert question_kind("文件起草组有几位副组长？") == "number"


def test_how_many_followed_by_which_they_are_asks_for_the_list() -> None:
    from assistant.answer.question import asks_items_only

    assert question_kind("这次一共编了几张清单，分别叫什么？") == "list"
    assert analyse("重庆 清单 几张 都是啥").kind == "list"
    assert question_kind("重庆编制了几张清单？") == "number"
    assert asks_items_only("分别叫什么") and asks_items_only("都是啥")
    assert not asks_items_only("分别由哪个部门牵头")


def test_keywords_typed_apart_naming_a_counted_group_ask_for_its_items() -> None:
    assert analyse("中国式现代化 五个特征 二十大报告").kind == "list"
    assert analyse("说说中国式现代化的五个特征").kind == "other"  # a sentence, not keywords typed apart


def test_a_head_holding_an_ask_counts_no_noun() -> None:
    from assistant.answer.question import names_quantity

    a = analyse("二十大报告 十年GDP从多少涨到多少")  # 多少涨到多少: no noun follows the first 多少
    assert a.kind == "number" and a.head is None and a.quantity == ("gdp",)
    assert names_quantity(a, "国内生产总值从五十四万亿元增长到一百一十四万亿元")  # GDP -> 国内生产总值


def test_which_bureau_asks_for_a_body_of_that_kind() -> None:
    from assistant.answer.question import names_body_asked

    q = "我们县推进“高效办成一件事”，牵头负责的是哪个局？"
    assert question_kind(q) == "actor"
    assert not names_body_asked(q, "以推进“高效办成一件事”为牵引，提高政务服务水平。")  # 办 of 办成 is no body
    assert not names_body_asked(q, "更好服务全国大局，优化区域布局。")
    assert names_body_asked(q, "由县市场监管局牵头。")
    assert names_body_asked("牵头单位是谁？", "以推进“高效办成一件事”为牵引")  # no kind of body asked
    assert question_kind("当前的国际格局是什么局面？") != "actor"


def test_what_concept_or_what_kind_of_thing_asks_a_meaning() -> None:
    from assistant.answer.question import meaning_asked

    assert question_kind("“首发经济”是个什么概念？") == "definition"
    assert meaning_asked("“首发经济”是个什么概念？") == "首发经济"
    assert meaning_asked("新质生产力到底是一种什么样的生产力？") == "新质生产力"
    assert meaning_asked("重庆改革的目标是什么？") is None


def test_a_purpose_asked_is_a_reason_even_after_a_list_word() -> None:
    assert question_kind("重庆列出那份近期拟出台的惠民强企政策清单，出发点是什么？") == "reason"
    assert question_kind("这样规定的目的是什么？") == "reason"
    assert question_kind("重庆要编制哪几张改革清单？") == "list"


def test_whether_an_amount_changed_is_a_yes_no_question() -> None:
    assert question_kind("2023年稳经济是不是靠大规模放水来刺激的？") == "yesno"  # 大规模 asks no amount
    assert question_kind("制造业增加值比重是不是提高了？") == "yesno"
    assert question_kind("制造业增加值比重是多少？") == "number"
    assert question_kind("今年赤字规模有多大？") == "number"


def test_which_of_a_counted_group_asks_for_its_members() -> None:
    from assistant.answer.question import content_asked

    q = "重庆那35项改革核心绩效指标里，专门考核区县的是哪几项？"
    assert content_asked(analyse(q), q) == "35项改革核心绩效指标"
    q = "35项改革核心绩效指标是谁定的？"
    assert content_asked(analyse(q), q) is None


def test_a_thing_pointed_back_to_is_no_other_doer() -> None:
    from assistant.answer.question import done_by_another

    a = analyse("重庆说长江干流重庆段水质一直稳定在Ⅱ类，这个状态已经保持几年了？")
    assert a.doer is None
    assert holds_kind(a, "长江干流重庆段水质连续7年保持Ⅱ类") and not done_by_another(a, "长江干流重庆段水质连续7年保持Ⅱ类")
    assert analyse("文件起草组一共召开了多少次全体会议？").doer == ("起草组", "召开")


def test_a_doer_of_a_one_character_verb_counts_only_what_it_did() -> None:
    from assistant.answer.question import done_by_another

    a = analyse("文件起草组前后一共开了几次全体会议")  # 前后, 一共 stand between; 开 is the verb counted
    assert a.doer == ("起草组", "开")
    assert done_by_another(a, "在起草工作过程中，中央政治局常委会召开3次会议、中央政治局召开2次会议进行审议。")
    assert not done_by_another(a, "文件起草组召开3次全体会议。")


def test_a_rise_compared_with_before_counts_what_the_first_ask_counts() -> None:
    a = analyse("按二十大报告，我国经济总量占全球的份额是多少，比十年前高了多少？")
    assert a.quantity == ("我国", "经济总量") and "前高" not in a.quantity  # the share of 我国经济总量


def test_a_term_used_in_passing_does_not_say_what_concept_it_is() -> None:
    from assistant.answer.question import explains

    q = "“首发经济”是个什么概念？"
    assert not explains("首发经济", q, "合理增加公共消费，积极推进首发经济发展。")  # 发展 after it: no concept
    assert explains("首发经济", q, "首发经济是指企业发布新产品、推出新业态的经济形态。")


def test_how_to_apply_is_said_only_by_a_sentence_naming_the_papers_steps_office_or_terms() -> None:
    from assistant.answer.question import asks_procedure, procedure_unsaid

    q = "我在城里打工，孩子想在这边上小学，随迁子女入学得准备哪些材料？"
    measure = "推动符合条件的农业转移人口随迁子女义务教育等享有同迁入地户籍人口同等权利。"
    assert asks_procedure(q) and procedure_unsaid(q, measure)
    assert not procedure_unsaid(q, "随迁子女入学需提交居住证和户口簿等材料。")
    q = "想申请保障性住房，要满足什么条件，去哪个部门报名？"
    assert procedure_unsaid(q, "加大保障性住房建设和供给，满足工薪群体刚性住房需求。")
    assert not asks_procedure("重庆要编制哪几张改革清单？")
    assert not procedure_unsaid("重庆要编制哪几张改革清单？", "编制5张清单")


def test_a_terse_amount_ask_counts_the_thing_typed_before_it() -> None:
    a = analyse("2024 国防预算 增长多少")
    assert a.quantity == ("国防", "预算")
    assert not names_quantity(a, "一般公共预算支出规模28.5万亿元、比上年增加1.1万亿元。")  # another 预算
    assert analyse("文件起草组一共召开了多少次全体会议？").quantity != ()


def test_an_abbreviation_in_latin_letters_must_be_in_the_passages_or_what_it_stands_for() -> None:
    a = analyse("2024 M2 增长目标 多少")
    assert a.codes == ("M2",) and "M2" in a.anchors
    assert missing_anchors(a, ["2024年发展主要预期目标是：国内生产总值增长5%左右；"]) == ["M2"]
    gdp = analyse("GDP增长目标是多少？")
    assert missing_anchors(gdp, ["今年发展主要预期目标是：国内生产总值增长5%左右；"]) == []  # lay_terms: GDP
    assert analyse("渝快办APP能办哪些事？").codes == ()  # an everyday word
    assert analyse("选择题：增长目标是多少？A. 5% B. 6%").codes == ()  # quiz options


def test_a_national_figure_is_not_answered_by_a_citys_and_today_is_not_a_later_target() -> None:
    national = analyse("全国现在一共有多少个基层党组织？")
    assert not names_quantity(national, "全市现有基层党组织9万多个、党员180多万名")
    assert names_quantity(national, "全国共有基层党组织500多万个")
    local = analyse("重庆打算弄多少个改革项目去追赶？")  # a local sentence ranks against 全国: still local
    assert names_quantity(local, "针对目前在全国排位靠后的短板弱项，谋划提出16项改革项目，实现全国进位。")
    now = analyse("重庆现在的常住人口城镇化率是多少？")
    assert not names_quantity(now, "到2029年，全市常住人口城镇化率将达76%")
    assert names_quantity(analyse("重庆到2029年常住人口城镇化率是多少？"), "到2029年，全市常住人口城镇化率将达76%")


def test_an_item_asked_by_its_marker_or_as_the_last_is_an_ordinal_question() -> None:
    from assistant.answer.question import LAST, item_ordinal

    a = analyse("2024年政府工作任务里第（七）项讲的是什么？")
    assert a.ordinals == ("第七项",) and item_ordinal(a) == ("第七项", 7)
    assert item_ordinal(analyse("决定稿起草时重点把握的那几点，第六点是什么？")) == ("第六点", 6)
    last = analyse("重庆5张清单中的最后一张是什么清单？")
    assert last.kind != "list" and item_ordinal(last) == ("最后一张", LAST)
    assert question_kind("重庆5张清单分别是什么？") == "list"


def test_who_holds_a_post_is_answered_only_by_a_sentence_naming_that_post() -> None:
    from assistant.answer.question import names_post_asked

    q = "中央全面深化改革委员会的主任和副主任都是谁？"
    assert not names_post_asked(q, "各级党委（党组）负责落实党中央决策部署。")
    assert names_post_asked("文件起草组组长是谁？", "由我担任组长，王沪宁、蔡奇、丁薛祥同志担任副组长")
    assert names_post_asked("市科技局负责人是谁？", "市科技局党组书记、局长明炬")  # 负责人: any post
    assert names_post_asked("重庆要编制哪几张改革清单？", "编制5张清单")  # no post asked


def test_a_party_congress_is_not_a_count_of_things() -> None:
    assert question_kind("二十大报告是什么时候作的？") == "date"
    assert question_kind("党的十九大提出的目标是什么？") != "list"
    assert question_kind("决定稿的三大板块是什么？") == "list"


def test_an_amount_asked_with_its_magnitude_is_counted_in_the_measure_after_it() -> None:
    a = analyse("今年的城镇新增就业目标是多少万人？")
    assert a.measure == "人" and a.head is None
    assert holds_kind(a, "城镇新增就业1200万人以上") and names_quantity(a, "城镇新增就业1200万人以上")
    assert analyse("全市有多少万名党员？").head == "党员"
    assert analyse("粮食产量要达到多少亿斤？").measure == "斤"
    assert analyse("国内生产总值是多少万亿元？").measure == "万亿元"


def test_which_organ_is_answered_by_a_state_organ_named_without_the_word() -> None:
    from assistant.answer.question import names_body_asked

    assert names_body_asked("2024年政府工作报告代表的是哪个机关？", "现在，我代表国务院，向大会报告政府工作")
    assert not names_body_asked("生态环境法典由哪个机关牵头负责起草？", "编纂生态环境法典。")
    assert not names_body_asked("牵头负责的是哪个局？", "国务院部署高效办成一件事")  # 局 is named, not implied


def test_a_claim_checked_in_other_words_is_corrected_by_the_figure_the_document_states() -> None:
    from assistant.answer.question import amount_stated, claim_corrections
    from assistant.text.numerals import number_value

    assert number_value("一百一十四") == 114 and number_value("54") == 54 and number_value("项目") is None
    assert amount_stated("54万亿元", "国内生产总值从五十四万亿元增长到一百一十四万亿元")  # the same value
    assert not amount_stated("121万亿元", "国内生产总值从五十四万亿元增长到一百一十四万亿元")
    gdp = analyse("二十大报告说十年间国内生产总值从54万亿元涨到了121万亿元，是这样吗？")
    assert claim_corrections(gdp, "国内生产总值从五十四万亿元增长到一百一十四万亿元") == [("121万亿元", "一百一十四万亿元")]
    projects = analyse("那张清单据说列了50个重大改革项目，是这样吗？")  # 个 claimed, 项 stated, of the same thing
    assert claim_corrections(projects, "谋划提出重大改革项目31项") == [("50个", "31项")]
    assert claim_corrections(projects, "编制5张清单") == []  # not what was counted


def test_asking_whether_a_claim_holds_is_no_case_beyond_the_sentence_confirming_it() -> None:
    from assistant.answer.question import asks_beyond, checks_claim

    q = analyse("据说决定稿提交全会前，政治局常委会开了3次会、政治局开了2次会来审议，这说法靠谱吗？")
    assert checks_claim(q)
    assert not asks_beyond(q, "中央政治局常委会召开3次会议、中央政治局召开2次会议进行审议、修改")


def test_names_each_called_and_which_years_ask_for_a_list_and_for_dates() -> None:
    assert question_kind("为推动《实施意见》落地编的5张清单分别叫什么？") == "list"
    assert question_kind("《实施意见》里的定性定量目标是按哪两个年份定的？") == "date"
    a = analyse("长江重庆段的水已经连着多少年都是二类水了？")  # 都是二类水 is no noun counted; 已经 names nothing
    assert a.head is None and names_quantity(a, "长江干流重庆段水质连续7年保持Ⅱ类")


def test_a_short_name_of_a_body_is_found_in_its_full_name() -> None:
    q = analyse("经信委说到2027年制造业增加值要占多大比重？")
    assert q.organisations == ("经信委",)
    assert missing_anchors(q, ["2027年 市经济信息委主任王志杰介绍"]) == []
    assert missing_anchors(analyse("外交部对此怎么说？"), ["深化外事工作机制改革"]) == ["外交部"]


def test_a_gap_a_claimed_day_and_a_part_among_a_group_must_be_what_the_answer_states() -> None:
    from assistant.answer.question import claim_corrections, claimed_days, gap_unsaid

    assert gap_unsaid("重庆离4万亿还差多少？", "到2027年，全市工业总产值迈上4万亿台阶")
    assert not gap_unsaid("到2027年全市工业总产值目标是多少？", "到2027年，全市工业总产值迈上4万亿台阶")
    assert claimed_days(analyse("全会是9月12日到13日开的，对吗？")) == ["9月12日"]
    assert claimed_days(analyse("全会是9月12日开的吗？")) == []  # no claim to check
    assert analyse("党员里女党员有多少？").quantity == ("女党员",)
    revenue = analyse("报告说2023年全国一般公共预算收入是21.7万亿元，对吗？")
    assert claim_corrections(revenue, "一般公共预算支出规模28.5万亿元、比上年增加1.1万亿元。") == []  # 支出, not 收入


def test_a_level_asked_after_a_change_is_not_given_by_the_change_alone() -> None:
    from assistant.answer.question import level_unsaid

    assert level_unsaid("那涨完以后，每月最低能领多少钱？", "城乡居民基础养老金月最低标准提高20元")
    assert not level_unsaid("那涨完以后，每月最低能领多少钱？", "月最低标准提高到123元")
    assert not level_unsaid("城乡居民基础养老金今年涨多少？", "城乡居民基础养老金月最低标准提高20元")


def test_a_verb_ending_in_wei_before_shenme_asks_what_not_why() -> None:
    assert analyse("二十大报告强调坚决防止领导干部沦为什么角色？").kind != "reason"
    assert analyse("《决定》把重庆定位为什么？").kind != "reason"
    assert analyse("为什么要进一步全面深化改革？").kind == "reason"


def test_the_items_a_named_list_lists_are_its_content_asked() -> None:
    from assistant.answer.question import content_asked

    q = "“高效办成一件事”重点事项清单里都列了哪些事项？"
    assert content_asked(analyse(q), q) == "高效办成一件事"


def test_a_title_the_question_names_is_neither_what_it_counts_nor_who_does_it() -> None:
    a = analyse("《实施意见》一共提出了多少条落实措施？")
    assert a.quantity == ("落实措施",) and a.doer is None


def test_cantonese_question_words_are_read_in_their_written_forms() -> None:
    from assistant.text.colloquial import written

    assert written("二十届三中全会系几月几号开、喺边度开？") == "二十届三中全会是几月几号开、在哪里开？"  # 系 before 几
    assert written("三项能力系边三项？") == "三项能力是哪三项？"
    assert written("重庆计划到2029年城镇化率要达到几多？") == "重庆计划到2029年城镇化率要达到多少？"
    assert analyse("重庆计划到2029年城镇化率要达到几多？").kind == "number"


def test_a_penalty_asked_is_not_given_by_a_sentence_forbidding_the_act() -> None:
    from assistant.answer.question import asks_penalty, content_asked, penalty_unsaid

    q = "违反规定的地方领导干部会受到什么党纪处分？"
    assert asks_penalty(q) and penalty_unsaid(q, "严禁违法违规给予政策优惠行为。")
    assert not penalty_unsaid(q, "对违规者依法给予处分。")
    assert not asks_penalty("《决定》对招商引资提出了什么要求？")
    # members chosen for a named pilot (试点都选了哪些县) are its content too
    q = "重庆“小县大城”试点都选了哪些县？"
    assert content_asked(analyse(q), q) == "小县大城"


@pytest.mark.parametrize("question", [
    "农民参加的居民医保，今年国家财政给每人多补了多少钱？",  # 每人 is a rate, 多补 what is done
    "那去年实际打了多少粮？",  # 实际 asks the result, it counts nothing
])
def test_a_rate_an_extra_given_or_actual_names_nothing_counted(question: str) -> None:
    assert analyse(question).quantity == ()


def test_a_whole_amount_asked_is_not_given_by_its_first_part() -> None:
    from assistant.answer.question import part_for_total

    assert part_for_total("超长期特别国债总规模是多少？", "今年先发行1万亿元。")
    assert not part_for_total("超长期特别国债今年发行多少？", "今年先发行1万亿元。")
    assert not part_for_total("一共发行多少？", "共计发行3万亿元，今年先发行1万亿元。")


def test_a_meeting_named_in_a_sentence_is_not_a_meeting_held_there() -> None:
    a = analyse("那次全会是哪几天开的？")
    assert not holds_kind(a, "2023年11月27日，党中央发出通知，就全会议题征求意见。")  # it names the 全会 only
    assert holds_kind(a, "全会于2024年7月15日至18日在北京举行。")


def test_our_country_in_everyday_words_is_read_as_the_documents_write_it() -> None:
    from assistant.text.colloquial import written
    assert written("咱们国家经济总量有多大") == "我国经济总量有多大"
    assert "国家" not in analyse(written("2023年咱们国家经济总量有多大？")).quantity


def test_a_rise_asked_in_everyday_words_takes_the_first_questions_subject() -> None:
    assert sub_questions("2023年全市粮食产量有多少？比前一年涨了多少？") == (
        "2023年全市粮食产量有多少", "2023年全市粮食产量比前一年涨了多少")


@pytest.mark.parametrize(("question", "group"), [
    ("重大改革项目那31项，具体都是哪些？", "31项"),  # a count the question gives, then 具体都是哪些
    ("这10件具体是哪几部法律？", "10件"),
    ("重庆要编制哪几张改革清单？", None),  # the count is asked, not given
])
def test_members_asked_of_a_count_the_question_gives_are_its_content(question: str, group: str | None) -> None:
    from assistant.answer.question import content_asked
    assert content_asked(analyse(question), question) == group


def test_a_report_named_with_what_was_done_at_its_congress_is_that_report() -> None:
    from assistant.text.references import reference_matches
    title = "高举中国特色社会主义伟大旗帜——在中国共产党第二十次全国代表大会上的报告"
    for question in ("习近平在二十大上作报告是哪一天？", "二十大所作报告提出了什么？"):
        refs = analyse(question).documents
        assert refs and all(reference_matches(r, title) for r in refs)


def test_an_amount_of_money_named_by_what_it_is_for_is_not_given_by_another_fund() -> None:
    a = analyse("今年中央财政安排的产粮大县奖励资金是多少亿元？")  # 奖励资金: 调入资金 is another fund
    assert not names_quantity(a, "预计今年财政收入继续恢复增长，加上调入资金等，一般公共预算支出规模28.5万亿元。")
    assert names_quantity(a, "安排产粮大县奖励资金100亿元。")


def test_an_area_asked_is_not_given_by_the_area_of_another_thing() -> None:
    from assistant.answer.question import counts_another_thing
    a = analyse("今年全国计划新建和改造提升高标准农田多少万亩？")
    assert counts_another_thing(a, "牢牢守住十八亿亩耕地红线，逐步把永久基本农田全部建成高标准农田。")  # 亩 of 耕地
    assert not counts_another_thing(a, "新建和改造提升高标准农田1000万亩以上。")


def test_an_intention_names_nothing_counted() -> None:
    assert analyse("重庆说近期要出一批政策，一共打算出多少个？").quantity == ()


def test_next_years_figure_is_not_given_by_this_years() -> None:
    from assistant.answer.question import next_year_unsaid
    assert next_year_unsaid(analyse("明年还打算发多少？"), "今年发展主要预期目标是：国内生产总值增长5%左右；")
    assert not next_year_unsaid(analyse("明年还打算发多少？"), "明年计划发行1万亿元。")
    assert not next_year_unsaid(analyse("今年还打算发多少？"), "今年发展主要预期目标是：国内生产总值增长5%左右；")


@pytest.mark.parametrize(("question", "kind"), [
    ("“首发经济”这个说法在《决定》里出现过吗？原句是什么", "yesno"),  # whether, and the sentence itself
    ("重庆的《实施意见》一共从几个方面、提出了多少条措施？原文怎么说的", "number"),  # what else it asks
    ("二十大报告对教育的定位原文怎么说", "other"),  # the sentence, which defines nothing
])
def test_asking_for_the_original_wording_asks_for_the_sentence_not_a_definition(question: str, kind: str) -> None:
    assert analyse(question).kind == kind


def test_making_a_thing_the_term_defines_the_term() -> None:
    from assistant.answer.question import defines
    assert defines("各级各类教育的生命线", "坚持把高质量发展作为各级各类教育的生命线。")
    assert not defines("各级各类教育的生命线", "各级各类教育的生命线必须守住。")
    assert defines("生命线", "坚持把高质量发展作为各级各类教育的生命线。")  # 生命线指的是什么


def test_sichuan_question_words_are_read_in_their_written_forms() -> None:
    from assistant.text.colloquial import written

    assert written("地方附加税的幅度是好多") == "地方附加税的幅度是多少"
    assert written("发债规模要扩大到好多？") == "发债规模要扩大到多少？"
    assert written("好多企业说贷款难") == "好多企业说贷款难"  # many, before a noun
    # a clause asked with a question mark, the thing counted between, more said after it
    assert written("今年每亩提高到好多钱？我们村正在申报。") == "今年每亩提高到多少钱？我们村正在申报。"
    assert written("农民自己每亩要出好多保费？") == "农民自己每亩要出多少保费？"
    assert written("收入是好多？我要填个表对比一下。") == "收入是多少？我要填个表对比一下。"
    assert written("最近好多农村老人打电话问是不是又涨了？") == "最近好多农村老人打电话问是不是又涨了？"  # many
    assert written("听说有好多人拿到了补贴，是真的吗？") == "听说有好多人拿到了补贴，是真的吗？"  # many, a clause
    assert written("GDP增长目标定的好多") == "GDP增长目标定的多少"  # what was set, asked at the end
    assert written("重庆民营经济促进条例好久开始正式施行") == "重庆民营经济促进条例什么时候开始正式施行"  # when
    assert written("工伤报销扯了好久的皮。") == "工伤报销扯了好久的皮。"  # a long time
    assert written("基础养老金每个月好多钱？") == "基础养老金每个月多少钱？"
    assert written("涨完以后一共好多。") == "涨完以后一共多少。"
    assert written("目标定的好多企业都达不到") == "目标定的好多企业都达不到"  # many, before a noun
    assert written("啥子叫新质生产力") == "什么叫新质生产力"
    assert written("政府跟企业有没得沟通机制，咋个办") == "政府跟企业有没有沟通机制，怎么办"
    assert analyse(written("地方附加税的幅度是好多")).kind == "number"


def test_what_is_called_asks_a_definition_and_why_it_is_called_a_reason() -> None:
    assert analyse("什么叫新质生产力").kind == "definition"
    assert analyse("为什么叫新质生产力").kind == "reason"


def test_a_share_asked_counts_the_thing_whose_share_it_is_not_what_it_is_of() -> None:
    a = analyse("重庆2027年民营经济增加值占GDP比重要到多少")
    assert "民营" in a.quantity and "gdp" not in a.quantity
    assert not names_quantity(a, "到2027年，制造业增加值占GDP比重达到28%，数字经济增加值占GDP比重超过55%")
    assert names_quantity(a, "到2027年，民营经济增加值占GDP比重达到60%")


def test_a_counted_head_of_two_nouns_is_named_only_with_its_first_noun() -> None:
    a = analyse("今年消费品以旧换新中央财政安排了多少补贴资金？")
    assert not names_quantity(a, "预计今年财政收入继续恢复增长，加上调入资金等，一般公共预算支出规模28.5万亿元。")
    assert names_quantity(a, "中央财政安排以旧换新补贴资金1500亿元。")
    b = analyse("主体信用评级准备覆盖几类经营主体？")  # 经营 narrows no kind of 主体 the answer must repeat
    assert names_quantity(b, "实现5类主体信用评级全覆盖。")


def test_the_length_of_a_phrase_is_no_count_of_items() -> None:
    a = analyse("二十大报告讲文旅融合的那八个字是什么")
    assert a.count is None and a.kind != "list"
    assert analyse("那两个试点是什么").count == 2


def test_an_amount_in_us_dollars_asks_that_measure() -> None:
    assert analyse("到二〇三五年人均国内生产总值要达到多少美元").measure == "美元"


def test_a_size_names_no_thing_counted_without_the_word_before_it() -> None:
    deficit = "赤字率拟按3%安排，赤字规模4.06万亿元，比上年年初预算增加1800亿元。"
    assert not names_quantity(analyse("今年减税降费总规模是多少？"), deficit)  # the size of another thing
    assert names_quantity(analyse("今年赤字规模是多少？"), deficit)
    bonds = analyse("超长期特别国债一共准备发几年，总规模多大？")  # the size of the thing the clause before names
    assert "国债" in bonds.quantity and not names_quantity(bonds, deficit)


def test_a_target_year_asked_must_be_in_the_cited_passages() -> None:
    a = analyse("到2027年全市常住人口城镇化率要达到多少？")
    retrieved = ["到2029年，全市常住人口城镇化率将达76%", "到2027年，全市工业总产值迈上4万亿台阶"]
    later = ["到2029年，全市常住人口城镇化率将达76%"]
    assert evidence_problems(a, retrieved, [], [], True, answer_passages=later) == ["所引段落没有提到：2027年"]
    b = analyse("到2029年全市常住人口城镇化率要达到多少？")
    assert evidence_problems(b, retrieved, [], [], True, answer_passages=later) == []
    c = analyse("稿子里写到2027年城镇化率达到76%，这个年份对吗？")  # a claim to check is answered by the right year
    assert "所引段落没有提到：2027年" not in evidence_problems(c, retrieved, [], [], True, answer_passages=later)


def test_a_sentence_under_a_reviews_heading_says_a_thing_is_done() -> None:
    from assistant.answer.question import done_unsaid

    a = analyse("2023年可再生能源发电装机是不是已经超过火电了？")
    said = "可再生能源发电装机规模历史性超过火电，全年新增装机超过全球一半。"
    assert done_unsaid(a, [said])
    assert not done_unsaid(a, [said, "一、2023年工作回顾"])


def test_the_adverb_jinyibu_is_no_amount_but_a_count_of_steps_is() -> None:
    from assistant.answer.question import holds_kind

    debt = analyse("一揽子化债方案里置换隐性债务的额度一共是多少？")
    assert not holds_kind(debt, "统筹好地方债务风险化解和稳定发展，进一步落实一揽子化债方案。")
    assert holds_kind(analyse("改革分几步走？"), "改革分三步走。")


def test_the_verb_before_the_amount_asked_names_nothing_counted() -> None:
    a = analyse("西部金融中心到2027年金融业增加值要做到多少亿？")
    assert a.quantity == ("金融业", "增加值")
    targets = "到2027年，全市工业总产值迈上4万亿台阶，制造业增加值占GDP比重达到28%。"
    assert not names_quantity(a, targets)  # 制造业增加值 is another 增加值
    assert names_quantity(analyse("到2027年制造业增加值要做到多少？"), targets)


def test_a_ratio_asked_counts_the_thing_before_its_base() -> None:
    a = analyse("24年政报给全社会物流总费用与GDP比率定的目标是多少？")
    assert "物流" in a.quantity and "gdp" not in a.quantity
    assert not names_quantity(a, "今年发展主要预期目标是：国内生产总值增长5%左右；")


def test_a_conference_named_by_its_field_is_a_meeting_the_passages_must_name() -> None:
    a = analyse("二十届三中全会之后，新一次中央民族工作会议是什么时间召开的？")
    assert "中央民族工作会议" in a.meetings
    plenum = "中国共产党第二十届中央委员会第三次全体会议，于2024年7月15日至18日在北京举行。"
    assert missing_anchors(a, [plenum]) == ["中央民族工作会议"]


def test_a_local_body_in_the_asking_clause_is_an_anchor_but_not_the_askers_own() -> None:
    assert "纪委监委" in analyse("重庆市纪委监委怎么贯彻市委六届六次全会精神？").organisations
    scene = analyse("县纪委要开警示教育会，二十大报告里说党面临的四种危险分别是什么？")
    assert not any("纪委" in o for o in scene.organisations)  # who asks, not what is asked about



def test_a_body_of_the_city_named_without_its_place_is_an_anchor() -> None:
    health = analyse("重庆市委那场发布会上，市卫生健康委负责人介绍了哪些医改举措？")
    assert "卫生健康委" in health.organisations
    speakers = ["市委召开新闻发布会。市科技局局长明炬；市城市管理局党组书记、局长李春奎。"]
    assert missing_anchors(health, speakers, placed=["中共重庆市委新闻发布会"]) == ["卫生健康委"]
    assert "宣传部" in analyse("这场新闻发布会上，市委宣传部是哪位领导出来答问的？").organisations
    science = analyse("代表市科技局出来答记者问的是哪位？")
    assert "科技局" in science.organisations and missing_anchors(science, speakers) == []
    assert analyse("今年全市城市更新有哪些部署？").organisations == ()  # 城市 is no body


def test_items_picked_by_a_topic_must_name_it() -> None:
    from assistant.answer.question import topic_of_part

    a = analyse("重庆31项集成式标志性重大改革项目里，涉及纪检监察的是哪几项？")
    assert topic_of_part(a.question) == "纪检监察"
    lists = ["重庆谋划了31项集成式标志性重大改革项目。"]
    assert evidence_problems(a, lists, [], [], True, answer_passages=lists) == ["所引段落没有提到：纪检监察"]
    b = analyse("重庆近期拟出台的惠民强企政策中，与降低物流成本有关的是哪份文件？")  # each of its words, apart
    plan = ["《推动降低全社会物流成本行动方案》"]
    assert not any("降低物流成本" in p for p in evidence_problems(b, plan, [], [], True, answer_passages=plan))


def test_who_leads_is_said_only_by_a_sentence_naming_a_lead() -> None:
    from assistant.answer.question import names_lead

    q = "全口径地方债务监测监管体系由哪个部门牵头建设？"
    assert not names_lead(q, "完善政府债务管理制度，建立全口径地方债务监测监管体系。")
    assert names_lead(q, "由我担任组长，王沪宁、蔡奇、丁薛祥同志担任副组长")
    assert names_lead("在发布会上介绍城市治理改革的是哪位负责同志？", "李春奎：全会对…做了专门部署")  # no lead asked


def test_how_a_document_words_a_thing_is_answered_by_a_sentence_naming_it() -> None:
    from assistant.answer.question import wording_topic_unsaid

    q = "请问2024年政府工作报告在“提高区域协调发展水平”部分，对兴边富民是怎么表述的？"
    assert wording_topic_unsaid(q, "提高区域协调发展水平。充分发挥各地区比较优势。")
    assert not wording_topic_unsaid(q, "加强边疆地区建设，统筹推进兴边富民行动。")
    assert not wording_topic_unsaid("二十大报告里对 housing 的定位到底怎么说的？", "坚持房子是用来住的、不是用来炒的定位")


def test_a_closing_aside_of_the_asker_adds_no_anchor() -> None:
    from assistant.answer.question import drop_aside

    a = analyse("重庆这次全会说要聚力打造几个方面的标志性改革成果？我PPT第一页要用")
    assert a.codes == () and a.kind == "number"
    assert drop_aside("X是多少?我想知道是不是5%?") == "X是多少?我想知道是不是5%?"  # it asks again: kept


def test_a_plenums_decision_is_a_document_named_but_its_draft_and_its_explanation_are_not() -> None:
    from assistant.records import Document
    from assistant.text.references import named_references, reference_matches

    assert named_references("三中全会决定里成渝双城经济圈是怎么表述的？") == ["三中全会决定"]
    for q in ("二十届三中全会决定稿是在哪一天下发的", "三中全会决定的说明里讲了什么", "三中全会决定了哪些人事",
              "二十届三中全会决定免去谁的中央委员会委员职务？"):  # (决定免去: the plenum decided)
        assert named_references(q) == [], q
    decision = Document("d", "d.txt", "中共中央关于进一步全面深化改革 推进中国式现代化的决定",
                        "中共中央关于进一步全面深化改革 推进中国式现代化的决定\n"
                        "（2024年7月18日中国共产党第二十届中央委员会第三次全体会议通过）\n正文。", "0")
    assert reference_matches("三中全会决定", decision.heading)  # its plenum is named only in its adoption line
    assert not reference_matches("三中全会公报", decision.heading)


def test_asking_whether_a_plan_is_stated_is_no_question_whether_it_is_done() -> None:
    from assistant.answer.question import done_unsaid

    assert not done_unsaid(analyse("三中全会决定里明确要立金融法了吗？"), ["制定金融法。"])
    assert done_unsaid(analyse("个人养老金制度推开了吗？"), ["在全国实施个人养老金制度。"])


def test_a_shorthand_is_spelled_out_by_items_of_the_field_the_question_names_it_by() -> None:
    from assistant.answer.shorthand import field_of, spelled_out

    q = "三中全会决定里要积极发展的金融“五篇大文章”具体是哪五个？"
    five = "积极发展科技金融、绿色金融、普惠金融、养老金融、数字金融，加强优质金融服务。"
    assert field_of("五篇大文章", q) == "金融"
    assert spelled_out("五篇大文章", five, field_of("五篇大文章", q))
    assert not spelled_out("五篇大文章", five)  # without the field the items share no word of it
    a = analyse(q)
    assert missing_anchors(a, [five]) == []


def test_an_adverb_before_the_ask_is_no_head_the_noun_of_the_clause_before_is() -> None:
    assert analyse("重庆那16项补短板的改革项目，具体都有哪些？").head == "改革项目"
    assert analyse("乡村振兴说要振兴好几个方面，具体是哪几个？").head == "方面"


def test_the_noun_after_the_ask_with_a_verb_after_it_is_the_head() -> None:
    assert analyse("重庆有哪些区县列入了城市更新试点？").head == "区县"


def test_which_kind_of_thing_is_no_amount_though_the_question_names_a_share() -> None:
    assert analyse("决定里提高研发费用加计扣除比例，是鼓励哪类企业加大研发投入").kind != "number"
    assert analyse("研发费用加计扣除比例提高到多少").kind == "number"


def test_a_measure_word_that_starts_a_noun_is_no_measure() -> None:
    a = analyse("去年老旧小区改造加上保障房供给，总共惠及多少家庭？")
    assert a.measure is None and a.head == "家庭"
    assert holds_kind(a, "加强城镇老旧小区改造和保障性住房供给，惠及上千万家庭。")
    assert analyse("到二〇三五年人均国内生产总值要达到多少美元").measure == "美元"


def test_an_exact_figure_asked_after_a_guess_counts_what_the_guess_is_of() -> None:
    a = analyse("2023年全国新增税费优惠好像是2万亿左右？准确数是多少")
    assert a.quantity == ("税费", "优惠")
    assert names_quantity(a, "全年新增税费优惠超过2.2万亿元")


def test_a_share_raised_to_is_counted_and_must_be_named() -> None:
    a = analyse("2023年重点行业研发费用加计扣除比例提到了百分之多少")
    assert "扣除" in a.quantity
    assert not names_quantity(a, "数字经济加快发展，5G用户普及率超过50%。")


def test_the_second_half_of_a_counted_word_naming_a_class_does_not_name_it() -> None:
    a = analyse("重庆实施意见里到2027年体育产业总规模要达到多少亿？")
    assert not names_quantity(a, "到2027年，全市工业总产值迈上4万亿台阶，战略性新兴产业增加值占规上工业增加值比重达到36%")
    assert names_quantity(analyse("全市工业总产值要达到多少"), "全市工业总产值迈上4万亿台阶")  # (工业: its first half)


def test_a_code_of_digits_in_quotes_is_no_amount() -> None:
    a = analyse("重庆141基层治理体系全市配了多少专职网格员")
    assert not holds_kind(a, "迭代升级党建统领“141”基层治理体系，推动基层党建全市域建强。")
    assert holds_kind(a, "全市配备专职网格员2.8万名。")


def test_the_names_of_a_counted_group_are_a_list_of_that_many() -> None:
    a = analyse("听说重庆编了5张清单，我们想借鉴一下这种项目化的做法，能把这5张清单的名称都告诉我吗？")
    assert (a.kind, a.count) == ("list", 5)
    a = analyse("重庆推改革落地编的那5张清单，都是些什么清单？")
    assert (a.kind, a.count) == ("list", 5)


def test_asking_whether_a_document_mentions_a_thing_or_plans_it_this_year_is_not_asking_it_done() -> None:
    from assistant.answer.question import done_unsaid

    plan = ["深入实施乡村建设行动，加大农房抗震改造力度。"]
    assert not done_unsaid(analyse("农村房子抗震改造今年政府工作报告提了没"), plan)
    assert not done_unsaid(analyse("政府工作报告里个人养老金制度今年是全国铺开了吗"), ["在全国实施个人养老金制度。"])
    assert done_unsaid(analyse("个人养老金制度是否已经全国铺开了"), ["在全国实施个人养老金制度。"])


def test_a_greeting_before_the_askers_own_scene_leaves_its_body_out() -> None:
    a = analyse("您好，我在区民政局负责养老服务，最近好多老人打电话问。想请您帮我确认一下，"
                "2024年政府工作报告里城乡居民基础养老金的月最低标准提高了多少？")
    assert a.organisations == () and a.asked.startswith("2024年")
    assert analyse("儿童福利这块也归我们科管，《决定》里有没有提出建立生育补贴制度？").places == ()


def test_more_wordings_of_a_topic_that_picks_items() -> None:
    from assistant.answer.question import topic_of_part

    assert topic_of_part("那16项改革项目里，有没有民政方面的？具体是哪几项？") == "民政"
    assert topic_of_part("二十大报告讲体育的那几句，都提了哪几项工作？") == "体育"
    assert topic_of_part("重庆这回全会对文旅融合具体提了哪几个改革项目？") == "文旅融合"
    assert topic_of_part("针对问题补短板的项目有哪些") is None


def test_a_typo_of_the_when_question_word_is_read_as_it() -> None:
    from assistant.text.colloquial import written

    assert written("发布会啥时侯开的") == "发布会什么时候开的"
    assert written("发布会什么时侯开的") == "发布会什么时候开的"


def test_a_shortened_term_is_expanded_by_items_starting_with_its_characters() -> None:
    from assistant.answer.shorthand import expanded

    assert expanded("千万工程", "学习运用“千村示范、万村整治”工程经验") == "千村示范、万村整治"
    assert expanded("千万工程", "运用“千万工程”经验，健全推动乡村全面振兴长效机制。") is None


def test_a_sentence_only_counting_the_items_asked_gives_none_of_them() -> None:
    from assistant.answer.lists import gives_content

    q = "重庆那16项补短板的改革项目，具体都有哪些？"
    count = ("主要是围绕基础条件较好、重庆比较优势明显，能够在西部地区率先突破的改革事项，谋划提出16项锻长板的改革项目，"
             "尽快放大重庆比较优势，努力打造一批在西部乃至全国走在前列、作出示范的项目。")  # (two 、 in two clauses)
    assert not gives_content("16项补短板的改革项目", q, [count], "")
    assert gives_content("3项改革", "那3项改革具体都有哪些？", ["推进财税改革、金融改革、国企改革。"], "")


def test_a_list_of_the_noun_after_the_heads_de_is_of_the_kind_asked() -> None:
    from assistant.answer.lists import lists_another_kind

    items = ["发展哲学社会科学、新闻出版、广播影视、文学艺术和档案等事业。"]
    assert not lists_another_kind(analyse("今年政府工作报告说要发展哪些文化方面的事业？").head, items)
    assert lists_another_kind("产业集群", ["实施人工智能、电子信息、生物医药等重大科技专项。"])


def test_the_askers_guess_at_the_amount_asked_need_not_be_stated_by_the_answer() -> None:
    from assistant.answer.question import guessed_amounts

    a = analyse("三中全会那个决定一共多少条来着？是50条吧")
    assert guessed_amounts(a) == {"50条"} and "50条" in given_amounts(a)  # (still no answer for stating it)
    assert evidence_problems(a, ["内容条目通篇排序，开列60条。"], [], [], True,
                             answer_passages=["内容条目通篇排序，开列60条。"]) == []
    assert guessed_amounts(analyse("二十大报告里讲基本医保参保率稳定在多少？我记得是98%")) == {"98%"}
    premise = analyse("重庆提出的60条措施里有几条是关于开放的？")  # an amount stated as a premise, no guess
    assert guessed_amounts(premise) == frozenset()
    assert evidence_problems(premise, ["提出了50条措施。"], [], [], True, answer_passages=["提出了50条措施。"])



def test_a_claim_asked_as_is_it_or_with_a_slip_of_the_same_sound_is_a_guess_to_check() -> None:
    from assistant.answer.question import guessed_amounts, states_claim
    from assistant.text.colloquial import written

    water = analyse("长江干流重庆段水质是连续5年保持Ⅱ类吗，发布会上是这么说的？")
    assert states_claim(water) and guessed_amounts(water) == {"5年"}
    bonds = analyse("超长期特别国债今年先发5000亿，政府工作报告里是这个数吗")
    assert states_claim(bonds)  # (the amount it states is corrected by the passages: 今年先发行1万亿元)
    recalled = analyse(written("改革核心绩效指标清单定了多少项指标，我记的36项，对不队"))
    assert guessed_amounts(recalled) == {"36项"} and states_claim(recalled)


def test_people_counted_by_what_they_are_are_an_amount_of_people() -> None:
    a = analyse("“一老一小”个税扣除提标准以后，受益的有多少人？")
    assert holds_kind(a, "提高“一老一小”个人所得税专项附加扣除标准，6600多万纳税人受益。")
    assert not holds_kind(a, "投资6600多万元。")


def test_a_share_is_also_given_as_a_fraction() -> None:
    a = analyse("去年可再生能源新增装机占全球多大份额？")
    assert holds_kind(a, "全年新增装机超过全球一半。")
    assert not holds_kind(a, "可再生能源发电装机规模历史性超过火电。")


def test_a_rate_or_target_noun_names_no_thing_counted_without_the_words_before_it() -> None:
    a = analyse("2024年政府工作报告给文化产业增加值定了多少增长目标？")
    assert not names_quantity(a, "今年发展主要预期目标是：国内生产总值增长5%左右；")
    assert names_quantity(analyse("全年增速多少？"), "国内生产总值超过126万亿元，增长5.2%，增速居世界主要经济体前列。")
    b = analyse("重庆2027年规上工业增加值年均增速目标定的多少？")  # (年均 of 年均增速 is no thing: still asked)
    assert not names_quantity(b, "制造业增加值占GDP比重达到28%，战略性新兴产业增加值占规上工业增加值比重达到36%")


def test_a_level_asked_is_not_given_by_a_change_alone() -> None:
    from assistant.answer.question import change_for_level

    rise = ["城乡居民基础养老金月最低标准提高20元，继续提高退休人员基本养老金。"]
    assert change_for_level(analyse("城乡居民基础养老金现在最低每月到底是多少钱？"), rise)
    assert not change_for_level(analyse("农村老人每个月领的基础养老金，今年能多几块钱？"), rise)
    assert not change_for_level(analyse("基础养老金月最低标准提高了多少元？"), rise)
    assert change_for_level(analyse("基础养老金涨完以后每月一共是多少钱？"), rise)  # the level after the rise
    assert not change_for_level(analyse("今年赤字规模是多少亿元？"), ["赤字规模4.06万亿元，比上年年初预算增加1800亿元。"])


def test_who_gives_an_amount_named_after_it_is_not_what_is_counted() -> None:
    a = analyse("今年产粮大县奖励资金中央安排了多少亿元？")
    assert a.quantity == ("奖励", "资金")
    assert not names_quantity(a, "专项用于国家重大战略实施和重点领域安全能力建设，今年先发行1万亿元。")


def test_words_that_end_in_a_numeral_hold_no_amount() -> None:
    a = analyse("重庆排污权交易去年成交额多少？")
    assert not holds_kind(a, "积极融入全国统一大市场，夯实市场经济基础制度。")
    assert holds_kind(analyse("决定稿分几大板块？"), "决定稿除引言和结束语外，有15个部分，分三大板块。")


def test_kinds_of_body_and_cut_off_words_are_no_anchors() -> None:
    assert analyse("乡镇卫生院、社区医院今年要扩大哪类病的用药种类？").organisations == ()
    assert analyse("二轮延包今年国家怎么部署的？").organisations == ()
    assert analyse("国家税务总局提了什么").organisations == ("国家税务总局",)
    assert analyse("国家定的碳达峰是哪一年前？").people == ()
    assert analyse("决定里普惠托育支持哪几种办托的模式？").people == ()
    assert analyse("递补进中央委员会的于吉红，目前担任什么职务？").people == ("于吉红",)
    assert analyse("市科技局局长明炬说了什么").people == ("明炬",)


def test_where_the_effort_goes_is_no_place_asked() -> None:
    assert analyse("二十大报告讲医疗卫生队伍的工作重点要放在哪儿？").kind != "place"
    assert analyse("三中全会在哪里召开的？").kind == "place"


def test_last_years_figure_is_a_result_not_this_years_target() -> None:
    from assistant.answer.extractive import _ASKS_RESULT

    assert _ASKS_RESULT.search("去年全国粮食总产到底是多少斤？")
    assert not _ASKS_RESULT.search("去年的增长目标是多少？")


def test_a_list_of_cities_by_their_list_asks_places() -> None:
    from assistant.answer.lists import lists_no_place

    a = analyse("首批碳达峰试点城市名单有哪些？")
    assert lists_no_place(a, ["（一）加快发展方式绿色转型。", "（四）积极稳妥推进碳达峰碳中和。"])


def test_na_typed_for_which_before_a_deadline_verb_is_read_as_which() -> None:
    from assistant.text.colloquial import written

    assert written("重庆全灾种大安全应急体系那年建成") == "重庆全灾种大安全应急体系哪年建成"
    assert written("那年建成的那个馆") == "那年建成的那个馆"


def test_a_check_of_a_claim_in_yuan_said_plainly_is_corrected_by_the_figure_stated() -> None:
    from assistant.answer.question import claim_corrections

    a = analyse("今年居民医保的财政补助，每人是不是又涨了50块？帮我核对一下")
    assert claim_corrections(a, "居民医保人均财政补助标准提高30元。") == [("50块", "30元")]


def test_a_verb_after_the_sides_asked_for_is_not_part_of_the_head() -> None:
    assert analyse("重庆要放大内陆开放综合枢纽的集成效应，高健说从哪三个方面入手？").head == "方面"
    assert analyse("重庆要突出放大内陆开放综合枢纽集成效应，重点从哪三个方面抓？").head == "方面"
    assert analyse("2024年政府工作报告提出推动加入哪两个国际经贸协定？").head == "国际经贸协定"  # (协定: no side)


def test_a_few_years_of_the_askers_life_is_no_duration_asked() -> None:
    a = analyse("我退休好几年了，听说城乡居民基础养老金的月最低标准又提高了，麻烦您帮我确认一下到底提高了多少。")
    assert a.measure != DURATION_ASKED and a.quantity == ()  # (nor are 确认一下, 到底 counted)
    assert analyse("粮食产量稳定了几年了？").measure == DURATION_ASKED


def test_a_guess_in_a_claim_to_check_need_not_be_stated_by_the_answer() -> None:
    from assistant.answer.question import guessed_amounts

    a = analyse("听说全会提出到2029年全市常住人口城镇化率要达到一个数，我记得是80%，对不对啊？麻烦您给我核实一下。")
    assert "80%" in guessed_amounts(a)
    assert guessed_amounts(analyse("重庆编了几张清单？我听说是4张，都叫什么名字？")) == frozenset()  # a list: no


def test_how_often_is_not_what_is_counted() -> None:
    assert analyse("2024年城乡居民医保个人缴费标准是每人每年多少钱？").quantity == ("个人", "缴费", "标准")


def test_which_day_of_the_month_is_a_date_of_that_month() -> None:
    a = analyse("具体是11月几号成立的？")
    assert a.kind == "date" and a.measure == "日"
    assert answer_span(a, "11月27日，党中央发出通知。") == (0, 6)
    assert answer_span(a, "12月8日，文件起草组召开第一次全体会议。") is None
    assert answer_span(analyse("是几号开的？"), "12月8日，文件起草组召开第一次全体会议。") == (0, 5)
    assert analyse("国务院几号文件印发的？").kind != "date"


def test_a_loan_asked_is_an_amount_of_money() -> None:
    a = analyse("国家助学贷款提标以后，本专科学生每人每年最高能贷多少？")
    assert a.measure == "元"
    assert not holds_kind(a, "国家助学贷款提标降息惠及1100多万学生。")


def test_who_did_it_is_read_to_the_end_of_the_clause_asking_it() -> None:
    from assistant.answer.extractive import _done_by

    q = "那个新闻发布会，是哪位领导作的主题发布啊？我年纪大了，电视上听了名字没记住。"
    assert _done_by(q) == ("主题", "发布")


def test_a_figure_or_date_of_another_tier_of_cadres_is_no_answer() -> None:
    from assistant.answer.question import other_tier

    q = "重庆乡镇干部的轮训要在什么时候之前完成？"
    assert other_tier(q, "明年3月底前将完成县级以上领导干部轮训。")
    assert not other_tier(q, "明年3月底前将完成乡镇干部轮训。")
    assert not other_tier(q, "明年3月底前将完成干部轮训。")  # (no tier named: not another one)
    assert not other_tier("县级以上领导干部轮训什么时候完成？", "明年3月底前将完成县级以上领导干部轮训。")



def test_a_clause_asking_only_how_exact_counts_the_thing_named_in_the_clause_before() -> None:
    a = analyse("我在重庆开了个小厂，听说全会定了到2027年全市工业总产值的目标，具体是多少？")
    assert a.quantity == ("工业", "总产值")  # not 具体
    assert names_quantity(a, "到2027年，全市工业总产值迈上4万亿台阶")


def test_a_rise_said_as_moving_up_is_no_thing_counted() -> None:
    a = analyse("农村老人每月领的那份最基础的养老钱，今年最低线往上调了多少？")
    assert a.quantity == ("最低",)  # not 线往, 上调


def test_an_amount_said_of_both_sides_of_a_pair_is_said_of_the_side_asked() -> None:
    a = analyse("农村老人每月领的基础养老金，今年最低标准往上调了多少？")
    assert names_quantity(a, "城乡居民基础养老金月最低标准提高20元")  # 城乡 is 农村 too
    assert not names_quantity(a, "城镇职工基础养老金月最低标准提高20元")  # 城镇 alone is the other side


def test_an_amount_the_asker_has_written_down_is_a_guess_to_check_not_a_given() -> None:
    from assistant.answer.question import guessed_amounts

    a = analyse("超长期特别国债，2024年先发多少？我稿子里写的是1万亿，帮我核一下。")
    assert guessed_amounts(a) == {"1万亿"}
    assert holds_kind(a, "今年先发行1万亿元。")  # the sentence stating the guess answers it
    given = analyse("拟发行的1万亿元国债中，用于城市地下管网建设的有多少？")  # stated, not guessed
    assert not guessed_amounts(given) and not holds_kind(given, "今年先发行1万亿元。")


def test_a_province_asked_for_by_one_character_is_the_kind_of_place_the_answer_must_name() -> None:
    from assistant.answer.lists import lists_no_place

    a = analyse("第二轮土地承包延长30年的整省试点，今年具体是哪几个省在搞？")
    assert a.kind == "list" and a.head == "省"  # not 今年, the clause's opening
    assert lists_no_place(a, ["有序推进第二轮土地承包到期后再延长三十年试点，深化承包地所有权、承包权、经营权分置改革。"])
    assert not lists_no_place(a, ["在四川、安徽开展整省试点。"])


@pytest.mark.parametrize(("question", "quantity"), [
    ("听说市里给2027年的工业总产值定了个目标，要冲到多少？", ("工业", "总产值")),  # 冲到 reaches, as 达到
    ("那个超长期特别国债，2024年头一批打算发多少钱？", ()),  # 2024年头 dates it: 年头 is not counted
    ("赤字规模具体是多少万亿？", ("赤字", "规模")),  # 具体 asks how exact, as 准确
])
def test_how_a_lay_question_reaches_dates_or_hedges_an_amount_is_not_what_it_counts(
        question: str, quantity: tuple[str, ...]) -> None:
    assert analyse(question).quantity == quantity


def test_an_amount_in_a_larger_unit_with_yuan_answers_an_ask_in_that_unit() -> None:
    s = "赤字率拟按3%安排，赤字规模4.06万亿元，比上年年初预算增加1800亿元。"
    a = analyse("赤字规模具体是多少万亿？")
    assert holds_kind(a, s) and s[slice(*answer_span(a, s))] == "4.06万亿元"  # type: ignore[misc]
    assert holds_kind(analyse("今年赤字规模是多少亿？"), "赤字规模4.06万亿元")
    assert not holds_kind(a, "比上年年初预算增加1800亿元。")


def test_the_document_a_question_is_asked_of_is_no_topic_its_answer_must_name() -> None:
    from assistant.answer.question import topic_of_part

    assert topic_of_part("总书记关于三中全会决定的那个说明里，收到多少条修改意见？") is None
    assert topic_of_part("31项改革项目里，涉及纪检监察的是哪几项？") == "纪检监察"


def test_who_spoke_on_a_topic_leaves_the_words_a_speaker_label_answers_out_of_the_terms() -> None:
    from assistant.answer.features import term_weights
    from assistant.answer.question import asks_who_spoke

    q = "发布会上生态环境那块是哪位领导讲的？"
    assert asks_who_spoke(q) and set(term_weights(q, lambda t: 1.0)) == {"生态环境"}
    assert "发布会" in term_weights("发布会上公布了哪些数字？", lambda t: 1.0)  # not asked who spoke
    assert not asks_who_spoke("牵头单位是哪个部门？")


def test_an_unnamed_responsible_comrade_is_no_person() -> None:
    from assistant.answer.question import names_person

    assert not names_person("市生态环境局、市城市管理局有关负责同志回答了记者提问。")
    assert names_person("会议决定，接受王明同志辞职申请。")


def test_what_is_set_apart_for_a_group_is_not_answered_by_what_is_set_for_all() -> None:
    from assistant.answer.question import group_unsaid

    q = "报告有没有给民族地区单独设定今年的经济增长预期目标，具体是百分之几？"
    assert group_unsaid(q, "今年发展主要预期目标是：国内生产总值增长5%左右；")
    assert not group_unsaid(q, "支持民族地区加快发展，增长目标为8%。")
    assert not group_unsaid("今年经济增长预期目标是多少？", "国内生产总值增长5%左右；")  # nothing set apart


def test_a_quoted_count_is_no_term_the_documents_must_use_nor_a_group_to_spell_out() -> None:
    from assistant.answer.lists import spells_out_group

    a = analyse("政府工作报告里说要大力发展的那“五篇”金融，具体是哪五个？")
    assert a.kind == "list" and a.count == 5 and a.quoted_terms == ()  # 五篇 counts what is asked
    assert spells_out_group(a, "大力发展科技金融、绿色金融、普惠金融、养老金融、数字金融。")
    assert analyse("“三农”工作有哪些新部署？").quoted_terms == ("三农",)  # a numeral and a noun is a term


@pytest.mark.parametrize("question", ["说是哪个时间之前要学完？", "轮训啥时候完成？", "这项改革哪个时候推开？"])
def test_which_time_asked_in_lay_words_is_a_date_question(question: str) -> None:
    assert analyse(question).kind == "date"


def test_a_term_named_before_a_document_or_pronoun_asked_how_it_defines_it_is_the_term_defined() -> None:
    from assistant.answer.question import characterizes, defined_term, meaning_asked

    for q in ("现在到处讲新质生产力，三中全会决定里对它到底是怎么界定的？", "现在到处讲新质生产力，对它到底是怎么界定的？",
              "天天听人说新质生产力，到底是怎么定义的嘛？"):
        assert defined_term(q) == meaning_asked(q) == "新质生产力"
    assert defined_term("那全过程人民民主本身，报告是怎么定性的？") == "全过程人民民主"
    assert defined_term("据说很重要，二十大报告是怎样界定全过程人民民主的？") == "全过程人民民主"  # named after the ask
    # the features of the kind of thing it is, without naming it, characterize it; using it does not
    assert characterizes("新质生产力", "催生新产业、新模式、新动能，发展以高技术、高效能、高质量为特征的生产力。")
    assert not characterizes("新质生产力", "健全相关规则和政策，加快形成同新质生产力更相适应的生产关系。")
    assert characterizes("全过程人民民主", "全过程人民民主是社会主义民主政治的本质属性。")


def test_spoken_question_endings_and_verbs_of_change_name_nothing_counted() -> None:
    from assistant.text.colloquial import written

    assert analyse("政策一共打算出多少项哦？").head is None  # 项, not 项哦
    assert analyse("财政补助每个人又往上加了多少钱嘛？").quantity == ("财政", "补助")  # 往上加 is how it changed
    assert analyse("最后真改了多少处？").quantity == ()
    assert "整改" in analyse("整改了多少个问题？").quantity  # 整改 is the thing done
    assert written("今年在城里新增好多个工作岗位哦？") == "今年在城里新增多少个工作岗位哦？"
    assert written("最近好多农村老人打电话问") == "最近好多农村老人打电话问"  # many, not how many


def test_chat_laughter_is_no_code_and_which_leader_asks_a_person() -> None:
    from assistant.answer.question import ASKS_PERSON

    assert analyse("最后真改了多少处？想做个数据小卡片hh").codes == ()
    assert analyse("5G基站有多少个hhh").codes == ("5G",)
    assert ASKS_PERSON.search("主要是哪个领导出来作的发布？") and not ASKS_PERSON.search("是哪个部门牵头的？")


def test_a_run_of_years_is_no_amount_asked_and_where_money_goes_is_no_place() -> None:
    a = analyse("国家打算从今年起连着几年发一种期限特别长的国债，头一年先发多少？")
    assert a.kind == "number" and a.measure is None  # 连着几年: "for some years", not 年 asked
    assert analyse("数字经济占GDP比重，重庆定的2027年目标是多少？").measure == "%"  # the noun names the measure asked
    assert analyse("超长期特别国债的钱专门花在哪儿？").kind != "place"  # what the money is for
    assert analyse("那次全会是在哪儿开的？").kind == "place"



def test_how_a_document_words_it_asked_after_a_question_keeps_that_questions_kind() -> None:
    assert analyse("二十届三中全会是由谁主持的？公报里怎么写的").kind == "actor"
    assert analyse("到2027年工业总产值目标是多少？报告怎么说的").kind == "number"
    assert analyse("重庆对城市更新是怎么说的？").kind == "measures"  # alone, it asks what is said
    assert analyse("执行工作由谁来监督？文件里是怎么规定的？").kind == "actor"  # 规定, as 怎么写的


def test_the_definition_a_document_gives_a_term_is_asked_of_that_term() -> None:
    from assistant.answer.question import defined_term

    q = "二十大报告里给中国式现代化下的那个定义是怎么说的？"
    assert analyse(q).kind == "definition" and defined_term(q) == "中国式现代化"
    assert defined_term("二十大报告里给“中国式现代化”下定义，开宗明义头一句是怎么说的？") == "中国式现代化"


def test_a_count_asked_then_the_items_asked_is_one_list_question() -> None:
    from assistant.answer.question import sub_questions

    for q in ("二十大报告分析世界形势，说有几大“赤字”在加重，分别是哪些？", "决定有几个部分，分别是什么？",
              "重庆要编制几张清单？分别是哪些？"):
        assert sub_questions(q) == (q,) and analyse(q).kind == "list"
    assert len(sub_questions("编制了几张清单，谋划了多少个项目？")) == 2  # two amounts, two questions
    assert analyse("二十大报告讲中国式现代化有几个方面的中国特色，分别是哪几个？").head == "中国特色"
    assert analyse("二十大报告分析世界形势，说有几大“赤字”在加重，分别是哪些？").head == "赤字"  # the quoted word counted


def test_a_few_years_ago_asks_no_amount_and_a_post_asked_asks_a_person() -> None:
    from assistant.answer.question import ASKS_PERSON, names_person

    assert analyse("香港经历前几年那场风波以后，二十大报告怎么判断香港眼下处在哪个阶段？").kind != "number"
    assert analyse("排在全国前几位？").kind == "number"  # 前几位 asks a rank
    assert analyse("重庆开六届六次全会的时候市委书记是哪个？").kind == "actor"
    assert ASKS_PERSON.search("澳门新一任行政长官是谁？")
    said = "全会决定，接受秦刚同志辞职申请，免去秦刚同志中央委员会委员职务。"
    assert names_person(said) and not names_person(said, ("秦刚",))  # the question's own person answers no who


def test_a_five_year_plan_read_as_a_text_is_a_document_the_question_names() -> None:
    assert analyse("十五五规划里头城镇新增就业每年定的好多？").documents == ("十五五规划",)
    assert analyse("“十四五”规划提出的能耗目标是多少？").documents == ("“十四五”规划",)
    assert analyse("政府工作报告说要实现“十四五”规划目标任务，今年GDP目标多少？").documents == ("政府工作报告",)


def test_a_name_written_after_a_post_is_a_person_the_documents_must_name() -> None:
    from assistant.answer.anchors import missing_anchors
    from assistant.answer.question import named_after_post

    assert analyse("重庆市长胡衡华在那个六届六次全会发布会上讲了啥子？").people == ("胡衡华",)
    assert named_after_post("重庆市委书记袁家军在六届六次全会上的讲话") == ("袁家军",)
    for q in ("总理报告里讲咱们人口多", "三中全会的文件起草组，总书记当组长", "重庆市商务委现在的主任是谁？",
              "总书记作说明的时候", "村党组织书记的报酬"):
        assert named_after_post(q) == ()  # a post followed by other words names nobody
    passage = "9月14日召开的新闻发布会上，市委常委、秘书长，市委改革办主任，市委新闻发言人刘尚进；"
    assert "胡衡华" in missing_anchors("重庆市长胡衡华在发布会上讲了啥？", [passage])


def test_a_post_asked_by_which_one_must_be_named_by_the_answer() -> None:
    from assistant.answer.question import ASKS_PERSON, names_post_asked

    intro = "市委常委、秘书长，市委改革办主任，市委新闻发言人刘尚进"
    assert not names_post_asked("重庆开全会的时候市委书记是哪个？", intro)  # 秘书长 is not 书记
    assert names_post_asked("市委改革办主任是哪个？", intro)
    assert ASKS_PERSON.search("文件起草组组长和副组长分别是谁？")


def test_latin_words_typed_apart_stay_apart_and_an_english_word_names_nothing_counted() -> None:
    a = analyse("今年 CPI target 多少？")
    assert a.codes == ("CPI",) and a.quantity == ("cpi",)  # not one code CPItarget
    assert analyse("2024 年的国防预算增长多少？").years == ("2024",)  # a year typed apart from 年 is still one
    assert analyse("实施意见提了多少条措施？exact number pls").codes == ()  # English words and chat, no codes
    assert analyse("我国申请加入cptpp rcep了吗？").codes == ("cptpp", "rcep")  # abbreviations typed apart stay codes


def test_a_share_asked_after_what_it_is_of_counts_the_thing_before_it() -> None:
    assert analyse("重庆2027年制造业增加值占GDP多少%？").quantity == ("制造业", "增加值")
    assert analyse("城镇人口占总人口多少？").quantity == ("城镇人口",)
    assert analyse("我国经济总量占全球的份额是多少？").quantity == ("我国", "经济总量")
    assert analyse("创造的价值要占到全市经济总量的几成？").quantity == ("价值", "经济总量")  # 占到: not read so


def test_which_one_asked_beside_an_amount_asks_who_not_a_measure() -> None:
    assert analyse("制造业增加值占GDP多少%？哪位负责人说的").measure == "%"


@pytest.mark.parametrize(("question", "parts"), [
    ("发布会上城乡融合那块是谁讲的？他是哪个单位的", ("发布会上城乡融合那块是谁讲的？他是哪个单位的",)),
    ("发布会上讲城乡融合的是谁，是哪个单位的", ("发布会上讲城乡融合的是谁，是哪个单位的",)),
    ("城乡融合是谁讲的？他讲了什么", ("城乡融合是谁讲的", "城乡融合他讲了什么")),  # another ask: two questions
])
def test_the_body_of_the_person_asked_is_one_question_with_who(question: str, parts: tuple[str, ...]) -> None:
    assert tuple(p.replace(",", "，") for p in sub_questions(question)) == parts


def test_which_one_before_a_verb_of_speaking_or_charge_asks_who() -> None:
    from assistant.text.colloquial import written

    assert written("城乡融合那块是哪个讲的？") == "城乡融合那块是谁讲的？"
    assert written("这件事哪个负责") == "这件事谁负责"
    assert written("哪个部门负责？") == "哪个部门负责？"  # before a noun it asks which
    assert written("哪个讲得好？") == "哪个讲得好？"


def test_hao_duo_after_yi_gong_before_a_measure_word_asks_how_many() -> None:
    from assistant.text.colloquial import written

    assert written("决定稿一共好多个部分，开列了好多条？") == "决定稿一共多少个部分，开列了多少条？"
    assert written("好多个部门都在讲这个事") == "好多个部门都在讲这个事"  # many, at the start of a clause


def test_a_meetings_session_asked_is_the_days_it_was_held() -> None:
    a = analyse("二十届三中全会 会期？")
    assert a.kind == "date" and a.measure == "日"
    assert not holds_kind(a, "2023年11月，中央政治局决定成立文件起草组。")  # another date, and none of its days
    assert holds_kind(a, "中国共产党第二十届中央委员会第三次全体会议，于2024年7月15日至18日在北京举行。")
    assert analyse("全会的会期是几天").kind == "number"  # how many days: a count


def test_haoduo_after_a_verb_of_giving_or_getting_asks_how_much() -> None:
    from assistant.text.colloquial import written
    assert written("生育补贴一个娃儿发好多钱？") == "生育补贴一个娃儿发多少钱？"
    assert written("每个月领好多？") == "每个月领多少？"
    assert analyse(written("生育补贴一个娃儿发好多钱？")).kind == "number"
    assert written("最近好多企业说贷款难，有啥政策？").startswith("最近好多企业")  # many, not how many


def test_a_bound_after_the_ask_is_no_thing_counted() -> None:
    assert analyse("今年物价打算控制在涨多少以内？").head is None
    assert analyse("失业率控制在多少以下？").head is None
    assert analyse("决定稿一共有多少条改革举措？").head == "改革举措"  # control: a noun after the ask is counted


def test_a_terse_target_or_rate_is_of_the_keyword_typed_before_it() -> None:
    assert "金融业" in analyse("重庆 西部金融中心 2027 金融业增加值 目标 多少亿？").quantity
    assert analyse("国防预算 增长多少").quantity == ("国防", "预算")  # control: no generic word between


def test_a_closing_note_of_what_the_answer_is_for_or_that_it_was_forgotten_is_dropped() -> None:
    from assistant.answer.question import drop_aside
    assert drop_aside("发布会上做主题发布的是哪位领导 名字忘了😅") == "发布会上做主题发布的是哪位领导"
    assert drop_aside("中国式现代化有哪几个特点，学习会要背😭") == "中国式现代化有哪几个特点"
    assert drop_aside("长江干流重庆段水质连续几年保持二类了？宣传栏要用") == "长江干流重庆段水质连续几年保持二类了？"
    assert drop_aside("县里要用多少钱") == "县里要用多少钱"  # the whole question: nothing before it
    assert drop_aside("哪些人要交，要交多少？") == "哪些人要交，要交多少？"  # it asks: kept


def test_a_closing_note_of_whom_the_asker_will_tell_is_dropped() -> None:
    from assistant.answer.question import drop_aside
    assert drop_aside("咱重庆这个实施意见主要有哪几个特点啊，我给村干部讲讲") == "咱重庆这个实施意见主要有哪几个特点啊"
    assert drop_aside("是哪三个方面啊，咱乡里开会要念准") == "是哪三个方面啊"
    assert drop_aside("重庆给企业讲了哪些政策") == "重庆给企业讲了哪些政策"  # what the documents told: the question
    assert drop_aside("有哪些措施，我给大家讲讲行吗") == "有哪些措施，我给大家讲讲行吗"  # it asks again: kept


def test_bian_before_a_count_asks_which_ones_even_without_a_character_only_cantonese_uses() -> None:
    from assistant.text.colloquial import written
    assert written("今年政府工作报告讲要办好边几个大型展会？") == "今年政府工作报告讲要办好哪几个大型展会？"
    assert written("河边几个村子有补贴吗") == "河边几个村子有补贴吗"  # by the river, not which
    assert written("旁边几个县呢") == "旁边几个县呢"


def test_english_function_and_question_words_are_no_codes_the_documents_must_name() -> None:
    question = in_chinese("长江 cq section water quality kept at class II for how many yrs in a row??")
    a = analyse(question)
    assert a.kind == "number" and not {"for", "in", "a", "at", "yrs"} & set(a.codes)
    assert "II" in a.codes and "class" in a.codes  # an abbreviation, and a content word the documents may lack
    assert analyse(in_chinese("deadline for cq 县级以上领导干部轮训 by when do they finish")).kind == "date"
    assert analyse(in_chinese("local gov special bonds 专项债 quota for 2024?? how many 万亿")).codes == ()
    assert analyse("哪些国家跟US签了").codes == ("US",) and analyse("IN 是什么").codes == ("IN",)  # capitals stay


def test_which_district_county_or_town_asks_for_a_place_but_a_local_regulation_or_city_office_does_not() -> None:
    for question in ("四大重庆实验室在哪个区？", "试点放在哪个县？", "这个项目落在哪个镇？"):
        assert analyse(question).kind == "place", question
    for question in ("重庆将出台什么地方性法规？", "由哪个市级部门牵头负责？", "哪个市场主体受益最多？"):
        assert analyse(question).kind != "place", question


def test_what_the_asker_says_is_not_asked_is_not_read_as_asked() -> None:
    from assistant.answer.question import sub_questions

    again = "城乡居民基础养老金现在每个月最低是多少钱？不是问涨了多少，是问总共多少"
    assert sub_questions(again) == (again,)  # the ask said again is no second question
    assert analyse(again).asked_text == "城乡居民基础养老金现在每个月最低是多少钱?"
    assert analyse("不是问去年的，我问今年定的粮食产量目标是多少？").asked_text == "今年定的粮食产量目标是多少?"


def test_a_meeting_named_only_as_the_topic_of_another_occasion_is_not_dated_by_its_date() -> None:
    from assistant.answer.anchors import names_meeting_held

    a = analyse("六届六次全会是几号召开的？")
    assert not names_meeting_held(a, "9月14日，中共重庆市委六届六次全会精神解读新闻发布会现场。")
    assert names_meeting_held(a, "中共重庆市委六届六次全会于9月12日召开。")
    press = analyse("重庆市委解读六届六次全会精神的新闻发布会是几月几日召开的？")  # that occasion's own date
    assert names_meeting_held(press, "9月14日，中共重庆市委六届六次全会精神解读新闻发布会现场。")
