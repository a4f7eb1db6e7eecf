"""BM25's keyword analyzer: jieba words, optionally with character bigrams; an index remembers how
it was cut, and a change of analyzer re-indexes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.index.bm25 import ANALYZER_FILE, BM25Index
from assistant.text.tokens import keyword_terms, tokenize

TEXTS = ["丧偶儿媳对公婆尽了主要赡养义务的，作为第一顺序继承人。",
         "继承从被继承人死亡时开始。",
         "复工复产企业可以申请延期缴纳社会保险费。"]


def test_words_analyzer_gives_the_jieba_content_words() -> None:
    assert keyword_terms(TEXTS[0]) == tokenize(TEXTS[0])


def test_bigram_analyzer_adds_every_character_bigram_marked_apart_from_words() -> None:
    terms = keyword_terms("儿媳可以继承吗", "words+bigrams")
    assert terms[: len(tokenize("儿媳可以继承吗"))] == tokenize("儿媳可以继承吗")
    assert {"§儿媳", "§媳可", "§继承", "§承吗"} <= set(terms)
    assert "§" + "儿媳" != "儿媳"  # a word and the bigram of the same characters are different terms


def test_unknown_analyzer_is_refused_in_settings_and_at_build() -> None:
    with pytest.raises(ConfigError, match="keyword_analyzer"):
        Settings(keyword_analyzer="trigrams")
    with pytest.raises(ValueError, match="analyzer"):
        keyword_terms("继承", "trigrams")


def test_bigrams_find_a_word_that_jieba_cuts_differently_in_question_and_text() -> None:
    # "复产复工" is not how the text writes it; its bigrams 复产/产复/复工 still meet the text's
    words, bigrams = BM25Index.build(TEXTS), BM25Index.build(TEXTS, "words+bigrams")
    q = "复产复工的企业社保费怎么办"
    assert bigrams.search(q, 3)[0][0] == 2
    assert bigrams.scores(q)[2] > 0 and bigrams.scores(q)[2] >= words.scores(q)[2]


@pytest.mark.parametrize("analyzer", ["words", "words+bigrams"])
def test_a_year_asked_in_digits_finds_a_text_writing_it_in_chinese_numerals(analyzer: str) -> None:
    texts = ["到二〇三五年，全面建成高水平市场经济体制。", "到本世纪中叶，全面建成现代化强国。"]
    index = BM25Index.build(texts, analyzer)
    assert index.search("2035年要建成什么体制", 2)[0][0] == 0
    assert index.scores("2035年")[0] > 0 and index.scores("二〇三五年")[0] == index.scores("2035年")[0]


def test_saved_index_keeps_its_analyzer_and_old_indexes_read_as_words(tmp_path: Path) -> None:
    built = BM25Index.build(TEXTS, "words+bigrams")
    built.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25", len(TEXTS))
    assert loaded.analyzer == "words+bigrams"
    q = "儿媳能继承吗"
    assert loaded.scores(q).tolist() == pytest.approx(built.scores(q).tolist())
    (tmp_path / "bm25" / ANALYZER_FILE).unlink()  # an index written before analyzers existed
    assert BM25Index.load(tmp_path / "bm25", len(TEXTS)).analyzer == "words"


def test_switching_the_analyzer_rewrites_the_index_without_embedding_chunks_again(tmp_path: Path) -> None:
    from assistant.embed.models import HashEmbedder
    from assistant.index.indexer import Indexer
    from assistant.index.store import load_snapshot
    from tests.conftest import hash_settings

    docs = tmp_path / "docs"
    docs.mkdir()
    for i, text in enumerate(TEXTS):
        (docs / f"d{i}.txt").write_text(text, encoding="utf-8")
    s = hash_settings(tmp_path, docs, keyword_analyzer="words")
    Indexer(s, HashEmbedder()).run()
    assert Indexer(s, HashEmbedder()).run().wrote is False  # nothing changed: nothing written
    report = Indexer(s.replace(keyword_analyzer="words+bigrams"), HashEmbedder()).run()
    assert report.wrote and report.embedded == 0
    snap = load_snapshot(s.index_dir)
    assert snap.manifest["keyword_analyzer"] == "words+bigrams" and snap.bm25.analyzer == "words+bigrams"


def test_a_query_term_in_most_texts_is_left_out_unless_nothing_else_is_left() -> None:
    texts = [f"深化改革第{i}项任务：推进工作落实。" for i in range(8)] + ["数字重庆建设全面深化改革。", "城市治理。"]
    index = BM25Index.build(texts, "words")
    np.testing.assert_array_equal(index.scores("深化改革 数字重庆"), index.scores("数字重庆"))
    assert index.scores("深化改革").max() > 0  # alone, the common term still ranks what holds it
    assert int(np.argmax(index.scores("深化改革 数字重庆"))) == 8
