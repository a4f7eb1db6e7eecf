"""The answer API, two ways: Gradio's named endpoint `/ask` (gradio_client, queued with the chat) and
a plain JSON route `POST /api/ask` on the same server for programmatic clients, which skips Gradio's
queue, session state and event stream (one request, one JSON reply). Both return the same dict.

`POST /api/ask` takes `{"question": str, "history": [[question, answer], ...], "k": int, "llm": str}`
(all but `question` optional). With login on it sits behind the same gate as every other route
(assistant/app/login_gate.py): log in with `POST /login` (form fields `username`, `password`) and send
the session cookie. Errors are JSON `{"error": ..., "zh": ...}`: 400 for a bad request or question,
401 without login, 413 for an oversized body, 503 while no index can be opened."""

from __future__ import annotations

import json
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from assistant.app.service import AppService
from assistant.errors import AssistantError, BadQuestionError

ASK_PATH = "/api/ask"
MAX_BODY_BYTES = 1 << 20  # a question is at most a few thousand characters; history adds a few answers


def answer_dict(service: AppService, question: str, history: list[list[str]] | None = None,
                k: int | None = None, llm: str | None = None) -> dict[str, Any]:
    """The answer to `question` as the API returns it (raises AssistantError when it cannot answer)."""
    assistant, chat_model, notices = service.assistant_for(llm or service.settings.llm)
    answer = assistant.ask(question, [(str(a), str(b)) for a, b in (history or [])], int(k) if k else None,
                           chat_model=chat_model)
    out = answer.to_dict()
    out["notices"] = [*notices, *out["notices"]]
    return out


class BadRequest(Exception):
    def __init__(self, message: str, zh: str, status: int = 400) -> None:
        super().__init__(message)
        self.zh = zh
        self.status = status


def _error(status: int, message: str, zh: str) -> JSONResponse:
    return JSONResponse({"error": message, "zh": zh}, status_code=status)


def parse_ask(body: bytes) -> dict[str, Any]:
    """The arguments of `answer_dict` from a request body (raises BadRequest)."""
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(f"request body over {MAX_BODY_BYTES} bytes", "请求内容过大。", 413)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"body is not JSON: {exc}", "请求内容必须是 JSON。") from exc
    if not isinstance(data, dict):
        raise BadRequest("body must be a JSON object", "请求内容必须是 JSON 对象。")
    unknown = sorted(set(data) - {"question", "history", "k", "llm"})
    if unknown:
        raise BadRequest(f"unknown fields: {', '.join(unknown)}", "请求包含未知字段：" + "、".join(unknown))
    question, history, k, llm = (data.get(f) for f in ("question", "history", "k", "llm"))
    if not isinstance(question, str):
        raise BadRequest("question must be a string", "问题必须是文本。")
    if history is not None and not (
        isinstance(history, list)
        and all(isinstance(t, list) and len(t) == 2 and all(isinstance(s, str) for s in t) for t in history)
    ):
        raise BadRequest("history must be a list of [question, answer] string pairs",
                         "history 必须是 [问题, 回答] 文本对的列表。")
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
        raise BadRequest("k must be a positive integer", "k 必须是正整数。")
    if llm is not None and not isinstance(llm, str):
        raise BadRequest("llm must be a string", "llm 必须是文本。")
    return {"question": question, "history": history, "k": k, "llm": llm}


def api_routes(service: AppService, concurrency: int) -> list[Route]:
    """`POST /api/ask`: at most `concurrency` answers at once (worker threads), the rest wait."""
    limiter: list[anyio.CapacityLimiter] = []  # made on first use, inside the server's event loop

    async def ask(request: Request) -> Response:
        try:
            args = parse_ask(await request.body())
        except BadRequest as exc:
            return _error(exc.status, str(exc), exc.zh)
        if not limiter:
            limiter.append(anyio.CapacityLimiter(concurrency))
        try:
            out = await anyio.to_thread.run_sync(lambda: answer_dict(service, **args), limiter=limiter[0])
        except BadQuestionError as exc:
            return _error(400, str(exc), exc.zh)
        except AssistantError as exc:  # no index (yet), a broken one: the service cannot answer
            return _error(503, str(exc), exc.zh)
        return JSONResponse(out)

    return [Route(ASK_PATH, ask, methods=["POST"])]
