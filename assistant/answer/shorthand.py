"""Numbered shorthands (“四个面向”, “五个振兴”, “三项能力”): a count and a word that stand for that many
items sharing the word. The documents often list the items without the shorthand (坚持面向世界科技前沿、
面向经济主战场、面向国家重大需求、面向人民生命健康; 扎实推动乡村产业、人才、文化、生态、组织振兴), so a
sentence listing that many items that share the word spells the shorthand out: it names it, and it answers
what the shorthand stands for. A term shortened from the first characters of its items (“千万工程”: 千村示范、万村整治)
is `expanded` by them."""

from __future__ import annotations

import re
from itertools import groupby

from assistant.text.normalize import norm
from assistant.text.numerals import cn_int

_SHORTHAND = re.compile(r"^([一二两三四五六七八九十]{1,2}|\d{1,2})(?:个|项|大|张|条|种)?([\u4e00-\u9fff]{1,4})$")
_CLAUSE = re.compile(r"[，,。；;：:！？!?\n]|——")
_SENTENCE = re.compile(r"[。！？!?\n]")
_COMMA = re.compile(r"[，,；;]")
_SHARED_ITEM = 4  # characters of an item that does not repeat the word (乡村产业、人才、文化…振兴: 人才)


def shorthand(term: str) -> tuple[int, str] | None:
    """(count, shared word) of a numbered shorthand (四个面向 -> (4, 面向)); None for another term."""
    m = _SHORTHAND.match(norm(term))
    n = cn_int(m.group(1)) if m else None
    return (n, m.group(2)) if m and n is not None and 2 <= n <= 12 else None


def spelled_out(term: str, text: str, field: str = "") -> str | None:
    """The run of items in `text` that spells out the shorthand `term`: exactly its count of items
    between 、, each holding its word (面向A、面向B…, A能力、B能力…) or the `field` the question names it by
    (金融“五篇大文章”: 科技金融、绿色金融…), or the word after the last of short items (产业、人才、文化、生态、
    组织振兴). None when `text` has no such run, or `term` is no shorthand."""
    parsed = shorthand(term)
    if parsed is None:
        return None
    n, word = parsed
    if run := _clause_run(n, word, text):
        return run
    for clause in (norm(c) for c in _CLAUSE.split(text)):
        items = clause.split("、")
        if len(items) != n:
            continue
        if all(word in item for item in items) or len(field) >= 2 and all(field in item for item in items) or (
                items[-1].endswith(word) and all(len(item) <= _SHARED_ITEM for item in items[1:-1])):
            return clause
    return None


def _clause_run(n: int, word: str, text: str) -> str | None:
    """Exactly `n` clauses in a row of one sentence that each hold `word`, the clauses on either side not
    (务必不忘初心、牢记使命，务必谦虚谨慎、艰苦奋斗，务必敢于斗争、善于斗争 spells out “三个务必”), joined by a comma."""
    for sentence in _SENTENCE.split(norm(text)):
        for held, run in groupby(_COMMA.split(sentence), key=lambda clause: word in clause):
            if held and len(clauses := list(run)) == n:
                return ",".join(clauses)
    return None


def field_of(term: str, question: str) -> str:
    """The two characters the question puts right before a quoted shorthand (金融“五篇大文章” -> 金融), or ""."""
    m = re.search(r"([\u4e00-\u9fff]{2})[“\"「『]" + re.escape(term), norm(question))
    return m.group(1) if m else ""


# 是什么的简称, 全称是什么: the words a shortened term stands for are asked
FULL_FORM_ASKED = re.compile(r"简称|缩写|全称|全名")


def expanded(term: str, text: str) -> str | None:
    """The run of two or more 、 items in `text` that a term shortened from their first characters stands for
    (千万工程: 千村示范、万村整治), or None."""
    key = norm(term)
    t = norm(text)
    for n in range(len(key), 1, -1):
        run = "、".join(re.escape(c) + r"[\u4e00-\u9fff]{1,7}" for c in key[:n])
        if m := re.search(run, t):
            return m.group(0)
    return None
