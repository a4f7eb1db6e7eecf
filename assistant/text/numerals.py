"""Small Chinese numerals (一 … 九十九, 两) as integers: list counts (哪五个方面), item markers ((十二)),
the numbers of a document's titles. One parser for the answer rules and the sentence splitter; quizzes
read large figures with cn2an (`study/numerals.py`)."""

from __future__ import annotations

CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def cn_int(text: str) -> int | None:
    """A small Chinese or Arabic numeral (一 … 九十九, 两, 12) as an int."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in CN_VALUE and c != "十" for c in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (CN_VALUE.get(tens, 1) if tens else 1) * 10 + (CN_VALUE.get(ones, 0) if ones else 0)
    return CN_VALUE[text] if len(text) == 1 else None


_BIG_CN = set("〇零一二两三四五六七八九十百千万亿点")


def number_value(text: str) -> float | None:
    """The value of a number written in digits (54, 1.2) or in Chinese numerals of any size (一百一十四,
    十八点五); None if `text` is neither. Large Chinese numerals are read with cn2an."""
    try:
        return float(text)
    except ValueError:
        pass
    if not text or any(c not in _BIG_CN for c in text):
        return None
    import cn2an  # 0.4 s to import: only when a claim's figure is compared

    try:
        return float(cn2an.cn2an(text, "normal"))
    except ValueError:
        return None
