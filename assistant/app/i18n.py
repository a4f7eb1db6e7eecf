"""Chinese everywhere, whatever language the browser asks for.

Gradio's front end picks its strings (upload box, copy buttons, footer, login page) from the browser's
language. Two parts make them Chinese for every visitor:

- `ChineseLocale`, an ASGI middleware, adds a small script at the top of each HTML page that reports
  zh-CN as the browser language before Gradio's bundle reads it, and marks the page `lang="zh-CN"`;
- `translations()` fills in the keys Gradio's own zh-CN dictionary lacks (and a few wordings we
  prefer), for `launch(i18n=gr.I18n(...))`; the login page gets the same through the injected script,
  because Gradio sends no translations before login.
"""

from __future__ import annotations

import json
from typing import Any

LOCALE = "zh-CN"

# Keys of Gradio 6's English dictionary that its zh-CN dictionary does not have, plus wordings we prefer.
ZH: dict[str, str] = {
    "login.incorrect_credentials": "用户名或密码错误，请重新输入。",
    "login.login": "登录",
    "login.username": "用户名",
    "login.password": "密码",
    "upload_text.drop_file": "将文件拖放到此处",
    "upload_text.click_to_upload": "点击选择文件",
    "chatbot.complete": "完成",
    "chatbot.copy_message": "复制消息",
    "chatbot.copied_message": "已复制",
    "chatbot.like": "有帮助",
    "chatbot.dislike": "有问题",
    "chatbot.clear": "清空对话",
    "chat_interface.new_chat": "新对话",
    "chat_interface.message_placeholder": "输入消息…",
    "chat_interface.additional_inputs": "更多输入",
    "chat_interface.chatbot": "对话",
    "chat_interface.conversation": "对话",
    "common.download_all": "全部下载",
    "common.runs": "运行记录",
    "common.runs_description": "查看此浏览器中保存的运行记录",
    "common.back_to_app": "返回应用",
    "common.back_to_app_description": "返回应用",
    "common.progress": "进度",
    "common.record": "录制",
    "common.stop_recording": "停止录制",
    "common.screen_studio": "录屏",
    "common.share_gradio_tab": "分享页面",
    "common.run": "运行",
    "dataframe.import_empty_file": "拖入的文件是空的。",
    "dataframe.import_no_column_names": "拖入的文件没有列名。",
    "dataframe.import_ragged_row": "文件第 {line} 行有 {fields} 列，表头有 {columns} 列。",
    "dataframe.import_static_columns": "表格的列是只读的，不能导入。",
    "dataframe.import_fixed_columns": "此表格必须正好 {expected} 列，文件有 {actual} 列。",
    "dataframe.import_fixed_rows": "此表格必须正好 {expected} 行，文件有 {actual} 行。",
    "dataframe.filter": "筛选",
    "dataframe.clear_filter": "清除筛选",
    "status.queue_position": "排队中：第 {position} 位，共 {size} 位",
    "errors.use_via_api": "API 接口",
    "common.settings": "设置",
}


def translations() -> dict[str, dict[str, str]]:
    """Custom translations by locale for `gr.I18n`: our Chinese under zh-CN (the forced locale)."""
    return {LOCALE: dict(ZH)}


def _nested(flat: dict[str, str]) -> dict[str, Any]:
    """svelte-i18n's addMessages takes nested objects; Gradio's own dictionaries are nested too."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        node = out
        *path, last = key.split(".")
        for part in path:
            node = node.setdefault(part, {})
        node[last] = value
    return out


def head_script() -> str:
    """Runs before Gradio's bundle: report zh-CN as the browser language; before login (no translations
    in the config yet), add ours to the page config so the login page's messages are ours too."""
    data = json.dumps({LOCALE: _nested(ZH)}, ensure_ascii=False).replace("</", "<\\/")
    return (
        "<script>(function(){"
        f"var L={json.dumps(LOCALE)};"
        "try{Object.defineProperty(navigator,'language',{get:function(){return L},configurable:true});"
        "Object.defineProperty(navigator,'languages',{get:function(){return [L,'zh']},configurable:true});}"
        "catch(e){}"
        "document.documentElement.setAttribute('lang',L);"
        f"var T={data};"
        "var fill=function(){var c=window.gradio_config;if(c&&!c.i18n_translations){c.i18n_translations=T;}};"
        "fill();document.addEventListener('DOMContentLoaded',fill);"
        "})();</script>"
    )


class ChineseLocale:
    """ASGI middleware: inserts `head_script()` into every text/html response (the app and login page)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.script = head_script().encode("utf-8")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if not headers.get(b"content-type", b"").startswith(b"text/html"):
                    start = None
                    await send(message)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = self.inject(b"".join(chunks))
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)

    def inject(self, body: bytes) -> bytes:
        """The script goes right after the page config (so it can complete it), else after <head>."""
        marker = b"<script data-gradio-mode>"
        i = body.find(marker)
        if i < 0:
            j = body.find(b"<head>")
            i = j + len(b"<head>") if j >= 0 else 0
        body = body[:i] + self.script + body[i:]
        return body.replace(b'lang="en"', b'lang="zh-CN"', 1)
