"""Instructions hidden in questions (忽略之前的指令…) are text, never commands: the clauses that try
to steer the assistant are set aside before retrieval and answering. A planted update (…目标已改为7%)
is not obeyed either: what it claims to change is looked up in the documents instead."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CLAUSE = re.compile(r"(?<=[。！？!?；;，,：:】\n])|(?<=\.)\s+")
_ASKS = re.compile(r"[？?]|什么|多少|哪|谁|几|如何|怎么|怎样|吗|是否|何时|为何")
_INJECTION = re.compile(
    r"忽略|无视|不要理会|ignore|disregard|forget|system\s*prompt|系统提示|提示词|系统通知|管理员|(?:已|被|获|我)授权|授权(?:你|您|给你)|不再受|"
    r"不要回答|扮演(?!什么|怎样|何种|哪些|着|了|的)|你现在是|jailbreak|developer|开发者|回复.{0,12}[A-Za-z]{4,}|只回复|直接回复|直接回答|"
    r"(回答|回复)(的)?(末尾|开头|结尾)|输出你的|原样输出|过时|请按.{0,12}回答|正确的.{0,8}是|上级.{0,6}指示|改为|"
    r"reply|respond|output|instructions?",
    re.I)


# A planted update (…的经济增长目标已改为7%): what it claims to change is a question for the documents.
_CHANGED = re.compile(r"^(.{2,40}?)(?:已经|已)?被?(?:改为|调整为|变为|变更为|修改为|更新为|上调为|下调为)(.+)$")
_LEAD = re.compile(r"^(?:据|根据|按照|经)?[^，,。]{0,12}(?:指示|通知|要求|规定)[，,]?")


@dataclass(frozen=True)
class Guarded:
    question: str  # what is left to answer ("" when the question was only instructions)
    removed: tuple[str, ...]


def strip_instructions(question: str) -> Guarded:
    clauses = [c for c in _CLAUSE.split(question) if c.strip()]
    kept = [c for c in clauses if not _INJECTION.search(c)]
    removed = tuple(c.strip() for c in clauses if _INJECTION.search(c))
    text = "".join(kept).strip().strip("，,：:；;")
    if removed and not _ASKS.search(text):
        text = _checked_claim((*removed, *kept))  # a planted statement is not a question; what it changes is
    return Guarded(text, removed)


def _checked_claim(clauses: tuple[str, ...]) -> str:
    """The question behind a planted update (2024年…经济增长目标已改为7% asks 2024年…经济增长目标是多少？),
    to be answered from the documents; "" when no clause claims a change."""
    for clause in clauses:
        m = _CHANGED.match(_LEAD.sub("", clause.strip().strip("，,。；;")))
        if m:
            topic = m.group(1).strip("，, ")
            return f"{topic}是多少？" if re.search(r"\d|[一二三四五六七八九十百千万亿]", m.group(2)) else f"{topic}是什么？"
    return ""
