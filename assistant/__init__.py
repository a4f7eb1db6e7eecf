"""Cited question answering over Chinese reform and policy documents.

Pipeline, one module (or sub-package) per stage:
load -> chunk -> embed -> index -> retrieve -> answer -> cite -> evaluate -> serve.
"""

from assistant.config import Settings
from assistant.records import Answer, Chunk, Citation, Document, Hit

__all__ = ["Answer", "Chunk", "Citation", "Document", "Hit", "Settings"]
__version__ = "0.1.0"
