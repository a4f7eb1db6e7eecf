"""`TransformersChat`: a LangChain chat model over a local Hugging Face model folder.

Loads AutoModelForCausalLM + AutoTokenizer from a folder (never from the hub), builds the prompt
with the tokenizer's chat template (else plain ``role: content`` lines), decodes greedily and
streams text through `TextIteratorStreamer` while `generate` runs in a worker thread. The model
is loaded on first use; one generation runs at a time per instance.

Why not langchain-huggingface's `ChatHuggingFace(llm=HuggingFacePipeline(...))` (checked with 1.2.3,
transformers 5.24, the tiny Llama of tests/test_llm_backends.py, 2026-11-30):
- it pins huggingface-hub<2, so installing it would downgrade the hub that transformers 5 and
  sentence-transformers 6 resolve to (2.4 here);
- `invoke(..., stop=["。"])` ignores the stop strings (the answer runs on past them), and by
  default the reply repeats the whole prompt (`return_full_text` must be turned off);
- its failures are raw transformers exceptions, not an `LLMError` with Chinese text.
Streaming did work. Revisit when it accepts huggingface-hub 2.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from assistant.errors import ConfigError, LLMError

if TYPE_CHECKING:
    from langchain_core.callbacks import CallbackManagerForLLMRun

    from assistant.config import Settings

_ROLES = {"human": "user", "ai": "assistant", "system": "system", "tool": "tool", "function": "tool"}
_ZH = "本地模型生成失败，已改用抽取式回答。"


def to_dicts(messages: list[BaseMessage]) -> list[dict[str, str]]:
    """LangChain messages as ``{"role", "content"}`` dicts (roles user/assistant/system/tool)."""
    return [{"role": _ROLES.get(m.type, m.type), "content": m.text} for m in messages]


def plain_prompt(messages: list[dict[str, str]]) -> str:
    """Fallback prompt for tokenizers without a chat template."""
    lines = [f"{m['role']}: {m['content']}" for m in messages]
    return "\n".join([*lines, "assistant:"])


class _StopFilter:
    """Cuts streamed text at the first stop string, holding back text that may begin one."""

    def __init__(self, stops: list[str]) -> None:
        self.stops = [s for s in stops if s]
        self.buffer = ""
        self.stopped = False

    def feed(self, text: str) -> str:
        if self.stopped:
            return ""
        self.buffer += text
        cuts = [i for i in (self.buffer.find(s) for s in self.stops) if i >= 0]
        if cuts:
            self.stopped = True
            out, self.buffer = self.buffer[: min(cuts)], ""
            return out
        hold = max(
            (k for s in self.stops for k in range(1, len(s)) if self.buffer.endswith(s[:k])), default=0
        )
        out, self.buffer = self.buffer[: len(self.buffer) - hold], self.buffer[len(self.buffer) - hold :]
        return out

    def flush(self) -> str:
        out, self.buffer = ("" if self.stopped else self.buffer), ""
        return out


class TransformersChat(BaseChatModel):
    """Greedy chat model over a local Hugging Face causal-LM folder; `_stream` yields text pieces."""

    model_path: str
    max_new_tokens: int = 512
    device: str | None = None  # None: cuda when available, else cpu
    stream_timeout: float = 600.0  # seconds to wait for the next piece of text

    _model: Any = PrivateAttr(default=None)
    _tokenizer: Any = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)  # one generation at a time
    _load_lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @classmethod
    def from_settings(cls, settings: Settings) -> TransformersChat:
        folder = Path(settings.transformers_model).expanduser() if settings.transformers_model else None
        if folder is None or not (folder / "config.json").is_file():
            raise ConfigError(
                f"transformers_model must be a local Hugging Face model folder with a config.json, "
                f"got {settings.transformers_model!r} (set ASSISTANT_TRANSFORMERS_MODEL)",
                zh="本地模型目录无效：请将 ASSISTANT_TRANSFORMERS_MODEL 设为包含 config.json 的模型文件夹。",
            )
        return cls(model_path=str(folder), max_new_tokens=settings.max_new_tokens)

    @property
    def _llm_type(self) -> str:
        return "transformers"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "max_new_tokens": self.max_new_tokens}

    def load(self) -> None:
        """Load tokenizer and model (idempotent); ConfigError if the folder can't be loaded."""
        with self._load_lock:
            if self._model is None:
                self._load()

    def _load(self) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        try:
            tokenizer = AutoTokenizer.from_pretrained(self.model_path, local_files_only=True)
            model = AutoModelForCausalLM.from_pretrained(
                self.model_path,
                local_files_only=True,
                dtype="auto" if device.startswith("cuda") else torch.float32,
            )
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"cannot load a causal language model from {self.model_path}: {exc}",
                zh=f"无法加载本地模型：{self.model_path}",
            ) from exc
        self._tokenizer = tokenizer
        self._model = model.to(device).eval()  # type: ignore[arg-type]

    def build_prompt(self, messages: list[BaseMessage]) -> str:
        """The text given to the model: chat template with generation prompt, or plain lines."""
        self.load()
        dicts = to_dicts(messages)
        if getattr(self._tokenizer, "chat_template", None):
            return str(self._tokenizer.apply_chat_template(dicts, tokenize=False, add_generation_prompt=True))
        return plain_prompt(dicts)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(c.text for c in self._stream(messages, stop=stop, run_manager=run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        from transformers import TextIteratorStreamer

        prompt = self.build_prompt(messages)
        tok, model = self._tokenizer, self._model
        inputs = tok(prompt, return_tensors="pt", add_special_tokens=False).to(model.device)
        streamer = TextIteratorStreamer(
            tok, skip_prompt=True, timeout=self.stream_timeout, skip_special_tokens=True
        )
        cancel = threading.Event()
        errors: list[BaseException] = []
        gen_kwargs = {
            **inputs,
            "streamer": streamer,
            "max_new_tokens": int(kwargs.get("max_new_tokens", self.max_new_tokens)),
            "do_sample": False,
            "temperature": None,
            "top_p": None,
            "top_k": None,
            "pad_token_id": tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id,
            "stopping_criteria": _cancel_criteria(cancel),
        }

        def run() -> None:
            try:
                model.generate(**gen_kwargs)
            except BaseException as exc:  # reported to the consumer below
                errors.append(exc)
                streamer.end()

        stops = _StopFilter(stop or [])
        with self._lock:
            worker = threading.Thread(target=run, name="transformers-generate", daemon=True)
            worker.start()
            try:
                for piece in streamer:
                    if text := stops.feed(piece):
                        yield self._chunk(text, run_manager)
                    if stops.stopped:
                        break
                if tail := stops.flush():
                    yield self._chunk(tail, run_manager)
            except queue.Empty as exc:
                raise LLMError(
                    f"local model produced no text for {self.stream_timeout:.0f} s", zh=_ZH
                ) from exc
            finally:
                cancel.set()
                worker.join()
        if errors:
            raise LLMError(f"local model generation failed: {errors[0]}", zh=_ZH) from errors[0]

    @staticmethod
    def _chunk(text: str, run_manager: CallbackManagerForLLMRun | None) -> ChatGenerationChunk:
        chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
        if run_manager:
            run_manager.on_llm_new_token(text, chunk=chunk)
        return chunk


def _cancel_criteria(event: threading.Event) -> Any:
    """A StoppingCriteriaList that ends generation once `event` is set (consumer stopped reading)."""
    import torch
    from transformers import StoppingCriteria, StoppingCriteriaList

    class _Cancel(StoppingCriteria):
        def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
            return torch.full(
                (input_ids.shape[0],), event.is_set(), dtype=torch.bool, device=input_ids.device
            )

    return StoppingCriteriaList([_Cancel()])


def make_transformers_chat(settings: Settings) -> TransformersChat:
    """The chat model for ``llm = "transformers"`` (loads the model now, so errors show early)."""
    chat = TransformersChat.from_settings(settings)
    chat.load()
    return chat
