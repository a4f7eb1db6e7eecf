"""Export quizzes, figure cards and glossaries as Markdown and .docx for printing.

A quiz puts its answer key on a separate page: after a page break in .docx, and after a page-break
marker and a `---` rule in Markdown. Each answer cites its sentence, document title and section.
Document text is escaped so it cannot inject Markdown or HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assistant.retrieval.glossary import Glossary
from assistant.study.figures import FigureCard
from assistant.study.quiz import Quiz, QuizItem
from assistant.study.sentences import display

ANSWER_HEADING = "答案"
PAGE_BREAK_MD = '<div style="page-break-before: always;"></div>\n\n---\n'
KIND_LABEL = {"fill": "填空", "choice": "单选"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
CN_FONT = "宋体"


def md_escape(text: str) -> str:
    """Document text for Markdown: layout breaks removed, special characters backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", display(text))


def cite_line(item_title: str, section: str, start: int, end: int) -> str:
    where = f" · {section}" if section else ""
    return f"《{item_title}》{where} · 位置 {start}–{end}"


def _answer_text(item: QuizItem) -> str:
    return f"{item.answer_letter}. {item.answer}" if item.kind == "choice" else item.answer


# ---- Markdown -------------------------------------------------------------------------------


def quiz_markdown(quiz: Quiz) -> str:
    """Questions, then a page-break marker and `---`, then the answer key with citations."""
    lines = [
        f"# 测验：{md_escape(quiz.title)}",
        "",
        f"- 文档：{md_escape(quiz.doc_id)}",
        f"- 范围：{md_escape(quiz.section) if quiz.section else '全文'}",
        f"- 题数：{len(quiz.items)}（随机种子 {quiz.seed}）",
        "",
        "## 试题",
        "",
    ]
    for i, item in enumerate(quiz.items, 1):
        lines.append(f"{i}. （{KIND_LABEL[item.kind]}）{md_escape(item.question)}")
        lines.extend(f"    - {'ABCD'[j]}. {md_escape(opt)}" for j, opt in enumerate(item.options))
    lines += ["", PAGE_BREAK_MD, f"## {ANSWER_HEADING}", ""]
    for i, item in enumerate(quiz.items, 1):
        lines.append(f"{i}. **{md_escape(_answer_text(item))}**  ")
        lines.append(f"    出处：{md_escape(cite_line(quiz.title, item.section, item.start, item.end))}")
        lines.append(f"    > {md_escape(item.sentence)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def figures_markdown(cards: Iterable[FigureCard], title: str) -> str:
    lines = [f"# 数读：{md_escape(title)}", ""]
    for i, c in enumerate(cards, 1):
        when = f"（{md_escape(c.deadline)}）" if c.deadline and c.deadline != c.figure else ""
        lines.append(f"{i}. **{md_escape(c.figure)}** — {md_escape(c.measure)}{when}  ")
        lines.append(f"    > {md_escape(c.sentence)}  ")
        lines.append(f"    出处：{md_escape(cite_line(title, c.section, c.start, c.end))}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def glossary_markdown(glossary: Glossary, titles: dict[str, str] | None = None) -> str:
    titles = titles or {}
    lines = ["# 术语表", ""]
    for e in glossary:
        kind = "数字代号" if e.kind == "code" else "提法"
        lines.append(f"## {md_escape(e.term)}")
        lines.append(f"{kind} · 出现 {e.usage_count} 次 · 文档：{md_escape('、'.join(e.doc_ids))}")
        lines.append("")
        for s in e.definition_sentences:
            lines.append(f"> {md_escape(s.sentence)}  ")
            lines.append(
                f"> —— {md_escape(cite_line(titles.get(s.doc_id, s.doc_id), s.section, s.start, s.end))}"
            )
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# ---- .docx ----------------------------------------------------------------------------------


def _new_docx() -> Any:
    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError as exc:  # pragma: no cover - python-docx is a core dependency
        raise RuntimeError("python-docx is needed for .docx export: pip install python-docx") from exc
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = CN_FONT
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), CN_FONT)
    return document


def _x(text: str) -> str:
    """Text python-docx can store: characters XML forbids are dropped, layout breaks removed."""
    return _XML_BAD.sub("", display(text))


def quiz_docx(quiz: Quiz, path: Path) -> Path:
    """Write the quiz to `path`; the answer key starts on a new page."""
    document = _new_docx()
    document.add_heading(_x(f"测验：{quiz.title}"), level=1)
    document.add_paragraph(
        _x(f"范围：{quiz.section or '全文'}　题数：{len(quiz.items)}　随机种子：{quiz.seed}")
    )
    for i, item in enumerate(quiz.items, 1):
        document.add_paragraph(_x(f"{i}. （{KIND_LABEL[item.kind]}）{item.question}"))
        for j, opt in enumerate(item.options):
            document.add_paragraph(_x(f"{'ABCD'[j]}. {opt}"), style="List Bullet")
    document.add_page_break()
    document.add_heading(ANSWER_HEADING, level=1)
    for i, item in enumerate(quiz.items, 1):
        p = document.add_paragraph(f"{i}. ")
        p.add_run(_x(_answer_text(item))).bold = True
        document.add_paragraph(_x(f"出处：{cite_line(quiz.title, item.section, item.start, item.end)}"))
        document.add_paragraph(_x(f"原文：“{item.sentence}”")).runs[0].italic = True
    path = Path(path)
    document.save(str(path))
    return path


def figures_docx(cards: Iterable[FigureCard], title: str, path: Path) -> Path:
    document = _new_docx()
    document.add_heading(_x(f"数读：{title}"), level=1)
    for i, c in enumerate(cards, 1):
        p = document.add_paragraph(f"{i}. ")
        p.add_run(_x(c.figure)).bold = True
        when = f"（{c.deadline}）" if c.deadline and c.deadline != c.figure else ""
        p.add_run(_x(f" — {c.measure}{when}"))
        document.add_paragraph(_x(f"原文：“{c.sentence}”")).runs[0].italic = True
        document.add_paragraph(_x(f"出处：{cite_line(title, c.section, c.start, c.end)}"))
    path = Path(path)
    document.save(str(path))
    return path


def glossary_docx(glossary: Glossary, path: Path, titles: dict[str, str] | None = None) -> Path:
    titles = titles or {}
    document = _new_docx()
    document.add_heading("术语表", level=1)
    for e in glossary:
        document.add_heading(_x(e.term), level=2)
        document.add_paragraph(_x(f"出现 {e.usage_count} 次 · 文档：{'、'.join(e.doc_ids)}"))
        for s in e.definition_sentences:
            document.add_paragraph(_x(f"“{s.sentence}”")).runs[0].italic = True
            document.add_paragraph(
                _x(f"—— {cite_line(titles.get(s.doc_id, s.doc_id), s.section, s.start, s.end)}")
            )
    path = Path(path)
    document.save(str(path))
    return path
