"""Documents tab logic: the table, uploads, deletion and re-indexing with a progress bar."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant.app.documents import META_FIELDS
from assistant.app.render import DOC_HEADERS, document_rows, index_summary_zh, local_time
from assistant.app.service import AppService
from assistant.errors import AssistantError, DocumentError
from assistant.index.indexer import IndexReport
from assistant.ingest.load import load_document

log = logging.getLogger(__name__)


def table(service: AppService) -> pd.DataFrame:
    return pd.DataFrame(document_rows(service.manifest()), columns=DOC_HEADERS)


def choices(service: AppService) -> list[tuple[str, str]]:
    docs = service.manifest().get("documents") or {}
    return [(f"{d.get('title') or doc_id}（{doc_id}）", doc_id) for doc_id, d in sorted(docs.items())]


def overview(service: AppService) -> str:
    m = service.manifest()
    docs = m.get("documents") or {}
    if service.open_error is not None and not docs:
        return f"⚠ {service.open_error.zh}"
    chunks = sum(int(d.get("chunks", 0)) for d in docs.values())
    return (
        f"共 **{len(docs)}** 篇文档、**{chunks}** 个段落　·　更新于 {local_time(m.get('created', ''))}\n\n"
        f"<details><summary>详细信息</summary>索引版本 <code>{m.get('generation', '-')}</code>　·　"
        f"向量模型 <code>{m.get('embedder', '-')}</code></details>"
    )


def refresh(service: AppService) -> tuple[Any, ...]:
    """(table, delete dropdown, overview)"""
    return table(service), gr.update(choices=choices(service), value=None), overview(service)


def zh_reason(service: AppService, name: str, reason: str) -> str:
    """The Chinese reason the loader gives for a file the indexer skipped (its English reason otherwise)."""
    if reason.startswith("duplicate of "):
        return f"内容与已有文档“{reason.removeprefix('duplicate of ')}”相同"
    docs_dir = Path(service.settings.docs_dir)
    for path in docs_dir.rglob(name):
        try:
            load_document(path, docs_dir, service.settings.max_doc_bytes)
        except DocumentError as exc:
            return exc.zh
        except OSError:
            break
    return reason


def _no_progress(*args: Any, **kwargs: Any) -> None:
    return None


STAGES_ZH = {"starting": "启动索引进程", "loading": "读取文档、加载模型", "embedding": "计算段落向量",
             "children": "计算子段向量", "writing": "写入新索引"}


def _progress_callback(progress: Any, clock: Callable[[], float] = time.monotonic):
    """Indexer progress -> the progress bar: chunks embedded / total and the time still needed."""
    first: list[tuple[float, int]] = []  # (time, chunks done) at the first report: the rate is measured from it

    def report(done: int, total: int, stage: str) -> None:
        now = clock()
        desc = STAGES_ZH.get(stage, stage)
        if stage == "embedding":
            if not first:
                first.append((now, done))
            desc += f"：{done}/{total} 段"
            t0, d0 = first[0]
            if d0 < done < total:
                desc += f"，预计还需 {eta_zh((now - t0) / (done - d0) * (total - done))}"
        progress((done, max(total, 1)), desc=desc, unit="段")

    return report


def eta_zh(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds} 秒" if seconds < 60 else f"{seconds // 60} 分 {seconds % 60} 秒"


def _reindex(service: AppService, progress: Any) -> IndexReport:
    progress(0.1, desc="更新索引")
    report = service.index(progress=_progress_callback(progress))
    progress(0.95, desc="加载新索引")
    service.reload()
    return report


def upload(service: AppService, files: list[str] | None, progress: Any = None) -> tuple[Any, ...]:
    """Check uploads, save the good ones into the documents folder, re-index.
    Returns (status, table, delete dropdown, overview, upload box)."""
    progress = _no_progress if progress is None else progress  # gr.Progress is falsy: no `or`
    paths = [Path(f if isinstance(f, str) else getattr(f, "name", str(f))) for f in (files or [])]
    if not paths:
        return ("请先选择要上传的文件（支持 txt、md、docx、pdf、html）。", *refresh(service), gr.skip())
    progress(0.02, desc="检查文件")
    plan = service.library.prepare(paths, service.manifest())
    lines = [f"✖ {e}" for e in plan.errors]
    if not plan.accepted:
        service.library.discard(plan)
        return ("\n\n".join(["**没有文件被添加，索引未改变。**", *lines]), *refresh(service), None)
    installed = service.library.install(plan)
    try:
        report = _reindex(service, progress)
    except AssistantError as exc:
        for item in installed:
            service.library.undo(item)
        return ("\n\n".join([f"✖ 索引更新失败：{exc.zh} 已撤销上传。", *lines]), *refresh(service), gr.skip())
    for item in installed:
        reason = report.skipped.get(item.name)
        if reason:  # the loader accepted it in staging, the indexer did not: put things back
            why = zh_reason(service, item.name, reason)
            service.library.undo(item)
            lines.append(f"✖ {item.name}：未能建立索引（{why}），已撤销。")
        else:
            verb = "已替换" if item.backup is not None else "已添加"
            lines.insert(0, f"✔ {verb}：{item.name}")
    lines.append(f"索引已更新：{index_summary_zh(report)}")
    return ("\n\n".join(lines), *refresh(service), None)


def delete(service: AppService, doc_id: str | None, progress: Any = None) -> tuple[Any, ...]:
    """Move a document out of the documents folder and re-index. Returns (status, table, dropdown, overview)."""
    progress = _no_progress if progress is None else progress  # gr.Progress is falsy: no `or`
    if not doc_id:
        return ("请先选择要删除的文档。", *refresh(service))
    title = (service.manifest().get("documents") or {}).get(doc_id, {}).get("title", doc_id)
    try:
        moved = service.library.delete(doc_id)
    except AssistantError as exc:
        return (f"✖ {exc.zh}", *refresh(service))
    try:
        report = _reindex(service, progress)
    except AssistantError as exc:
        service.library.restore(moved, doc_id)
        return (f"✖ 索引更新失败：{exc.zh} 文档已恢复。", *refresh(service))
    return (
        f"✔ 已删除：{title}（{doc_id}），文件已移到回收站。\n\n索引已更新：{index_summary_zh(report)}",
        *refresh(service),
    )


def rescan(service: AppService, progress: Any = None) -> tuple[Any, ...]:
    """Re-index after files were changed in the folder directly. Returns (status, table, dropdown, overview)."""
    progress = _no_progress if progress is None else progress  # gr.Progress is falsy: no `or`
    try:
        report = _reindex(service, progress)
    except AssistantError as exc:
        return (f"✖ {exc.zh}", *refresh(service))
    lines = [f"索引已更新：{index_summary_zh(report)}"]
    lines += [
        f"⚠ 跳过 {name}：{zh_reason(service, name, reason)}"
        for name, reason in sorted(report.skipped.items())
    ]
    if report.unsupported:
        lines.append("⚠ 不支持的文件类型（未索引）：" + "、".join(sorted(report.unsupported)))
    return ("\n\n".join(lines), *refresh(service))


def meta_form(service: AppService, doc_id: str | None) -> tuple[str, ...]:
    """The correction form's values (标题, 发文机关, 成文日期, 文号, 状态) for the chosen document."""
    d = (service.manifest().get("documents") or {}).get(doc_id or "", {})
    meta = d.get("meta") or {}
    return tuple(str(d.get("title") or "") if key == "title" else str(meta.get(key) or "") for key, _ in META_FIELDS)


def save_meta(service: AppService, doc_id: str | None, *values: str, progress: Any = None) -> tuple[Any, ...]:
    """Save an administrator's metadata corrections as the document's sidecar and re-index it.
    Returns (status, table, dropdown, overview)."""
    progress = _no_progress if progress is None else progress  # gr.Progress is falsy: no `or`
    fields = {key: (values[i] if i < len(values) else "") for i, (key, _) in enumerate(META_FIELDS)}
    try:
        sidecar = service.library.save_meta(doc_id or "", fields)
        report = _reindex(service, progress)
    except AssistantError as exc:
        return (f"✖ {exc.zh}", *refresh(service))
    table_, _, overview_ = refresh(service)
    return (
        f"✔ 已保存 {doc_id} 的元数据（{sidecar.name}）。\n\n索引已更新：{index_summary_zh(report)}",
        table_,
        gr.update(choices=choices(service), value=doc_id),
        overview_,
    )
