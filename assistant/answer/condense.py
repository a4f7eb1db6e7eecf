"""Turn a follow-up question plus chat history into a standalone question.

Without an LLM, a follow-up of the form 那X呢？ keeps the previous question's frame (its time, place
or "…的" qualifier, and its question word) with X as the new subject:
到2027年全市工业总产值目标是多少？ + 那制造业增加值占比呢？ -> 到2027年全市制造业增加值占比是多少？
Other follow-ups (pronouns, too few content words) are joined to the previous question's topic.
With an LLM the condense prompt rewrites it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.question import analyse, drop_aside, names_place
from assistant.answer.quiz import read_quiz
from assistant.text.colloquial import written
from assistant.text.numerals import cn_int
from assistant.text.tokens import tokenize

_FOLLOW_UP = re.compile(r"^(那|那么|还有|另外|此外|其中|它|其|这|该|上述|以上|同时|再|他|她)|呢[？?]?$|(它|其|这些|那些|上述|该项|这项|他们)")


@dataclass(frozen=True)
class Standalone:
    question: str  # what is searched and shown to the user
    focus: str  # the user's own words, weighted most when picking sentences
    context: str  # words carried over from history ("" when none)
    # the documents the previous question named (《决定》, 三中全会公报), for a follow-up naming none: its
    # answer comes from them when they can give it
    scope: tuple[str, ...] = ()


def is_follow_up(question: str) -> bool:
    q = question.strip()
    return bool(_FOLLOW_UP.search(q)) or not tokenize(q)


_NEW_SUBJECT = re.compile(r"^(?:那么|那|还有|另外|此外|再看看|再问|(?P<swap>换成|换作|改成|如果是|要是))[，,]?\s*"
                          r"(?P<x>.+?)(?:的情况|怎么样|如何|又如何)?(?(swap)的?)呢[？?]?$")
_PRONOUN = re.compile(r"它|其|这些|那些|上述|该项|这项|他们|他|她")
_QUESTION_WORD = re.compile(
    r"(?:是多少|有多少|达到多少|多少|是什么|有哪些|是哪些|包括哪些|哪几|哪些|是谁|什么时候|何时|如何|怎样|怎么)")
_TIME = re.compile(r"^(?:到|至|截至|截止到?|在)?(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:底|末|前)?")
_AREA = re.compile(r"全市|全国|全省|我国|本市")  # a whole area named without a place name
_PLACE = re.compile(rf"^(?:{_AREA.pattern}|重庆市|重庆)")


def rewrite_follow_up(question: str, previous: str) -> str | None:
    """那X呢？ after a previous question -> the previous question with X as its subject, or None when
    the follow-up is not of that form or the previous question has no frame to keep."""
    m = _NEW_SUBJECT.match(question.strip())
    if m is None or _PRONOUN.search(m.group("x")):
        return None
    subject = m.group("x").strip()
    prev = previous.strip().rstrip("？?。")
    asked = _QUESTION_WORD.search(prev)
    if asked is None or asked.start() == 0:
        return None
    body, tail = prev[: asked.start()], prev[asked.start() :]
    frame = ""
    if "的" in body:  # "2024年政府工作报告提出的" + subject
        frame = body[: body.rindex("的") + 1]
    elif t := _TIME.match(body):  # "到2027年" (+ "全市") + subject
        frame = t.group(0)
        if p := _PLACE.match(body[t.end() :]):
            frame += p.group(0)
    if not frame and _is_place(place := subject.removesuffix("的")):  # 换成重庆的呢: the same of another place
        subject = place
        own = _PLACE.match(body) or _AREA.search(body)
        return f"{body[:own.start()]}{subject}{body[own.end():]}{tail}？" if own else f"{subject}{tail}？"
    if not frame or subject in frame:
        return None
    return f"{frame}{subject}{tail}？"


def _is_place(subject: str) -> bool:
    return bool(_AREA.fullmatch(subject)) or names_place(subject)


# 这张清单, 该项目, 那一条: a thing the follow-up points back to, by its measure word and noun
_THIS = re.compile(r"(?:这|该|那)一?([张个项条类份部批套])(?=[\u4e00-\u9fff])")
_MARKER = re.compile(r"\[\d+\]")
# an item's marker or a copula before the thing an answer names (二是…, （二）…, 第二，…, 是…)
_LEAD = re.compile(r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十]+[，,、]|是|为)")


def resolve_this(question: str, previous: str, answer: str) -> str:
    """A follow-up pointing back (那这张清单里谋划了多少个项目？) with the thing the previous answer named in
    its place (发挥比较优势锻长板改革项目清单), when the answer names exactly one such thing; else with the
    previous question's ordinal of that measure word (第二张清单); else as it is."""
    m = _THIS.search(question)
    if m is None:
        return question
    text = _MARKER.sub("", answer)
    rest = question[m.end():]
    heads = [rest[:n] for n in range(4, 1, -1) if len(rest) >= n]  # a noun of two characters or more
    noun = next((h for h in heads if h in text), None) or next((h for h in heads if h in previous), None)
    if noun is None:
        return question
    named = {_LEAD.sub("", clause[:clause.rindex(noun) + len(noun)]) for clause in re.split(r"[。；;，,\n：:]", text)
             if noun in clause}
    if len(named) == 1 and len(thing := named.pop()) > len(noun):
        return question[:m.start()] + thing + rest[len(noun):]
    ordinal = re.search(rf"第[一二三四五六七八九十\d]+{m.group(1)}", previous)
    if ordinal and noun in previous:
        return question[:m.start()] + ordinal.group(0) + rest
    return question


# 第三个具体是怎么讲的, 那第二条呢: an item of the previous answer asked for by its place alone, no noun after it
_NTH_BACK = re.compile(r"^(?:那|那么)?(?:其中)?第([一二三四五六七八九十\d]+)(?:个|条|项|点|张|种|类|方面)?"
                       r"(?=呢|具体|是|讲|说|指|怎|的具体|的内容|[，,？?]|$)")
# where the items of an answer part: its citation markers, an ellipsis, a clause or sentence end
_ITEM_BREAK = re.compile(r"\[\d+\]|……|…|[；;。\n]")


def resolve_nth(question: str, answer: str) -> str:
    """A follow-up asking for an item of the previous answer by its place alone (第三个具体是怎么讲的？) with that
    item in its place (中国式现代化是物质文明和精神文明相协调的现代化具体是怎么讲的？), when the answer has as many
    items; else as it is."""
    m = _NTH_BACK.match(question.strip())
    if m is None:
        return question
    n = cn_int(m.group(1))
    items = [_LEAD.sub("", x.strip().lstrip("—-")) for x in _ITEM_BREAK.split(answer)]
    items = [x for x in items if len(x) >= 2]
    if not n or n > len(items):
        return question
    return items[n - 1] + question.strip()[m.end():]


def _scope(question: str, previous: str) -> tuple[str, ...]:
    """The documents `previous` names (as 《title》 or by short name) when `question` names none."""
    asked = analyse(question)
    if asked.titles or asked.documents:
        return ()
    a = analyse(previous)
    return (*(f"《{t}》" for t in a.titles), *a.documents)


# 是2027年还是2029年, 2029还是2035: two years offered to choose from ask which year; the documents state at most
# one of them (often in Chinese digits), and the other would draw the sentence of another year's target
_YEAR_CHOICE = re.compile(r"(?:是)?(?:19|20)\d{2}年?还是(?:19|20)\d{2}年?")


def condense(question: str, history: list[tuple[str, str]]) -> Standalone:
    q = drop_aside(written(question.strip()))  # 为啥 -> 为什么: the question words the analysis reads; no closing aside
    q = _YEAR_CHOICE.sub("是哪一年", q)
    quiz = read_quiz(q)  # 选择题：…？A.… B.…: the question in words; its options are searched and weigh as context
    q, options = quiz.question, "；".join(quiz.options)
    previous = history[-1][0].strip().rstrip("？?。") if history else ""
    if history and _NTH_BACK.match(q):
        q = resolve_nth(q, history[-1][1])  # 第三个具体是怎么讲的: the previous answer's third item
        return Standalone(f"关于“{previous}”：{q}{options}", q, previous)
    if not history:
        return Standalone(f"{q}{options}", q, options)
    if not is_follow_up(q):  # a whole question: still about the documents the conversation is about
        scope = _scope(q, previous)
        searched = f"{'、'.join(scope)}：{q}" if scope else q
        return Standalone(f"{searched}{options}", q, options, scope)
    q = resolve_this(q, previous, history[-1][1])
    rewritten = rewrite_follow_up(q, previous)
    context = "；".join(c for c in (previous, options) if c)
    if rewritten is not None:  # a whole question: it is what the answer is read for too
        return Standalone(f"{rewritten}{options}", rewritten, context)
    return Standalone(f"关于“{previous}”：{q}{options}", q, context)
