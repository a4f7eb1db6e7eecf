"""Chat model backends against real servers and real (tiny or small) models; nothing is mocked."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI
from openai_stub_server import OpenAIStubServer

from assistant.answer.llm import make_chat_model
from assistant.config import Settings
from assistant.errors import ConfigError, LLMError

SYSTEM = "只根据资料回答，并注明出处。"
QUESTION = "《决定》对深化改革提出了哪些要求？"


def openai_settings(server: OpenAIStubServer, **changes: object) -> Settings:
    return Settings(llm="openai", openai_base_url=server.base_url, openai_model="qwen-test", **changes)


# -- configuration errors ----------------------------------------------------------------------


def test_none_backend_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as info:
        make_chat_model(Settings(llm="none"))
    assert "ASSISTANT_LLM" in str(info.value)
    assert "大模型" in info.value.zh


def test_missing_or_bad_model_files_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist") as info:
        make_chat_model(Settings(llm="llamacpp", llamacpp_model=str(tmp_path / "missing.gguf")))
    assert "不存在" in info.value.zh
    not_gguf = tmp_path / "model.gguf"
    not_gguf.write_bytes(b"PK\x03\x04 not a gguf file")
    with pytest.raises(ConfigError, match="not a GGUF"):
        make_chat_model(Settings(llm="llamacpp", llamacpp_model=str(not_gguf)))
    with pytest.raises(ConfigError, match="config.json"):
        make_chat_model(Settings(llm="transformers", transformers_model=str(tmp_path)))
    with pytest.raises(ConfigError, match="config.json"):
        make_chat_model(Settings(llm="transformers", transformers_model=""))
    with pytest.raises(ConfigError, match="http"):
        make_chat_model(Settings(llm="openai", openai_base_url="127.0.0.1:8000/v1"))


# -- (a) OpenAI-compatible server: streaming, request contents ----------------------------------


def test_openai_backend_streams_scripted_reply_token_by_token() -> None:
    reply = "根据《决定》第三条，应当全面深化改革。[1]"
    with OpenAIStubServer([reply]) as server:
        llm = make_chat_model(openai_settings(server, max_new_tokens=64))
        assert isinstance(llm, ChatOpenAI)
        pieces = [c.content for c in llm.stream([SystemMessage(SYSTEM), HumanMessage(QUESTION)])]
    texts = [p for p in pieces if p]
    assert len(texts) == len(reply) > 1  # the stub sends one character per chunk
    assert "".join(texts) == reply
    assert len(server.requests) == 1
    body = server.requests[0]
    assert body["model"] == "qwen-test"
    assert body["messages"] == [{"role": "system", "content": SYSTEM}, {"role": "user", "content": QUESTION}]
    assert body["stream"] is True
    assert body["max_tokens"] == 64
    assert body["temperature"] == 0


def test_openai_backend_invoke_sees_the_prompt_and_async_works() -> None:
    with OpenAIStubServer(lambda messages: "答：" + messages[-1]["content"]) as server:
        llm = make_chat_model(openai_settings(server))
        assert llm.invoke(QUESTION).content == "答：" + QUESTION
        assert asyncio.run(llm.ainvoke("第二个问题")).content == "答：第二个问题"
    assert [r["messages"][-1]["content"] for r in server.requests] == [QUESTION, "第二个问题"]


def test_stub_server_serves_models_and_replies_in_order() -> None:
    with OpenAIStubServer(["一", "二"], model="stub-x") as server:
        with urllib.request.urlopen(server.base_url + "/models", timeout=5) as response:
            assert b'"stub-x"' in response.read()
        llm = make_chat_model(openai_settings(server))
        assert [llm.invoke("q").content for _ in range(3)] == ["一", "二", "二"]


def test_extra_body_reaches_the_server() -> None:
    from assistant.answer.llm.openai_backend import openai_chat

    with OpenAIStubServer(["好"]) as server:
        llm = openai_chat(
            server.base_url, "m", "", timeout=5, retries=0, max_tokens=8, extra_body={"repeat_penalty": 1.1}
        )
        assert llm.invoke("q").content == "好"
    assert server.requests[0]["repeat_penalty"] == 1.1
    assert server.requests[0]["max_tokens"] == 8


# -- (b) slow server: timeout and retries; (c) broken servers ----------------------------------


@pytest.mark.parametrize("retries", [0, 2])
def test_slow_server_times_out_after_configured_retries(retries: int) -> None:
    with OpenAIStubServer(["太慢了"], delay=5.0) as server:
        llm = make_chat_model(openai_settings(server, llm_timeout=0.5, llm_retries=retries))
        with pytest.raises(LLMError) as info:
            llm.invoke(QUESTION)
        assert len(server.requests) == 1 + retries  # gave up on each attempt: a new request each time
    assert "timed out" in str(info.value).lower()
    assert info.value.zh


def test_server_error_status_is_retried_then_raised() -> None:
    with OpenAIStubServer(["x"], status=500) as server:
        llm = make_chat_model(openai_settings(server, llm_retries=1))
        with pytest.raises(LLMError, match="500"):
            list(llm.stream(QUESTION))
        assert len(server.requests) == 2


@pytest.mark.parametrize("streaming", [True, False])
def test_garbage_reply_is_retried_then_raises(streaming: bool) -> None:
    with OpenAIStubServer(["x"], garbage=True) as server:
        llm = make_chat_model(openai_settings(server, llm_retries=1))
        llm = llm.model_copy(update={"streaming": streaming})
        with pytest.raises(LLMError, match="JSON|Expecting value"):
            llm.invoke(QUESTION)
        assert len(server.requests) == 2
        with pytest.raises(LLMError):
            list(llm.stream(QUESTION))
        assert len(server.requests) == 4


def test_empty_answer_is_an_error() -> None:
    with OpenAIStubServer([""]) as server:
        llm = make_chat_model(openai_settings(server, llm_retries=0))
        with pytest.raises(LLMError, match="no text"):
            list(llm.stream(QUESTION))
        assert len(server.requests) == 1


def test_unparseable_first_reply_is_retried_and_the_second_one_used() -> None:
    replies = iter(["", "第二次的回答"])
    with OpenAIStubServer(lambda messages: next(replies)) as server:
        llm = make_chat_model(openai_settings(server, llm_retries=1))
        assert "".join(str(c.content) for c in llm.stream(QUESTION)) == "第二次的回答"
        assert len(server.requests) == 2


def test_unreachable_server_raises() -> None:
    with OpenAIStubServer() as server:
        settings = openai_settings(server, llm_timeout=2.0, llm_retries=0)
    llm = make_chat_model(settings)  # the port is closed now
    with pytest.raises(LLMError, match="Connection"):
        llm.invoke(QUESTION)


# -- (d) transformers: a tiny model built here ---------------------------------------------------

CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
CORPUS = (
    "全面深化改革的总目标是完善和发展中国特色社会主义制度，推进国家治理体系和治理能力现代化。"
    "根据决定第三条，应当加快转变政府职能，建设法治政府和服务型政府。"
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,:;?!()[]《》，。？！：；、\n"
)
SPECIALS = ["<pad>", "<unk>", "<s>", "</s>", "<|system|>", "<|user|>", "<|assistant|>", "<|end|>"]


def build_tiny_model(folder: Path, *, chat_template: str | None = CHAT_TEMPLATE) -> Path:
    """A 2-layer Llama (hidden size 32) with a char-level tokenizer, saved like a hub folder."""
    import torch
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    chars = sorted(set(CORPUS) | set(SYSTEM) | set(QUESTION))
    vocab = {tok: i for i, tok in enumerate([*SPECIALS, *chars])}
    core = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    core.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    core.decoder = decoders.Fuse()
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=core,
        pad_token="<pad>",
        unk_token="<unk>",
        bos_token="<s>",
        eos_token="</s>",
        additional_special_tokens=SPECIALS[4:],
    )
    tokenizer.chat_template = chat_template
    config = LlamaConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        pad_token_id=vocab["<pad>"],
        bos_token_id=vocab["<s>"],
        eos_token_id=vocab["</s>"],
        tie_word_embeddings=False,
    )
    torch.manual_seed(1234)
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-llama"))


@pytest.mark.slow
def test_transformers_backend_is_deterministic_and_streams(tiny_model_dir: Path) -> None:
    from assistant.answer.llm.transformers_backend import TransformersChat

    llm = make_chat_model(
        Settings(llm="transformers", transformers_model=str(tiny_model_dir), max_new_tokens=24)
    )
    assert isinstance(llm, TransformersChat)
    messages = [SystemMessage(SYSTEM), HumanMessage(QUESTION)]
    assert llm.build_prompt(messages) == f"<|system|>{SYSTEM}<|end|><|user|>{QUESTION}<|end|><|assistant|>"

    first = llm.invoke(messages).content
    second = llm.invoke(messages).content
    assert isinstance(first, str) and first
    assert first == second  # greedy decoding

    pieces = [c.content for c in llm.stream(messages) if c.content]
    assert len(pieces) > 1
    assert "".join(pieces) == first


@pytest.mark.slow
def test_transformers_backend_honours_max_new_tokens_and_stop(tiny_model_dir: Path) -> None:
    from assistant.answer.llm.transformers_backend import TransformersChat

    llm = TransformersChat(model_path=str(tiny_model_dir), max_new_tokens=24)
    full = llm.invoke(QUESTION).content
    assert isinstance(full, str) and len(full) >= 6
    short = TransformersChat(model_path=str(tiny_model_dir), max_new_tokens=4).invoke(QUESTION).content
    assert full.startswith(short) and len(short) <= 4  # one character per token

    stop = full[4:6]
    expected = full[: full.find(stop)]
    assert llm.invoke(QUESTION, stop=[stop]).content == expected
    assert "".join(str(c.content) for c in llm.stream(QUESTION, stop=[stop])) == expected


@pytest.mark.slow
def test_transformers_backend_without_chat_template_uses_plain_prompt(tmp_path: Path) -> None:
    from assistant.answer.llm.transformers_backend import TransformersChat

    folder = build_tiny_model(tmp_path / "plain", chat_template=None)
    llm = TransformersChat(model_path=str(folder), max_new_tokens=8)
    prompt = llm.build_prompt([SystemMessage("规则"), HumanMessage("问题")])
    assert prompt == "system: 规则\nuser: 问题\nassistant:"
    assert llm.invoke("问题").content == llm.invoke("问题").content


def test_stop_filter_holds_back_partial_stop_strings() -> None:
    from assistant.answer.llm.transformers_backend import _StopFilter

    f = _StopFilter(["END"])
    out = [f.feed(p) for p in ["答案", "是E", "N", "D之后"]]
    assert out == ["答案", "是", "", ""] and f.stopped and f.flush() == ""
    g = _StopFilter(["END"])
    assert [g.feed(p) for p in ["aE", "Nb"]] + [g.flush()] == ["a", "ENb", ""]
    h = _StopFilter(["END"])
    assert h.feed("xE") == "x" and h.flush() == "E"


def test_gguf_parts_with_a_wrong_checksum_are_rejected(tmp_path: Path) -> None:
    from assistant.answer.llm.gguf import _assemble

    parts = [tmp_path / "part01.bin", tmp_path / "part02.bin"]
    parts[0].write_bytes(b"GGUF\x03\x00\x00\x00")
    parts[1].write_bytes(b"not the model")
    target = tmp_path / "models" / "model.gguf"
    with pytest.raises(ConfigError, match="sha256") as info:
        _assemble(parts, target)
    assert "SHA-256" in info.value.zh
    assert list(target.parent.iterdir()) == []  # no partial file, no checksum marker


# -- (e) llama.cpp with the real GGUF model from PyPI --------------------------------------------


@pytest.mark.slow
def test_llamacpp_backend_answers_chinese_with_real_gguf() -> None:
    from assistant.answer.llm.gguf import PIP_REQUIREMENTS, find_gguf
    from assistant.answer.llm.llamacpp_backend import LlamaCppChat

    path = find_gguf()
    if path is None:
        pytest.skip("GGUF model not installed; run: pip install " + " ".join(PIP_REQUIREMENTS))
    settings = Settings(llm="llamacpp", llamacpp_model=str(path), max_new_tokens=48, llm_timeout=300)
    llm = make_chat_model(settings)
    again = make_chat_model(settings)
    assert isinstance(llm, LlamaCppChat) and isinstance(again, LlamaCppChat)
    assert llm.openai_api_base == again.openai_api_base  # one server per model file
    address = str(llm.openai_api_base)
    try:
        messages = [SystemMessage("请用中文简短回答。"), HumanMessage("中国的首都是哪个城市？")]
        pieces = [c.content for c in llm.stream(messages) if c.content]
        assert len(pieces) > 1
        assert "北京" in "".join(str(p) for p in pieces)
    finally:
        llm.close()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(address + "/models", timeout=5)
