"""Child spans of a chunk, for parent–child ("small-to-big") dense retrieval: the dense side
matches small units (a sentence group, one article) and scores each chunk by its best child, while
the chunk itself, with its exact offsets, stays what is returned and cited.

A chunk is cut into sentences (。！？；…, short lines, blank lines; `sentence_spans`), and
consecutive sentences are merged while the group stays within `max_chars`. A numbered article,
chapter or part (第X条, 第X章, 第X节, 第X部分, 第X编) always starts a new child, so one child never holds
the end of one article and the start of the next. Every child satisfies
`chunk.text[a:b] == child text`, in chunk-relative offsets.
"""

from __future__ import annotations

import re

from assistant.ingest.chunking import CN_NUM
from assistant.records import Chunk
from assistant.text.sentences import sentence_spans

# What starts a new unit of meaning in law and policy text: an article, a chapter or part.
_ITEM_START = re.compile(rf"第[{CN_NUM}\d]+[条章节部分编]")
CHILD_CHARS = 150


def child_spans(text: str, max_chars: int = CHILD_CHARS) -> list[tuple[int, int]]:
    """Sentence groups of at most `max_chars` characters (a longer sentence stays whole), never
    running across the start of an article, chapter or part; offsets into `text`."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be >= 1, got {max_chars}")
    out: list[tuple[int, int]] = []
    for a, b in sentence_spans(text, 0, len(text)):
        starts_item = _ITEM_START.match(text, a) is not None
        if out and not starts_item and b - out[-1][0] <= max_chars:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def children(chunk: Chunk, max_chars: int = CHILD_CHARS) -> list[Chunk]:
    """The chunk's children as chunks of the same document (document offsets, the parent's section).
    A chunk that is a single child has itself as its only child."""
    spans = child_spans(chunk.text, max_chars)
    if len(spans) <= 1:
        return [chunk]
    return [Chunk(f"{chunk.chunk_id}:{a}", chunk.doc_id, chunk.text[a:b], chunk.start + a, chunk.start + b,
                  chunk.section) for a, b in spans]
