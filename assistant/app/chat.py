"""Chat tab logic: stream an answer into the chat, keep the session's turns, feedback, session export.

Session state is a dict {"session": id, "turns": [turn, ...]}; a turn is
{"id", "question", "answer": Answer.to_dict(), "html": rendered bubble, "rating", "feedback_id"}.
Handlers return plain values (and `gr.skip()` for outputs they leave alone).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import gradio as gr

from assistant.app.render import answer_html, error_html, pending_html, question_html, sources_html
from assistant.app.service import AppService
from assistant.app.session_export import write_docx, write_markdown
from assistant.errors import AssistantError, BadQuestionError
from assistant.pipeline import clean_question
from assistant.records import Answer

log = logging.getLogger(__name__)
STREAM_INTERVAL = 0.08  # seconds between UI updates while LLM tokens arrive
RATING_ZH = {1: "「有帮助」", -1: "「有问题」", 0: "「取消评价」"}


def new_state() -> dict[str, Any]:
    return {"session": uuid.uuid4().hex, "turns": []}


DRAFT_NOTICE = "草稿，核实中…（大模型的草稿尚未核实，核实后将替换为最终回答）"


def ensure_state(state: dict[str, Any] | None) -> dict[str, Any]:
    return state if isinstance(state, dict) and "turns" in state else new_state()


def messages(turns: list[dict[str, Any]], pending: tuple[str, str] | None = None) -> list[dict[str, str]]:
    """Chatbot messages for the turns, plus an optional (question, bubble html) still in progress."""
    out: list[dict[str, str]] = []
    for t in turns:
        out.append({"role": "user", "content": question_html(t["question"])})
        out.append({"role": "assistant", "content": t["html"]})
    if pending is not None:
        out.append({"role": "user", "content": question_html(pending[0])})
        out.append({"role": "assistant", "content": pending[1]})
    return out


def history_of(turns: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(question, answer text) pairs, the history Assistant.stream takes."""
    return [(t["question"], t["answer"]["text"]) for t in turns]


def _short(text: str, n: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def target_choices(turns: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f"第 {i} 问：{_short(t['question'])}", t["id"]) for i, t in enumerate(turns, 1)]


def respond(
    service: AppService, question: str, state: dict[str, Any] | None, llm: str | None, k: float | None
) -> Iterator[tuple[Any, ...]]:
    """Generator for the chat event. Yields (chatbot, sources, question box, state, feedback target, status)."""
    state = ensure_state(state)
    turns: list[dict[str, Any]] = state["turns"]
    try:
        q = clean_question(question if isinstance(question, str) else "", service.settings.max_question_chars)
    except BadQuestionError as exc:
        yield messages(turns), gr.skip(), gr.skip(), state, gr.skip(), f"⚠ {exc.zh}"
        return
    yield messages(turns, (q, pending_html(q))), gr.skip(), "", state, gr.skip(), ""
    result: dict[str, Any] = {}
    try:
        for bubble in _stream_answer(service, q, turns, llm, k, result):
            yield messages(turns, (q, bubble)), gr.skip(), gr.skip(), state, gr.skip(), ""
    except AssistantError as exc:
        yield messages(turns, (q, error_html(exc.zh))), gr.skip(), q, state, gr.skip(), ""
        return
    except Exception as exc:  # never a traceback in the UI
        log.exception("answering failed")
        bubble = error_html(f"内部错误（{type(exc).__name__}），请稍后重试或查看服务日志。")
        yield messages(turns, (q, bubble)), gr.skip(), q, state, gr.skip(), ""
        return
    if result.get("answer") is None:
        yield messages(turns, (q, error_html("没有得到回答，请重试。"))), gr.skip(), q, state, gr.skip(), ""
        return
    turn = _add_turn(service, turns, q, result["answer"], result["notices"])
    choices = gr.update(choices=target_choices(turns), value=turn["id"])
    chatbot = gr.update(value=messages(turns), feedback_value=feedback_values(turns))  # thumbs stay as rated
    yield chatbot, sources_html(turns), "", state, choices, ""


def _stream_answer(service: AppService, q: str, turns: list[dict[str, Any]], llm: str | None, k: float | None,
                   result: dict[str, Any]) -> Iterator[str]:
    """Pending bubbles while the answer is made (standalone question, LLM tokens, notices); the
    final answer and the notices about the backend go into `result`."""
    assistant, chat_model, notices = service.assistant_for(llm)
    result["notices"] = notices
    partial, standalone, last = "", "", 0.0
    for event in assistant.stream(q, history_of(turns), int(k) if k else None, chat_model=chat_model):
        if event.kind == "standalone":
            standalone = event.text
            yield pending_html(q, standalone, notices=notices)
        elif event.kind in ("token", "verifying"):  # the LLM's draft, replaced by the verified answer
            partial += event.text
            if event.kind == "verifying" or (event.text and time.monotonic() - last >= STREAM_INTERVAL):
                last = time.monotonic()
                yield pending_html(q, standalone, partial, [*notices, DRAFT_NOTICE])
        elif event.kind == "notice":
            yield pending_html(q, standalone, partial, [*notices, event.text])
        elif event.kind == "answer":
            result["answer"] = event.answer


def _add_turn(service: AppService, turns: list[dict[str, Any]], q: str, answer: Answer,
              notices: list[str]) -> dict[str, Any]:
    a = answer.to_dict()
    a["notices"] = [*notices, *[n for n in a["notices"] if n not in notices]]
    a["doc_meta"] = doc_meta(service, a)
    turn = {
        "id": uuid.uuid4().hex,
        "question": q,
        "answer": a,
        "html": answer_html(a, len(turns) + 1),
        "rating": None,
        "feedback_id": None,
    }
    turns.append(turn)
    return turn


def doc_meta(service: AppService, answer: dict[str, Any]) -> dict[str, dict[str, str]]:
    """发文机关/成文日期/文号/状态 of the documents an answer cites or shows (kept with the turn)."""
    docs = service.manifest().get("documents") or {}
    ids = {c.get("doc_id", "") for c in answer.get("citations", [])} | {
        h.get("doc_id", "") for h in answer.get("hits", [])
    }
    return {i: dict(docs[i].get("meta") or {}) for i in ids if i in docs}


def clear() -> tuple[Any, ...]:
    """New conversation: (chatbot, sources, question box, state, feedback target, status, comment, files)."""
    return [], sources_html([]), "", new_state(), gr.update(choices=[], value=None), "", "", None


def _find(turns: list[dict[str, Any]], turn_id: str | None) -> int | None:
    for i, t in enumerate(turns):
        if t["id"] == turn_id:
            return i
    return len(turns) - 1 if turns else None


def rate(
    service: AppService, state: dict[str, Any] | None, turn_id: str | None, comment: str | None, rating: int
) -> tuple[str, str]:
    """Store a rating (and comment) for one answer. Returns (status, comment box)."""
    state = ensure_state(state)
    turns = state["turns"]
    i = _find(turns, turn_id)
    if i is None:
        return "还没有可评价的回答。", comment or ""
    turn, a = turns[i], turns[i]["answer"]
    row = service.feedback.record(
        question=a["question"],
        standalone_question=a["standalone_question"],
        answer=a["text"],
        citations=a["citations"],
        history=history_of(turns[:i]),
        rating=rating,
        comment=comment or "",
        answer_id=turn["id"],
        session_id=state["session"],
        backend=a["backend"],
        refused=a["refused"],
    )
    turn["rating"], turn["feedback_id"] = rating, row
    note = "，已附评论" if (comment or "").strip() else ""
    return f"已记录第 {i + 1} 问的反馈 {RATING_ZH[rating]}{note}（编号 fb-{row}）。", ""


FEEDBACK_VALUE = {1: "Like", -1: "Dislike"}


def feedback_values(turns: list[dict[str, Any]]) -> list[str | None]:
    """The chatbot's thumb state per answer, from the ratings stored in the session."""
    return [FEEDBACK_VALUE.get(t.get("rating")) for t in turns]  # type: ignore[arg-type]


def rate_and_show(
    service: AppService, state: dict[str, Any] | None, turn_id: str | None, comment: str | None, rating: int
) -> tuple[str, str, Any]:
    """The 有帮助 / 有问题 buttons: store the rating and light the same thumb under the answer.
    Returns (status, comment box, chatbot)."""
    status, box = rate(service, state, turn_id, comment, rating)
    turns = ensure_state(state)["turns"]
    return status, box, gr.update(feedback_value=feedback_values(turns)) if turns else gr.skip()


def on_like(
    service: AppService, state: dict[str, Any] | None, comment: str | None, data: gr.LikeData
) -> tuple[str, str, Any]:
    """The chatbot's own 👍/👎 under an answer. Returns (status, comment box, feedback target)."""
    state = ensure_state(state)
    index = data.index[0] if isinstance(data.index, list | tuple) else data.index
    i = int(index) // 2
    if not 0 <= i < len(state["turns"]):
        return "无法识别要评价的回答。", comment or "", gr.skip()
    rating = 1 if data.liked is True else -1 if data.liked is False else 0
    turn_id = state["turns"][i]["id"]
    status, box = rate(service, state, turn_id, comment, rating)
    return status, box, turn_id


def export_session(service: AppService, state: dict[str, Any] | None) -> tuple[Any, str]:
    """Markdown and .docx of the conversation, in the export folder. Returns (files, status)."""
    state = ensure_state(state)
    if not state["turns"]:
        return None, "还没有对话可导出。"
    folder = service.exports_dir / "sessions" / state["session"]
    when = datetime.now().astimezone()
    md = write_markdown(state["turns"], folder, when)
    docx = write_docx(state["turns"], folder, when)
    return [str(md), str(docx)], f"已导出 {len(state['turns'])} 问：Markdown 与 Word 文件见下方。"


def export_golden(service: AppService) -> tuple[Any, str]:
    """👎 answers as golden-set candidates (JSON Lines). Returns (file, status)."""
    path = service.exports_dir / f"golden-candidates-{datetime.now().strftime('%Y%m%d-%H%M%S')}.jsonl"
    n = service.feedback.export_golden(path)
    if n == 0:
        path.unlink(missing_ok=True)
        return None, "还没有「有问题」（👎）的反馈，没有可导出的候选题。"
    return str(path), f"已导出 {n} 条「有问题」（👎）的回答作为黄金集候选（JSON Lines）。"
