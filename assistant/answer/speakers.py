"""Who speaks a sentence: a transcript's speaker labels (王志杰：…), a speech's signature under its
title, and the ordering of candidates for questions about a person's post or words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.answer.enumeration import doc_sentences, sentence_index
from assistant.answer.features import Candidate
from assistant.answer.question import QuestionAnalysis
from assistant.ingest.metadata import SIGNING_POST
from assistant.records import Document
from assistant.text.normalize import norm

# Questions about a person's post or about what they said; in other questions naming a person, the
# answer is often a sentence saying 他 (CMRC 2018: −7 of 300 answers when every such question preferred
# sentences naming the person).
ROLE_QUESTION = re.compile(r"职务|职位|身份|担任|什么职|哪个部门|哪个单位|哪家单位")
# 是哪个部门哪位负责同志, 他是啥子单位的: of a speaker, the body they speak for is asked too
ASKS_BODY_OF_SPEAKER = re.compile(rf"{ROLE_QUESTION.pattern}|(?:什么|啥子?)(?:单位|部门)|哪个(?:局|委|口)")
ABOUT_PERSON = re.compile(rf"{ROLE_QUESTION.pattern}|提到|介绍|表示|谈到|指出|强调|说")
# Questions asking who speaks (谁介绍, 谁说的, 谁来解读): asked of the speaker of remarks, not of a person
# the remarks name. Wider than ABOUT_PERSON's verbs (讲, 回答, 发布, 通报 …), which pick a named person's words.
ASKS_SPEAKER = re.compile(r"介绍|说|讲|表示|谈|回答|答|发布|解读|发言|通报|指出")
SPEAKER_LABEL = re.compile(r"^\s*[\u4e00-\u9fff]{2,4}[：:](?=\S)")
SPEAKER_REACH = 40  # sentences walked back to the speaker label that opens a speaker's remarks


# "I" as a speaker says it (由我担任组长), not 我国, 我们, 我市 …
FIRST_PERSON = re.compile(r"我(?![国们市省区县党军])")
SIGNATURE_LINES = 8  # a signature (the speaker's name on its own line) is among the first lines


def signature_at(doc: Document) -> tuple[int, int] | None:
    """Offsets of the line bearing the document's signature (meta `author`: 习近平 under the title, or
    国务院总理 李强 ending it), so that a first-person sentence is cited with who speaks in it."""
    author = norm(doc.meta.get("author") or "")
    start = 0
    for line in doc.text.splitlines(keepends=True)[:SIGNATURE_LINES] if author else ():
        signed = SIGNING_POST.search(line.strip())
        if norm(line) == author or (signed and norm(signed.group(1)) == author):
            a = start + len(line) - len(line.lstrip())
            return a, a + len(line.strip())
        start += len(line)
    return None


def speaker_at(text: str, spans: tuple[tuple[int, int], ...], j: int) -> int | None:
    """Index of the sentence opening the remarks that sentence j belongs to (李春奎：…), walking back
    until a heading (a section's title line: no speaker there) or SPEAKER_REACH sentences."""
    for k in range(j, max(j - SPEAKER_REACH, -1), -1):
        sentence = text[slice(*spans[k])]
        if SPEAKER_LABEL.match(sentence):
            return k
        line = sentence.strip()
        if k < j and len(line) < 30 and not re.search(r"[。！？；：:!?;]$", line):
            return None
    return None


def people_first(analysis: QuestionAnalysis, cands: list[Candidate], docs: dict[str, Document],
                  role: bool) -> list[Candidate]:
    """A question about a person's post or words is answered from the sentences about them, when there
    are any: those come first, each group by score. About them: for a question of their post (喻显斌在
    发布会上的职务是什么？), a sentence naming them outside a speaker label, first one writing a post
    before the name (市委新闻发言人刘尚进), not one where they speak (刘尚进表示); for what they said
    (王志杰提到的…), also the sentences of their remarks (王志杰：…) and of a speech they signed.
    `role`: the question asks for the person's post."""

    def names(c: Candidate) -> bool:
        if any(p in SPEAKER_LABEL.sub("", c.text) for p in analysis.people):
            return True
        if role:
            return False
        doc = docs[c.doc_id]
        if norm(doc.meta.get("author") or "") in analysis.people:  # a speech never names its own speaker
            return True
        spans = doc_sentences(doc)
        return speaker_name(doc.text, spans, sentence_index(spans, c.start)) in analysis.people

    def titled(c: Candidate) -> bool:  # 市委新闻发言人刘尚进: a post is written before the name
        return any(re.search(rf"[\u4e00-\u9fff]{re.escape(p)}", SPEAKER_LABEL.sub("", c.text)) for p in analysis.people)

    rank = [(titled(c) if role else False) + names(c) for c in cands]  # 2: titled, 1: named, 0: neither
    return [c for r in (2, 1, 0) for c, k in zip(cands, rank, strict=True) if k == r]


def same_sentence(a: str, b: str) -> bool:
    """The same sentence, whoever speaks it and however it ends (a transcript's 刘尚进：为了…见效。 and
    a report's 为了…见效): the best sentence stated again where its list follows."""
    def bare(t: str) -> str:
        return norm(SPEAKER_LABEL.sub("", t)).rstrip("。；;！!？?：:")
    return bool(bare(a)) and bare(a) == bare(b)


@lru_cache(maxsize=64)
def speaker_labels(text: str) -> dict[str, int]:
    """A transcript's speakers: the name of each label opening remarks (王志杰：…) and the offset of its first."""
    labels: dict[str, int] = {}
    for m in _LABEL_LINE.finditer(text):
        name = m.group(0).strip().rstrip("：:")  # as `speaker_name` reads a label
        labels.setdefault(name, m.end() - 1 - len(name))
    return labels


_LABEL_LINE = re.compile(SPEAKER_LABEL.pattern, re.M)  # SPEAKER_LABEL at the start of any line


def speaker_name(text: str, spans: tuple[tuple[int, int], ...], j: int) -> str:
    """The name in the label opening the remarks sentence j belongs to (王志杰：… gives 王志杰), or ""."""
    k = speaker_at(text, spans, j)
    if k is None:
        return ""
    m = SPEAKER_LABEL.match(text[slice(*spans[k])])
    return m.group(0).strip().rstrip("：:") if m else ""


POST_REACH = 60  # characters read back from a speaker's name for their post


@lru_cache(maxsize=256)
def _introduced(text: str, name: str) -> tuple[int, str] | None:
    """Where a document introduces a speaker with their post and body (…；市经济信息委党组书记、主任王志杰；…):
    the offset of the name there, and the post (市经济信息委党组书记、主任); None when the name is never
    written after a post. Cached: every answer from a speaker's remarks asks it again of the same document."""
    for m in re.finditer(re.escape(name), text) if len(name) >= 2 else ():
        if text.startswith(("：", ":"), m.end()):
            continue  # the label opening the remarks
        post = re.split(r"[；;。！？：:\n]", text[max(0, m.start() - POST_REACH):m.start()])[-1]
        if len(post) >= 2:
            return m.start(), post
    return None


def speaker_post(text: str, name: str) -> str:
    """The post and body written before a speaker's name where the document introduces them, so that remarks
    under the label 王志杰： are known as the 经信委's; "" when there is none."""
    found = _introduced(text, name)
    return found[1] if found else ""


def speaker_intro(text: str, spans: tuple[tuple[int, int], ...], name: str) -> int | None:
    """Index of the sentence introducing a speaker with their post (市发展改革委党组书记、主任高健；), or None."""
    found = _introduced(text, name)
    if found is None:
        return None
    i = sentence_index(spans, found[0])  # the first sentence starting at or after the name: the one holding it
    return i if i < len(spans) and spans[i][0] == found[0] else i - 1  # is that or the one before
