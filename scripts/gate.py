"""The regression gate: every golden set, asked over fixed indexes, question by question, and a table of
what moved between two runs (kept here rather than in /tmp, so that it outlives the machine's scratch).

    python scripts/gate.py build ROOT                 # index documents/ and documents/ + the corpus (~3 min)
    python scripts/gate.py run ROOT OUT [--shard 0/2] [SET ...]   # one JSON line per question, per set
    python scripts/gate.py compare OLD NEW [SET ...]  # passed / wrong / out of scope answered, per split
    python scripts/gate.py figures OLD NEW            # the headline metrics of seed, corpus and answers

seed.jsonl and answers.jsonl are asked over documents/ alone ("answers" is the latter run); every set,
answers.jsonl again as "answers-corpus", is asked over documents/ plus ../shared/corpus. Run the same ROOT
for both commits being compared, so that only the code differs. Two shards (OMP_NUM_THREADS=1 each) use
both cores.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "evals" / "golden"
CORPUS = REPO.parent / "shared" / "corpus"
DOCS_ONLY = {"seed": "seed", "answers": "answers"}  # set name -> golden file stem, asked over documents/


def set_files() -> dict[str, tuple[str, Path]]:
    """Set name -> (which index, golden file)."""
    out: dict[str, tuple[str, Path]] = {name: ("docs", GOLDEN / f"{stem}.jsonl") for name, stem in DOCS_ONLY.items()}
    for path in sorted(GOLDEN.glob("*.jsonl")):
        name = "answers-corpus" if path.stem == "answers" else path.stem
        if name != "seed":
            out[name] = ("corpus", path)
    return out


def libraries() -> dict[str, list[Path]]:
    """Index name -> its document folders."""
    return {"docs": [REPO / "documents"], "corpus": [REPO / "documents", CORPUS]}


def build(root: Path) -> None:
    from assistant.config import Settings
    from assistant.evals.runner import prepare

    for which, dirs in libraries().items():
        prepare(Settings(), dirs, root / which)


def _assistant(root: Path, which: str):
    from assistant.config import Settings
    from assistant.evals.runner import library_paths
    from assistant.pipeline import build as build_assistant

    docs_dir, index_dir = library_paths(libraries()[which], root / which)
    return build_assistant(Settings().replace(docs_dir=docs_dir, index_dir=index_dir))


def run(root: Path, out: Path, shard: str, names: list[str]) -> None:
    from assistant.evals.golden import load_golden
    from assistant.evals.runner import run_questions

    index, count = (int(x) for x in shard.split("/"))
    sets = set_files()
    chosen = [n for n in sorted(sets) if not names or n in names]
    chosen = chosen[index::count]
    out.mkdir(parents=True, exist_ok=True)
    assistants: dict[str, object] = {}
    for name in chosen:
        which, path = sets[name]
        if which not in assistants:
            assistants[which] = _assistant(root, which)
        results = run_questions(assistants[which], load_golden(path))  # type: ignore[arg-type]
        lines = [json.dumps(r.to_dict(), ensure_ascii=False) for r in results]
        tmp = out / f"{name}.jsonl.tmp"
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tmp.replace(out / f"{name}.jsonl")
        print(name, sum(r.passed for r in results), len(results), flush=True)


def outcome(r: dict) -> str:
    """passed, wrong (answered but failed), oosans (out of scope and answered), refused (should answer)."""
    if r["passed"]:
        return "passed"
    if r.get("expect_refusal"):
        return "oosans"
    return "refused" if r["refused"] else "wrong"


def load(run_dir: Path, names: list[str]) -> dict[str, dict[str, dict]]:
    out = {}
    for path in sorted(run_dir.glob("*.jsonl")):
        if not names or path.stem in names:
            out[path.stem] = {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    return out


def compare(old_dir: Path, new_dir: Path, names: list[str]) -> str:
    old, new = load(old_dir, names), load(new_dir, names)
    lines = []
    for split in ("tune", "heldout"):
        counts = {"old": Counter(), "new": Counter()}
        changed = []
        for name in sorted(set(old) & set(new)):
            for qid, n in new[name].items():
                o = old[name].get(qid)
                if o is None or n["split"] != split:
                    continue
                counts["old"][outcome(o)] += 1
                counts["new"][outcome(n)] += 1
                if outcome(o) != outcome(n):
                    changed.append(f"  {name}/{qid}: {outcome(o)} -> {outcome(n)}  {n['question']}")
        total = sum(counts["new"].values())
        row = ", ".join(f"{k} {counts['old'][k]} -> {counts['new'][k]}" for k in ("passed", "wrong", "oosans", "refused"))
        lines.append(f"{split} ({total}): {row}")
        lines.extend(changed)
    missing = sorted(set(old) ^ set(new))
    if missing:
        lines.append("sets in only one run: " + ", ".join(missing))
    return "\n".join(lines)


HEADLINE = ("citation_precision", "oos_refusal_rate", "answered_rate", "key_fact_accuracy")


def figures(old_dir: Path, new_dir: Path) -> str:
    from assistant.evals.metrics import QuestionResult, aggregate

    names = ["seed", "corpus", "answers", "answers-corpus"]
    old, new = ({name: aggregate([QuestionResult(**r) for r in rows.values()]) for name, rows in load(d, names).items()}
                for d in (old_dir, new_dir))
    lines = [f"{'set':16} " + " ".join(f"{k:>20}" for k in HEADLINE)]
    for name in names:
        row = [f"{old.get(name, {}).get(key, 0.0):.3f}->{new.get(name, {}).get(key, 0.0):.3f}" for key in HEADLINE]
        lines.append(f"{name:16} " + " ".join(f"{c:>20}" for c in row))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("root", type=Path)
    r = sub.add_parser("run")
    r.add_argument("root", type=Path)
    r.add_argument("out", type=Path)
    r.add_argument("--shard", default="0/1", help="i/n: every n-th set starting at the i-th")
    r.add_argument("sets", nargs="*")
    c = sub.add_parser("compare")
    c.add_argument("old", type=Path)
    c.add_argument("new", type=Path)
    c.add_argument("sets", nargs="*")
    f = sub.add_parser("figures")
    f.add_argument("old", type=Path)
    f.add_argument("new", type=Path)
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.cmd == "build":
        build(args.root)
    elif args.cmd == "run":
        run(args.root, args.out, args.shard, args.sets)
    elif args.cmd == "figures":
        print(figures(args.old, args.new))
    else:
        print(compare(args.old, args.new, args.sets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
