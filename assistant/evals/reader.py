"""Reader benchmark on a SQuAD-format set (CMRC 2018 dev): retrieve over all passages (hybrid, as in
`squad.py`), answer with an extractive answerer, and count the questions whose gold answer text is
in the answer (answer-in-answer) and those whose marked span equals a gold answer (exact span).

    python -m assistant.evals.reader ../shared/bench/cmrc2018/cmrc2018_dev.squad.json [--limit N]
        [--old PATH/TO/old_extractive.py] [--out evals/reports/cmrc2018_reader.json]

`--old` loads an earlier `extractive.py` (same record types) to measure it in the same run; it
has no marked span, so only its answer-in-answer rate is given. Settings come from the ASSISTANT_*
environment, as for `assistant` itself (ASSISTANT_CHILD_CHARS=0 measures without parent–child search)."""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.embed.models import make_embedder
from assistant.evals.squad import build_snapshot, load_squad
from assistant.pipeline import extractive_answerer
from assistant.retrieval.hybrid import HybridRetriever
from assistant.text.normalize import MARKER, norm

CACHE = Path("evals/runs/squad-cache.sqlite")


def reader_figures(answer_text: str, spans: list[str], gold: tuple[str, ...]) -> tuple[bool, bool]:
    """(gold answer text inside the answer, a marked span equal to a gold answer)."""
    text = norm(MARKER.sub("", answer_text))
    golds = [norm(g) for g in gold if g.strip()]
    return any(g in text for g in golds), any(norm(s) in golds for s in spans)


def run_reader(path: Path, settings: Settings, limit: int | None = None, seed: int = 0,
               old: Path | None = None, k: int = 5) -> dict[str, Any]:
    docs, questions = load_squad(path)
    if limit and limit < len(questions):
        questions = random.Random(seed).sample(questions, limit)
    embedder = make_embedder(settings.embedder, settings.embed_batch_size)
    snapshot = build_snapshot(docs, settings, embedder, CACHE)
    retriever = HybridRetriever(snapshot, embedder, settings)
    new = extractive_answerer(settings, snapshot, retriever.embed_query)
    answerers: dict[str, Any] = {"new": new}
    if old is not None:
        spec = importlib.util.spec_from_file_location("old_extractive", old)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["old_extractive"] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
        answerers["old"] = module.ExtractiveAnswerer(snapshot.bm25.idf, snapshot.chunk_at,
                                                     settings.max_answer_sentences)  # as `new` (since b530cba)
    counts = {name: {"in_answer": 0, "exact_span": 0, "answer_chars": 0, "seconds": 0.0} for name in answerers}
    for q in questions:
        hits = retriever.search(q.question, k)
        for name, answerer in answerers.items():
            t = time.perf_counter()
            ex = answerer.answer(q.question, hits, snapshot.docs)
            counts[name]["seconds"] += time.perf_counter() - t
            spans = [snapshot.docs[h.chunk.doc_id].text[s[0]:s[1]]
                     for h, s in zip(ex.cited, getattr(ex, "spans", []) or [], strict=False) if s]
            inside, exact = reader_figures(ex.text, spans, q.answers)
            counts[name]["in_answer"] += int(inside)
            counts[name]["exact_span"] += int(exact)
            counts[name]["answer_chars"] += len(norm(MARKER.sub("", ex.text)))
    n = max(len(questions), 1)
    return {"dataset": Path(path).name, "questions": len(questions), "sampled": bool(limit), "k": k,
            "answerers": {name: {"answer_in_answer": round(c["in_answer"] / n, 4),
                                 "exact_span": round(c["exact_span"] / n, 4) if name == "new" else None,
                                 "mean_answer_chars": round(c["answer_chars"] / n, 1),
                                 "answers_per_second": round(n / c["seconds"], 1) if c["seconds"] else None}
                          for name, c in counts.items()}}



def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("squad", type=Path)
    ap.add_argument("--limit", type=int, help="a random sample of N questions (seed 0)")
    ap.add_argument("--old", type=Path, help="an earlier extractive.py to compare with")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    result = run_reader(args.squad, Settings.from_env(), args.limit, old=args.old)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
