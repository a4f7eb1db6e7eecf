"""Follow-ups rewritten into a standalone question without an LLM (assistant/answer/condense.py)."""

from __future__ import annotations

import pytest

from assistant.answer.condense import condense, rewrite_follow_up


@pytest.mark.parametrize(
    ("previous", "follow_up", "standalone"),
    [
        ("到2027年全市工业总产值目标是多少？", "那制造业增加值占比呢？", "到2027年全市制造业增加值占比是多少？"),
        ("到2027年重庆工业总产值目标是多少？", "那制造业增加值占比呢？", "到2027年重庆制造业增加值占比是多少？"),
        ("到2027年工业总产值目标是多少？", "那么数字经济增加值占比呢", "到2027年数字经济增加值占比是多少？"),
        (
            "2024年政府工作报告提出的经济增长预期目标是多少？",
            "那城镇调查失业率的目标呢？",
            "2024年政府工作报告提出的城镇调查失业率的目标是多少？",
        ),
        ("《决定》提出的改革总目标是什么？", "那到2029年的目标呢？", "《决定》提出的到2029年的目标是什么？"),
        ("5张清单包括哪些？", "还有第二张呢？", None),  # no frame to keep: joined to the topic instead
        ("到2027年全市工业总产值目标是多少？", "那它呢？", None),  # a pronoun is not a subject
        ("市委组织部是谁出席发布会的？", "他说全市有多少名党员？", None),  # not of the 那X呢 form
    ],
)
def test_follow_up_keeps_the_previous_frame_with_the_new_subject(
    previous: str, follow_up: str, standalone: str | None
) -> None:
    assert rewrite_follow_up(follow_up, previous) == standalone
    sa = condense(follow_up, [(previous, "答")])
    assert sa.focus == (standalone or follow_up) and sa.context == previous.rstrip("？")  # a whole question is read
    assert sa.question == (standalone or f"关于“{previous.rstrip('？')}”：{follow_up}")


def test_a_question_that_stands_alone_is_left_as_it_is() -> None:
    q = "到2029年常住人口城镇化率目标是多少？"
    assert condense(q, [("到2027年全市工业总产值目标是多少？", "4万亿")]).question == q
    assert condense("那制造业增加值占比呢？", []).question == "那制造业增加值占比呢？"


def test_a_follow_up_pointing_back_names_the_thing_the_previous_answer_named() -> None:
    from assistant.answer.condense import resolve_this

    previous = "重庆那5张清单里第二张是什么"
    answer = "二是发挥比较优势锻长板改革项目清单。[1]"
    assert resolve_this("那这张清单里谋划了多少个项目？", previous, answer) == \
        "那发挥比较优势锻长板改革项目清单里谋划了多少个项目？"
    sa = condense("那这张清单里谋划了多少个项目？", [(previous + "？", answer)])
    assert sa.focus == "那发挥比较优势锻长板改革项目清单里谋划了多少个项目？"
    # an answer naming no such thing (a refusal): the previous question's ordinal of that measure word
    assert resolve_this("这张清单里有多少项？", previous, "文档中没有找到与该问题直接相关的内容。") == "第二张清单里有多少项？"
    # an answer naming several: which one is meant is not known, so nothing is put in its place
    assert resolve_this("这张清单里有多少项？", "5张清单分别是什么", "一是集成式…清单。[1]二是发挥…清单。[2]") == \
        "这张清单里有多少项？"
    assert resolve_this("这个目标是哪年定的？", "到2027年全市工业总产值目标是多少", "迈上4万亿台阶[1]") == "这个目标是哪年定的？"


def test_an_item_of_the_previous_answer_asked_for_by_its_place_alone_is_put_in_its_place() -> None:
    from assistant.answer.condense import resolve_nth

    answer = ("中国式现代化是人口规模巨大的现代化……全体人民共同富裕的现代化……物质文明和精神文明相协调的现代化……"
              "人与自然和谐共生的现代化")
    sa = condense("第三个具体是怎么讲的？", [("二十大报告讲的中国式现代化有哪几个中国特色？", answer)])
    assert sa.focus == "物质文明和精神文明相协调的现代化具体是怎么讲的？"
    assert sa.question.startswith("关于“二十大报告讲的中国式现代化有哪几个中国特色”：")
    cited = "一是集成式标志性重大改革项目清单。[1]二是发挥比较优势锻长板改革项目清单。[2]"
    assert resolve_nth("那第二张呢？", cited) == "发挥比较优势锻长板改革项目清单呢？"  # its marker 二是 left out
    assert resolve_nth("第五个呢？", cited) == "第五个呢？"  # no fifth item: as it is
    assert resolve_nth("第三个历史决议是哪年通过的？", cited) == "第三个历史决议是哪年通过的？"  # a noun after it


def test_the_same_question_asked_of_another_place_keeps_what_was_asked() -> None:
    history = [("二十大报告里说我们党有多少名党员？", "我们这个拥有九千六百多万名党员的马克思主义政党更加团结统一")]
    assert condense("换成重庆的呢？", history).question == "重庆有多少名党员？"
    assert condense("那重庆的呢？", history).question == "重庆有多少名党员？"
    history = [("重庆常住人口城镇化率到2029年达到多少？", "到2029年，全市常住人口城镇化率将达76%")]
    assert condense("换成全国的呢？", history).question == "全国常住人口城镇化率到2029年达到多少？"
    history = [("重庆编制了哪几张清单？", "…")]  # not a place: joined to the previous question as before
    assert condense("那第二张呢？", history).question == "关于“重庆编制了哪几张清单”：那第二张呢？"


def test_a_whole_follow_up_naming_no_document_stays_with_the_one_asked_about() -> None:
    history = [("《决定》提出进一步全面深化改革的总目标是什么？", "继续完善和发展中国特色社会主义制度…")]
    sa = condense("到二〇三五年要达到哪些目标？", history)
    assert sa.scope == ("《决定》",) and sa.focus == "到二〇三五年要达到哪些目标？"
    assert sa.question == "《决定》：到二〇三五年要达到哪些目标？"
    assert condense("二十大报告讲的2035年目标有哪些？", history).scope == ()  # it names its own
    assert condense("到二〇三五年要达到哪些目标？", []).scope == ()


def test_a_closing_aside_is_not_searched_or_weighed_as_part_of_the_question() -> None:
    sa = condense("发布会上做主题发布的是哪位领导 名字忘了😅", [])
    assert sa.question == sa.focus == "发布会上做主题发布的是哪位领导"


def test_two_years_offered_to_choose_from_ask_which_year() -> None:
    sa = condense("重庆常住人口城镇化率到76%那个目标，是2027年还是2029年？俩年份我搞混了", [])
    assert sa.question.startswith("重庆常住人口城镇化率到76%那个目标，是哪一年") and "2027" not in sa.question
    assert condense("公报说改革任务完成的时间点是哪年，2029还是2035？", []).question == "公报说改革任务完成的时间点是哪年，是哪一年？"
    assert condense("到2027年全市工业总产值目标是多少？", []).question == "到2027年全市工业总产值目标是多少？"
