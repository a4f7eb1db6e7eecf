"""Glossary of local jargon: quoted coinages (“三改一盘活”, “小县大城”) and number-code names
(“33618”, “416”), each with the sentences that introduce it, for study and for query expansion."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.ingest.sentences import CLAUSE_SEP, Sentence, SourceSentence, doc_sentences
from assistant.records import Document

_QUOTED = re.compile(r"“([^“”\n]{2,12})”")
_NOT_TERM = re.compile(r"[。，；：！？,;:!?\s]")
_CODE = re.compile(r"^(?=.*\d)[0-9+＋N]+$")
MAX_DEFINITIONS = 3
MAX_KEYWORDS = 8


@dataclass
class GlossaryEntry:
    """A term, the sentences that introduce it (quoted, body text first), and where it is used."""

    term: str
    definition_sentences: list[SourceSentence] = field(default_factory=list)
    usage_count: int = 0
    doc_ids: list[str] = field(default_factory=list)
    kind: str = "coinage"  # coinage | code

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "kind": self.kind,
            "usage_count": self.usage_count,
            "doc_ids": list(self.doc_ids),
            "definition_sentences": [s._asdict() for s in self.definition_sentences],
        }


@dataclass
class Glossary:
    """Terms in order of first appearance."""

    entries: dict[str, GlossaryEntry] = field(default_factory=dict)

    def __contains__(self, term: object) -> bool:
        return term in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries.values())

    def __getitem__(self, term: str) -> GlossaryEntry:
        return self.entries[term]

    @property
    def terms(self) -> list[str]:
        return list(self.entries)

    def find(self, text: str) -> list[str]:
        """Terms mentioned in `text`, longest first; a code must not be part of a longer number."""
        norm = unicodedata.normalize("NFKC", text)
        found: list[str] = []
        for term in sorted(self.entries, key=len, reverse=True):
            if _mentions(norm, term) and not any(term in f for f in found):
                found.append(term)
        return found

    def keywords(self, term: str, limit: int = MAX_KEYWORDS) -> list[str]:
        """Content words next to the term in its defining sentences (“33618”现代制造业集群体系 →
        现代, 制造业, 集群, 体系 …)."""
        from assistant.text.tokens import tokenize

        words: list[str] = []
        entry = self.entries[term]
        for src in entry.definition_sentences[:2]:
            after, before = _context(src.sentence, term)
            for w in tokenize(after) + tokenize(before):
                if w not in words and w not in term and term not in w and w not in self.entries:
                    words.append(w)
        return words[:limit]

    def expand(self, query: str) -> str:
        """The query plus the key words of the defining sentences of every glossary term it mentions,
        so that keyword search finds the passages that explain a code name such as 33618."""
        extra: list[str] = []
        norm = unicodedata.normalize("NFKC", query)
        for term in self.find(query):
            extra.extend(w for w in self.keywords(term) if w not in norm and w not in extra)
        return f"{query} {' '.join(extra)}" if extra else query

    def to_dict(self) -> dict[str, Any]:
        return {"entries": [e.to_dict() for e in self]}


def build_glossary(docs: Iterable[Document], max_definitions: int = MAX_DEFINITIONS) -> Glossary:
    """Collect quoted terms from `docs`, with up to `max_definitions` defining sentences each."""
    docs = list(docs)
    found: dict[str, list[tuple[tuple[int, int, int], Sentence]]] = {}
    for d_index, doc in enumerate(docs):
        for sent in doc_sentences(doc):
            for term, _ in quoted_terms(sent.text):
                rank = (int(sent.heading or not sent.complete), d_index, sent.start)
                found.setdefault(term, []).append((rank, sent))
    glossary = Glossary()
    for term, occurrences in found.items():
        defs: list[SourceSentence] = []
        for _, sent in sorted(occurrences, key=lambda o: o[0]):
            if sent.source not in defs and len(defs) < max_definitions:
                defs.append(sent.source)
        counts = {doc.doc_id: _count(doc.text, term) for doc in docs}
        glossary.entries[term] = GlossaryEntry(
            term=term,
            definition_sentences=defs,
            usage_count=sum(counts.values()),
            doc_ids=[d for d, n in counts.items() if n],
            kind="code" if is_code(term) else "coinage",
        )
    return glossary


def quoted_terms(text: str) -> list[tuple[str, int]]:
    """Terms quoted in `text` with the offset of each term (inside its quotes)."""
    return [(m.group(1), m.start(1)) for m in _QUOTED.finditer(text) if is_term(m.group(1))]


def is_code(term: str) -> bool:
    """A number-code name such as 33618 or 1+N."""
    return _CODE.match(term) is not None


def is_term(text: str) -> bool:
    """A quoted span that names something: short, no clause punctuation, not a bare figure."""
    if not 2 <= len(text) <= 12 or _NOT_TERM.search(text) or ("、" in text and len(text) > 9):
        return False
    if re.fullmatch(r"[\d.]+[%％]", text):
        return False
    return not (text.isdigit() and len(text) < 3)


def register_terms(glossary: Glossary) -> None:
    """Teach jieba the glossary terms so each stays a single token in keyword search."""
    from assistant.text.tokens import add_words

    add_words(glossary.terms)


def _count(text: str, term: str) -> int:
    return len(re.findall(_term_pattern(term), text))


def _term_pattern(term: str) -> str:
    return rf"(?<!\d){re.escape(term)}(?!\d)" if term[0].isdigit() or term[-1].isdigit() else re.escape(term)


def _mentions(text: str, term: str) -> bool:
    return re.search(_term_pattern(term), text) is not None


def _context(sentence: str, term: str) -> tuple[str, str]:
    """Text after the quoted term up to the next clause break or quote, and before it back to one."""
    i = sentence.find(f"“{term}”")
    if i < 0:
        i = sentence.find(term)
        if i < 0:
            return "", ""
        a, b = i, i + len(term)
    else:
        a, b = i, i + len(term) + 2
    stop = CLAUSE_SEP + "“”"
    e = b
    while e < len(sentence) and sentence[e] not in stop + "、":
        e += 1
    s = a
    while s > 0 and sentence[s - 1] not in stop:
        s -= 1
    return sentence[b:e], sentence[s:a]
