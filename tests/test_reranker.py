from __future__ import annotations

from pathlib import Path

import pytest

from assistant.embed.models import HashEmbedder
from assistant.index.indexer import Indexer
from assistant.index.store import load_snapshot
from assistant.retrieval.hybrid import HybridRetriever, Reranker
from tests.conftest import hash_settings
from tests.tiny_models import build_tiny_cross_encoder


@pytest.mark.slow
def test_cross_encoder_stage_rescores_and_reorders_candidates(tmp_path: Path, tiny_docs: Path) -> None:
    model = build_tiny_cross_encoder(tmp_path / "tiny-ce")
    settings = hash_settings(tmp_path, tiny_docs, reranker=str(model))
    Indexer(settings, HashEmbedder()).run()
    snap = load_snapshot(settings.index_dir)
    reranker = Reranker(str(model))
    hits = HybridRetriever(snap, HashEmbedder(), settings, reranker).search("污水处理率", 3)
    assert len(hits) == 3
    assert all(h.rerank_score is not None for h in hits)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    reranker.warm_up()
    direct = reranker._model.predict([("污水处理率", h.chunk.text) for h in hits])  # type: ignore[union-attr]
    assert [round(float(s), 5) for s in direct] == [round(h.score, 5) for h in hits]


def test_reranker_is_off_by_default() -> None:
    from assistant.config import Settings

    assert Settings().reranker == ""
