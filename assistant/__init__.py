"""Cited question answering over Chinese reform and policy documents.

Stage packages, in pipeline order: ingest (load, chunk) -> embed -> index -> retrieval -> answer -> cite,
with text helpers; `pipeline.Assistant` composes them (`pipeline.build(settings)`). The layers
app, evals, study and bench sit above this core. See README.md, "Architecture".
"""

from assistant.config import Settings
from assistant.records import Answer, Chunk, Citation, Document, Hit

__all__ = ["Answer", "Chunk", "Citation", "Document", "Hit", "Settings"]
__version__ = "0.1.0"
