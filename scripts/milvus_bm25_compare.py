"""Keyword search only: our client-side BM25 (bm25s over jieba words, and words + bigrams; the Milvus
store writes the same weights as sparse vectors) against Milvus's server-side BM25 Function (jieba
analyzer), on the seed and corpus golden sets and CMRC 2018 dev. Same chunks, same questions, same
hit rule as the retrieval ablation (a top-10 chunk holding an evidence string).

    python scripts/milvus_bm25_compare.py [--passages N] [--out evals/bench/milvus-bm25.json]

Needs the `milvus` extra (milvus-lite[chinese] for the jieba analyzer).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.evals.retrieval_bench import (
    RETRIEVE_K,
    Library,
    chunk_library,
    hit_rank,
    load_golden_library,
    load_squad_library,
    summarise,
)
from assistant.index.bm25 import BM25Index


def _rank(lib: Library, ordered: list[list[int]]) -> dict[str, int | None]:
    return {q.id: hit_rank(q, [lib.chunks[i] for i in order[:RETRIEVE_K]])
            for q, order in zip(lib.questions, ordered, strict=True)}


def client_side(lib: Library, analyzer: str) -> tuple[dict[str, int | None], float]:
    index = BM25Index.build([c.text for c in lib.chunks], analyzer)
    t = time.perf_counter()
    ordered = [[i for i, _ in index.search(q.query, RETRIEVE_K)] for q in lib.questions]
    return _rank(lib, ordered), time.perf_counter() - t


def server_side(lib: Library, work: Path) -> tuple[dict[str, int | None], float]:
    from pymilvus import DataType, Function, FunctionType, MilvusClient

    client = MilvusClient(str(work / f"{lib.name}.db"))
    s = client.create_schema(auto_id=False, enable_dynamic_field=False)
    s.add_field("id", DataType.INT64, is_primary=True)
    s.add_field("text", DataType.VARCHAR, max_length=65535, enable_analyzer=True,
                analyzer_params={"tokenizer": "jieba"})
    s.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    s.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["text"],
                            output_field_names=["sparse"]))
    ip = client.prepare_index_params()
    ip.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    client.create_collection("kw", schema=s, index_params=ip)
    rows = [{"id": i, "text": c.text} for i, c in enumerate(lib.chunks)]
    for i in range(0, len(rows), 1000):
        client.insert("kw", rows[i:i + 1000])
    client.flush("kw")
    client.load_collection("kw")
    t = time.perf_counter()
    ordered = []
    for q in lib.questions:
        res = client.search("kw", data=[q.query], anns_field="sparse", limit=RETRIEVE_K, output_fields=["id"],
                            search_params={"metric_type": "BM25"})
        ordered.append([int(h["id"]) for h in res[0]])
    seconds = time.perf_counter() - t
    client.close()
    return _rank(lib, ordered), seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--passages", type=int, help="only the first N CMRC passages")
    ap.add_argument("--out", type=Path, default=Path("evals/bench/milvus-bm25.json"))
    args = ap.parse_args()
    settings = Settings()
    libs = [load_golden_library(Path("evals/golden/seed.jsonl"), [Path("documents")]),
            load_golden_library(Path("evals/golden/corpus.jsonl"), [Path("documents"), Path("../shared/corpus")]),
            load_squad_library(Path("../shared/bench/cmrc2018/cmrc2018_dev.squad.json"), args.passages)]
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="milvus-bm25-") as tmp:
        for lib in libs:
            chunk_library(lib, settings)
            rows: dict[str, Any] = {}
            for name, run in (("client-side BM25, words", lambda lb: client_side(lb, "words")),
                              ("client-side BM25, words + bigrams", lambda lb: client_side(lb, "words+bigrams")),
                              ("Milvus BM25 Function, jieba", lambda lb: server_side(lb, Path(tmp)))):
                ranks, seconds = run(lib)
                rows[name] = {**summarise(ranks, lib.questions), "search_seconds": round(seconds, 2)}
                print(lib.name, name, json.dumps(rows[name], ensure_ascii=False), flush=True)
            result[lib.name] = {"chunks": len(lib.chunks), "questions": len(lib.questions), "rows": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
