"""With login on, every HTTP route of the real app rejects unauthenticated requests.

The routes are enumerated from the app's own Blocks (built in-process from the same code as
`python app.py`), then each one is requested without credentials against the running server."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from app_harness import build_index, copy_corpus, start_app

from assistant.app import login_gate
from assistant.config import Settings

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]

# Needed before login (see assistant/app/login_gate.py): the login page, login/logout, and static
# front-end files (code, fonts, icons, theme). None of them carries documents, answers or feedback.
PUBLIC = login_gate.PUBLIC
PARAMS = {"path": "index.html", "api_name": "ask", "event_id": "e1", "session_hash": "s1", "size": "192",
          "key": "k", "run": "0", "component_id": "1", "segment_id": "0", "ext": "ts", "id": "1",
          "environment": "prod", "type": "index", "file_name": "x.js", "endpoint": "ask", "record_id": "1",
          "asset_id": "1", "url_path": "http://127.0.0.1/x"}


def _routes(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    out = []
    for r in app.routes:
        if hasattr(r, "path"):
            out += [(m, r.path) for m in sorted(getattr(r, "methods", None) or {"GET"})]
        else:  # an included router (gradio_api/…)
            out += [(m, sub.path) for sub in r.original_router.routes for m in sorted(sub.methods or {"GET"})]
    return out


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory, documents_vectors: Path):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("access")
    docs = copy_corpus(REPO / "documents", root / "docs")
    build_index(docs, root / "index", vectors_from=documents_vectors)
    exports = root / "data" / "exports"
    exports.mkdir(parents=True)
    (exports / "session.md").write_text("导出的对话", encoding="utf-8")
    app = start_app(docs, root / "index", root / "data", auth="admin:pw-测试")
    yield app, exports / "session.md", root
    app.stop()


def test_every_route_rejects_requests_without_login(secured) -> None:  # type: ignore[no-untyped-def]
    import gradio as gr
    from gradio.routes import App

    from assistant.app.api import api_routes
    from assistant.app.service import AppService
    from assistant.app.ui import build_ui

    running, exported, root = secured
    settings = Settings(docs_dir=running.docs, index_dir=running.index, data_dir=root / "inproc", auth="admin:pw-测试")
    service = AppService(settings)
    service.start()
    demo: gr.Blocks = build_ui(service)
    demo.auth = [("admin", "pw-测试")]
    routes = _routes(App.create_app(demo, app_kwargs={"routes": api_routes(service, 1)}))  # as app.py does
    service.close()
    assert len(routes) > 40, "route enumeration found too little"
    assert ("POST", "/api/ask") in routes
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    leaks = []
    checked = 0
    for method, path in routes:
        if PUBLIC.match(path):
            continue
        url_path = re.sub(r"\{([a-z_]+)(?::path)?\}", lambda m: PARAMS.get(m.group(1), "x"), path)
        if "{path_or_url" in path:
            url_path = f"/gradio_api/file={exported}"
        req = urllib.request.Request(running.url.rstrip("/") + url_path, method=method,
                                     data=b"{}" if method == "POST" else None,
                                     headers={"Content-Type": "application/json"})
        checked += 1
        try:
            with opener.open(req, timeout=20) as r:  # no body read: some routes stream forever
                leaks.append((method, path, r.status, r.headers.get("content-type")))
        except urllib.error.HTTPError as e:
            if e.code not in (401, 403):
                leaks.append((method, path, e.code, e.read(200)))
    assert checked > 30
    assert not leaks, "routes answering without login:\n" + "\n".join(map(str, leaks))


def test_export_file_is_downloadable_only_after_login(secured) -> None:  # type: ignore[no-untyped-def]
    running, exported, _ = secured
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor())
    url = running.url.rstrip("/") + f"/gradio_api/file={exported}"
    with pytest.raises(urllib.error.HTTPError) as info:
        opener.open(url, timeout=20)
    assert info.value.code in (401, 403)
    login = urllib.request.Request(running.url.rstrip("/") + "/login", method="POST",
                                   data=urllib.parse.urlencode({"username": "admin", "password": "pw-测试"}).encode(),
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    opener.open(login, timeout=20)
    with opener.open(url, timeout=20) as r:
        assert r.read().decode("utf-8") == "导出的对话"


def test_files_outside_the_allowed_folders_are_not_served_even_after_login(secured) -> None:  # type: ignore[no-untyped-def]
    running, _, root = secured
    secret = root / "secret.txt"
    secret.write_text("机密", encoding="utf-8")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor())
    login = urllib.request.Request(running.url.rstrip("/") + "/login", method="POST",
                                   data=urllib.parse.urlencode({"username": "admin", "password": "pw-测试"}).encode(),
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    opener.open(login, timeout=20)
    for target in (secret, running.index / "CURRENT", Path("/etc/passwd")):
        with pytest.raises(urllib.error.HTTPError) as info:
            opener.open(running.url.rstrip("/") + f"/gradio_api/file={target}", timeout=20)
        assert info.value.code in (403, 404)
