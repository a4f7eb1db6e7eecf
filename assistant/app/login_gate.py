"""With login on, Gradio itself still answers some routes without a session (its OpenAPI
document, /gradio_api/user, token, app_id, runs, heartbeat streams, and body validation of
several POST routes). This ASGI middleware closes them all: any request outside the public
allow-list (login page, login/logout, static front-end files) needs a valid session cookie."""

from __future__ import annotations

import json
import re
from http.cookies import SimpleCookie
from typing import Any

PUBLIC = re.compile(
    r"^/($|login/?$|logout$|svelte/|static/|assets/|favicon\.ico$|theme\.css$|robots\.txt$|pwa_icon|"
    r"manifest\.json$|gradio_api/theme\.css$|gradio_api/login_check/?$|gradio_api/startup-events$)")

LOGIN_HINT = "POST /login with form fields username and password, then send the session cookie it sets"


class LoginGate:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or PUBLIC.match(scope.get("path", "")) or _logged_in(scope):
            await self.app(scope, receive, send)
            return
        body = json.dumps({"error": "Not authenticated", "zh": "请先登录。", "login": LOGIN_HINT}).encode()
        await send({"type": "http.response.start", "status": 401,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _logged_in(scope: dict[str, Any]) -> bool:
    app = scope.get("app")
    if app is None or (getattr(app, "auth", None) is None and getattr(app, "auth_dependency", None) is None):
        return True  # login is off
    raw = b"; ".join(v for k, v in scope.get("headers", []) if k == b"cookie").decode("latin-1")
    cookie = SimpleCookie()
    try:
        cookie.load(raw)
    except Exception:  # a malformed Cookie header is simply not a session
        return False
    cid = getattr(app, "cookie_id", "")
    for name in (f"access-token-{cid}", f"access-token-unsecure-{cid}"):
        if name in cookie and cookie[name].value in getattr(app, "tokens", {}):
            return True
    return False
