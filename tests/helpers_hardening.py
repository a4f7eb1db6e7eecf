"""Shared pieces for the hardening tests: a tiny Chinese corpus, generated .docx/.pdf files, settings
for a temp folder and a way to run the real command line."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.embed.models import make_embedder
from assistant.index.indexer import Indexer, IndexReport
from assistant.index.store import IndexSnapshot, load_snapshot

REPO = Path(__file__).resolve().parents[1]
CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"

# Three short documents, each with phrases no other one has, so retrieval can be checked exactly.
MINI_CORPUS = {
    "农村土地制度改革意见.txt": (
        "关于深化农村土地制度改革的意见\n"
        "一、总体要求\n"
        "稳妥推进农村宅基地制度改革，保障农民合法财产权益。到2025年，基本完成农村承包地确权登记颁证工作。\n"
        "二、主要任务\n"
        "（一）完善承包地“三权分置”制度。坚持农村土地集体所有，稳定农户承包权，放活土地经营权。\n"
        "（二）深化集体经营性建设用地入市试点。建立兼顾国家、集体、个人的土地增值收益分配机制。\n"
    ),
    "数字政府建设方案.txt": (
        "数字政府建设实施方案\n"
        "一、建设目标\n"
        "到2027年，政务服务事项网上可办率达到95%以上，一网通办全面实现。\n"
        "二、重点任务\n"
        "（一）推进政务数据共享。打破信息孤岛，建立全国一体化政务数据目录。\n"
        "（二）强化数据安全保障。落实网络安全等级保护制度，防范数据泄露风险。\n"
    ),
    "生态环境保护规划.txt": (
        "生态环境保护规划纲要\n"
        "一、主要目标\n"
        "到2030年，单位国内生产总值二氧化碳排放比2005年下降65%以上，森林覆盖率达到25%左右。\n"
        "二、主要措施\n"
        "（一）深入打好污染防治攻坚战。持续改善大气、水、土壤环境质量。\n"
        "（二）健全生态保护补偿制度。推动横向生态补偿，完善自然保护地体系。\n"
    ),
}


def hash_settings(base: Path, **overrides: object) -> Settings:
    """Settings for a temp folder with the fast deterministic hash embedder."""
    values: dict[str, object] = {
        "docs_dir": base / "docs",
        "index_dir": base / "index",
        "data_dir": base / "data",
        "embedder": "hash",
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def write_docs(folder: Path, docs: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in docs.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def build_index(settings: Settings, rebuild: bool = False) -> IndexReport:
    return Indexer(settings, make_embedder(settings.embedder)).run(settings.docs_dir, rebuild=rebuild)


def snapshot(settings: Settings) -> IndexSnapshot:
    return load_snapshot(settings.index_dir, make_embedder(settings.embedder).model_id)


def corpus_file(name: str) -> Path:
    """A file of the shared reform-document corpus (read in place, never copied into the repo)."""
    path = CORPUS_DIR / name
    if not path.is_file():
        pytest.skip(f"shared corpus file {path} is not available")
    return path


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_cjk_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF whose text layer holds `lines` (a Type0 font with an identity ToUnicode
    map: each glyph code is the character's code point), written by hand with a correct xref table."""
    ops = ["BT", "/F1 12 Tf", "72 720 Td"]
    for line in lines:
        ops += ["<" + "".join(f"{ord(c):04X}" for c in line) + "> Tj", "0 -16 Td"]
    ops.append("ET")
    content = "\n".join(ops)
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        "1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>",
        f"<< /Length {len(cmap.encode())} >>\nstream\n{cmap}\nendstream",
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -200 1000 900] "
        "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def cli_env() -> dict[str, str]:
    """The environment without ASSISTANT_* settings of the machine, so only the arguments count."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def cli_command(*args: str | Path) -> list[str]:
    """`assistant ARGS` through this interpreter (the same entry point as the console script)."""
    return [sys.executable, "-m", "assistant.cli", *map(str, args)]


def run_cli(*args: str | Path, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli_command(*args),
        cwd=cwd,
        env=cli_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def index_entries(index_dir: Path) -> list[str]:
    """Names in an index folder, except the lock and the embedding cache."""
    return sorted(p.name for p in index_dir.iterdir() if p.name not in (".lock", "cache"))
