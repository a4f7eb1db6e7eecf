"""Warm query latency by corpus size: retrieval alone (`Assistant.search`, i.e. HybridRetriever.search
with the production query expansion) and a full extractive answer (`Assistant.ask`), alternated
question by question over the golden questions, after warm-up questions."""

from __future__ import annotations

import time
from typing import Any

from assistant.bench.machine import loadavg
from assistant.bench.memory import rss_mb
from assistant.bench.stats import summarize_ms
from assistant.bench.synthetic import Corpus, to_snapshot
from assistant.config import Settings
from assistant.embed.models import Embedder
from assistant.evals.golden import GoldenQuestion
from assistant.index.store import IndexSnapshot
from assistant.pipeline import Assistant, build

WARMUP = 5


def open_assistant(
    corpus: Corpus, settings: Settings, embedder: Embedder
) -> tuple[Assistant, dict[str, float]]:
    """An extractive Assistant over an in-memory index of the corpus, with its build times."""
    snapshot = to_snapshot(corpus, embedder.model_id, settings)
    t0 = time.perf_counter()
    assistant = build(settings.replace(llm="none"), embedder=embedder, snapshot=snapshot)
    corpus.timings["assistant_open_s"] = round(time.perf_counter() - t0, 3)
    return assistant, dict(corpus.timings)


def measure(assistant: Assistant, questions: list[GoldenQuestion], warmup: int = WARMUP) -> dict[str, Any]:
    """Latency of search and ask for each question (each question once, search then ask)."""
    for q in questions[:warmup]:
        assistant.search(q.question)
        assistant.ask(q.question, list(q.history))
    search_s: list[float] = []
    ask_s: list[float] = []
    refused = 0
    load_before = loadavg()
    for q in questions:
        t0 = time.perf_counter()
        assistant.search(q.question)
        t1 = time.perf_counter()
        answer = assistant.ask(q.question, list(q.history))
        t2 = time.perf_counter()
        search_s.append(t1 - t0)
        ask_s.append(t2 - t1)
        refused += answer.refused
    return {
        "questions": len(questions),
        "warmup": min(warmup, len(questions)),
        "retrieval": summarize_ms(search_s),
        "answer": summarize_ms(ask_s),
        "refused": refused,
        "loadavg_before": load_before,
        "loadavg_after": loadavg(),
    }


def run_size(
    corpus: Corpus,
    settings: Settings,
    embedder: Embedder,
    questions: list[GoldenQuestion],
    warmup: int = WARMUP,
) -> tuple[dict[str, Any], IndexSnapshot]:
    """Latencies at the corpus's size, and the in-memory index they were measured on."""
    assistant, timings = open_assistant(corpus, settings, embedder)
    result = measure(assistant, questions, warmup)
    row = {
        "size": len(corpus),
        "real_chunks": corpus.real,
        "synthetic_chunks": corpus.synthetic,
        "synthetic_vectors": corpus.synthetic > 0,
        "documents": len(corpus.docs),
        "vector_store": assistant.snapshot.vectors.kind,
        "build_s": timings,
        "rss_mb": rss_mb(),
        **result,
    }
    return row, assistant.snapshot
