"""A `milvus-lite server` process on a free loopback port, for the scale-out benchmark and the tests
that need several processes on one Milvus (a milvus-lite file is held by one process)."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from assistant.bench.app_process import free_port


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def milvus_server(data_dir: Path, timeout: float = 120.0) -> Iterator[str]:
    """Run `milvus-lite server` on 127.0.0.1 and yield its URI; stop it afterwards."""
    port = free_port()
    exe = shutil.which("milvus-lite") or str(Path(sys.executable).parent / "milvus-lite")
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    log = data_dir.parent / f"milvus-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([exe, "server", "--data-dir", str(data_dir), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while not _listening(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"milvus-lite server did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
