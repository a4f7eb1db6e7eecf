"""Turn a follow-up question plus chat history into a standalone question.

Without an LLM a follow-up (那…呢？, pronouns, too few content words) is joined to the topic of the
previous question; with an LLM the condense prompt rewrites it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.tokens import tokenize

_FOLLOW_UP = re.compile(r"^(那|那么|还有|另外|此外|其中|它|其|这|该|上述|以上|同时|再|他|她)|呢[？?]?$|(它|其|这些|那些|上述|该项|这项|他们)")


@dataclass(frozen=True)
class Standalone:
    question: str  # what is searched and shown to the user
    focus: str  # the user's own words, weighted most when picking sentences
    context: str  # words carried over from history ("" when none)


def is_follow_up(question: str) -> bool:
    q = question.strip()
    return bool(_FOLLOW_UP.search(q)) or not tokenize(q)


def condense(question: str, history: list[tuple[str, str]]) -> Standalone:
    q = question.strip()
    if not history or not is_follow_up(q):
        return Standalone(q, q, "")
    previous = history[-1][0].strip().rstrip("？?。")
    return Standalone(f"关于“{previous}”：{q}", q, previous)
