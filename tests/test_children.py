"""Parent–child dense search: child spans of a chunk (assistant/ingest/children.py) and the store
that ranks chunks by their best child (assistant/index/child_store.py), over real FAISS indexes."""

from __future__ import annotations

import re

import numpy as np
import pytest

from assistant.index.child_store import ChildMaxStore
from assistant.index.faiss_store import FaissStore
from assistant.ingest.children import child_spans, children
from assistant.ingest.chunking import ChineseChunker
from assistant.records import Chunk, Document

LAW = ("第一章 总则\n\n第一条 为了保护劳动者的合法权益，制定本法。\n\n"
       "第二条 用人单位应当依法建立和完善劳动规章制度，保障劳动者享有劳动权利、履行劳动义务。"
       "劳动者应当完成劳动任务，提高职业技能，执行劳动安全卫生规程，遵守劳动纪律和职业道德。\n\n"
       "第三条 国家采取各种措施，促进劳动就业，发展职业教育，制定劳动标准。")


def _doc(text: str) -> Document:
    return Document("law", "law.txt", "劳动法", text, "sha")


def test_children_are_exact_spans_of_the_document_inside_their_chunk() -> None:
    doc = _doc(LAW * 3)
    chunks = ChineseChunker(350, 80).split(doc)
    for chunk in chunks:
        kids = children(chunk, 40)
        assert all(doc.text[k.start:k.end] == k.text for k in kids)
        assert all(chunk.start <= k.start < k.end <= chunk.end for k in kids)
        assert all(a.end <= b.start for a, b in zip(kids, kids[1:], strict=False))
        assert all(k.doc_id == chunk.doc_id and k.section == chunk.section for k in kids)


def test_a_child_never_runs_across_the_start_of_an_article() -> None:
    spans = child_spans(LAW, 1000)
    texts = [LAW[a:b] for a, b in spans]
    assert texts[1].startswith("第一条") and texts[2].startswith("第二条") and texts[3].startswith("第三条")
    assert not any(re.search("第[一二三]条", t[1:]) for t in texts)


def test_sentences_are_merged_up_to_the_limit_and_a_long_sentence_stays_whole() -> None:
    text = "甲甲甲。乙乙乙。丙丙丙。" + "丁" * 30 + "。"
    assert [text[a:b] for a, b in child_spans(text, 8)] == ["甲甲甲。乙乙乙。", "丙丙丙。", "丁" * 30 + "。"]
    assert child_spans(text, 12) == [(0, 12), (12, 43)]


def test_a_chunk_of_one_child_is_its_own_only_child() -> None:
    chunk = Chunk("c1", "law", "第一条 为了保护劳动者的合法权益，制定本法。", 10, 31)
    assert children(chunk, 150) == [chunk]


def test_max_chars_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_chars must be >= 1, got 0"):
        child_spans(LAW, 0)


def _unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


# Three parents in 3-d space; parent 0 has children along x and y, parent 1 along z, parent 2 along x+z.
PARENTS = np.vstack([_unit(1, 1, 0), _unit(0, 0, 1), _unit(1, 0, 1)])
CHILDREN = np.vstack([_unit(1, 0, 0), _unit(0, 1, 0), _unit(0, 0, 1), _unit(1, 0, 1)])
PARENT_OF = np.array([0, 0, 1, 2])


def _store(share: float = 0.0) -> ChildMaxStore:
    return ChildMaxStore(FaissStore.build(PARENTS), FaissStore.build(CHILDREN), PARENT_OF, share)


def test_a_parent_is_ranked_by_its_best_child_and_returned_as_the_parent() -> None:
    q = _unit(1, 0, 0.1)
    ranked = _store().ranked(q, 3)
    assert [p for p, _ in ranked] == [0, 2, 1]  # parent 0's x child beats parent 2's own x+z vector
    assert ranked[0][1] == pytest.approx(float(q @ _unit(1, 0, 0)), abs=1e-6)


def test_search_keeps_the_childrens_order_but_reports_each_parents_own_similarity() -> None:
    q = _unit(1, 0, 0.1)
    hits = _store().search(q, 3)
    assert [p for p, _ in hits] == [0, 2, 1]
    assert [s for _, s in hits] == pytest.approx([float(q @ PARENTS[p]) for p in (0, 2, 1)], abs=1e-6)
    assert hits[0][1] < hits[1][1]  # the order is the children's, not the parents' own


def test_a_share_of_the_parents_own_similarity_is_mixed_into_its_best_childs() -> None:
    q = _unit(1, 0, 0.9)
    hits = dict(_store(0.5).ranked(q, 3))
    assert hits[2] == pytest.approx((float(q @ CHILDREN[3]) + 0.5 * float(q @ PARENTS[2])) / 1.5, abs=1e-6)
    assert hits[0] == pytest.approx((float(q @ CHILDREN[0]) + 0.5 * float(q @ PARENTS[0])) / 1.5, abs=1e-6)
    assert list(hits) == [2, 0, 1]


def test_search_returns_k_distinct_parents_even_when_one_parent_holds_the_nearest_children() -> None:
    rng = np.random.default_rng(0)
    parents = rng.normal(size=(5, 8)).astype(np.float32)
    kids = np.vstack([parents[0] + rng.normal(scale=0.01, size=(40, 8)), parents[1:]]).astype(np.float32)
    parents /= np.linalg.norm(parents, axis=1, keepdims=True)
    kids /= np.linalg.norm(kids, axis=1, keepdims=True)
    store = ChildMaxStore(FaissStore.build(parents), FaissStore.build(kids), np.array([0] * 40 + [1, 2, 3, 4]))
    hits = store.search(parents[0], 3)
    assert len(hits) == 3 and hits[0][0] == 0 and len({p for p, _ in hits}) == 3


def test_children_must_name_existing_parents() -> None:
    with pytest.raises(ValueError, match="parent_of must name parents 0..2"):
        ChildMaxStore(FaissStore.build(PARENTS), FaissStore.build(CHILDREN), np.array([0, 0, 1, 3]))
    with pytest.raises(ValueError, match="parent_of has 3 entries for 4 child vectors"):
        ChildMaxStore(FaissStore.build(PARENTS), FaissStore.build(CHILDREN), np.array([0, 0, 1]))
