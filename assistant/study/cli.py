"""`assistant study figures|quiz|glossary DOC`: study material from documents, offline, no LLM.

DOC is a file path, or a doc_id or title substring of a document in the index or documents folder.
`--out FILE` writes .md, .docx or .json (by extension); without it Markdown (or JSON with --json)
goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.errors import AssistantError, DocumentError, UsageError
from assistant.ingest.load import discover, load_all, load_document
from assistant.records import Document
from assistant.retrieval.glossary import build_glossary
from assistant.study import export
from assistant.study.figures import extract_figures
from assistant.study.quiz import make_quiz

OUT_SUFFIXES = (".md", ".docx", ".json")


def register(subparsers: Any) -> Any:
    """Add `study` to the main CLI's subparsers; returns the handler `run_study(args, settings)`."""
    p = subparsers.add_parser(
        "study",
        help="学习工具：数读、测验、术语表（离线，无需大模型）",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="study_command", required=True, metavar="{figures,quiz,glossary}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--section", help="only sections whose path contains this text")
    common.add_argument("--n", type=int, help="number of questions (quiz, default 10) or of items listed")
    common.add_argument("--seed", type=int, default=0, help="random seed: the same seed gives the same quiz")
    common.add_argument("--out", type=Path, help="write to FILE (.md, .docx or .json)")
    common.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    common.add_argument("--docs", type=Path, help="documents folder (default: documents/)")
    common.add_argument("--index", type=Path, help="index folder (default: index/)")
    sub.add_parser("figures", parents=[common], help="数读: key figures with their sentences").add_argument(
        "doc", metavar="DOC"
    )
    sub.add_parser("quiz", parents=[common], help="测验: fill-in and multiple-choice questions").add_argument(
        "doc", metavar="DOC"
    )
    sub.add_parser("glossary", parents=[common], help="术语表: quoted coinages and code names").add_argument(
        "doc", metavar="DOC", nargs="*", help="documents (default: all)"
    )
    return run_study


def run_study(args: argparse.Namespace, settings: Settings | None = None) -> int:
    """Run one study subcommand (user errors raise AssistantError: `assistant` prints one line, exit 2)."""
    if settings is None:
        settings = Settings.from_env(
            docs_dir=getattr(args, "docs", None), index_dir=getattr(args, "index", None)
        )
    _check_out(args.out)
    if args.study_command == "glossary":
        refs = args.doc if isinstance(args.doc, list) else [args.doc]
        docs = [resolve_document(r, settings) for r in refs] if refs else available_documents(settings)
        if not docs:
            raise DocumentError("no documents found", zh="没有找到文档")
        return _glossary(args, docs)
    doc = resolve_document(args.doc, settings)
    return _figures(args, doc) if args.study_command == "figures" else _quiz(args, doc)


def _figures(args: argparse.Namespace, doc: Document) -> int:
    cards = extract_figures(doc, args.section)
    if args.n:
        cards = cards[: args.n]
    data = {
        "doc_id": doc.doc_id,
        "title": doc.title,
        "section": args.section or "",
        "figures": [c.to_dict() for c in cards],
    }
    return _emit(
        args,
        data,
        lambda: export.figures_markdown(cards, doc.title),
        lambda path: export.figures_docx(cards, doc.title, path),
    )


def _quiz(args: argparse.Namespace, doc: Document) -> int:
    quiz = make_quiz(doc, n=args.n or 10, section=args.section, seed=args.seed)
    for notice in quiz.notices:
        print(f"注意：{notice}", file=sys.stderr)
    return _emit(
        args, quiz.to_dict(), lambda: export.quiz_markdown(quiz), lambda path: export.quiz_docx(quiz, path)
    )


def _glossary(args: argparse.Namespace, docs: list[Document]) -> int:
    if args.section:  # keep terms defined in the section, with their in-section sentences
        glossary = build_glossary(docs, max_definitions=10_000)
        for term in list(glossary.entries):
            entry = glossary.entries[term]
            entry.definition_sentences = [s for s in entry.definition_sentences if args.section in s.section][
                :3
            ]
            if not entry.definition_sentences:
                del glossary.entries[term]
    else:
        glossary = build_glossary(docs)
    if args.n:
        glossary.entries = dict(list(glossary.entries.items())[: args.n])
    titles = {d.doc_id: d.title for d in docs}
    return _emit(
        args,
        glossary.to_dict(),
        lambda: export.glossary_markdown(glossary, titles),
        lambda path: export.glossary_docx(glossary, path, titles),
    )


def _emit(args: argparse.Namespace, data: dict[str, Any], markdown: Any, docx: Any) -> int:
    out: Path | None = args.out
    if out is None:
        print(json.dumps(data, ensure_ascii=False, indent=1) if args.json else markdown(), end="\n")
        return 0
    suffix = out.suffix.lower()
    try:
        if suffix == ".json":
            out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        elif suffix == ".md":
            out.write_text(markdown(), encoding="utf-8")
        else:
            docx(out)
    except OSError as exc:
        raise DocumentError(f"cannot write {out}: {exc.strerror}", zh=f"无法写入 {out}") from exc
    print(f"wrote {out}", file=sys.stderr)
    return 0


def _check_out(out: Path | None) -> None:
    if out is not None and out.suffix.lower() not in OUT_SUFFIXES:
        raise UsageError(f"--out must end with {', '.join(OUT_SUFFIXES)}, got {out.name!r}",
                         zh=f"--out 的文件名须以 {'、'.join(OUT_SUFFIXES)} 结尾")


def available_documents(settings: Settings) -> list[Document]:
    """Documents of the index (their text is what citations point into), then any others found in
    the documents folder."""
    docs = {d.doc_id: d for d in _index_documents(settings.index_dir)}
    if settings.docs_dir.is_dir():
        loaded, _errors = load_all(
            discover(settings.docs_dir).supported, settings.docs_dir, settings.max_doc_bytes
        )
        for d in loaded:
            docs.setdefault(d.doc_id, d)
    return list(docs.values())


def resolve_document(ref: str, settings: Settings) -> Document:
    """A document by path, exact doc_id, or a doc_id/title substring matching exactly one document."""
    path = Path(ref).expanduser()
    if path.is_file():
        root = (
            settings.docs_dir if path.resolve().is_relative_to(settings.docs_dir.resolve()) else path.parent
        )
        return load_document(path, root, settings.max_doc_bytes)
    docs = available_documents(settings)
    exact = [d for d in docs if d.doc_id == ref]
    if exact:
        return exact[0]
    matches = [d for d in docs if ref and (ref in d.doc_id or ref in d.title)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise DocumentError(f"no document file, doc_id or title matches {ref!r}", zh=f"找不到文档：{ref}")
    names = ", ".join(d.doc_id for d in matches[:5])
    raise DocumentError(
        f"{ref!r} matches {len(matches)} documents ({names}); be more specific",
        zh=f"“{ref}”匹配到 {len(matches)} 个文档，请写得更具体",
    )


def _index_documents(index_dir: Path) -> list[Document]:
    """Documents stored in the live index generation, or none when there is no readable index."""
    from assistant.index.store import read_documents

    try:
        return read_documents(index_dir)
    except AssistantError:
        return []
