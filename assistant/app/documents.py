"""The documents folder as the app changes it: checked uploads, deletions (to a trash folder), names.

Uploads are validated in a staging folder (the same loader the indexer uses) before they reach the
documents folder, so a bad file is reported in Chinese and changes nothing. Files are written under a
hidden temporary name and renamed into place, so a concurrent indexing run never sees half a file.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError
from assistant.ingest.load import SIDECAR_SUFFIX, SUPPORTED, file_hash, load_document

MAX_NAME_CHARS = 120
MAX_META_CHARS = 200
# Sidecar keys the loader reads (assistant/ingest/load.py META_KEYS), in the order the form shows them.
META_FIELDS = (("title", "标题"), ("issuer", "发文机关"), ("date", "成文日期"), ("number", "文号"), ("status", "状态"))
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
SUPPORTED_ZH = "txt、md、docx、pdf、html"


class UploadNameError(DocumentError):
    zh = "文件名无效。"


def safe_filename(name: str) -> str:
    """A file name safe to create inside the documents folder, or UploadNameError.

    Only a plain base name is accepted: no directory part (``/`` or ``\\``), no ``..``, not hidden
    (hidden files are never indexed), no control characters, and a supported extension."""
    if not isinstance(name, str):
        raise UploadNameError("file name must be text", zh="文件名无效。")
    cleaned = _CONTROL.sub("", name).strip()
    if not cleaned or cleaned in (".", ".."):
        raise UploadNameError(f"invalid file name {name!r}", zh="文件名为空或无效。")
    if (
        "/" in cleaned
        or "\\" in cleaned
        or os.path.isabs(cleaned)
        or ".." in Path(cleaned.replace("\\", "/")).parts
    ):
        raise UploadNameError(
            f"file name must not contain a path: {name!r}",
            zh=f"文件名“{cleaned[:60]}”包含路径，已拒绝（只接受文件名本身）。",
        )
    if cleaned.startswith("."):
        raise UploadNameError(
            f"hidden file name {name!r}", zh=f"文件名“{cleaned[:60]}”以点开头（隐藏文件），已拒绝。"
        )
    if cleaned.endswith(SIDECAR_SUFFIX):
        raise UploadNameError(f"metadata sidecar {name!r}", zh="元数据文件（.meta.json）不能单独上传。")
    stem, suffix = os.path.splitext(cleaned)
    if suffix.lower() not in SUPPORTED:
        raise UploadNameError(
            f"unsupported file type {suffix or '(none)'}",
            zh=f"{cleaned[:60]}：不支持的文件类型 {suffix or '（无扩展名）'}，支持 {SUPPORTED_ZH}。",
        )
    if len(cleaned) > MAX_NAME_CHARS:
        cleaned = stem[: MAX_NAME_CHARS - len(suffix)] + suffix
    return cleaned


def inside(path: Path, folder: Path) -> bool:
    """True when `path` (resolved, following links) is inside `folder`."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


@dataclass
class Staged:
    name: str
    path: Path
    title: str
    replaces: bool


@dataclass
class UploadPlan:
    accepted: list[Staged] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # Chinese, one per rejected file
    staging: Path | None = None


@dataclass
class Installed:
    name: str
    target: Path
    backup: Path | None  # the file it replaced, kept in the trash folder


class DocumentLibrary:
    """Adds and removes files in `docs_dir`; never writes anywhere else except its own work folders."""

    def __init__(self, docs_dir: Path, work_dir: Path, max_bytes: int) -> None:
        self.docs_dir = Path(docs_dir)
        self.staging_dir = Path(work_dir) / "staging"
        self.trash_dir = Path(work_dir) / "trash"
        self.max_bytes = max_bytes

    def target(self, name: str) -> Path:
        path = self.docs_dir / safe_filename(name)
        if (
            path.is_symlink()
            or not inside(path.parent, self.docs_dir)
            or path.parent.resolve() != self.docs_dir.resolve()
        ):
            raise UploadNameError(f"refusing to write {path}", zh="目标路径不在文档文件夹内，已拒绝。")
        return path

    def prepare(self, uploads: list[Path], manifest: dict[str, Any] | None) -> UploadPlan:
        """Copy uploads to a staging folder and check each one. Nothing in `docs_dir` changes."""
        plan = UploadPlan()
        docs = (manifest or {}).get("documents") or {}
        by_hash = {d.get("sha256"): doc_id for doc_id, d in docs.items()}
        seen: set[str] = set()
        plan.staging = self.staging_dir / uuid.uuid4().hex
        for upload in uploads:
            upload = Path(upload)
            try:
                name = safe_filename(upload.name)
                target = self.target(name)
            except DocumentError as exc:
                plan.errors.append(exc.zh)
                continue
            if name in seen:
                plan.errors.append(f"{name}：同一批上传中文件名重复，已忽略后一个。")
                continue
            try:
                size = upload.stat().st_size
            except OSError:
                plan.errors.append(f"{name}：无法读取上传的文件。")
                continue
            if size > self.max_bytes:
                plan.errors.append(
                    f"{name}：文件过大（{size / 1e6:.1f} MB，上限 {self.max_bytes / 1e6:.0f} MB）"
                )
                continue
            plan.staging.mkdir(parents=True, exist_ok=True)
            staged = plan.staging / name
            shutil.copyfile(upload, staged)
            try:
                doc = load_document(staged, plan.staging, self.max_bytes)
            except DocumentError as exc:
                plan.errors.append(exc.zh)
                staged.unlink(missing_ok=True)
                continue
            digest = file_hash(staged)
            twin = by_hash.get(digest)
            if twin == name:
                plan.errors.append(f"{name}：与已索引的同名文档内容相同，无需更新。")
                staged.unlink(missing_ok=True)
                continue
            if twin is not None:
                plan.errors.append(f"{name}：内容与已有文档“{twin}”相同，未添加。")
                staged.unlink(missing_ok=True)
                continue
            seen.add(name)
            plan.accepted.append(Staged(name, staged, doc.title, target.exists()))
        return plan

    def install(self, plan: UploadPlan) -> list[Installed]:
        """Move accepted files into `docs_dir` (atomically each); a replaced file goes to the trash."""
        done: list[Installed] = []
        for s in plan.accepted:
            target = self.target(s.name)
            tmp = self.docs_dir / f".upload-{uuid.uuid4().hex}.part"
            self.docs_dir.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(s.path, tmp)
            backup = self._to_trash(target, copy=True) if target.is_file() else None
            os.replace(tmp, target)
            done.append(Installed(s.name, target, backup))
        self.discard(plan)
        return done

    def undo(self, item: Installed) -> None:
        """Put back what `install` replaced (or remove the new file)."""
        if item.backup is not None and item.backup.is_file():
            shutil.copyfile(item.backup, item.target)
        else:
            item.target.unlink(missing_ok=True)

    def discard(self, plan: UploadPlan) -> None:
        if plan.staging is not None:
            shutil.rmtree(plan.staging, ignore_errors=True)

    def delete(self, doc_id: str) -> Path:
        """Move a document (and its metadata sidecar) out of `docs_dir` into the trash folder."""
        path = self.document_path(doc_id, "删除")
        moved = self._to_trash(path, copy=False)
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        if sidecar.is_file():
            shutil.move(str(sidecar), str(moved.with_name(moved.name + SIDECAR_SUFFIX)))
        return moved

    def document_path(self, doc_id: str, action: str = "修改") -> Path:
        """The file of an indexed document, checked to be inside the documents folder."""
        if not doc_id or "\x00" in doc_id:
            raise DocumentError("no document selected", zh=f"请先选择要{action}的文档。")
        path = self.docs_dir / doc_id
        if ".." in Path(doc_id).parts or Path(doc_id).is_absolute() or not inside(path, self.docs_dir):
            raise DocumentError(
                f"{doc_id}: not in the documents folder", zh=f"该文档不在文档文件夹内，不能{action}。"
            )
        if not path.is_file():
            raise DocumentError(f"{doc_id}: file not found", zh=f"{doc_id}：文件已不存在。")
        return path

    def save_meta(self, doc_id: str, values: dict[str, str]) -> Path:
        """Write an administrator's corrections as the document's `NAME.meta.json` sidecar (atomically).
        Keys are META_FIELDS names; an empty value is kept (it clears what extraction found).
        Other keys already in the sidecar are left as they were."""
        path = self.document_path(doc_id)
        sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
        data: dict[str, Any] = {}
        if sidecar.is_file():
            try:
                loaded = json.loads(sidecar.read_text(encoding="utf-8"))
                data = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                data = {}  # an unreadable sidecar is replaced
        for key, zh in META_FIELDS:
            if key not in values:
                continue
            value = _CONTROL.sub(" ", str(values[key] or "")).strip()
            if len(value) > MAX_META_CHARS:
                raise DocumentError(f"{key} is too long", zh=f"{zh}过长（最多 {MAX_META_CHARS} 字）。")
            data.pop(key, None)  # one spelling per field: the Chinese key
            data[zh] = value
        if not data.get("标题"):
            data.pop("标题", None)  # an empty title falls back to the document's own
        tmp = sidecar.with_name(f".{sidecar.name}.{uuid.uuid4().hex}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, sidecar)
        return sidecar

    def restore(self, moved: Path, doc_id: str) -> None:
        """Undo `delete`."""
        path = self.docs_dir / doc_id
        shutil.move(str(moved), str(path))
        sidecar = moved.with_name(moved.name + SIDECAR_SUFFIX)
        if sidecar.is_file():
            shutil.move(str(sidecar), str(path.with_name(path.name + SIDECAR_SUFFIX)))

    def _to_trash(self, path: Path, copy: bool) -> Path:
        self.trash_dir.mkdir(parents=True, exist_ok=True)
        dest = (
            self.trash_dir / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}-{path.name}"
        )
        if copy:
            shutil.copyfile(path, dest)
        else:
            shutil.move(str(path), str(dest))
        return dest
