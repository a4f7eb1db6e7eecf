"""Look and behaviour of the page: theme (local CJK fonts, nothing fetched from the internet), CSS, and
the script that makes citation markers scroll to and highlight their source."""

from __future__ import annotations

import json
from typing import Any

from assistant.app.i18n import ZH_ATTRIBUTE_PATTERNS, ZH_ATTRIBUTES

CJK_FONTS = [
    "WenQuanYi Micro Hei",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "Hiragino Sans GB",
    "sans-serif",
]
MONO_FONTS = ["DejaVu Sans Mono", "WenQuanYi Micro Hei Mono", "monospace"]


def theme() -> Any:
    import gradio as gr

    return gr.themes.Soft(primary_hue="blue", neutral_hue="slate", font=CJK_FONTS, font_mono=MONO_FONTS)


# Runs once when the page loads (launch(js=...)). One capturing listener on the document handles every
# marker, also in answers added later. A marker's card exists twice: in the side panel (wide screens)
# and folded under its answer (narrow screens); the one on screen is used. Cards and marks carry the
# marker's id as a class (`src-2-4`, `near-1-1`): the chat's HTML sanitizer drops ids and data-*.
JS = """
() => {
  if (window.__assistantCitations) return;
  window.__assistantCitations = true;
  // Gradio labels without a dictionary entry (see assistant/app/i18n.py ZH_ATTRIBUTES): swap as they appear.
  const ZH = __ZH_ATTRIBUTES__, ZH_PATTERNS = __ZH_PATTERNS__.map(([re, to]) => [new RegExp(re), to]);
  const zh = (v) => {
    if (ZH[v]) return ZH[v];
    for (const [re, to] of ZH_PATTERNS) if (re.test(v)) return v.replace(re, to);
    return null;
  };
  let pending = false;
  const relabel = () => {
    pending = false;
    document.querySelectorAll('[aria-label],[title]').forEach((el) => {
      for (const a of ['aria-label', 'title']) {
        const v = el.getAttribute(a), t = v && zh(v);
        if (t && t !== v) el.setAttribute(a, t);
      }
    });
  };
  new MutationObserver(() => { if (!pending) { pending = true; requestAnimationFrame(relabel); } })
    .observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label', 'title']});
  relabel();
  const shown = (el) => {
    const host = el.closest('.inline-sources') || el.closest('#sources-col') || el;
    return getComputedStyle(host).display !== 'none' && host.getClientRects().length > 0;
  };
  window.__assistantShowSource = (href) => {
    const m = /^#((src|near)-\\d+-\\d+)$/.exec(href || '');
    if (!m) return null;
    const cards = Array.from(document.querySelectorAll(`.src-item.${m[1]}`));
    const card = cards.find(shown) || cards[0];
    if (!card) return null;
    document.querySelectorAll('.src-item.active, mark.active').forEach((el) => el.classList.remove('active'));
    for (let d = card.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
    card.classList.add('active');
    const marks = Array.from(card.querySelectorAll(`mark.${m[1]}`));
    marks.forEach((el) => el.classList.add('active'));
    const focus = marks[0] || card;
    // Scroll the box the card lives in (sources panel or chat) first, then the page only if needed,
    // so the answer with the marker stays where it is whenever possible.
    let box = card.parentElement;
    while (box && box !== document.body) {
      const oy = getComputedStyle(box).overflowY;
      if ((oy === 'auto' || oy === 'scroll') && box.scrollHeight > box.clientHeight) break;
      box = box.parentElement;
    }
    if (box && box !== document.body) {
      const f = focus.getBoundingClientRect(), b = box.getBoundingClientRect();
      const top = f.top - b.top + box.scrollTop - Math.max(8, (box.clientHeight - f.height) / 2);
      box.scrollTo({top: Math.max(0, top), behavior: 'instant'});
    }
    const r = focus.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) {
      focus.scrollIntoView({behavior: 'instant', block: 'center', inline: 'nearest'});
    }
    return card;
  };
  document.addEventListener('click', (event) => {
    const link = event.target && event.target.closest
      ? event.target.closest('a[href^="#src-"], a[href^="#near-"]') : null;
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    window.__assistantShowSource(decodeURIComponent(link.getAttribute('href')));
  }, true);
}
"""

JS = JS.replace("__ZH_ATTRIBUTES__", json.dumps(ZH_ATTRIBUTES, ensure_ascii=False)).replace(
    "__ZH_PATTERNS__", json.dumps(ZH_ATTRIBUTE_PATTERNS, ensure_ascii=False)
)

CSS = """
.app-header { padding: 4px 2px 0; }
.app-header h1 { font-size: 1.5rem; margin: 0 0 2px; }
.app-header p { margin: 0; color: var(--body-text-color-subdued); font-size: .92rem; }

/* answers */
#chat .message-content { line-height: 1.75; font-size: 15px; }
.q-text { white-space: normal; }
.ans .sa-line { color: #475569; font-size: .86em; background: #f1f5f9; border-radius: 6px;
  padding: 2px 8px; margin-bottom: 6px; display: inline-block; }
.ans .ans-text.refusal { color: #7c2d12; }
.ans .notice { color: #92400e; background: #fffbeb; border: 1px solid #fde68a; border-radius: 6px;
  padding: 3px 8px; margin-top: 6px; font-size: .88em; }
.ans .notice.error { color: #991b1b; background: #fef2f2; border-color: #fecaca; }
.ans .ans-foot { color: #94a3b8; font-size: .76em; margin-top: 6px; }
.ans .pending { color: #64748b; }
.ans .near-brief { font-size: .88em; color: #475569; margin-top: 6px; }
.ans .near-brief ol { margin: 2px 0 0 1.2em; padding: 0; }
a.cite, a.near-link { text-decoration: none !important; cursor: pointer; }
a.cite { display: inline-block; min-width: 1.6em; text-align: center; padding: 0 4px; margin: 0 1px;
  border-radius: 9px; background: #dbeafe; color: #1d4ed8 !important; font-size: .8em; font-weight: 600;
  line-height: 1.5; vertical-align: 1px; }
a.cite:hover { background: #1d4ed8; color: #fff !important; }
a.near-link { color: #1d4ed8 !important; }

/* sources: a panel that scrolls by itself on wide screens; under each answer (folded) on narrow ones */
#sources-col { position: sticky; top: 8px; align-self: flex-start; }
#sources-panel { max-height: calc(100vh - 80px); overflow-y: auto !important; overscroll-behavior: contain;
  padding-right: 4px; }
.inline-sources { margin-top: 8px; border-top: 1px dashed #cbd5e1; padding-top: 4px; }
.inline-sources > summary { cursor: pointer; color: #1d4ed8; font-size: .88em; font-weight: 600; }
.inline-sources ol.src-list { list-style: none; margin: 6px 0 0; padding: 0; }
@media (min-width: 1000px) { .inline-sources { display: none !important; } }
@media (max-width: 999px) { #sources-col { display: none !important; } }
.sources-empty { color: #64748b; font-size: .92em; line-height: 1.8; padding: 12px; border: 1px dashed #cbd5e1;
  border-radius: 8px; }
.sources .turn { margin-bottom: 14px; }
.sources .turn-head { font-weight: 600; font-size: .92em; margin: 6px 0; color: #0f172a; display: flex; gap: 6px; }
.sources .turn-n { background: #0f172a; color: #fff; border-radius: 4px; padding: 0 6px; font-size: .85em;
  white-space: nowrap; height: fit-content; }
.sources .turn-q { color: #334155; }
.sources .near-head, .sources .empty { color: #7c2d12; font-size: .88em; margin: 4px 0; }
.sources ol.src-list { list-style: none; margin: 0; padding: 0; }
.src-item { border: 1px solid #e2e8f0; border-left: 4px solid #93c5fd; border-radius: 8px; padding: 8px 10px;
  margin: 0 0 8px; background: #fff; transition: background .3s, box-shadow .3s, border-color .3s; scroll-margin: 40px; }
.src-item.nearest { border-left-color: #fdba74; }
.src-item.active { background: #fff7e6; border-color: #f59e0b; border-left-color: #f59e0b;
  box-shadow: 0 0 0 3px rgba(245, 158, 11, .35); }
.src-head { display: flex; align-items: baseline; gap: 6px; }
.src-n { color: #1d4ed8; font-weight: 700; }
.src-title { font-weight: 600; color: #0f172a; }
.badge.warn { background: #fee2e2; color: #991b1b; border-radius: 4px; padding: 0 5px; font-size: .75em; }
.src-section { color: #64748b; font-size: .82em; margin: 2px 0 4px; }
.src-passage { white-space: pre-wrap; line-height: 1.75; font-size: .9em; color: #1e293b; }
.src-passage mark, .ans mark { background: #fde68a; color: inherit; padding: 0 1px; border-radius: 2px; }
.src-passage mark.active { background: #fbbf24; box-shadow: 0 0 0 2px #f59e0b; }
.src-passage mark .mk { color: #1d4ed8; font-weight: 700; font-size: .78em; margin-right: 2px; }
.src-passage .ans-span { font-weight: 700; text-decoration: underline; text-decoration-color: #d97706;
  text-underline-offset: 3px; }
.src-docmeta { color: #475569; font-size: .8em; margin: 0 0 4px; }
.src-detail { color: #94a3b8; font-size: .74em; margin-top: 4px; }
.src-detail summary { cursor: pointer; }
.src-detail ul { margin: 2px 0 0 1.2em; padding: 0; }
.src-problem { color: #991b1b; font-size: .8em; }
#chat-status { min-height: 0; }
#doc-status { min-height: 72px; }
#fb-up::before, #fb-down::before { content: ""; display: inline-block; width: 16px; height: 16px; margin-right: 4px;
  vertical-align: -3px; background: no-repeat center / contain url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='%23334155' stroke-width='2' stroke-linecap='round' stroke-linejoin='round'%3E%3Cpath d='M7 10v12'/%3E%3Cpath d='M15 5.88 14 10h5.83a2 2 0 0 1 1.92 2.56l-2.33 8A2 2 0 0 1 17.5 22H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.76a2 2 0 0 0 1.79-1.11L12 2a3.13 3.13 0 0 1 3 3.88Z'/%3E%3C/svg%3E"); }
#fb-down::before { transform: rotate(180deg); }
.hint { color: #64748b; font-size: .85em; }
#doc-table .cell-wrap, #doc-table .cell-wrap * { font-family: var(--font) !important; }
.dark .src-item { background: #1e293b; border-color: #334155; }
.dark .src-title, .dark .sources .turn-head, .dark .src-passage { color: #e2e8f0; }
.dark .src-item.active { background: #422006; }
"""
