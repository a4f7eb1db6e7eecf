"""The default answerer: no LLM. It reads the question (`question.analyse`), scores every sentence of
the retrieved passages with a small learned model (`scorer.json`, fitted by scripts/fit_scorer.py),
and answers with what the question asks for: the sentence that holds the number, the date, every
item of an enumeration (gathered from the document's structure, across chunk boundaries), each
marked [n] and with the answering span marked inside the quote.

The parts it stands on: `features.py` (what each sentence is scored on, and the learned model),
`enumeration.py` (how documents enumerate: markers, items, headings) and `speakers.py` (who speaks
a sentence). This module chooses and composes: the rules that answer a number, a date, a list, a
reason, and the quoting of each chosen sentence with its passage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from assistant.answer.enumeration import (
    DASH,
    ITEM_REACH,
    doc_sentences,
    first_item,
    is_heading,
    item_marker,
    item_span,
    item_title,
    items_from,
    marker,
    neighbour_items,
    previous_in_block,
    sentence_index,
)
from assistant.answer.features import (
    LIST_INTRO,
    Candidate,
    Meaning,
    Scorer,
    both_digit_forms,
    clause_coverage,
    coverage,
    default_scorer,
    named_items,
    sentence_features,
    term_weights,
)
from assistant.answer.question import (
    CN_NUM,
    ORDINAL,
    QuestionAnalysis,
    analyse,
    answer_span,
    cn_int,
    holds_kind,
    names_quantity,
    sub_questions,
)
from assistant.answer.speakers import (
    ABOUT_PERSON,
    FIRST_PERSON,
    ROLE_QUESTION,
    people_first,
    same_sentence,
    signature_at,
    speaker_at,
    speaker_name,
)
from assistant.records import Chunk, Citation, Document, Hit
from assistant.text.normalize import bigrams, norm
from assistant.text.references import REPORT_REF, reference_matches
from assistant.text.sentences import CLAIM_END
from assistant.text.tokens import tokenize

MIN_SENTENCE = 6
MAX_ITEMS = 8  # list items shown; a longer list is cut with a note of how many there are
KIND_RATIO = 0.5  # a number/date sentence may replace a better-scored one without it down to this share
LIST_TRIES = 5  # list questions: the enumerations around this many best sentences are considered
INLINE_COVERAGE = 0.5  # a sentence naming items inline answers a list question if it covers this much of it
MIN_CLAUSES = 3  # … or, covering as much, lists more than this many clauses (a topic and its measures)
MIN_GAIN = 0.1  # a supporting sentence must add this much question coverage (README: citation precision)
FOLLOW = 2  # sentences after a chunk's end also considered (a heading at a chunk's end is answered after it)

_ANNOUNCES = re.compile(r"以下|如下|下列|[：:]\s*$")  # a sentence announcing the items that follow it
_FULL_NAME = re.compile(r"全称|全名|完整(?:的)?(?:名称|标题)")
_TITLE_IN = re.compile(r"《([^《》]+)》")
# 什么样的应急管理体系, 探索实行什么管理: the noun whose kind is asked, which the answer names
_WHAT_NOUN = re.compile(r"(?:什么样的?|什么|哪种|哪一种|何种)([\u4e00-\u9fff]{2,8})[？?]?$")


def _asked_noun(question: str) -> str | None:
    m = _WHAT_NOUN.search(norm(question))
    return m.group(1) if m else None


_REASON_CUE = re.compile(r"因为|由于|为了|旨在|目的是|考虑了?|原因")  # a sentence that gives a reason
_ASKS_TARGET = re.compile(r"目标|预期|计划|力争")
_STATES_TARGET = re.compile(r"目标|预期|以上|左右|力争|确保|争取")
TARGET_RATIO = 0.9  # a sentence stating a target may replace a better-scored result down to this share
ITEM_FOCUS = 0.5  # a list question about one item covers this much of it with the item's sentence
ITEM_MARGIN = 2.0  # … and this many times what any other item of the enumeration covers
ITEM_BODY = 3  # sentences of an item given after its first when none of them was retrieved


@dataclass
class Extract:
    """The answer's sentences; `sentences[n-1]` is cited by `cited[n-1]` (marker [n] in `text`), and
    `spans[n-1]` is the answering span (document offsets) inside that citation's quote, or None."""

    sentences: list[str]
    cited: list[Hit]
    coverage: float  # IDF-weighted share of question terms in the best sentence (and the heading it continues)
    spans: list[tuple[int, int] | None] = field(default_factory=list)
    analysis: QuestionAnalysis | None = None
    kind_ok: bool = True  # the best evidence holds the kind of answer wanted (a number for 多少 …)
    confidence: float = 0.0  # the learned score of the best sentence
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The answer as shown: each sentence followed by its marker [n]."""
        # a line without a closing stop (a heading, a signature) ends its claim with a line break
        return "".join(f"{sentence}[{n}]" + ("" if re.search(rf"[{CLAIM_END}]$", sentence) else "\n")
                       for n, sentence in enumerate(self.sentences, start=1)).rstrip("\n")


def _by_start(cands: list[Candidate]) -> dict[tuple[str, int], Candidate]:
    return {(c.doc_id, c.start): c for c in cands}


def _sentence_at(like: Candidate, doc: Document, span: tuple[int, int],
                 by_start: dict[tuple[str, int], Candidate]) -> Candidate:
    """The sentence of `doc` at `span`: the candidate already scored there, else one with `like`'s
    retrieval hit, features and score (a list item or a following sentence beyond the retrieved chunks)."""
    a, b = span
    return by_start.get((doc.doc_id, a)) or Candidate(like.hit_index, doc.doc_id, a, b, doc.text[a:b],
                                                       like.features, like.score)


def _clauses(text: str) -> int:
    """How many clauses a (normalised) sentence has, split at commas and semicolons."""
    return len(re.split(r"[，,；;]", text.rstrip("。；;")))


# 据2024年政府工作报告, 党的二十大报告提出: which report to read, not words the answer says (its opening
# line 向大会报告政府工作 would match them best). A communiqué is named by its meeting (三中全会公报), which
# its sentences name too (全会提出), so it stays.
_NAMED_REPORT = re.compile(rf"(?:根据|据|按照)?(?:\d{{4}}年)?(?:党的)?(?:{REPORT_REF.pattern})(?:中|里|的|提出|指出|回顾)?[，,]?")


def _unnamed(question: str) -> str:
    """The question without the report it names, unless it asks about the report itself (是在哪一天作的)."""
    rest = _NAMED_REPORT.sub("", question)
    return rest if any(len(w) >= 2 for w in tokenize(rest)) else question


def _names_years(years: Sequence[str], text: str) -> bool:
    """Does `text` (a sentence with its section's headings and its document's title) name every year
    asked, in Arabic or Chinese digits?"""
    where = both_digit_forms(norm(text))
    return all(y in where for y in years)


class ExtractiveAnswerer:
    def __init__(self, idf: Callable[[str], float], chunk_at: Callable[[str, int], Chunk | None] | None = None,
                 max_sentences: int = 3, max_chars: int = 360, keep_ratio: float = 0.8,
                 scorer: Scorer | None = None, max_items: int = MAX_ITEMS, meaning: Meaning | None = None) -> None:
        self.idf = idf
        self.meaning = meaning  # sentence similarity to the query (sentence_dense); None: unknown, not scored
        self.max_items = max_items
        self.chunk_at = chunk_at  # the indexed chunk holding a document offset, to cite list items anywhere
        self.max_sentences = max_sentences
        self.max_chars = max_chars
        self.keep_ratio = keep_ratio  # a further sentence must score at least this share of the best
        self.scorer = scorer or default_scorer()

    # -- candidates ------------------------------------------------------------------------------
    def candidates(self, question: str, context: str, hits: list[Hit], docs: dict[str, Document],
                   analysis: QuestionAnalysis | None = None, query: str = "") -> list[Candidate]:
        """Every sentence of the retrieved chunks (and FOLLOW after each) with its features; `query`:
        the text the retriever embedded (its vector is reused for `sentence_dense`), default `question`."""
        analysis = analysis or analyse(question)
        weights = term_weights(question, self.idf)
        ctx = {t: w for t, w in term_weights(context, self.idf).items() if t not in weights}
        qgrams = bigrams(question)
        best_dense = max((h.dense_score for h in hits if h.dense_score is not None), default=0.0)
        seen: set[tuple[str, int]] = set()
        out: list[Candidate] = []
        for i, hit in enumerate(hits):
            doc = docs[hit.chunk.doc_id]
            spans = doc_sentences(doc)
            lo = sentence_index(spans, hit.chunk.start)
            hi = sentence_index(spans, hit.chunk.end)
            dense = (hit.dense_score - best_dense) if hit.dense_score is not None else -0.1
            for j in range(lo, min(hi + FOLLOW, len(spans))):
                a, b = spans[j]
                text = doc.text[a:b]
                if len(text) < MIN_SENTENCE or (doc.doc_id, a) in seen:
                    continue
                seen.add((doc.doc_id, a))
                prev, first = previous_in_block(doc.text, spans, j)
                speaker = speaker_name(doc.text, spans, j) if analysis.people else ""
                out.append(Candidate(i, doc.doc_id, a, b, text, sentence_features(
                    analysis, weights, ctx, qgrams, text, prev, first, dense, i, speaker)))
        self._add_meaning(query or question, out)
        return out

    def _add_meaning(self, query: str, cands: list[Candidate]) -> None:
        """`sentence_dense`: each sentence's cosine to the query minus the best candidate's."""
        if self.meaning is None or not cands:
            return
        sims = self.meaning(query, [(c.doc_id, c.start) for c in cands])
        if np.isnan(sims).all():
            return
        best = float(np.nanmax(sims))
        for c, s in zip(cands, sims, strict=True):
            if not np.isnan(s):
                c.features["sentence_dense"] = float(s) - best

    def score(self, cands: list[Candidate]) -> None:
        if cands:
            for c, s in zip(cands, self.scorer.score(self.scorer.matrix(cands)), strict=True):
                c.score = float(s)

    # -- answering -------------------------------------------------------------------------------
    def answer(self, question: str, hits: list[Hit], docs: dict[str, Document], context: str = "",
               analysis: QuestionAnalysis | None = None, query: str = "") -> Extract:
        """The extract answering `question`; a compound question (…是多少、增长了多少？) is answered
        part by part, each part with the whole question as its context, and the parts joined. `query`:
        what the retriever searched (its vector scores sentences by meaning), default `question`."""
        parts = sub_questions(question)
        query = query or question
        if len(parts) == 1:
            return self._answer_one(question, hits, docs, context, analysis or analyse(question), query)
        whole = f"{context} {question}".strip()
        return self._join(question, parts, [self._answer_one(p, hits, docs, whole, analyse(p), query)
                                            for p in parts], analysis or analyse(question))

    def _join(self, question: str, parts: tuple[str, ...], extracts: list[Extract],
              analysis: QuestionAnalysis) -> Extract:
        """The answers to the parts of a compound question as one: sentences in order, a sentence that
        answers two parts said once, markers renumbered; its coverage is of the whole question. A part
        whose evidence lacks the kind it asks (no number for 多少) is left out and named in a note;
        with none left, the kind is missing."""
        sentences: list[str] = []
        cited: list[Hit] = []
        spans: list[tuple[int, int] | None] = []
        notes: list[str] = []
        seen: set[tuple[str, str]] = set()
        kept = [ex for ex in extracts if ex.kind_ok and ex.sentences] or extracts
        for part, ex in zip(parts, extracts, strict=True):
            if ex not in kept:
                notes.append(f"文档中没有找到：{part}")
                continue
            for sentence, hit, span in zip(ex.sentences, ex.cited, ex.spans, strict=True):
                if (hit.chunk.doc_id, sentence) not in seen:
                    seen.add((hit.chunk.doc_id, sentence))
                    sentences.append(sentence)
                    cited.append(hit)
                    spans.append(span)
            notes += [x for x in ex.notes if x not in notes]
        sections = "".join(dict.fromkeys(h.chunk.section_path for h in cited))
        return Extract(sentences, cited, clause_coverage(question, self.idf, "".join(sentences) + sections), spans,
                       analysis, any(ex.kind_ok for ex in extracts), max(ex.confidence for ex in kept), notes)

    def _answer_one(self, question: str, hits: list[Hit], docs: dict[str, Document], context: str,
                    analysis: QuestionAnalysis, query: str) -> Extract:
        question = _unnamed(question)  # the report it names is checked as an anchor, not matched in sentences
        post = bool(analysis.people and ROLE_QUESTION.search(question))  # 刘尚进担任什么职务？
        if post:  # 担任…职务 frames the question; the answer writes the post before the name instead
            question = ROLE_QUESTION.sub("", question)
        cands = self.candidates(question, context, hits, docs, analysis, query)
        if not cands:
            return Extract([], [], 0.0, analysis=analysis, kind_ok=False)
        self.score(cands)
        cands.sort(key=lambda c: -c.score)
        if post or analysis.people and ABOUT_PERSON.search(question):
            cands = people_first(analysis, cands, docs, post)
        cands = _from_named_documents(analysis, cands, docs)
        best = cands[0]
        notes: list[str] = []
        if analysis.kind in ("number", "date", "law"):
            best = self._holding_kind(analysis, self._dated_first(analysis, cands, hits, docs)) \
                or self._item_holding_kind(analysis, cands, docs) or best
            chosen = [_target_if_asked(question, analysis, best, cands)]
        elif analysis.kind == "list" and post:
            chosen = [best]  # 刘尚进担任哪些职务？ is answered where a post is written before the name
        elif analysis.kind == "list" and _states_ordinal(question, best):
            chosen = [best]  # 第二板块包括哪几部分？ answered by the sentence saying …为第二板块
        elif analysis.kind == "list" and self._about_item(analysis, question, best, docs):
            chosen = [best, *self._within_item(best, docs, cands)]
        elif analysis.kind == "list":
            chosen, notes = self._best_enumeration(analysis, self._dated_first(analysis, cands, hits, docs), docs)
        elif analysis.kind == "actor" and (spoken := self._spoken(cands, docs)):
            chosen = spoken
        else:
            if best.features["number"]:  # 那失业率的目标呢？ asks a figure without 多少: a target, not a result
                best = _target_if_asked(question, analysis, best, [c for c in cands if c.features["number"]])
            if analysis.titles and _FULL_NAME.search(question):  # 《实施意见》全称是什么？ its full title
                best = next((c for c in cands[:LIST_TRIES] if c.score >= KIND_RATIO * best.score
                             and _full_title(analysis.titles, c.text)), best)
            if analysis.kind == "reason" and not _REASON_CUE.search(best.text):  # 为什么 is answered by a reason
                best = next((c for c in cands[:LIST_TRIES] if _REASON_CUE.search(c.text)
                             and c.score >= self.keep_ratio * best.score), best)
            if (noun := _asked_noun(question)) and noun not in norm(best.text):  # 什么样的应急管理体系
                best = next((c for c in cands[:LIST_TRIES] if c.score >= KIND_RATIO * best.score
                             and noun in norm(c.text)), best)
            chosen = [best]
            if is_heading(best.text, bool(best.features["first"])) or item_title(best.text) or (
                    best.features["intro"] and not best.features["type_match"]):
                chosen += self._following(best, docs, cands, 1)  # a heading or intro never answers alone
            elif analysis.kind not in ("actor", "definition"):
                more = self._supporting(best, cands, question)
                if post:  # another person's post says nothing of theirs
                    more = [c for c in more if any(p in c.text for p in analysis.people)]
                chosen += more
        if analysis.kind == "list" and len(chosen) == 1 and not chosen[0].features["type_match"] \
                and not post:
            chosen += self._supporting(chosen[0], cands, question)
        return self._compose(analysis, question, chosen, hits, docs, notes)

    def _dated_first(self, analysis: QuestionAnalysis, cands: list[Candidate], hits: list[Hit],
                     docs: dict[str, Document]) -> list[Candidate]:
        """For a question naming a year (2023年粮食产量): the sentences dated that year, by their text,
        their section's headings (一、2023年工作回顾) or their document's title, when one of them holds
        the kind of answer; a 2024 target beside it answers another question."""
        if not analysis.years:
            return cands

        def dated(c: Candidate) -> bool:
            hit = self._hit_for(c, hits, docs)
            return _names_years(analysis.years, c.text + (hit.chunk.section_path if hit else "") + docs[c.doc_id].title)
        first = [c for c in cands if dated(c)]
        if not any(holds_kind(analysis, c.text) for c in first):
            return cands
        ids = {id(c) for c in first}
        return first + [c for c in cands if id(c) not in ids]

    def _holding_kind(self, analysis: QuestionAnalysis, cands: list[Candidate]) -> Candidate | None:
        """For a number or date question: the best sentence when it holds the kind, unless it does not
        name what is counted (粮食产量) and one scoring at least KIND_RATIO of it does; the sentence
        after the best one when the best is a heading or intro without the number; else the
        best-scored sentence that holds one, if it scores at least KIND_RATIO of the best (below that
        it answers another question: refuse)."""
        best = cands[0]
        if holds_kind(analysis, best.text) and names_quantity(analysis, best.text):
            return best
        holding = [c for c in cands if holds_kind(analysis, c.text) and c.score >= KIND_RATIO * best.score]
        naming = next((c for c in holding if names_quantity(analysis, c.text)), None)  # 粮食产量1.3万亿斤
        if holds_kind(analysis, best.text):  # … unless it does not name what is counted and one that does
            return naming or best
        follow = [c for c in cands[1:] if holds_kind(analysis, c.text) and c.doc_id == best.doc_id
                  and 0 <= c.start - best.end <= 200]
        if follow:
            return min(follow, key=lambda c: c.start)
        return naming or (holding[0] if holding else None)

    def _item_holding_kind(self, analysis: QuestionAnalysis, cands: list[Candidate],
                           docs: dict[str, Document]) -> Candidate | None:
        """When no retrieved sentence holds the kind asked: the first sentence that does in the item
        one of the best few sentences titles ((32)完善大统战工作格局。 … 制定民族团结进步促进法), up to
        the item's next sibling; the item's body may lie beyond the retrieved chunk."""
        for c in cands[:LIST_TRIES]:
            if c.score < KIND_RATIO * cands[0].score:
                break
            if marker(norm(c.text)) is None:
                continue
            doc = docs[c.doc_id]
            spans = doc_sentences(doc)
            j = sentence_index(spans, c.start)
            end = _item_end(doc, spans, j, c)
            for a, b in spans[j + 1:]:
                if a >= end:
                    break
                if holds_kind(analysis, doc.text[a:b]):
                    return Candidate(c.hit_index, doc.doc_id, a, b, doc.text[a:b], c.features, c.score)
        return None

    def _supporting(self, best: Candidate, cands: list[Candidate], question: str) -> list[Candidate]:
        """Further sentences that score near the best one and say something of the question that the
        sentences already chosen do not (coverage gain >= MIN_GAIN), or give the reason a why-question
        asks: a sentence that adds nothing is a citation that does not carry the answer."""
        out: list[Candidate] = []
        used = len(best.text)
        weights = term_weights(question, self.idf)
        said = best.text
        reason = analyse(question).kind == "reason"
        for c in cands:
            if len(out) + 1 >= self.max_sentences or c.score < self.keep_ratio * best.score:
                break
            if c is best or _similar(c.text, best.text) or any(_similar(c.text, o.text) for o in out):
                continue
            if used + len(c.text) > self.max_chars or is_heading(c.text, bool(c.features["first"])):
                continue
            gives_reason = reason and bool(_REASON_CUE.search(c.text)) and not _REASON_CUE.search(said)
            if not gives_reason and coverage(weights, said + c.text) - coverage(weights, said) < MIN_GAIN:
                continue
            out.append(c)
            used += len(c.text)
            said += c.text
        return out

    def _spoken(self, cands: list[Candidate], docs: dict[str, Document]) -> list[Candidate]:
        """For a question asking who: a near-best sentence in remarks opened by a speaker label
        (李春奎：…, the format of press conferences and interviews) is answered by that opening
        sentence, which names the speaker, followed by the sentence itself."""
        best = cands[0]
        for c in cands[:LIST_TRIES]:
            if c.score < KIND_RATIO * best.score:
                break
            doc = docs[c.doc_id]
            spans = doc_sentences(doc)
            j = sentence_index(spans, c.start)
            k = speaker_at(doc.text, spans, j)
            if k is None and FIRST_PERSON.search(c.text) and (signed := signature_at(doc)):
                # 由我担任组长 in a signed speech: cited with the signature that says who "I" is
                return [Candidate(c.hit_index, c.doc_id, *signed, doc.text[slice(*signed)], c.features, c.score), c]
            if k is None:
                continue
            a, b = spans[k]
            opening = _sentence_at(c, doc, (a, b), _by_start(cands))
            return [opening] if k == j else [opening, c]
        return []

    def _following(self, c: Candidate, docs: dict[str, Document], cands: list[Candidate], n: int) -> list[Candidate]:
        doc = docs[c.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, c.start)
        by_start = _by_start(cands)
        return [_sentence_at(c, doc, span, by_start) for span in spans[j + 1: j + 1 + n]]

    def _about_item(self, analysis: QuestionAnalysis, question: str, c: Candidate, docs: dict[str, Document]) -> bool:
        """Does a list question ask about one item of an enumeration (近期拟出台的惠民强企政策举了哪些例子？
        and 四是近期拟出台惠民强企政策清单。), not for the items? The best sentence is an item; the noun
        asked about (例子) is not what the item is (清单); and the item covers at least ITEM_FOCUS of the
        question and ITEM_MARGIN times what its neighbouring items cover."""
        t = norm(c.text)
        mk = marker(t)
        if mk is None or analysis.head is None or analysis.head[-2:] in t:
            return False
        doc = docs[c.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, c.start)
        weights = term_weights(question, self.idf)
        mine = coverage(weights, c.text)
        others = [coverage(weights, doc.text[slice(*spans[k])]) for k in neighbour_items(doc, spans, j, mk[0])]
        return bool(others) and mine >= ITEM_FOCUS and mine >= ITEM_MARGIN * max(others)

    def _within_item(self, item: Candidate, docs: dict[str, Document], cands: list[Candidate]) -> list[Candidate]:
        """The answer inside an item (up to the next item of its kind): the best retrieved sentence
        there that names several things, else the best retrieved one, else the item's next sentences."""
        doc = docs[item.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, item.start)
        end = _item_end(doc, spans, j, item)
        inside = [c for c in cands if c.doc_id == item.doc_id and item.end <= c.start < end]
        naming = [c for c in inside if named_items(norm(c.text)) >= 2]
        if naming or inside:
            return [max(naming or inside, key=lambda c: c.score)]
        return self._item_body(item, docs, cands)

    def _item_body(self, item: Candidate, docs: dict[str, Document], cands: list[Candidate]) -> list[Candidate]:
        """The sentences of an enumeration item after its first, up to the next item (at most ITEM_BODY)."""
        out: list[Candidate] = []
        for c in self._following(item, docs, cands, ITEM_BODY):
            if marker(norm(c.text)) is not None:
                break
            out.append(c)
        return out

    def _enumeration(self, best: Candidate, cands: list[Candidate], docs: dict[str, Document],
                     analysis: QuestionAnalysis | None = None) -> tuple[list[Candidate], list[str]]:
        """Every item of the enumeration the best sentence belongs to or announces, from the
        document's sentences (not only the retrieved chunk), after its intro when that counts the items,
        ends with a colon, is the best sentence, or names the thing the question asks about (…的中国特色)."""
        doc = docs[best.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, best.start)
        intro: int | None = None
        first: int | None = None
        mk = item_marker(norm(best.text))
        if mk is None or is_heading(best.text):  # it may announce a list (a heading, its section's): item 1 follows closely
            first = _announced(doc, spans, j, mk[0] if mk else None)
            intro = j if first is not None else None
        if first is None and mk is not None:  # the best sentence is an item: walk back to item 1 and its intro
            first = first_item(doc, spans, j, mk[0])
            if first is None:
                return self._not_enumerated(best, cands), []
            opened = marker(norm(doc.text[slice(*spans[first])])) is None  # 以下几点：一是…: its own intro
            intro = first - 1 if first > 0 and not opened else None
        elif first is None:
            return self._paragraph_items(best, j, spans, doc, cands), []
        items = items_from(doc, spans, first)
        if len(items) < 2:
            return self._not_enumerated(best, cands), []
        shown = items[:self.max_items]
        notes = [f"共{len(items)}项，以下列出前{len(shown)}项。"] if len(items) > len(shown) else []
        by_start = _by_start(cands)
        out: list[Candidate] = []
        if intro is not None and intro >= 0:
            a, b = spans[intro]
            text = norm(doc.text[a:b])
            names = analysis is not None and bool(analysis.head) and not _FRAME_HEAD.match(analysis.head or "") \
                and _names_head(analysis, text)
            if (LIST_INTRO.search(text) or intro == j or names) and not is_heading(doc.text[a:b]):  # j: the best announced them
                out.append(_sentence_at(best, doc, (a, b), by_start))
        out += [_sentence_at(best, doc, spans[k], by_start) for k in shown]
        return out, notes

    def _best_enumeration(self, analysis: QuestionAnalysis, cands: list[Candidate],
                          docs: dict[str, Document]) -> tuple[list[Candidate], list[str]]:
        """The enumeration around one of the best few sentences (the first found in score order,
        one with the asked number of items first); else the best sentence alone."""
        found = []
        for c in cands[:LIST_TRIES]:
            if c.score < self.keep_ratio * cands[0].score * 0.75:
                break
            items, notes = self._enumeration(c, cands, docs, analysis)
            if len(items) > 1:
                found.append((items, notes))
        top = cands[0]
        if _dash_naming_items(analysis, top):
            return [top], []  # ——…在幼有所育、学有所教、劳有所得…上持续用力: one paragraph of a dashed list, naming them
        if _names_the_items(analysis, top) and not any(
                top in items or (_ANNOUNCES.search(top.text) or _adjacent(top, items[0]) and marker(norm(items[0].text)))
                and _follows(top, items[0]) or same_sentence(top.text, self._before(items, docs))
                for items, _ in found):
            return [top], []  # the best sentence names the items itself (推动碳排放权、排污权、用水权等…)
        if not found:  # no enumeration: the near-best sentence that names items, or the noun asked about
            near = [c for c in cands[:LIST_TRIES] if c.score >= 0.7 * cands[0].score]
            head = 0.0 if analysis.head and _FRAME_HEAD.match(analysis.head) else 1.0  # 哪几项要求: not 内在要求
            pick = max(near, key=lambda c: (c.features["type_match"] + head * c.features["head"], c.score))
            return [pick, *self._paragraph_measures(pick, docs, cands)], []
        marked = [sum(item_marker(norm(i.text)) is not None for i in items) for items, _ in found]
        for (items, notes), n in zip(found, marked, strict=True):
            if analysis.count is not None and n == analysis.count:
                return items, notes
        if analysis.count is not None and all(n >= 2 for n in marked):
            # 哪两个 and only numbered lists of other lengths (一是…五是): a near-best sentence naming as many inline
            inline = next((c for c in cands[:LIST_TRIES] if c.score >= 0.7 * cands[0].score
                           and named_items(norm(c.text)) >= analysis.count), None)
            if inline is not None:
                return [inline], []
        for items, notes in found:  # else the first announced with the noun asked about (…更有…的中国特色。)
            if analysis.head and analysis.head in norm(self._before(items, docs)):
                return items, notes
        return found[0]

    @staticmethod
    def _before(items: list[Candidate], docs: dict[str, Document]) -> str:
        """The sentence before an enumeration's first item (its intro, if it has one)."""
        first = next((i for i in items if marker(norm(i.text)) is not None), items[0])
        doc = docs[first.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, first.start)
        return doc.text[slice(*spans[j - 1])] if j > 0 else ""

    def _paragraph_items(self, best: Candidate, j: int, spans: tuple[tuple[int, int], ...], doc: Document,
                         cands: list[Candidate]) -> list[Candidate]:
        """An intro that counts its items and ends with a colon (重点推进三个方面的工作：) followed by
        unnumbered paragraphs: the first sentence of each of the next N paragraphs."""
        t = norm(best.text)
        m = re.search(rf"([{CN_NUM}\d]+)(?:个|项|张|类|条|大|种|批)?(?:方面|方向|重点|任务|工作|举措|措施|机制)", t)
        n = cn_int(m.group(1)) if m else None
        ends_paragraph = j + 1 < len(spans) and "\n" in doc.text[spans[j][1]:spans[j + 1][0]]
        if not (t.endswith(("：", ":")) or ends_paragraph) or n is None or not 2 <= n <= self.max_items:
            return [best]
        items: list[Candidate] = []
        by_start = _by_start(cands)
        for k in range(j + 1, len(spans)):
            a, b = spans[k]
            if "\n" in doc.text[spans[k - 1][1]:a]:  # a sentence that starts a paragraph
                items.append(_sentence_at(best, doc, (a, b), by_start))
                if len(items) == n:
                    break
        return [best, *items] if len(items) == n else [best]

    def _paragraph_measures(self, c: Candidate, docs: dict[str, Document], cands: list[Candidate]) -> list[Candidate]:
        """The sentences after `c` in its paragraph that list measures clause after clause (全会提出，X是….
        必须…。要完善…，深化…，深化…。): an unnumbered paragraph answers a list question as a whole."""
        doc = docs[c.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, c.start)
        by_start = _by_start(cands)
        out: list[Candidate] = []
        used = len(c.text)
        for k in range(j + 1, min(j + self.max_sentences, len(spans))):
            a, b = spans[k]
            text = doc.text[a:b]
            if "\n" in doc.text[spans[k - 1][1]:a] or used + len(text) > self.max_chars:
                break  # the paragraph ends
            if marker(norm(text)) is None and _clauses(norm(text)) >= MIN_CLAUSES:
                out.append(_sentence_at(c, doc, (a, b), by_start))
                used += len(text)
        return out

    def _not_enumerated(self, best: Candidate, cands: list[Candidate]) -> list[Candidate]:
        return [best]

    def _compose(self, analysis: QuestionAnalysis, question: str, chosen: list[Candidate], hits: list[Hit],
                 docs: dict[str, Document], notes: list[str]) -> Extract:
        cited: list[Hit] = []
        spans: list[tuple[int, int] | None] = []
        sentences: list[str] = []
        for c, hit in _with_intros(chosen, docs, lambda m: self._hit_for(m, hits, docs)):
            rel = answer_span(analysis, c.text) if analysis.kind != "list" or item_marker(norm(c.text)) is None \
                else item_span(c.text)
            if c.lead and analysis.kind == "list":  # an intro quoted with its first item: the item's span
                item = item_span(c.text[c.lead:])
                rel = (c.lead + item[0], c.lead + item[1]) if item else None
            spans.append((c.start + rel[0], c.start + rel[1]) if rel else None)
            cited.append(hit)
            sentences.append(_display(c.text))
        best = chosen[0]
        prev, _ = previous_in_block(docs[best.doc_id].text, doc_sentences(docs[best.doc_id]),
                            sentence_index(doc_sentences(docs[best.doc_id]), best.start))
        section = (self._hit_for(best, hits, docs) or hits[0]).chunk.section_path  # its headings (speaker)
        # coverage of what the answer says, with the heading it continues and its section
        said_all = prev + "".join(c.text for c in chosen)
        cov = clause_coverage(question, self.idf, said_all + section)
        kind_ok = any(holds_kind(analysis, c.text) for c in chosen) and names_quantity(analysis, said_all + section)
        if analysis.kind in ("number", "date"):  # the year the question names: in the answer, its section's
            # headings or its document's title
            kind_ok = kind_ok and _names_years(analysis.years, said_all + section + docs[best.doc_id].title)
        if analysis.kind == "list" and analysis.count and analysis.count >= 2:  # 哪四个 wants four things
            kind_ok = len(chosen) > analysis.count or sum(marker(norm(c.text)) is not None for c in chosen) == analysis.count \
                or any(
                named_items(norm(c.text)) >= analysis.count
                or len([p for p in re.split(r"[，；、,;]", norm(c.text)) if len(p) >= 2]) > analysis.count
                for c in chosen)
            kind_ok = kind_ok and _spells_out_group(analysis, norm("".join(c.text for c in chosen)))
            kind_ok = kind_ok and _names_head(analysis, norm(said_all + section))
            marked = sum(item_marker(norm(c.text)) is not None for c in chosen)
            kind_ok = kind_ok and not (marked >= 2 and marked != analysis.count)  # 一是…五是 are not the two asked
        return Extract(sentences, cited, cov, spans, analysis, kind_ok, best.score, notes)

    def _hit_for(self, c: Candidate, hits: list[Hit], docs: dict[str, Document]) -> Hit | None:
        """The retrieved hit holding a sentence, or the indexed chunk holding it (a list item or the
        sentence after a heading may lie beyond the retrieved chunks)."""
        for h in hits:
            if h.chunk.doc_id == c.doc_id and h.chunk.start <= c.start and c.end <= h.chunk.end:
                return h
        if self.chunk_at is not None:
            chunk = self.chunk_at(c.doc_id, c.start)
            if chunk is not None and chunk.end >= c.end:
                return Hit(chunk, 0.0, title=docs[c.doc_id].title)
        return None


def _from_named_documents(analysis: QuestionAnalysis, cands: list[Candidate],
                          docs: dict[str, Document]) -> list[Candidate]:
    """A question naming a document by its short name (党的二十大报告是在哪一天作的？) is answered from
    that document when sentences of it were retrieved, not from another that mentions the meeting."""
    if not analysis.documents:
        return cands
    named = {d for d in {c.doc_id for c in cands}
             if any(reference_matches(r, docs[d].heading) for r in analysis.documents)}
    return [c for c in cands if c.doc_id in named] or cands


def _names_the_items(analysis: QuestionAnalysis, c: Candidate) -> bool:
    """A sentence that is itself the answer to a list question: not an enumeration item, names at
    least as many items as asked (two or more), not the noun asked about among them, and matches the
    question well (holds the noun asked about, …生态资源权益交易, or INLINE_COVERAGE of its terms)."""
    t = norm(c.text)
    if analysis.head and re.search(rf"、{re.escape(analysis.head)}|{re.escape(analysis.head)}、", t):
        return False  # the noun asked about is one of the names (阐述了…中国特色、本质要求、重大原则): topics, not instances
    if marker(t) is not None:
        return False
    if named_items(t) >= max(analysis.count or 2, 2):
        return bool(c.features["head"]) or c.features["coverage"] >= INLINE_COVERAGE
    # a topic followed by its measures, clause after clause (打造…新高地，完善…，出台…，深化…。)
    return analysis.count is None and c.features["coverage"] >= INLINE_COVERAGE and \
        _clauses(t) > MIN_CLAUSES


def _dash_naming_items(analysis: QuestionAnalysis, c: Candidate) -> bool:
    """A paragraph of a dashed list (——…) that names the items asked inline (at least MIN_CLAUSES, or as
    many as asked) and covers the question well answers it alone; the other paragraphs of its list are
    about other things."""
    t = norm(c.text)
    mk = marker(t)
    return mk is not None and mk[0] == "dash" and named_items(t) >= max(analysis.count or MIN_CLAUSES, 2) \
        and c.features["coverage"] >= INLINE_COVERAGE


# The noun of a list question that frames it (哪几项要求, 哪些方面) rather than naming what is listed.
_FRAME_HEAD = re.compile(r"^(?:具体)?(?:要求|方面|内容|措施|举措|任务|工作|事项|部署|安排)$")

# A numbered group named in quotes (“六个区”, “两大定位”, “两个毫不动摇”): its items each repeat its noun.
_GROUP = re.compile(rf"^[{CN_NUM}\d]+[个大](.+)$")
_SHORT_GROUP = re.compile(rf"^([{CN_NUM}])(?!个)([\u4e00-\u9fff]{{1,2}})$")  # “三新”; “四个一” is _GROUP's


def _spells_out_group(analysis: QuestionAnalysis, said: str) -> bool:
    """When the answer names the quoted group the question asks about (建设“六个区”), does it also
    spell out its items: the group's noun (区) at least as many times as the group counts, besides
    the name itself? A sentence naming the group in passing does not list it. And a list of as many
    items as the group counts that never names the group (“三新”指哪三类 answered by another
    speaker's 首先…其次…第三) lists something else."""
    for term in analysis.quoted:
        t = norm(term)
        m = _GROUP.match(t)
        # “三新”指哪三类: a numeral and a one- or two-character noun, its items each repeat the noun (新…)
        short = _SHORT_GROUP.match(t)
        size = cn_int(short.group(1)) if short else None
        short_counted = size is not None and size == analysis.count
        counted = short_counted or (m is not None and _group_size(term) == analysis.count)
        if counted and t not in said:
            return False
        if m and t in said and said.replace(t, "").count(m.group(1)) < (analysis.count or 2):
            return False
        if short and short_counted:
            rest = said
            for other in sorted(analysis.quoted, key=len, reverse=True):
                rest = rest.replace(norm(other), "")
            if rest.count(short.group(2)) < (size or 0):
                return False
    return True


def _group_size(term: str) -> int | None:
    """How many items a quoted group counts (“六个区” 6, “两大定位” 2)."""
    m = re.match(rf"[{CN_NUM}]+|\d+", norm(term))
    return None if m is None else cn_int(m.group())


def _names_head(analysis: QuestionAnalysis, said: str) -> bool:
    """A counted list question (哪两个国际经贸协定) is answered by what names the kind of thing asked
    (协定), unless the noun only frames the question (哪几项要求)."""
    head = analysis.head
    if head is None or len(head) < 2 or _FRAME_HEAD.match(head):
        return True
    q = norm(analysis.question)
    for m in re.finditer(re.escape(head[-2:]), said):
        a, b = m.span()  # the longest stretch around it that the question also says
        while a > 0 and said[a - 1:b] in q:
            a -= 1
        while b < len(said) and said[a:b + 1] in q:
            b += 1
        if said[a:b] in head or head in said[a:b]:  # not inside another phrase of the question (“33618”现代制造业集群体系)
            return True
    return False


def _announced(doc: Document, spans: Sequence[tuple[int, int]], j: int, family: str | None) -> int | None:
    """The first item of an enumeration that sentence j announces: item 1 (or a dashed item) of another
    family than j's own marker, within the next three sentences (三、2024年政府工作任务 … （一）大力推进…)."""
    for k in range(j + 1, min(j + 4, len(spans))):
        m = marker(norm(doc.text[slice(*spans[k])]))
        if m is not None and m[1] in (1, DASH) and m[0] != family:
            return k
    return None


def _follows(intro: Candidate, item: Candidate) -> bool:
    """Does the enumeration starting with `item` follow `intro` closely (an intro announcing it)?"""
    return item.doc_id == intro.doc_id and 0 <= item.start - intro.end <= 300


def _target_if_asked(question: str, analysis: QuestionAnalysis, best: Candidate, cands: list[Candidate]) -> Candidate:
    """A question for a target (预期目标是多少？) is answered by a sentence that states one (1200万人以上,
    5%左右, 力争…) rather than a result (1244万人) when one scores within TARGET_RATIO of the best."""
    if not _ASKS_TARGET.search(question) or _STATES_TARGET.search(best.text):
        return best
    for c in cands[:LIST_TRIES]:
        if c.score < TARGET_RATIO * best.score:
            break
        if c is not best and holds_kind(analysis, c.text) and _STATES_TARGET.search(c.text):
            return c
    return best


def _with_intros(chosen: list[Candidate], docs: dict[str, Document],
                 hit_for: Callable[[Candidate], Hit | None]) -> list[tuple[Candidate, Hit]]:
    """The chosen sentences as quoted, each with the passage holding it (`hit_for`; a sentence no
    passage holds is left out): a sentence that introduces the enumeration item right after it (only
    spaces and line breaks between) is quoted together with that item, since it says nothing the
    reader can check on its own (中国式现代化，……更有基于自己国情的中国特色。——中国式现代化是人口规模巨大的现代化。),
    when one passage holds both."""
    out: list[tuple[Candidate, Hit]] = []
    k = 0
    while k < len(chosen):
        c = chosen[k]
        nxt = chosen[k + 1] if k + 1 < len(chosen) else None
        if nxt is not None and item_marker(norm(c.text)) is None and marker(norm(nxt.text)) is not None \
                and _adjacent(c, nxt):
            both = replace(nxt, start=c.start, text=docs[c.doc_id].text[c.start:nxt.end], lead=nxt.start - c.start)
            if (hit := hit_for(both)) is not None:
                out.append((both, hit))
                k += 2
                continue
        if (hit := hit_for(c)) is not None:
            out.append((c, hit))
        k += 1
    return out


def _full_title(titles: Sequence[str], text: str) -> bool:
    """Does the sentence give a longer 《title》 that holds one the question names (《中共重庆市委关于…
    的实施意见》 for 《实施意见》)?"""
    found = _TITLE_IN.findall(re.sub(r"\s+", "", text))
    return any(t in y and len(y) > len(t) for y in found for t in titles)


def _states_ordinal(question: str, c: Candidate) -> bool:
    """Does the sentence name, word for word, the ordinal thing the question asks about (其中第二板块
    and 第二至第十四部分为第二板块)? Then it is the item asked about, not one of a list of items."""
    t = norm(c.text)
    for m in ORDINAL.finditer(question):
        thing = question[m.end():m.end() + 2]
        if len(thing) == 2 and all("\u4e00" <= ch <= "\u9fff" for ch in thing) and \
                re.sub("^其中", "", m.group(0)) + thing in t:
            return True
    return False


def _adjacent(intro: Candidate, item: Candidate) -> bool:
    """Does the enumeration's first item come right after `intro` (only spaces and line breaks between)?"""
    return item.doc_id == intro.doc_id and 0 <= item.start - intro.end <= 8


def _display(sentence: str) -> str:
    """Join layout line breaks for reading; the citation keeps the exact quote."""
    return re.sub(r"\s*\n\s*", "", sentence).strip()


def _similar(a: str, b: str) -> bool:
    x, y = bigrams(a), bigrams(b)
    return bool(x and y) and len(x & y) / len(x | y) > 0.6


def mark_spans(citations: list[Citation], ex: Extract) -> None:
    """Copy the answering spans of an extractive answer onto its verified citations (where the span
    lies inside the citation's quote)."""
    for c in citations:
        span = ex.spans[c.n - 1] if 0 < c.n <= len(ex.spans) else None
        if span is not None and c.start <= span[0] and span[1] <= c.end:
            c.answer_start, c.answer_end = span


def _item_end(doc: Document, spans: Sequence[tuple[int, int]], j: int, item: Candidate) -> int:
    """Where the body of item j ends: at its next sibling, else ITEM_REACH characters on."""
    mk = marker(norm(item.text))
    after = [k for k in neighbour_items(doc, spans, j, mk[0] if mk else "") if k > j]
    return spans[after[0]][0] if after else item.end + ITEM_REACH


