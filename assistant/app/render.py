"""HTML for the chat UI: answer bubbles, the sources panel and the documents table.

Every piece of text that comes from a document, a question or a model is passed through `esc`
(html.escape) before it is put into markup; the only tags in the output are the ones written here.
Answers are handled as plain dicts (`Answer.to_dict()`), the form kept in the session state.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any

MARKER = re.compile(r"\[(\d{1,3})\]")
BACKENDS = {
    "extractive": "抽取式",
    "refusal": "拒答",
    "llm:openai": "OpenAI 兼容",
    "llm:llamacpp": "llama.cpp",
    "llm:transformers": "transformers",
}
META_COLUMNS = (("issuer", "发文机关"), ("date", "成文日期"), ("number", "文号"), ("status", "状态"))
DOC_HEADERS = ["标题", "文件", *[zh for _, zh in META_COLUMNS], "段落数", "索引时间"]
NEAREST_LIMIT = 3


def esc(text: Any) -> str:
    """Escape text for HTML content and attribute values."""
    return html.escape("" if text is None else str(text), quote=True)


def esc_lines(text: Any) -> str:
    """Escape text and keep its line breaks."""
    return esc(text).replace("\n", "<br>")


def source_id(turn: int, n: int) -> str:
    return f"src-{turn}-{n}"


def nearest_id(turn: int, i: int) -> str:
    return f"near-{turn}-{i}"


def link_markers(escaped: str, turn: int, known: set[int]) -> str:
    """Turn [n] markers in already-escaped text into links to the sources panel entry of turn `turn`."""

    def repl(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if n not in known:
            return m.group(0)
        return f'<a class="cite" href="#{source_id(turn, n)}" title="查看来源 {n}">[{n}]</a>'

    return MARKER.sub(repl, escaped)


_BLANK_LINES = re.compile(r"\n[ \t\u3000]*\n+")


def tidy(text: str) -> str:
    """Display form of a passage: runs of blank lines become one line break."""
    return _BLANK_LINES.sub("\n", text)


def highlight(passage: str, passage_start: int, start: int, end: int, quote: str) -> str:
    """The passage with the quoted span in <mark>, each part escaped separately."""
    lo, hi = start - passage_start, end - passage_start
    if not (0 <= lo < hi <= len(passage)) or (quote and passage[lo:hi] != quote):
        found = passage.find(quote) if quote else -1
        if found < 0:
            return esc(tidy(passage.strip()))
        lo, hi = found, found + len(quote)
    before, span, after = tidy(passage[:lo].lstrip()), tidy(passage[lo:hi]), tidy(passage[hi:].rstrip())
    return f"{esc(before)}<mark>{esc(span)}</mark>{esc(after)}"


def backend_label(backend: str) -> str:
    return BACKENDS.get(backend, backend)


def question_html(question: str) -> str:
    return f'<div class="q-text">{esc_lines(question)}</div>'


def _standalone_line(question: str, standalone: str) -> str:
    if not standalone or standalone.strip() == question.strip():
        return ""
    return f'<div class="sa-line">检索问题：{esc(standalone)}</div>'


def _notices(notices: list[str]) -> str:
    return "".join(f'<div class="notice">⚠ {esc(n)}</div>' for n in notices)


def answer_html(answer: dict[str, Any], turn: int) -> str:
    """The chat bubble of a final answer: markers link to the sources panel."""
    question = answer.get("question", "")
    parts = ['<div class="ans">', _standalone_line(question, answer.get("standalone_question", ""))]
    known = {int(c["n"]) for c in answer.get("citations", [])}
    text = link_markers(esc_lines(answer.get("text", "")), turn, known)
    kind = "ans-text refusal" if answer.get("refused") else "ans-text"
    parts.append(f'<div class="{kind}">{text}</div>')
    if answer.get("refused") and answer.get("hits"):
        items = "".join(
            f'<li><a class="near-link" href="#{nearest_id(turn, i)}">{esc(h.get("title", ""))}'
            f"{' › ' + esc(h['section']) if h.get('section') else ''}</a></li>"
            for i, h in enumerate(answer["hits"][:NEAREST_LIMIT], 1)
        )
        parts.append(f'<div class="near-brief">最接近的段落（详见右侧来源面板）：<ol>{items}</ol></div>')
    elif answer.get("refused"):
        parts.append('<div class="near-brief">没有可参考的段落（文档库可能为空，可在「文档」页上传）。</div>')
    parts.append(_notices(answer.get("notices", [])))
    unverified = [c["n"] for c in answer.get("citations", []) if not c.get("verified", True)]
    if unverified:
        parts.append(
            f'<div class="notice">⚠ 引用 {esc(", ".join(f"[{n}]" for n in unverified))} 未通过核实。</div>'
        )
    secs = float(answer.get("latency_ms", 0.0)) / 1000
    parts.append(
        f'<div class="ans-foot">{esc(backend_label(answer.get("backend", "")))} · {secs:.1f} 秒</div>'
    )
    parts.append("</div>")
    return "".join(parts)


def pending_html(
    question: str, standalone: str = "", partial: str = "", notices: list[str] | None = None
) -> str:
    """The bubble while an answer is on its way (LLM tokens are shown raw, markers not yet linked)."""
    body = esc_lines(partial) if partial else '<span class="pending">正在检索文档…</span>'
    if partial:
        body += '<span class="pending"> ▍</span>'
    return (
        f'<div class="ans">{_standalone_line(question, standalone)}<div class="ans-text">{body}</div>'
        f"{_notices(notices or [])}</div>"
    )


def error_html(message: str) -> str:
    return f'<div class="ans"><div class="notice error">⚠ {esc(message)}</div></div>'


def _citation_item(c: dict[str, Any], turn: int) -> str:
    flag = "" if c.get("verified", True) else '<span class="badge warn">未核实</span>'
    problems = "".join(f'<div class="src-problem">{esc(p)}</div>' for p in c.get("problems", []))
    passage = c.get("passage") or c.get("quote", "")
    body = highlight(
        passage,
        int(c.get("passage_start", c.get("start", 0))),
        int(c.get("start", 0)),
        int(c.get("end", 0)),
        c.get("quote", ""),
    )
    section = f'<div class="src-section">{esc(c["section"])}</div>' if c.get("section") else ""
    return (
        f'<li class="src-item" id="{source_id(turn, int(c["n"]))}">'
        f'<div class="src-head"><span class="src-n">[{int(c["n"])}]</span>'
        f'<span class="src-title">{esc(c.get("title", ""))}</span>{flag}</div>{section}'
        f'<div class="src-passage">{body}</div>{problems}'
        f'<div class="src-meta">{esc(c.get("doc_id", ""))} · 第 {int(c.get("start", 0))}–{int(c.get("end", 0))} 字</div>'
        "</li>"
    )


def _nearest_item(h: dict[str, Any], turn: int, i: int) -> str:
    section = f'<div class="src-section">{esc(h["section"])}</div>' if h.get("section") else ""
    return (
        f'<li class="src-item nearest" id="{nearest_id(turn, i)}">'
        f'<div class="src-head"><span class="src-n">{i}</span><span class="src-title">{esc(h.get("title", ""))}</span>'
        f'</div>{section}<div class="src-passage">{esc(tidy(str(h.get("text", "")).strip()))}</div>'
        f'<div class="src-meta">{esc(h.get("doc_id", ""))} · 相关度 {float(h.get("score", 0.0)):.3f}</div></li>'
    )


def turn_sources_html(answer: dict[str, Any], turn: int) -> str:
    head = (
        f'<div class="turn-head"><span class="turn-n">第 {turn} 问</span>'
        f'<span class="turn-q">{esc(answer.get("question", ""))}</span></div>'
    )
    if answer.get("refused"):
        hits = answer.get("hits", [])[:NEAREST_LIMIT]
        if not hits:
            return f'<section class="turn" id="turn-{turn}">{head}<div class="empty">没有可参考的段落。</div></section>'
        items = "".join(_nearest_item(h, turn, i) for i, h in enumerate(hits, 1))
        return (
            f'<section class="turn" id="turn-{turn}">{head}'
            f'<div class="near-head">未找到直接依据。最接近的段落（仅供参考）：</div><ol class="src-list">{items}</ol></section>'
        )
    cites = answer.get("citations", [])
    if not cites:
        return f'<section class="turn" id="turn-{turn}">{head}<div class="empty">此回答没有引用。</div></section>'
    items = "".join(_citation_item(c, turn) for c in cites)
    return f'<section class="turn" id="turn-{turn}">{head}<ol class="src-list">{items}</ol></section>'


def sources_html(turns: list[dict[str, Any]]) -> str:
    """The sources panel: the newest answer's sources first, every earlier turn below it."""
    if not turns:
        return (
            '<div class="sources-empty">提问后，这里会列出回答引用的原文段落，'
            "引用的句子以<mark>高亮</mark>标出。点击回答中的 [1] 等编号可跳到对应来源。</div>"
        )
    body = "".join(turn_sources_html(t["answer"], i) for i, t in reversed(list(enumerate(turns, 1))))
    return f'<div class="sources">{body}</div>'


def local_time(iso: str) -> str:
    """ISO time (UTC in the manifest) as local "YYYY-MM-DD HH:MM"."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return str(iso or "")


def document_rows(manifest: dict[str, Any] | None) -> list[list[Any]]:
    """Rows for the documents table (plain strings; the table shows them as text)."""
    rows: list[list[Any]] = []
    for doc_id, d in sorted(((manifest or {}).get("documents") or {}).items()):
        meta = d.get("meta") or {}
        rows.append(
            [
                d.get("title") or doc_id,
                doc_id,
                *[meta.get(k, "") for k, _ in META_COLUMNS],
                int(d.get("chunks", 0)),
                local_time(d.get("indexed_at", "")),
            ]
        )
    return rows


def index_summary_zh(report: Any) -> str:
    """One Chinese line for an IndexReport."""
    return (
        f"新增 {len(report.added)} 篇，更新 {len(report.changed)} 篇，删除 {len(report.removed)} 篇，"
        f"未变 {len(report.unchanged)} 篇；共 {report.chunks} 个段落，用时 {report.seconds:.1f} 秒。"
    )
