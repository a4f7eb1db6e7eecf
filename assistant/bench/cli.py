"""`assistant bench [--quick] [--out DIR] [--sizes 1000,10000,100000] [--load-seconds 60] [--users 32]`."""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.errors import ConfigError

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "evals" / "bench"


def _sizes(raw: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(s.replace("_", "")) for s in raw.split(",") if s.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"sizes must be integers separated by commas, got {raw!r}") from exc
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"sizes must be positive, got {raw!r}")
    return sizes


STORE_WRITE = "write"  # --store milvus: the Milvus write, by the driver and by Ray workers


def _sections(raw: str) -> tuple[str, ...]:
    from assistant.bench.runner import SECTIONS

    names = tuple(s.strip() for s in raw.split(",") if s.strip())
    unknown = [n for n in names if n not in (*SECTIONS, STORE_WRITE)]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"sections must be among {', '.join(SECTIONS)} (and {STORE_WRITE} "
                                         f"with --store milvus), got {raw!r}")
    return names


def _name(raw: str) -> str:
    if not re.fullmatch(r"[\w.-]+", raw):
        raise argparse.ArgumentTypeError(f"name must be a plain file name, got {raw!r}")
    return raw


def _ref_args(opts: Any, sections: tuple[str, ...] | None = None) -> list[str]:
    """The bench arguments that reproduce `opts` (only `sections`, default all of them) in an older
    checkout (for --compare)."""
    args = ["--only", ",".join(sections or opts.sections), "--sizes", ",".join(map(str, opts.sizes)),
            "--users", str(opts.users), "--load-seconds", str(opts.load_seconds), "--seed", str(opts.seed)]
    return args + (["--questions", str(opts.questions)] if opts.questions else []) + (["--quick"] if opts.quick else [])


def register(sub: Any):
    p = sub.add_parser(
        "bench",
        help="measure indexing, query latency by size, FAISS exact vs HNSW, a "
        "Chatchat-style baseline and the app under load; write JSON and Markdown",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="smoke run for CI (< 90 s; writes to a temp folder unless --out is given)",
    )
    p.add_argument("--out", type=Path, help=f"output folder (default {DEFAULT_OUT})")
    p.add_argument(
        "--sizes", type=_sizes, help="corpus sizes in chunks (default 1000,10000,100000; quick: 1000)"
    )
    p.add_argument("--load-seconds", type=float, help="seconds of load on the app (default 60; quick: 5)")
    p.add_argument("--users", type=int, help="concurrent simulated users (default 32; quick: 4)")
    p.add_argument(
        "--questions", type=int, help="golden questions per latency measurement (default all; quick: 8)"
    )
    p.add_argument(
        "--only",
        type=_sections,
        help="run only these sections (comma-separated) and merge them "
        "into an existing bench.json in --out, e.g. to re-run latency parts when the machine was busy",
    )
    p.add_argument(
        "--name",
        type=_name,
        default="bench",
        help="file name of the results: NAME.json and NAME.md (default bench)",
    )
    p.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpora (default 7)")
    p.add_argument("--store", dest="bench_store", choices=("milvus",),
                   help="scale-out benchmark instead: FAISS vs Milvus on synthetic vectors (--sizes, default "
                        "100000), ingestion with Ray 1 and 2 workers vs the plain indexer (docs/SCALE_OUT.md); "
                        "with --only indexing the ingestion part alone, with --only queries the vectors alone")
    p.add_argument("--docs", type=Path, default=Path("documents"), help="documents for the ingestion part (--store)")
    p.add_argument("--write-chunks", type=int, help="--store: chunks in the Milvus write part, driver vs Ray "
                   "(default 50,000; 2,000 with --quick; --only write runs it alone)")
    p.add_argument("--compare", metavar="REF",
                   help="old vs new in the same run: first run the same sections (default queries,load) at git "
                        "commit REF from a temporary export, then this checkout; report both side by side (the "
                        "load section starts the old app from the export and drives both apps the same way)")
    p.add_argument("--upload", nargs="?", const="", metavar="DIR",
                   help="answer latency while DIR (default ../shared/corpus, read in place) is uploaded: "
                        "quiet vs during indexing, in-process thread vs worker process, and the progress "
                        "interval; writes NAME.json/.md (NAME default upload). --questions: quiet answers")
    return run


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.upload is not None:
        return _run_upload(args, settings)
    if args.bench_store == "milvus":
        return _run_scale_out(args, settings)
    if STORE_WRITE in (args.only or ()):
        raise ConfigError(f"--only {STORE_WRITE} is a part of the scale-out benchmark: add --store milvus")
    from assistant.bench.report import markdown
    from assistant.bench.runner import SECTIONS, merge, run_bench, write

    out, opts = _options(args)
    previous_path = out / f"{args.name}.json"
    previous = (
        json.loads(previous_path.read_text(encoding="utf-8"))
        if args.only and previous_path.is_file()
        else None
    )

    def finish(partial: dict[str, Any]) -> dict[str, Any]:
        return merge(previous, partial) if previous is not None else dict(partial)

    def checkpoint(partial: dict[str, Any]) -> None:  # an interrupted run keeps what it measured
        write(finish(partial), out, args.name)

    opts.checkpoint = checkpoint
    if not args.compare:
        result = finish(run_bench(opts, settings))
    else:
        from assistant.bench.compare import COMPARED, compare, exported, run_at_commit

        if not args.only:
            opts.sections = COMPARED
        with exported(args.compare) as ref:
            # The old commit's own bench measures everything but the load; for the load, this run
            # starts the old app from the export and drives it with the current load generator.
            sections = tuple(s for s in opts.sections if s != "load")
            old = run_at_commit(ref, _ref_args(opts, sections)) if sections else {"ref": ref.ref, "commit": ref.commit}
            opts.old_app = ref if "load" in opts.sections else None
            result = finish(run_bench(opts, settings))
        result["compare"] = compare(old, result)
    paths = write(result, out, args.name)
    print(markdown(result))
    print("wrote " + ", ".join(str(p) for p in paths.values()))
    failed = [name for name in SECTIONS if isinstance(result.get(name), dict) and "error" in result[name]]
    if failed:
        print("failed sections: " + ", ".join(f"{n} ({result[n]['error']})" for n in failed))
        return 1
    return 0


def _options(args: argparse.Namespace) -> tuple[Path, Any]:
    """The output folder and the BenchOptions the arguments ask for (quick defaults with --quick)."""
    from assistant.bench.runner import SECTIONS, BenchOptions

    given = {
        "sizes": args.sizes,
        "load_seconds": args.load_seconds,
        "users": args.users,
        "questions": args.questions,
        "seed": args.seed,
        "sections": args.only or SECTIONS,
    }
    if args.quick:
        out = args.out or Path(tempfile.mkdtemp(prefix="assistant-bench-quick-"))
        return out, BenchOptions.quick_defaults(out, **given)
    out = args.out or DEFAULT_OUT
    return out, BenchOptions(out=out, **{k: v for k, v in given.items() if v is not None})


def _run_upload(args: argparse.Namespace, settings: Settings) -> int:
    """`--upload`: answer latency while documents are indexed (assistant/bench/upload.py)."""
    from assistant.bench.sources import SHARED_CORPUS
    from assistant.bench.upload import markdown as upload_markdown
    from assistant.bench.upload import run_upload

    out = args.out or (Path(tempfile.mkdtemp(prefix="assistant-bench-quick-")) if args.quick else DEFAULT_OUT)
    name = "upload" if args.name == "bench" else args.name
    result = run_upload(out, Path(args.upload) if args.upload else SHARED_CORPUS, settings=settings,
                        answers=args.questions or (10 if args.quick else 60), name=name,
                        limit=1 if args.quick else None)
    print(upload_markdown(result))
    print(f"wrote {out / (name + '.json')}, {out / (name + '.md')}")
    return 0


def _run_scale_out(args: argparse.Namespace, settings: Settings) -> int:
    """`--store milvus`: FAISS vs Milvus and Ray ingestion (assistant/bench/scale_out.py)."""
    from assistant.bench.scale_out import markdown as scale_markdown
    from assistant.bench.scale_out import run_scale_out

    out = Path(args.out or DEFAULT_OUT)
    if out.exists() and not out.is_dir():  # before a run of many minutes, not after it
        raise ConfigError(f"--out must be a folder (the results are written into it): {out} is a file")
    sizes = args.sizes or ((2000,) if args.quick else (100_000,))
    only = set(args.only or ())  # --only indexing: ingestion alone; --only queries (or ann): vectors alone
    sizes = sizes if not only or only & {"queries", "ann"} else ()
    write = 0 if only and STORE_WRITE not in only else args.write_chunks or (2000 if args.quick else 50_000)
    result = run_scale_out(out, sizes, args.docs, settings, 20 if args.quick else 200,
                           ingestion=not only or "indexing" in only, write_size=write)
    print(scale_markdown(result))
    return 0
