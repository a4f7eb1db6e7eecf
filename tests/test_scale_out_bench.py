"""`assistant bench --store milvus` on a small synthetic set: both engines are measured against exact
search, and Milvus is searched through a finished HNSW index, not a scan of fresh segments."""

from __future__ import annotations

import pytest

from assistant.bench.scale_out import markdown, synthetic, vector_bench


def test_synthetic_vectors_are_unit_length_and_reproducible() -> None:
    x, q = synthetic(500, 10, seed=3)
    y, _ = synthetic(500, 10, seed=3)
    assert x.shape == (500, 384) and q.shape == (10, 384)
    assert (x == y).all() and abs(float((x * x).sum(axis=1).mean()) - 1.0) < 1e-4


@pytest.mark.slow  # milvus-lite
def test_milvus_and_faiss_rows_report_recall_against_exact_search(tmp_path) -> None:
    rows = vector_bench((3000,), 20, tmp_path)
    faiss_row, milvus_row = rows
    assert faiss_row["engine"].startswith("faiss") and milvus_row["engine"].startswith("milvus-lite")
    assert milvus_row["index_state"] == "Finished"
    assert faiss_row["recall@10"] >= 0.8 and milvus_row["recall@10"] >= 0.8
    assert milvus_row["insert_s"] <= milvus_row["build_s"]
    table = markdown({"vectors": rows, "ingestion": [], "load_before": (0, 0, 0),
                      "load_after_vectors": (0, 0, 0), "load_after": (0, 0, 0), "cpus": 2})
    assert "| 3,000 | milvus-lite HNSW" in table and "(insert " in table


def test_only_the_vector_part_runs_when_ingestion_is_left_out(tmp_path) -> None:
    from assistant.bench.scale_out import run_scale_out
    from assistant.config import Settings

    result = run_scale_out(tmp_path / "out", (), tmp_path, Settings(), queries=5, ingestion=False)
    assert result["vectors"] == [] and result["ingestion"] == []
    assert (tmp_path / "out" / "scale_out.md").is_file()


def test_an_out_path_that_is_a_file_is_refused_before_the_run(tmp_path, capsys) -> None:
    from assistant.cli import main

    taken = tmp_path / "results.json"
    taken.write_text("{}", encoding="utf-8")
    code = main(["bench", "--store", "milvus", "--only", "indexing", "--docs", str(tmp_path), "--out", str(taken)])
    assert code != 0 and "--out must be a folder" in capsys.readouterr().err
    assert taken.read_text(encoding="utf-8") == "{}"


@pytest.mark.slow  # a milvus-lite server and a local Ray
def test_the_write_part_times_the_driver_and_ray_workers_writing_the_same_generation(tmp_path) -> None:
    import ray

    from assistant.bench.scale_out import write_bench
    from assistant.config import Settings
    from tests.conftest import SEED

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / SEED.name).write_bytes(SEED.read_bytes())
    try:
        rows = write_bench(docs, Settings.from_env({}, embedder="hash"), tmp_path, 600)
    finally:
        ray.shutdown()
    assert [r["writer"] for r in rows] == ["driver", "Ray, 2 workers"]
    assert all(r["chunks"] == 600 and r["seconds"] > 0 for r in rows) and rows[1]["ray_start_s"] is not None
    table = markdown({"vectors": [], "ingestion": [], "write": rows, "load_before": (0, 0, 0), "cpus": 2})
    assert "| Ray, 2 workers | 600 |" in table
