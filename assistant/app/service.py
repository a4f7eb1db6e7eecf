"""What the UI talks to: the Assistant, the chat models, the index, the documents folder and the feedback store.

Indexing runs under its own lock, by default in a worker process at lower CPU priority
(assistant/index/worker.py), so chat requests keep being answered from the current snapshot, on
their own cores, while a new generation is written; `reload()` then swaps it in.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.answer.llm import make_chat_model
from assistant.app.documents import DocumentLibrary
from assistant.app.feedback import FeedbackStore
from assistant.config import LLM_BACKENDS, Settings
from assistant.embed.models import Embedder, make_embedder
from assistant.errors import AssistantError, IndexMissingError, LLMError
from assistant.index.indexer import IndexReport
from assistant.index.worker import WorkerRun, run_index
from assistant.pipeline import Assistant, build

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)
Progress = Callable[[int, int, str], None]
LLM_RETRY_SECONDS = 30.0


class AppService:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder = embedder or make_embedder(settings.embedder, settings.embed_batch_size)
        self.data_dir = Path(settings.data_dir)
        self.exports_dir = self.data_dir / "exports"
        self.exports_dir.mkdir(parents=True, exist_ok=True)
        self.feedback = FeedbackStore(self.data_dir / "feedback.sqlite")
        self.library = DocumentLibrary(Path(settings.docs_dir), self.data_dir, settings.max_doc_bytes)
        self._assistant: Assistant | None = None
        self._chat_models: dict[str, BaseChatModel] = {}
        self._llm_failures: dict[str, tuple[float, str]] = {}
        self._guard = threading.Lock()  # the assistant and the chat models
        self._index_guard = threading.Lock()  # one indexing run at a time in this process
        self._index_embedder: Embedder | None = None
        self._worker: WorkerRun | None = None
        self.open_error: AssistantError | None = None

    # -- index -----------------------------------------------------------------------------------
    def index(
        self, progress: Progress | None = None, rebuild: bool = False, embedder: Embedder | None = None
    ) -> IndexReport:
        """Bring the index in line with the documents folder (incremental). Does not reload.
        Without `embedder`, runs in a worker process (settings.index_in_worker) or on a second model instance."""
        with self._index_guard:
            if embedder is None and self.settings.index_in_worker:
                self._worker = WorkerRun(self.settings, rebuild)
                try:
                    return self._worker.run(progress)
                finally:
                    self._worker = None
            if embedder is None:
                if self._index_embedder is None:
                    # A separate model instance: queries (on self.embedder) never wait for indexing.
                    self._index_embedder = make_embedder(
                        self.settings.embedder, self.settings.embed_batch_size
                    )
                embedder = self._index_embedder
            return run_index(self.settings, embedder, rebuild, progress)

    def stop_indexing(self) -> None:
        """Kill a running indexing worker: its run fails with IndexWriteError and the live index stays."""
        worker = self._worker
        if worker is not None:
            worker.stop()

    def start(self, progress: Progress | None = None) -> IndexReport:
        """At startup: build or update the index (fast when nothing changed), then open it."""
        report = self.index(progress, embedder=self.embedder)
        self.reload()
        return report

    def reload(self) -> None:
        """Switch the assistant to the live index generation (in-flight answers finish on the old one)."""
        with self._guard:
            if self._assistant is not None:
                self._assistant.reload()
                return
            try:
                self._assistant = build(self.settings.replace(llm="none"), embedder=self.embedder)
                self.open_error = None
            except AssistantError as exc:
                log.warning("cannot open the index: %s", exc)
                self.open_error = exc

    def manifest(self) -> dict[str, Any]:
        return self._assistant.snapshot.manifest if self._assistant is not None else {"documents": {}}

    # -- answering -------------------------------------------------------------------------------
    @property
    def assistant(self) -> Assistant:
        """The one Assistant (raises when no index could be opened)."""
        if self._assistant is None:
            raise self.open_error or IndexMissingError("no index", zh="索引尚未建立，请先在「文档」页添加文档。")
        return self._assistant

    def chat_model_for(self, llm: str | None) -> tuple[BaseChatModel | None, list[str]]:
        """The chat model for a backend (None: extractive), and notices: a backend that cannot start
        is reported and the answer is extractive; it is retried after LLM_RETRY_SECONDS."""
        llm = llm if llm in LLM_BACKENDS else self.settings.llm
        if llm == "none":
            return None, []
        with self._guard:
            if llm in self._chat_models:
                return self._chat_models[llm], []
            failed = self._llm_failures.get(llm)
            if failed and time.monotonic() - failed[0] < LLM_RETRY_SECONDS:
                return None, [failed[1]]
        try:
            model = make_chat_model(self.settings.replace(llm=llm))  # a missing model file or package fails here
        except Exception as exc:  # any backend failure: answer extractively instead
            log.warning("LLM backend %s unavailable: %s", llm, exc)
            reason = getattr(exc, "zh", "") if isinstance(exc, AssistantError) else type(exc).__name__
            notice = f"{LLMError.zh}（{reason or type(exc).__name__}）"
            with self._guard:
                self._llm_failures[llm] = (time.monotonic(), notice)
            return None, [notice]
        with self._guard:
            self._llm_failures.pop(llm, None)
            return self._chat_models.setdefault(llm, model), []

    def assistant_for(self, llm: str | None) -> tuple[Assistant, BaseChatModel | None, list[str]]:
        """The assistant, the chat model chosen for this answer, and notices about that choice."""
        assistant = self.assistant
        model, notices = self.chat_model_for(llm)
        return assistant, model, notices

    def close(self) -> None:
        self.stop_indexing()
        self.feedback.close()
