"""The words that fill a question's open slot (谁, 什么, 哪个), found between the question's own words in
the answering sentence (`assistant/answer/slot.py`)."""

from assistant.answer.slot import slot_span


def _slot(question: str, text: str) -> str | None:
    span = slot_span(question, text)
    return text[span[0]:span[1]] if span else None


def test_the_slot_lies_between_the_words_before_and_after_the_question_word():
    text = "《战国无双3》（）是由光荣和ω-force开发的战国无双系列的正统第三续作。"
    assert _slot("《战国无双3》是由哪两个公司合作开发的？", text) == "光荣和ω-force"


def test_a_question_ending_in_its_question_word_takes_the_rest_of_the_clause():
    text = "洛拉·帕尼亚尼出生于罗马，是意大利女演员。"
    assert _slot("洛拉·帕尼亚尼出生于哪儿？", text) == "罗马"


def test_a_policy_question_marks_the_named_thing_not_the_words_it_shares():
    text = "推进消费税征收环节后移并稳步下划地方，完善增值税留抵退税政策和抵扣链条。"
    assert _slot("《决定》提出推进哪个税种的征收环节后移并稳步下划地方？", text) == "消费税"


def test_why_and_how_questions_have_no_slot():
    text = "由于乡里大辅先生因故去世，不得不寻找其他声优接手。"
    assert _slot("为什么要寻找其他声优接手？", text) is None
    assert _slot("如何寻找其他声优接手？", text) is None


def test_nothing_is_marked_when_the_words_before_the_question_word_are_not_in_the_sentence():
    assert _slot("是谁将新加坡西南部划为华人居住区的？", "莱佛士登陆后，把驳船码头一带划为华人居住区。") is None


def test_a_one_character_or_overlong_slot_is_not_marked():
    assert _slot("汉塞克靠什么登上了大联盟？", "汉塞克靠着大联盟名单扩编的机会登上了大联盟。") is None
    assert _slot("他出生于哪里？", "他出生于" + "很" * 40 + "远的地方。") is None
