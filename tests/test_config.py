"""Settings: defaults, ASSISTANT_* variables parsed by pydantic-settings, and one clear error for bad values."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import AssistantError, ConfigError


def test_a_misspelt_boolean_variable_is_a_config_error_naming_the_variable() -> None:
    with pytest.raises(ConfigError, match="ASSISTANT_GLOSSARY_EXPANSION") as info:
        Settings.from_env({"ASSISTANT_GLOSSARY_EXPANSION": "ture"})
    assert "'ture'" in str(info.value) and info.value.zh
    assert isinstance(info.value, AssistantError)


@pytest.mark.parametrize("raw, value", [("true", True), ("1", True), ("off", False), ("no", False)])
def test_boolean_variables_accept_the_usual_spellings(raw: str, value: bool) -> None:
    assert Settings.from_env({"ASSISTANT_GLOSSARY_EXPANSION": raw}).glossary_expansion is value


def test_variables_are_typed_and_overrides_win() -> None:
    s = Settings.from_env({"ASSISTANT_TOP_K": "7", "ASSISTANT_INDEX_DIR": "/tmp/ix", "ASSISTANT_LLM": "openai",
                           "OTHER": "x"}, llm="none", docs_dir=None)
    assert (s.top_k, s.index_dir, s.llm, s.docs_dir) == (7, Path("/tmp/ix"), "none", Path("documents"))


def test_process_environment_is_read_by_from_env_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_TOP_K", "9")
    assert Settings().top_k == 5
    assert Settings.from_env().top_k == 9
    monkeypatch.setenv("ASSISTANT_TOP_K", "nine")
    with pytest.raises(ConfigError, match="ASSISTANT_TOP_K"):
        Settings.from_env()


def test_replace_validates_and_rejects_unknown_or_invalid_settings() -> None:
    s = Settings()
    assert s.replace(bm25_weight="0.5").bm25_weight == 0.5
    with pytest.raises(ConfigError, match="unknown setting 'chunk_sise'"):
        s.replace(chunk_sise=300)
    with pytest.raises(ConfigError, match="chunk_overlap"):
        s.replace(chunk_overlap=400)
    with pytest.raises(ConfigError, match="llm must be one of"):
        Settings(llm="gpt")


def test_settings_are_frozen() -> None:
    with pytest.raises(Exception, match="frozen"):
        Settings().top_k = 3  # type: ignore[misc]
