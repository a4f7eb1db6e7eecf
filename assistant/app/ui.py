"""Page layout and event wiring (Gradio 6). Logic lives in chat.py and docs_tab.py."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import gradio as gr

from assistant.app import chat, docs_tab
from assistant.app.api import answer_dict
from assistant.app.documents import META_FIELDS
from assistant.app.render import DOC_HEADERS, sources_html
from assistant.app.service import AppService
from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.ingest.load import SUPPORTED
from assistant.records import Document
from assistant.study.ui import build_study_tab

TITLE = "政策文件问答助手"
EXAMPLES = [
    "到2027年全市工业总产值目标是多少？",
    "那制造业增加值占比呢？",
    "“33618”现代制造业集群体系指什么？",
    "5张清单是哪些？",
]
LLM_CHOICES = [
    ("抽取式（原文摘句）", "none"),
    ("OpenAI 兼容接口", "openai"),
    ("llama.cpp 本地模型", "llamacpp"),
]
CHAT_CONCURRENCY = 4
PLACEHOLDER = (
    "**请输入关于已收录政策文件的问题。**\n\n回答中的 [1]、[2] 等编号可点击，"
    "右侧「来源」面板会定位并高亮对应原文。"
)


def _indexed_documents(service: AppService) -> list[Document]:
    """Documents of the live index for the study tab (empty while no index is loaded)."""
    try:
        return list(service.assistant.snapshot.docs.values())
    except AssistantError:
        return []


@dataclass
class ChatTab:
    """The 问答 tab's components."""

    chatbot: Any
    question: Any
    send: Any
    clear: Any
    status: Any
    target: Any
    comment: Any
    up: Any
    down: Any
    export_btn: Any
    golden_btn: Any
    files: Any
    llm: Any
    top_k: Any
    sources: Any


@dataclass
class DocsTab:
    """The 文档 tab's components."""

    overview: Any
    doc_table: Any
    uploads: Any
    upload_btn: Any
    doc_pick: Any
    delete_btn: Any
    rescan_btn: Any
    doc_status: Any
    meta_boxes: list[Any]
    meta_btn: Any


def build_ui(service: AppService) -> gr.Blocks:
    """The page: header, the 问答, 文档 and 学习工具 tabs, their events, and the API endpoints."""
    s = service.settings
    llm_choices = list(LLM_CHOICES)
    if s.llm not in {v for _, v in llm_choices}:
        llm_choices.append((s.llm, s.llm))
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        state = gr.State(None)
        gr.HTML(
            f'<div class="app-header"><h1>{TITLE}</h1>'
            "<p>依据已索引的改革与政策文件作答，每句话都标注出处并核实原文；文档中没有依据时会明确说明。</p></div>",
            js_on_load=None,
        )
        with gr.Tabs():
            with gr.Tab("问答", id="chat-tab"), gr.Row(equal_height=False):
                chat_tab = _chat_tab(s, llm_choices)
            with gr.Tab("文档", id="docs-tab"):
                docs = _docs_tab()
            build_study_tab(lambda: _indexed_documents(service))
        _wire_chat(service, chat_tab, state)
        _wire_docs(service, docs, demo)
        _api(service)
    return demo


def _chat_tab(s: Settings, llm_choices: list[tuple[str, str]]) -> ChatTab:
    """Conversation, question box, examples, feedback, exports and settings; the sources panel beside them."""
    with gr.Column(scale=3, min_width=420):
        chatbot = gr.Chatbot(
            label="对话",
            show_label=False,  # a floating label would sit over the messages once they scroll
            elem_id="chat",
            height=540,
            render_markdown=False,
            feedback_options=("Like", "Dislike"),
            placeholder=PLACEHOLDER,
            layout="bubble",
            buttons=["copy"],
        )
        with gr.Row():
            question = gr.Textbox(
                label="问题",
                show_label=False,
                elem_id="question",
                scale=6,
                lines=1,
                max_lines=5,
                placeholder="输入问题后按回车，例如：到2027年全市工业总产值目标是多少？",
            )
            send = gr.Button("提问", variant="primary", scale=1, min_width=80, elem_id="send")
            clear = gr.Button("清空对话", scale=1, min_width=80, elem_id="clear")
        status = gr.Markdown(elem_id="chat-status")
        gr.Examples(
            examples=[[e] for e in EXAMPLES],
            inputs=[question],
            label="示例问题（点击填入；“那制造业增加值占比呢？”是接着第一个问题的追问）",
        )
        target, comment, up, down = _feedback_box()
        export_btn, golden_btn, files = _exports_box()
        llm, top_k = _settings_box(s, llm_choices)
    with gr.Column(scale=2, min_width=340, elem_id="sources-col"):
        gr.Markdown("### 来源")
        sources = gr.HTML(sources_html([]), elem_id="sources-panel", js_on_load=None)

    return ChatTab(chatbot, question, send, clear, status, target, comment, up, down, export_btn, golden_btn, files, llm, top_k, sources)


def _feedback_box() -> tuple[Any, ...]:
    """Rate an answer: which one, an optional comment, 有帮助 / 有问题."""
    with gr.Accordion("反馈：这个回答有帮助吗？", open=True, elem_id="feedback"):
        # one row each: the drop-down needs the width to show the question
        target = gr.Dropdown(
            label="评价的回答",
            choices=[],
            value=None,
            elem_id="fb-target",
            allow_custom_value=False,
        )
        comment = gr.Textbox(
            label="说明（可选）",
            lines=1,
            elem_id="fb-comment",
            placeholder="例如：数字不对 / 引用的不是相关段落",
        )
        with gr.Row():
            up = gr.Button("有帮助", size="sm", elem_id="fb-up")
            down = gr.Button("有问题", size="sm", elem_id="fb-down")
        gr.Markdown(
            "也可以直接点击每条回答下方的拇指图标评价；填写的说明会一并保存。",
            elem_classes=["hint"],
        )
    return target, comment, up, down


def _exports_box() -> tuple[Any, ...]:
    """Export the conversation, or the 👎 answers as golden-set candidates."""
    with gr.Accordion("导出", open=False, elem_id="exports"):
        with gr.Row():
            export_btn = gr.Button(
                "导出本次对话（Markdown + Word）", size="sm", elem_id="export-session"
            )
            golden_btn = gr.Button(
                "导出「有问题」的回答为黄金集候选（JSONL）",
                size="sm",
                elem_id="export-golden",
            )
        files = gr.File(
            label="下载", file_count="multiple", interactive=False, elem_id="downloads"
        )
    return export_btn, golden_btn, files


def _settings_box(s: Settings, llm_choices: list[tuple[str, str]]) -> tuple[Any, ...]:
    """Answer settings: the backend and top-k."""
    with gr.Accordion("回答设置", open=False, elem_id="settings"):
        llm = gr.Radio(label="回答方式", choices=llm_choices, value=s.llm, elem_id="llm")
        top_k = gr.Slider(
            label="检索段落数（top-k）",
            minimum=1,
            maximum=20,
            step=1,
            value=s.top_k,
            elem_id="top-k",
        )
        gr.Markdown(
            "大模型不可用时会自动改用抽取式回答，并在回答中提示。", elem_classes=["hint"]
        )
    return llm, top_k



def _docs_tab() -> DocsTab:
    """The document table, upload, delete and rescan."""
    overview = gr.Markdown(elem_id="doc-overview")
    doc_table = gr.Dataframe(
        headers=DOC_HEADERS,
        datatype=["str", "str", "str", "str", "str", "str", "number", "str"],
        interactive=False,
        wrap=True,
        elem_id="doc-table",
        max_height=420,
        column_widths=["24%", "18%", "12%", "10%", "12%", "7%", "7%", "10%"],
    )
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            uploads = gr.File(
                label="上传文档（txt、md、docx、pdf、html，可多选）",
                file_count="multiple",
                file_types=list(SUPPORTED),
                elem_id="upload-files",
                height=140,
            )
            upload_btn = gr.Button("上传并更新索引", variant="primary", elem_id="upload-btn")
        with gr.Column(scale=2):
            doc_pick = gr.Dropdown(label="选择文档", choices=[], value=None, elem_id="doc-pick")
            delete_btn = gr.Button(
                "删除所选文档（移到回收站）", variant="stop", elem_id="delete-btn"
            )
            rescan_btn = gr.Button("重新扫描文件夹并更新索引", elem_id="rescan-btn")
            with gr.Accordion("更正所选文档的元数据", open=False, elem_id="meta-edit"):
                meta_boxes = [gr.Textbox(label=zh, lines=1, elem_id=f"meta-{key}") for key, zh in META_FIELDS]
                meta_btn = gr.Button("保存元数据并更新索引", elem_id="meta-save")
                gr.Markdown(
                    "保存为文档旁的 .meta.json 文件，优先于从正文识别的结果；留空表示未知。",
                    elem_classes=["hint"],
                )
    doc_status = gr.Markdown(elem_id="doc-status")
    return DocsTab(overview, doc_table, uploads, upload_btn, doc_pick, delete_btn, rescan_btn, doc_status,
                   meta_boxes, meta_btn)


def _wire_chat(service: AppService, c: ChatTab, state: Any) -> None:
    """Asking (streamed), clearing, ratings and exports."""
    chatbot, question, send, clear, status, target, comment = (
        c.chatbot, c.question, c.send, c.clear, c.status, c.target, c.comment)
    up, down, export_btn, golden_btn, files, llm, top_k, sources = (
        c.up, c.down, c.export_btn, c.golden_btn, c.files, c.llm, c.top_k, c.sources)

    def respond(text: str, st: Any, backend: str, k: float) -> Any:
        yield from chat.respond(service, text, st, backend, k)

    chat_io: dict[str, Any] = {
        "fn": respond,
        "inputs": [question, state, llm, top_k],
        "outputs": [chatbot, sources, question, state, target, status],
        "concurrency_limit": CHAT_CONCURRENCY,
        "concurrency_id": "chat",
        "api_visibility": "private",
    }
    asking = [question.submit(**chat_io), send.click(**chat_io)]
    reset_io: dict[str, Any] = {
        "fn": chat.clear,
        "inputs": None,
        "outputs": [chatbot, sources, question, state, target, status, comment, files],
        "cancels": asking,  # an answer still streaming must not bring the old conversation back
        "api_visibility": "private",
    }
    clear.click(**reset_io)
    chatbot.clear(**reset_io)

    def like(st: Any, text: str, data: gr.LikeData) -> tuple[str, str, Any]:
        return chat.on_like(service, st, text, data)

    chatbot.like(like, [state, comment], [status, comment, target], api_visibility="private")
    up.click(
        partial(chat.rate_and_show, service, rating=1),
        [state, target, comment],
        [status, comment, chatbot],
        api_visibility="private",
    )
    down.click(
        partial(chat.rate_and_show, service, rating=-1),
        [state, target, comment],
        [status, comment, chatbot],
        api_visibility="private",
    )
    export_btn.click(
        partial(chat.export_session, service), [state], [files, status], api_visibility="private"
    )
    golden_btn.click(
        partial(chat.export_golden, service), None, [files, status], api_visibility="private"
    )



def _wire_docs(service: AppService, d: DocsTab, demo: gr.Blocks) -> None:
    """Upload, delete and rescan (one indexing run at a time), and the table on page load."""
    overview, doc_table, uploads, upload_btn, doc_pick, delete_btn, rescan_btn, doc_status = (
        d.overview, d.doc_table, d.uploads, d.upload_btn, d.doc_pick, d.delete_btn, d.rescan_btn, d.doc_status)

    def do_upload(paths: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        return docs_tab.upload(service, paths, progress)

    def do_delete(doc_id: str | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        return docs_tab.delete(service, doc_id, progress)

    def do_rescan(progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        return docs_tab.rescan(service, progress)

    index_io: dict[str, Any] = {
        "show_progress_on": [doc_status],
        "concurrency_limit": 1,
        "concurrency_id": "index",
        "api_visibility": "private",
    }
    upload_btn.click(
        do_upload, [uploads], [doc_status, doc_table, doc_pick, overview, uploads], **index_io
    )
    delete_btn.click(do_delete, [doc_pick], [doc_status, doc_table, doc_pick, overview], **index_io)
    rescan_btn.click(do_rescan, None, [doc_status, doc_table, doc_pick, overview], **index_io)
    _wire_meta(service, d, index_io)
    demo.load(
        partial(docs_tab.refresh, service),
        None,
        [doc_table, doc_pick, overview],
        api_visibility="private",
    )



def _wire_meta(service: AppService, d: DocsTab, index_io: dict[str, Any]) -> None:
    """An administrator corrects a document's metadata; it is saved as a sidecar and re-indexed."""

    def do_save_meta(doc_id: str | None, title: str, issuer: str, date: str, number: str, status: str,
                     progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        return docs_tab.save_meta(service, doc_id, title, issuer, date, number, status, progress=progress)

    d.doc_pick.change(partial(docs_tab.meta_form, service), [d.doc_pick], d.meta_boxes, api_visibility="private")
    d.meta_btn.click(do_save_meta, [d.doc_pick, *d.meta_boxes], [d.doc_status, d.doc_table, d.doc_pick, d.overview],
                     **index_io)


def _api(service: AppService) -> None:
    """The public API: `ask` and `documents` (gradio_client); `POST /api/ask` is in assistant/app/api.py."""

    def ask(
        question: str,
        history: list[list[str]] | None = None,
        k: int | None = None,
        llm: str | None = None,
    ) -> dict[str, Any]:
        """Answer a question from the indexed documents. history: [[question, answer], ...] of earlier
        turns. Returns the verified answer with citations (doc_id, title, section, quote, offsets)."""
        try:
            return answer_dict(service, question, history, k, llm)
        except AssistantError as exc:
            raise gr.Error(exc.zh) from exc

    def documents() -> dict[str, Any]:
        """The indexed documents: doc_id -> {title, path, sha256, meta, chunks, indexed_at}."""
        return dict(service.manifest().get("documents") or {})

    gr.api(ask, api_name="ask", concurrency_limit=CHAT_CONCURRENCY, concurrency_id="chat")
    gr.api(documents, api_name="documents")
