"""The index in Milvus (milvus-lite in-process, a milvus-lite server, or a Milvus cluster).

One generation is five collections named `<base>_g<stamp>`: chunks (dense vector, client-side BM25
sparse vector, chunk id, document id, offsets, section, order), `..._docs` (documents, text in parts,
title vectors), `..._terms` (BM25 statistics: term id and document frequency per term, plus N, total
length and the manifest), `..._sentences` (sentence vectors) and `..._children` (child-span vectors).
The alias `<base>` points at the live chunks collection; a run builds a complete new
generation, then `alter_alias` switches it in one call, so readers see the old or the new one, never a mix.

BM25 is computed client-side (milvus_bm25.py), exactly as `assistant.index.bm25` scores.

`MilvusStore` implements the `VectorStore` protocol (assistant/index/base.py) and writes generations;
`MilvusSnapshot` (milvus_snapshot.py) is what the retriever searches, with the same document signals
as the FAISS store: the document field index is rebuilt from the stored documents when a generation
is opened, a document's best passages come from a keyword search filtered on `doc_id`, and the chunk
holding an offset from a filtered query.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.config import Settings
from assistant.errors import IndexCorruptError, IndexMissingError, IndexWriteError
from assistant.index.bm25 import informative_terms
from assistant.index.child_store import ChildIndex, child_hnsw_threshold
from assistant.index.fields import DocFieldIndex, chunk_keyword_text
from assistant.index.milvus_bm25 import BM25Stats, TermCounts, term_counts
from assistant.index.sentence_store import SentenceVectors
from assistant.records import Chunk, Document
from assistant.text.tokens import keyword_terms

log = logging.getLogger(__name__)
TEXT_PART = 8000  # characters of document text per row (a VARCHAR holds 65,535 bytes)
BATCH = 1000
PARTS = ("docs", "terms", "sentences", "children")  # a generation's collections besides its chunks: {name}_{part}
REWEIGHT_DRIFT = 0.05  # in-place changes re-weigh all chunks once avgdl moved by 5% (index runs are exact)
N_KEY, LEN_KEY, MANIFEST_KEY, COMPLETE_KEY = "#N", "#len", "#manifest", "#complete"  # never jieba tokens
CHUNK_FIELDS = ["chunk_id", "doc_id", "text", "start", "end", "section", "ord"]
MAX_TOPK = 16384  # the most results one Milvus search returns


def quiet_milvus_logs() -> None:
    """milvus-lite does not serve the timestamps pymilvus asks for (it falls back to client-side ones):
    pymilvus warns and milvus-lite's in-process gRPC server logs a traceback on every such call."""
    logging.getLogger("pymilvus").setLevel(logging.ERROR)
    logging.getLogger("grpc._server").setLevel(logging.CRITICAL)


_clients: dict[tuple[str, str, str], Any] = {}
_clients_lock = threading.Lock()


def connect(settings: Settings) -> Any:
    """A MilvusClient for the store setting (`milvus:PATH.db` or `http(s)://HOST:PORT`)."""
    spec = settings.store_spec
    if not spec.is_milvus:
        raise ValueError(f"not a Milvus store: {settings.store!r}")
    from pymilvus import MilvusClient

    quiet_milvus_logs()

    uri = spec.location
    if not spec.is_server:
        Path(uri).parent.mkdir(parents=True, exist_ok=True)
        uri = str(Path(uri))
    kwargs: dict[str, Any] = {}
    if settings.milvus_token:
        kwargs["token"] = settings.milvus_token
    if settings.milvus_db:
        kwargs["db_name"] = settings.milvus_db
    key = (uri, settings.milvus_token, settings.milvus_db)
    with _clients_lock:
        if key in _clients:
            return _clients[key]
    try:
        client = MilvusClient(uri, **kwargs)
    except Exception as exc:  # pymilvus raises MilvusException, and milvus-lite its own lock errors
        raise IndexMissingError(f"cannot open the Milvus store {spec.location}: {exc}",
                                zh="无法连接 Milvus 存储。") from exc
    with _clients_lock:
        return _clients.setdefault(key, client)  # one client per store: milvus-lite locks its folder per process


def _sentence_key(doc_id: str, start: int) -> str:
    return f"{doc_id}@{start}"


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def chunk_rows(chunks: Sequence[Chunk], vectors: np.ndarray, keyword_texts: Sequence[str], stats: BM25Stats,
               first_ord: int) -> list[dict[str, Any]]:
    """The Milvus rows of chunks: fields, dense vector, and BM25 sparse weights under `stats`."""
    tfs = [term_counts(t, stats.analyzer) for t in keyword_texts]
    return [{"chunk_id": c.chunk_id, "doc_id": c.doc_id, "text": c.text, "start": c.start, "end": c.end,
             "section": list(c.section), "ord": first_ord + i, "tf": dict(tf),
             "dense": np.asarray(v, dtype=np.float32).tolist(), "sparse": stats.doc_vector(tf)}
            for i, (c, tf, v) in enumerate(zip(chunks, tfs, vectors, strict=True))]


# -- schema ------------------------------------------------------------------------------------------
def _add_vector_index(ip: Any, field_name: str, hnsw: bool) -> None:
    """An inner-product index on a vector field: HNSW (M 32, as FaissStore) or exact."""
    if hnsw:
        ip.add_index(field_name, index_type="HNSW", metric_type="IP", params={"M": 32, "efConstruction": 80})
    else:
        ip.add_index(field_name, index_type="FLAT", metric_type="IP")


def _create_generation(client: Any, name: str, dim: int, hnsw_threshold: int, size: int) -> None:
    from pymilvus import DataType

    s = client.create_schema(auto_id=False, enable_dynamic_field=False)
    s.add_field("chunk_id", DataType.VARCHAR, is_primary=True, max_length=128)
    s.add_field("doc_id", DataType.VARCHAR, max_length=512)
    s.add_field("text", DataType.VARCHAR, max_length=65535)
    s.add_field("start", DataType.INT64)
    s.add_field("end", DataType.INT64)
    s.add_field("section", DataType.JSON)
    s.add_field("ord", DataType.INT64)  # position in the indexer's chunk order: the FAISS row number
    s.add_field("tf", DataType.JSON)  # term -> count, to keep BM25 statistics right on delete
    s.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
    s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    ip = client.prepare_index_params()
    _add_vector_index(ip, "dense", size >= hnsw_threshold)  # as FaissStore: exact below the threshold, HNSW above
    ip.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    ip.add_index("doc_id", index_type="INVERTED")
    client.create_collection(name, schema=s, index_params=ip, consistency_level="Strong")

    d = client.create_schema(auto_id=False, enable_dynamic_field=False)
    d.add_field("key", DataType.VARCHAR, is_primary=True, max_length=600)
    d.add_field("doc_id", DataType.VARCHAR, max_length=512)
    d.add_field("part", DataType.INT64)
    d.add_field("text", DataType.VARCHAR, max_length=65535)
    d.add_field("info", DataType.JSON)  # path, title, sha256, meta (part 0 only)
    d.add_field("v", DataType.FLOAT_VECTOR, dim=2)  # Milvus needs a vector field in every collection
    ip = client.prepare_index_params()
    ip.add_index("v", index_type="FLAT", metric_type="L2")
    client.create_collection(f"{name}_docs", schema=d, index_params=ip, consistency_level="Strong")

    t = client.create_schema(auto_id=False, enable_dynamic_field=False)
    t.add_field("term", DataType.VARCHAR, is_primary=True, max_length=512)
    t.add_field("tid", DataType.INT64)
    t.add_field("df", DataType.INT64)
    t.add_field("info", DataType.JSON)
    t.add_field("v", DataType.FLOAT_VECTOR, dim=2)
    ip = client.prepare_index_params()
    ip.add_index("v", index_type="FLAT", metric_type="L2")
    client.create_collection(f"{name}_terms", schema=t, index_params=ip, consistency_level="Strong")

    v = client.create_schema(auto_id=False, enable_dynamic_field=False)  # sentence vectors, read by key
    v.add_field("key", DataType.VARCHAR, is_primary=True, max_length=600)  # doc_id@start
    v.add_field("doc_id", DataType.VARCHAR, max_length=512)
    v.add_field("v", DataType.FLOAT_VECTOR, dim=dim)
    ip = client.prepare_index_params()
    ip.add_index("v", index_type="FLAT", metric_type="IP")
    ip.add_index("doc_id", index_type="INVERTED")
    client.create_collection(f"{name}_sentences", schema=v, index_params=ip, consistency_level="Strong")


def _doc_rows(doc: Document, title_vector: np.ndarray | None = None) -> list[dict[str, Any]]:
    parts = [doc.text[i:i + TEXT_PART] for i in range(0, len(doc.text), TEXT_PART)] or [""]
    info: dict[str, Any] = {"path": doc.path, "title": doc.title, "sha256": doc.sha256, "meta": doc.meta}
    if title_vector is not None and len(title_vector):
        info["title_vector"] = np.asarray(title_vector, dtype=np.float32).tolist()
    return [{"key": f"{doc.doc_id}#{i}", "doc_id": doc.doc_id, "part": i, "text": p,
             "info": info if i == 0 else {}, "v": [0.0, 0.0]} for i, p in enumerate(parts)]


def _chunk_of(row: dict[str, Any]) -> Chunk:
    return Chunk(row["chunk_id"], row["doc_id"], row["text"], int(row["start"]), int(row["end"]),
                 tuple(row["section"] or ()))


def _ordered(hits: list[tuple[int, Chunk, float]]) -> list[tuple[int, Chunk, float]]:
    """Best first; equal scores in indexer order (Milvus returns ties in any order)."""
    return sorted(hits, key=lambda h: (-h[2], h[0]))


def _entity(hit: dict[str, Any]) -> dict[str, Any]:
    return hit.get("entity", hit)


def _hits(res: list[list[dict[str, Any]]], positive: bool = False) -> list[tuple[int, Chunk, float]]:
    """A search result as (indexer position, chunk, score), best first."""
    return _ordered([(int(_entity(h)["ord"]), _chunk_of(_entity(h)), float(h["distance"]))
                     for h in res[0] if not positive or float(h["distance"]) > 0])


def fields_from(docs: list[Document], title_vectors: dict[str, list[float]]) -> DocFieldIndex:
    """The document field index of stored documents (as the FAISS store's), with their stored title
    vectors when every document has one (generations written before they were stored have none)."""
    embed = None
    if docs and all(d.doc_id in title_vectors for d in docs):
        stacked = np.array([title_vectors[d.doc_id] for d in sorted(docs, key=lambda d: d.doc_id)], dtype=np.float32)
        embed = lambda _texts: stacked  # noqa: E731  (DocFieldIndex.build orders documents by id too)
    return DocFieldIndex.build(docs, embed)


# -- the store ---------------------------------------------------------------------------------------
class MilvusStore:
    """One index generation in Milvus: add/upsert chunks with vectors, delete a document, dense and
    keyword search (of one document too), chunks by id or by offset, documents and their field index
    (the `VectorStore` protocol). Statistics for BM25 are kept exact on add and delete."""

    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name
        self._stats: BM25Stats | None = None
        self._analyzer: str | None = None

    # -- lifecycle ---------------------------------------------------------------------------------
    @classmethod
    def create(cls, client: Any, base: str, dim: int, hnsw_threshold: int = 50_000, size: int = 0,
               analyzer: str = "words") -> MilvusStore:
        name = f"{base}_g{time.strftime('%Y%m%d%H%M%S')}_{uuid.uuid4().hex[:6]}"
        _create_generation(client, name, dim, hnsw_threshold, size)
        store = cls(client, name)
        store._stats = BM25Stats(analyzer=analyzer)
        return store

    @classmethod
    def live(cls, client: Any, base: str) -> MilvusStore:
        """The generation the alias points at (IndexMissingError if none is complete)."""
        name = live_name(client, base)
        if name is None:
            raise IndexMissingError(f"no Milvus index under the alias {base!r}; run `assistant index` first")
        store = cls(client, name)
        if not store.client.query(f"{name}_terms", ids=[COMPLETE_KEY], output_fields=["term"]):
            raise IndexCorruptError(f"Milvus collection {name} is incomplete; run `assistant index --rebuild`")
        return store

    def publish(self, base: str) -> None:
        """Mark the generation complete and point the alias at it (atomically), then drop older ones
        except the one just replaced, which readers that opened it before the switch may still use."""
        self.save_stats()
        self.client.upsert(f"{self.name}_terms", [{"term": COMPLETE_KEY, "tid": 0, "df": 0, "info": {},
                                                   "v": [0.0, 0.0]}])
        for coll in (self.name, *(f"{self.name}_{part}" for part in PARTS)):
            if self.client.has_collection(coll):
                self.client.flush(coll)
        previous = live_name(self.client, base)
        if previous is None:
            self.client.create_alias(self.name, base)
        else:
            self.client.alter_alias(self.name, base)
        keep = {self.name, previous}
        for coll in generations(self.client, base):
            if coll not in keep:
                drop_generation(self.client, coll)

    # -- writing -----------------------------------------------------------------------------------
    @property
    def stats(self) -> BM25Stats:
        if self._stats is None:
            self._stats = self._load_stats()
        return self._stats

    def put_documents(self, docs: Iterable[Document], title_vectors: dict[str, np.ndarray] | None = None) -> None:
        rows = [r for d in docs for r in _doc_rows(d, (title_vectors or {}).get(d.doc_id))]
        for i in range(0, len(rows), 100):
            self.client.upsert(f"{self.name}_docs", rows[i:i + 100])

    def put_sentences(self, sentences: SentenceVectors) -> None:
        """Every sentence's vector, keyed by document and start offset (`sentence_store.py`)."""
        rows = [{"key": _sentence_key(sentences.doc_ids[d], int(a)), "doc_id": sentences.doc_ids[d],
                 "v": np.asarray(v, dtype=np.float32).tolist()}
                for d, a, v in zip(sentences.doc_of.tolist(), sentences.starts.tolist(), sentences.vectors, strict=True)]
        for i in range(0, len(rows), BATCH):
            self.client.upsert(f"{self.name}_sentences", rows[i:i + BATCH])

    def sentence_similarity(self, query: np.ndarray, keys: Sequence[tuple[str, int]]) -> np.ndarray:
        """Cosine of `query` to the sentence at each (document, start); NaN where there is none."""
        out = np.full(len(keys), np.nan)
        wanted = [_sentence_key(d, a) for d, a in keys]
        if not wanted:
            return out
        rows = self.client.query(f"{self.name}_sentences", ids=list(dict.fromkeys(wanted)), output_fields=["key", "v"])
        found = {r["key"]: np.asarray(r["v"], dtype=np.float32) for r in rows}
        q = np.asarray(query, dtype=np.float32).ravel()
        for i, k in enumerate(wanted):
            if k in found:
                out[i] = float(found[k] @ q)
        return out

    def put_children(self, children: ChildIndex, chunks: Sequence[Chunk], hnsw_threshold: int = 50_000) -> None:
        """The child spans' vectors (parent–child dense search, `child_store.py`), row i keyed i, with its
        parent's position (`ord`) and document. The collection is made here: its size is known now."""
        from pymilvus import DataType

        name = f"{self.name}_children"
        vectors = children.store.vectors()
        c = self.client.create_schema(auto_id=False, enable_dynamic_field=False)
        c.add_field("id", DataType.INT64, is_primary=True)
        c.add_field("doc_id", DataType.VARCHAR, max_length=512)
        c.add_field("parent", DataType.INT64)
        c.add_field("v", DataType.FLOAT_VECTOR, dim=int(vectors.shape[1]))
        ip = self.client.prepare_index_params()
        _add_vector_index(ip, "v", len(vectors) >= child_hnsw_threshold(hnsw_threshold))  # as the FAISS store's children
        ip.add_index("doc_id", index_type="INVERTED")
        self.client.create_collection(name, schema=c, index_params=ip, consistency_level="Strong")
        rows = [{"id": i, "doc_id": chunks[p].doc_id, "parent": p, "v": v.tolist()}
                for i, (p, v) in enumerate(zip(children.parent_of.tolist(), vectors, strict=True))]
        for i in range(0, len(rows), BATCH):
            self.client.insert(name, rows[i:i + BATCH])

    def child_parents(self) -> np.ndarray:
        """Every child's parent position, by child id (what `ChildMaxStore` groups children by)."""
        rows = list(self._iterate(f"{self.name}_children", "", ["id", "parent"]))
        size = max((int(r["id"]) for r in rows), default=-1) + 1
        parents = np.full(size, -1, dtype=np.int64)
        for r in rows:
            parents[int(r["id"])] = int(r["parent"])
        return parents

    def child_hits(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        res = self.client.search(f"{self.name}_children", data=[np.asarray(query, dtype=np.float32).ravel().tolist()],
                                 anns_field="v", limit=min(k, MAX_TOPK), output_fields=[],
                                 search_params={"metric_type": "IP", "params": {"ef": max(96, min(k, MAX_TOPK))}})
        return sorted(((int(h["id"]), float(h["distance"])) for h in res[0]), key=lambda h: (-h[1], h[0]))

    def vectors_by_id(self, collection: str, key: str, ids: Sequence[int], field: str,
                      more: Sequence[str] = ()) -> tuple[np.ndarray, dict[int, dict[str, Any]]]:
        """The `field` vectors of the rows whose `key` is in `ids`, in that order (zeros for none), and
        each row by key (with the `more` fields)."""
        found: dict[int, dict[str, Any]] = {}
        wanted = list(dict.fromkeys(int(i) for i in ids))
        for i in range(0, len(wanted), MAX_TOPK):
            part = wanted[i:i + MAX_TOPK]
            for r in self.client.query(collection, filter=f"{key} in {part}", output_fields=[key, field, *more],
                                       limit=len(part)):
                found[int(r[key])] = r
        dim = len(next(iter(found.values()))[field]) if found else 1
        out = np.zeros((len(ids), dim), dtype=np.float32)
        for j, i in enumerate(ids):
            if int(i) in found:
                out[j] = found[int(i)][field]
        return out, found

    def add_chunks(self, chunks: list[Chunk], vectors: np.ndarray, first_ord: int | None = None,
                   counted: bool = False, keyword_texts: list[str] | None = None) -> None:
        """Insert (or replace) chunks with their dense vectors. `counted`: the statistics already
        include these chunks (a bulk build computes them first, so every weight uses the final avgdl)."""
        if len(chunks) != len(vectors):
            raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        if not counted:
            self.delete_chunks([c.chunk_id for c in chunks])
        stats = self.stats
        texts = keyword_texts or [c.text for c in chunks]
        if not counted:
            stats.add_counts(TermCounts.of(texts, stats.analyzer))
        start = self._next_ord() if first_ord is None else first_ord
        if not stats.weights_avgdl or counted:
            stats.weights_avgdl = stats.avgdl
        rows = chunk_rows(chunks, vectors, texts, stats, start)
        for i in range(0, len(rows), BATCH):
            self.client.insert(self.name, rows[i:i + BATCH])
        if not counted:
            self._after_change()

    upsert_chunks = add_chunks

    def _after_change(self) -> None:
        """Save the statistics; re-weigh every chunk once avgdl has moved by more than REWEIGHT_DRIFT."""
        if self.stats.drift > REWEIGHT_DRIFT:
            self.reweight()
        else:
            self.save_stats()

    def reweight(self) -> None:
        """Recompute every chunk's BM25 weights with the current avgdl (exact BM25 again)."""
        stats = self.stats
        stats.weights_avgdl = stats.avgdl
        fields = [*CHUNK_FIELDS, "tf", "dense"]
        batch: list[dict[str, Any]] = []
        for r in self._iterate(self.name, "", fields):
            batch.append({**{f: r[f] for f in fields}, "sparse": stats.doc_vector(Counter(r["tf"]))})
            if len(batch) == BATCH:
                self.client.upsert(self.name, batch)
                batch = []
        if batch:
            self.client.upsert(self.name, batch)
        self.save_stats()

    def delete_chunks(self, chunk_ids: list[str]) -> int:
        if not chunk_ids:
            return 0
        rows = self.client.query(self.name, ids=chunk_ids, output_fields=["chunk_id", "tf"])
        return self._delete_rows(rows)

    def delete_document(self, doc_id: str) -> int:
        """Remove a document and its chunks; returns the number of chunks removed."""
        rows = list(self._iterate(self.name, f"doc_id == {_quote(doc_id)}", ["chunk_id", "tf"]))
        removed = self._delete_rows(rows)
        self.client.delete(f"{self.name}_docs", filter=f"doc_id == {_quote(doc_id)}")
        for part in ("sentences", "children"):
            if self.client.has_collection(f"{self.name}_{part}"):
                self.client.delete(f"{self.name}_{part}", filter=f"doc_id == {_quote(doc_id)}")
        return removed

    def _delete_rows(self, rows: list[dict[str, Any]]) -> int:
        if not rows:
            return 0
        stats = self.stats
        for r in rows:
            stats.remove(Counter(r["tf"]))
        ids = [r["chunk_id"] for r in rows]
        for i in range(0, len(ids), BATCH):
            self.client.delete(self.name, ids=ids[i:i + BATCH])
        self._after_change()
        return len(rows)

    def save_stats(self, manifest: dict[str, Any] | None = None) -> None:
        stats = self.stats
        rows = [{"term": t, "tid": stats.term_ids[t], "df": stats.df.get(t, 0), "info": {}, "v": [0.0, 0.0]}
                for t in stats.term_ids]
        rows += [{"term": N_KEY, "tid": 0, "df": stats.n, "info": {}, "v": [0.0, 0.0]},
                 {"term": LEN_KEY, "tid": 0, "df": stats.total_len,
                  "info": {"weights_avgdl": stats.weights_avgdl, "analyzer": stats.analyzer}, "v": [0.0, 0.0]}]
        if manifest is not None:
            rows.append({"term": MANIFEST_KEY, "tid": 0, "df": 0, "info": manifest, "v": [0.0, 0.0]})
        for i in range(0, len(rows), 5000):
            self.client.upsert(f"{self.name}_terms", rows[i:i + 5000])

    def _next_ord(self) -> int:
        best = -1
        for row in self._iterate(self.name, "", ["ord"]):
            best = max(best, int(row["ord"]))
        return best + 1

    # -- reading -----------------------------------------------------------------------------------
    def _iterate(self, collection: str, filter: str, fields: list[str]) -> Iterator[dict[str, Any]]:
        it = self.client.query_iterator(collection, batch_size=BATCH, filter=filter, output_fields=fields)
        try:
            while True:
                page = it.next()
                if not page:
                    return
                yield from page
        finally:
            it.close()

    def _load_stats(self) -> BM25Stats:
        stats = BM25Stats()
        for r in self._iterate(f"{self.name}_terms", "", ["term", "tid", "df", "info"]):
            term = r["term"]
            if term == N_KEY:
                stats.n = int(r["df"])
            elif term == LEN_KEY:
                stats.total_len = int(r["df"])
                stats.weights_avgdl = float((r.get("info") or {}).get("weights_avgdl", 0.0))
                stats.analyzer = str((r.get("info") or {}).get("analyzer", "words"))
            elif not term.startswith("#"):
                stats.term_ids[term] = int(r["tid"])
                stats.df[term] = int(r["df"])
        return stats

    def manifest(self) -> dict[str, Any]:
        rows = self.client.query(f"{self.name}_terms", ids=[MANIFEST_KEY], output_fields=["info"])
        return dict(rows[0]["info"]) if rows else {}

    @property
    def analyzer(self) -> str:
        """How this generation cuts text into terms (read once; a replica never loads every term)."""
        if self._stats is not None:
            return self._stats.analyzer
        if self._analyzer is None:
            rows = self.client.query(f"{self.name}_terms", ids=[LEN_KEY], output_fields=["info"])
            self._analyzer = str(((rows[0].get("info") or {}) if rows else {}).get("analyzer", "words"))
        return self._analyzer

    def term_stats(self, terms: list[str]) -> tuple[int, dict[str, tuple[int, int]]]:
        """N, and for each known term its (id, document frequency), read from the store."""
        keys = sorted(set(terms)) + [N_KEY]
        rows = self.client.query(f"{self.name}_terms", ids=keys, output_fields=["term", "tid", "df"])
        n = next((int(r["df"]) for r in rows if r["term"] == N_KEY), 0)
        return n, {r["term"]: (int(r["tid"]), int(r["df"])) for r in rows if r["term"] != N_KEY and r["df"] > 0}

    def dense_hits(self, query: np.ndarray, k: int) -> list[tuple[int, Chunk, float]]:
        res = self.client.search(self.name, data=[np.asarray(query, dtype=np.float32).ravel().tolist()],
                                 anns_field="dense", limit=k, output_fields=CHUNK_FIELDS,
                                 search_params={"metric_type": "IP", "params": {"ef": max(96, k)}})
        return _hits(res)

    def query_weights(self, query: str, known: dict[str, float] | None = None) -> dict[int, float]:
        """The sparse BM25 query vector: IDF x count per known token, from the stored statistics.
        `known` receives the IDF of each query token (for callers that weigh terms)."""
        tokens = keyword_terms(query, self.analyzer)
        if not tokens:
            return {}
        n, found = self.term_stats(tokens)
        counts = Counter(tokens)
        idf = {t: BM25Stats(n=n).idf(found[t][1] if t in found else 0) for t in counts}
        if known is not None:
            known.update(idf)
        weights: dict[int, float] = {}
        for t in informative_terms([t for t in counts if t in found], lambda t: found[t][1], n):
            tid = found[t][0]
            weights[tid] = weights.get(tid, 0.0) + counts[t] * idf[t]
        return weights

    def keyword_hits(self, query: str, k: int, known: dict[str, float] | None = None,
                     doc_id: str | None = None) -> list[tuple[int, Chunk, float]]:
        """BM25 top k (of one document with `doc_id`), positive scores only."""
        weights = self.query_weights(query, known)
        if not weights:
            return []
        res = self.client.search(self.name, data=[weights], anns_field="sparse", limit=k, output_fields=CHUNK_FIELDS,
                                 filter=f"doc_id == {_quote(doc_id)}" if doc_id is not None else "",
                                 search_params={"metric_type": "IP"})
        return _hits(res, positive=True)

    def keyword_scores(self, query: str, k: int = MAX_TOPK) -> np.ndarray:
        """The best k positive BM25 scores for a query, in descending order (no chunk fields fetched)."""
        weights = self.query_weights(query)
        if not weights:
            return np.zeros(0, dtype=np.float64)
        res = self.client.search(self.name, data=[weights], anns_field="sparse", limit=min(k, MAX_TOPK),
                                 output_fields=[], search_params={"metric_type": "IP"})
        return np.array(sorted((float(h["distance"]) for h in res[0] if float(h["distance"]) > 0), reverse=True))

    def chunk_hit_at(self, doc_id: str, offset: int) -> tuple[int, Chunk] | None:
        """The chunk holding a document offset, with its position: of the overlapping chunks that hold
        it, the one with the most room after it (as `assistant.index.store.chunk_locator`)."""
        rows = self.client.query(self.name, output_fields=CHUNK_FIELDS,
                                 filter=f"doc_id == {_quote(doc_id)} and start <= {int(offset)} and end > {int(offset)}")
        if not rows:
            return None
        best = max(rows, key=lambda r: (int(r["end"]), -int(r["start"]), -int(r["ord"])))
        return int(best["ord"]), _chunk_of(best)

    # -- VectorStore (assistant/index/base.py) -------------------------------------------------------
    def upsert(self, docs: Sequence[Document], chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        ids = {d.doc_id for d in docs}
        if any(c.doc_id not in ids for c in chunks):
            raise ValueError("every chunk must belong to one of the documents being added")
        self.delete(ids)
        self.put_documents(docs)
        if chunks:
            self.add_chunks(list(chunks), np.asarray(vectors, dtype=np.float32).reshape(len(chunks), -1))

    def delete(self, doc_ids: Iterable[str]) -> int:
        return sum(self.delete_document(d) for d in sorted(set(doc_ids)))

    def dense_search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        return [(c.chunk_id, s) for _, c, s in self.dense_hits(vector, k)]

    def keyword_search(self, query: str, k: int, doc_id: str | None = None) -> list[tuple[str, float]]:
        return [(c.chunk_id, s) for _, c, s in self.keyword_hits(query, k, doc_id=doc_id)]

    def get(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        return self.get_chunks(list(chunk_ids))

    def documents(self) -> dict[str, Document]:
        return {d.doc_id: d for d in self.list_documents()}

    def chunk_at(self, doc_id: str, offset: int) -> Chunk | None:
        hit = self.chunk_hit_at(doc_id, offset)
        return hit[1] if hit else None

    def document_fields(self) -> DocFieldIndex:
        return fields_from(*self.read_documents())

    def get_chunks(self, chunk_ids: list[str]) -> list[Chunk]:
        rows = self.client.query(self.name, ids=list(chunk_ids), output_fields=CHUNK_FIELDS) if chunk_ids else []
        by_id = {r["chunk_id"]: _chunk_of(r) for r in rows}
        return [by_id[i] for i in chunk_ids if i in by_id]

    def all_chunks(self) -> list[Chunk]:
        """Every chunk, in indexer order."""
        rows = sorted(self._iterate(self.name, "", CHUNK_FIELDS), key=lambda r: int(r["ord"]))
        return [_chunk_of(r) for r in rows]

    def count(self) -> int:
        rows = self.client.query(self.name, filter="", output_fields=["count(*)"])
        return int(rows[0]["count(*)"]) if rows else 0

    def list_documents(self) -> list[Document]:
        return self.read_documents()[0]

    def read_documents(self) -> tuple[list[Document], dict[str, list[float]]]:
        """Every document (by id), and the title vectors stored with them."""
        parts: dict[str, list[tuple[int, str]]] = {}
        infos: dict[str, dict[str, Any]] = {}
        for r in self._iterate(f"{self.name}_docs", "", ["doc_id", "part", "text", "info"]):
            parts.setdefault(r["doc_id"], []).append((int(r["part"]), r["text"]))
            if int(r["part"]) == 0:
                infos[r["doc_id"]] = r["info"]
        docs = []
        for doc_id in sorted(parts):
            info = infos.get(doc_id, {})
            text = "".join(t for _, t in sorted(parts[doc_id]))
            docs.append(Document(doc_id, info.get("path", ""), info.get("title", doc_id), text,
                                 info.get("sha256", ""), dict(info.get("meta", {}))))
        return docs, {d: info["title_vector"] for d, info in infos.items() if info.get("title_vector")}


def live_name(client: Any, base: str) -> str | None:
    """The collection the alias `base` points at, or None."""
    if base not in client.list_aliases().get("aliases", []):
        return None
    return str(client.describe_alias(base)["collection_name"])


def generations(client: Any, base: str) -> list[str]:
    """The chunk collections of every generation under `base`, complete or not."""
    prefix = f"{base}_g"
    return sorted(c for c in client.list_collections()
                  if c.startswith(prefix) and not c.endswith(tuple(f"_{part}" for part in PARTS)))


def drop_generation(client: Any, name: str) -> None:
    for coll in (name, *(f"{name}_{part}" for part in PARTS)):
        if client.has_collection(coll):
            client.drop_collection(coll)


class ChunkWriter(Protocol):
    """How a generation's chunks are counted (BM25 statistics) and inserted: in this process
    (`LocalWriter`), or by Ray workers that each connect to the Milvus server (parallel.RayWriter)."""

    def count(self, texts: list[str], analyzer: str) -> TermCounts: ...

    def insert(self, store: MilvusStore, chunks: list[Chunk], vectors: np.ndarray, texts: list[str]) -> int: ...


class LocalWriter:
    """Counts and inserts in this process (milvus-lite files: one process holds the folder)."""

    def count(self, texts: list[str], analyzer: str) -> TermCounts:
        return TermCounts.of(texts, analyzer)

    def insert(self, store: MilvusStore, chunks: list[Chunk], vectors: np.ndarray, texts: list[str]) -> int:
        for i in range(0, len(chunks), BATCH):
            store.add_chunks(chunks[i:i + BATCH], vectors[i:i + BATCH], first_ord=i, counted=True,
                             keyword_texts=texts[i:i + BATCH])
        return len(chunks)


def write_milvus_generation(client: Any, base: str, manifest: dict[str, Any], docs: list[Document],
                            chunks: list[Chunk], vectors: np.ndarray, hnsw_threshold: int,
                            chunk_headers: bool = False, fields: DocFieldIndex | None = None,
                            analyzer: str = "words", writer: ChunkWriter | None = None,
                            sentences: SentenceVectors | None = None, children: ChildIndex | None = None) -> str:
    """Build a complete generation (statistics first, so every weight uses the final avgdl), then
    switch the alias to it. A failure or a kill before the switch leaves the old generation live.
    The title vectors of `fields` are stored with the documents (the rest of the field index is
    rebuilt from the documents when the generation is opened). `writer` counts and inserts the
    chunks (default: in this process). `sentences` (sentence vectors) go in with the documents, and
    `children` (parent–child child vectors) with the chunks."""
    dim = int(vectors.shape[1]) if vectors.ndim == 2 and vectors.shape[1] else int(manifest.get("dim", 1))
    writer = writer or LocalWriter()
    try:
        store = MilvusStore.create(client, base, dim, hnsw_threshold, len(chunks), analyzer)
        by_id = {d.doc_id: d for d in docs}  # BM25 reads the same text as the FAISS store's (chunk headers)
        texts = [chunk_keyword_text(c, by_id.get(c.doc_id), chunk_headers) for c in chunks]
        store.stats.add_counts(writer.count(texts, analyzer))
        store.stats.weights_avgdl = store.stats.avgdl
        titles = fields is not None and fields.vectors.shape[1] > 0
        store.put_documents(docs, dict(zip(fields.doc_ids, fields.vectors, strict=True)) if fields and titles else None)
        if sentences is not None:
            store.put_sentences(sentences)
        written = writer.insert(store, chunks, vectors, texts)
        if children is not None:
            store.put_children(children, chunks, hnsw_threshold)
        client.flush(store.name)
        stored = store.count()
        if written != len(chunks) or stored != len(chunks):
            raise IndexWriteError(f"the Milvus generation {store.name} holds {stored} of {len(chunks)} chunks "
                                  f"({written} written); the previous index is unchanged")
        store.save_stats({**manifest, "generation": store.name, "vector_store": "milvus", "chunks": len(chunks),
                          "chunk_headers": chunk_headers, "keyword_analyzer": analyzer,
                          "sentence_vectors": sentences is not None,
                          "child_chars": children.chars if children is not None else 0,
                          "child_vectors": children.vectors if children is not None else ""})
        store.publish(base)
    except IndexWriteError:
        raise
    except Exception as exc:  # MilvusException and grpc errors: the live generation is unchanged
        raise IndexWriteError(f"could not write the Milvus index ({exc}); the previous index is unchanged") from exc
    return store.name
