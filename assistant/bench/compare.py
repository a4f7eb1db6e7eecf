"""Old vs new in one run: the same benchmark sections at an earlier commit (e.g. the answerer before a
change), run from a temporary export of that commit in a subprocess, then compared with this
checkout's figures: answers/s of the app at saturation (the `load` section) and the latency of
`ask` at each corpus size (the `queries` section)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from assistant.bench.sources import REPO

COMPARED = ("queries", "load")


def run_at_commit(ref: str, bench_args: list[str]) -> dict[str, Any]:
    """`assistant bench BENCH_ARGS` at git commit `ref`: the commit is exported (git archive, no change
    to the repository) into a temporary folder beside a link to ../shared, and benchmarked there in a
    fresh process with that code first on the import path. Returns its result dict plus the commit."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", f"{ref}^{{commit}}"],
                            capture_output=True, text=True, check=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="assistant-bench-ref-") as tmp:
        root = Path(tmp) / "repo"
        root.mkdir()
        archive = Path(tmp) / "ref.tar"
        subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", "-o", str(archive), commit], check=True)
        with tarfile.open(archive) as tar:
            tar.extractall(root, filter="data")
        shared = REPO.parent / "shared"
        if shared.is_dir():  # the benchmark reads ../shared/corpus relative to the code
            (Path(tmp) / "shared").symlink_to(shared)
        out = Path(tmp) / "out"
        env = {**os.environ, "PYTHONPATH": str(root)}
        subprocess.run([sys.executable, "-m", "assistant.cli", "bench", *bench_args, "--out", str(out),
                        "--name", "bench"], cwd=root, env=env, check=True)
        result: dict[str, Any] = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    result["commit"] = commit
    result["ref"] = ref
    return result


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The compared figures side by side: per corpus size, `ask` and search p50/p95 (and the search p95
    ratio, new / old); the app's answers/s and p95."""
    rows = []
    new_sizes = {r["size"]: r for r in (new.get("queries") or {}).get("sizes", [])}
    for r in (old.get("queries") or {}).get("sizes", []):
        n = new_sizes.get(r["size"])
        if n is not None:
            rows.append({"size": r["size"], "old_answer": r["answer"], "new_answer": n["answer"],
                         "old_search": r.get("retrieval", {}), "new_search": n.get("retrieval", {}),
                         "loadavg": [r["loadavg_before"], n["loadavg_before"]]})
    load: dict[str, list[Any]] = {}
    o, n = old.get("load") or {}, new.get("load") or {}
    if "requests_per_s" in o and "requests_per_s" in n:
        load = {k: [o.get(k), n.get(k)] for k in ("users", "requests_per_s", "errors", "loadavg_before")}
        load |= {f"latency {k}": [o["latency"].get(k), n["latency"].get(k)] for k in ("p50_ms", "p95_ms")}
    return {"ref": old.get("ref"), "commit": old.get("commit"), "answer_latency": rows, "load": load,
            "old_machine": old.get("machine", {})}


def markdown(cmp: dict[str, Any]) -> list[str]:
    lines = [f"## Old vs new (same run): commit {cmp.get('ref')} ({str(cmp.get('commit'))[:10]}) vs this checkout", ""]
    if cmp.get("load"):
        ld = cmp["load"]
        lines += ["| app under load | old | new |", "|---|---|---|"]
        lines += [f"| {k} | {v[0]} | {v[1]} |" for k, v in ld.items()]
        lines.append("")
    if cmp.get("answer_latency"):
        lines += ["| chunks | old ask p50 | old p95 | new ask p50 | new p95 | load (old, new) |", "|---|---|---|---|---|---|"]
        for r in cmp["answer_latency"]:
            o, n = r["old_answer"], r["new_answer"]
            lines.append(f"| {r['size']} | {o.get('p50_ms')} | {o.get('p95_ms')} | {n.get('p50_ms')} | {n.get('p95_ms')} | "
                         f"{r['loadavg'][0][0]}, {r['loadavg'][1][0]} |")
        lines += ["", "| chunks | old search p50 | old p95 | new search p50 | new p95 | p95 new / old |",
                  "|---|---|---|---|---|---|"]
        for r in cmp["answer_latency"]:
            o, n = r.get("old_search") or {}, r.get("new_search") or {}
            ratio = round(n["p95_ms"] / o["p95_ms"], 2) if o.get("p95_ms") and n.get("p95_ms") else None
            lines.append(f"| {r['size']} | {o.get('p50_ms')} | {o.get('p95_ms')} | {n.get('p50_ms')} | "
                         f"{n.get('p95_ms')} | {ratio} |")
        lines.append("")
    return lines
