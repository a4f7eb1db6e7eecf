"""Chat model for any OpenAI-compatible server (vLLM, Ollama, llama.cpp, DeepSeek, Qwen/DashScope).

`OpenAICompatibleChat` is `ChatOpenAI` with three changes that matter for such servers:

- it sends ``max_tokens`` (understood by every compatible server) instead of the newer
  ``max_completion_tokens`` that `ChatOpenAI` sends since langchain-openai 0.3;
- a failed request is tried ``max_retries`` more times, whatever the failure, so a request costs
  at most ``1 + max_retries`` calls: the openai client itself retries timeouts, refused
  connections, 408/409/429/5xx answers; this class adds the same retries for replies the client
  cannot parse (not JSON, broken or empty stream), as long as no text has been streamed yet;
- every failure is then raised as `LLMError` (English message, Chinese ``zh``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import openai
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant.errors import ConfigError, LLMError

if TYPE_CHECKING:
    from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
    from langchain_core.messages import BaseMessage

    from assistant.config import Settings

log = logging.getLogger(__name__)
_ZH = "大模型服务不可用，已改用抽取式回答。"
_Chat = TypeVar("_Chat", bound="OpenAICompatibleChat")
# Failures the openai client has already retried (or that retrying cannot fix, like 401/404).
_RETRIED_BY_CLIENT = (openai.APIConnectionError, openai.APIStatusError)


class _EmptyStream(ValueError):
    def __init__(self) -> None:
        super().__init__("the server streamed no text (empty answer or not an OpenAI-compatible stream)")


class OpenAICompatibleChat(ChatOpenAI):
    """`ChatOpenAI` that sends ``max_tokens``, retries unparseable replies and raises `LLMError`."""

    def _get_request_payload(self, input_: Any, *, stop: list[str] | None = None, **kwargs: Any) -> dict:
        payload = super()._get_request_payload(input_, stop=stop, **kwargs)
        if "max_completion_tokens" in payload and "max_tokens" not in payload:
            payload["max_tokens"] = payload.pop("max_completion_tokens")
        return payload

    def _give_up(self, exc: Exception, attempt: int, streamed: bool = False) -> LLMError | None:
        """The LLMError to raise for `exc`, or None to try again."""
        if isinstance(exc, LLMError):
            return exc
        if streamed or isinstance(exc, _RETRIED_BY_CLIENT) or attempt >= (self.max_retries or 0):
            return LLMError(f"LLM server {self.openai_api_base} failed: {type(exc).__name__}: {exc}", zh=_ZH)
        log.warning("LLM reply unusable (%s: %s): retrying", type(exc).__name__, exc)
        return None

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        attempt = 0
        while True:
            try:
                return super()._generate(messages, stop=stop, run_manager=run_manager, **kwargs)
            except Exception as exc:
                if (error := self._give_up(exc, attempt)) is not None:
                    raise error from exc
            attempt += 1

    def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        attempt = 0
        while True:
            streamed = False
            try:
                for chunk in super()._stream(*args, **kwargs):
                    streamed = streamed or bool(chunk.text)
                    yield chunk
                if not streamed:
                    raise _EmptyStream()
                return
            except Exception as exc:
                if (error := self._give_up(exc, attempt, streamed)) is not None:
                    raise error from exc
            attempt += 1

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        attempt = 0
        while True:
            try:
                return await super()._agenerate(messages, stop=stop, run_manager=run_manager, **kwargs)
            except Exception as exc:
                if (error := self._give_up(exc, attempt)) is not None:
                    raise error from exc
            attempt += 1

    async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
        attempt = 0
        while True:
            streamed = False
            try:
                async for chunk in super()._astream(*args, **kwargs):
                    streamed = streamed or bool(chunk.text)
                    yield chunk
                if not streamed:
                    raise _EmptyStream()
                return
            except Exception as exc:
                if (error := self._give_up(exc, attempt, streamed)) is not None:
                    raise error from exc
            attempt += 1


def openai_chat(
    base_url: str,
    model: str,
    api_key: str,
    *,
    timeout: float,
    retries: int,
    max_tokens: int,
    cls: type[_Chat] = OpenAICompatibleChat,  # type: ignore[assignment]
    extra_body: dict[str, Any] | None = None,
) -> _Chat:
    """A streaming, greedy (temperature 0) chat model for the server at `base_url` (ending in /v1)."""
    if not base_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"openai_base_url must be an http(s) URL such as http://127.0.0.1:8000/v1, got {base_url!r}",
            zh=f"OpenAI 兼容服务地址无效（应类似 http://127.0.0.1:8000/v1）：{base_url!r}",
        )
    if not model:
        raise ConfigError(
            "openai_model is empty: set ASSISTANT_OPENAI_MODEL to the served model name",
            zh="未设置模型名称：请设置 ASSISTANT_OPENAI_MODEL。",
        )
    return cls(
        base_url=base_url,
        model=model,
        api_key=SecretStr(api_key or "not-needed"),
        timeout=timeout,
        max_retries=retries,
        temperature=0,
        streaming=True,
        max_completion_tokens=max_tokens,  # alias of ChatOpenAI.max_tokens
        extra_body=extra_body,
    )


def make_openai_chat(settings: Settings) -> OpenAICompatibleChat:
    """The chat model for ``llm = "openai"``."""
    return openai_chat(
        settings.openai_base_url.rstrip("/"),
        settings.openai_model,
        settings.openai_api_key,
        timeout=settings.llm_timeout,
        retries=settings.llm_retries,
        max_tokens=settings.max_new_tokens,
    )
