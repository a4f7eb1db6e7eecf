"""Errors meant for users: each carries an English message (logs, CLI) and a Chinese one (UI)."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class for errors that are shown to a user as one line, never as a traceback."""

    zh: str = "操作失败。"

    def __init__(self, message: str, zh: str | None = None) -> None:
        super().__init__(message)
        if zh is not None:
            self.zh = zh


class DocumentError(AssistantError):
    """A document could not be read (unsupported, empty, binary, corrupt)."""

    zh = "文档无法读取。"


class IndexMissingError(AssistantError):
    zh = "索引不存在，请先建立索引（assistant index）。"


class IndexCorruptError(AssistantError):
    zh = "索引文件已损坏，请运行 assistant index --rebuild 重建索引。"


class ModelMismatchError(AssistantError):
    zh = "索引是用另一个向量模型建立的，请使用相同模型或重建索引。"


class BadQuestionError(AssistantError):
    zh = "问题无效。"


class IndexWriteError(AssistantError):
    zh = "索引写入失败（磁盘空间不足或无写权限），原有索引未改变。"


class LLMError(AssistantError):
    zh = "大模型服务不可用，已改用抽取式回答。"


class ConfigError(AssistantError):
    zh = "配置无效。"


class UsageError(AssistantError):
    """A command was given arguments that do not fit together (shown like any user error: one line, exit 2)."""

    zh = "命令用法有误。"
