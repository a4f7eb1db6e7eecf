"""Load documents: detect encodings, extract text from .docx/.pdf/.html, read titles and metadata."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import DocumentError
from assistant.ingest.metadata import extract_metadata
from assistant.records import Document

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".md", ".markdown", ".docx", ".pdf", ".html", ".htm")
SIDECAR_SUFFIX = ".meta.json"
META_KEYS = {
    "发文机关": "issuer",
    "issuer": "issuer",
    "成文日期": "date",
    "date": "date",
    "文号": "number",
    "number": "number",
    "状态": "status",
    "status": "status",
    "标题": "title",
    "title": "title",
}
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


@dataclass
class Discovery:
    """Files found under a documents folder: the ones we read and the ones we list and skip."""

    supported: list[Path] = field(default_factory=list)
    unsupported: list[Path] = field(default_factory=list)
    rejected: dict[Path, str] = field(default_factory=dict)


def discover(root: Path) -> Discovery:
    """List document files under `root`, skipping hidden files, sidecars and links leaving `root`."""
    found = Discovery()
    if not root.is_dir():
        return found
    real_root = root.resolve()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or path.name.endswith(SIDECAR_SUFFIX):
            continue
        if not _utf8_name(rel):
            found.rejected[path] = "file name is not valid UTF-8; rename the file"
            continue
        if path.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):  # dangling link or a loop (RuntimeError before Python 3.13)
                found.rejected[path] = "broken symlink (its target is missing or it loops)"
                continue
            if not target.is_relative_to(real_root):
                found.rejected[path] = "symlink points outside the documents folder"
                continue
        if not path.is_file():
            continue
        if path.suffix.lower() in SUPPORTED:
            found.supported.append(path)
        else:
            found.unsupported.append(path)
    return found


def _utf8_name(rel: Path) -> bool:
    """False for names holding undecodable bytes (surrogate escapes), which cannot be stored as JSON."""
    try:
        rel.as_posix().encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def doc_id_for(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def file_hash(path: Path) -> str:
    """Hash of the file and its metadata sidecar, so a metadata edit re-indexes the document."""
    with path.open("rb") as f:  # streamed: a huge file is rejected later without being held in memory
        h = hashlib.file_digest(f, "sha256")
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if sidecar.is_file():
        h.update(sidecar.read_bytes())
    return h.hexdigest()


def load_document(path: Path, root: Path, max_bytes: int = 10_000_000) -> Document:
    """Read one file into a `Document`; raises `DocumentError` naming the reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise DocumentError(f"{path.name}: unsupported file type {suffix or '(none)'}",
                            zh=f"{path.name}：不支持的文件类型 {suffix or '（无扩展名）'}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(
                f"{path.name}: file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit)",
                zh=f"{path.name}：文件过大（{size / 1e6:.1f} MB，上限 {max_bytes / 1e6:.0f} MB）")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{path.name}: cannot read file ({exc.strerror})",
                            zh=f"{path.name}：无法读取文件") from exc
    if not data.strip():
        raise DocumentError(f"{path.name}: document is empty", zh=f"{path.name}：文档内容为空")
    text, title = _extract(path.name, suffix, data)
    meta: dict[str, str] = {}
    if suffix in (".txt", ".md", ".markdown"):
        text, meta = _split_front_matter(text)
    meta.update(_read_sidecar(path))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError(f"{path.name}: document is empty", zh=f"{path.name}：文档内容为空")
    found = extract_metadata(text)
    meta = {**found.as_meta(), **meta}  # front matter and sidecar win over what the text shows
    title = meta.pop("title", "") or title or found.title or first_line_title(text) or path.stem
    return Document(
        doc_id=doc_id_for(path, root),
        path=str(path),
        title=title,
        text=text,
        sha256=file_hash(path),
        meta=meta,
    )


def _extract(name: str, suffix: str, data: bytes) -> tuple[str, str]:
    if suffix == ".docx":
        return _docx_text(name, data), ""
    if suffix == ".pdf":
        return _pdf_text(name, data), ""
    text = decode_text(name, data)
    if suffix in (".html", ".htm"):
        return _html_text(text)
    return text, ""


def decode_text(name: str, data: bytes) -> str:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16, or GB18030 (a superset of GBK)."""
    if not data.strip():
        raise DocumentError(f"{name}: document is empty", zh=f"{name}：文档内容为空")
    if data.startswith(b"\xef\xbb\xbf"):
        return _checked(name, data[3:].decode("utf-8", errors="replace"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _checked(name, data.decode("utf-16"))
    if _looks_utf16(data):
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        text = data.decode(enc, errors="replace")
        if not _plausible(text):  # NUL-rich bytes without a BOM: binary unless it reads as text
            raise DocumentError(f"{name}: looks like binary data, not text", zh=f"{name}：文件似乎是二进制数据，不是文本")
        return _checked(name, text)
    for enc in ("utf-8", "gb18030"):
        try:
            return _checked(name, data.decode(enc))
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError(f"{name}: binary or unknown encoding", zh=f"{name}：无法识别的编码或二进制文件")
    return _checked(name, str(best))


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return len(sample) >= 4 and sample.count(0) > len(sample) // 4 and (
        sample[1::2].count(0) > len(sample) // 3 or sample[0::2].count(0) > len(sample) // 3)


def _plausible(text: str) -> bool:
    sample = text[:4000]
    good = sum(1 for ch in sample if ch.isascii() and (ch.isprintable() or ch.isspace()) or "\u3000" <= ch <= "\u9fff"
               or "\uff00" <= ch <= "\uffef")
    return good >= 0.9 * len(sample)


def _checked(name: str, text: str) -> str:
    """Reject text that is really binary data: NULs or many control characters."""
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd"
              or unicodedata.category(ch) in ("Cn", "Co", "Cs"))
    if "\x00" in sample or bad > max(8, len(sample) // 50):
        raise DocumentError(f"{name}: looks like binary data, not text", zh=f"{name}：文件似乎是二进制数据，不是文本")
    return text


def _docx_text(name: str, data: bytes) -> str:
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DocumentError(f"{name}: corrupt or truncated .docx ({exc})", zh=f"{name}：.docx 文件已损坏或不完整") from exc
    except Exception as exc:  # python-docx raises assorted errors on bad XML
        raise DocumentError(f"{name}: cannot parse .docx ({type(exc).__name__})", zh=f"{name}：无法解析 .docx 文件") from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _pdf_text(name: str, data: bytes) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(f"{name}: PDF is password-protected", zh=f"{name}：PDF 文件有密码保护，无法读取")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many error types on damaged files
        raise DocumentError(f"{name}: corrupt or truncated .pdf ({type(exc).__name__})",
                            zh=f"{name}：PDF 文件已损坏或不完整") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise DocumentError(f"{name}: PDF has no text layer (scanned?)", zh=f"{name}：PDF 没有文字层（可能是扫描件）")
    return text


def _html_text(html: str) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = ""
    heading = soup.find(["h1", "title"])
    if heading is not None:
        title = heading.get_text(" ", strip=True)
    lines = [line.strip() for line in soup.get_text("\n").splitlines()]
    return "\n".join(line for line in lines if line), title


def _split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    m = _FRONT_MATTER.match(text.lstrip("\ufeff"))
    if not m:
        return text, {}
    meta: dict[str, str] = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            key, sep, value = line.partition("：")
        if sep and key.strip() in META_KEYS:
            meta[META_KEYS[key.strip()]] = value.strip().strip('"')
    return text.lstrip("\ufeff")[m.end():], meta


def _read_sidecar(path: Path) -> dict[str, str]:
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return {}
    try:
        raw = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable metadata sidecar %s: %s", sidecar.name, exc)
        return {}
    return {META_KEYS[k]: str(v) for k, v in raw.items() if k in META_KEYS} if isinstance(raw, dict) else {}


def first_line_title(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line[:80]
    return ""


def load_all(paths: Iterable[Path], root: Path, max_bytes: int) -> tuple[list[Document], dict[Path, str]]:
    """Load many files; failures are collected by path with their reason, never raised."""
    docs: list[Document] = []
    errors: dict[Path, str] = {}
    for path in paths:
        try:
            docs.append(load_document(path, root, max_bytes))
        except DocumentError as exc:
            errors[path] = str(exc)
    return docs, errors
