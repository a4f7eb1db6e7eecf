"""Retrieval in langchain terms: the hybrid retriever as a `BaseRetriever`, and the mapping between
langchain `Document`s and typed `Hit`s.

Metadata is plain and serialisable (str, int, float, None, lists): chunk_id, doc_id, start, end,
title, section, section_parts and the scores. Any other `BaseRetriever` works too: `hit_from`
fills what its documents leave out (offsets 0..len(page_content), the source or chunk id as the
document id, no scores)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.records import SECTION_SEP, Chunk, Document, Hit

_SCORES = ("score", "bm25_score", "dense_score", "bm25_rank", "dense_rank", "rerank_score")


class PolicyRetriever(BaseRetriever):
    """The hybrid (BM25 + dense) retriever of one index snapshot, as a langchain retriever."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    hybrid: Any  # assistant.retrieval.hybrid.HybridRetriever
    k: int = 5
    mode: str = "hybrid"

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [to_lc(h) for h in self.hybrid.search(query, self.k, self.mode)]


def to_lc(hit: Hit) -> LCDocument:
    c = hit.chunk
    meta: dict[str, Any] = {"chunk_id": c.chunk_id, "doc_id": c.doc_id, "title": hit.title,
                            "section": c.section_path, "section_parts": list(c.section), "start": c.start, "end": c.end}
    meta.update({name: getattr(hit, name) for name in _SCORES})
    return LCDocument(page_content=c.text, id=c.chunk_id, metadata=meta)


@dataclass
class Retrieved:
    """Hits built from langchain documents, and documents made up for chunks whose source is unknown."""

    hits: list[Hit] = field(default_factory=list)
    extra_docs: dict[str, Document] = field(default_factory=dict)
    has_dense_scores: bool = False  # False: the retriever reports no similarity (refusal cannot use it)


def hits_from(lc_docs: list[LCDocument], docs: Mapping[str, Document]) -> Retrieved:
    out = Retrieved()
    for d in lc_docs:
        hit, made = hit_from(d, docs, out.extra_docs)
        out.hits.append(hit)
        if made is not None:
            out.extra_docs[made.doc_id] = made
        out.has_dense_scores |= "dense_score" in d.metadata
    return out


def hit_from(d: LCDocument, docs: Mapping[str, Document],
             made: Mapping[str, Document] | None = None) -> tuple[Hit, Document | None]:
    """A `Hit` for a langchain document, and a stand-in source `Document` when `docs` does not hold
    the text the chunk's offsets point into (then the chunk is its own document, offsets 0..len)."""
    m = d.metadata or {}
    text = d.page_content
    chunk_id = str(m.get("chunk_id") or d.id or hashlib.sha256(text.encode()).hexdigest()[:16])
    doc_id = str(m.get("doc_id") or m.get("source") or chunk_id)
    start, end = m.get("start"), m.get("end")
    known = docs.get(doc_id)
    stand_in = None
    if not (known is not None and isinstance(start, int) and isinstance(end, int) and known.text[start:end] == text):
        made = made or {}
        if doc_id in docs or (doc_id in made and made[doc_id].text != text):
            doc_id = f"{doc_id}#{chunk_id}"  # never replace a known source, or another chunk's stand-in
        start, end = 0, len(text)
        stand_in = Document(doc_id, str(m.get("source") or ""), str(m.get("title") or m.get("source") or doc_id),
                            text, hashlib.sha256(text.encode()).hexdigest())
    section = m.get("section_parts")
    if not isinstance(section, list):
        section = [s for s in str(m.get("section") or "").split(SECTION_SEP) if s]
    title = str(m.get("title") or (known.title if known is not None else "") or m.get("source") or doc_id)
    scores = {name: m.get(name) for name in _SCORES}
    hit = Hit(Chunk(chunk_id, doc_id, text, start, end, tuple(str(s) for s in section)),
              float(scores.pop("score") or 0.0), title=title, **scores)
    return hit, stand_in
