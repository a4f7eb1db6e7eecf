"""Golden-set format: JSON Lines, one question per line (see evals/README.md)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError

TYPES = ("fact", "list", "paraphrase", "oos", "multiturn", "adversarial")
SPLITS = ("tune", "heldout")


class GoldenFormatError(AssistantError):
    zh = "评测集格式错误。"


@dataclass(frozen=True)
class GoldenQuestion:
    id: str
    type: str
    question: str
    history: list[tuple[str, str]] = field(default_factory=list)
    must: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    forbid: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def should_refuse(self) -> bool:
        """Out-of-scope questions, and injections that carry no real question, must be refused."""
        return self.type == "oos" or (self.type == "adversarial" and not self.evidence)

    @property
    def source(self) -> str:
        """The file name of the document that answers the question ("" for out-of-scope questions)."""
        return str(self.extra.get("source", "") or "")

    @property
    def split(self) -> str:
        """"tune" or "heldout": the line's `split` field, else a fixed half of the ids (by hash), so
        that sets written before splits existed are split the same way every time."""
        given = self.extra.get("split")
        if given in SPLITS:
            return str(given)
        return "tune" if hashlib.sha1(self.id.encode()).digest()[0] % 2 == 0 else "heldout"

    def refuse_given(self, indexed: set[str] | None) -> bool:
        """Must this question be refused over a library holding the files `indexed` (None: unknown)?
        A question whose source document is not indexed is out of scope there."""
        if self.should_refuse:
            return True
        return indexed is not None and bool(self.source) and self.source not in indexed


def parse_line(raw: str, lineno: int) -> GoldenQuestion:
    try:
        d = json.loads(raw)
    except ValueError as exc:
        raise GoldenFormatError(f"line {lineno}: not valid JSON ({exc})") from exc
    if not isinstance(d, dict):
        raise GoldenFormatError(f"line {lineno}: expected a JSON object")
    for key in ("id", "type", "question"):
        if not isinstance(d.get(key), str) or not d[key].strip():
            raise GoldenFormatError(f"line {lineno}: field {key!r} must be a non-empty string")
    if d["type"] not in TYPES:
        raise GoldenFormatError(f"line {lineno}: type must be one of {TYPES}, got {d['type']!r}")
    lists = {}
    for key in ("must", "evidence", "forbid"):
        value = d.get(key, [])
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise GoldenFormatError(f"line {lineno}: field {key!r} must be a list of strings")
        lists[key] = value
    history = d.get("history", []) or []
    if not isinstance(history, list) or not all(isinstance(h, list | tuple) and len(h) == 2 for h in history):
        raise GoldenFormatError(f"line {lineno}: history must be a list of [question, answer] pairs")
    if "split" in d and d["split"] not in SPLITS:
        raise GoldenFormatError(f"line {lineno}: split must be one of {SPLITS}, got {d['split']!r}")
    known = {"id", "type", "question", "history", "must", "evidence", "forbid"}
    return GoldenQuestion(d["id"], d["type"], d["question"], [(str(a), str(b)) for a, b in history],
                          lists["must"], lists["evidence"], lists["forbid"],
                          {k: v for k, v in d.items() if k not in known})


def load_golden(path: Path) -> list[GoldenQuestion]:
    """Read a golden set; a malformed line raises GoldenFormatError naming its line number."""
    out: list[GoldenQuestion] = []
    seen: set[str] = set()
    with Path(path).open(encoding="utf-8") as f:
        for lineno, raw in enumerate(f, start=1):
            if not raw.strip():
                continue
            q = parse_line(raw, lineno)
            if q.id in seen:
                raise GoldenFormatError(f"line {lineno}: duplicate id {q.id!r}")
            seen.add(q.id)
            out.append(q)
    return out
