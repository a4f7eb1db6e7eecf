"""The golden format's document scope and splits: a question whose source document is not indexed
must be refused, so one set runs over documents/ alone and over documents/ plus the corpus; figures
are reported for the tune and held-out halves separately."""

from __future__ import annotations

from assistant.evals.golden import parse_line
from assistant.evals.metrics import aggregate, aggregate_splits, score_question
from assistant.records import Answer, Chunk, Citation, Document, Hit

DOC = Document("d", "jueding.txt", "决定", "前言。到二〇二九年完成本决定提出的改革任务。结语。", "h")
LINE = ('{"id": "c1", "type": "fact", "question": "到哪一年完成？", "must": ["二〇二九年"], '
        '"evidence": ["到二〇二九年完成"], "source": "jueding.txt", "split": "heldout"}')


def _answered() -> Answer:
    quote = "到二〇二九年完成本决定提出的改革任务。"
    start = DOC.text.find(quote)
    return Answer("q", "q", quote + "[1]", [Citation(1, "c", "d", "决定", "", quote, start, start + len(quote), 1.0)])


def test_a_question_whose_source_is_not_indexed_must_be_refused() -> None:
    q = parse_line(LINE, 1)
    hits = [Hit(Chunk("c", "d", DOC.text, 0, len(DOC.text)), 1.0)]
    refused = Answer("q", "q", "文档中没有找到", [], True)
    r = score_question(q, refused, hits, {"d": DOC}, indexed={"chongqing.txt"})
    assert r.expect_refusal and r.passed and r.key_fact is None and not r.has_evidence
    wrong = score_question(q, _answered(), hits, {"d": DOC}, indexed={"chongqing.txt"})
    assert not wrong.passed and "should have refused" in wrong.reasons
    indexed = score_question(q, _answered(), hits, {"d": DOC}, indexed={"chongqing.txt", "jueding.txt"})
    assert indexed.passed and not indexed.expect_refusal and indexed.key_fact
    m = aggregate([r, indexed])
    assert m["oos_refusal_rate"] == 1.0 and m["key_fact_accuracy"] == 1.0


def test_split_comes_from_the_line_or_a_fixed_hash_of_the_id() -> None:
    assert parse_line(LINE, 1).split == "heldout"
    ids = [f"s{i:03d}" for i in range(100)]
    splits = [parse_line(f'{{"id": "{i}", "type": "oos", "question": "问？"}}', 1).split for i in ids]
    assert splits == [parse_line(f'{{"id": "{i}", "type": "oos", "question": "问？"}}', 1).split for i in ids]
    assert 30 <= splits.count("tune") <= 70


def test_figures_are_given_per_split() -> None:
    q = parse_line(LINE, 1)
    hits = [Hit(Chunk("c", "d", DOC.text, 0, len(DOC.text)), 1.0)]
    r = score_question(q, _answered(), hits, {"d": DOC}, indexed={"jueding.txt"})
    assert set(aggregate_splits([r])) == {"heldout"}
