"""Old vs new in one run: the same benchmark sections at an earlier commit (e.g. the answerer before a
change), run from a temporary export of that commit in a subprocess, then compared with this
checkout's figures: answers/s of the app at saturation (the `load` section) and the latency of
`ask` at each corpus size (the `queries` section). For the load section the old *app* is started
from the export and driven by this checkout's load generator, right before the new app, so both
apps meet the same clients (a client path the old app lacks is reported as "–")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.bench.sources import REPO

COMPARED = ("queries", "load")


@dataclass
class Export:
    """A temporary export of git commit `commit` (asked for as `ref`), its code in `root`."""

    ref: str
    commit: str
    root: Path


@contextmanager
def exported(ref: str) -> Iterator[Export]:
    """Commit `ref` exported (git archive, no change to the repository) into a temporary folder beside
    a link to ../shared; removed on exit."""
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
        yield Export(ref, commit, root)


def run_at_commit(export: Export, bench_args: list[str]) -> dict[str, Any]:
    """`assistant bench BENCH_ARGS` with the exported code, in a fresh process with that code first on
    the import path. Returns its result dict plus the commit."""
    with tempfile.TemporaryDirectory(prefix="assistant-bench-ref-out-") as tmp:
        out = Path(tmp) / "out"
        env = {**os.environ, "PYTHONPATH": str(export.root)}
        subprocess.run([sys.executable, "-m", "assistant.cli", "bench", *bench_args, "--out", str(out),
                        "--name", "bench"], cwd=export.root, env=env, check=True)
        result: dict[str, Any] = json.loads((out / "bench.json").read_text(encoding="utf-8"))
    result["commit"] = export.commit
    result["ref"] = export.ref
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
    n = new.get("load") or {}
    o = n.get("old_app") or old.get("load") or {}  # the old app under this run's generator, if measured
    if "requests_per_s" in o and "requests_per_s" in n:
        load = {k: [o.get(k), n.get(k)] for k in ("users", "requests_per_s", "errors", "loadavg_before")}
        load |= {f"latency {k}": [o["latency"].get(k), n["latency"].get(k)] for k in ("p50_ms", "p95_ms")}
    return {"ref": old.get("ref"), "commit": old.get("commit"), "answer_latency": rows, "load": load,
            "load_paths": load_paths(o, n), "old_machine": old.get("machine", {})}


FIGURES: dict[str, Any] = {  # per client path, old and new
    "requests_per_s": lambda r: r["requests_per_s"],
    "p95_ms": lambda r: r["latency"].get("p95_ms"),
    "app_cpu_ms_per_answer": lambda r: (r.get("cpu") or {}).get("app_ms_per_answer"),
    "errors": lambda r: r["errors"],
    "loadavg_before": lambda r: (r.get("loadavg_before") or [None])[0],
}


def _path_runs(load: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """A load section's runs by client path; a run from before paths existed was gradio_client."""
    if "paths" in load:
        return dict(load["paths"])
    return {"gradio_client": load} if "requests_per_s" in load else {}


def load_paths(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """Per client path of the new run: answers/s, p95 and the app's CPU per answer, old and new (None
    where the old run did not measure that path, e.g. a route the old app did not have)."""
    olds = _path_runs(old)
    rows = []
    for path, n in _path_runs(new).items():
        runs = (olds.get(path) or {}, n)
        row: dict[str, Any] = {"path": path, "label": n.get("label", path)}
        for key, get in FIGURES.items():
            row[key] = [get(r) if "requests_per_s" in r else None for r in runs]
        rows.append(row)
    return rows


def markdown(cmp: dict[str, Any]) -> list[str]:
    lines = [f"## Old vs new (same run): commit {cmp.get('ref')} ({str(cmp.get('commit'))[:10]}) vs this checkout", ""]
    if cmp.get("load"):
        ld = cmp["load"]
        lines += ["| app under load (first client path) | old | new |", "|---|---|---|"]
        lines += [f"| {k} | {v[0]} | {v[1]} |" for k, v in ld.items()]
        lines.append("")
    if cmp.get("load_paths"):
        lines += ["| client path | old answers/s | new answers/s | old p95 ms | new p95 ms | old app CPU ms/answer | "
                  "new app CPU ms/answer | errors (old, new) | load (old, new) |", "|---|---|---|---|---|---|---|---|---|"]
        for r in cmp["load_paths"]:
            cells = [*r["requests_per_s"], *r["p95_ms"], *r["app_cpu_ms_per_answer"]]
            lines.append(f"| {r['label']} | " + " | ".join(_dash(c) for c in cells)
                         + f" | {_dash(r['errors'][0])}, {_dash(r['errors'][1])} | "
                         f"{_dash(r['loadavg_before'][0])}, {_dash(r['loadavg_before'][1])} |")
        lines += ["", "–: not measured (the old commit had no such path, or it failed there).", ""]
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


def _dash(v: Any) -> str:
    return "–" if v is None else str(v)
