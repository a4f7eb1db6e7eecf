"""Query expansion for the keyword side of retrieval: the defining words of the library's own
jargon (`glossary.py`, “33618”) and the official terms of the public's everyday words
(`text/lay_terms.py`: 养老钱 -> 基本养老金). Each is a setting; evals/README.md measures both."""

from __future__ import annotations

from collections.abc import Callable

from assistant.text.lay_terms import official_terms
from assistant.text.normalize import norm


def lay_expand(query: str) -> str:
    """The query plus the official terms of its lay phrases that it does not already hold."""
    q = norm(query)
    extra = list(dict.fromkeys(o for _, _, terms in official_terms(query) for o in terms if o not in q))
    return f"{query} {' '.join(extra)}" if extra else query


def chain(*steps: Callable[[str], str] | None) -> Callable[[str], str] | None:
    """One expansion applying `steps` in order (None ones skipped); None when there are none."""
    kept = [s for s in steps if s is not None]
    if not kept:
        return None

    def expand(query: str) -> str:
        for step in kept:
            query = step(query)
        return query

    return expand
