"""Numbered shorthands (“四个面向”) and the sentences that spell them out, on the real documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.shorthand import shorthand, spelled_out

ROOT = Path(__file__).resolve().parent.parent
PRESS = (ROOT / "documents" / "chongqing_plenum_6_6_press_conference_2024.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("term", "parsed"), [
    ("四个面向", (4, "面向")), ("五个振兴", (5, "振兴")), ("三项能力", (3, "能力")), ("12方面", (12, "方面")),
    ("高效办成一件事", None), ("乡村振兴", None), ("一个面向", None),
])
def test_a_numbered_shorthand_is_read_as_a_count_and_a_shared_word(term: str, parsed: tuple[int, str] | None) -> None:
    assert shorthand(term) == parsed


@pytest.mark.parametrize(("term", "text", "run"), [
    ("四个面向", "坚持面向世界科技前沿、面向经济主战场、面向国家重大需求、面向人民生命健康，加快实现高水平科技自立自强。",
     "坚持面向世界科技前沿、面向经济主战场、面向国家重大需求、面向人民生命健康"),
    ("五个振兴", "加快建设农业强国，扎实推动乡村产业、人才、文化、生态、组织振兴。", "扎实推动乡村产业、人才、文化、生态、组织振兴"),
])
def test_a_run_of_that_many_items_sharing_the_word_spells_it_out(term: str, text: str, run: str) -> None:
    assert spelled_out(term, text) == run


def test_the_press_conference_spells_out_the_three_abilities_on_their_own_line() -> None:
    assert spelled_out("三项能力", PRESS) == "城市运行智能监测预警能力、高效协同闭环处置能力、数字化履职支撑能力"


@pytest.mark.parametrize(("term", "text"), [
    ("四个面向", "坚持面向世界科技前沿、面向经济主战场、面向国家重大需求。"),  # three items, not four
    ("五个振兴", "推动乡村产业振兴、完善农村基础设施、建设宜居宜业和美乡村、深化农村改革、加强乡村治理。"),  # longer items without the word
])
def test_a_run_of_another_count_or_without_the_word_does_not(term: str, text: str) -> None:
    assert spelled_out(term, text) is None


def test_clauses_in_a_row_each_holding_the_word_spell_it_out() -> None:
    said = "全党同志务必不忘初心、牢记使命，务必谦虚谨慎、艰苦奋斗，务必敢于斗争、善于斗争，坚定历史自信，增强历史主动。"
    assert spelled_out("三个务必", said) == "全党同志务必不忘初心、牢记使命,务必谦虚谨慎、艰苦奋斗,务必敢于斗争、善于斗争"
    assert spelled_out("两个务必", said) is None  # three clauses in a row hold it, not two
    assert spelled_out("三个务必", "务必不忘初心。务必谦虚谨慎。务必敢于斗争。") is None  # three sentences, no one run
