"""The spellings of a year in the library's texts and questions: digits (2024年, a question's bare
2024) or Chinese numerals (二〇三五年). One place for them, so that a question's year, a passage's year
and a section heading's year are read alike."""

from __future__ import annotations

import re

YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")  # in digits, with or without 年 (group 1: the year)
CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")  # in Chinese numerals, before 年
NAMED_YEAR = re.compile(r"(?:19|20)\d{2}年|[〇零一二三四五六七八九]{4}年")  # a text names a year
CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def digit_years(text: str) -> str:
    """`text` with each year in Chinese numerals written in digits (二〇三五年 -> 2035年)."""
    return CN_YEAR.sub(lambda m: m.group(0).translate(CN_DIGITS), text)


def both_digit_forms(text: str) -> str:
    """`text` followed by itself with every Chinese digit in digits, so that 2035 is found in 二〇三五."""
    return text + " " + text.translate(CN_DIGITS)
