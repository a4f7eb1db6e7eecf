"""Quizzes from one document, without an LLM: fill-in-the-blank and 4-option multiple choice on key
figures and named terms. Every item cites the sentence its answer comes from, with exact offsets;
distractors are other figures of the same unit, or other terms, from the same document."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.records import Document
from assistant.retrieval.glossary import is_code, quoted_terms
from assistant.study.figures import FigureCard, extract_figures
from assistant.study.numerals import variants
from assistant.study.sentences import CLAUSE_SEP, Sentence, display, doc_sentences, in_section

BLANK = "____"
N_OPTIONS = 4
MIN_CONTEXT = 12  # characters of question text around a blank
Rewrite = Callable[[str], str]


@dataclass
class QuizItem:
    """One question. `document.text[start:end] == sentence` and `answer` occurs in it at `answer_start`."""

    kind: str  # fill | choice
    question: str
    answer: str
    options: list[str]
    sentence: str
    start: int
    end: int
    doc_id: str
    section: str
    source: str  # figure | term
    answer_start: int

    @property
    def answer_letter(self) -> str:
        return "ABCD"[self.options.index(self.answer)] if self.answer in self.options else ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"answer_letter": self.answer_letter}


@dataclass
class Quiz:
    doc_id: str
    title: str
    section: str
    seed: int
    items: list[QuizItem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "section": self.section,
            "seed": self.seed,
            "items": [i.to_dict() for i in self.items],
            "notices": list(self.notices),
        }


@dataclass(frozen=True)
class _Candidate:
    answer: str
    sentence: Sentence
    offset: int  # of the answer within the sentence
    source: str  # figure | term
    group: str  # unit (figures) or code/coinage (terms): options are drawn from the same group
    deadline: str = ""


def make_quiz(
    doc: Document, n: int = 10, section: str | None = None, seed: int = 0, rewrite: Rewrite | None = None
) -> Quiz:
    """A quiz of up to `n` items on `doc` (or on the sections whose path contains `section`).
    The same document, section and seed always give the same quiz. `rewrite`, if given, may reword
    a question; the answer and citation never change and a reworded item that no longer checks out
    is dropped."""
    if n < 1:
        raise ValueError(f"n must be > 0, got {n}")
    rng = random.Random(seed)
    cards = extract_figures(doc)
    figures = _figure_candidates(cards, section)
    terms = _term_candidates(doc, section)
    rng.shuffle(figures[0])
    rng.shuffle(figures[1])
    rng.shuffle(terms)
    order = _interleave(figures[0] + figures[1], terms)
    quiz = Quiz(doc.doc_id, doc.title, section or "", seed)
    dropped = 0
    for cand in order:
        if len(quiz.items) >= n:
            break
        want_choice = len(quiz.items) % 4 in (1, 2)  # fill, choice, choice, fill: both kinds for both sources
        item = _item(doc, cand, want_choice, cards, terms, rng)
        if item is None:
            continue
        if rewrite is not None:
            item = _rewritten(item, rewrite)
            if item is None:
                dropped += 1
                continue
        quiz.items.append(item)
    if dropped:
        quiz.notices.append(f"改写后未通过校验的题目已舍弃：{dropped} 道")
    if len(quiz.items) < n:
        quiz.notices.append(f"所选范围内只能生成 {len(quiz.items)} 道题（要求 {n} 道）")
    return quiz


def _figure_candidates(
    cards: list[FigureCard], section: str | None
) -> tuple[list[_Candidate], list[_Candidate]]:
    """Body figures first (tier 0); dates and headline figures only when those run out (tier 1)."""
    tiers: tuple[list[_Candidate], list[_Candidate]] = ([], [])
    seen: set[str] = set()
    for c in cards:
        if not in_section(c.section, section) or c.figure in seen:
            continue
        seen.add(c.figure)
        sent = Sentence(c.sentence, c.start, c.end, c.doc_id, c.section, c.heading)
        deadline = "" if c.kind == "date" or c.figure in c.deadline else c.deadline
        cand = _Candidate(c.figure, sent, c.figure_start - c.start, "figure", c.unit, deadline)
        tiers[1 if c.kind == "date" or c.heading else 0].append(cand)
    return tiers


def _term_candidates(doc: Document, section: str | None) -> list[_Candidate]:
    """One candidate per quoted term: its first occurrence in a body sentence, else its first one."""
    best: dict[str, _Candidate] = {}
    for sent in doc_sentences(doc):
        if not in_section(sent.section, section):
            continue
        for term, offset in quoted_terms(sent.text):
            old = best.get(term)
            if old is None or (not old.sentence.complete and sent.complete and not sent.heading):
                group = "code" if is_code(term) else "coinage"
                best[term] = _Candidate(term, sent, offset, "term", group)
    return list(best.values())


def _interleave(a: list[_Candidate], b: list[_Candidate]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for i in range(max(len(a), len(b))):
        out.extend(x[i] for x in (a, b) if i < len(x))
    return out


def _item(
    doc: Document,
    cand: _Candidate,
    want_choice: bool,
    cards: list[FigureCard],
    terms: list[_Candidate],
    rng: random.Random,
) -> QuizItem | None:
    sent = cand.sentence
    a, b = cand.offset, cand.offset + len(cand.answer)
    if doc.text[sent.start : sent.end] != sent.text or sent.text[a:b] != cand.answer:
        return None  # never cite what the document does not say
    question = _question(sent.text, a, b, cand.answer, cand.deadline)
    if BLANK not in question or cand.answer in question:
        return None
    options: list[str] = []
    if want_choice:
        pool = _figure_distractors(cand, cards) if cand.source == "figure" else _term_distractors(cand, terms)
        distractors = _pick(pool, question, cand.answer, rng)
        if len(distractors) >= N_OPTIONS - 1:
            options = [cand.answer, *distractors[: N_OPTIONS - 1]]
            rng.shuffle(options)
    return QuizItem(
        kind="choice" if options else "fill",
        question=question,
        answer=cand.answer,
        options=options,
        sentence=sent.text,
        start=sent.start,
        end=sent.end,
        doc_id=sent.doc_id,
        section=sent.section,
        source=cand.source,
        answer_start=sent.start + a,
    )


def _question(text: str, a: int, b: int, answer: str, deadline: str) -> str:
    """The answer's clause with a blank, widened to earlier clauses until it gives enough context;
    a deadline from an earlier clause is put in front (到2027年，全市工业总产值迈上____台阶)."""
    ca, cb = a, b
    while ca > 0 and text[ca - 1] not in CLAUSE_SEP:
        ca -= 1
    while cb < len(text) and text[cb] not in CLAUSE_SEP:
        cb += 1
    while cb - ca < MIN_CONTEXT + len(answer) and ca > 0:
        ca -= 1
        while ca > 0 and text[ca - 1] not in CLAUSE_SEP:
            ca -= 1
    before, after = display(text[ca:a]), display(text[b:cb])
    if deadline and deadline not in before:
        before = f"{deadline}，{before}"
    return f"{before}{BLANK}{after}".replace(answer, BLANK)


def _figure_distractors(cand: _Candidate, cards: list[FigureCard]) -> list[list[str]]:
    """Tiers of options: other figures of the same unit (万亿, %, 个), then variants of the answer's
    number (4万亿 → 3万亿), then other figures of the same kind, then any figure."""
    kind = next((c.kind for c in cards if c.figure == cand.answer), "")
    same_unit = [c.figure for c in cards if c.unit == cand.group]
    same_kind = [c.figure for c in cards if c.kind == kind]
    return [same_unit, variants(cand.answer), same_kind, [c.figure for c in cards]]


def _term_distractors(cand: _Candidate, terms: list[_Candidate]) -> list[list[str]]:
    """Tiers of other terms: same group and similar length, then same group, then any term."""
    same = [t.answer for t in terms if t.group == cand.group]
    close = [t for t in same if abs(len(t) - len(cand.answer)) <= 1]
    return [close, same, [t.answer for t in terms]]


def _pick(tiers: list[list[str]], question: str, answer: str, rng: random.Random) -> list[str]:
    """Up to 3 distinct distractors, tier by tier, none equal to the answer or visible in the question."""
    out: list[str] = []
    for tier in tiers:
        pool = sorted(
            {
                t
                for t in tier
                if t and t not in answer and answer not in t and t not in out and t not in question
            }
        )
        rng.shuffle(pool)
        out.extend(pool[: N_OPTIONS - 1 - len(out)])
        if len(out) >= N_OPTIONS - 1:
            break
    return out


def _rewritten(item: QuizItem, rewrite: Rewrite) -> QuizItem | None:
    """Apply the LLM hook to the question text only; keep the item only if it still checks out."""
    try:
        question = (rewrite(item.question) or "").strip()
    except Exception:  # an LLM hook may fail in many ways; the item is then simply dropped
        return None
    ok = (
        question
        and item.answer not in question
        and item.answer in item.sentence
        and (item.kind != "fill" or BLANK in question)
    )
    if not ok:
        return None
    item.question = question
    return item
