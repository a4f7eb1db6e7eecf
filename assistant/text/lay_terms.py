"""Everyday words the public asks in (养老钱, 到手能花的钱, 房东) and the official terms documents and
laws use for them (基本养老金, 居民人均可支配收入, 出租人), read from `lay_terms.tsv`.

Its second part maps how people paraphrase policy documents (外国资本 -> 外资, 外商投资; 地图 -> 图谱); its
third, how the public names the measures of the six documents that touch daily life (小娃娃 -> 婴幼儿, 托育;
没有本地户口 -> 常住地登记户口); its fourth, more of those measures (闹水灾 -> 洪涝灾害; 不花钱 -> 免费教育); its
fifth, defence, foreign affairs, anti-corruption, democracy and short names (部队 -> 人民军队; 打老虎 -> “打虎”). A
question's coverage by a sentence counts a lay word as present when one of its official terms is
(`features.coverage`). All five parts were written by helpers without the golden sets
(evals/README.md says how); entries added by sessions after tune questions are marked (城里人, 头头脑脑, and
the last section of the table). Kept as a plain table rather than a synonym library: none installs offline
with policy and legal vocabulary.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.text.normalize import norm

TABLE = Path(__file__).with_name("lay_terms.tsv")


@lru_cache(maxsize=4)
def load(path: Path = TABLE) -> dict[str, tuple[str, ...]]:
    """Lay phrase -> its official terms, longest phrase first. A malformed line is an error that names it."""
    table: dict[str, tuple[str, ...]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        lay, sep, official = line.partition("\t")
        terms = tuple(norm(t) for t in official.split("|") if t.strip())
        if not sep or not lay.strip() or not terms:
            raise ValueError(f"{path}:{n}: expected 'lay phrase<TAB>official|official', got {line!r}")
        table[norm(lay.strip())] = terms
    return dict(sorted(table.items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1024)
def official_terms(question: str, path: Path = TABLE) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    """The lay phrases of a question as (start, end, official terms), longest first and not
    overlapping (养老的钱 inside 最基本的养老的钱 is read once)."""
    q = norm(question)
    taken = [False] * len(q)
    found: list[tuple[int, int, tuple[str, ...]]] = []
    for lay, terms in load(path).items():
        start = q.find(lay)
        while start >= 0:
            end = start + len(lay)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(lay)
                found.append((start, end, terms))
            start = q.find(lay, end)
    return tuple(sorted(found))


def alternatives(question: str, word: str, path: Path = TABLE) -> tuple[str, ...]:
    """The official terms that count as `word` of `question`: those of the lay phrase it is part of
    (钱 of 到手能花的钱 -> 居民人均可支配收入, 可支配收入); none when it is in no lay phrase."""
    at = norm(question).lower().find(word)
    if at < 0:
        return ()
    return tuple(o for a, b, official in official_terms(question, path) if at < b and at + len(word) > a
                 for o in official)


def named_in(question: str, word: str, low: str) -> bool:
    """Is `word` of `question`, or one of the official terms it stands for there (AI: 人工智能), in `low` (a
    lowercased text)?"""
    w = word.lower()
    return w in low or any(o.lower() in low for o in alternatives(question, w))
