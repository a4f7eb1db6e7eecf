"""Read and chunk one file: the unit of ingestion that the local indexer and the Ray workers share."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import DocumentError
from assistant.ingest.chunking import ChineseChunker
from assistant.ingest.load import load_document
from assistant.records import Chunk, Document


@dataclass(frozen=True)
class Loaded:
    """One file read and chunked (`doc` None: `error` says why it was not), and where that ran."""

    path: Path
    doc: Document | None
    chunks: list[Chunk]
    error: str = ""
    worker: str = ""  # host:pid of the process that read it (a Ray worker when workers > 0)


def process_id() -> str:
    """host:pid of this process (tells which Ray worker did a piece of work)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def load_and_chunk(path: Path, docs_dir: Path, max_bytes: int, chunker: ChineseChunker) -> Loaded:
    """Read and chunk one file; a document that cannot be read becomes a Loaded with its error."""
    worker = process_id()
    try:
        doc = load_document(path, docs_dir, max_bytes)
    except DocumentError as exc:
        return Loaded(path, None, [], str(exc), worker)
    return Loaded(path, doc, chunker.split(doc), "", worker)
