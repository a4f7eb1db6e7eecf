"""`POST /api/ask` over HTTP on the app's real FastAPI server (Gradio's App built from the same Blocks,
launch arguments and middleware as `python app.py`), in-process through starlette's TestClient with a
hash-embedder index. The same route on the real subprocess app is tested in tests/test_app_api.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from test_app_unit import make_service

from assistant.app.api import ASK_PATH, MAX_BODY_BYTES, api_routes
from assistant.app.server import launch_kwargs
from assistant.app.service import AppService
from assistant.config import Settings

USER, PASSWORD = "tester", "pw-密码"
QUESTION = "到2027年全市工业总产值目标是多少？"


def http_app(service: AppService, auth: bool = False) -> Any:
    """The server `python app.py` would run for this service: same Blocks, middleware and routes."""
    from gradio.routes import App

    from assistant.app.ui import CHAT_CONCURRENCY, build_ui

    demo = build_ui(service)
    if auth:
        demo.auth = [(USER, PASSWORD)]
    kwargs = launch_kwargs(service.settings, service.exports_dir, api_routes(service, CHAT_CONCURRENCY))
    return demo, App.create_app(demo, app_kwargs=kwargs["app_kwargs"])


@pytest.fixture
def service(tmp_path: Path):
    svc = make_service(tmp_path)
    yield svc
    svc.close()


def gradio_ask(demo: Any, *args: Any) -> dict[str, Any]:
    """What Gradio's `/ask` endpoint computes for these arguments (its function, called directly)."""
    fn = next(f.fn for f in demo.fns.values() if f.api_name == "ask")
    return dict(fn(*args))


def without_timing(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k not in ("latency_ms", "ttft_ms")}


def test_json_ask_returns_the_same_answer_as_the_gradio_ask_endpoint(service: AppService) -> None:
    demo, app = http_app(service)
    with TestClient(app) as client:
        r = client.post(ASK_PATH, json={"question": QUESTION})
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        answer = r.json()
        assert "4万亿" in answer["text"] and answer["citations"] and not answer["refused"]
        expected = json.loads(json.dumps(gradio_ask(demo, QUESTION)))
        assert without_timing(answer) == without_timing(expected)
        history = [[QUESTION, answer["text"]]]
        follow = client.post(ASK_PATH, json={"question": "那制造业增加值占比呢？", "history": history, "k": 3,
                                             "llm": "none"}).json()
        same = json.loads(json.dumps(gradio_ask(demo, "那制造业增加值占比呢？", history, 3, "none")))
        assert without_timing(follow) == without_timing(same)
        assert follow["standalone_question"] != "那制造业增加值占比呢？"


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        (b"not json", 400, "JSON"),
        (b"[1, 2]", 400, "object"),
        (b"{}", 400, "question must be a string"),
        (json.dumps({"question": 5}).encode(), 400, "question must be a string"),
        (json.dumps({"question": "q", "history": [["only one"]]}).encode(), 400, "history"),
        (json.dumps({"question": "q", "k": 0}).encode(), 400, "k must be"),
        (json.dumps({"question": "q", "k": True}).encode(), 400, "k must be"),
        (json.dumps({"question": "q", "top_k": 3}).encode(), 400, "unknown fields: top_k"),
        (json.dumps({"question": "   "}).encode(), 400, "question is empty"),
        (b'{"question": "' + b"x" * MAX_BODY_BYTES + b'"}', 413, "request body over"),
    ],
)
def test_json_ask_rejects_a_bad_request_with_a_json_error(service: AppService, body: bytes, status: int,
                                                         fragment: str) -> None:
    _, app = http_app(service)
    with TestClient(app) as client:
        r = client.post(ASK_PATH, content=body, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    err = r.json()
    assert fragment in err["error"] and err["zh"]


def test_json_ask_only_accepts_post(service: AppService) -> None:
    _, app = http_app(service)
    with TestClient(app) as client:
        assert client.get(ASK_PATH).status_code == 405


def test_json_ask_is_503_with_a_chinese_message_while_there_is_no_index(tmp_path: Path) -> None:
    settings = Settings.from_env({}, docs_dir=tmp_path / "docs", index_dir=tmp_path / "index",
                                 data_dir=tmp_path / "data", embedder="hash", index_in_worker=False)
    svc = AppService(settings)  # not started: no index opened
    try:
        _, app = http_app(svc)
        with TestClient(app) as client:
            r = client.post(ASK_PATH, json={"question": QUESTION})
        assert r.status_code == 503 and "索引" in r.json()["zh"]
    finally:
        svc.close()


def test_json_ask_needs_login_when_auth_is_on(service: AppService) -> None:
    _, app = http_app(service, auth=True)
    with TestClient(app) as client:
        r = client.post(ASK_PATH, json={"question": QUESTION})
        assert r.status_code == 401
        assert r.json()["error"] == "Not authenticated" and "登录" in r.json()["zh"]
        assert r.json()["login"].startswith("POST /login")
        assert client.post("/login", data={"username": USER, "password": "wrong"}).status_code == 400
        assert client.post(ASK_PATH, json={"question": QUESTION}).status_code == 401
        assert client.post("/login", data={"username": USER, "password": PASSWORD}).status_code == 200
        r = client.post(ASK_PATH, json={"question": QUESTION})
        assert r.status_code == 200 and "4万亿" in r.json()["text"]
