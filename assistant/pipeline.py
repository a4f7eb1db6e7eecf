"""`Assistant`: the retrieval chain condense | retrieve | answer | verify, as a langchain (LCEL) chain.

The Assistant is composed of injected parts (`Parts`): any langchain `BaseRetriever`, an answerer
that picks cited sentences (the extractive one by default), a verifier, and optionally a
`BaseChatModel`, either fixed or chosen per call. `build(settings)` wires the defaults: the index
snapshot, the hybrid BM25 + dense retriever, the reranker, glossary query expansion and the chat
model named by `settings.llm`.

The Python API is `Assistant.ask(question, history) -> Answer`; `Assistant.stream` yields events
for the UI; `Assistant.chain()` is the Runnable itself (stream it with a `Turn`)."""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from langchain_core.output_parsers import StrOutputParser
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableGenerator

from assistant.answer.anchors import evidence_problems
from assistant.answer.answer_check import AnswerCheck, check_features, default_answer_check
from assistant.answer.condense import Standalone, condense, is_follow_up
from assistant.answer.extractive import Extract, ExtractiveAnswerer, mark_spans
from assistant.answer.guard import strip_instructions
from assistant.answer.llm import backend_name
from assistant.answer.llm_answer import FALLBACK, LLMAnswerer, LLMOutcome
from assistant.answer.prompts import CONDENSE_PROMPT, REFUSAL, format_history, leaks_system_prompt
from assistant.answer.question import analyse, item_ordinal
from assistant.cite.verify import Verification, verify
from assistant.config import Settings
from assistant.errors import BadQuestionError, LLMError
from assistant.records import Answer, Document, Hit
from assistant.retrieval.langchain_retriever import PolicyRetriever, Retrieved, hits_from
from assistant.text.english import english_turn
from assistant.text.script import in_documents_words, simplified_turn

if TYPE_CHECKING:
    import numpy as np
    from langchain_core.language_models import BaseChatModel

    from assistant.embed.models import Embedder
    from assistant.index.store import IndexSnapshot
    from assistant.retrieval.hybrid import HybridRetriever, Reranker

log = logging.getLogger(__name__)
# Control characters, and lone surrogates (from JSON "\ud800" escapes) that no encoder accepts.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
History = list[tuple[str, str]]


@dataclass
class Event:
    """A streaming event: kind is "standalone", "token", "notice" or "answer" (the final, verified one)."""

    kind: str
    text: str = ""
    answer: Answer | None = None


@dataclass
class Evidence:
    standalone: Standalone
    hits: list[Hit]
    best_similarity: float | None  # None: the retriever reports no dense similarity
    notices: list[str] = field(default_factory=list)
    only_instructions: bool = False  # the question was nothing but instructions to the assistant


class Answerer(Protocol):
    """Picks the sentences of the passages that answer the question, each marked [n] (`Extract`)."""

    def answer(self, question: str, hits: list[Hit], docs: dict[str, Document], context: str = "", *,
               query: str = "", scope: Sequence[str] = ()) -> Extract: ...


class Verifier(Protocol):
    """Checks every [n] and quote of an answer against the passages it cites."""

    def __call__(self, answer: str, hits: list[Hit], docs: dict[str, Document]) -> Verification: ...


@dataclass(frozen=True)
class Parts:
    """What answers come from; swapped as one value on reload, so a query sees one index throughout."""

    retriever: BaseRetriever
    answerer: Answerer
    docs: dict[str, Document] = field(default_factory=dict)  # texts the retriever's offsets point into
    snapshot: IndexSnapshot | None = None
    hybrid: HybridRetriever | None = None  # for `search(mode=...)`; None for other retrievers


@dataclass
class Draft:
    """An answer before verification: text whose [n] cites `cited[n-1]`, or a refusal."""

    text: str
    cited: list[Hit]
    backend: str
    refused: bool = False
    mode: str = "extractive"  # how the answer was made: extractive, structured, free-text, extractive-fallback, refusal
    ttft_ms: float | None = None  # time to the LLM's first token, when an LLM was asked
    raw: str = ""  # the LLM's reply as it came, before verification


@dataclass
class Turn:
    """What flows through the chain: the question, then each stage's result."""

    question: str
    history: History
    k: int | None  # None: as many passages as the retriever is set up to return
    parts: Parts
    chat_model: BaseChatModel | None = None
    started: float = field(default_factory=time.perf_counter)
    evidence: Evidence | None = None
    extract: Extract | None = None
    draft: Draft | None = None


Step = Callable[[Turn], Iterator["Event | Turn"]]


def stage(step: Step, name: str) -> Runnable:
    """A chain stage: runs `step` on the turn and passes earlier stages' events through as they come."""

    def transform(items: Iterator[Event | Turn]) -> Iterator[Event | Turn]:
        for item in items:
            if isinstance(item, Turn):
                yield from step(item)
            else:
                yield item

    return RunnableGenerator(transform, name=name)


def clean_question(question: str, limit: int) -> str:
    """Validate a question: not empty, not over `limit` characters, no control characters."""
    if not isinstance(question, str):
        raise BadQuestionError("question must be text", zh="问题必须是文本。")
    q = _CONTROL.sub("", question).strip()
    if all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in q):  # blank, or only invisible marks
        raise BadQuestionError("question is empty", zh="问题不能为空，请输入问题。")
    if len(q) > limit:
        raise BadQuestionError(f"question is too long ({len(q)} characters, limit {limit})",
                               zh=f"问题过长（{len(q)} 字），请控制在 {limit} 字以内。")
    return q


def too_few_words(coverage: float, similarity: float | None, settings: Settings) -> bool:
    """Does the best sentence share too few of the question's words to answer it? Below `min_overlap`
    it still answers a paraphrase when it covers `paraphrase_overlap` and means the same (its cosine to
    the question at least `paraphrase_similarity`; unknown without sentence vectors)."""
    if coverage >= settings.min_overlap:
        return False
    same_meaning = similarity is not None and similarity >= settings.paraphrase_similarity
    return not (same_meaning and coverage >= settings.paraphrase_overlap)


def below_thresholds(best_similarity: float | None, ex: Extract, settings: Settings) -> bool:
    """The thresholds' rule on weak evidence: the best passage is not similar enough (`refusal_threshold`;
    None: the retriever reports no similarity) or the best sentence has too few of the question's words."""
    too_far = best_similarity is not None and best_similarity < settings.refusal_threshold
    return too_far or too_few_words(ex.coverage, ex.similarity, settings)


def answer_check_for(settings: Settings) -> AnswerCheck | None:
    """The learned answer check, when it is on and was fitted on this embedder's similarities."""
    if not settings.answer_check:
        return None
    check = default_answer_check()
    return check if check.embedder == settings.embedder else None


def _dates(hits: list[Hit], docs: Mapping[str, Document]) -> list[str]:
    """The titles, subtitles, speakers, dates and adoption lines of the passages' documents: where a year
    that dates a document (2024年政府工作报告) is found when the report's text says only 今年, the meeting
    it comes from (a decision names its plenum only in its adoption line), and who gave it (习近平's 说明)."""
    found = (docs.get(d) for d in dict.fromkeys(h.chunk.doc_id for h in hits))
    return [d.head_text("author", "date", "issuer", "place") for d in found if d is not None]


class Assistant:
    """Answers questions from its `Parts`; `reload()` swaps in new parts atomically."""

    def __init__(self, settings: Settings, parts: Parts, *, verifier: Verifier = verify,
                 chat_model: BaseChatModel | None = None, reload: Callable[[], Parts] | None = None) -> None:
        self.settings = settings
        self.verifier = verifier
        self.chat_model = chat_model  # the default for calls that do not choose one
        self._parts = parts
        self._reload = reload

    @classmethod
    def from_retriever(cls, retriever: BaseRetriever, settings: Settings | None = None, *,
                       docs: Mapping[str, Document] | None = None, answerer: Answerer | None = None,
                       chat_model: BaseChatModel | None = None) -> Assistant:
        """An Assistant over any langchain retriever. Without an index there are no IDF weights or
        sentence embeddings: the default answerer weighs question terms equally."""
        settings = settings or Settings()
        answerer = answerer or ExtractiveAnswerer(lambda _term: 1.0, None, settings.max_answer_sentences)
        return cls(settings, Parts(retriever, answerer, dict(docs or {})), chat_model=chat_model)

    # -- state -----------------------------------------------------------------------------------
    @property
    def parts(self) -> Parts:
        return self._parts

    @property
    def snapshot(self) -> IndexSnapshot:
        if self._parts.snapshot is None:
            raise AttributeError("this Assistant has no index snapshot (it was built from another retriever)")
        return self._parts.snapshot

    def reload(self) -> None:
        """Load the live index generation (after `assistant index`) and switch to it."""
        if self._reload is not None:
            self._parts = self._reload()

    # -- stages ----------------------------------------------------------------------------------
    def search(self, query: str, k: int | None = None, mode: str = "hybrid") -> list[Hit]:
        q = in_documents_words(clean_question(query, self.settings.max_question_chars))
        parts = self._parts
        if parts.hybrid is not None:
            return parts.hybrid.search(q, k, mode)
        return self._retrieve(parts, q, k).hits

    def standalone(self, question: str, history: History, chat_model: BaseChatModel | None = None) -> Standalone:
        base = condense(question, history)
        if chat_model is None or not history or not is_follow_up(base.focus):  # (a quiz's options are context too)
            return base
        try:
            chain = CONDENSE_PROMPT | chat_model | StrOutputParser()
            rewritten = chain.invoke({"history": format_history(history), "question": question}).strip()
        except Exception as exc:  # a failing LLM must not block retrieval
            log.warning("condense with LLM failed, using the heuristic: %s", exc)
            return base
        if not rewritten or len(rewritten) > 200 or leaks_system_prompt(rewritten):
            return base
        return Standalone(rewritten, question, base.context, base.scope)

    def evidence(self, question: str, history: History, k: int | None = None, parts: Parts | None = None,
                 chat_model: BaseChatModel | None = None) -> Evidence:
        """The condense and retrieve stages alone: the standalone question and the passages found."""
        turn = Turn(question, history, k, parts or self._parts, chat_model)
        _run(turn, self._condense_step, self._retrieve_step)
        assert turn.evidence is not None
        return turn.evidence

    @staticmethod
    def _retrieve(parts: Parts, query: str, k: int | None) -> Retrieved:
        retriever = parts.retriever
        if k is None:
            pass
        elif "k" in type(retriever).model_fields:  # ours, and most langchain retrievers
            retriever = retriever.model_copy(update={"k": k})
        elif "search_kwargs" in type(retriever).model_fields:  # langchain's VectorStoreRetriever
            kwargs = getattr(retriever, "search_kwargs", {})
            retriever = retriever.model_copy(update={"search_kwargs": {**kwargs, "k": k}})
        return hits_from(retriever.invoke(query), parts.docs)

    def extract(self, question: str, history: History, k: int | None = None,
                parts: Parts | None = None, chat_model: BaseChatModel | None = None) -> tuple[Evidence, Extract]:
        """Retrieve and pick answer sentences: the signals both answerers and the refusal rule use."""
        turn = Turn(question, history, k, parts or self._parts, chat_model)
        _run(turn, self._condense_step, self._retrieve_step)
        assert turn.evidence is not None
        return turn.evidence, self._pick(turn)

    @staticmethod
    def _pick(turn: Turn) -> Extract:
        ev = turn.evidence
        assert ev is not None
        return turn.parts.answerer.answer(ev.standalone.focus, ev.hits, turn.parts.docs, ev.standalone.context,
                                          query=ev.standalone.question, scope=ev.standalone.scope)

    def should_refuse(self, ev: Evidence, ex: Extract, docs: Mapping[str, Document] | None = None) -> bool:
        """Refuse when an anchor of the question (《title》, quoted term, place, year …) is in none of
        the retrieved passages, when the best evidence lacks the kind of answer wanted (no number for
        多少), or, on weak evidence, when the learned answer check gives the extract too low a chance of
        being right (`answer_check_for`). Without the check (off, or another embedder than it was fitted
        on): when the best passage is not similar enough or the best sentence covers too few of the
        question's terms and does not mean the same either (`too_few_words`; thresholds calibrated on
        out-of-scope golden questions)."""
        decided = self.decided_before_check(ev, ex, docs)
        if decided is not None:
            return decided
        if check := answer_check_for(self.settings):
            floor = check.floor if self.settings.answer_floor is None else self.settings.answer_floor
            return check.probability(check_features(ev.standalone.question, ex, ev.hits, ev.best_similarity)) < floor
        return below_thresholds(ev.best_similarity, ex, self.settings)

    def decided_before_check(self, ev: Evidence, ex: Extract,
                             docs: Mapping[str, Document] | None = None) -> bool | None:
        """`should_refuse`'s answer when the evidence decides it, None when the check (or the thresholds)
        must weigh it: True for no evidence or what it lacks (the problems are added to `ev.notices`),
        False for an item asked by its place (第（三）项) and found in the document's structure."""
        if not ev.hits or not ex.text or ev.only_instructions:
            return True
        docs = self._parts.docs if docs is None else docs
        analysis = ex.analysis or analyse(ev.standalone.focus)
        titles = [d.heading for d in docs.values()]
        answer_docs = [docs[d].text for d in dict.fromkeys(h.chunk.doc_id for h in ex.cited) if d in docs]
        problems = evidence_problems(analysis, [h.chunk.text for h in ev.hits], answer_docs, titles, ex.kind_ok,
                                     [*_dates(ev.hits, docs), *ex.frames], [h.chunk.text for h in ex.cited],
                                     [*(h.chunk.section_path for h in ex.cited), *ex.frames, *_dates(ex.cited, docs)])
        if ex.about_document:  # the report's opening formula for what the report says of teachers
            problems.append("所引句子只是文件开头的标题、报告人或开场白，没有说到所问的内容。")
        if problems:
            ev.notices.extend(problems)
            return True
        if item_ordinal(analysis) and ex.kind_ok:
            return False  # the item numbered as asked, found: no weak evidence to weigh
        return None

    # -- the chain -------------------------------------------------------------------------------
    def chain(self, **replace_steps: Runnable) -> Runnable:
        """condense | retrieve | answer | verify. Pass a Runnable by stage name to replace one; it
        receives a stream of `Event`s and one `Turn`, and must pass the events on (see `stage`)."""
        steps: dict[str, Runnable] = {
            "condense": stage(self._condense_step, "condense"),
            "retrieve": stage(self._retrieve_step, "retrieve"),
            "answer": stage(self._answer_step, "answer"),
            "verify": stage(self._verify_step, "verify"),
        }
        unknown = set(replace_steps) - set(steps)
        if unknown:
            raise ValueError(f"unknown chain stages {sorted(unknown)}; stages are {list(steps)}")
        steps.update(replace_steps)
        first, *rest = steps.values()
        return first.pipe(*rest, name="assistant")

    def _condense_step(self, turn: Turn) -> Iterator[Event | Turn]:
        question, history = simplified_turn(turn.question, turn.history)  # 重慶 -> 重庆: the documents' script
        guarded = strip_instructions(question)  # on the words as typed, before English terms are read in Chinese
        asked, history = english_turn(guarded.question or question, history)  # 2027 的 target -> 2027的目标
        sa = self.standalone(asked, history, turn.chat_model)
        notices = ["已忽略问题中的指令性内容，只把它当作普通文本。"] if guarded.removed else []
        turn.evidence = Evidence(sa, [], None, notices, only_instructions=not guarded.question)
        yield Event("standalone", sa.question)
        yield turn

    def _retrieve_step(self, turn: Turn) -> Iterator[Event | Turn]:
        assert turn.evidence is not None
        got = self._retrieve(turn.parts, turn.evidence.standalone.question, turn.k)
        turn.evidence.hits = got.hits
        turn.evidence.best_similarity = (
            max((h.dense_score for h in got.hits if h.dense_score is not None), default=0.0)
            if got.has_dense_scores else None)
        if got.extra_docs:  # stand-in documents for chunks whose source the parts do not hold
            turn.parts = replace(turn.parts, docs={**turn.parts.docs, **got.extra_docs})
        yield turn

    def _answer_step(self, turn: Turn) -> Iterator[Event | Turn]:
        ev = turn.evidence
        assert ev is not None
        ex = turn.extract = self._pick(turn)
        if self.should_refuse(ev, ex, turn.parts.docs):
            turn.draft = Draft("", [], "refusal", refused=True)
        elif turn.chat_model is None:
            turn.draft = Draft(ex.text, ex.cited, "extractive")
        else:
            turn.draft = yield from self.llm_answer(turn)
        yield turn

    def _verify_step(self, turn: Turn) -> Iterator[Event | Turn]:
        assert turn.evidence is not None and turn.draft is not None
        answer = self._finish(turn.question, turn.evidence, turn.draft, turn.parts.docs)
        if answer.backend == "extractive" and turn.extract is not None:
            mark_spans(answer.citations, turn.extract)  # the answering span inside each quote
            answer.notices.extend(turn.extract.notes)
        answer.latency_ms = round((time.perf_counter() - turn.started) * 1000, 1)
        yield Event("answer", answer.text, answer)

    # -- answering -------------------------------------------------------------------------------
    def ask(self, question: str, history: History | None = None, k: int | None = None, *,
            chat_model: BaseChatModel | None = None) -> Answer:
        answer = None
        for event in self.stream(question, history, k, chat_model=chat_model):
            if event.kind == "answer":
                answer = event.answer
        assert answer is not None
        return answer

    def stream(self, question: str, history: History | None = None, k: int | None = None, *,
               chat_model: BaseChatModel | None = None) -> Iterator[Event]:
        """Events of one answer. `chat_model` (else the Assistant's own, else none: extractive)
        writes the answer; the whole answer uses the parts live when it started."""
        turn = Turn(clean_question(question, self.settings.max_question_chars),
                    [(_CONTROL.sub("", str(a)), _CONTROL.sub("", str(b))) for a, b in (history or [])],
                    k, self._parts, chat_model or self.chat_model)
        for item in self.chain().stream(turn):
            if isinstance(item, Event):
                yield item

    def _finish(self, q: str, ev: Evidence, draft: Draft, docs: dict[str, Document]) -> Answer:
        if draft.refused:
            mode = draft.mode if draft.mode != "extractive" else "refusal"
            return Answer(q, ev.standalone.question, REFUSAL + "。以下是最接近的段落，供参考。", [], True,
                          ev.notices, ev.hits[:3], "refusal", answer_mode=mode, ttft_ms=draft.ttft_ms, draft=draft.raw)
        check = self.verifier(draft.text, draft.cited, docs)
        notices = list(ev.notices)
        if not check.ok:
            notices.append("部分引用未通过核实，已标记。")
        return Answer(q, ev.standalone.question, draft.text, check.citations, False, notices, ev.hits, draft.backend,
                      answer_mode=draft.mode, ttft_ms=draft.ttft_ms, draft=draft.raw)

    def llm_answer(self, turn: Turn) -> Generator[Event, None, Draft]:
        """The chat model answers from the passages (structured claims where the backend enforces a
        schema, else free text); claims that fail verification are dropped, and the extractive answer
        stands in when none is left or the model fails (assistant/answer/llm_answer.py)."""
        ev, ex, model = turn.evidence, turn.extract, turn.chat_model
        assert ev is not None and ex is not None and model is not None
        backend = backend_name(model)
        answerer = LLMAnswerer(model, backend, self.settings.llm_output, self.settings.max_answer_sentences)
        out = yield from _as_events(answerer.run(ev.standalone.question, ev.hits, turn.parts.docs))
        if out.error is not None:
            log.warning("LLM failed (%s): falling back to the extractive answer", out.error)
            ev.notices.append(f"{LLMError.zh}（{type(out.error).__name__}）")
            yield Event("notice", ev.notices[-1])
        elif out.refused:
            return Draft("", [], "refusal", refused=True, mode=out.mode, ttft_ms=out.ttft_ms, raw=out.raw)
        elif not out.text and out.reasons:  # verified, but it does not answer what was asked
            why = "；".join(r.rstrip("。") for r in out.reasons)
            ev.notices.append(f"大模型的回答未答所问（{why}），已改用抽取式回答。")
        elif not out.text:
            ev.notices.append("大模型的回答无法通过引用核实，已改用抽取式回答。")
        if out.error is not None or not out.text:
            return Draft(ex.text, ex.cited, "extractive", mode=FALLBACK, ttft_ms=out.ttft_ms, raw=out.raw)
        if out.dropped:
            ev.notices.append(f"已删除 {out.dropped} 处无法核实的内容。")
        if out.recited:
            ev.notices.append(f"已更正 {out.recited} 处引用编号（大模型标错了资料编号）。")
        return Draft(out.text, [ev.hits[n - 1] for n in out.used], f"llm:{backend}", mode=out.mode,
                     ttft_ms=out.ttft_ms, raw=out.raw)


def _as_events(run: Generator[tuple[str, str], None, LLMOutcome]) -> Generator[Event, None, LLMOutcome]:
    """The LLM answerer's (kind, text) pairs as Events; returns its outcome."""
    while True:
        try:
            kind, text = next(run)
        except StopIteration as stop:
            return stop.value
        yield Event(kind, text)


def _run(turn: Turn, *steps: Step) -> None:
    """Run chain steps on a turn outside the chain, dropping their events."""
    for step in steps:
        for _ in step(turn):
            pass


# -- default wiring ----------------------------------------------------------------------------------
def index_parts(settings: Settings, snapshot: IndexSnapshot, embedder: Embedder,
                reranker: Reranker | None = None) -> Parts:
    """The default parts over an index snapshot: hybrid retrieval (with glossary expansion when
    enabled) and the extractive answerer with the snapshot's IDF weights and the embedder."""
    from assistant.retrieval.expand import chain, lay_expand
    from assistant.retrieval.hybrid import HybridRetriever

    jargon = None
    if settings.glossary_expansion:
        from assistant.retrieval.glossary import build_glossary

        jargon = build_glossary(snapshot.docs.values()).expand
    expand = chain(jargon, lay_expand if settings.lay_expansion else None)
    hybrid = HybridRetriever(snapshot, embedder, settings, reranker, expand=expand)
    answerer = extractive_answerer(settings, snapshot, hybrid.embed_query)
    return Parts(PolicyRetriever(hybrid=hybrid, k=settings.top_k), answerer, snapshot.docs, snapshot, hybrid)


def extractive_answerer(settings: Settings, snapshot: IndexSnapshot,
                        embed_query: Callable[[str], np.ndarray]) -> ExtractiveAnswerer:
    """The extractive answerer over a snapshot: its IDF weights, the chunk holding any offset (list
    items anywhere in a document are cited by it), and its sentence vectors scored with `embed_query`
    (pass the retriever's cached one, so a question costs one model call)."""
    vectors = snapshot.sentences
    meaning = None if vectors is None else (lambda query, keys: vectors.similarity(embed_query(query), keys))
    return ExtractiveAnswerer(snapshot.bm25.idf, snapshot.chunk_at, settings.max_answer_sentences, meaning=meaning)


def build(settings: Settings, *, embedder: Embedder | None = None, snapshot: IndexSnapshot | None = None,
          chat_model: BaseChatModel | None = None) -> Assistant:
    """The default Assistant: the index in `settings.index_dir` (or `snapshot`), the configured
    embedder and reranker, and the chat model `settings.llm` names (or `chat_model`)."""
    from assistant.embed.models import make_embedder
    from assistant.index.milvus_snapshot import open_snapshot
    from assistant.retrieval.hybrid import Reranker

    emb = embedder or make_embedder(settings.embedder, settings.embed_batch_size)
    reranker = Reranker(settings.reranker) if settings.reranker else None
    snap = snapshot or open_snapshot(settings, emb.model_id)
    if chat_model is None and settings.llm != "none":
        from assistant.answer.llm import make_chat_model

        chat_model = make_chat_model(settings)
    lock = threading.Lock()

    def reload() -> Parts:
        with lock:
            return index_parts(settings, open_snapshot(settings, emb.model_id), emb, reranker)

    return Assistant(settings, index_parts(settings, snap, emb, reranker), chat_model=chat_model, reload=reload)
