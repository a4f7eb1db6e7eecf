"""Chinese everywhere, whatever language the browser asks for.

Gradio's front end picks its strings (upload box, copy buttons, footer, login page) from the browser's
language. Two parts make them Chinese for every visitor:

- `ChineseLocale`, an ASGI middleware, adds a small script at the top of each HTML page that reports
  zh-CN as the browser language before Gradio's bundle reads it, and marks the page `lang="zh-CN"`;
- `translations()` fills in the keys Gradio's own zh-CN dictionary lacks (and a few wordings we
  prefer), for `launch(i18n=gr.I18n(...))`. Before login Gradio loads no custom translations, so the
  middleware also rewrites the wrong-password wording where Gradio's zh-CN dictionary file is served.
"""

from __future__ import annotations

import json
import re
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


# Labels Gradio writes in English without its dictionary (tooltips and screen-reader labels); the page
# script (assets.JS) swaps them as they appear. Patterns: (regular expression, replacement).
ZH_ATTRIBUTES: dict[str, str] = {
    "Click to upload or drop files": "点击选择或拖放文件",
    "Copy table data": "复制表格数据",
    "Dataframe": "表格",
    "Fullscreen": "全屏",
    "Exit fullscreen mode": "退出全屏",
    "Gradio footer navigation": "页脚导航",
    "Reset to default value": "恢复默认值",
    "Table actions": "表格操作",
    "chatbot conversation": "对话",
    "Clear": "清除",
    "Download": "下载",
    "Copy": "复制",
    "Copied": "已复制",
    "Close": "关闭",
    "Remove": "移除",
    "Sort column": "排序",
    "Search": "搜索",
    "Liked": "已评为有帮助",
    "Disliked": "已评为有问题",
}
ZH_ATTRIBUTE_PATTERNS: list[tuple[str, str]] = [
    (r"^bot's message: [\s\S]*", "回答"),
    (r"^user's message: [\s\S]*", "提问"),
    (r"^number input for (.*)$", "$1（数值）"),
    (r"^range slider for (.*)$", "$1（滑块）"),
]


# Before login Gradio loads no custom translations at all, so the login page's wrong-password message
# comes from Gradio's zh-CN dictionary file: its wording is replaced where that file is served.
ZH_DICTIONARY_FIXES: dict[str, str] = {"凭据不正确": ZH["login.incorrect_credentials"]}
_ZH_DICTIONARY = re.compile(r"/assets/zh-CN-[\w-]+\.js$")


def translations() -> dict[str, dict[str, str]]:
    """Custom translations by locale for `gr.I18n`: our Chinese under zh-CN (the forced locale)."""
    return {LOCALE: dict(ZH)}


def head_script() -> str:
    """Runs before Gradio's bundle: report zh-CN as the browser language (Gradio picks its dictionary
    from navigator.language) and mark the page as Chinese."""
    return (
        "<script>(function(){"
        f"var L={json.dumps(LOCALE)};"
        "try{Object.defineProperty(navigator,'language',{get:function(){return L},configurable:true});"
        "Object.defineProperty(navigator,'languages',{get:function(){return [L,'zh']},configurable:true});}"
        "catch(e){}"
        "document.documentElement.setAttribute('lang',L);"
        "})();</script>"
    )


class ChineseLocale:
    """ASGI middleware: inserts `head_script()` into every text/html page (the app and the login page)
    and applies ZH_DICTIONARY_FIXES to Gradio's zh-CN dictionary file."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.script = head_script().encode("utf-8")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET":
            await self.app(scope, receive, send)
            return
        dictionary = bool(_ZH_DICTIONARY.search(scope.get("path", "")))
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                if message.get("status") != 200 or not (html or dictionary):
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
            raw = b"".join(chunks)
            body = self.fix_dictionary(raw) if dictionary else self.inject(raw)
            out = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            out.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": out})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)

    @staticmethod
    def fix_dictionary(body: bytes) -> bytes:
        text = body.decode("utf-8")
        for old, new in ZH_DICTIONARY_FIXES.items():
            text = text.replace(f"`{old}`", json.dumps(new, ensure_ascii=False))
        return text.encode("utf-8")

    def inject(self, body: bytes) -> bytes:
        """The script goes before Gradio's first own script, else right after <head>."""
        marker = b"<script data-gradio-mode>"
        i = body.find(marker)
        if i < 0:
            j = body.find(b"<head>")
            i = j + len(b"<head>") if j >= 0 else 0
        body = body[:i] + self.script + body[i:]
        return body.replace(b'lang="en"', b'lang="zh-CN"', 1)
