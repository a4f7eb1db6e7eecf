#!/usr/bin/env python3
"""Check a golden-question set (JSON Lines) against its source documents.

Stdlib only. Checks: valid JSON objects, required fields, unique ids, allowed type/kind/split
values, every evidence string occurs in its source document, every `must` string occurs in one
of the evidence strings or in the source document, and out-of-scope (oos) questions carry no
must/evidence/source. Strings are compared after NFKC normalisation with all whitespace removed
(the same form the evaluator uses).

Prints one line per problem, then counts per type, kind, split and library; exits 1 on any problem.

    python scripts/check_golden.py evals/golden/answers.jsonl
    python scripts/check_golden.py evals/golden/answers.jsonl --docs documents --docs ../shared/corpus
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DOCS = [REPO / "documents", REPO.parent / "shared" / "corpus"]
SEED_DOCS = {"chongqing_plenum_6_6_press_conference_2024.txt"}

TYPES = ("fact", "list", "paraphrase", "oos", "multiturn")
KINDS = ("number", "date", "list", "definition", "reason", "measures", "actor", "yesno", "other")
SPLITS = ("tune", "heldout")
REQUIRED = ("id", "type", "kind", "question", "must", "evidence", "split")


def norm(text: str) -> str:
    """NFKC, no whitespace: the form in which evidence and must strings are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def load_docs(dirs: list[Path]) -> dict[str, str]:
    docs: dict[str, str] = {}
    for d in dirs:
        if not d.is_dir():
            print(f"warning: document directory not found: {d}", file=sys.stderr)
            continue
        for p in sorted(d.glob("*.txt")):
            docs.setdefault(p.name, norm(p.read_text(encoding="utf-8")))
    return docs


def check(path: Path, docs: dict[str, str], id_prefix: str | None) -> tuple[list[str], list[dict]]:
    problems: list[str] = []
    items: list[dict] = []
    seen: dict[str, int] = {}

    def bad(lineno: int, qid: str, msg: str) -> None:
        problems.append(f"{path.name}:{lineno} {qid}: {msg}")

    with path.open(encoding="utf-8") as f:
        lines = f.read().splitlines()
    for lineno, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            d = json.loads(raw)
        except ValueError as exc:
            bad(lineno, "-", f"invalid JSON ({exc})")
            continue
        if not isinstance(d, dict):
            bad(lineno, "-", "not a JSON object")
            continue
        qid = d.get("id") if isinstance(d.get("id"), str) else "-"
        missing = [k for k in REQUIRED if k not in d]
        if missing:
            bad(lineno, qid, f"missing field(s) {', '.join(missing)}")
        for key in ("id", "type", "kind", "question", "split"):
            if key in d and (not isinstance(d[key], str) or not d[key].strip()):
                bad(lineno, qid, f"field {key!r} must be a non-empty string")
        for key in ("must", "evidence"):
            if key in d and (not isinstance(d[key], list) or not all(isinstance(x, str) and x.strip() for x in d[key])):
                bad(lineno, qid, f"field {key!r} must be a list of non-empty strings")
        if isinstance(d.get("id"), str):
            if d["id"] in seen:
                bad(lineno, qid, f"duplicate id (first on line {seen[d['id']]})")
            else:
                seen[d["id"]] = lineno
            if id_prefix and not d["id"].startswith(id_prefix):
                bad(lineno, qid, f"id does not start with {id_prefix!r}")
        qtype, kind, split = d.get("type"), d.get("kind"), d.get("split")
        if qtype not in TYPES:
            bad(lineno, qid, f"type must be one of {TYPES}, got {qtype!r}")
        if kind not in KINDS:
            bad(lineno, qid, f"kind must be one of {KINDS}, got {kind!r}")
        if split not in SPLITS:
            bad(lineno, qid, f"split must be one of {SPLITS}, got {split!r}")
        must = d.get("must") if isinstance(d.get("must"), list) else []
        evidence = d.get("evidence") if isinstance(d.get("evidence"), list) else []
        must = [m for m in must if isinstance(m, str)]
        evidence = [e for e in evidence if isinstance(e, str)]
        source = d.get("source")
        items.append({"type": qtype, "kind": kind, "split": split, "source": source})

        if qtype == "oos":
            if must or evidence:
                bad(lineno, qid, "oos question must have empty must and evidence")
            if source not in (None, ""):
                bad(lineno, qid, f"oos question must have no source, got {source!r}")
            continue
        if qtype == "list" and kind != "list":
            bad(lineno, qid, f"list question must have kind 'list', got {kind!r}")
        if kind == "list" and len(must) < 2:
            bad(lineno, qid, "kind 'list' needs at least 2 must items (one per enumerated item)")
        if not must:
            bad(lineno, qid, "answerable question has no must strings")
        if not evidence:
            bad(lineno, qid, "answerable question has no evidence strings")
        if len(set(map(norm, must))) != len(must):
            bad(lineno, qid, "duplicate must strings")
        if not isinstance(source, str) or not source:
            bad(lineno, qid, "answerable question has no source document")
            continue
        if source not in docs:
            bad(lineno, qid, f"source document {source!r} not found in the document directories")
            continue
        text = docs[source]
        for e in evidence:
            if norm(e) not in text:
                bad(lineno, qid, f"evidence not in {source}: {e[:60]!r}")
        ev_norm = [norm(e) for e in evidence]
        for m in must:
            nm = norm(m)
            if not any(nm in e for e in ev_norm) and nm not in text:
                bad(lineno, qid, f"must string in neither evidence nor {source}: {m!r}")
    if not items:
        problems.append(f"{path.name}: no questions")
    return problems, items


def library(source: object) -> str:
    if not source:
        return "none (oos)"
    return "seed" if source in SEED_DOCS else "corpus"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("golden", nargs="+", type=Path, help="golden JSONL file(s)")
    ap.add_argument("--docs", action="append", type=Path, metavar="DIR",
                    help="directory of source .txt documents (repeatable; default: documents/ and ../shared/corpus/)")
    ap.add_argument("--id-prefix", default=None, help="require every id to start with this prefix")
    args = ap.parse_args(argv)

    docs = load_docs(args.docs or DEFAULT_DOCS)
    all_problems: list[str] = []
    for path in args.golden:
        problems, items = check(path, docs, args.id_prefix)
        all_problems += problems
        for p in problems:
            print(p)
        print(f"{path}: {len(items)} questions, {len(problems)} problem(s)")
        for field, getter in (("type", lambda i: i["type"]), ("kind", lambda i: i["kind"]),
                              ("split", lambda i: i["split"]), ("library", lambda i: library(i["source"])),
                              ("type/split", lambda i: f"{i['type']}/{i['split']}"),
                              ("source", lambda i: i["source"] or "-")):
            counts = Counter(getter(i) for i in items)
            print(f"  {field:<10} " + ", ".join(f"{k}={v}" for k, v in sorted(counts.items(), key=lambda kv: str(kv[0]))))
    return 1 if all_problems else 0


if __name__ == "__main__":
    sys.exit(main())
