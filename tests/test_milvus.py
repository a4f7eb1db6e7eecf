"""The Milvus store (milvus-lite, embedded and as a server): same rankings as the FAISS store, exact
BM25 statistics, incremental runs, deletes, atomic alias switches (SIGKILL), concurrent readers."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assistant.bench.milvus_server import milvus_server
from assistant.cli import main
from assistant.config import Settings, parse_store
from assistant.embed.models import Embedder, make_embedder
from assistant.errors import ConfigError
from assistant.index.bm25 import BM25Index
from assistant.index.child_store import ChildMaxStore
from assistant.index.indexer import Indexer
from assistant.index.milvus_bm25 import term_counts
from assistant.index.milvus_snapshot import open_snapshot
from assistant.index.milvus_store import MilvusStore, connect, generations, live_name
from assistant.index.sentence_store import document_sentences
from assistant.pipeline import Assistant, build
from assistant.records import Chunk
from tests.conftest import CORPUS, REPO, SEED
from tests.lookalikes import CITIES, notice, top_doc_is_the_named_city

QUESTIONS = [json.loads(line)["question"] for line in (REPO / "evals/golden/seed.jsonl").read_text().splitlines()[:25]]
NOTICES = REPO / "tests/data/notices"
PLACE_QUESTIONS = ["湖北省对中小微企业免收几个月房租？", "武汉市2020年2月的纳税申报期限延长到哪天？",
                   "江西省如何推动企业复产复工？", "深圳市南山区支持中小微企业的措施从哪天施行？"]


def _docs(tmp: Path, *files: Path) -> Path:
    docs = tmp / "docs"
    docs.mkdir(exist_ok=True)
    for f in files:
        shutil.copyfile(f, docs / f.name)
    return docs


def _settings(tmp: Path, docs: Path, store: str, embedder: str = "hash", **kw: object) -> Settings:
    return Settings.from_env({}, docs_dir=docs, index_dir=tmp / "index", data_dir=tmp / "data",
                             embedder=embedder, store=store, **kw)


def assert_same_up_to_ties(got: list[tuple[int, float]], want: list[tuple[int, float]], rel: float = 1e-5) -> bool:
    """The same scores rank by rank, and the same chunks except where scores tie (within `rel`: FAISS,
    bm25s and Milvus sum floats in different orders). Returns whether the order is identical."""
    assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=rel)
    for (gi, gs), (wi, _) in zip(got, want, strict=True):
        if gi != wi:
            tied = {i for i, s in want if s == pytest.approx(gs, rel=rel)}
            assert {gi, wi} <= tied, (gi, wi)
    return [i for i, _ in got] == [i for i, _ in want]


# -- settings -------------------------------------------------------------------------------------
def test_store_setting_names_faiss_milvus_lite_or_a_server() -> None:
    assert parse_store("", "index").kind == "faiss"
    assert parse_store("faiss:/x/idx").location == "/x/idx"
    assert parse_store("milvus:./index/milvus.db").location == "./index/milvus.db"
    assert parse_store("https://milvus.example:19530").is_milvus
    assert Settings.from_env({"ASSISTANT_STORE": "faiss:other"}).index_dir == Path("other")
    with pytest.raises(ConfigError):
        parse_store("milvus:./index/folder")
    with pytest.raises(ConfigError):
        Settings(store="postgres://x")


# -- ranking and BM25 -----------------------------------------------------------------------------
@pytest.mark.slow  # milvus-lite end to end takes seconds: in `make test`, not the fast loop
def test_milvus_store_ranks_like_faiss_store_in_every_mode(tmp_path: Path) -> None:
    docs = _docs(tmp_path, SEED, CORPUS / "xi_shuoming_on_jueding_2024.txt", *sorted(NOTICES.iterdir()))
    emb = make_embedder("hash")
    # The default settings: chunk headers, and the entity bonus with its documents' best keyword passages.
    faiss_s = _settings(tmp_path / "f", docs, "")
    milvus_s = _settings(tmp_path / "m", docs, f"milvus:{tmp_path / 'm' / 'milvus.db'}")
    assert faiss_s.entity_weight > 0 and faiss_s.chunk_headers
    for s in (faiss_s, milvus_s):
        Indexer(s, emb).run(docs)
    faiss_a, milvus_a = build(faiss_s, embedder=emb), build(milvus_s, embedder=emb)
    assert milvus_a.snapshot.generation.startswith("assistant_g")
    f_fields, m_fields = faiss_a.snapshot.fields, milvus_a.snapshot.fields
    assert f_fields is not None and m_fields is not None and m_fields.doc_ids == f_fields.doc_ids
    assert m_fields.vectors.shape == f_fields.vectors.shape and np.allclose(m_fields.vectors, f_fields.vectors)
    questions = [*QUESTIONS, *PLACE_QUESTIONS]
    same_top10 = 0
    for q in questions:
        assert np.array_equal(m_fields.entity_scores(q), f_fields.entity_scores(q))
        keyword = faiss_a.parts.hybrid.expand(q)  # the glossary expansion both retrievers apply
        dense_q = emb.embed_query(q)
        same_bm25 = assert_same_up_to_ties(milvus_a.snapshot.bm25.search(keyword, 40),
                                           faiss_a.snapshot.bm25.search(keyword, 40))
        same_dense = assert_same_up_to_ties(milvus_a.snapshot.vectors.search(dense_q, 40),
                                            faiss_a.snapshot.vectors.search(dense_q, 40))
        if same_bm25 and same_dense:  # the same inputs: fusion must give the same ranking and scores
            for mode in ("hybrid", "bm25", "dense"):
                got, want = milvus_a.search(q, 10, mode), faiss_a.search(q, 10, mode)
                assert [h.to_dict() for h in got] == [h.to_dict() for h in want] or all(
                    g.chunk == w.chunk and g.score == pytest.approx(w.score, rel=1e-5)
                    for g, w in zip(got, want, strict=True))
        # Otherwise the inputs differ in the order of tied scores only (bm25s breaks ties in no fixed
        # order); the best passage is the same all the same, and most lists are identical.
        got, want = milvus_a.search(q, 10), faiss_a.search(q, 10)
        assert got[0].chunk == want[0].chunk, q
        same_top10 += [h.chunk for h in got] == [h.chunk for h in want]
    assert same_top10 >= 0.8 * len(questions)
    for q in QUESTIONS[:5]:
        assert milvus_a.ask(q).text == faiss_a.ask(q).text


@pytest.mark.slow  # milvus-lite end to end takes seconds: in `make test`, not the fast loop
@pytest.mark.parametrize("analyzer", ["words", "words+bigrams"])
def test_bm25_statistics_stay_exact_when_chunks_are_added_and_deleted(tmp_path: Path, analyzer: str) -> None:
    client = connect(_settings(tmp_path, tmp_path, f"milvus:{tmp_path / 'm.db'}"))
    store = MilvusStore.create(client, "stats", dim=4, analyzer=analyzer)
    texts = {"a": "数字重庆建设全面推进，数字经济增加值占比提升。", "b": "城市治理现代化，数字政府建设。",
             "c": "工业总产值迈上4万亿台阶，制造业增加值占比28%。", "d": "深化国资国企改革，城市更新。"}
    rng = np.random.default_rng(0)
    for key, text in texts.items():
        store.add_chunks([Chunk(f"c-{key}", f"doc-{key}", text, 0, len(text))], rng.random((1, 4)))
    store.delete_document("doc-b")
    store.add_chunks([Chunk("c-a", "doc-a", texts["c"], 0, 5)], rng.random((1, 4)))  # upsert replaces c-a
    store.reweight()
    remaining = [texts["c"], texts["c"], texts["d"]]  # c-a now holds the text of c
    fresh = MilvusStore(client, store.name)  # statistics read back from Milvus
    expected = BM25Index.build(remaining, analyzer)
    assert fresh.analyzer == analyzer and fresh.stats.n == 3
    assert fresh.stats.total_len == sum(sum(term_counts(t, analyzer).values()) for t in remaining)
    for term in ("数字", "城市", "工业", "改革"):
        assert fresh.stats.idf(fresh.stats.df.get(term, 0)) == pytest.approx(expected.idf(term), rel=1e-6)
    for query in ("城市更新", "工业总产值", "数字重庆建设"):
        got = dict(fresh.keyword_search(query, 10))
        scores = expected.scores(query)
        want = {cid: float(scores[i]) for i, cid in enumerate(["c-a", "c-c", "c-d"]) if scores[i] > 0}
        assert set(got) == set(want)
        for cid, s in want.items():
            assert got[cid] == pytest.approx(s, rel=1e-5)
    assert "c-b" not in dict(fresh.keyword_search("数字政府", 10))


@pytest.mark.slow  # milvus-lite end to end takes seconds: in `make test`, not the fast loop
def test_a_question_naming_a_place_ranks_that_places_notice_first_on_milvus(tmp_path: Path) -> None:
    docs = _docs(tmp_path, *sorted(NOTICES.iterdir()))  # the notices, and six look-alikes that differ by city
    for i, city in enumerate(CITIES):
        (docs / f"n{i}.txt").write_text(notice(city, i + 1), encoding="utf-8")
    emb = make_embedder("hash")
    # Without chunk headers only the entity bonus tells the look-alikes apart (hash vectors are noise).
    s = _settings(tmp_path, docs, f"milvus:{tmp_path / 'milvus.db'}", chunk_headers=False)
    Indexer(s, emb).run(docs)
    a = build(s, embedder=emb)
    assert a.parts.hybrid is not None
    assert all(top_doc_is_the_named_city(a.parts.hybrid))
    hits = a.search(PLACE_QUESTIONS[0], 5)
    assert hits[0].chunk.doc_id == "hubei_fugong.txt" and "免收三个月房租" in hits[0].chunk.text
    plain = build(_settings(tmp_path, docs, s.store, chunk_headers=False, entity_weight=0.0), embedder=emb)
    assert plain.parts.hybrid is not None
    assert not all(top_doc_is_the_named_city(plain.parts.hybrid)), "the look-alikes should confuse plain retrieval"


@pytest.mark.slow  # milvus-lite end to end takes seconds: in `make test`, not the fast loop
def _faiss_and_milvus(tmp: Path, *files: Path, **kw: object) -> tuple[Assistant, Assistant, Embedder]:
    """The seed document (or `files`) indexed (hash embedder) in a FAISS folder and in milvus-lite, with
    settings `kw`: both assistants."""
    docs = _docs(tmp, *(files or (SEED,)))
    emb = make_embedder("hash")
    faiss_s = _settings(tmp / "f", docs, "", **kw)
    milvus_s = _settings(tmp / "m", docs, f"milvus:{tmp / 'm' / 'milvus.db'}", **kw)
    for s in (faiss_s, milvus_s):
        Indexer(s, emb).run(docs)
    return build(faiss_s, embedder=emb), build(milvus_s, embedder=emb), emb


def test_list_items_outside_the_retrieved_chunks_are_cited_by_the_milvus_chunk_holding_them(tmp_path: Path) -> None:
    faiss_a, milvus_a, _ = _faiss_and_milvus(tmp_path)
    faiss_snap, milvus_snap = faiss_a.snapshot, milvus_a.snapshot
    assert faiss_snap is not None and milvus_snap is not None
    text = faiss_snap.docs[SEED.name].text
    for offset in range(0, len(text), 97):
        assert milvus_snap.chunk_at(SEED.name, offset) == faiss_snap.chunk_at(SEED.name, offset)


@pytest.mark.slow  # milvus-lite end to end takes seconds: in `make test`, not the fast loop
def test_milvus_holds_the_same_sentence_vectors_and_answers_read_them_as_from_faiss(tmp_path: Path) -> None:
    faiss_a, milvus_a, emb = _faiss_and_milvus(tmp_path)
    fs, ms = faiss_a.snapshot.sentences, milvus_a.snapshot.sentences
    assert fs is not None and ms is not None and milvus_a.snapshot.manifest["sentence_vectors"] is True
    doc = faiss_a.snapshot.docs[SEED.name]
    keys = [(SEED.name, a) for a, _ in document_sentences(doc)][::7] + [(SEED.name, 1), ("other.txt", 0)]
    q = emb.embed_query("重庆要编制哪几张改革清单？")
    got, want = ms.similarity(q, keys), fs.similarity(q, keys)
    assert np.isnan(got[-2:]).all() and np.allclose(got[:-2], want[:-2], atol=2e-3)  # float16 on the FAISS side
    compared = 0
    for question in QUESTIONS[:10]:
        ev_f, ev_m = faiss_a.evidence(question, []), milvus_a.evidence(question, [])
        if [h.chunk.chunk_id for h in ev_f.hits] != [h.chunk.chunk_id for h in ev_m.hits]:
            continue  # rankings may differ within ties; the features are compared on the same passages
        compared += 1
        feats = [[c.features["sentence_dense"] for c in a.parts.answerer.candidates(  # type: ignore[attr-defined]
            ev.standalone.focus, "", ev.hits, a.parts.docs, query=ev.standalone.question)]
            for a, ev in ((faiss_a, ev_f), (milvus_a, ev_m))]
        assert feats[0] == pytest.approx(feats[1], abs=3e-3)
    assert compared >= 5


@pytest.mark.slow  # milvus-lite end to end takes seconds: in `make test`, not the fast loop
def test_milvus_ranks_chunks_by_their_children_as_the_faiss_store_does(tmp_path: Path) -> None:
    faiss_a, milvus_a, emb = _faiss_and_milvus(tmp_path, SEED, CORPUS / "xi_shuoming_on_jueding_2024.txt",
                                               child_chars=80)
    fd, md = faiss_a.parts.hybrid.dense, milvus_a.parts.hybrid.dense
    assert isinstance(fd, ChildMaxStore) and isinstance(md, ChildMaxStore)
    assert milvus_a.snapshot.manifest["child_chars"] == 80 and milvus_a.snapshot.manifest["child_vectors"] == "sentences"
    assert np.array_equal(md.parent_of, fd.parent_of)  # the same children, each of the same chunk
    identical = 0
    for q in QUESTIONS[:15]:
        v = emb.embed_query(q)
        identical += assert_same_up_to_ties(md.ranked(v, 10), fd.ranked(v, 10), rel=1e-4)
        got, want = milvus_a.search(q, 10, "dense"), faiss_a.search(q, 10, "dense")
        assert [h.dense_score for h in got] == pytest.approx([h.dense_score for h in want], rel=1e-4)
        assert got[0].chunk == want[0].chunk  # a chunk found only through a child is fetched with it
    assert identical >= 12
    # a deleted document's children go with it; the rest still rank their chunks
    milvus_a.snapshot.store.delete_document(SEED.name)  # type: ignore[attr-defined]
    after = build(_settings(tmp_path / "m", milvus_a.settings.docs_dir, milvus_a.settings.store, child_chars=80),
                  embedder=emb)
    dense = after.parts.hybrid.dense
    seed_children = sum(faiss_a.snapshot.chunks[p].doc_id == SEED.name for p in fd.parent_of.tolist())
    assert isinstance(dense, ChildMaxStore) and int((dense.parent_of == -1).sum()) == seed_children > 0
    for q in QUESTIONS[:5]:
        assert {h.chunk.doc_id for h in after.search(q, 10, "dense")} == {"xi_shuoming_on_jueding_2024.txt"}


# -- the indexer's guarantees ---------------------------------------------------------------------
@pytest.mark.slow  # milvus-lite end to end takes seconds: in `make test`, not the fast loop
def test_incremental_milvus_run_embeds_only_changed_chunks_and_forgets_deleted_documents(tmp_path: Path) -> None:
    docs = _docs(tmp_path, SEED, CORPUS / "xi_shuoming_on_jueding_2024.txt")
    emb = make_embedder("hash")
    s = _settings(tmp_path, docs, f"milvus:{tmp_path / 'milvus.db'}")
    first = Indexer(s, emb).run(docs)
    assert first.embedded == first.chunks > 0
    extra = docs / "new_notice.txt"
    extra.write_text("关于推进城市地下管网更新改造的通知\n一、到2026年完成老旧燃气管网改造1200公里。", encoding="utf-8")
    second = Indexer(s, emb).run(docs)
    assert second.added == ["new_notice.txt"] and second.embedded == second.chunks - first.chunks
    hits = build(s, embedder=emb).search("燃气管网改造多少公里", 5)
    assert hits[0].chunk.doc_id == "new_notice.txt", [(h.chunk.doc_id, h.bm25_rank, h.dense_rank, h.score) for h in hits]
    extra.unlink()
    (docs / SEED.name).unlink()
    third = Indexer(s, emb).run(docs)
    assert third.embedded == 0 and sorted(third.removed) == sorted(["new_notice.txt", SEED.name])
    a = build(s, embedder=emb)
    for q in ("燃气管网改造多少公里", *QUESTIONS[:10]):
        for mode in ("hybrid", "bm25", "dense"):
            assert {h.chunk.doc_id for h in a.search(q, 10, mode)} <= {"xi_shuoming_on_jueding_2024.txt"}
    assert set(a.snapshot.docs) == {"xi_shuoming_on_jueding_2024.txt"}
    sentences = a.snapshot.sentences
    assert sentences is not None
    assert np.isnan(sentences.similarity(emb.embed_query("q"), [(SEED.name, 0), ("new_notice.txt", 0)])).all()
    client = connect(s)
    assert len(generations(client, "assistant")) == 2  # the live one and the one it replaced


@pytest.mark.slow  # milvus-lite end to end takes seconds: in `make test`, not the fast loop
def test_cli_indexes_searches_and_answers_with_a_milvus_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = _docs(tmp_path, SEED)
    store = f"milvus:{tmp_path / 'milvus.db'}"
    common = ["--docs", str(docs), "--index", str(tmp_path / "index"), "--embedder", "hash", "--store", store]
    assert main(["index", *common, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["added"] == [SEED.name]
    assert main(["search", "工业总产值目标", *common, "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and all(h["doc_id"] == SEED.name for h in hits)
    assert main(["ask", "到2027年，重庆全市工业总产值的目标是多少？", *common, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["question"]


# -- a milvus-lite server: SIGKILL, concurrent readers ----------------------------------------------
_KILLED_WRITER = """
import sys, time
from pathlib import Path
from assistant.config import Settings
from assistant.embed.models import Embedder, make_embedder
from assistant.index import milvus_store
from assistant.index.indexer import Indexer

real = milvus_store.MilvusStore.add_chunks
def slow(self, *a, **kw):
    real(self, *a, **kw)
    print("WRITING", self.name, flush=True)
    time.sleep(120)
milvus_store.MilvusStore.add_chunks = slow
s = Settings.from_env(docs_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]), embedder="hash")
Indexer(s, make_embedder("hash")).run(rebuild=True)
"""


@contextlib.contextmanager
def _seed_on_server(tmp: Path) -> Iterator[tuple[Path, str, Settings, Embedder]]:
    """A milvus-lite server with the seed document indexed (hash embedder)."""
    docs = _docs(tmp, SEED)
    with milvus_server(tmp / "milvus") as uri:
        s = _settings(tmp, docs, uri)
        emb = make_embedder("hash")
        Indexer(s, emb).run(docs)
        yield docs, uri, s, emb


@pytest.mark.slow
def test_sigkill_during_milvus_reindex_leaves_the_old_state_answering(tmp_path: Path) -> None:
    with _seed_on_server(tmp_path) as (docs, uri, s, emb):
        before = build(s, embedder=emb).ask(QUESTIONS[0])
        old = live_name(connect(s), "assistant")
        env = {**os.environ, "ASSISTANT_STORE": uri, "PYTHONPATH": str(REPO)}
        proc = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(docs), str(tmp_path / "index")],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("WRITING"), line
        partial = line.split()[1]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        client = connect(s)
        assert partial in generations(client, "assistant") and live_name(client, "assistant") == old
        after = build(s, embedder=emb).ask(QUESTIONS[0])
        assert after.hits and [h.to_dict() for h in after.hits] == [h.to_dict() for h in before.hits]
        Indexer(s, emb).run(docs, rebuild=True)  # the next run replaces it and drops the partial one
        assert partial not in generations(client, "assistant")
        rebuilt = build(s, embedder=emb).ask(QUESTIONS[0])
        assert [h.chunk for h in rebuilt.hits] == [h.chunk for h in before.hits]


@pytest.mark.slow
def test_concurrent_readers_see_the_old_or_the_new_generation_never_a_mix(tmp_path: Path) -> None:
    with _seed_on_server(tmp_path) as (docs, _uri, s, emb):
        old_docs = {SEED.name}
        new_docs = {"xi_shuoming_on_jueding_2024.txt"}
        seen: list[frozenset[str]] = []
        errors: list[BaseException] = []
        stop = threading.Event()

        def read() -> None:
            while not stop.is_set():
                try:
                    snap = open_snapshot(s, emb.model_id)
                    a = build(s, embedder=emb, snapshot=snap)
                    hit_docs = {h.chunk.doc_id for q in ("改革", "工业", "城市") for h in a.search(q, 10)}
                    state = frozenset(snap.docs)
                    assert hit_docs <= state and len(snap.chunks) == a.snapshot.manifest["chunks"]
                    seen.append(state)
                except BaseException as exc:
                    errors.append(exc)
                    return

        readers = [threading.Thread(target=read) for _ in range(2)]
        for t in readers:
            t.start()
        time.sleep(1.0)
        (docs / SEED.name).unlink()
        shutil.copyfile(CORPUS / "xi_shuoming_on_jueding_2024.txt", docs / "xi_shuoming_on_jueding_2024.txt")
        Indexer(s, emb).run(docs)
        time.sleep(1.0)
        stop.set()
        for t in readers:
            t.join(timeout=60)
        assert not errors, errors[0]
        assert set(seen) <= {frozenset(old_docs), frozenset(new_docs)}
        assert frozenset(old_docs) in seen and seen[-1] == frozenset(new_docs)
