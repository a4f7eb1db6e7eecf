"""The 学习工具 tab of the Gradio app: key figures, quizzes and the glossary for one document.

Call `build_study_tab(list_documents)` inside an existing `gr.Blocks` context. All document text is
HTML-escaped before display. The view functions are plain functions of documents, so they are
tested without a browser.
"""

from __future__ import annotations

import html
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from assistant.ingest.chunking import sections
from assistant.records import SECTION_SEP, Document
from assistant.retrieval.glossary import build_glossary
from assistant.study import export
from assistant.study.compare import Comparison, compare, comparison_docx
from assistant.study.figures import extract_figures
from assistant.study.quiz import Quiz, make_quiz
from assistant.study.sentences import display

ALL_SECTIONS = ""
MAX_QUESTIONS = 30
_CSS = (
    "<style>.study-table{border-collapse:collapse;width:100%}.study-table td,.study-table th"
    "{border:1px solid #ddd;padding:4px 6px;vertical-align:top}.study-src{color:#666;font-size:90%}</style>"
)


@dataclass
class StudyTab:
    """The tab's components, for wiring and tests."""

    document: Any
    section: Any
    n: Any
    seed: Any
    figures_button: Any
    quiz_button: Any
    glossary_button: Any
    output: Any
    quiz_md: Any
    quiz_docx: Any
    figures_md: Any
    figures_docx: Any


def esc(text: str) -> str:
    """Escape document text for HTML (layout line breaks removed)."""
    return html.escape(display(text), quote=True)


def doc_choices(docs: list[Document]) -> list[tuple[str, str]]:
    return [(d.title or d.doc_id, d.doc_id) for d in docs]


def section_choices(doc: Document | None) -> list[tuple[str, str]]:
    choices = [("（全文）", ALL_SECTIONS)]
    if doc is not None:
        seen: set[str] = set()
        for sec in sections(doc.text):
            path = SECTION_SEP.join(sec.path)
            if path and path not in seen:
                seen.add(path)
                choices.append((path, path))
    return choices


def _find(docs: list[Document], doc_id: str | None) -> Document | None:
    return next((d for d in docs if d.doc_id == doc_id), None)


def _cite(title: str, section: str, start: int, end: int) -> str:
    return f'<div class="study-src">出处：{esc(export.cite_line(title, section, start, end))}</div>'


def _highlight(sentence: str, a: int, b: int) -> str:
    return f"{esc(sentence[:a])}<mark>{esc(sentence[a:b])}</mark>{esc(sentence[b:])}"


def figures_html(doc: Document, section: str | None = None) -> str:
    cards = extract_figures(doc, section or None)
    if not cards:
        return "<p>所选范围内没有找到数字。</p>"
    rows = []
    for c in cards:
        a = c.figure_start - c.start
        rows.append(
            f"<tr><td><b>{esc(c.figure)}</b></td><td>{esc(c.measure)}</td><td>{esc(c.deadline)}</td>"
            f"<td>{_highlight(c.sentence, a, a + len(c.figure))}{_cite(doc.title, c.section, c.start, c.end)}"
            "</td></tr>"
        )
    return (
        f"{_CSS}<h3>数读：{esc(doc.title)}（{len(cards)} 项）</h3><table class='study-table'>"
        "<tr><th>数字</th><th>指标</th><th>时间</th><th>原文</th></tr>" + "".join(rows) + "</table>"
    )


def quiz_html(quiz: Quiz) -> str:
    if not quiz.items:
        return "<p>所选范围内无法生成题目。</p>"
    parts = [f"{_CSS}<h3>测验：{esc(quiz.title)}（{len(quiz.items)} 题）</h3>"]
    parts += [f"<p><i>{esc(n)}</i></p>" for n in quiz.notices]
    parts.append("<ol>")
    for item in quiz.items:
        options = "".join(f"<li>{'ABCD'[j]}. {esc(o)}</li>" for j, o in enumerate(item.options))
        a = item.answer_start - item.start
        answer = f"{item.answer_letter}. {item.answer}" if item.kind == "choice" else item.answer
        parts.append(
            f"<li><p>（{export.KIND_LABEL[item.kind]}）{esc(item.question)}</p>"
            + (f"<ul style='list-style:none'>{options}</ul>" if options else "")
            + f"<details><summary>答案</summary><p><b>{esc(answer)}</b></p>"
            f"<p>{_highlight(item.sentence, a, a + len(item.answer))}</p>"
            f"{_cite(quiz.title, item.section, item.start, item.end)}</details></li>"
        )
    parts.append("</ol>")
    return "".join(parts)


def glossary_html(docs: list[Document], section: str | None = None) -> str:
    glossary = build_glossary(docs)
    titles = {d.doc_id: d.title for d in docs}
    entries = [
        g for g in glossary if not section or any(section in s.section for s in g.definition_sentences)
    ]
    if not entries:
        return "<p>没有找到术语。</p>"
    parts = [f"{_CSS}<h3>术语表（{len(entries)} 条）</h3><dl>"]
    for g in entries:
        parts.append(f"<dt><b>{esc(g.term)}</b> <span class='study-src'>出现 {g.usage_count} 次</span></dt>")
        for s in g.definition_sentences:
            i = s.sentence.find(g.term)
            body = _highlight(s.sentence, i, i + len(g.term)) if i >= 0 else esc(s.sentence)
            parts.append(f"<dd>{body}{_cite(titles.get(s.doc_id, s.doc_id), s.section, s.start, s.end)}</dd>")
    parts.append("</dl>")
    return "".join(parts)


def quiz_files(quiz: Quiz, folder: Path | None = None) -> tuple[Path, Path]:
    """Write the quiz as .md and .docx into a fresh temporary folder (Gradio serves the temp dir)."""
    folder = Path(folder or tempfile.mkdtemp(prefix="assistant-study-"))
    stem = _stem(quiz.doc_id)
    md = folder / f"测验-{stem}-{quiz.seed}.md"
    md.write_text(export.quiz_markdown(quiz), encoding="utf-8")
    return md, export.quiz_docx(quiz, folder / f"测验-{stem}-{quiz.seed}.docx")


def _stem(doc_id: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", Path(doc_id).stem)[:60] or "doc"


def figures_files(doc: Document, section: str | None = None, folder: Path | None = None) -> tuple[Path, Path] | None:
    """Write the key figures (数读) as .md and .docx into a fresh temporary folder; None when there are none."""
    cards = extract_figures(doc, section or None)
    if not cards:
        return None
    folder = Path(folder or tempfile.mkdtemp(prefix="assistant-study-"))
    title = doc.title + (f"（{section}）" if section else "")
    md = folder / f"数读-{_stem(doc.doc_id)}.md"
    md.write_text(export.figures_markdown(cards, title), encoding="utf-8")
    return md, export.figures_docx(cards, title, folder / f"数读-{_stem(doc.doc_id)}.docx")


TOPICS = ["城乡融合", "民营经济", "数字化改革"]


def comparison_html(c: Comparison) -> str:
    """The side-by-side view: one row per sub-topic, each side with its citation."""
    if not c.rows:
        return f"<p>两份文件中都没有找到关于“{esc(c.topic)}”的段落。</p>"

    def side(p: Any) -> str:
        if p is None:
            return "<td class='study-src'>（未单独论述）</td>"
        return f"<td>{esc(p.text)}<div class='study-src'>出处：{esc(p.cite)}</div></td>"

    rows = "".join(f"<tr><td><b>{esc(r.subtopic)}</b></td>{side(r.left)}{side(r.right)}</tr>" for r in c.rows)
    extras = f"<p class='study-src'>关键数字 {len(c.figures)} 项、测验 {len(c.quiz)} 题，随讲义一并导出。</p>"
    return (
        f"{_CSS}<h3>对照学习：{esc(c.topic)}</h3>{extras}<table class='study-table'>"
        f"<tr><th style='width:14%'>子题</th><th>{esc(c.left.title)}</th><th>{esc(c.right.title)}</th></tr>"
        f"{rows}</table>"
    )


def comparison_file(c: Comparison, folder: Path | None = None) -> Path:
    folder = Path(folder or tempfile.mkdtemp(prefix="assistant-study-"))
    name = re.sub(r"[^\w\u4e00-\u9fff-]+", "_", c.topic)[:30] or "topic"
    return comparison_docx(c, folder / f"对照学习-{name}.docx")


def build_study_tab(list_documents: Callable[[], list[Document]]) -> StudyTab:
    """Build the 学习工具 tab inside the current `gr.Blocks` context."""
    import gradio as gr

    with gr.Tab("学习工具"):
        docs = list_documents()
        tab, refresh = _study_layout(docs)
        _compare_box(docs, list_documents, refresh)
        _wire_study_tab(tab, refresh, list_documents)
    return tab


def _study_layout(docs: list[Document]) -> tuple[StudyTab, Any]:
    """The tab's components (and its refresh button)."""
    import gradio as gr

    first = docs[0] if docs else None
    gr.Markdown(
        "选择文档（可选章节），生成 **数读** 关键数字卡片、**测验** 或 **术语表**。"
        "每一项都附原文句子及其在文档中的位置，无需大模型。"
    )
    with gr.Row():
        document = gr.Dropdown(
            choices=doc_choices(docs), value=first.doc_id if first else None, label="文档", scale=3
        )
        section = gr.Dropdown(
            choices=section_choices(first),
            value=ALL_SECTIONS,
            label="章节（可选）",
            allow_custom_value=True,
            scale=3,
        )
        refresh = gr.Button("刷新文档列表", size="sm", scale=1)
    with gr.Row():
        n = gr.Slider(1, MAX_QUESTIONS, value=10, step=1, label="题数")
        seed = gr.Number(value=0, precision=0, label="随机种子（相同种子生成相同测验）")
    with gr.Row():
        figures_button = gr.Button("数读：关键数字", variant="primary")
        quiz_button = gr.Button("生成测验", variant="primary")
        glossary_button = gr.Button("术语表")
    output = gr.HTML()
    with gr.Row():
        quiz_md = gr.DownloadButton("下载测验（.md）", visible=False)
        quiz_docx = gr.DownloadButton("下载测验（.docx）", visible=False)
        figures_md = gr.DownloadButton("下载数读（.md）", visible=False)
        figures_docx = gr.DownloadButton("下载数读（.docx）", visible=False)
    tab = StudyTab(document, section, n, seed, figures_button, quiz_button, glossary_button, output, quiz_md, quiz_docx,
                   figures_md, figures_docx)
    return tab, refresh


def _compare_box(docs: list[Document], list_documents: Callable[[], list[Document]], refresh: Any) -> None:
    """对照学习: two documents side by side on one topic, exported as a .docx handout."""
    import gradio as gr

    first = docs[0] if docs else None
    with gr.Accordion("对照学习：两份文件就同一主题并排对照", open=False, elem_id="compare"):
        with gr.Row():
            left = gr.Dropdown(choices=doc_choices(docs), value=first.doc_id if first else None, label="文件一")
            right = gr.Dropdown(choices=doc_choices(docs), value=docs[1].doc_id if len(docs) > 1 else None,
                                label="文件二")
            topic = gr.Dropdown(choices=TOPICS, value=TOPICS[0], allow_custom_value=True, label="主题（可自填）")
        compare_button = gr.Button("并排对照", variant="primary", elem_id="compare-btn")
        compare_out = gr.HTML(elem_id="compare-out")
        compare_docx = gr.DownloadButton("下载讲义（.docx，含关键数字和测验）", visible=False)
    compare_button.click(partial(_on_compare, list_documents), inputs=[left, right, topic],
                         outputs=[compare_out, compare_docx], api_name="study_compare")
    refresh.click(partial(_on_refresh, list_documents), inputs=left, outputs=left, api_visibility="private")
    refresh.click(partial(_on_refresh, list_documents), inputs=right, outputs=right, api_visibility="private")


def _on_compare(list_documents: Callable[[], list[Document]], a: str | None, b: str | None,
                t: str | None) -> tuple[Any, Any]:
    import gradio as gr

    hidden = gr.DownloadButton(visible=False)
    fresh = list_documents()
    da, db = _find(fresh, a), _find(fresh, b)
    if da is None or db is None or not (t or "").strip():
        return "<p>请选择两份文件并填写主题。</p>", hidden
    if da.doc_id == db.doc_id:
        return "<p>请选择两份不同的文件。</p>", hidden
    c = compare(da, db, t or "")
    if not c.rows:
        return comparison_html(c), hidden
    return comparison_html(c), gr.DownloadButton(value=str(comparison_file(c)), visible=True)


def _wire_study_tab(tab: StudyTab, refresh: Any, list_documents: Callable[[], list[Document]]) -> None:
    """Connect the buttons to their handlers (each also an API endpoint)."""
    refresh.click(partial(_on_refresh, list_documents), inputs=tab.document, outputs=tab.document,
                  api_name="study_documents")
    tab.document.change(partial(_on_document, list_documents), inputs=tab.document, outputs=tab.section,
                        api_name="study_sections")
    tab.figures_button.click(partial(_on_figures, list_documents), inputs=[tab.document, tab.section],
                             outputs=[tab.output, tab.figures_md, tab.figures_docx], api_name="study_figures")
    tab.quiz_button.click(partial(_on_quiz, list_documents), inputs=[tab.document, tab.section, tab.n, tab.seed],
                          outputs=[tab.output, tab.quiz_md, tab.quiz_docx], api_name="study_quiz")
    tab.glossary_button.click(partial(_on_glossary, list_documents), inputs=[tab.document, tab.section],
                              outputs=tab.output, api_name="study_glossary")


def _on_refresh(list_documents: Callable[[], list[Document]], current: str | None) -> Any:
    import gradio as gr

    fresh = list_documents()
    value = current if _find(fresh, current) else (fresh[0].doc_id if fresh else None)
    return gr.Dropdown(choices=doc_choices(fresh), value=value)


def _on_document(list_documents: Callable[[], list[Document]], doc_id: str | None) -> Any:
    import gradio as gr

    return gr.Dropdown(choices=section_choices(_find(list_documents(), doc_id)), value=ALL_SECTIONS)


def _on_figures(list_documents: Callable[[], list[Document]], doc_id: str | None,
                sec: str | None) -> tuple[Any, Any, Any]:
    import gradio as gr

    doc = _find(list_documents(), doc_id)
    hidden = gr.DownloadButton(visible=False)
    if doc is None:
        return "<p>请先选择文档。</p>", hidden, hidden
    files = figures_files(doc, sec)
    if files is None:
        return figures_html(doc, sec), hidden, hidden
    return (
        figures_html(doc, sec),
        gr.DownloadButton(value=str(files[0]), visible=True),
        gr.DownloadButton(value=str(files[1]), visible=True),
    )


def _on_quiz(list_documents: Callable[[], list[Document]], doc_id: str | None, sec: str | None, count: float,
             rng_seed: float) -> tuple[Any, Any, Any]:
    import gradio as gr

    doc = _find(list_documents(), doc_id)
    hidden = gr.DownloadButton(visible=False)
    if doc is None:
        return "<p>请先选择文档。</p>", hidden, hidden
    quiz = make_quiz(doc, n=max(1, min(MAX_QUESTIONS, int(count or 10))), section=sec or None, seed=int(rng_seed or 0))
    if not quiz.items:
        return quiz_html(quiz), hidden, hidden
    md, docx_path = quiz_files(quiz)
    return (
        quiz_html(quiz),
        gr.DownloadButton(value=str(md), visible=True),
        gr.DownloadButton(value=str(docx_path), visible=True),
    )


def _on_glossary(list_documents: Callable[[], list[Document]], doc_id: str | None, sec: str | None) -> str:
    all_docs = list_documents()
    doc = _find(all_docs, doc_id)
    return glossary_html([doc] if doc else all_docs, sec)
