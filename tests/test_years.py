"""One spelling of a year for questions, passages and headings (`assistant/text/years.py`)."""

from assistant.answer.anchors import searchable
from assistant.answer.question import analyse
from assistant.text.years import NAMED_YEAR, both_digit_forms, digit_years


def test_a_year_in_chinese_numerals_is_also_written_in_digits():
    assert digit_years("到二〇三五年基本实现") == "到2035年基本实现"
    assert "2035" in searchable("到二〇三五年，建成教育强国")


def test_only_a_four_numeral_year_before_nian_is_rewritten():
    assert digit_years("一是完善制度，二〇年代") == "一是完善制度，二〇年代"


def test_a_question_year_in_either_spelling_is_read_the_same():
    assert analyse("二〇二七年全市工业总产值目标是多少？").years == analyse("2027年全市工业总产值目标是多少？").years


def test_a_text_names_a_year_only_with_nian():
    assert NAMED_YEAR.search("一、2023年工作回顾")
    assert NAMED_YEAR.search("二〇二四年三月")
    assert not NAMED_YEAR.search("增长2024人")


def test_both_digit_forms_finds_a_digit_year_in_numerals_written_without_nian():
    assert "2035" in both_digit_forms("二〇三五")
