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

from assistant.answer.prompts import (
    ANSWER_PROMPT,
    REFUSAL,
    STRUCTURED_PROMPT,
    claims_schema,
    format_passages,
    leaks_system_prompt,
)
from assistant.cite.claims import Claim, claim_text, parse_claims
from assistant.cite.verify import locate_quote, renumber, verify_claims
from assistant.errors import LLMError
from assistant.records import Document, Hit

log = logging.getLogger(__name__)
STRUCTURED = "structured"
FREE_TEXT = "free-text"
FALLBACK = "extractive-fallback"
_STRUCTURED_BACKENDS = ("openai", "llamacpp")
RECITE_SUPPORT = 0.7  # share of a claim's character bigrams a passage must hold to take over its citation
# The "text" values of a (possibly unfinished) JSON reply, for showing the draft while it streams.
_JSON_TEXT = re.compile(r'"text"\s*:\s*"((?:[^"\\]|\\.)*)("?)')
Events = Generator[tuple[str, str], None, "LLMOutcome"]


@dataclass
class LLMOutcome:
    mode: str  # STRUCTURED or FREE_TEXT: how the reply was asked for and read
    raw: str = ""
    claims: list[Claim] = field(default_factory=list)
    text: str = ""  # the verified claims, markers renumbered 1..len(used)
    used: list[int] = field(default_factory=list)  # passage numbers (1-based, as given) behind `text`
    dropped: int = 0  # claims left out because they did not verify
    recited: int = 0  # claims whose passage number was wrong and was corrected (see `_recite`)
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
    """Small models often cite the wrong one of the given passages. A claim that failed only because
    its passage does not support it is re-cited to the given passage that does, when one supports it
    clearly (RECITE_SUPPORT) and holds its numbers; the claim is then verified as usual. Markers that
    point at no given passage, and prompt leaks, are never repaired. Returns how many were re-cited."""
    fixed = 0
    for claim in claims:
        if (not claim.problems or not claim.text or leaks_system_prompt(claim.text)
                or any(not 1 <= n <= len(hits) for n in claim.markers)):
            continue
        for n in sorted(range(1, len(hits) + 1), key=lambda n: -_support(claim.text, hits[n - 1], docs)):
            trial = verify_claims([Claim(claim.text, [n])], hits, docs, min_support=RECITE_SUPPORT).claims[0]
            if not trial.problems:
                claim.markers, claim.problems = trial.markers, []
                fixed += 1
            break
    return fixed


def _support(text: str, hit: Hit, docs: dict[str, Document]) -> float:
    doc = docs.get(hit.chunk.doc_id)
    return locate_quote(text, hit, doc)[2] if doc is not None else 0.0


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
        kept = [c for c in out.claims if not c.problems and c.text and not leaks_system_prompt(c.text)]
        out.dropped = len([c for c in out.claims if c.text]) - len(kept)
        if kept:
            out.used = sorted({n for c in kept for n in c.markers})
            out.text = renumber("".join(_closed(c.text) + "".join(f"[{n}]" for n in c.markers) for c in kept),
                                out.used)
        return out
