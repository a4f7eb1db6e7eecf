"""The web app (Gradio): chat with cited answers, documents management, feedback and exports.

Run it with `python app.py` (see assistant/app/server.py for the flags)."""

from __future__ import annotations

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    from assistant.app.server import main as run

    return run(argv)
