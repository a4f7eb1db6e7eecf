"""Local GGUF models through llama.cpp (xllamacpp), served in-process over HTTP on 127.0.0.1.

`xllamacpp.Server` runs llama.cpp's own OpenAI-compatible server inside this process, on a free
loopback port. The chat model returned here is the same `OpenAICompatibleChat` used for remote
servers, pointed at that port, so streaming, timeouts and errors behave exactly alike. One server
is kept per model file and reused; `close()` (or `close_all()`, also run at exit) stops it.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import PrivateAttr

from assistant.answer.llm.openai_backend import OpenAICompatibleChat, openai_chat
from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.config import Settings

N_CTX = 4096
THREADS = 2
# Greedy decoding makes small models loop ("实现…现代化，实现…现代化，…"); llama.cpp's mild
# repetition penalty (last 64 tokens) stops that without changing normal answers.
REPEAT_PENALTY = 1.1

_servers: dict[Path, LlamaCppServer] = {}
_servers_lock = threading.Lock()


class LlamaCppServer:
    """llama.cpp's HTTP server for one GGUF file, running in this process on 127.0.0.1."""

    def __init__(self, model_path: Path, *, n_ctx: int = N_CTX, threads: int = THREADS) -> None:
        import xllamacpp as xlc

        params = xlc.CommonParams()
        params.model.path = str(model_path)
        params.model_alias = {model_path.stem}
        params.n_ctx = n_ctx
        params.n_parallel = 1  # one slot: the whole context for one answer at a time
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.hostnames = ["127.0.0.1"]
        params.port = 0  # a free port, read back from listening_address
        params.cache_ram_mib = 512
        params.verbosity = 0
        try:
            self._server: Any = xlc.Server(params)
        except RuntimeError as exc:
            raise ConfigError(
                f"llama.cpp could not load {model_path} (not a usable GGUF chat model?): {exc}",
                zh=f"llama.cpp 无法加载模型文件：{model_path}",
            ) from exc
        self.model_path = model_path
        self.model_name = model_path.stem
        self.address: str = self._server.listening_address

    @property
    def base_url(self) -> str:
        return self.address + "/v1"

    @property
    def running(self) -> bool:
        return self._server is not None

    def close(self) -> None:
        """Stop the server and free the model (llama.cpp stops when the object is released)."""
        self._server = None
        with _servers_lock:
            if _servers.get(self.model_path) is self:
                del _servers[self.model_path]


class LlamaCppChat(OpenAICompatibleChat):
    """Chat model talking to an in-process `LlamaCppServer`.

    `close()` stops that server, which every chat model made for the same file shares; the next
    `make_chat_model` starts a new one.
    """

    _server: LlamaCppServer | None = PrivateAttr(default=None)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None


def check_gguf(path: Path) -> Path:
    """`path` resolved, or ConfigError when it is missing or not a GGUF file."""
    if not path.is_file():
        raise ConfigError(
            f"llamacpp_model {str(path)!r} does not exist; set ASSISTANT_LLAMACPP_MODEL to a .gguf file "
            "(see docs/LOCAL_MODELS.md)",
            zh=f"本地模型文件不存在：{path}（请设置 ASSISTANT_LLAMACPP_MODEL，参见 docs/LOCAL_MODELS.md）",
        )
    with path.open("rb") as f:
        magic = f.read(4)
    if magic != b"GGUF":
        raise ConfigError(
            f"llamacpp_model {str(path)!r} is not a GGUF file",
            zh=f"本地模型文件不是 GGUF 格式：{path}",
        )
    return path.resolve()


def get_server(model_path: Path, *, n_ctx: int = N_CTX, threads: int = THREADS) -> LlamaCppServer:
    """The running server for `model_path`, started on first use (checks the file first)."""
    path = check_gguf(Path(model_path))
    with _servers_lock:
        server = _servers.get(path)
        if server is None or not server.running:
            server = LlamaCppServer(path, n_ctx=n_ctx, threads=threads)
            _servers[path] = server
        return server


def close_all() -> None:
    """Stop every llama.cpp server started by this process."""
    with _servers_lock:
        servers = list(_servers.values())
    for server in servers:
        server.close()


atexit.register(close_all)


def resolve_model_path(settings: Settings) -> Path:
    """`settings.llamacpp_model`: a .gguf path, or the name of a model installed from PyPI
    (qwen2.5-coder-0.5b, the default when empty, or qwen2.5-coder-1.5b)."""
    from assistant.answer.llm.gguf import DEFAULT, MODELS, find_gguf

    choice = settings.llamacpp_model.strip()
    if choice and choice not in MODELS:
        return Path(choice).expanduser()
    model = MODELS.get(choice, DEFAULT)
    found = find_gguf(settings.data_dir, model)
    if found is None:
        raise ConfigError(
            f"llm is 'llamacpp' but the model {model.name} is not installed: set ASSISTANT_LLAMACPP_MODEL to a "
            f".gguf file, or install it with: pip install {' '.join(model.pip_requirements)}",
            zh=f"未安装本地模型 {model.name}：请设置 ASSISTANT_LLAMACPP_MODEL，或按 docs/LOCAL_MODELS.md 安装模型包。",
        )
    return found


def make_llamacpp_chat(settings: Settings) -> LlamaCppChat:
    """The chat model for ``llm = "llamacpp"``: starts (or reuses) the server for the model file."""
    server = get_server(resolve_model_path(settings), threads=settings.llamacpp_threads)
    chat = openai_chat(
        server.base_url,
        server.model_name,
        "not-needed",
        timeout=settings.llm_timeout,
        retries=settings.llm_retries,
        max_tokens=settings.max_new_tokens,
        cls=LlamaCppChat,
        extra_body={"repeat_penalty": REPEAT_PENALTY},
    )
    chat._server = server
    return chat
