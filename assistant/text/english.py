"""English words typed into a Chinese question (2027 的 target, AI 方面有什么 plan, non-SOE) are read as the
Chinese terms the documents use (目标, 人工智能, 民营企业), from `english_terms.tsv`; the spaces typed around
Latin letters and digits in Chinese text (重庆 2027 年) are typography, not breaks between keywords.

Kept as a table rather than a translation model: none runs offline here, and the documents' own terms
matter more than a fluent translation. Abbreviations the documents write themselves (GDP, CPI, 5G) are
left as typed; an English word not in the table stays too (and counts as a term the documents must name).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).with_name("english_terms.tsv")
INITIALS = Path(__file__).with_name("pinyin_initials.tsv")  # zf 政府: Chinese words, so read before the spaces go

# a space between a Chinese character (or full-width punctuation) and a Latin letter, digit or % is typography
# (not before a quiz option, 强度 B.碳排放, nor after a sentence's full stop, GRANTED'. 然后)
_TYPOGRAPHIC_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[A-Za-z0-9%&])(?![A-Za-z][.．、:：)）])"
                                r"|(?<=[A-Za-z0-9%])[ \t\u3000]+(?=[\u4e00-\u9fff])")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=4)
def load(path: Path = TABLE) -> dict[str, str]:
    """English term (lower case) -> Chinese term. A malformed line is an error that names it."""
    table: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        english, sep, chinese = line.partition("\t")
        if not sep or not english.strip() or not chinese.strip():
            raise ValueError(f"{path}:{n}: expected 'english<TAB>中文', got {line!r}")
        table[_key(english)] = chinese.strip()
    return table


def _key(english: str) -> str:
    """How a term is looked up: lower case, its words joined by one space (ultra-long -> ultra long)."""
    return re.sub(r"[\s-]+", " ", english.strip().lower())


@lru_cache(maxsize=4)
def _pattern(path: Path = TABLE) -> re.Pattern[str]:
    """Every term of the table, longest first (supply chain before chain), whole words only, with an
    optional plural s or es; words may be joined by spaces or hyphens as typed."""
    terms = sorted(load(path), key=len, reverse=True)
    alternatives = "|".join(r"[\s-]+".join(map(re.escape, t[:-1].split(" "))) + f"(?:{re.escape(t[-1])}|ies)"
                            if t.endswith("y") else r"[\s-]+".join(map(re.escape, t.split(" "))) for t in terms)
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?:e?s)?(?![A-Za-z])", re.IGNORECASE)


def _chinese(match: re.Match[str], table: dict[str, str]) -> str:
    typed = _key(match.group(0))
    for key in (typed, typed[:-1], typed[:-2], typed[:-3] + "y"):  # targets -> target, taxes -> tax, policies
        if key in table:
            return table[key]
    return match.group(0)


def in_chinese(text: str, path: Path = TABLE) -> str:
    """`text` with the English terms of the table read in Chinese and the typographic spaces around Latin
    letters and digits dropped (重庆 2027 年 AI 方面的 plan -> 重庆2027年人工智能方面的规划). Text without
    Latin letters only loses those spaces. Pinyin initials (zf 政府) are read first: a space beside them is
    one between Chinese words (…多少人 zf报告里的 keeps its break before 政府报告)."""
    if _LATIN.search(text):
        text = _read(text, INITIALS)
    text = _TYPOGRAPHIC_SPACE.sub("", text)
    if not _LATIN.search(text):
        return text
    return _TYPOGRAPHIC_SPACE.sub("", _read(text, path))


def _read(text: str, path: Path) -> str:
    """`text` with the terms of the table at `path` read in Chinese."""
    table = load(path)
    return _pattern(path).sub(lambda m: _chinese(m, table), text)


def english_turn(question: str, history: list[tuple[str, str]]) -> tuple[str, list[tuple[str, str]]]:
    """A question and its chat history with their English terms read in Chinese (`in_chinese`)."""
    return in_chinese(question), [(in_chinese(q), in_chinese(a)) for q, a in history]
