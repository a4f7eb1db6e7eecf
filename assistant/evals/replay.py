"""Re-score recorded LLM replies without the LLM (`assistant eval … --replay RUN.partial.jsonl`).

An LLM run records, per question, the standalone question and the model's raw reply (``draft``).
Decoding is greedy, so asking again with the same prompt gives the same reply: `ReplayChat` answers
the answer prompt with the recorded reply for that question, and the condense prompt with the
recorded standalone question. The rest of the pipeline (retrieval, parsing, verification) runs as
it is now, so a change to the parser or the verifier can be measured on the replies of a long run.
Timings are not replayed: the recorded ones are carried over.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.answer.prompts import CONDENSE_SYSTEM
from assistant.evals.metrics import QuestionResult


def load_run(path: Path) -> dict[str, dict[str, Any]]:
    """Results by question id, from a ``.partial.jsonl`` file or a report's JSON."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        rows = json.loads(text)["results"]
    return {r["id"]: r for r in rows}


class ReplayChat(BaseChatModel):
    """A chat model that answers with replies recorded in an earlier run."""

    replies: dict[str, str]  # standalone question -> the recorded raw reply
    condensed: dict[str, str]  # follow-up question -> the recorded standalone question
    extra_body: dict[str, Any] | None = None  # present so that the structured path is taken, as it was
    backend: str = "llamacpp"  # the backend that wrote the replies: it decides structured or free text

    @property
    def _llm_type(self) -> str:
        return self.backend  # what `backend_name` reports for a model it does not know

    def _reply(self, messages: list[BaseMessage]) -> str:
        last = str(messages[-1].content)
        if str(messages[0].content) == CONDENSE_SYSTEM:
            for question, standalone in self.condensed.items():
                if question in last:
                    return standalone
            return ""
        question = last.rpartition("【问题】\n")[2].strip()
        return self.replies.get(question, "")

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        from langchain_core.messages import AIMessage

        return ChatResult(generations=[ChatGeneration(message=AIMessage(self._reply(messages)))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        reply = self._reply(messages)
        if not reply:
            raise ValueError("no recorded reply for this prompt")
        yield ChatGenerationChunk(message=AIMessageChunk(content=reply))


def replay_chat(run: dict[str, dict[str, Any]]) -> ReplayChat:
    """A chat model replaying `run`, posing as the backend that wrote it (``llm:llamacpp`` answers)."""
    backends = {b.removeprefix("llm:") for r in run.values() if (b := r.get("backend", "")).startswith("llm:")}
    return ReplayChat(replies={r["standalone"]: r.get("draft", "") for r in run.values()},
                      condensed={r["question"]: r["standalone"] for r in run.values()},
                      backend=backends.pop() if len(backends) == 1 else "llamacpp")


def carry_timings(results: list[QuestionResult], run: dict[str, dict[str, Any]]) -> None:
    """Put the recorded run's timings on the replayed results (the replay itself takes no time)."""
    for result in results:
        recorded = run.get(result.id, {})
        result.latency_ms = recorded.get("latency_ms", result.latency_ms)
        result.ttft_ms = recorded.get("ttft_ms")
