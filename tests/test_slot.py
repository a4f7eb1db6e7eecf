"""The words that fill a question's open slot (谁, 什么, 哪个), found between the question's own words in
the answering sentence (`assistant/answer/slot.py`). The sentences are made up for the tests."""

from assistant.answer.slot import slot_span


def _slot(question: str, text: str) -> str | None:
    span = slot_span(question, text)
    return text[span[0]:span[1]] if span else None


def test_the_slot_lies_between_the_words_before_and_after_the_question_word():
    text = "新区的规划方案由市规划院和高校团队联合编制完成，已报市政府审定。"
    assert _slot("新区的规划方案由哪两家单位联合编制完成？", text) == "市规划院和高校团队"


def test_a_question_ending_in_its_question_word_takes_the_rest_of_the_clause():
    text = "示范区的首个试点设在渝北区，明年起逐步推广。"
    assert _slot("示范区的首个试点设在哪里？", text) == "渝北区"


def test_a_policy_question_marks_the_named_thing_not_the_words_it_shares():
    text = "推进环境保护税征收范围扩大并稳步下放地方，完善资源税政策。"
    assert _slot("文件提出推进哪个税种的征收范围扩大并稳步下放地方？", text) == "环境保护税"


def test_why_and_how_questions_have_no_slot():
    text = "由于原负责人调任，不得不另选团队接手。"
    assert _slot("为什么要另选团队接手？", text) is None
    assert _slot("如何另选团队接手？", text) is None


def test_nothing_is_marked_when_the_words_before_the_question_word_are_not_in_the_sentence():
    assert _slot("是谁将老城区划为历史文化保护区的？", "规划局成立后，把旧城一带划为历史文化保护区。") is None


def test_a_one_character_or_overlong_slot_is_not_marked():
    assert _slot("小组靠什么进入了决赛？", "小组靠着决赛名额扩编的机会进入了决赛。") is None
    assert _slot("他出生于哪里？", "他出生于" + "很" * 40 + "远的地方。") is None
