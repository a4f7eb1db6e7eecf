"""A real, scripted OpenAI-compatible HTTP server for tests (no mocks).

It listens on 127.0.0.1 on a free port in a background thread and speaks just enough of the
OpenAI API for `openai` / `langchain_openai.ChatOpenAI` clients:

- ``POST /v1/chat/completions``, non-streaming (one JSON body) and streaming (``stream: true``:
  Server-Sent Events, one ``data: {chat.completion.chunk}`` per piece, then ``data: [DONE]``);
- ``GET /v1/models``.

Replies are scripted: pass a function ``(messages: list[dict]) -> str`` or a list of strings
served in order (the last one repeats when the list runs out). Every request body received is
recorded in ``server.requests`` (parsed JSON), so a test can inspect the exact prompt.

Faults, to test error handling:

- ``delay=2.0``: wait that many seconds before answering (a slow server; trips client timeouts);
- ``status=500``: answer every chat request with that HTTP status and an OpenAI-style error body;
- ``garbage=True``: answer 200 with a body that is not JSON, whose one SSE event is not JSON either.

Structured output (``response_format``): with ``structured=False`` (the default) a request that
asks for ``{"type": "json_schema", …}`` is answered 400, as servers without JSON-schema decoding
do. With ``structured=True`` the stub honours it: a reply may be a dict (sent as JSON), and every
reply is checked against the request's schema with `jsonschema`, as constrained decoding would
guarantee; a reply that does not conform is a bug in the test and is answered 500 (kept in
``server.errors``). ``response_format`` may come at the top level or inside ``extra_body``.

Streaming splits a reply into pieces of ``chunk_chars`` characters (default 1), so a reply of
n characters arrives as n content chunks.

Example::

    with OpenAIStubServer(["你好，世界"]) as server:
        llm = ChatOpenAI(base_url=server.base_url, api_key="x", model="stub")
        assert llm.invoke("hi").content == "你好，世界"
        assert server.requests[0]["messages"][-1]["content"] == "hi"

A reply function that raises is answered with HTTP 500 and its exception kept in
``server.errors``. Tests import this module as ``from openai_stub_server import OpenAIStubServer``
(pytest puts ``tests/`` on ``sys.path``: the folder has no ``__init__.py``).

As a pytest fixture::

    @pytest.fixture
    def stub():
        with OpenAIStubServer(lambda messages: "答：" + messages[-1]["content"]) as server:
            yield server
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = Callable[[list[dict[str, Any]]], Any] | Sequence[Any]

__all__ = ["OpenAIStubServer"]


class OpenAIStubServer:
    """Scripted OpenAI-compatible chat server on 127.0.0.1; use as a context manager."""

    def __init__(
        self,
        reply: Reply = ("ok",),
        *,
        delay: float = 0.0,
        status: int = 200,
        garbage: bool = False,
        chunk_chars: int = 1,
        model: str = "stub-model",
        structured: bool = False,
    ) -> None:
        if isinstance(reply, str):
            reply = [reply]
        if not callable(reply) and not reply:
            raise ValueError("reply list must not be empty")
        self.reply = reply
        self.delay = delay
        self.status = status
        self.garbage = garbage
        self.chunk_chars = max(1, chunk_chars)
        self.model = model
        self.structured = structured
        self.requests: list[dict[str, Any]] = []  # parsed JSON bodies of POST /v1/chat/completions
        self.errors: list[Exception] = []  # exceptions raised by a reply function (answered with 500)
        self._served = 0
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> OpenAIStubServer:
        """Bind 127.0.0.1 on a free port and serve in a daemon thread."""
        if self._httpd is not None:
            return self
        handler = type("_BoundHandler", (_Handler,), {"stub": self})
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        httpd.daemon_threads = True
        self._httpd = httpd
        self._closing.clear()
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving; pending delayed answers are cut short."""
        self._closing.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> OpenAIStubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- information ------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server is not running; call start() or use `with`")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The URL to give an OpenAI client, ending in /v1."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def last_messages(self) -> list[dict[str, Any]]:
        """The ``messages`` of the most recent chat request."""
        if not self.requests:
            raise AssertionError("no chat request received")
        return list(self.requests[-1].get("messages", []))

    # -- internals --------------------------------------------------------------------------

    def _record(self, body: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(body)

    def _next_reply(self, messages: list[dict[str, Any]]) -> str:
        if callable(self.reply):
            reply = self.reply(messages)
        else:
            with self._lock:
                i = min(self._served, len(self.reply) - 1)
                self._served += 1
            reply = self.reply[i]
        return reply if isinstance(reply, str) else json.dumps(reply, ensure_ascii=False)


class _Handler(BaseHTTPRequestHandler):
    stub: OpenAIStubServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet test output
        pass

    def handle(self) -> None:
        # A client that hung up (e.g. after its timeout) is not a server fault.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    # GET /v1/models
    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        if self.path.rstrip("/") in ("/v1/models", "/models"):
            data = [{"id": self.stub.model, "object": "model", "created": 0, "owned_by": "stub"}]
            self._send_json(200, {"object": "list", "data": data})
        else:
            self._send_json(404, _error("not found", "not_found_error"))

    # POST /v1/chat/completions
    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
            self._send_json(404, _error("not found", "not_found_error"))
            return
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._send_json(400, _error("request body is not JSON", "invalid_request_error"))
            return
        self.stub._record(body)
        if self.stub.delay and self.stub._closing.wait(self.stub.delay):
            return  # server closing: drop the request
        self._answer(body)

    def _answer(self, body: dict[str, Any]) -> None:
        stub = self.stub
        if stub.status != 200:
            self._send_json(stub.status, _error(f"stub error {stub.status}", "server_error"))
            return
        if stub.garbage:
            # Broken for both kinds of client: not JSON, and an SSE event whose data is not JSON.
            payload = b"data: <html>this is not JSON {{{\n\n"
            self.send_response(200)
            self.send_header(
                "Content-Type", "text/event-stream" if body.get("stream") else "application/json"
            )
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        messages = list(body.get("messages") or [])
        schema = _json_schema(body)
        if schema is not None and not stub.structured:
            self._send_json(400, _error("response_format json_schema is not supported", "invalid_request_error"))
            return
        try:
            text = stub._next_reply(messages)
            if schema is not None:
                import jsonschema

                jsonschema.validate(json.loads(text), schema)
        except Exception as exc:  # a bug in the test's reply function: make it visible
            stub.errors.append(exc)
            self._send_json(500, _error(f"reply function raised {exc!r}", "server_error"))
            return
        model = str(body.get("model") or stub.model)
        prompt_tokens = sum(len(str(m.get("content", ""))) for m in messages)
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(text),
            "total_tokens": prompt_tokens + len(text),
        }
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self._stream(text, model, usage if include_usage else None)
        else:
            self._send_json(200, _completion(text, model, usage))

    def _stream(self, text: str, model: str, usage: dict[str, int] | None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        n = self.stub.chunk_chars
        pieces = [text[i : i + n] for i in range(0, len(text), n)]
        first = {"role": "assistant", "content": ""}
        events = [_chunk(model, first, None)]
        events += [_chunk(model, {"content": p}, None) for p in pieces]
        events.append(_chunk(model, {}, "stop"))
        if usage is not None:
            events.append({**_chunk(model, {}, None), "choices": [], "usage": usage})
        for event in events:
            self.wfile.write(b"data: " + json.dumps(event, ensure_ascii=False).encode() + b"\n\n")
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def _send_json(self, status: int, obj: dict[str, Any]) -> None:
        payload = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def _json_schema(body: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON schema a request asks the reply to follow, if any."""
    fmt = body.get("response_format") or (body.get("extra_body") or {}).get("response_format")
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        return None
    return dict((fmt.get("json_schema") or {}).get("schema") or {})


def _error(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


def _completion(text: str, model: str, usage: dict[str, int]) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": usage,
    }


def _chunk(model: str, delta: dict[str, Any], finish_reason: str | None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}],
    }
