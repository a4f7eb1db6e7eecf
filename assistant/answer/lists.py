"""List questions (哪些, 哪几, 主要有): the enumeration that answers them, gathered from the document's
structure rather than the retrieved chunk (so a list crosses chunk boundaries), with its intro when the
intro says something; a sentence naming the items inline; a question about one item answered inside
that item; and whether an answer lists as many things as a counted question (哪四个) asks.

`enumeration.py` reads how documents enumerate (markers, items, headings); this module chooses, for one
question, which enumeration answers it. The extractive answerer (`extractive.py`) calls it for list
questions and quotes what it returns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import takewhile

from assistant.answer.enumeration import (
    DASH,
    ITEM_REACH,
    TOP_LEVEL,
    doc_sentences,
    first_item,
    is_heading,
    item_marker,
    item_title,
    items_from,
    marker,
    neighbour_items,
    opens_paragraph,
    rest_of_paragraph,
    rest_of_sentence,
    section_items,
    section_start,
    sentence_index,
    start_of_sentence,
    title_sentence,
)
from assistant.answer.features import COUNT_WORD, LIST_INTRO, Candidate, coverage, named_items, term_weights
from assistant.answer.question import (
    CN_NUM,
    ORDINAL,
    PLACE_KIND,
    WHOLE_COUNTRY,
    QuestionAnalysis,
    explains,
    leading_noun,
    names_place,
)
from assistant.answer.speakers import same_sentence
from assistant.records import Document
from assistant.text.normalize import norm
from assistant.text.numerals import cn_int
from assistant.text.tokens import tokenize
from assistant.text.years import digit_years

MAX_ITEMS = 10  # list items shown; a longer list is cut with a note of how many there are
MIN_PARALLEL = 3  # ；-clauses of one sentence saying the same thing of different things: a series, shown whole
LIST_TRIES = 5  # the best few sentences the rules look at (the enumerations around each, …)
ORDINAL_WINDOW = 6  # sentences either side of a candidate where a group's ordinals (第一板块…) are looked for
INLINE_COVERAGE = 0.5  # a sentence naming items inline answers a list question if it covers this much of it
MIN_CLAUSES = 3  # … or, covering as much, lists more than this many clauses (a topic and its measures)
ITEM_FOCUS = 0.5  # a list question about one item covers this much of it with the item's sentence
ITEM_MARGIN = 2.0  # … and this many times what any other item of the enumeration covers
QUOTED_TITLE = 4  # a quoted term this long may be a section's title (“构建高水平社会主义市场经济体制”)
ITEM_BODY = 3  # sentences of an item given after its first when none of them was retrieved
# the nouns of a question asking the measures under a title (有哪些具体安排, 提了哪些举措), not one named thing in them
MEASURES_HEAD = re.compile(r"(?:举措|措施|安排|部署|任务|做法|办法)$")
UNCOUNTED_SERIES = 3  # 哪几项改革 with no count: a sentence naming three of it or more is a list of it
HEAD_SERIES_RATIO = 0.7  # a sentence listing as many of the noun asked as counted answers from this share of the best

# an intro that counts the items it announces by their noun (编制5张清单), not a group it names (“四个意识”)
_COUNTED = re.compile(rf"([{CN_NUM}\d]+){COUNT_WORD}(?:方面|清单|部分|任务|举措|措施|机制|目标|重点|试点)")
_ANNOUNCES = re.compile(r"以下|如下|下列|[：:]\s*$")  # a sentence announcing the items that follow it
_TITLE_TEXT = re.compile(r"《[^》]*》")  # a title in marks: a name, whatever commas and 、 it holds


def index_by_start(cands: list[Candidate]) -> dict[tuple[str, int], Candidate]:
    """The scored candidates by (document, start), for `sentence_at`."""
    return {(c.doc_id, c.start): c for c in cands}


def sentence_at(like: Candidate, doc: Document, span: tuple[int, int],
                by_start: dict[tuple[str, int], Candidate]) -> Candidate:
    """The sentence of `doc` at `span`: the candidate already scored there, else one with `like`'s
    retrieval hit, features and score (a list item or a following sentence beyond the retrieved chunks)."""
    a, b = span
    return by_start.get((doc.doc_id, a)) or Candidate(like.hit_index, doc.doc_id, a, b, doc.text[a:b],
                                                       like.features, like.score)


def _clauses(text: str) -> int:
    """How many clauses a (normalised) sentence has, split at commas and semicolons."""
    return len(re.split(r"[，,；;]", text.rstrip("。；;")))


def following(c: Candidate, docs: dict[str, Document], cands: list[Candidate], n: int,
              within_paragraph: bool = False) -> list[Candidate]:
    """The n sentences of its document after `c` (scored where they were candidates); with
    `within_paragraph`, none past the end of `c`'s paragraph."""
    doc = docs[c.doc_id]
    spans = doc_sentences(doc)
    j = sentence_index(spans, c.start)
    after = rest_of_paragraph(doc.text, spans, j) if within_paragraph else range(j + 1, len(spans))
    by_start = index_by_start(cands)
    return [sentence_at(c, doc, spans[k], by_start) for k in after[:n]]


def item_end(doc: Document, spans: Sequence[tuple[int, int]], j: int, item: Candidate) -> int:
    """Where the body of item j ends: at its next sibling, else ITEM_REACH characters on."""
    mk = marker(norm(item.text))
    after = [k for k in neighbour_items(doc, spans, j, mk[0] if mk else "") if k > j]
    end = spans[after[0]][0] if after else item.end + ITEM_REACH
    if mk is not None and mk[0] == TOP_LEVEL:
        return end
    inside = takewhile(lambda k: spans[k][0] < end, range(j + 1, len(spans)))
    return next((spans[k][0] for k in inside if section_start(doc, spans, k)), end)  # the part holding it ends it too


def states_ordinal(question: str, c: Candidate) -> bool:
    """Does the sentence name, word for word, the ordinal thing the question asks about (其中第二板块
    and 第二至第十四部分为第二板块)? Then it is the item asked about, not one of a list of items."""
    t = norm(c.text)
    for m in ORDINAL.finditer(question):
        thing = question[m.end():m.end() + 2]
        if len(thing) == 2 and all("\u4e00" <= ch <= "\u9fff" for ch in thing) and \
                re.sub("^其中", "", m.group(0)) + thing in t:
            return True
    return False


def adjacent(intro: Candidate, item: Candidate) -> bool:
    """Does the enumeration's first item come right after `intro` (only spaces and line breaks between)?"""
    return item.doc_id == intro.doc_id and 0 <= item.start - intro.end <= 8


class ListAnswerer:
    """Chooses the enumeration (or the sentences) that answer a list question among scored candidates."""

    def __init__(self, idf: Callable[[str], float], max_items: int = MAX_ITEMS, max_sentences: int = 3,
                 max_chars: int = 360, keep_ratio: float = 0.8) -> None:
        self.idf = idf
        self.max_items = max_items
        self.max_sentences = max_sentences
        self.max_chars = max_chars
        self.keep_ratio = keep_ratio  # an enumeration is looked for around sentences scoring this share of the best

    def about_item(self, analysis: QuestionAnalysis, question: str, c: Candidate, docs: dict[str, Document]) -> bool:
        """Does a list question ask about one item of an enumeration (近期拟出台的惠民强企政策举了哪些例子？
        and 四是近期拟出台惠民强企政策清单。), not for the items? The best sentence is an item; the noun
        asked about (例子) is not what the item is (清单); and the item covers at least ITEM_FOCUS of the
        question (of the part it points at: 在阐述…时) and ITEM_MARGIN times what its neighbouring items cover."""
        t = norm(c.text)
        mk = marker(t)
        if mk is None or analysis.head is None:
            return False
        doc = docs[c.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, c.start)
        titled = analysis.head[-2:] in t
        if titled and not self._titles_noun(analysis.head[-2:], doc, spans, j, mk[0]):
            return False
        pointer = _POINTER.search(norm(question))  # 在阐述应对重大风险挑战的迫切需要时，…: which item it asks about
        weights = term_weights(pointer.group(1) if pointer else question, self.idf)
        mine = coverage(weights, c.text)
        others = [coverage(weights, doc.text[slice(*spans[k])]) for k in neighbour_items(doc, spans, j, mk[0])]
        if titled:  # its siblings share the frame (进一步全面深化改革的…) but not the noun: no margin over them
            return bool(others) and mine > max(others)
        return bool(others) and mine >= ITEM_FOCUS and mine >= ITEM_MARGIN * max(others)

    @staticmethod
    def _titles_noun(noun: str, doc: Document, spans: Sequence[tuple[int, int]], j: int, family: str) -> bool:
        """Is item j a title run in with its paragraph that ends with the noun asked about (…的原则, not
        …指标清单 for 指标), where its neighbouring items do not name it? ((4)进一步全面深化改革的原则。总结和运用…
        贯彻以下原则：… among (3)…的总目标。 and (5)…): its paragraph, not its siblings, holds what is asked."""
        near = neighbour_items(doc, spans, j, family)
        title = norm(doc.text[slice(*spans[j])]).strip().rstrip("。；;")
        return opens_paragraph(doc.text, spans, j) and item_title(title) and title.endswith(noun) \
            and bool(near) and not any(noun in norm(doc.text[slice(*spans[k])]) for k in near)

    def within_item(self, item: Candidate, docs: dict[str, Document], cands: list[Candidate],
                    measures: bool = False) -> list[Candidate]:
        """The answer inside an item (up to the next item of its kind): the items it holds itself
        (`section_items`), else, for a question asking its `measures` (有哪些举措) under a title line, its
        paragraph when short (at most max_items sentences and max_chars characters), else the best retrieved
        sentence there that names several things, else the best retrieved one (with the clauses after its
        colon, up to its 。), else the item's next sentences."""
        doc = docs[item.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, item.start)
        if opens_paragraph(doc.text, spans, j) and (held := section_items(doc, spans, j)):
            return self._shown(item, index_by_start(cands), doc, spans, held)[0]  # （八）推动城乡融合…: its own sub-items
        end = item_end(doc, spans, j, item)
        body = [k for k in rest_of_paragraph(doc.text, spans, j) if spans[k][0] < end]
        if measures and item_title(item.text) and 2 <= len(body) <= self.max_items \
                and spans[body[-1]][1] - spans[body[0]][0] <= self.max_chars:
            return self._shown(item, index_by_start(cands), doc, spans, body)[0]  # （53）完善…机制。建立…。强化…。健全…。
        inside = [c for c in cands if c.doc_id == item.doc_id and item.end <= c.start < end]
        naming = [c for c in inside if named_items(norm(c.text)) >= 2]
        if naming or inside:
            pick = max(naming or inside, key=lambda c: c.score)
            return self.colon_items(pick, docs, cands, "", several=True) or [pick]  # 贯彻以下原则：坚持…；坚持…。
        return self._item_body(item, docs, cands)

    def _item_body(self, item: Candidate, docs: dict[str, Document], cands: list[Candidate]) -> list[Candidate]:
        """The sentences of an enumeration item after its first, up to the next item (at most ITEM_BODY)."""
        out: list[Candidate] = []
        for c in following(item, docs, cands, ITEM_BODY):
            if marker(norm(c.text)) is not None:
                break
            out.append(c)
        return out

    def enumeration(self, best: Candidate, cands: list[Candidate], docs: dict[str, Document],
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
        items: list[int] = []
        heading = False
        title = is_heading(best.text, False) and not best.text.rstrip().endswith(("：", ":"))  # not an intro
        if title and (items := section_items(doc, spans, j)):  # a title line: what its section lists
            first = items[0]
            before = norm(doc.text[slice(*spans[first - 1])])
            counted = (m := _COUNTED.search(before)) is not None and cn_int(m.group(1)) == len(items)
            heading = not (first - 1 > j and (counted or before.endswith(("：", ":"))))
            intro = j if heading else first - 1  # 编制5张清单 … 重庆主要通过编制5张清单，…。一是…
        elif mk is None or is_heading(best.text):  # it may announce a list: item 1 follows closely
            first = _announced(doc, spans, j, mk[0] if mk else None)
            intro = j if first is not None else None
        if first is None and mk is not None:  # the best sentence is an item: walk back to item 1 and its intro
            first = first_item(doc, spans, j, mk[0])
            if first is None:
                return [best], []
            opened = marker(norm(doc.text[slice(*spans[first])])) is None  # 以下几点：一是…: its own intro
            intro = first - 1 if first > 0 and not opened else None
        elif first is None:
            colon = self.colon_items(best, docs, cands, analysis.question) if analysis else []
            return colon or self._paragraph_items(best, j, spans, doc, cands), []
        items = items or items_from(doc, spans, first)
        if len(items) < 2:
            return [best], []
        by_start = index_by_start(cands)
        out: list[Candidate] = []
        if intro is not None and intro >= 0:
            a, b = spans[intro]
            text = norm(doc.text[a:b])
            names = analysis is not None and bool(analysis.head) and not _FRAME_HEAD.match(analysis.head or "") \
                and names_head(analysis, text)
            if heading:  # the section's title frames its items: read for coverage, not quoted as a claim
                out.append(replace(sentence_at(best, doc, (a, b), by_start), quoted=False))
            elif (LIST_INTRO.search(text) or intro == j or names) and not is_heading(doc.text[a:b]):  # j: the best announced them
                out.append(sentence_at(best, doc, (a, b), by_start))
        shown, notes = self._shown(best, by_start, doc, spans, items)
        return out + shown, notes

    def announced_items(self, best: Candidate, cands: list[Candidate], docs: dict[str, Document],
                        analysis: QuestionAnalysis) -> tuple[list[Candidate], list[str]]:
        """For a question of any kind: the sentence announcing an enumeration (…主要有以下几方面考虑。)
        with every item after it (第一，…第二，…), since the announcement alone answers nothing; empty when
        `best` announces none (it says 以下/如下/下列 or ends with a colon, and item 1 follows closely)."""
        t = norm(best.text)
        if not _ANNOUNCES.search(t) or marker(t) is not None:
            return [], []
        doc = docs[best.doc_id]
        spans = doc_sentences(doc)
        if _announced(doc, spans, sentence_index(spans, best.start), None) is None:
            return [], []
        items, notes = self.enumeration(best, cands, docs, analysis)
        return (items, notes) if len(items) > 2 else ([], [])

    def ordinal_sentences(self, analysis: QuestionAnalysis, cands: list[Candidate],
                          docs: dict[str, Document]) -> list[Candidate] | None:
        """For a list question counting a group (“三大板块”分别是指什么, count 3): the sentences around one of the best
        few that each name one of its ordinals with the group's noun (…为第一板块…, …为第二板块…, …为第三板块…),
        in order, when every one of them is found within ORDINAL_WINDOW sentences; None otherwise. Their
        ordinals are inside the sentences, where no item marker (一是, （一）) reads them."""
        n = analysis.count or 0
        group = next((norm(t) for t in analysis.quoted if _group_size(t) == n), "") if 2 <= n <= 10 else ""
        noun = _group_noun(group)
        if not group or len(noun) < 2:
            return None
        by_start = index_by_start(cands)
        for c in cands[:LIST_TRIES]:
            doc = docs[c.doc_id]
            spans = doc_sentences(doc)
            j = sentence_index(spans, c.start)
            window = {k: norm(doc.text[slice(*spans[k])])
                      for k in range(max(0, j - ORDINAL_WINDOW), min(len(spans), j + ORDINAL_WINDOW + 1))}
            found = [next((k for k, t in window.items() if f"第{_CN_DIGIT[i]}{noun}" in t), -1) for i in range(1, n + 1)]
            if -1 not in found and found == sorted(found):  # after the sentence naming the group (分三大板块)
                intro = [k for k, t in window.items() if k < found[0] and group in t][-1:]
                return [sentence_at(c, doc, spans[k], by_start) for k in intro + found]
        return None

    def quoted_section(self, analysis: QuestionAnalysis, cands: list[Candidate],
                       docs: dict[str, Document]) -> tuple[list[Candidate], list[str]] | None:
        """A list question quoting a section's title (《决定》在“构建高水平社会主义市场经济体制”这一部分下
        安排了哪几项改革任务？) is answered by what that section lists: the title line of a retrieved
        document holding the quoted term (at least QUOTED_TITLE characters), in the best candidates'
        documents first; None when no such section has items."""
        terms = [norm(t) for t in analysis.quoted if len(t) >= QUOTED_TITLE]
        if not terms:
            return None
        by_start = index_by_start(cands)
        for doc_id in dict.fromkeys(c.doc_id for c in cands[:LIST_TRIES]):
            doc = docs[doc_id]
            like = next(c for c in cands if c.doc_id == doc_id)
            spans = doc_sentences(doc)
            for k, span in enumerate(spans):
                text = doc.text[slice(*span)]
                if not any(t in norm(text) for t in terms):
                    continue
                if is_heading(text, False):
                    items, notes = self.enumeration(sentence_at(like, doc, span, by_start), cands, docs, analysis)
                    if len(items) > 1:
                        return items, notes
                elif marker(norm(text)) is not None and opens_paragraph(doc.text, spans, k) \
                        and len(parts := section_items(doc, spans, k)) > 1:
                    # a numbered title run in with its paragraph ((八)推动…发展，大力优化经济布局。深入实施…):
                    # the parts of its section, read under the title
                    shown, notes = self._shown(like, by_start, doc, spans, parts)
                    return [replace(sentence_at(like, doc, span, by_start), quoted=False), *shown], notes
        return None

    def _shown(self, like: Candidate, by_start: dict[tuple[str, int], Candidate], doc: Document,
               spans: Sequence[tuple[int, int]], items: list[int]) -> tuple[list[Candidate], list[str]]:
        """The items (sentence indexes of `doc`) as candidates, at most max_items, and the note saying
        how many there are when cut."""
        shown = items[:self.max_items]
        notes = [f"共{len(items)}项，以下列出前{len(shown)}项。"] if len(items) > len(shown) else []
        return [sentence_at(like, doc, spans[k], by_start) for k in shown], notes

    def best_enumeration(self, analysis: QuestionAnalysis, cands: list[Candidate],
                          docs: dict[str, Document]) -> tuple[list[Candidate], list[str]]:
        """The enumeration around one of the best few sentences (the first found in score order,
        one with the asked number of items first); else the best sentence alone."""
        found = []
        # a title line scores high on few characters; it does not set the bar for the sentences after it
        bar = next((c.score for c in cands[:LIST_TRIES] if not is_heading(c.text, False)), cands[0].score)
        for c in cands[:LIST_TRIES]:
            if c.score < self.keep_ratio * bar * 0.75:
                break
            items, notes = self.enumeration(c, cands, docs, analysis)
            if len(items) > 1:
                found.append((items, notes))
        top = cands[0]
        if _dash_naming_items(analysis, top):
            return [top], []  # ——…在幼有所育、学有所教、劳有所得…上持续用力: one paragraph of a dashed list, naming them
        topic = _TOPIC.search(norm(analysis.question))  # 在人才发展体制机制改革方面: a sentence about it
        near = [c for c in cands[:LIST_TRIES] if c.score >= 0.7 * cands[0].score]
        own = [c for c in near if _about(norm(c.text), topic.group(1))] if topic else []
        if announced := self._announced_with_noun(analysis, found, top, docs):
            return announced
        if _names_the_items(analysis, top) and (not own or top in own) and not any(
                top in items and (_introduces(top) or not _about_other_things(analysis, top, items))
                or (_ANNOUNCES.search(top.text) or adjacent(top, items[0]) and marker(norm(items[0].text)))
                and _follows(top, items[0]) or same_sentence(top.text, self._before(items, docs))
                for items, _ in found):
            # the best sentence names the items itself (推动碳排放权、排污权、用水权等…); a list read after it
            # that it does not introduce, none of whose items names the noun asked about (党面临的执政考验、…
            # 将长期存在。… （一）坚持和加强党中央集中统一领导。…), lists other things
            return [top], []
        measures = bool(analysis.head and MEASURES_HEAD.search(analysis.head))
        if not found and (titled := self._titled_paragraph(top, docs, cands, measures))[0]:
            return [replace(top, quoted=False), *titled[0]], titled[1]  # 打造…中心。重庆将完善…；建设…；: what it titles
        if not found:  # no enumeration: the near-best sentence that names items, or the noun asked about;
            near = own or near  # one about the topic asked, not an overview naming it in passing (…、深化…改革，)
            head = 0.0 if analysis.head and _FRAME_HEAD.match(analysis.head) else 1.0  # 哪几项要求: not 内在要求
            pick = max(near, key=lambda c: (c.features["type_match"] + head * c.features["head"],
                                            not c.features["heading"], c.score))  # a title names no items
            return [pick, *self._paragraph_measures(pick, docs, cands)], []
        marked = [sum(item_marker(norm(i.text)) is not None for i in items) for items, _ in found]
        # unnumbered items (paragraphs opened by a title sentence after 三方面工作：) count as themselves
        sizes = [n if n >= 2 else sum(not _ANNOUNCES.search(i.text) for i in items)
                 for (items, _), n in zip(found, marked, strict=True)]
        counted = [f for f, n in zip(found, sizes, strict=True) if analysis.count is not None and n == analysis.count]
        # the same items read from another sentence (阚吉林：… before 首先是…) are the same enumeration: its first reading
        counted = [f for k, f in enumerate(counted)
                   if not any({i.start for i in f[0]} & {i.start for i in g[0]} for g in counted[:k])]
        if counted:  # of several with the count asked, the one whose words cover the question most
            weights = term_weights(analysis.question, self.idf)
            return max(counted, key=lambda f: coverage(weights, self._before(f[0], docs) + "".join(i.text for i in f[0])))
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

    def _announced_with_noun(self, analysis: QuestionAnalysis, found: list[tuple[list[Candidate], list[str]]],
                             top: Candidate, docs: dict[str, Document]) -> tuple[list[Candidate], list[str]] | None:
        """The first list found announced with the noun asked about as a word of its own (…更有基于自己国情的
        中国特色。——…), when the best sentence names it only inside another term (坚持中国特色社会主义); a noun
        that only frames the question (哪些方面) announces none."""
        noun = None if analysis.head and _FRAME_HEAD.match(analysis.head) else analysis.head
        if noun is None or _names_noun(noun, norm(top.text)):
            return None
        return next((f for f in found if _names_noun(noun, norm(self._before(f[0], docs)))), None)

    @staticmethod
    def _before(items: list[Candidate], docs: dict[str, Document]) -> str:
        """The sentence before an enumeration's first item (its intro, if it has one); a heading shown
        before its section's items is not one of them."""
        family = (marker(norm(items[-1].text)) or ("",))[0]
        first = next((i for i in items if (marker(norm(i.text)) or ("",))[0] == family), items[0])
        doc = docs[first.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, first.start)
        return doc.text[slice(*spans[j - 1])] if j > 0 else ""

    def colon_items(self, best: Candidate, docs: dict[str, Document], cands: list[Candidate],
                    question: str, several: bool = False, narrow: bool = False) -> list[Candidate]:
        """A sentence that announces its items after a colon and goes on clause by clause (主要预期目标是：
        国内生产总值增长5%左右；城镇新增就业1200万人以上；…。): it and the clauses after it in its paragraph,
        up to the one that closes the sentence with 。. Empty when `best` opens no such list, or when the
        question's words are not mostly in the clause before the colon: 总的战略安排是分两步走： announces two steps,
        not the 强国 asked for; 人均国内生产总值 asked is in the first item, which answers alone. `several`: the
        question asks an amount or date of each (分几步走，各到哪年), so every clause answers. `narrow` (a question
        of another kind than a list): the question's words may be anywhere before the colon (到二〇三五年，…总体目标
        是：), and when clauses name what it asks beyond that opening (在法治建设上要达到什么目标: 基本建成法治国家…；),
        the opening and those clauses only."""
        t = digit_years(norm(best.text).strip())
        # narrowed, all the sentence says before its colon (到二〇三五年，…总体目标是：); else its last clause, since a
        # list question's enumeration is weighed against others (lists.best_enumeration)
        m = re.search(r"([^。；;：:]*)[：:](.+)" if narrow else r"([^，,。；;：:]*)[：:](.+)", t)
        if not m:
            return []
        words = [w for w in tokenize(question) if len(w) >= 2]
        before = sum(len(w) for w in words if w in m.group(1))
        after = sum(len(w) for w in words if w in m.group(2))
        if not several and (not before or before < after or before == after and not narrow):
            return []
        doc = docs[best.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, best.start)
        by_start = index_by_start(cands)
        rest = rest_of_sentence(doc.text, spans, j)
        if narrow and not several and (topic := self._topic_clauses(question, t, [doc.text[slice(*spans[k])] for k in rest])):
            rest = [rest[i] for i in topic]
        rest = rest[:self.max_items]
        return [best, *(sentence_at(best, doc, spans[k], by_start) for k in rest)] if rest else []

    def _topic_clauses(self, question: str, opening: str, clauses: list[str]) -> list[int]:
        """The clauses (by index) naming most of the question's words that `opening` lacks, weighed by IDF (法治 of
        在法治建设上要达到什么目标, after 到二〇三五年，…总体目标是：); none when no clause names any, or all do."""
        weights = {w: self.idf(w) for w in dict.fromkeys(tokenize(question)) if len(w) >= 2 and w not in opening}
        named = [sum(v for w, v in weights.items() if w in digit_years(norm(c))) for c in clauses]
        top = max(named, default=0.0)
        chosen = [i for i, v in enumerate(named) if top > 0 and v == top]
        return chosen if len(chosen) < len(clauses) else []

    def parallel_clauses(self, best: Candidate, docs: dict[str, Document], cands: list[Candidate],
                         question: str) -> tuple[list[Candidate], list[str]]:
        """The whole series when the best sentence is one of MIN_PARALLEL or more ；-clauses of one sentence that
        each say what the question asks in the same words (坚持对话协商，推动建设一个持久和平的世界；坚持共建共享，
        推动建设一个普遍安全的世界；… for 推动建设一个怎样的世界): every clause, up to max_items with a note
        of how many there are. Empty unless most of the question's words in `best` (4 characters or more) are in
        every clause."""
        doc = docs[best.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, best.start)
        series = [*range(start_of_sentence(doc.text, spans, j), j + 1), *rest_of_sentence(doc.text, spans, j)]
        words = [w for w in dict.fromkeys(tokenize(question)) if len(w) >= 2 and w in norm(best.text)]
        texts = [norm(doc.text[slice(*spans[k])]) for k in series]
        common = sum(len(w) for w in words if all(w in t for t in texts))  # the subject may open the first only
        if len(series) < MIN_PARALLEL or common < 4 or 2 * common < sum(map(len, words)):
            return [], []
        by_start = index_by_start(cands)
        shown = [sentence_at(best, doc, spans[k], by_start) for k in series[:self.max_items]]
        notes = [f"共{len(series)}项，以下列出前{self.max_items}项。"] if len(series) > self.max_items else []
        return shown, notes

    def _paragraph_items(self, best: Candidate, j: int, spans: tuple[tuple[int, int], ...], doc: Document,
                         cands: list[Candidate]) -> list[Candidate]:
        """An intro that counts its items and ends with a colon (重点推进三个方面的工作：) followed by
        unnumbered paragraphs: the first sentence of each of the next N paragraphs."""
        t = norm(best.text)
        m = re.search(rf"([{CN_NUM}\d]+){COUNT_WORD}?(?:方面|方向|重点|任务|工作|举措|措施|机制)", t)
        n = cn_int(m.group(1)) if m else None
        ends_paragraph = j + 1 < len(spans) and "\n" in doc.text[spans[j][1]:spans[j + 1][0]]
        if not (t.endswith(("：", ":")) or ends_paragraph) or n is None or not 2 <= n <= self.max_items:
            return [best]
        items: list[Candidate] = []
        by_start = index_by_start(cands)
        for k in range(j + 1, len(spans)):
            a, b = spans[k]
            if "\n" in doc.text[spans[k - 1][1]:a]:  # a sentence that starts a paragraph
                items.append(sentence_at(best, doc, (a, b), by_start))
                if len(items) == n:
                    break
        return [best, *items] if len(items) == n else [best]

    def _titled_paragraph(self, c: Candidate, docs: dict[str, Document], cands: list[Candidate],
                          numbered: bool = False) -> tuple[list[Candidate], list[str]]:
        """When `c` is a short one-clause sentence opening its paragraph (a paragraph's title, 完善基础性城市建设体制机制。),
        or with `numbered` a numbered one (（53）完善涉外国家安全机制。): the sentences after it in that paragraph, as list
        items (at most max_items, with a note when cut); else none."""
        doc = docs[c.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, c.start)
        if not (opens_paragraph(doc.text, spans, j) and (title_sentence(c.text) or numbered and item_title(c.text))):
            return [], []
        body = list(takewhile(lambda k: marker(norm(doc.text[slice(*spans[k])])) is None,
                              rest_of_paragraph(doc.text, spans, j)))
        return self._shown(c, index_by_start(cands), doc, spans, body)

    def _paragraph_measures(self, c: Candidate, docs: dict[str, Document], cands: list[Candidate]) -> list[Candidate]:
        """The sentences after `c` in its paragraph that list measures clause after clause (全会提出，X是….
        必须…。要完善…，深化…，深化…。): an unnumbered paragraph answers a list question as a whole."""
        doc = docs[c.doc_id]
        spans = doc_sentences(doc)
        j = sentence_index(spans, c.start)
        by_start = index_by_start(cands)
        out: list[Candidate] = []
        used = len(c.text)
        after = rest_of_paragraph(doc.text, spans, j)
        # clauses after a ； belong to its sentence: all of them, up to the 。 (…提高各类人才素质；完善…；强化…。)
        series = len(rest_of_sentence(doc.text, spans, j))
        for n, k in enumerate(after[:max(self.max_sentences - 1, series)]):
            a, b = spans[k]
            text = doc.text[a:b]
            if used + len(text) > self.max_chars:
                break
            if n < series or marker(norm(text)) is None and _clauses(norm(text)) >= MIN_CLAUSES:
                out.append(sentence_at(c, doc, (a, b), by_start))
                used += len(text)
        return out


def _names_noun(noun: str, text: str) -> bool:
    """Does `text` name `noun` as a word of its own, not as the start of a longer term (中国特色。 or 中国特色是,
    not 中国特色社会主义)?"""
    return re.search(rf"{re.escape(noun)}(?:(?![\u4e00-\u9fff])|(?=的|是|包括|主要|有|为))", text) is not None


def _names_the_items(analysis: QuestionAnalysis, c: Candidate) -> bool:
    """A sentence that is itself the answer to a list question: not an enumeration item, names at
    least as many items as asked (two or more), not the noun asked about among them, and matches the
    question well (holds the noun asked about, …生态资源权益交易, or INLINE_COVERAGE of its terms)."""
    t = norm(c.text)
    head = re.escape(analysis.head or "")
    if head and re.search(rf"(?:^|[、,:;“”]){head}[”]?、|、[“]?{head}(?:[、,。;”]|$)", t):
        # the noun asked about is one of the names (阐述了…中国特色、本质要求、重大原则): topics, not instances;
        # names ending in it are instances (制造强国、质量强国 for 哪些“强国”)
        return False
    if marker(t) is not None:
        return False
    # the document the question is about is no item of its answer (《中共重庆市委关于…的实施意见》（以下简称
    # 《实施意见》）和《…决议》 for 《实施意见》主要有哪几个特点)
    t = _TITLE_TEXT.sub(lambda m: "" if any(m.group(0)[1:-1].endswith(x) for x in analysis.titles) else m.group(0), t)
    if named_items(t) >= max(analysis.count or 2, 2):
        return bool(c.features["head"]) or c.features["coverage"] >= INLINE_COVERAGE \
            or fills_list_slot(analysis.question, t)
    # a topic followed by its measures, clause after clause (打造…新高地，完善…，出台…，深化…。)
    return analysis.count is None and c.features["coverage"] >= INLINE_COVERAGE and \
        _clauses(t) > MIN_CLAUSES


# 强化哪些方面的安全保障体系建设: the question word of a list question, with the frame noun after it
_LIST_ASKED = re.compile(rf"哪(?:些|几|[{CN_NUM}]+)[个项类种条]?(?:方面|领域|类|种)?的?")
SLOT_BEFORE, SLOT_AFTER = 2, 4  # characters of the question kept on each side of its question word


def fills_list_slot(question: str, text: str) -> bool:
    """Does `text` hold the question's own words on both sides of its list question word, with a 、 series
    between them in one clause (强化哪些方面的安全保障体系建设 -> 强化经济、重大基础设施、…等安全保障体系建设)?"""
    q = norm(question)
    m = _LIST_ASKED.search(q)
    if m is None:
        return False
    before = re.split(r"[，,。；;：:]", q[:m.start()])[-1][-SLOT_BEFORE:]
    after = re.split(r"[，,。；;：:？?]", q[m.end():])[0][:SLOT_AFTER]
    if len(before) < SLOT_BEFORE or len(after) < SLOT_AFTER:
        return False
    for a in re.finditer(re.escape(before), text):
        end = text.find(after, a.end())
        between = text[a.end():end] if end >= 0 else ""
        if "、" in between and not re.search(r"[，,。；;：:]", between):
            return True
    return False


def _dash_naming_items(analysis: QuestionAnalysis, c: Candidate) -> bool:
    """A paragraph of a dashed list (——…) that names the items asked inline (at least MIN_CLAUSES, or as
    many as asked) and covers the question well answers it alone; the other paragraphs of its list are
    about other things."""
    t = norm(c.text)
    mk = marker(t)
    return mk is not None and mk[0] == "dash" and named_items(t) >= max(analysis.count or MIN_CLAUSES, 2) \
        and c.features["coverage"] >= INLINE_COVERAGE


# 在阐述…的迫切需要时，列举了哪些变化: the part of the document a question points at, before what it asks there
_POINTER = re.compile(r"(?:在|当)([^，,。？?]{4,40}?)时[，,]")

# 在保障和改善民生方面提出了哪几项要求: the topic a list question asks about
_TOPIC = re.compile(r"在([\u4e00-\u9fff]{4,16}?)方面")


def _about(text: str, topic: str) -> bool:
    """Is the sentence about `topic`: naming it, and not as one clause of a longer series after the first
    (…深化文化体制机制改革，健全保障和改善民生制度体系，…: an overview of every part)?"""
    clauses = re.split(r"[，,、；;]", text)
    at = next((i for i, c in enumerate(clauses) if topic in c), None)
    return at is not None and (at == 0 or len(clauses) <= MIN_CLAUSES)


# The noun of a list question that frames it (哪几项要求, 哪些方面) rather than naming what is listed.
_FRAME_HEAD = re.compile(r"^(?:具体)?(?:要求|方面|内容|措施|举措|任务|工作|事项|部署|安排|问题|事情|重点)$")

# A numbered group named in quotes (“六个区”, “两大定位”, “两个毫不动摇”): its items each repeat its noun.
_GROUP = re.compile(rf"^[{CN_NUM}\d]+[个大](.+)$")
_SHORT_GROUP = re.compile(rf"^([{CN_NUM}])(?!个)([\u4e00-\u9fff]{{1,2}})$")  # “三新”; “四个一” is _GROUP's


def spells_out_group(analysis: QuestionAnalysis, said: str) -> bool:
    """When the answer names the quoted group the question asks about (建设“六个区”), does it also
    spell out its items: the group's noun (区) at least as many times as the group counts, besides
    the name itself? A sentence naming the group in passing does not list it. And a list of as many
    items as the group counts that never names the group (“三新”指哪三类 answered by another
    speaker's 首先…其次…第三) lists something else. (A quoted count, 那“五篇”金融, names no group.)"""
    for term in analysis.quoted_terms:
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


_FIRST_ITEM = re.compile(r"一是|[（(]一[）)]|第一[，,、]")


def _counts_another_group(texts: list[str], size: int) -> bool:
    """Do `texts` open their numbered items with a count (编制5张清单，…。一是…) and none of `size`?"""
    joined = norm("".join(texts))
    first = _FIRST_ITEM.search(joined)
    counts = _counts(joined[:first.start()]) if first else []
    return bool(counts) and size not in counts


def _counts(text: str) -> list[int | None]:
    """The counts of items `text` states (编制5张清单, 三个方面 -> 5, 3)."""
    return [cn_int(m.group(1)) for m in re.finditer(rf"([{CN_NUM}]+|\d+){COUNT_WORD}", text)]


def _only_counts(texts: list[str], size: int) -> bool:
    """Do `texts` each count `size` things (谋划提出16项改革项目) and list none: no item marker, no clause with a
    series of three or more 、 items?"""
    return bool(texts) and all(size in _counts(t) and marker(t) is None
                               and not any(p.count("、") >= 2 for p in _series_clauses(t)) for t in map(norm, texts))


def _group_noun(term: str) -> str:
    """What a counted group is made of, its count and measure word left out (三大板块 -> 板块)."""
    return re.sub(rf"^[{CN_NUM}\d]+[个大项类条种张]?", "", term)


def _group_size(term: str) -> int | None:
    """How many items a quoted group counts (“六个区” 6, “两大定位” 2)."""
    m = re.match(rf"[{CN_NUM}]+|\d+", norm(term))
    return None if m is None else cn_int(m.group())


_CN_DIGIT = "零一二三四五六七八九十"


def names_head(analysis: QuestionAnalysis, said: str) -> bool:
    """A counted list question (哪两个国际经贸协定) is answered by what names the kind of thing asked
    (协定), unless the noun only frames the question (哪几项要求)."""
    head = analysis.head
    if head is None or len(head) < 2 or _FRAME_HEAD.match(head):
        return True
    if analysis.count and analysis.count < len(_CN_DIGIT):  # 哪三个国家: a name counting them (“三国三园”)
        numerals = {_CN_DIGIT[analysis.count], *(["两"] if analysis.count == 2 else [])}
        if any(f"{n}{head[0]}" in said for n in numerals):
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


def _introduces(c: Candidate) -> bool:
    """Does sentence `c` introduce a list: announce it (以下, a closing colon) or count its items (三个方面)?
    (Not 十八大: a congress, not a count.)"""
    return bool(_ANNOUNCES.search(c.text) or _COUNTED.search(norm(c.text)))


def _about_other_things(analysis: QuestionAnalysis, top: Candidate, items: list[Candidate]) -> bool:
    """Does `top` name the noun asked about (考验; the head's first two characters when it runs on, 考验将长期存在)
    while none of the list's other items does?"""
    if not analysis.head:
        return False
    noun = analysis.head if len(analysis.head) <= 4 else analysis.head[:2]
    return noun in norm(top.text) and not any(noun in norm(i.text) for i in items if i is not top)


def _follows(intro: Candidate, item: Candidate) -> bool:
    """Does the enumeration starting with `item` follow `intro` closely (an intro announcing it)?"""
    return item.doc_id == intro.doc_id and 0 <= item.start - intro.end <= 300


def answers_count(analysis: QuestionAnalysis, chosen: list[Candidate], said: str) -> bool:
    """Does the answer to a counted list question (哪四个, `analysis.count` of two or more) give as many things as asked: more sentences
    than asked, as many items, or a sentence naming as many; the quoted group spelled out; the kind of
    thing asked named (`said`: the answer with the heading it continues and its section); and not a
    numbered list of another length (一是…五是 are not the two asked)?"""
    n = analysis.count or 0
    quoted = [c for c in chosen if c.quoted]  # not the title framing a section's items
    ok = len(chosen) > n or sum(marker(norm(c.text)) is not None for c in quoted) == n or any(
        named_items(norm(c.text)) >= n or len([p for p in re.split(r"[，；、,;]", norm(c.text)) if len(p) >= 2]) > n
        for c in quoted)
    ok = ok and spells_out_group(analysis, norm("".join(c.text for c in quoted)))
    ok = ok and names_head(analysis, norm(said))
    marked = sum(item_marker(norm(c.text)) is not None for c in quoted)
    return ok and not (marked >= 2 and marked != n)


# 人工智能、电子信息、生物医药等重大（重点）科技专项: a 、 series naming its kind after 等
_SERIES_KIND = re.compile(r"、[^、]*?等([\u4e00-\u9fff\d（）()]{2,14})")  # 等12个方面的…成果: its count too


def _series_clauses(text: str) -> list[str]:
    """The clauses of a normalised sentence (split at its stops, commas and colons) that hold a 、 series."""
    return [p for p in re.split(r"[，。；,;：:]", text) if "、" in p]


def lists_another_kind(head: str | None, quoted: list[str]) -> bool:
    """Do the answer's lists all say they are another kind of thing than the list question asks for
    (人工智能、电子信息、生物医药等重大科技专项 for 哪些产业集群)? Only when the answer has no numbered item and
    every clause holding a 、 series names its kind after 等, none sharing two characters with `head`
    (of three characters or more). `quoted`: the sentences the answer quotes."""
    after = head.rsplit("的", 1)[-1] if head and "的" in head else ""  # 文化方面的事业: 事业 is the noun
    head = leading_noun(head) if head else ""  # 办法把它用起来 -> 办法
    if len(head) < 3:  # a general noun (办法, 举措, 方面) is named by many synonyms (方式, 措施)
        return False
    texts = [norm(t) for t in quoted]
    if any(marker(t) is not None for t in texts):
        return False
    clauses = [p for t in texts for p in _series_clauses(_TITLE_TEXT.sub("《》", t))]
    kinds = [m.group(1) for p in clauses if (m := _SERIES_KIND.search(p))]
    if not clauses or len(kinds) < len(clauses):
        return False
    wanted = {w[i:i + 2] for w in (head, after) for i in range(len(w) - 1)}
    return not any(k[i:i + 2] in wanted for k in kinds for i in range(len(k) - 1))


def lists_no_place(analysis: QuestionAnalysis, quoted: list[str]) -> bool:
    """Does a list question asking for places (哪些省份, 试点城市有哪些) get an answer naming none: no word of
    two characters or more that jieba tags as a place, other than the country and the places the question
    names itself (重庆…哪些区县: 重庆 is not one of them), and no clause listing kinds of that place (东部、
    中部、西部地区; 革命老区、民族地区)? 扩大…职业伤害保障试点 names no province it reaches."""
    besides = WHOLE_COUNTRY | set(analysis.places)
    return _names_none(PLACE_KIND.search(analysis.head or ""), quoted, lambda t: names_place(t, besides))


def _names_none(kind: re.Match[str] | None, quoted: list[str], names: Callable[[str], bool]) -> bool:
    """Does an answer to a list question asking for things of `kind` (省, 部门) name none: no sentence `names`
    one, and no clause lists kinds of it (东部、中部、西部地区; 监察机关、公安机关)? False when `kind` is None."""
    if kind is None:
        return False
    texts = [norm(t) for t in quoted]
    kinds = any(kind.group(0) in p for t in texts for p in _series_clauses(t))
    return not kinds and not any(names(t) for t in texts)


# 哪些市级部门牵头, 由哪些单位负责: a list question asking for bodies
_BODY_KIND = re.compile(r"部门|单位|机构|机关")
# a body named in a sentence (市发展改革委, 市科技局, 国务院, 市政府); not 全部, 西部, 部分, 部署, 布局, 办法, 部门 itself
_NAMES_BODY = re.compile(r"(?<![全内外干东南西北中])部(?![分署门])|委(?![托屈])|(?<![布格结大当全])局(?!面|势)|厅|(?<![学医])院|"
                         r"办(?![法理好事成])|政府")


def lists_no_body(head: str | None, quoted: list[str]) -> bool:
    """Does a list question asking for bodies (分别由哪些市级部门牵头) get an answer naming none (一是集成式标志性
    重大改革项目清单。二是…): no body's name, and no clause listing kinds of that body (监察机关、公安机关…)?"""
    return _names_none(_BODY_KIND.search(head or ""), quoted, lambda t: _NAMES_BODY.search(t) is not None)


# An intro counting remarks about a text or a plan, not things in it (有以下几个特点, 主要有以下几方面考虑)
_REMARKS = re.compile(rf"[几{CN_NUM}\d]+(?:个|点|条|方面的?)(特点|特征|特色|考虑|体会|经验|原因|意义|好处)")
_SAME_REMARK = {"特点": "特点|特征|特色", "特征": "特点|特征|特色", "特色": "特点|特征|特色", "考虑": "考虑|原因|为什么|为何",
                "原因": "考虑|原因|为什么|为何"}


def lists_remarks(question: str, quoted: list[str]) -> bool:
    """Does the answer to a list question announce remarks of a kind the question does not ask for (决定稿
    …有以下几个特点：第一… for 为2035年设定了哪些目标)? A list of a plan's features, the considerations behind it or
    the lessons drawn answers only a question asking for those."""
    q = norm(question)
    kinds = [m.group(1) for t in quoted for m in _REMARKS.finditer(norm(t))]
    return bool(kinds) and not any(re.search(_SAME_REMARK.get(k, k), q) for k in kinds)


def body_problem(analysis: QuestionAnalysis, quoted: list[str]) -> str | None:
    """Why the quoted sentences do not answer a question asking for bodies (哪些部门, or 分别是哪个部门 and
    牵头单位是谁 of an actor question), or None: they name none (`lists_no_body`)."""
    wanted = analysis.head if analysis.kind == "list" else None
    if analysis.kind == "actor" and _BODY_KIND.search(norm(analysis.question)):
        wanted = "部门"
    return "所引句子没有列出所问的部门或单位。" if lists_no_body(wanted, quoted) else None


def list_problem(analysis: QuestionAnalysis, question: str, quoted: list[str]) -> str | None:
    """Why the sentences an answer quotes do not give the list asked for, or None: they name no place
    where places are asked (any list question), or, where no count is asked (哪些), they list another
    kind of thing or remarks about a text. The extractive answer (`answers_kind`) and an LLM's cited
    claims (`question_checks`) are held to the same checks."""
    if lists_no_place(analysis, quoted):
        return "所引句子没有列出所问的地方。"
    if (problem := body_problem(analysis, quoted)) is not None:
        return problem
    if analysis.count and analysis.count >= 2:  # 哪两个试点: the count is checked instead (answers_count)
        return None
    if lists_another_kind(analysis.head, quoted):
        return "所引句子列出的是另一类事物。"
    if lists_remarks(question, quoted):
        return "所引句子列出的是对文件的评述，不是所问的内容。"
    return None


def names_several(chosen: list[Candidate]) -> bool:
    """Does the answer to a list question without a count (哪些) give several things: two quoted
    sentences or more, an item of a numbered list, or a sentence naming several (a 、 series, MIN_FIGURES
    figures, or MIN_CLAUSES quoted names or clauses)? One sentence of one or two clauses names no list
    (要总结评估…，切实搞好…前期谋划工作 for 提出了哪些主要量化目标)."""
    quoted = [c for c in chosen if c.quoted]
    if len(quoted) >= 2 or any(marker(norm(c.text)) is not None for c in quoted):
        return True
    for c in quoted:
        t = norm(c.text)
        bare = _TITLE_TEXT.sub("《》", t)  # a title's own commas and 、 list nothing (《…先行区、奋力谱写…》)
        clauses = [p for p in re.split(r"[，；,;：:]", bare) if len(p) >= 2]
        if "、" in bare or named_items(t) >= MIN_CLAUSES or len(clauses) >= MIN_CLAUSES:
            return True
    return False


# 哪几种“力”, 哪几个“聚焦”: the items asked share a short quoted word (创造力、凝聚力, 聚焦…，聚焦…)
QUOTED_KIND = re.compile(r"哪(?:几|些)(?:种|个|项|类|条|方面)?的?[“\"]([^”\"]{1,3})[”\"]")


def series_of(word: str, text: str) -> int:
    """How many clauses or 、 items of `text` end or start with `word` (…的创造力、凝聚力、战斗力: 3)."""
    parts = [p.lstrip("要并和及") for p in re.split(r"[、,;。：:]", norm(text))]
    return sum(p.endswith(word) or p.startswith(word) for p in parts)


def shared_word_series(question: str, analysis: QuestionAnalysis, cands: list[Candidate]) -> Candidate | None:
    """For a list question whose items share a quoted word (哪几种“力”): the best-ranked sentence with at least
    as many clauses ending or starting with it as the question counts (two when it counts none)."""
    kind = QUOTED_KIND.search(norm(question))
    want = max(2, analysis.count or 2)
    return next((c for c in cands if series_of(kind.group(1), c.text) >= want), None) if kind else None


def counted_head_series(analysis: QuestionAnalysis, cands: list[Candidate]) -> Candidate | None:
    """For a list question counting its noun (哪三大战略): when the best sentence does not list that many of
    it, a near-best one (HEAD_SERIES_RATIO of its score) whose clauses or 、 items list exactly that many,
    each ending with the noun (科教兴国战略、人才强国战略、创新驱动发展战略); else None. 教育、科技、人才 are
    three things, but not three 战略. Counting none (哪几项改革), at least UNCOUNTED_SERIES of it."""
    noun = (analysis.head or "")[-2:]
    n = analysis.count or 0
    if len(noun) < 2 or not cands or series_of(noun, cands[0].text) >= max(n, 2) or n < 2 and not analysis.measure:
        return None

    def lists_them(c: Candidate) -> bool:  # 要深化哪几项改革 counts none: several of it, where the best names one
        found = series_of(noun, c.text)
        return found == n if n >= 2 else found >= UNCOUNTED_SERIES
    return next((c for c in cands[:LIST_TRIES] if c.score >= HEAD_SERIES_RATIO * cands[0].score and lists_them(c)), None)


# “碳惠通”是一个什么性质的机制: the kind of thing asked, the noun it is
_KIND_ASKED = re.compile(r"(?:什么|哪种|哪类|何种)(?:性质|类型|样|类)的?([\u4e00-\u9fff]{2,4}?)(?:[?？。]|$)")


def gives_content(term: str, question: str, texts: list[str], section: str) -> bool:
    """Do the chosen sentences give the quoted `term`'s content (`content_asked`)? Those naming it must explain
    it (X——…, X包括…, its parts listed before it) or close with it before numbered items (…“四个一”机制。一是…);
    or be followed by numbered items under a heading naming it, or title a numbered item whose sentences follow;
    naming it only (统筹推进强村富民综合改革和“四进三回”行动，…) gives none. Sentences none of which names it are
    its content, as `explains` reads them."""
    key = norm(term)
    naming = [t for t in texts if key in norm(t)]
    size = _group_size(term)
    if not naming:  # its content, as `explains` reads a sentence not naming it, unless they count another
        # group (编制5张清单…一是… for 35项…指标里的哪几项) or only count one that large (谋划提出16项…改革项目)
        return not (size and (_counts_another_group(texts, size) or _only_counts(texts, size)))
    noun = _group_noun(key.strip("“”\"")) if size else ""

    def numbered(t: str) -> bool:  # an item marker, or the group's ordinal inside it (…为第二板块)
        return marker(norm(t)) is not None or len(noun) >= 2 and re.search(rf"第[{CN_NUM}]+{noun}", norm(t)) is not None
    items = any(key not in norm(t) and numbered(t) for t in texts)
    if items and key in norm(section):
        return True  # numbered items under a heading naming it
    if items and size and sum(numbered(t) or "一是" in t for t in texts) >= size:
        return True  # a group it counts (5张清单, 三大板块), as many numbered items after it
    if len(texts) > len(naming) and any(marker(norm(t)) is not None for t in naming):
        return True  # an item titled with it (（三）…“X”…), its sentences after it
    if (kind := _KIND_ASKED.search(norm(question))) and any(
            re.search(re.escape(key) + r"[”\"」』]?[\u4e00-\u9fff]{4,20}?" + kind.group(1), norm(t)) for t in naming):
        return True  # 什么性质的机制: the words between it and that noun (“碳惠通”温室气体自愿减排交易机制) say it
    closes = re.compile(re.escape(key) + r"[”\"」』]?[\u4e00-\u9fff]{0,4}[。；;:：]?$")
    return any(explains(term, question, t, kind_named=False) or items and closes.search(norm(t).strip())
               for t in naming)
