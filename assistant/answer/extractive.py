"""The default answerer: no LLM. It picks the sentences of the top passages that answer the question,
scored by term overlap (IDF-weighted) and embedding similarity, de-duplicates and orders them, and
marks each with [n]."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from assistant.records import Document, Hit
from assistant.text.normalize import bigrams, norm
from assistant.text.sentences import sentence_spans
from assistant.text.tokens import tokenize

MIN_SENTENCE = 6
_YEAR = re.compile(r"(?:19|20)\d{2}")
_CLAUSE = re.compile(r"[？?。！!；;\n]+")
_LIST_INTRO = re.compile(r"[一二三四五六七八九十两\d]+(个|项|张|类|条|大)?(方面|特点|清单|部分|任务|工作|举措)|[：:]$")
_ENUMERATED = re.compile(r"^[^，。]{0,12}?(一是|二是|三是|四是|五是|首先|其次|再次|第[一二三四五六七八九十]|[一二三四五六七八九十]是|[（(][一二三四五六七八九十\d][）)])")


@dataclass
class Candidate:
    hit_index: int
    start: int
    end: int
    text: str
    lexical: float
    similarity: float = 0.0
    score: float = 0.0


@dataclass
class Extract:
    """Answer text whose marker [n] cites `cited[n-1]`."""

    text: str
    cited: list[Hit]
    coverage: float  # IDF-weighted share of question terms found in the best sentence


def term_weights(question: str, idf: Callable[[str], float]) -> dict[str, float]:
    return {t: idf(t) for t in dict.fromkeys(tokenize(question))}


def clause_coverage(question: str, idf: Callable[[str], float], text: str) -> float:
    """Best coverage of `text` over the clauses of a question, so that an injection or chatter
    appended to a real question does not dilute it."""
    clauses = [c for c in _CLAUSE.split(question) if len(tokenize(c)) >= 2] or [question]
    return max(coverage(term_weights(c, idf), text) for c in clauses)


def coverage(weights: dict[str, float], text: str) -> float:
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    have = norm(text).lower()
    return sum(w for t, w in weights.items() if t in have) / total


class ExtractiveAnswerer:
    def __init__(self, idf: Callable[[str], float], similarity: Callable[[str, list[str]], np.ndarray] | None = None,
                 max_sentences: int = 3, embed_top: int = 4, max_chars: int = 360, keep_ratio: float = 0.85) -> None:
        self.idf = idf
        self.similarity = similarity
        self.max_sentences = max_sentences
        self.embed_top = embed_top
        self.max_chars = max_chars
        self.keep_ratio = keep_ratio  # a further sentence must score at least this share of the best

    def candidates(self, question: str, context: str, hits: list[Hit], docs: dict[str, Document]) -> list[Candidate]:
        weights = term_weights(question, self.idf)
        ctx = {t: 0.3 * w for t, w in term_weights(context, self.idf).items() if t not in weights}
        years = _YEAR.findall(norm(question))
        seen: set[tuple[str, int]] = set()
        out: list[Candidate] = []
        for i, hit in enumerate(hits):
            doc = docs[hit.chunk.doc_id]
            for a, b in sentence_spans(doc.text, hit.chunk.start, hit.chunk.end):
                text = doc.text[a:b]
                if len(text) < MIN_SENTENCE or (hit.chunk.doc_id, a) in seen:
                    continue
                seen.add((hit.chunk.doc_id, a))
                lex = coverage(weights, text) + coverage(ctx, text) * 0.3
                lex += 0.3 * len(bigrams(question) & bigrams(text)) / max(len(bigrams(question)), 1)
                if not re.search(r"[。！？；!?;]$", text.strip()) or len(text) < 15:
                    lex *= 0.5
                if years and not all(y in norm(text) for y in years):
                    lex *= 0.6  # the question names a year this sentence does not mention  # titles and captions are weaker answers than full sentences
                out.append(Candidate(i, a, b, text, lex, similarity=(hit.dense_score or 0.0) - 0.05))
        return out

    def answer(self, question: str, hits: list[Hit], docs: dict[str, Document], context: str = "") -> Extract:
        cands = self.candidates(question, context, hits, docs)
        if not cands:
            return Extract("", [], 0.0)
        cands.sort(key=lambda c: -c.lexical)
        top = cands[: self.embed_top]
        if self.similarity is not None and top:
            sims = self.similarity(question, [c.text[:120] for c in top])
            for c, s in zip(top, sims, strict=True):
                c.similarity = float(s)
        for c in cands:
            c.score = 0.6 * c.lexical + 0.4 * c.similarity + 0.02 * (len(hits) - c.hit_index) / max(len(hits), 1)
        cands.sort(key=lambda c: -c.score)
        chosen: list[Candidate] = []
        for c in cands:
            if len(chosen) >= self.max_sentences or c.score < self.keep_ratio * cands[0].score:
                break
            if any(_similar(c.text, o.text) for o in chosen):
                continue
            if chosen and sum(len(o.text) for o in chosen) + len(c.text) > self.max_chars:
                continue
            chosen.append(c)
        chosen = self._with_list_items(chosen, cands, hits, docs)
        text = "".join(f"{_display(c.text)}[{n}]" for n, c in enumerate(chosen, start=1))
        cited = [hits[c.hit_index] for c in chosen]
        return Extract(text, cited, clause_coverage(question, self.idf, chosen[0].text) if chosen else 0.0)

    def _with_list_items(self, chosen: list[Candidate], cands: list[Candidate], hits: list[Hit],
                         docs: dict[str, Document]) -> list[Candidate]:
        """When the best sentence announces a list (主要有四个特点。…：), add the enumerated
        sentences that follow it in the same passage."""
        best = chosen[0]
        if not _LIST_INTRO.search(best.text.strip()):
            return chosen
        hit = hits[best.hit_index]
        doc = docs[hit.chunk.doc_id]
        items: list[Candidate] = []
        budget = self.max_chars + 200 - len(best.text)
        after_colon = best.text.strip().endswith(("：", ":"))
        for a, b in sentence_spans(doc.text, best.end, hit.chunk.end):
            text = doc.text[a:b]
            if not (_ENUMERATED.search(text) or (after_colon and not items)):
                continue
            if len(text) > budget:
                break
            items.append(Candidate(best.hit_index, a, b, text, best.lexical, best.similarity, best.score))
            budget -= len(text)
            if len(items) >= 6:
                break
        if not items:
            return chosen
        return [best, *items]


def _display(sentence: str) -> str:
    """Join layout line breaks for reading; the citation keeps the exact quote."""
    return re.sub(r"\s*\n\s*", "", sentence).strip()


def _similar(a: str, b: str) -> bool:
    x, y = bigrams(a), bigrams(b)
    return bool(x and y) and len(x & y) / len(x | y) > 0.6
