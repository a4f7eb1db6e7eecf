from __future__ import annotations

import io
from pathlib import Path

import pytest

from assistant.errors import DocumentError
from assistant.ingest.load import decode_text, discover, load_document

TEXT = "第一章 总则\n到2027年，全市工业总产值迈上4万亿台阶。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be"])
def test_text_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(TEXT.encode(encoding))
    doc = load_document(path, tmp_path)
    assert doc.text == TEXT
    assert doc.title == "第一章 总则"


def test_docx_paragraphs_and_tables_are_read(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("交通强市行动计划", level=1)
    d.add_paragraph("到2028年，轨道交通运营里程达到600公里。")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "指标"
    table.rows[0].cells[1].text = "公交分担率60%"
    d.save(str(tmp_path / "plan.docx"))
    doc = load_document(tmp_path / "plan.docx", tmp_path)
    assert "600公里" in doc.text and "公交分担率60%" in doc.text
    assert doc.title == "交通强市行动计划"


def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    from tests.helpers_pdf import minimal_pdf

    (tmp_path / "a.pdf").write_bytes(minimal_pdf("Reform plan 2027: 40000 yuan"))
    doc = load_document(tmp_path / "a.pdf", tmp_path)
    assert "Reform plan 2027" in doc.text


def test_html_drops_scripts_and_uses_the_heading_as_title(tmp_path: Path) -> None:
    html = "<html><head><title>页面</title><script>alert(1)</script></head><body><h1>城市治理</h1><p>建设超大城市现代化治理示范区。</p></body></html>"
    (tmp_path / "a.html").write_text(html, encoding="utf-8")
    doc = load_document(tmp_path / "a.html", tmp_path)
    assert "alert" not in doc.text
    assert "建设超大城市现代化治理示范区。" in doc.text
    assert doc.title in ("城市治理", "页面")


def test_front_matter_and_sidecar_metadata(tiny_docs: Path) -> None:
    md = load_document(tiny_docs / "transport.md", tiny_docs)
    assert md.meta == {"issuer": "示范市交通运输局", "date": "2025-03-01", "number": "示交发〔2025〕7号", "status": "现行"}
    assert md.title == "交通强市行动计划"
    assert not md.text.startswith("---")
    txt = load_document(tiny_docs / "water.txt", tiny_docs)
    assert txt.meta["issuer"] == "示范市水务局" and txt.meta["status"] == "现行"
    assert txt.title == "水务改革实施方案"


def test_content_hash_changes_with_the_sidecar(tiny_docs: Path) -> None:
    before = load_document(tiny_docs / "water.txt", tiny_docs).sha256
    (tiny_docs / "water.txt.meta.json").write_text('{"状态": "已废止"}', encoding="utf-8")
    after = load_document(tiny_docs / "water.txt", tiny_docs)
    assert after.sha256 != before and after.meta == {"status": "已废止"}


def test_title_falls_back_to_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "通知.txt").write_text("\n\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="empty"):
        load_document(tmp_path / "通知.txt", tmp_path)
    from assistant.ingest.load import first_line_title

    assert first_line_title("") == ""


@pytest.mark.parametrize(("data", "reason"), [(b"", "empty"), (b"\x00\x01\x02\x03" * 500, "binary"),
                                              (bytes(range(256)) * 40, "binary")])
def test_empty_and_binary_files_are_rejected_with_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=reason) as info:
        load_document(path, tmp_path)
    assert "bad.txt" in str(info.value)
    assert info.value.zh


def test_unsupported_files_are_listed_not_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("内容。", encoding="utf-8")
    (tmp_path / "b.xlsx").write_bytes(b"PK")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    found = discover(tmp_path)
    assert [p.name for p in found.supported] == ["a.txt"]
    assert [p.name for p in found.unsupported] == ["b.xlsx"]


def test_corrupt_docx_is_reported(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(DocumentError, match="docx"):
        load_document(tmp_path / "x.docx", tmp_path)


def test_decode_prefers_utf8_over_gb18030() -> None:
    assert decode_text("x", "重庆".encode()) == "重庆"
    assert decode_text("x", io.BytesIO("重庆".encode("gbk")).read()) == "重庆"
