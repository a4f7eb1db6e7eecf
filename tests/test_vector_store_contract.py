"""The `VectorStore` contract (assistant/index/base.py), run against every implementation: real FAISS
and bm25s, and Milvus (milvus-lite, embedded); the hash embedder stands in for a model (vectors only
need to be stable)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.embed.models import HashEmbedder
from assistant.index.base import VectorStore
from assistant.index.hybrid_store import FaissBM25Store
from assistant.index.milvus_store import MilvusStore, connect
from assistant.index.store import load_snapshot
from assistant.records import Chunk, Document

EMB = HashEmbedder()
TEXTS = {
    "water": ["到2030年，全市污水处理率达到98%。", "推行阶梯水价，建立一户一表计量体系。"],
    "roads": ["轨道交通运营里程达到600公里。", "新增公交线路100条，建设智慧停车平台。"],
}


def doc_and_chunks(doc_id: str, texts: list[str], meta: dict[str, str] | None = None) -> tuple[Document, list[Chunk]]:
    text = "\n".join(texts)
    chunks, pos = [], 0
    for i, t in enumerate(texts):
        start = text.index(t, pos)
        chunks.append(Chunk(f"{doc_id}-{i}", doc_id, t, start, start + len(t), ("一",)))
        pos = start + len(t)
    return Document(doc_id, f"{doc_id}.txt", doc_id, text, "0" * 64, meta or {}), chunks


@pytest.fixture(scope="module")
def milvus_store(tmp_path_factory: pytest.TempPathFactory) -> MilvusStore:
    """One milvus-lite generation for the module (creating one takes seconds), emptied before each test."""
    client = connect(Settings.from_env({}, store=f"milvus:{tmp_path_factory.mktemp('milvus') / 'contract.db'}"))
    return MilvusStore.create(client, "contract", EMB.dim)


def _empty_milvus(request: pytest.FixtureRequest) -> VectorStore:
    store: MilvusStore = request.getfixturevalue("milvus_store")
    store.delete(store.documents())
    assert store.count() == 0 and store.stats.n == 0
    return store


IMPLEMENTATIONS: dict[str, Callable[[pytest.FixtureRequest], VectorStore]] = {
    "faiss+bm25": lambda _request: FaissBM25Store(EMB.model_id, EMB.dim),
    "milvus": _empty_milvus,
}


@pytest.fixture(params=sorted(IMPLEMENTATIONS))
def store(request: pytest.FixtureRequest) -> VectorStore:
    s = IMPLEMENTATIONS[request.param](request)
    for doc_id, texts in TEXTS.items():
        doc, chunks = doc_and_chunks(doc_id, texts)
        s.upsert([doc], chunks, EMB.embed_passages([c.text for c in chunks]))
    return s


def test_store_implements_the_protocol(store: VectorStore) -> None:
    assert isinstance(store, VectorStore)


def test_documents_lists_every_added_document(store: VectorStore) -> None:
    assert sorted(store.documents()) == ["roads", "water"]


def test_dense_search_ranks_the_chunk_of_the_same_text_first(store: VectorStore) -> None:
    text = TEXTS["roads"][0]
    hits = store.dense_search(EMB.embed_query(text), 3)
    assert hits[0][0] == "roads-0" and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)


def test_keyword_search_finds_the_chunk_with_the_words(store: VectorStore) -> None:
    hits = store.keyword_search("阶梯水价", 2)
    assert hits and hits[0][0] == "water-1" and hits[0][1] > 0


def test_get_returns_chunks_in_the_order_asked_and_skips_unknown_ids(store: VectorStore) -> None:
    got = store.get(["roads-1", "missing", "water-0"])
    assert [c.chunk_id for c in got] == ["roads-1", "water-0"]
    assert got[1].text == TEXTS["water"][0]


def test_delete_removes_a_document_and_its_chunks_from_every_search(store: VectorStore) -> None:
    assert store.delete(["water"]) == 2
    assert sorted(store.documents()) == ["roads"]
    assert store.keyword_search("阶梯水价", 5) == []
    assert all(cid.startswith("roads") for cid, _ in store.dense_search(EMB.embed_query(TEXTS["water"][0]), 5))
    assert store.get(["water-0"]) == []
    assert store.delete(["water"]) == 0


def test_upsert_replaces_the_earlier_chunks_of_a_document(store: VectorStore) -> None:
    doc, chunks = doc_and_chunks("water", ["污水处理率达到99%。"])
    store.upsert([doc], chunks, EMB.embed_passages([chunks[0].text]))
    assert [c.text for c in store.get(["water-0", "water-1"])] == ["污水处理率达到99%。"]
    assert store.documents()["water"].text == "污水处理率达到99%。"


def test_keyword_search_of_one_document_finds_only_its_passages(store: VectorStore) -> None:
    assert {cid for cid, _ in store.keyword_search("达到", 5)} == {"water-0", "roads-0"}
    assert [cid for cid, _ in store.keyword_search("达到", 5, doc_id="roads")] == ["roads-0"]
    hits = store.keyword_search("阶梯水价", 5, doc_id="water")
    assert [cid for cid, _ in hits] == ["water-1"]
    assert hits[0][1] == pytest.approx(store.keyword_search("阶梯水价", 1)[0][1], rel=1e-5)  # the same BM25 score
    assert store.keyword_search("阶梯水价", 5, doc_id="roads") == []
    assert store.keyword_search("阶梯水价", 5, doc_id="unknown") == []


def test_chunk_at_finds_the_chunk_holding_a_document_offset(store: VectorStore) -> None:
    water = store.documents()["water"].text
    second = water.index(TEXTS["water"][1])
    at = store.chunk_at("water", second + 3)
    assert at is not None and at.chunk_id == "water-1"
    first = store.chunk_at("water", 0)
    assert first is not None and first.chunk_id == "water-0"
    assert store.chunk_at("water", len(TEXTS["water"][0])) is None  # the line break between the chunks
    assert store.chunk_at("water", len(water) + 5) is None
    assert store.chunk_at("unknown", 0) is None


def test_chunk_at_prefers_the_overlapping_chunk_with_the_most_text_after_the_offset(store: VectorStore) -> None:
    text = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸"
    chunks = [Chunk("o-0", "o", text[0:10], 0, 10), Chunk("o-1", "o", text[5:20], 5, 20),
              Chunk("o-2", "o", text[8:12], 8, 12)]
    store.upsert([Document("o", "o.txt", "o", text, "1" * 64)], chunks, EMB.embed_passages([c.text for c in chunks]))
    held = store.chunk_at("o", 9)
    assert held is not None and held.chunk_id == "o-1"
    early = store.chunk_at("o", 2)
    assert early is not None and early.chunk_id == "o-0"


def test_document_fields_match_the_places_a_question_names(store: VectorStore) -> None:
    for doc_id, place in (("wuhan", "湖北省 武汉市"), ("chengdu", "四川省 成都市")):
        doc, chunks = doc_and_chunks(doc_id, [f"{place.split()[1]}推行阶梯水价。"], {"place": place})
        store.upsert([doc], chunks, EMB.embed_passages([c.text for c in chunks]))
    fields = store.document_fields()
    assert sorted(fields.doc_ids) == ["chengdu", "roads", "water", "wuhan"]
    for question, named in (("武汉的阶梯水价怎么定？", "wuhan"), ("四川省成都市阶梯水价", "chengdu")):
        scores = fields.entity_scores(question)
        assert fields.doc_ids[int(scores.argmax())] == named and sorted(scores)[-2] == 0


def test_faiss_bm25_store_round_trips_through_an_index_generation(tmp_path: Path) -> None:
    store = FaissBM25Store(EMB.model_id, EMB.dim)
    doc, chunks = doc_and_chunks("water", TEXTS["water"])
    vectors = EMB.embed_passages([c.text for c in chunks])
    store.upsert([doc], chunks, vectors)
    store.write(tmp_path / "index")
    again = FaissBM25Store.from_snapshot(load_snapshot(tmp_path / "index", EMB.model_id))
    assert again.documents() == store.documents()
    assert np.allclose(again.snapshot().vectors.vectors(), vectors)
    assert again.keyword_search("阶梯水价", 1)[0][0] == "water-1"
