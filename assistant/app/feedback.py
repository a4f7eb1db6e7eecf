"""Feedback on answers (👍/👎 and a comment) in SQLite, and export of 👎 answers as golden-set candidates.

One connection shared by all threads behind a lock; WAL journal so readers (and other processes,
e.g. an export script) never block the app. A rating on the same answer again updates its row.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id TEXT UNIQUE,
    session_id TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    question TEXT NOT NULL,
    standalone_question TEXT NOT NULL DEFAULT '',
    answer TEXT NOT NULL DEFAULT '',
    citations TEXT NOT NULL DEFAULT '[]',
    history TEXT NOT NULL DEFAULT '[]',
    rating INTEGER NOT NULL CHECK (rating IN (-1, 0, 1)),
    comment TEXT NOT NULL DEFAULT '',
    backend TEXT NOT NULL DEFAULT '',
    refused INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS feedback_rating ON feedback (rating);
"""


@dataclass
class FeedbackRow:
    id: int
    answer_id: str | None
    session_id: str
    created_at: str
    updated_at: str
    question: str
    standalone_question: str
    answer: str
    citations: list[dict[str, Any]]
    history: list[list[str]]
    rating: int
    comment: str
    backend: str
    refused: bool

    def golden(self) -> dict[str, Any]:
        """This row as a golden-set candidate (the format of evals/golden/*.jsonl)."""
        return {
            "id": f"fb-{self.id}",
            "type": "fact",
            "question": self.question,
            "history": self.history,
            "must": [],
            "evidence": [c.get("quote", "") for c in self.citations if c.get("quote")],
            "answer": self.answer,
            "comment": self.comment,
        }


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


class FeedbackStore:
    """Thread-safe feedback table in `path` (created with its folder if missing)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=30)
        self._conn.row_factory = sqlite3.Row
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA busy_timeout=30000")
            self._conn.executescript(SCHEMA)
            self._conn.commit()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> FeedbackStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def journal_mode(self) -> str:
        with self._lock:
            return str(self._conn.execute("PRAGMA journal_mode").fetchone()[0])

    def record(
        self,
        *,
        question: str,
        rating: int,
        answer: str = "",
        standalone_question: str = "",
        citations: Iterable[dict[str, Any]] = (),
        history: Iterable[Iterable[str]] = (),
        comment: str = "",
        answer_id: str | None = None,
        session_id: str = "",
        backend: str = "",
        refused: bool = False,
    ) -> int:
        """Store feedback and return its row id. With `answer_id`, feedback on the same answer updates
        the earlier row (rating, and the comment when one is given) instead of adding another."""
        if rating not in (-1, 0, 1):
            raise ValueError(f"rating must be -1, 0 or 1, got {rating!r}")
        now = _now()
        cites = json.dumps([dict(c) for c in citations], ensure_ascii=False)
        hist = json.dumps([list(pair) for pair in history], ensure_ascii=False)
        with self._lock, self._conn:
            cur = self._conn.execute(
                """INSERT INTO feedback (answer_id, session_id, created_at, updated_at, question, standalone_question,
                       answer, citations, history, rating, comment, backend, refused)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(answer_id) DO UPDATE SET
                       updated_at = excluded.updated_at, rating = excluded.rating,
                       comment = CASE WHEN excluded.comment != '' THEN excluded.comment ELSE feedback.comment END
                   RETURNING id""",
                (
                    answer_id,
                    session_id,
                    now,
                    now,
                    question,
                    standalone_question,
                    answer,
                    cites,
                    hist,
                    rating,
                    comment.strip(),
                    backend,
                    int(refused),
                ),
            )
            return int(cur.fetchone()[0])

    def get(self, row_id: int) -> FeedbackRow | None:
        with self._lock:
            row = self._conn.execute("SELECT * FROM feedback WHERE id = ?", (row_id,)).fetchone()
        return _row(row) if row else None

    def rows(self, rating: int | None = None) -> list[FeedbackRow]:
        sql, args = "SELECT * FROM feedback", []
        if rating is not None:
            sql, args = sql + " WHERE rating = ?", [rating]
        with self._lock:
            found = self._conn.execute(sql + " ORDER BY id", args).fetchall()
        return [_row(r) for r in found]

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])

    def export_golden(self, path: Path) -> int:
        """Write every 👎 answer as a golden-set candidate, one JSON object a line. Returns the count."""
        rows = self.rows(rating=-1)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r.golden(), ensure_ascii=False) + "\n")
        tmp.replace(path)
        return len(rows)


def _row(r: sqlite3.Row) -> FeedbackRow:
    return FeedbackRow(
        id=r["id"],
        answer_id=r["answer_id"],
        session_id=r["session_id"],
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        question=r["question"],
        standalone_question=r["standalone_question"],
        answer=r["answer"],
        citations=json.loads(r["citations"]),
        history=json.loads(r["history"]),
        rating=r["rating"],
        comment=r["comment"],
        backend=r["backend"],
        refused=bool(r["refused"]),
    )
