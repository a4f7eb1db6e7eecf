"""`Assistant`: the retrieval chain. Condense -> retrieve -> answer (extractive or LLM) -> verify.

Built from langchain pieces: a `BaseRetriever`, chat prompts and Runnables. The Python API is
`Assistant.ask(question, history) -> Answer`; `Assistant.stream` yields events for the UI."""

from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import RunnableLambda

from assistant.answer.condense import Standalone, condense
from assistant.answer.extractive import Extract, ExtractiveAnswerer
from assistant.answer.guard import strip_instructions
from assistant.answer.llm_answer import FALLBACK, LLMAnswerer, LLMOutcome
from assistant.answer.prompts import CONDENSE_PROMPT, REFUSAL, format_history, leaks_system_prompt
from assistant.cite.anchors import missing_anchors
from assistant.cite.verify import verify
from assistant.config import Settings
from assistant.embed.models import Embedder, make_embedder
from assistant.errors import AssistantError, BadQuestionError, LLMError
from assistant.index.store import IndexSnapshot, load_snapshot
from assistant.records import Answer, Document, Hit
from assistant.retrieval.hybrid import HybridRetriever, Reranker
from assistant.retrieval.langchain_retriever import PolicyRetriever, hits_of

log = logging.getLogger(__name__)
# Control characters, and lone surrogates (from JSON "\ud800" escapes) that no encoder accepts.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
History = list[tuple[str, str]]


@dataclass
class Event:
    """A streaming event: kind is "standalone", "token" (a piece of the LLM's unverified draft),
    "verifying" (the draft is complete and being checked), "notice" or "answer" (the final, verified one,
    which replaces the draft)."""

    kind: str
    text: str = ""
    answer: Answer | None = None


@dataclass
class Evidence:
    standalone: Standalone
    hits: list[Hit]
    best_similarity: float
    notices: list[str] = field(default_factory=list)
    only_instructions: bool = False  # the question was nothing but instructions to the assistant


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


class Assistant:
    """Answers questions over one index snapshot; `reload()` swaps in a new one atomically."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, snapshot: IndexSnapshot | None = None,
                 chat_model: Any = None) -> None:
        self.settings = settings
        self.embedder = embedder or make_embedder(settings.embedder, settings.embed_batch_size)
        self._snapshot = snapshot or load_snapshot(settings.index_dir, self.embedder.model_id)
        self.reranker = Reranker(settings.reranker) if settings.reranker else None
        self._chat_model = chat_model
        self._llm_lock = threading.Lock()
        self._build(self._snapshot)

    # -- wiring ----------------------------------------------------------------------------------
    def _build(self, snapshot: IndexSnapshot) -> None:
        expand = None
        if self.settings.glossary_expansion:
            from assistant.study.glossary import build_glossary

            expand = build_glossary(snapshot.docs.values()).expand
        hybrid = HybridRetriever(snapshot, self.embedder, self.settings, self.reranker, expand=expand)
        extractive = ExtractiveAnswerer(snapshot.bm25.idf, hybrid.dense_similarity, self.settings.max_answer_sentences)
        # Assigned together so a concurrent query sees either the old or the new snapshot, never a mix.
        self._state = (snapshot, hybrid, PolicyRetriever(hybrid=hybrid, k=self.settings.top_k), extractive)

    @property
    def snapshot(self) -> IndexSnapshot:
        return self._state[0]

    def reload(self) -> None:
        """Load the live index generation (after `assistant index`) and switch to it."""
        self._build(load_snapshot(self.settings.index_dir, self.embedder.model_id))

    @property
    def llm(self) -> Any:
        if self.settings.llm == "none":
            return None
        with self._llm_lock:
            if self._chat_model is None:
                from assistant.answer.llm import make_chat_model

                self._chat_model = make_chat_model(self.settings)
        return self._chat_model

    # -- stages ----------------------------------------------------------------------------------
    def search(self, query: str, k: int | None = None, mode: str = "hybrid") -> list[Hit]:
        return self._state[1].search(clean_question(query, self.settings.max_question_chars), k, mode)

    def standalone(self, question: str, history: History) -> Standalone:
        base = condense(question, history)
        if not base.context or self.llm is None:
            return base
        try:
            chain = CONDENSE_PROMPT | self.llm | StrOutputParser()
            rewritten = chain.invoke({"history": format_history(history), "question": question}).strip()
        except Exception as exc:  # a failing LLM must not block retrieval
            log.warning("condense with LLM failed, using the heuristic: %s", exc)
            return base
        if not rewritten or len(rewritten) > 200 or leaks_system_prompt(rewritten):
            return base
        return Standalone(rewritten, question, base.context)

    def evidence(self, question: str, history: History, k: int | None = None, state: tuple | None = None) -> Evidence:
        guarded = strip_instructions(question)
        notices = ["已忽略问题中的指令性内容，只把它当作普通文本。"] if guarded.removed else []
        sa = self.standalone(guarded.question or question, history)
        _, _, retriever, _ = state or self._state
        retriever = retriever.model_copy(update={"k": k or self.settings.top_k})
        chain = RunnableLambda(lambda q: q) | retriever
        hits = hits_of(chain.invoke(sa.question))
        best = max((h.dense_score for h in hits if h.dense_score is not None), default=0.0)
        return Evidence(sa, hits, best, notices, only_instructions=not guarded.question)

    # -- answering -------------------------------------------------------------------------------
    def ask(self, question: str, history: History | None = None, k: int | None = None) -> Answer:
        answer = None
        for event in self.stream(question, history, k):
            if event.kind == "answer":
                answer = event.answer
        assert answer is not None
        return answer

    def stream(self, question: str, history: History | None = None, k: int | None = None) -> Iterator[Event]:
        t0 = time.perf_counter()
        q = clean_question(question, self.settings.max_question_chars)
        history = [(_CONTROL.sub("", str(a)), _CONTROL.sub("", str(b))) for a, b in (history or [])]
        state = self._state  # one snapshot for the whole answer, even if reload() happens meanwhile
        docs = state[0].docs
        ev, ex = self.extract(q, history, k, state)
        yield Event("standalone", ev.standalone.question)
        if self.should_refuse(ev, ex):
            answer = self._refusal(q, ev)
        elif self.llm is None:
            answer = self._finish(q, ev, ex.text, ex.cited, "extractive", docs)
        else:
            answer = yield from self._llm_answer(q, ev, ex, docs)
        answer.latency_ms = round((time.perf_counter() - t0) * 1000, 1)
        yield Event("answer", answer.text, answer)

    def extract(self, question: str, history: History, k: int | None = None,
                state: tuple | None = None) -> tuple[Evidence, Extract]:
        """Retrieve and pick answer sentences: the signals both answerers and the refusal rule use."""
        state = state or self._state
        ev = self.evidence(question, history, k, state)
        snapshot, _, _, extractive = state
        return ev, extractive.answer(ev.standalone.focus, ev.hits, snapshot.docs, ev.standalone.context)

    def should_refuse(self, ev: Evidence, ex: Extract) -> bool:
        """Refuse when the best passage is not similar enough or the best sentence covers too few
        of the question's terms (thresholds calibrated on out-of-scope golden questions)."""
        if not ev.hits or not ex.text or ev.only_instructions:
            return True
        missing = missing_anchors(ev.standalone.focus, [h.chunk.text for h in ev.hits])
        if missing:
            ev.notices.append("文档中未出现：" + "、".join(missing))
            return True
        return ev.best_similarity < self.settings.refusal_threshold or ex.coverage < self.settings.min_overlap

    def _finish(self, q: str, ev: Evidence, text: str, cited: list[Hit], backend: str,
                docs: dict[str, Document]) -> Answer:
        check = verify(text, cited, docs)
        notices = list(ev.notices)
        if not check.ok:
            notices.append("部分引用未通过核实，已标记。")
        return Answer(q, ev.standalone.question, text, check.citations, False, notices, ev.hits, backend)

    def _refusal(self, q: str, ev: Evidence) -> Answer:
        return Answer(q, ev.standalone.question, REFUSAL + "。以下是最接近的段落，供参考。", [], True, ev.notices,
                      ev.hits[:3], "refusal", answer_mode="refusal")

    def _llm_answer(self, q: str, ev: Evidence, ex: Extract,
                    docs: dict[str, Document]) -> Generator[Event, None, Answer]:
        answerer = LLMAnswerer(self.llm, self.settings.llm, self.settings.llm_output, self.settings.max_answer_sentences)
        run = answerer.run(ev.standalone.question, ev.hits, docs)
        while True:
            try:
                kind, text = next(run)
            except StopIteration as stop:
                out: LLMOutcome = stop.value
                break
            yield Event(kind, text)
        answer = self._llm_outcome(q, ev, ex, docs, out)
        answer.ttft_ms, answer.draft = out.ttft_ms, out.raw
        if out.error is not None:
            yield Event("notice", ev.notices[-1])
        return answer

    def _llm_outcome(self, q: str, ev: Evidence, ex: Extract, docs: dict[str, Document], out: LLMOutcome) -> Answer:
        if out.error is not None:
            log.warning("LLM failed (%s): falling back to the extractive answer", out.error)
            ev.notices.append(f"{LLMError.zh}（{type(out.error).__name__}）")
        elif out.refused:
            answer = self._refusal(q, ev)
            answer.answer_mode = out.mode
            return answer
        elif not out.text:
            ev.notices.append("大模型的回答无法通过引用核实，已改用抽取式回答。")
        if out.error is not None or not out.text:
            answer = self._finish(q, ev, ex.text, ex.cited, "extractive", docs)
            answer.answer_mode = FALLBACK
            return answer
        if out.dropped:
            ev.notices.append(f"已删除 {out.dropped} 处无法核实的内容。")
        if out.recited:
            ev.notices.append(f"已更正 {out.recited} 处引用编号（大模型标错了资料编号）。")
        answer = self._finish(q, ev, out.text, [ev.hits[n - 1] for n in out.used], f"llm:{self.settings.llm}", docs)
        answer.answer_mode = out.mode
        return answer


def open_assistant(settings: Settings, **kwargs: Any) -> Assistant:
    """Build an Assistant, turning a missing index into a clear error."""
    try:
        return Assistant(settings, **kwargs)
    except AssistantError:
        raise
