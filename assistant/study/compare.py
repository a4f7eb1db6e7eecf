"""对照学习: two documents side by side on one topic, for a study session.

The paragraphs of each document that speak to the topic are picked, then paired across the two
documents by what they share (sub-topic), each with its citation. Key figures and quiz items from
those paragraphs go with it into a .docx handout.

Matching is by Chinese character bigrams, not by an embedding model: it is deterministic, needs no
model in the study tab, and the topic words are literal in policy texts (城乡融合, 民营经济 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from assistant.ingest.chunking import sections
from assistant.records import SECTION_SEP, Document
from assistant.study.export import _new_docx, _x, cite_line
from assistant.study.figures import FigureCard, extract_figures
from assistant.study.quiz import QuizItem, make_quiz

MAX_PASSAGES = 8  # per document
MIN_PAIR_SIMILARITY = 0.05
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PARAGRAPH = re.compile(r"[^\n]+")
_NOT_LABEL = re.compile(r"^[的和与及、，。；：\s]+|[的和与及、，。；：\s]+$")


@dataclass(frozen=True)
class Passage:
    """A paragraph of a document: `document.text[start:end] == text`."""

    doc_id: str
    title: str
    section: str
    text: str
    start: int
    end: int
    score: int

    @property
    def cite(self) -> str:
        return cite_line(self.title, self.section, self.start, self.end)


@dataclass(frozen=True)
class Row:
    """One sub-topic: what each document says about it (either side may be empty)."""

    subtopic: str
    left: Passage | None
    right: Passage | None


@dataclass
class Comparison:
    topic: str
    left: Document
    right: Document
    rows: list[Row]
    figures: list[FigureCard] = field(default_factory=list)
    quiz: list[QuizItem] = field(default_factory=list)


def bigrams(text: str) -> set[str]:
    chars = "".join(_CJK.findall(text))
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def paragraphs(doc: Document) -> list[Passage]:
    """Every non-empty line of the document (policy texts put one paragraph on a line), with its section."""
    out: list[Passage] = []
    for sec in sections(doc.text):
        path = SECTION_SEP.join(sec.path)
        for m in _PARAGRAPH.finditer(doc.text, sec.start, sec.end):
            text = m.group(0)
            lead = len(text) - len(text.lstrip())
            body = text.strip()
            if len(body) >= 20:
                start = m.start() + lead
                out.append(Passage(doc.doc_id, doc.title, path, body, start, start + len(body), 0))
    return out


def topic_bigrams(topic: str, pool: list[Passage], common: float = 0.2) -> set[str]:
    """The topic's bigrams that mean something here: those in more than `common` of the paragraphs
    (改革, 发展 …) are left out, unless nothing else remains."""
    wanted = bigrams(topic)
    rare = {b for b in wanted if sum(b in p.text for p in pool) <= common * max(len(pool), 1)}
    return rare or wanted


def on_topic(doc: Document, topic: str, limit: int = MAX_PASSAGES, wanted: set[str] | None = None) -> list[Passage]:
    """The paragraphs that speak to the topic (the topic itself, or most of its telling bigrams), best
    first, returned in document order."""
    pool = paragraphs(doc)
    wanted = wanted if wanted is not None else topic_bigrams(topic, pool)
    if not wanted:
        return []
    scored = []
    for p in pool:
        hits = sum(p.text.count(b) for b in wanted)
        covered = sum(1 for b in wanted if b in p.text)
        if topic in p.text or covered * 2 >= len(wanted) + 1:
            scored.append(Passage(p.doc_id, p.title, p.section, p.text, p.start, p.end, hits + 5 * (topic in p.text)))
    best = sorted(scored, key=lambda p: (-p.score, p.start))[:limit]
    return sorted(best, key=lambda p: p.start)


def similarity(a: Passage, b: Passage, topic: str) -> float:
    ignore = bigrams(topic)
    x, y = bigrams(a.text) - ignore, bigrams(b.text) - ignore
    return len(x & y) / len(x | y) if x and y else 0.0


def shared_label(a: str, b: str, topic: str) -> str:
    """The longest phrase both paragraphs use (besides the topic itself): the sub-topic they share."""
    masked_a, masked_b = a.replace(topic, "\0"), b.replace(topic, "\1")
    m = SequenceMatcher(None, masked_a, masked_b, autojunk=False).find_longest_match(0, len(masked_a), 0, len(masked_b))
    label = _NOT_LABEL.sub("", masked_a[m.a : m.a + m.size])
    return label if len(_CJK.findall(label)) >= 2 else ""


def own_label(p: Passage) -> str:
    """A sub-topic for a paragraph without a counterpart: its section, else its first clause."""
    last = p.section.split(SECTION_SEP)[-1].strip() if p.section else ""
    if last and last != p.title:
        return last[:24]
    return re.split(r"[，。；：]", p.text, maxsplit=1)[0][:24]


def align(left: list[Passage], right: list[Passage], topic: str) -> list[Row]:
    """Pair paragraphs one to one, most similar first; rows follow the left document's order."""
    pairs = sorted(
        ((similarity(a, b, topic), i, j) for i, a in enumerate(left) for j, b in enumerate(right)),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used_l: dict[int, int] = {}
    used_r: set[int] = set()
    for sim, i, j in pairs:
        if sim < MIN_PAIR_SIMILARITY:
            break
        if i not in used_l and j not in used_r:
            used_l[i] = j
            used_r.add(j)
    rows: list[Row] = []
    for i, a in enumerate(left):
        if i in used_l:
            b = right[used_l[i]]
            rows.append(Row(shared_label(a.text, b.text, topic) or own_label(a), a, b))
        else:
            rows.append(Row(own_label(a), a, None))
    rows += [Row(own_label(b), None, b) for j, b in enumerate(right) if j not in used_r]
    return rows


def _inside(start: int, passages: list[Passage]) -> bool:
    return any(p.start <= start < p.end for p in passages)


def compare(left: Document, right: Document, topic: str, quiz_per_doc: int = 5, seed: int = 0) -> Comparison:
    """Passages of both documents on `topic`, aligned by sub-topic, with their key figures and a quiz."""
    topic = topic.strip()
    wanted = topic_bigrams(topic, paragraphs(left) + paragraphs(right))
    a, b = on_topic(left, topic, wanted=wanted), on_topic(right, topic, wanted=wanted)
    figures: list[FigureCard] = []
    quiz: list[QuizItem] = []
    for doc, chosen in ((left, a), (right, b)):
        figures += [c for c in extract_figures(doc) if _inside(c.start, chosen)]
        items = [q for q in make_quiz(doc, n=60, seed=seed).items if _inside(q.start, chosen)]
        quiz += items[:quiz_per_doc]
    return Comparison(topic, left, right, align(a, b, topic), figures, quiz)


def comparison_docx(c: Comparison, path: Path) -> Path:
    """The handout: the side-by-side table with citations, the key figures, then a quiz with its answers
    on a new page."""
    document = _new_docx()
    document.add_heading(_x(f"对照学习：{c.topic}"), level=1)
    document.add_paragraph(_x(f"《{c.left.title}》 对照 《{c.right.title}》"))
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("子题", c.left.title, c.right.title), strict=True):
        cell.text = _x(text)
    for row in c.rows:
        cells = table.add_row().cells
        cells[0].text = _x(row.subtopic)
        for cell, p in ((cells[1], row.left), (cells[2], row.right)):
            cell.text = _x(p.text) if p else "（未单独论述）"
            if p:
                cell.add_paragraph(_x(f"出处：{p.cite}")).runs[0].italic = True
    document.add_heading("数读：关键数字", level=2)
    if not c.figures:
        document.add_paragraph("所选段落中没有数字。")
    titles = {c.left.doc_id: c.left.title, c.right.doc_id: c.right.title}
    for i, f in enumerate(c.figures, 1):
        p = document.add_paragraph(f"{i}. ")
        p.add_run(_x(f.figure)).bold = True
        p.add_run(_x(f" — {f.measure}（{cite_line(titles.get(f.doc_id, f.doc_id), f.section, f.start, f.end)}）"))
    document.add_heading("测验", level=2)
    for i, q in enumerate(c.quiz, 1):
        document.add_paragraph(_x(f"{i}. {q.question}"))
        for j, opt in enumerate(q.options):
            document.add_paragraph(_x(f"{'ABCD'[j]}. {opt}"), style="List Bullet")
    document.add_page_break()
    document.add_heading("答案", level=2)
    for i, q in enumerate(c.quiz, 1):
        answer = f"{q.answer_letter}. {q.answer}" if q.kind == "choice" else q.answer
        document.add_paragraph(_x(f"{i}. {answer}　出处：{cite_line(titles.get(q.doc_id, q.doc_id), q.section, q.start, q.end)}"))
    path = Path(path)
    document.save(str(path))
    return path


def to_dict(c: Comparison) -> dict[str, Any]:
    """For the API and tests: rows with both sides' text and offsets."""

    def side(p: Passage | None) -> dict[str, Any] | None:
        return None if p is None else {"doc_id": p.doc_id, "section": p.section, "text": p.text, "start": p.start, "end": p.end}

    return {"topic": c.topic, "rows": [{"subtopic": r.subtopic, "left": side(r.left), "right": side(r.right)} for r in c.rows]}
