"""Export a conversation (questions, answers, citations) as Markdown or .docx.

A turn is a dict {"question", "answer": Answer.to_dict(), ...}, the form the chat keeps per session.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.app.render import backend_label, clean_section

TITLE = "政策文件问答 · 会话记录"


def _md_text(text: str) -> str:
    """Text for Markdown: no raw HTML survives (a viewer that renders HTML would otherwise run it)."""
    return str(text).replace("<", "&lt;").replace(">", "&gt;")


def _quote_block(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in _md_text(text).strip().splitlines())


def to_markdown(turns: list[dict[str, Any]], when: datetime | None = None) -> str:
    when = when or datetime.now().astimezone()
    out = [f"# {TITLE}", "", f"导出时间：{when.strftime('%Y-%m-%d %H:%M')}　共 {len(turns)} 问", ""]
    for i, turn in enumerate(turns, 1):
        a = turn["answer"]
        question = a.get("question") or turn.get("question", "")
        out += [f"## 第 {i} 问：{_md_text(question)}", ""]
        sa = a.get("standalone_question", "")
        if sa and sa.strip() != question.strip():
            out += [f"*检索问题：{_md_text(sa)}*", ""]
        out += [
            "**回答**（" + backend_label(a.get("backend", "")) + "）：",
            "",
            _md_text(a.get("text", "")),
            "",
        ]
        out += [f"> ⚠ {_md_text(n)}" for n in a.get("notices", [])]
        if a.get("notices"):
            out.append("")
        if a.get("citations"):
            out += ["**来源**", ""]
            for c in a["citations"]:
                where = f"《{_md_text(c.get('title', ''))}》"
                if section := clean_section(c.get("title", ""), c.get("section", "")):
                    where += f" › {_md_text(section)}"
                flag = "" if c.get("verified", True) else "（未核实）"
                out += [
                    f"- [{c['n']}] {where}{flag}（{_md_text(c.get('doc_id', ''))}，"
                    f"第 {c.get('start', 0)}–{c.get('end', 0)} 字）",
                    "",
                    _quote_block(c.get("quote", "")),
                    "",
                ]
        elif a.get("refused") and a.get("hits"):
            out += ["**最接近的段落（仅供参考）**", ""]
            for j, h in enumerate(a["hits"], 1):
                where = f"《{_md_text(h.get('title', ''))}》" + (
                    f" › {_md_text(h['section'])}" if h.get("section") else ""
                )
                out += [f"{j}. {where}", "", _quote_block(h.get("text", "")), ""]
    return "\n".join(out).rstrip() + "\n"


def _stamp(when: datetime | None) -> str:
    return (when or datetime.now()).strftime("%Y%m%d-%H%M%S")


def write_markdown(turns: list[dict[str, Any]], folder: Path, when: datetime | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"conversation-{_stamp(when)}.md"
    path.write_text(to_markdown(turns, when), encoding="utf-8")
    return path


_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _x(text: Any) -> str:
    """Text python-docx accepts (XML 1.0 forbids most control characters)."""
    return _XML_BAD.sub("", str(text))


def _cjk_font(document: Any, name: str = "Microsoft YaHei") -> None:
    from docx.oxml.ns import qn

    for style_name in ("Normal", "Heading 1", "Heading 2", "Quote"):
        try:
            style = document.styles[style_name]
        except KeyError:
            continue
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), name)


def write_docx(turns: list[dict[str, Any]], folder: Path, when: datetime | None = None) -> Path:
    import docx
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt, RGBColor

    when = when or datetime.now().astimezone()
    document = docx.Document()
    _cjk_font(document)
    document.core_properties.title = TITLE
    document.add_heading(TITLE, level=1)
    document.add_paragraph(f"导出时间：{when.strftime('%Y-%m-%d %H:%M')}　共 {len(turns)} 问")
    for i, turn in enumerate(turns, 1):
        a = turn["answer"]
        question = a.get("question") or turn.get("question", "")
        document.add_heading(_x(f"第 {i} 问：{question}"), level=2)
        sa = a.get("standalone_question", "")
        if sa and sa.strip() != question.strip():
            document.add_paragraph().add_run(_x(f"检索问题：{sa}")).italic = True
        p = document.add_paragraph()
        p.add_run(f"回答（{backend_label(a.get('backend', ''))}）：").bold = True
        p.add_run(_x(a.get("text", "")))
        for n in a.get("notices", []):
            run = document.add_paragraph().add_run(_x(f"⚠ {n}"))
            run.font.color.rgb = RGBColor(0xB4, 0x5F, 0x06)
        if a.get("citations"):
            document.add_paragraph().add_run("来源").bold = True
            for c in a["citations"]:
                section = clean_section(c.get("title", ""), c.get("section", ""))
                where = f"[{c['n']}] 《{c.get('title', '')}》" + (f" › {section}" if section else "")
                if not c.get("verified", True):
                    where += "（未核实）"
                head = document.add_paragraph()  # the [n] marker is the number: no list numbering
                head.add_run(_x(where)).bold = True
                head.add_run(_x(f"（{c.get('doc_id', '')}，第 {c.get('start', 0)}–{c.get('end', 0)} 字）"))
                q = document.add_paragraph()
                run = q.add_run(_x(f"“{c.get('quote', '')}”"))
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                run.font.size = Pt(10)
        elif a.get("refused") and a.get("hits"):
            document.add_paragraph().add_run("最接近的段落（仅供参考）").bold = True
            for h in a["hits"]:
                where = f"《{h.get('title', '')}》" + (f" › {h['section']}" if h.get("section") else "")
                document.add_paragraph(_x(where), style="List Number")
                document.add_paragraph().add_run(_x(str(h.get("text", "")).strip())).font.size = Pt(10)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"conversation-{_stamp(when)}.docx"
    document.save(str(path))
    return path
