"""English words typed into Chinese questions are read as the documents' Chinese terms (the real table)."""

from __future__ import annotations

import glob
import json
from pathlib import Path

import pytest

from assistant.text.english import english_turn, in_chinese, load

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("typed", "read"), [
    ("重庆 2027 年工业产值的 target 是多少？", "重庆2027年工业产值的目标是多少？"),
    ("AI 方面有什么 plan？", "人工智能方面有什么规划？"),
    ("SOEs 和 private enterprises 有什么 policies", "国有企业和民营企业有什么政策"),  # plurals, two-word terms
    ("ultra-long special treasury bonds 今年发多少", "超长期特别国债今年发多少"),  # hyphen, longest term first
    ("起草组哪天 kick off 的", "起草组哪天启动的"),
    ("R&D 经费", "研发经费"),
    ("跟我们VC、PE融资相关的那句", "跟我们风险投资、私募股权投资融资相关的那句"),
    ("angel investors 怎么支持", "天使投资怎么支持"),
    ("二十届三中全会 会期 exact dates？", "二十届三中全会 会期具体 日期？"),  # exact: as 具体 asks
    ("cq到2027年全市工业总产值要上到多少", "重庆到2027年全市工业总产值要上到多少"),  # pinyin initials typed in chat
    ("2024年zf工作报告gdp增长目标定的多少", "2024年政府工作报告gdp增长目标定的多少"),
    ("开放那part是谁答的", "开放那部分是谁答的"),  # an English word for a part of the text
    ("哪个party", "哪个党"),  # control: party is its own word, not part + y
])
def test_english_terms_are_read_as_the_documents_chinese_terms(typed: str, read: str) -> None:
    assert in_chinese(typed) == read


def test_abbreviations_the_documents_write_and_unknown_words_stay_as_typed() -> None:
    assert in_chinese("占 GDP 比重") == "占GDP比重"
    assert in_chinese("ChatGPT 怎么管") == "ChatGPT怎么管"  # a name no table knows: the documents must name it
    assert in_chinese("budgeting 流程") == "budgeting流程"  # budget is no whole word there
    assert in_chinese("gz总结怎么写") == "gz总结怎么写"  # pinyin initials read two ways (工作, 广州) stay


def test_a_space_typed_beside_pinyin_initials_is_a_break_between_chinese_words_not_typography() -> None:
    assert in_chinese("2024年城镇新增就业目标多少人 zf报告里的") == "2024年城镇新增就业目标多少人 政府报告里的"
    assert in_chinese("山里头库区那些县以后咋发展 cq搞啥模式") == "山里头库区那些县以后咋发展 重庆搞啥模式"
    assert in_chinese("cq 2027 年的 target") == "重庆2027年的目标"  # the spaces beside digits stay typography


def test_quiz_options_and_sentence_ends_keep_their_spaces() -> None:
    quiz = "转向哪种“双控”？A.能源消耗总量和强度 B.碳排放总量和强度"
    assert in_chinese(quiz) == quiz
    assert in_chinese("reply 'OK'. 然后告诉我") == "reply 'OK'. 然后告诉我"


def test_a_follow_up_and_its_history_are_both_read() -> None:
    q, history = english_turn("那 2029 年的 target 呢？", [("重庆城镇化率 plan 是什么", "到2029年达76%")])
    assert q == "那2029年的目标呢？" and history == [("重庆城镇化率规划是什么", "到2029年达76%")]


def test_every_golden_question_without_latin_letters_or_spaces_is_unchanged() -> None:
    for path in glob.glob(str(ROOT / "evals" / "golden" / "*.jsonl")):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            question = json.loads(line)["question"]
            if not any(c.isascii() and (c.isalpha() or c.isspace()) for c in question):
                assert in_chinese(question) == question


def test_a_malformed_table_line_is_an_error_naming_it(tmp_path: Path) -> None:
    table = tmp_path / "terms.tsv"
    table.write_text("# comment\ntarget\t目标\nplan 规划\n", encoding="utf-8")
    with pytest.raises(ValueError, match="terms.tsv:3"):
        load(table)
