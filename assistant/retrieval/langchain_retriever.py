"""The hybrid retriever as a langchain `BaseRetriever`, so it composes with Runnables."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.records import Hit


class PolicyRetriever(BaseRetriever):
    """Returns langchain Documents whose metadata carries the typed `Hit` under "hit"."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    hybrid: Any  # assistant.retrieval.hybrid.HybridRetriever
    k: int = 5
    mode: str = "hybrid"

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        return [to_lc(h) for h in self.hybrid.search(query, self.k, self.mode)]


def to_lc(hit: Hit) -> LCDocument:
    c = hit.chunk
    return LCDocument(page_content=c.text, id=c.chunk_id, metadata={
        "hit": hit, "doc_id": c.doc_id, "title": hit.title, "section": c.section_path,
        "start": c.start, "end": c.end, "score": hit.score})


def hits_of(docs: list[LCDocument]) -> list[Hit]:
    return [d.metadata["hit"] for d in docs]
