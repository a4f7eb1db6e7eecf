"""Answers per second and embedding-model calls per answer of the extractive path, sequentially, on
an existing index. Runs against whichever `assistant` package is imported, so the same script
measures an older tree (PYTHONPATH=OLD python scripts/answer_speed.py …) beside this one.

    python scripts/answer_speed.py INDEX_DIR evals/golden/seed.jsonl [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from assistant.config import Settings
from assistant.embed.models import make_embedder
from assistant.pipeline import build


class Counting:
    """Wraps an embedder and counts the texts it embeds at question time."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.calls = 0

    def __getattr__(self, name: str) -> object:
        attr = getattr(self.inner, name)
        if name.startswith("embed") and callable(attr):
            def counted(*args: object, **kw: object) -> object:
                self.calls += 1
                return attr(*args, **kw)
            return counted
        return attr


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("index", type=Path)
    ap.add_argument("golden", type=Path)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--limit", type=int, help="only the first N questions")
    args = ap.parse_args()
    settings = Settings.from_env().replace(index_dir=args.index)  # ASSISTANT_EMBEDDER=… as for `assistant`
    embedder = Counting(make_embedder(settings.embedder, settings.embed_batch_size))
    assistant = build(settings, embedder=embedder)  # type: ignore[arg-type]
    questions = [json.loads(line)["question"] for line in args.golden.read_text(encoding="utf-8").splitlines()
                 if line.strip()][: args.limit]
    for q in questions[:5]:
        assistant.ask(f"热身{q}")  # warm up on other strings, so that no measured question hits the query-vector cache
    embedder.calls = 0
    t0 = time.perf_counter()
    n = 0
    for r in range(args.rounds):
        for q in questions:
            assistant.ask(q if r == 0 else f"请问{q}")  # a new string each round: no query-vector cache hits
            n += 1
    seconds = time.perf_counter() - t0
    print(json.dumps({"answers": n, "answers_per_second": round(n / seconds, 1),
                      "model_calls_per_answer": round(embedder.calls / n, 2),
                      "load_average": os.getloadavg()[0]}))


if __name__ == "__main__":
    main()
