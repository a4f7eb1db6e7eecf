"""`assistant eval GOLDEN.jsonl …` and `assistant eval --squad FILE`."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assistant.config import LLM_BACKENDS, Settings
from assistant.errors import ConfigError, UsageError


def register(sub: Any):
    p = sub.add_parser("eval", help="run a golden set (or --squad FILE) and write JSON, Markdown and HTML reports")
    p.add_argument("golden", nargs="?", type=Path, help="golden set (JSON Lines)")
    p.add_argument("--docs", dest="doc_dirs", type=Path, action="append",
                   help="documents folder (repeatable; default documents/)")
    p.add_argument("--index", type=Path, help="index folder (default: a cached one under evals/runs/)")
    p.add_argument("--embedder")
    p.add_argument("--llm", choices=LLM_BACKENDS)
    p.add_argument("-k", type=int, help="passages given to the answerer (default 5)")
    p.add_argument("--out", type=Path, default=Path("evals/reports"))
    p.add_argument("--name", help="report name (default: golden file stem, or squad)")
    p.add_argument("--baseline", type=Path, help="an earlier report JSON to compare with")
    p.add_argument("--squad", type=Path, help="SQuAD-format file: measure retrieval hit@k and MRR per mode")
    p.add_argument("--limit", type=int, help="only the first N questions (squad; with --lecoqa: train questions)")
    p.add_argument("--lecoqa", type=Path, help="lecoqa folder: retrieval ablation (variants of document-aware "
                   "retrieval) on its train and test splits; with a golden set and/or --squad, those too")
    p.add_argument("--ablation", action="store_true",
                   help="retrieval ablation over the golden set (with --docs) and/or --squad, without lecoqa")
    p.add_argument("--passages", type=int, help="with --lecoqa and --squad: only the first N passages of the squad set")
    p.add_argument("--naive", action="store_true",
                   help="with --lecoqa/--ablation: add the naive baseline (300-character windows, BM25 + dense)")
    p.add_argument("--variant", action="append", default=[], metavar="TEXT",
                   help="with --lecoqa/--ablation: only the variants whose name contains TEXT (repeatable)")
    p.add_argument("--cached-only", action="store_true",
                   help="with --lecoqa: use only documents whose chunks are already in the embedding cache")
    p.add_argument("--cache", type=Path, default=Path("evals/runs/bench-embeddings.sqlite"),
                   help="with --lecoqa: the persistent embedding cache (chunks are embedded once)")
    p.add_argument("--ids", type=Path, help="only the questions whose ids this file lists, one a line "
                   "(e.g. evals/golden/llm_subset.txt, the fixed 30-question subset for LLM runs)")
    p.add_argument("--replay", type=Path, help="re-score the LLM replies recorded by an earlier run (its "
                   ".partial.jsonl or report JSON) instead of asking the LLM; only its questions are run")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help="override a setting, e.g. --set chunk_size=300 --set bm25_weight=0.5")
    return run


def _overrides(pairs: list[str]) -> dict[str, str]:
    """FIELD=VALUE pairs; `Settings.replace` parses the values and rejects unknown fields (ConfigError)."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise ConfigError(f"--set needs FIELD=VALUE, got {pair!r}", zh=f"--set 的格式应为 字段=值：{pair!r}")
        out[key.strip()] = value
    return out


def run(args: argparse.Namespace, settings: Settings) -> int:
    settings = settings.replace(**_overrides(args.set))
    if args.lecoqa or args.ablation:
        return _run_ablation(args, settings)
    if args.squad:
        return _run_squad(args, settings)
    if args.golden is None:
        raise UsageError("give a golden set file or --squad FILE", zh="请给出黄金集文件或 --squad 文件。")
    from assistant.evals.golden import load_golden
    from assistant.evals.metrics import aggregate, aggregate_splits
    from assistant.evals.report import build_report, write_reports
    from assistant.evals.runner import prepare, run_questions
    from assistant.pipeline import answer_check_for, build

    questions = load_golden(args.golden)
    if args.ids:
        wanted = {line.strip() for line in args.ids.read_text(encoding="utf-8").splitlines()
                  if line.strip() and not line.startswith("#")}
        questions = [q for q in questions if q.id in wanted]
    settings, embedder = prepare(settings, args.doc_dirs or [Path("documents")], args.index)
    name = args.name or args.golden.stem
    if args.replay:
        from assistant.evals.replay import carry_timings, load_run, replay_chat

        run = load_run(args.replay)
        questions = [q for q in questions if q.id in run]
        results = run_questions(build(settings, embedder=embedder, chat_model=replay_chat(run)), questions)
        carry_timings(results, run)
    else:
        results = run_questions(build(settings, embedder=embedder), questions,
                                progress=args.out / f"{name}.partial.jsonl" if settings.llm != "none" else None)
    metrics = aggregate(results)
    baseline = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else None
    config = {"golden": str(args.golden), "docs": [str(d) for d in args.doc_dirs or ["documents"]], "llm": settings.llm, "llm_output": settings.llm_output,
              "llamacpp_model": settings.llamacpp_model, "ids": str(args.ids) if args.ids else None,
              "replay": str(args.replay) if args.replay else None,
              "embedder": settings.embedder, "store": f"{settings.store_spec.kind}:{settings.store_spec.location}",
              "top_k": settings.top_k, "chunk_size": settings.chunk_size,
              "chunk_overlap": settings.chunk_overlap, "bm25_weight": settings.bm25_weight,
              "dense_weight": settings.dense_weight, "refusal_threshold": settings.refusal_threshold,
              "min_overlap": settings.min_overlap, "answer_check": answer_check_for(settings) is not None,
              "answer_floor": settings.answer_floor}
    report = build_report(name, metrics, results, config, baseline)
    report["by_split"] = aggregate_splits(results)
    paths = write_reports(report, args.out)
    print(json.dumps(metrics, ensure_ascii=False))
    for split, figures in report["by_split"].items():
        print(f"{split}: " + json.dumps(figures, ensure_ascii=False))
    comp = report.get("comparison")
    if comp:
        print(f"regressions: {len(comp['regressions'])}, improvements: {len(comp['improvements'])}")
    print("reports: " + ", ".join(str(p) for p in paths.values()))
    return 0


def _run_squad(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.embed.models import make_embedder
    from assistant.evals.squad import run_squad, squad_markdown

    embedder = make_embedder(settings.embedder, settings.embed_batch_size)
    result = run_squad(args.squad, settings, embedder, Path("evals/runs/squad-cache.sqlite"), args.limit)
    result["config"] = {"chunk_size": settings.chunk_size, "chunk_overlap": settings.chunk_overlap,
                        "bm25_weight": settings.bm25_weight, "dense_weight": settings.dense_weight,
                        "embedder": embedder.model_id}
    _write(args.out, args.name or "cmrc2018", result, squad_markdown(result))
    return 0


def _write(out: Path, name: str, result: dict[str, Any], markdown: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / f"{name}.md").write_text(markdown, encoding="utf-8")
    print(markdown)


def _run_ablation(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.embed.models import make_embedder
    from assistant.evals.retrieval_bench import (
        ablation_variants,
        bench_markdown,
        load_golden_library,
        load_lecoqa,
        load_squad_library,
        run_bench,
    )

    libs = [load_lecoqa(args.lecoqa, args.limit)] if args.lecoqa else []
    if args.golden:
        libs.append(load_golden_library(args.golden, args.doc_dirs or [Path("documents")]))
    if args.squad:
        libs.append(load_squad_library(args.squad, args.passages))
    variants = {name: over for name, over in ablation_variants().items()
                if not args.variant or any(v in name for v in args.variant)}
    embedder = make_embedder(settings.embedder, settings.embed_batch_size)
    result = run_bench(libs, settings, variants, embedder, args.cache, args.cached_only,
                       naive=args.naive)
    _write(args.out, args.name or "retrieval-ablation", result, bench_markdown(result))
    return 0
