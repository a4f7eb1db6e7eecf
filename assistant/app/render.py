"""HTML for the chat UI: answer bubbles, the sources panel and the documents table.

Every piece of text that comes from a document, a question or a model is passed through `esc`
(html.escape) before it is put into markup; the only tags in the output are the ones written here.
Answers are handled as plain dicts (`Answer.to_dict()`), the form kept in the session state.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assistant.records import SECTION_SEP

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
    span = locate(passage, passage_start, start, end, quote)
    if span is None:
        return esc(tidy(passage.strip()))
    lo, hi = span
    before, mid, after = tidy(passage[:lo].lstrip()), tidy(passage[lo:hi]), tidy(passage[hi:].rstrip())
    return f"{esc(before)}<mark>{esc(mid)}</mark>{esc(after)}"


def locate(passage: str, passage_start: int, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """Where the quote sits in the passage (passage-relative): by offsets, else by its text, else None."""
    lo, hi = start - passage_start, end - passage_start
    if 0 <= lo < hi <= len(passage) and (not quote or passage[lo:hi] == quote):
        return lo, hi
    found = passage.find(quote) if quote else -1
    return (found, found + len(quote)) if found >= 0 else None


@dataclass
class Span:
    """A highlighted stretch of a passage (passage-relative), the markers it backs, and the answering
    part inside it (optional `answer_start/answer_end` of a citation)."""

    lo: int
    hi: int
    ns: list[int]
    answers: list[tuple[int, int]]


def _spans(passage: str, passage_start: int, cites: list[dict[str, Any]]) -> list[Span]:
    """One Span per quote; overlapping quotes merge into one span carrying all their markers."""
    raw: list[Span] = []
    for c in cites:
        where = locate(passage, passage_start, int(c.get("start", 0)), int(c.get("end", 0)), c.get("quote", ""))
        if where is None:
            continue
        answers = []
        a_lo, a_hi = c.get("answer_start"), c.get("answer_end")
        if isinstance(a_lo, int) and isinstance(a_hi, int):
            shift = where[0] - (int(c.get("start", 0)) - passage_start)  # quote found by text: same shift
            lo, hi = a_lo - passage_start + shift, a_hi - passage_start + shift
            if where[0] <= lo < hi <= where[1]:
                answers.append((lo, hi))
        raw.append(Span(where[0], where[1], [int(c["n"])], answers))
    merged: list[Span] = []
    for sp in sorted(raw, key=lambda x: (x.lo, x.hi)):
        if merged and sp.lo < merged[-1].hi:
            last = merged[-1]
            last.hi = max(last.hi, sp.hi)
            last.ns += [n for n in sp.ns if n not in last.ns]
            last.answers += sp.answers
        else:
            merged.append(sp)
    return merged


def _marked(text: str, answers: list[tuple[int, int]], offset: int) -> str:
    """Escaped text with the answering parts (absolute positions, `offset` = where text starts) in <b>."""
    out, pos = [], 0
    for lo, hi in sorted(answers):
        lo, hi = max(lo - offset, pos), hi - offset
        if lo >= hi:
            continue
        out += [esc(text[pos:lo]), f'<b class="ans-span">{esc(text[lo:hi])}</b>']
        pos = hi
    out.append(esc(text[pos:]))
    return "".join(out)


def highlight_spans(passage: str, spans: list[Span], turn: int = 0) -> str:
    """The passage with every span in a <mark> that names its markers (classes, and a small [n] label).
    Classes, not data attributes: the chat's HTML sanitizer keeps only classes."""
    if not spans:
        return esc(tidy(passage.strip()))
    parts, pos = [], 0
    for i, sp in enumerate(spans):
        before = passage[pos : sp.lo]
        if i == 0:
            before = before.lstrip()
        parts.append(esc(tidy(before)))
        label = "".join(f"[{n}]" for n in sp.ns)
        inner = _marked(passage[sp.lo : sp.hi], sp.answers, sp.lo)
        parts.append(
            f'<mark class="{" ".join(source_id(turn, n) for n in sp.ns)}"><span class="mk">{label}</span>{inner}</mark>'
        )
        pos = sp.hi
    parts.append(esc(tidy(passage[pos:].rstrip())))
    return "".join(parts)


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
    """The chat bubble of a final answer: markers link to their source card. The cards are also put
    under the answer (folded), which is where narrow screens show them instead of the side panel."""
    question = answer.get("question", "")
    parts = ['<div class="ans">', _standalone_line(question, answer.get("standalone_question", ""))]
    known = {int(c["n"]) for c in answer.get("citations", [])}
    text = link_markers(esc_lines(answer.get("text", "")), turn, known)
    kind = "ans-text refusal" if answer.get("refused") else "ans-text"
    parts.append(f'<div class="{kind}">{text}</div>')
    if answer.get("refused") and answer.get("hits"):
        items = "".join(
            f'<li><a class="near-link" href="#{nearest_id(turn, i)}">{esc(h.get("title", ""))}'
            f"{' › ' + esc(sec) if (sec := clean_section(h.get('title', ''), h.get('section', ''))) else ''}</a></li>"
            for i, h in enumerate(answer["hits"][:NEAREST_LIMIT], 1)
        )
        parts.append(f'<div class="near-brief">最接近的段落（点击查看原文）：<ol>{items}</ol></div>')
    elif answer.get("refused"):
        parts.append('<div class="near-brief">没有可参考的段落（文档库可能为空，可在「文档」页上传）。</div>')
    parts.append(_notices(answer.get("notices", [])))
    unverified = [c["n"] for c in answer.get("citations", []) if not c.get("verified", True)]
    if unverified:
        parts.append(
            f'<div class="notice">⚠ 引用 {esc(", ".join(f"[{n}]" for n in unverified))} 未通过核实。</div>'
        )
    parts.append(_inline_sources(answer, turn))
    secs = float(answer.get("latency_ms", 0.0)) / 1000
    parts.append(
        f'<div class="ans-foot">{esc(backend_label(answer.get("backend", "")))} · {secs:.1f} 秒</div>'
    )
    parts.append("</div>")
    return "".join(parts)


def _inline_sources(answer: dict[str, Any], turn: int) -> str:
    body = _source_cards(answer, turn, inline=True)
    if not body:
        return ""
    count = body.count('class="src-item')
    label = "最接近的段落" if answer.get("refused") else "来源"
    return (
        f'<details class="inline-sources"><summary>{label}（{count} 段）</summary>'
        f'<ol class="src-list">{body}</ol></details>'
    )


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


def _norm(text: Any) -> str:
    return re.sub(r"\s+", "", str(text)).strip("《》")


def clean_section(title: str, section: str) -> str:
    """The section path without the document title (headings often repeat it) and without repeats."""
    t = _norm(title)
    out: list[str] = []
    for part in str(section or "").split(SECTION_SEP.strip()):
        part = part.strip()
        if part and _norm(part) != t and (not out or _norm(out[-1]) != _norm(part)):
            out.append(part)
    return SECTION_SEP.join(out)


def meta_line(meta: dict[str, Any] | None) -> str:
    """发文机关 · 成文日期 · 文号 · 状态 of a document, only the ones that are known."""
    values = [(zh, str((meta or {}).get(k) or "").strip()) for k, zh in META_COLUMNS]
    shown = [f"{zh}：{esc(v)}" for zh, v in values if v]
    return f'<div class="src-docmeta">{" · ".join(shown)}</div>' if shown else ""


def _details(rows: list[str]) -> str:
    """Evaluator details (file, offsets, scores, ids) folded behind 详细信息."""
    items = "".join(f"<li>{r}</li>" for r in rows if r)
    return f'<details class="src-detail"><summary>详细信息</summary><ul>{items}</ul></details>'


def _card_head(label: str, title: str, flag: str = "") -> str:
    return (
        f'<div class="src-head"><span class="src-n">{esc(label)}</span>'
        f'<span class="src-title">{esc(title)}</span>{flag}</div>'
    )


def _section_div(title: str, section: str) -> str:
    sec = clean_section(title, section)
    return f'<div class="src-section">{esc(sec)}</div>' if sec else ""


def _group(cites: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Citations grouped by passage (chunk), in order of their first marker."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in sorted(cites, key=lambda c: int(c["n"])):
        key = str(c.get("chunk_id") or f"{c.get('doc_id', '')}:{c.get('passage_start', c.get('start', 0))}")
        groups.setdefault(key, []).append(c)
    return list(groups.values())


def _citation_card(group: list[dict[str, Any]], turn: int, metas: dict[str, Any], inline: bool) -> str:
    first = group[0]
    ns = [int(c["n"]) for c in group]
    title = first.get("title", "")
    problems = "".join(f'<div class="src-problem">{esc(p)}</div>' for c in group for p in c.get("problems", []))
    flag = "" if all(c.get("verified", True) for c in group) else '<span class="badge warn">未核实</span>'
    passage = first.get("passage") or first.get("quote", "")
    passage_start = int(first.get("passage_start", first.get("start", 0)))
    body = highlight_spans(passage, _spans(passage, passage_start, group), turn)
    if "<mark" not in body and len(group) == 1:  # the quote is not in the passage: show the quote itself
        body = f"<mark>{esc(first.get('quote', ''))}</mark>"
    details = _details(
        [
            f"文件 {esc(first.get('doc_id', ''))}",
            *[
                f"[{int(c['n'])}] 第 {int(c.get('start', 0))}–{int(c.get('end', 0))} 字 · "
                f"相关度 {float(c.get('score', 0.0)):.3f}"
                for c in group
            ],
            f"段落 {esc(first.get('chunk_id', ''))}" if first.get("chunk_id") else "",
        ]
    )
    anchor = "" if inline else f' id="{source_id(turn, ns[0])}"'
    return (
        f'<li class="src-item {" ".join(source_id(turn, n) for n in ns)}"{anchor}>'
        f"{_card_head(''.join(f'[{n}]' for n in ns), title, flag)}{_section_div(title, first.get('section', ''))}"
        f"{meta_line(metas.get(first.get('doc_id', '')))}"
        f'<div class="src-passage">{body}</div>{problems}{details}</li>'
    )


def _nearest_card(h: dict[str, Any], turn: int, i: int, metas: dict[str, Any], inline: bool) -> str:
    title = h.get("title", "")
    anchor = "" if inline else f' id="{nearest_id(turn, i)}"'
    details = _details(
        [
            f"文件 {esc(h.get('doc_id', ''))}",
            f"第 {int(h.get('start', 0))}–{int(h.get('end', 0))} 字" if "start" in h else "",
            f"相关度 {float(h.get('score', 0.0)):.3f}",
        ]
    )
    return (
        f'<li class="src-item nearest {nearest_id(turn, i)}"{anchor}>'
        f"{_card_head(str(i), title)}{_section_div(title, h.get('section', ''))}"
        f"{meta_line(metas.get(h.get('doc_id', '')))}"
        f'<div class="src-passage">{esc(tidy(str(h.get("text", "")).strip()))}</div>{details}</li>'
    )


def _source_cards(answer: dict[str, Any], turn: int, inline: bool = False) -> str:
    metas = answer.get("doc_meta") or {}
    if answer.get("refused"):
        hits = answer.get("hits", [])[:NEAREST_LIMIT]
        return "".join(_nearest_card(h, turn, i, metas, inline) for i, h in enumerate(hits, 1))
    return "".join(_citation_card(g, turn, metas, inline) for g in _group(answer.get("citations", [])))


def turn_sources_html(answer: dict[str, Any], turn: int) -> str:
    head = (
        f'<div class="turn-head"><span class="turn-n">第 {turn} 问</span>'
        f'<span class="turn-q">{esc(answer.get("question", ""))}</span></div>'
    )
    cards = _source_cards(answer, turn)
    if answer.get("refused"):
        if not cards:
            return f'<section class="turn" id="turn-{turn}">{head}<div class="empty">没有可参考的段落。</div></section>'
        return (
            f'<section class="turn" id="turn-{turn}">{head}'
            f'<div class="near-head">未找到直接依据。最接近的段落（仅供参考）：</div><ol class="src-list">{cards}</ol></section>'
        )
    if not cards:
        return f'<section class="turn" id="turn-{turn}">{head}<div class="empty">此回答没有引用。</div></section>'
    return f'<section class="turn" id="turn-{turn}">{head}<ol class="src-list">{cards}</ol></section>'


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
