"""Document-aware indexing: each chunk's keyword text carries its document's title, issuing body,
place and section path (a contextual header), and each document gets a small field index of its own
(title/metadata BM25 plus one title vector), used to rank documents as well as passages.

Chunk texts and their vectors are unchanged: the header goes into BM25 only, so no chunk is
embedded again; the title vectors cost one short embedding per document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.index.bm25 import BM25Index
from assistant.records import Chunk, Document
from assistant.text.references import named_references, reference_matches

_YEAR = re.compile(r"(?:19|20)\d{2}")
# A year that may name a document (2024年政府工作报告); one with a month (2024年5月…下发) dates an event in it.
_NAMING_YEAR = re.compile(r"(?:19|20)\d{2}(?!\d|年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月)")
_QUOTED_TITLE = re.compile(r"《([^》]{2,60})》")
_PUNCT = re.compile(r"[\s\u3000、，,。；;：:“”\"'‘’《》〈〉（）()\-—·]")


def doc_header(doc: Document) -> str:
    """What a reader sees above every page: title, subtitle, issuing body, place and document number."""
    meta = doc.meta or {}
    places = meta.get("place", "").split()
    short = [_short_place(p) for p in places]  # questions say 武汉 as often as 武汉市
    out = [doc.title, *(p for p in (meta.get("subtitle", ""), meta.get("issuer", ""), meta.get("number", ""))
                        if p not in doc.title)]
    out += list(dict.fromkeys(places + short))  # places as words of their own, even when in the title
    return " ".join(p for p in out if p)


def chunk_keyword_text(chunk: Chunk, doc: Document | None, headers: bool) -> str:
    """The text BM25 indexes for a chunk: with `headers`, the document header and section path first."""
    if not headers or doc is None:
        return chunk.text
    return f"{doc_header(doc)} {' '.join(chunk.section)}\n{chunk.text}"


def doc_field_text(doc: Document) -> str:
    """Text of a document's field index: header plus its year (titles are short; the year helps)."""
    year = (doc.meta or {}).get("date", "")[:4]
    return f"{doc_header(doc)} {year}".strip()


@dataclass
class DocEntities:
    """Names a library's documents carry, to spot them in a question: places (with and without
    their 省/市/区 suffix), issuing bodies, titles and years, each mapped to its documents."""

    places: dict[str, set[int]] = field(default_factory=dict)
    issuers: dict[str, set[int]] = field(default_factory=dict)
    titles: dict[str, set[int]] = field(default_factory=dict)
    years: dict[str, set[int]] = field(default_factory=dict)
    headings: list[str] = field(default_factory=list)  # title and subtitle, for short names (二十大报告)
    # documents answering to each short name asked so far: a scan of every heading per question was
    # the costliest step of a search at 100k chunks (about 9 ms for a question naming a report)
    _by_reference: dict[str, set[int]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, docs: list[Document]) -> DocEntities:
        ents = cls()
        for i, d in enumerate(docs):
            meta = d.meta or {}
            for place in meta.get("place", "").split():
                for form in {place, _short_place(place)}:
                    if len(form) >= 2:
                        ents.places.setdefault(form, set()).add(i)
            for issuer in re.split(r"[、\s]+", meta.get("issuer", "")):
                if len(issuer) >= 4:
                    ents.issuers.setdefault(issuer, set()).add(i)
            if len(_bare(d.title)) >= 4:
                ents.titles.setdefault(_bare(d.title), set()).add(i)
            for y in set(_YEAR.findall(meta.get("date", "")[:4] + " " + d.title)):
                ents.years.setdefault(y, set()).add(i)
            ents.headings.append(d.heading)
        return ents

    def match(self, query: str, n_docs: int) -> np.ndarray:
        """Per document, the share of the entities named in the query that it carries (0..1).
        A place counts once whatever its form; a document title counts when quoted (《…》) or named whole,
        or by its short name (党的二十大报告: the report whose subtitle names 第二十次全国代表大会)."""
        groups: list[set[int]] = []
        named = [p for p in self.places if p in query]
        named = [p for p in named if not any(p != o and p in o for o in named)]  # 武汉市 over 武汉
        groups += [self.places[p] for p in named]
        groups += [docs for name, docs in self.issuers.items() if name in query]
        bare_query = _bare(query)
        quoted_titles = [_bare(q) for q in _QUOTED_TITLE.findall(query)]  # once per query, not per title
        for quoted in quoted_titles:
            # a quoted title names the document with that title, else the documents whose title holds it
            exact = self.titles.get(quoted)
            holders = [docs for title, docs in self.titles.items() if len(quoted) >= 4 and quoted in title]
            if exact or holders:
                groups.append(exact or set().union(*holders))
        groups += [docs for title, docs in self.titles.items() if title in bare_query
                   and not any(title in q for q in quoted_titles)]
        groups += [self.years[y] for y in set(_NAMING_YEAR.findall(query)) if y in self.years]
        for ref in named_references(query):
            if ref not in self._by_reference:
                self._by_reference[ref] = {i for i, h in enumerate(self.headings) if reference_matches(ref, h)}
            if self._by_reference[ref]:
                groups.append(self._by_reference[ref])
        score = np.zeros(n_docs, dtype=np.float32)
        if not groups:
            return score
        for g in groups:
            for i in g:
                score[i] += 1.0
        return score / len(groups)


def _bare(text: str) -> str:
    """Text without punctuation and spaces, for comparing titles (、 vs a space, 《》, quotes)."""
    return _PUNCT.sub("", text)


def _short_place(place: str) -> str:
    """武汉市 -> 武汉, 湖北省 -> 湖北 (questions often drop the suffix); 2-character names are kept."""
    for suffix in ("特别行政区", "自治区", "自治州", "自治县", "省", "市", "区", "县", "州"):
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


@dataclass
class DocFieldIndex:
    """A document-level index: BM25 over each document's header fields and one vector per title."""

    doc_ids: list[str]
    bm25: BM25Index
    vectors: np.ndarray  # (n_docs, dim), L2-normalised; (n_docs, 0) when built without an embedder
    entities: DocEntities

    @classmethod
    def build(cls, docs: Iterable[Document], embed: Callable[[list[str]], np.ndarray] | None = None) -> DocFieldIndex:
        docs = sorted(docs, key=lambda d: d.doc_id)
        texts = [doc_field_text(d) for d in docs]
        vectors = embed(texts) if embed is not None and texts else np.zeros((len(docs), 0), dtype=np.float32)
        return cls([d.doc_id for d in docs], BM25Index.build(texts), np.asarray(vectors, dtype=np.float32),
                   DocEntities.build(docs))

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        (path / "doc_ids.json").write_text(json.dumps(self.doc_ids, ensure_ascii=False), encoding="utf-8")
        np.save(path / "title_vectors.npy", self.vectors)
        self.bm25.save(path / "bm25")

    @classmethod
    def load(cls, path: Path, docs: dict[str, Document]) -> DocFieldIndex:
        doc_ids = json.loads((path / "doc_ids.json").read_text(encoding="utf-8"))
        vectors = np.load(path / "title_vectors.npy")
        return cls(doc_ids, BM25Index.load(path / "bm25", len(doc_ids)), vectors,
                   DocEntities.build([docs[d] for d in doc_ids]))

    def __len__(self) -> int:
        return len(self.doc_ids)

    def keyword_scores(self, query: str) -> np.ndarray:
        return self.bm25.scores(query)

    def title_similarity(self, query_vec: np.ndarray) -> np.ndarray:
        if self.vectors.shape[1] == 0 or not len(self.doc_ids):
            return np.zeros(len(self.doc_ids), dtype=np.float32)
        return self.vectors @ np.asarray(query_vec, dtype=np.float32)

    def entity_scores(self, query: str) -> np.ndarray:
        return self.entities.match(query, len(self.doc_ids))
