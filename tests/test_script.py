"""Questions typed in traditional characters are read in the documents' simplified script (real OpenCC)."""

from __future__ import annotations

import glob
from pathlib import Path

from assistant.text.script import simplified, simplified_turn

ROOT = Path(__file__).resolve().parent.parent


def test_a_traditional_question_is_read_in_simplified_characters() -> None:
    assert simplified("重慶要編制哪幾張改革清單？") == "重庆要编制哪几张改革清单？"
    assert simplified("政府工作報告中今年GDP增長目標是多少") == "政府工作报告中今年GDP增长目标是多少"


def test_a_follow_up_and_its_history_are_both_converted() -> None:
    q, history = simplified_turn("那第三張呢？", [("重慶要編制哪幾張清單？", "五張")])
    assert q == "那第三张呢？" and history == [("重庆要编制哪几张清单？", "五张")]


def test_simplified_text_and_the_bundled_documents_come_out_unchanged() -> None:
    assert simplified("") == ""
    assert simplified("到2027年全市工业总产值目标是多少？") == "到2027年全市工业总产值目标是多少？"
    for path in glob.glob(str(ROOT / "documents" / "*.txt")):
        text = Path(path).read_text(encoding="utf-8")
        assert simplified(text) == text
