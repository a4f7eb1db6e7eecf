"""Metadata read from a document's own text (title, 发文机关, 文号, 成文日期, places) when there is no sidecar."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.ingest.load import load_document
from assistant.ingest.metadata import extract_metadata, find_places, parse_date

NOTICES = Path(__file__).parent / "data" / "notices"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_provincial_notice_with_red_header_number_and_wrapped_title() -> None:
    doc = load_document(NOTICES / "hubei_fugong.txt", NOTICES)
    assert doc.title == "湖北省人民政府办公厅关于印发支持企业复工复产若干措施的通知"
    assert doc.meta == {"issuer": "湖北省人民政府办公厅", "date": "2020-02-10",
                        "number": "鄂政办发〔2020〕6号", "place": "湖北省"}


def test_tax_bureau_notice_with_chinese_numeral_date() -> None:
    doc = load_document(NOTICES / "wuhan_tax.txt", NOTICES)
    assert doc.title.startswith("国家税务总局武汉市税务局关于延期办理")
    assert doc.meta["issuer"] == "国家税务总局武汉市税务局"
    assert doc.meta["date"] == "2020-02-03"
    assert doc.meta["place"] == "武汉市"
    assert doc.meta["number"].endswith("通告2020年第1号")


def test_markdown_notice_from_an_emergency_command_without_number() -> None:
    doc = load_document(NOTICES / "zhihuibu.md", NOTICES)
    assert doc.meta["issuer"] == "江西省应对新型冠状病毒肺炎疫情应急指挥部"
    assert doc.meta["place"] == "江西省" and doc.meta["date"] == "2020-02-18"
    assert "number" not in doc.meta


def test_district_notice_names_city_and_district() -> None:
    doc = load_document(NOTICES / "shenzhen_district.txt", NOTICES)
    assert doc.meta["place"] == "深圳市 南山区"
    assert doc.meta["number"] == "深南府规〔2024〕3号"
    assert doc.meta["date"] == "2024-07-18"


def test_sidecar_wins_over_what_the_text_shows(tmp_path: Path) -> None:
    src = (NOTICES / "hubei_fugong.txt").read_text(encoding="utf-8")
    (tmp_path / "n.txt").write_text(src, encoding="utf-8")
    (tmp_path / "n.txt.meta.json").write_text(json.dumps({"发文机关": "湖北省人民政府", "标题": "复工复产措施"},
                                                         ensure_ascii=False), encoding="utf-8")
    doc = load_document(tmp_path / "n.txt", tmp_path)
    assert doc.title == "复工复产措施"
    assert doc.meta["issuer"] == "湖北省人民政府"
    assert doc.meta["number"] == "鄂政办发〔2020〕6号"  # not in the sidecar: still read from the text


def test_bundled_press_article_keeps_its_first_line_as_title() -> None:
    root = Path(__file__).resolve().parents[1] / "documents"
    doc = load_document(root / "chongqing_plenum_6_6_press_conference_2024.txt", root)
    assert doc.title == "重庆将聚力打造12方面标志性改革成果"
    assert "issuer" not in doc.meta and "number" not in doc.meta


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared/corpus")
def test_shared_decision_gets_its_adoption_date_and_title() -> None:
    root = SHARED / "corpus"
    doc = load_document(root / "zhonggong_zhongyang_jueding_2024_full.txt", root)
    assert doc.title.startswith("中共中央关于进一步全面深化改革")
    assert doc.meta["date"] == "2024-07-18"
    assert "place" not in doc.meta
    communique = load_document(root / "ershijie_sanzhong_quanhui_gongbao_2024.txt", root)
    assert communique.title == "中国共产党第二十届中央委员会第三次全体会议公报"  # 公报 is a title, not a red header


@pytest.mark.skipif(not (SHARED / "bench" / "lecoqa").is_dir(), reason="needs ../shared/bench/lecoqa")
def test_lecoqa_law_titles_match_the_index() -> None:
    root = SHARED / "bench" / "lecoqa"
    rows = [line.split("\t") for line in (root / "docs_index.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    for docid, _role, _path, title, *_ in rows[:40]:
        assert load_document(root / "docs" / docid, root / "docs").title == title


@pytest.mark.parametrize(("line", "iso"), [
    ("2020年2月10日", "2020-02-10"), ("二〇二四年七月十八日", "2024-07-18"), ("二〇二〇年十二月三十一日", "2020-12-31"),
    ("（2024年7月18日中国共产党第二十届中央委员会第三次全体会议通过）", "2024-07-18"), ("2020年13月1日", ""),
    ("到2027年全市工业总产值", "")])
def test_date_lines(line: str, iso: str) -> None:
    assert parse_date(line) == iso


def test_places_skip_words_that_only_end_like_places() -> None:
    assert find_places("加快建设交通强市的实施意见") == ()
    assert find_places("中华人民共和国刑法") == ()
    assert find_places("四川省成都市关于印发") == ("四川省", "成都市")


def test_text_without_layout_gives_no_fields() -> None:
    meta = extract_metadata("这是一段没有标题格式的普通文字，说明了一些情况。\n第二段继续说明。")
    assert meta.as_meta() == {}


@pytest.mark.parametrize(("text", "subtitle"), [
    ("高举中国特色社会主义伟大旗帜\n为全面建设社会主义现代化国家而团结奋斗\n——在中国共产党第二十次全国代表大会上的报告\n（2022年10月16日）\n习近平\n",
     "在中国共产党第二十次全国代表大会上的报告"),
    ("重庆将聚力打造12方面标志性改革成果\n\n——中共重庆市委举行新闻发布会解读市委六届六次全会精神\n\n本报讯……\n",
     "中共重庆市委举行新闻发布会解读市委六届六次全会精神"),
    ("政府工作报告\n各位代表：\n一、2023年工作回顾\n——经济总体回升向好。国内生产总值增长5.2%。\n", ""),  # a list item, not a subtitle
])
def test_a_dash_line_below_the_title_is_its_subtitle(text: str, subtitle: str) -> None:
    assert extract_metadata(text).subtitle == subtitle


@pytest.mark.parametrize(("text", "author"), [
    ("关于《某某决定》的说明\n习近平\n同志们：\n受中央政治局委托，我作说明。\n", "习近平"),
    ("高举旗帜\n为建设国家而团结奋斗\n——在第二十次全国代表大会上的报告\n（2022年10月16日）\n习近平\n同志们：\n现在，我作报告。\n",
     "习近平"),
    ("关于延期申报的通知\n各有关单位：\n李强同志任组长。\n", ""),  # a name in the body is not a signature
    ("某某市税务局关于延期申报的通知\n王明\n", "王明"),
    ("某某市税务局关于延期申报的通知\n各有关单位：\n\n王明\n2020年2月10日\n", ""),
    # a title line running the title, subtitle and signing post together; a post line under the title
    ("政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上国务院总理\u2002李强\n各位代表：\n现在，我代表国务院报告。\n",
     "李强"),
    ("关于某某工作情况的报告\n市长 王明\n各位代表：\n现在，我代表市人民政府报告。\n", "王明"),
    ("关于表彰优秀党支部书记的决定\n各党支部：\n", ""),  # a post in the title is no signature
])
def test_a_name_alone_under_the_title_is_the_speaker(text: str, author: str) -> None:
    assert extract_metadata(text).author == author
