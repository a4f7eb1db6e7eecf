"""Helpers for study items: section filters and display text. The sentences themselves come from
assistant.ingest.sentences (re-exported here for the study modules)."""

from __future__ import annotations

import re

from assistant.ingest.sentences import CLAUSE_SEP, Sentence, SourceSentence, doc_sentences

__all__ = ["CLAUSE_SEP", "Sentence", "SourceSentence", "display", "doc_sentences", "in_section"]
_WS = re.compile(r"\s+")


def in_section(sentence_section: str, wanted: str | None) -> bool:
    """True when no filter is given or the filter is a substring of the section path."""
    return not wanted or wanted.strip() in sentence_section


def display(text: str) -> str:
    """Text for display: layout line breaks inside a sentence removed, runs of spaces collapsed."""
    return _WS.sub(" ", re.sub(r"\s*\n\s*", "", text)).strip()
