"""The LLM's answer, asked for, streamed as a draft, and kept only in the parts that verify.

Two ways of asking (``Settings.llm_output``):

- ``structured``: the prompt asks for ``{"claims": [{"text": …, "cites": [n]}]}`` and the request
  carries ``response_format`` (type ``json_schema``), which llama.cpp's server and vLLM enforce by
  constrained decoding (the schema limits ``cites`` to the given passage numbers);
- ``free``: cited prose, split into claims by `assistant.cite.claims`;
- ``auto``: structured for the OpenAI-compatible backends (llama.cpp, remote servers), free for
  the others. A server that rejects the schema (HTTP 400) is asked again for free text, and a
  reply that is not JSON is read as free text.

`LLMAnswerer.run` is a generator: it yields ``(kind, text)`` events — ``("token", piece)`` for
each piece of the readable draft, then ``("verifying", "")`` — and returns an `LLMOutcome`.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

import openai
from langchain_core.output_parsers import StrOutputParser

from assistant.answer.anchors import KIND_ZH, claim_problems
from assistant.answer.lists import body_problem, list_problem
from assistant.answer.prompts import (
    ANSWER_PROMPT,
    REFUSAL,
    STRUCTURED_PROMPT,
    claims_schema,
    format_passages,
    leaks_system_prompt,
)
from assistant.answer.question import ANY_NUMBER, MEASURES, QuestionAnalysis, analyse, done_unsaid, holds_kind
from assistant.cite.claims import Claim, claim_text, parse_claims
from assistant.cite.verify import locate_quote, verify_claims
from assistant.errors import LLMError
from assistant.records import Document, Hit
from assistant.text.normalize import bigrams, norm

log = logging.getLogger(__name__)
STRUCTURED = "structured"
FREE_TEXT = "free-text"
FALLBACK = "extractive-fallback"
_STRUCTURED_BACKENDS = ("openai", "llamacpp")
# Re-citing is a guess, so it asks more than the verifier's 0.3: the passage that takes over a claim's
# citation holds RECITE_SUPPORT of its character bigrams, and RECITE_MARGIN more than the ones cited.
# On the recorded replies (evals/reports/llm-runs) right re-citations held 0.62-1.0, a wrong one 0.40.
RECITE_SUPPORT = 0.5
RECITE_MARGIN = 0.2
RESTATES = 2  # a claim adding fewer characters than this to the question's words only restates it
# Kinds whose answer is one thing: there a claim sharing no word with the question is beside the point
# (list, measures and reason answers name items that need not repeat the question's words).
_SINGLE_ANSWER = ("number", "date", "law", "place", "definition", "actor", "yesno", "other")
# A claim adding at most HEADING characters to the question's words, beside one that adds more, only
# names what the other says (a heading, a list's title cited with its items: 四是近期拟出台…政策清单).
HEADING = 3
# The subject a question asks about where it names no quoted term: 关于自贸试验区… / 如何推动自贸试验区建设.
_SUBJECT = re.compile(r"关于([^，,？?、的]{2,12}?)(?:[，,]|有|的|方面|$)"
                      r"|(?:如何|怎样|怎么)(?:推动|推进|加快|深化|完善|促进|打造|加强|做好|开展)"
                      r"([^，,？?]{2,12}?)(?:建设|发展|改革|工作)?[？?]?$")
# A quoted sentence that announces items to follow (其中…包括以下三个方面：): claims after it need not
# repeat its topic.
_ANNOUNCES = re.compile(r"[：:]$|以下|如下|[一二两三四五六七八九十\d]+(?:个|项|张|条|类|方面|大|件)")
# The "text" values of a (possibly unfinished) JSON reply, for showing the draft while it streams.
_JSON_TEXT = re.compile(r'"text"\s*:\s*"((?:[^"\\]|\\.)*)("?)')
Events = Generator[tuple[str, str], None, "LLMOutcome"]


@dataclass
class LLMOutcome:
    mode: str  # STRUCTURED or FREE_TEXT: how the reply was asked for and read
    raw: str = ""
    claims: list[Claim] = field(default_factory=list)
    text: str = ""  # the verified claims; marker [i] cites passage used[i-1]
    # passage numbers (1-based, as given) of text's markers: one per quote, so a passage two claims
    # cite for different sentences appears twice (as the extractive answer cites sentences)
    used: list[int] = field(default_factory=list)
    dropped: int = 0  # claims left out because they did not verify
    recited: int = 0  # claims whose passage number was wrong and was corrected (see `_recite`)
    reasons: list[str] = field(default_factory=list)  # why claims, or the whole answer, were dropped
    refused: bool = False
    error: Exception | None = None  # the LLM failed: nothing to keep
    ttft_ms: float | None = None


def draft_of(raw: str, mode: str) -> str:
    """The readable draft of a reply so far: the reply itself, or the claim texts of a JSON one."""
    if mode != STRUCTURED:
        return raw
    parts = []
    for m in _JSON_TEXT.finditer(raw):
        body = m.group(1)
        try:
            parts.append(json.loads(f'"{body}"'))
        except json.JSONDecodeError:
            parts.append(body.rstrip("\\"))  # an escape cut in half by the stream
    return "".join(parts)


def claims_from_json(raw: str) -> list[Claim] | None:
    """Claims of a structured reply, or None when `raw` is not such a reply. A claim's text may still
    hold markers or lead-ins (models repeat them): those are read as in free text."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        return None
    items = data.get("claims") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    claims: list[Claim] = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        cites = [n for n in item.get("cites") or [] if isinstance(n, int) and not isinstance(n, bool)]
        for claim in parse_claims(item["text"]) or [Claim(claim_text(item["text"]), [])]:
            if claim.text:
                claim.markers = list(dict.fromkeys([*claim.markers, *cites]))
                claims.append(claim)
    return claims


def _schema_rejected(exc: Exception) -> bool:
    """The server refused the request itself (400/422: e.g. it does not know json_schema)."""
    cause = exc.__cause__ if isinstance(exc, LLMError) else exc
    return isinstance(cause, openai.BadRequestError | openai.UnprocessableEntityError)


def _recite(claims: list[Claim], hits: list[Hit], docs: dict[str, Document]) -> int:
    """Small models often cite the wrong one of the given passages. A claim is re-cited to the given
    passage that supports it best when the claim failed, or when its cited passages support it much
    less (RECITE_MARGIN), and that passage supports it clearly (RECITE_SUPPORT) and passes the
    verifier's own test (numbers in the quoted sentence). Markers that point at no given passage,
    and prompt leaks, are never repaired. Returns how many were re-cited."""
    fixed = 0
    for claim in claims:
        if (not claim.text or not claim.markers or leaks_system_prompt(claim.text)
                or any(not 1 <= n <= len(hits) for n in claim.markers)):
            continue
        support = {n: _support(claim.text, hits[n - 1], docs) for n in range(1, len(hits) + 1)}
        best = max(support, key=lambda n: support[n])
        cited = max(support[n] for n in claim.markers)
        if best in claim.markers or (not claim.problems and support[best] < cited + RECITE_MARGIN):
            continue
        trial = verify_claims([Claim(claim.text, [best])], hits, docs, min_support=RECITE_SUPPORT).claims[0]
        if not trial.problems:
            claim.markers, claim.problems = trial.markers, []
            fixed += 1
    return fixed


def _content(text: str) -> set[str]:
    """Character bigrams of the words of `text` (punctuation and spaces left out)."""
    return bigrams(_words(text))


def _words(text: str) -> str:
    return re.sub(r"[\W_]+", "", norm(text))


def _added(claim: str, asked: set[str]) -> int:
    """How many characters of `claim` no bigram of the question covers: what it says beyond it."""
    t = _words(claim)
    covered = [False] * len(t)
    for i in range(len(t) - 1):
        if t[i:i + 2] in asked:
            covered[i] = covered[i + 1] = True
    return covered.count(False)


def question_checks(analysis: QuestionAnalysis, claims: list[Claim], hits: list[Hit],
                    docs: dict[str, Document]) -> list[str]:
    """The answer checks of `assistant.answer.anchors`, applied to the verified claims of an LLM
    answer (issue 11: an answer that fails them is dropped, as unverifiable claims are).

    - A claim that only restates the question (adds under RESTATES characters) answers nothing,
      unless the question asks yes or no (是否…？ is answered by a passage saying it).
    - Where the answer wanted is one thing, a claim sharing no word with the question, beside one
      that does, is beside the point.
    - A claim that adds no more than HEADING characters to the question, beside one that adds more,
      is a heading cited with the sentence under it (`_flag_headings`).
    - A claim whose quoted sentences carry none of the question's topic terms, beside one whose
      quotes do, answers something else (`_flag_off_topic`).
    - A claim naming a term the question quotes (“碳惠通”) must quote a sentence that names it.
    - The claims that hold the kind of answer wanted (a number for 多少, a date for 哪一年) must have
      it in their cited passages, and the question's anchors (《title》, places, years …) must be in
      the passages the answer cites, with their titles and sections (`claim_problems`).
    - Some claim must hold the kind of answer wanted; for a list, the sentences the claims quote must
      pass the extractive answer's list checks (`list_problem`: places where places are asked, not
      another kind of thing, not remarks about a text).
    Claims that fail get the problem; returns the reasons the whole answer fails (empty: it stands)."""
    asked = _content(analysis.question)
    for c in claims:
        if _added(c.text, asked) < RESTATES and analysis.kind != "yesno":  # 是否…？ is answered by saying it
            c.problems.append("only restates the question")
        else:
            c.problems.extend(_unquoted_terms(analysis, c, hits, docs))
    kept = [c for c in claims if not c.problems]
    if analysis.kind in _SINGLE_ANSWER and any(_content(c.text) & asked for c in kept):
        for c in kept:
            if not _content(c.text) & asked:
                c.problems.append("shares no word with the question")
    kept = [c for c in claims if not c.problems]
    _flag_headings(analysis, kept, asked)
    _flag_off_topic(analysis, [c for c in kept if not c.problems], hits, docs)
    kept = [c for c in claims if not c.problems]
    # the passages as the model was given them: text under its document title and section
    passages = [f"{hits[n - 1].title} {hits[n - 1].chunk.section_path}\n{hits[n - 1].chunk.text}"
                for c in kept for n in c.markers]
    titles = [d.title for d in docs.values()]
    for c in kept:
        if holds_kind(analysis, c.text):
            cited_docs = [docs[hits[n - 1].chunk.doc_id].text for n in c.markers]
            c.problems.extend(claim_problems(analysis, c.text, [hits[n - 1].chunk.text for n in c.markers],
                                             passages, titles, cited_docs))
    good = [c for c in kept if not c.problems]
    if analysis.kind == "list" and good and (problem := list_problem(analysis, analysis.question,
                                                                     [_quotes(c, hits, docs) for c in good])):
        return [problem]  # the list checks of the extractive answer (`answers_kind`), on what the claims quote
    if analysis.kind == "actor" and good and (problem := body_problem(analysis, [_quotes(c, hits, docs) for c in good])):
        return [problem]  # 牵头单位是哪个部门: the bodies asked, as the extractive answer's actor check
    if analysis.kind == "yesno" and good and done_unsaid(analysis, [_quotes(c, hits, docs) for c in good]):
        return [f"回答中没有{KIND_ZH['yesno']}。"]  # 是否已经…: the extractive answer's check, on what the claims quote
    if not kept or any(not c.problems and holds_kind(analysis, c.text) for c in kept):
        return []
    failed = sorted({p for c in kept for p in c.problems})  # the question checks, failed by every claim
    return failed or [f"回答中没有{KIND_ZH.get(analysis.kind, '所问的内容')}。"]


def _flag_headings(analysis: QuestionAnalysis, claims: list[Claim], asked: set[str]) -> None:
    """Claims that only name what another claim says: they add at most HEADING characters to the
    question's words, and some other claim adds more (a yes/no question is answered by restating; a
    number is no heading)."""
    if analysis.kind == "yesno":
        return
    added = [_added(c.text, asked) for c in claims]
    if any(a > HEADING for a in added):
        for c, a in zip(claims, added, strict=True):
            if a <= HEADING and not ANY_NUMBER.search(c.text):  # 4万亿 adds little, and is the answer
                c.problems.append("a heading of what the other claims say")


def topic_terms(analysis: QuestionAnalysis, setting: str = "") -> tuple[str, ...]:
    """The terms that say what the question is about: quoted terms, titles, names of places and
    bodies, the subject of 关于X / 如何推动X建设 and the noun asked for (哪些试点: 试点). Terms in `setting` (the cited documents'
    titles: 重庆 in every Chongqing document) tell no sentence of those documents apart."""
    subject = [g for m in _SUBJECT.finditer(norm(analysis.question)) for g in m.groups() if g]
    head = [analysis.head] if analysis.head and analysis.head not in MEASURES and len(analysis.head) >= 2 else []
    # people are left out: a speaker (高健介绍的…) is named once before his remarks, not in each sentence
    # of them, and jieba takes words such as 惠民 for names
    terms = (*analysis.quoted, *analysis.titles, *analysis.organisations, *analysis.places, *subject, *head)
    return tuple(t for t in dict.fromkeys(norm(x) for x in terms) if t and t not in norm(setting))


def _flag_off_topic(analysis: QuestionAnalysis, claims: list[Claim], hits: list[Hit],
                    docs: dict[str, Document]) -> None:
    """A claim whose quoted sentences name none of the question's topic terms, beside a claim whose
    quotes do, is about something else its passage also says (“一单制” asked, 自贸试验区 quoted).
    Kept when a topic-naming quote announces items (…包括以下三个方面：), which need not repeat it."""
    quotes = [_quotes(c, hits, docs) for c in claims]
    setting = " ".join(hits[n - 1].title for c in claims for n in c.markers)
    terms = topic_terms(analysis, setting)
    on_topic = [any(t in q for t in terms) for q in quotes]
    if not any(on_topic) or any(_ANNOUNCES.search(q) for q, on in zip(quotes, on_topic, strict=True) if on):
        return
    for c, on in zip(claims, on_topic, strict=True):
        if not on:
            c.problems.append("its quoted sentence names none of the question's topic: " + "、".join(terms))


def _quotes(claim: Claim, hits: list[Hit], docs: dict[str, Document]) -> str:
    """The sentences `claim` quotes from its cited passages, normalised and joined."""
    parts = []
    for n in claim.markers:
        doc = docs[hits[n - 1].chunk.doc_id]
        start, end, _ = locate_quote(claim.text, hits[n - 1], doc)
        parts.append(norm(doc.text[start:end]))
    return "\n".join(parts)


def _unquoted_terms(analysis: QuestionAnalysis, claim: Claim, hits: list[Hit], docs: dict[str, Document]) -> list[str]:
    """Terms the question quotes that `claim` names but none of its quoted sentences do: the claim
    says something about them that its passage says about something else."""
    named = [t for t in analysis.quoted if norm(t) in norm(claim.text)]
    if not named:
        return []
    quotes = _quotes(claim, hits, docs)
    return [f"“{t}” is not in the quoted sentence" for t in named if norm(t) not in quotes]


def _support(text: str, hit: Hit, docs: dict[str, Document]) -> float:
    doc = docs.get(hit.chunk.doc_id)
    return locate_quote(text, hit, doc)[2] if doc is not None else 0.0


def _cited_text(claims: list[Claim], hits: list[Hit], docs: dict[str, Document]) -> tuple[str, list[int]]:
    """The claims as answer text, each quote its own marker: [i] cites passage used[i-1]. Two claims
    quoting the same sentence share its number."""
    used: list[int] = []
    numbers: dict[tuple[int, int, int], int] = {}
    parts = []
    for c in claims:
        marks = []
        for n in c.markers:
            key = (n, *locate_quote(c.text, hits[n - 1], docs[hits[n - 1].chunk.doc_id])[:2])
            if key not in numbers:
                used.append(n)
                numbers[key] = len(used)
            marks.append(numbers[key])
        parts.append(_closed(c.text) + "".join(f"[{i}]" for i in dict.fromkeys(marks)))
    return "".join(parts), used


def _closed(text: str) -> str:
    return text if text[-1] in "。！？；!?;…" else text.rstrip("，,、：:") + "。"


class LLMAnswerer:
    """Asks `llm` for a cited answer over numbered passages and verifies it claim by claim."""

    def __init__(self, llm: Any, backend: str, output: str = "auto", max_claims: int = 3) -> None:
        self.llm = llm
        self.backend = backend
        self.output = output
        self.max_claims = max_claims

    def wants_structured(self) -> bool:
        return (self.output != "free" and self.backend in _STRUCTURED_BACKENDS
                and hasattr(self.llm, "extra_body"))

    def _chain(self, mode: str, passages: int) -> Any:
        if mode != STRUCTURED:
            return ANSWER_PROMPT | self.llm | StrOutputParser()
        response_format = {"type": "json_schema", "json_schema": {
            "name": "cited_answer", "strict": True, "schema": claims_schema(passages, self.max_claims)}}
        # Sent in extra_body: ChatOpenAI would otherwise route response_format through the OpenAI
        # SDK's beta parser, which only OpenAI's own servers answer in the expected shape.
        llm = self.llm.bind(extra_body={**(self.llm.extra_body or {}), "response_format": response_format})
        return STRUCTURED_PROMPT | llm | StrOutputParser()

    def _stream(self, chain: Any, inputs: dict[str, str], mode: str, out: LLMOutcome, t0: float) -> Iterator[str]:
        shown = ""
        for token in chain.stream(inputs):
            if not token:
                continue
            if out.ttft_ms is None:
                out.ttft_ms = round((time.perf_counter() - t0) * 1000, 1)
            out.raw += token
            draft = draft_of(out.raw, mode)
            if draft.startswith(shown) and len(draft) > len(shown):
                yield draft[len(shown):]
                shown = draft

    def run(self, question: str, hits: list[Hit], docs: dict[str, Document]) -> Events:
        inputs = {"passages": format_passages([(h.title, h.chunk.section_path, h.chunk.text) for h in hits]),
                  "question": question}
        mode = STRUCTURED if self.wants_structured() else FREE_TEXT
        out = LLMOutcome(mode)
        t0 = time.perf_counter()
        try:  # the backend retries (Settings.llm_retries) timeouts, HTTP errors and unparseable replies
            for piece in self._stream(self._chain(mode, len(hits)), inputs, mode, out, t0):
                yield "token", piece
        except Exception as exc:
            if not (mode == STRUCTURED and self.output == "auto" and not out.raw and _schema_rejected(exc)):
                out.error = exc
                return out
            log.info("the server rejected the JSON schema (%s): asking for free text", exc)
            out.mode = mode = FREE_TEXT
            try:
                for piece in self._stream(self._chain(mode, len(hits)), inputs, mode, out, t0):
                    yield "token", piece
            except Exception as exc2:
                out.error = exc2
                return out
        yield "verifying", ""
        claims = claims_from_json(out.raw) if mode == STRUCTURED else None
        if claims is None:
            out.mode = FREE_TEXT  # the server ignored the schema: read the reply as prose
            claims = parse_claims(out.raw)
        if REFUSAL in out.raw or (out.mode == STRUCTURED and not claims):
            out.refused = True
            return out
        out.claims = verify_claims(claims, hits, docs).claims
        out.recited = _recite(out.claims, hits, docs)
        for c in out.claims:
            if c.text and leaks_system_prompt(c.text):
                c.problems.append("repeats the prompt")
        written = [c for c in out.claims if c.text and not c.problems]
        out.reasons = question_checks(analyse(question), written, hits, docs)
        kept = [c for c in written if not c.problems] if not out.reasons else []
        out.dropped = len([c for c in out.claims if c.text]) - len(kept)
        out.text, out.used = _cited_text(kept, hits, docs)
        return out
