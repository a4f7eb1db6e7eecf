"""The SQuAD-format retrieval benchmark (`assistant eval --squad`, CMRC 2018) measures the defaults:
its in-memory index carries what the indexer writes, children made from sentence vectors included."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.config import Settings
from assistant.embed.models import HashEmbedder
from assistant.evals.squad import build_snapshot, load_squad, run_squad
from assistant.index.child_store import ChildMaxStore
from assistant.retrieval.hybrid import HybridRetriever

PASSAGES = {
    "p1": "示范市劳动保障条例规定，用人单位应当按月以货币形式支付工资。不得以实物或者有价证券替代货币支付。"
          "劳动者连续工作一年以上的，享受带薪年休假。职工因工作遭受事故伤害的，单位应当在三十日内提出工伤认定申请。",
    "p2": "示范市优化营商环境若干措施提出，对中小微企业免收三个月房租。企业申请贷款贴息的，可以在网上办理。",
}
QUESTIONS = [("q1", "p1", "用购物卡代替工资可以吗？", "不得以实物或者有价证券替代货币支付"),
             ("q2", "p2", "中小微企业可以免收几个月房租？", "三个月")]


def _squad(tmp: Path) -> Path:
    data = {"data": [{"title": pid, "paragraphs": [{"id": pid, "context": text, "qas": [
        {"id": qid, "question": q, "answers": [{"text": a, "answer_start": text.index(a)}]}
        for qid, p, q, a in QUESTIONS if p == pid]}]} for pid, text in PASSAGES.items()]}
    path = tmp / "squad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_squad_index_has_the_defaults_children_and_is_searched_through_them(tmp_path: Path) -> None:
    docs, questions = load_squad(_squad(tmp_path))
    settings = Settings(embedder="hash", chunk_size=60, chunk_overlap=0, child_chars=20)
    snapshot = build_snapshot(docs, settings, HashEmbedder(), tmp_path / "cache.sqlite")
    assert snapshot.children is not None and snapshot.children.vectors == "sentences"
    assert len(snapshot.children.parent_of) > len(snapshot.chunks)
    assert isinstance(HybridRetriever(snapshot, HashEmbedder(), settings).dense, ChildMaxStore)
    off = build_snapshot(docs, settings.replace(child_chars=0), HashEmbedder(), tmp_path / "cache.sqlite")
    assert off.children is None
    result = run_squad(tmp_path / "squad.json", settings, HashEmbedder(), tmp_path / "cache.sqlite")
    assert result["questions"] == len(questions) == 2
    assert result["modes"]["bm25"]["hit@10"] == 1.0  # each answer is found in its own passage
