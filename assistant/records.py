"""Typed records passed between pipeline stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.text.references import adoption_line

SECTION_SEP = " › "


@dataclass(frozen=True)
class Document:
    """A loaded source document. `text` is the exact text that chunk offsets point into."""

    doc_id: str
    path: str
    title: str
    text: str
    sha256: str
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        """Title, subtitle and adoption line: what a document is called, where a short name is looked for
        (二十大报告 in the subtitle; 三中全会决定: a decision names its plenum only in its adoption line)."""
        return " ".join(p for p in (self.title, self.meta.get("subtitle", ""), adoption_line(self.text)) if p)

    def head_text(self, *meta_keys: str) -> str:
        """The heading with the metadata fields named (author, date, …): what names the document, not what it says."""
        return " ".join([self.heading, *(self.meta.get(k) or "" for k in meta_keys)])


@dataclass(frozen=True)
class Chunk:
    """A span of a document: `document.text[start:end] == text`."""

    chunk_id: str
    doc_id: str
    text: str
    start: int
    end: int
    section: tuple[str, ...] = ()

    @property
    def section_path(self) -> str:
        return SECTION_SEP.join(self.section)

    def to_dict(self) -> dict[str, Any]:
        return {
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "section": list(self.section),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Chunk:
        return cls(d["chunk_id"], d["doc_id"], d["text"], d["start"], d["end"], tuple(d["section"]))


@dataclass
class Hit:
    """A retrieved chunk with the scores and ranks each retriever gave it (None: not retrieved by it)."""

    chunk: Chunk
    score: float
    bm25_score: float | None = None
    dense_score: float | None = None
    bm25_rank: int | None = None
    dense_rank: int | None = None
    rerank_score: float | None = None
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "chunk_id": self.chunk.chunk_id,
            "doc_id": self.chunk.doc_id,
            "title": self.title,
            "section": self.chunk.section_path,
            "start": self.chunk.start,
            "end": self.chunk.end,
            "score": self.score,
            "bm25_score": self.bm25_score,
            "dense_score": self.dense_score,
            "bm25_rank": self.bm25_rank,
            "dense_rank": self.dense_rank,
            "rerank_score": self.rerank_score,
            "text": self.chunk.text,
        }


@dataclass
class Citation:
    """A quote backing a marker [n]: `quote == document.text[start:end]` when `verified`."""

    n: int
    chunk_id: str
    doc_id: str
    title: str
    section: str
    quote: str
    start: int
    end: int
    score: float
    verified: bool = True
    problems: list[str] = field(default_factory=list)
    passage: str = ""
    passage_start: int = 0
    # The answering span inside the quote (16项, 2029年), as document offsets; None when not marked.
    answer_start: int | None = None
    answer_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "title": self.title,
            "section": self.section,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "score": self.score,
            "verified": self.verified,
            "problems": list(self.problems),
            "passage": self.passage,
            "passage_start": self.passage_start,
            "answer_start": self.answer_start,
            "answer_end": self.answer_end,
        }


@dataclass
class Answer:
    """What `Assistant.ask` returns."""

    question: str
    standalone_question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    notices: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    backend: str = "extractive"
    latency_ms: float = 0.0
    # Which path produced `text`: "extractive" (no LLM), "structured" or "free-text" (the LLM's
    # verified answer, asked for as JSON claims or as cited prose), "extractive-fallback" (the LLM's
    # answer failed or did not verify), "refusal" (no passage answers the question; an LLM's own refusal
    # keeps the mode it was asked in).
    answer_mode: str = "extractive"
    ttft_ms: float | None = None  # time to the LLM's first token, when an LLM was asked
    draft: str = ""  # the LLM's reply as it came, before verification ("" without an LLM)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "standalone_question": self.standalone_question,
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "refused": self.refused,
            "notices": list(self.notices),
            "hits": [h.to_dict() for h in self.hits],
            "backend": self.backend,
            "latency_ms": self.latency_ms,
            "answer_mode": self.answer_mode,
            "ttft_ms": self.ttft_ms,
            "draft": self.draft,
        }
