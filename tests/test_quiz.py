"""A quiz item read as the question it asks: no label, blanks read as the ask they stand for, the
options of a choice apart."""

from __future__ import annotations

from assistant.answer.condense import condense
from assistant.answer.question import analyse
from assistant.answer.quiz import read_quiz


def test_a_quiz_label_is_not_part_of_the_question() -> None:
    assert read_quiz("学习班测验题：重庆编制了几张清单？").question == "重庆编制了几张清单？"
    assert read_quiz("判断题（2分）：重庆编制了5张清单。").question == "重庆编制了5张清单。"
    assert read_quiz("重庆的题目：怎么答？").question == "重庆的题目：怎么答？"  # no quiz word before the colon
    assert read_quiz("单选：重庆编制了几张清单？").question == "重庆编制了几张清单？"
    assert read_quiz("填空：重庆编制了___张清单。").question == "重庆编制了多少张清单。"


def test_a_blank_asks_an_amount_before_a_measure_word_a_year_before_nian_else_a_thing() -> None:
    q = read_quiz("填空题：各方面一共提了___条意见建议，起草组最后改了＿＿处。").question
    assert q == "各方面一共提了多少条意见建议，起草组最后改了多少处。"
    assert read_quiz("到（ ）年基本实现社会主义现代化。").question == "到哪一年基本实现社会主义现代化。"
    assert read_quiz("新质生产力的核心标志是___。").question == "新质生产力的核心标志是什么。"
    assert read_quiz("经济增长的预期目标是____左右。").question == "经济增长的预期目标是多少左右。"
    assert analyse(read_quiz("从___个方面提出了___条措施").question).kind == "number"


def test_a_blank_between_zi_and_qi_asks_a_date_and_after_wei_a_thing_not_a_reason() -> None:
    q = read_quiz("渐进式延迟法定退休年龄改革自____起正式实施。").question
    assert q == "渐进式延迟法定退休年龄改革自什么时候起正式实施。" and analyse(q).kind == "date"
    q = read_quiz("把城市维护建设税、教育费附加、地方教育附加合并为（  ）。").question
    assert "为什么" not in q and analyse(q).kind != "reason"


def test_the_options_of_a_choice_are_kept_apart_from_the_question() -> None:
    quiz = read_quiz("选择题：要逐步转向哪种“双控”？A.能源消耗总量和强度 B.碳排放总量和强度 C.用水总量和强度")
    assert quiz.question == "要逐步转向哪种“双控”？"
    assert quiz.options == ("能源消耗总量和强度", "碳排放总量和强度", "用水总量和强度")
    assert read_quiz("编了几张清单？（A）3张（B）5张").options == ("3张", "5张")
    # letters that are no options: not from A, out of order, or words like A股
    assert read_quiz("B.3张 C.5张").options == ()
    assert read_quiz("A股市场怎么样？").options == ()
    assert read_quiz("A.3张 C.5张").options == ()


def test_a_choice_is_searched_with_its_options_which_weigh_as_context() -> None:
    sa = condense("单选题：重庆编制了几张清单？A.3张 B.5张", [])
    assert sa.focus == "重庆编制了几张清单？" and sa.context == "3张；5张"
    assert sa.question == "重庆编制了几张清单？3张；5张"
    plain = condense("重庆编制了几张清单？", [])
    assert plain.question == plain.focus == "重庆编制了几张清单？" and plain.context == ""
