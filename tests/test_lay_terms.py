"""The public's everyday words and the official terms documents use (assistant/text/lay_terms.tsv):
the shipped table, a question's coverage by a sentence, what a number question counts, and the
keyword query of retrieval."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.features import coverage, term_weights
from assistant.answer.question import analyse, names_quantity
from assistant.index.bm25 import BM25Index
from assistant.retrieval.expand import chain, lay_expand
from assistant.text.lay_terms import TABLE, alternatives, load, official_terms


def test_the_shipped_table_is_well_formed_and_maps_no_word_to_itself() -> None:
    table = load(TABLE)
    assert len(table) >= 500
    assert all(lay not in terms and 2 <= len(lay) <= 8 for lay, terms in table.items())


def test_a_malformed_line_is_an_error_naming_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "lay.tsv"
    bad.write_text("# 注释\n养老钱\t基本养老金\n房东 出租人\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"lay\.tsv:3"):
        load(bad)


def test_the_longest_lay_phrase_is_read_once_and_not_its_parts(tmp_path: Path) -> None:
    table = tmp_path / "lay.tsv"
    table.write_text("不给\t拒不支付\n老板不给工资\t拖欠劳动报酬|欠薪\n", encoding="utf-8")
    assert official_terms("老板不给工资怎么办？", table) == ((0, 6, ("拖欠劳动报酬", "欠薪")),)
    assert alternatives("老板不给工资怎么办？", "工资", table) == ("拖欠劳动报酬", "欠薪")
    assert alternatives("老板不给工资怎么办？", "怎么办", table) == ()


def test_a_sentence_in_official_terms_covers_the_lay_words_of_the_question() -> None:
    question = "2023年老百姓平均到手能花的钱涨了多少？"
    weights = term_weights(question, lambda t: 1.0)
    official = "居民人均可支配收入增长6.1%，城乡居民收入差距继续缩小。"
    unrelated = "居民消费价格指数保持稳定。"
    assert coverage(weights, official) >= 0.5 > coverage(weights, unrelated)
    assert coverage(dict(weights), official) < coverage(weights, official)  # without the table: less


def test_a_paraphrase_of_policy_wording_is_covered_by_the_documents_own_terms() -> None:
    question = "为了吸引外国资本，重庆准备给外国投资者编一张什么样的产业地图？"
    weights = term_weights(question, lambda t: 1.0)
    official = "优化外商投资管理体制机制，制定外商投资重庆产业图谱，创新市场化招商模式；"
    assert coverage(weights, official) > coverage(dict(weights), official)  # 外国资本, 地图: 外商投资, 图谱
    assert set(alternatives(question, "地图")) >= {"图谱"}


def test_a_number_question_counts_what_its_lay_words_name_not_its_hedges() -> None:
    a = analyse("城里和村里的老人最基本的那份养老钱起码要涨多少？")
    assert "起码" not in a.quantity and not any("涨" in w for w in a.quantity)
    pension = analyse("养老钱涨多少？")
    assert names_quantity(pension, "城乡居民基础养老金月最低标准提高20元。")
    assert not names_quantity(pension, "最低工资标准提高20元。")


def test_lay_expansion_lets_keyword_search_find_a_passage_in_official_terms() -> None:
    texts = ["用人单位拖欠劳动报酬的，劳动者可以向人民法院申请支付令。",
             "出租人应当按照约定将租赁物交付承租人。",
             "老板和员工应当友好协商。"]
    bm25 = BM25Index.build(texts)
    q = "老板不给工资怎么办？"
    assert bm25.search(q, 1)[0][0] == 2  # the lay words alone find the chat about 老板
    assert bm25.search(lay_expand(q), 1)[0][0] == 0
    assert lay_expand("用人单位拖欠劳动报酬怎么办？") == "用人单位拖欠劳动报酬怎么办？"  # nothing lay: unchanged


def test_expansions_chain_in_order_and_none_is_skipped() -> None:
    both = chain(lambda q: q + " A", None, lambda q: q + " B")
    assert both is not None and both("q") == "q A B"
    assert chain(None, None) is None


def test_a_lay_word_for_a_disaster_is_covered_by_the_documents_official_term() -> None:
    question = "村里一到夏天就闹水灾，国家要怎么防？"  # fourth part of the table: 闹水灾 -> 洪涝灾害
    weights = term_weights(question, lambda t: 1.0)
    official = "完善自然灾害特别是洪涝灾害监测、防控措施，织密社会安全风险防控网。"
    assert "洪涝灾害" in alternatives(question, "闹水灾")
    assert coverage(weights, official) > coverage(dict(weights), official)


def test_people_living_in_town_are_named_by_the_urbanisation_rate() -> None:
    from assistant.answer.question import analyse, holds_kind, names_quantity

    asked = analyse("到2029年，重庆住在城里的人要占到百分之多少？")
    said = "到2029年，全市常住人口城镇化率将达76%"
    assert holds_kind(asked, said) and names_quantity(asked, said)


def test_the_army_in_everyday_words_is_named_by_the_documents_terms() -> None:
    from assistant.answer.question import analyse, names_quantity

    asked = analyse("二十大报告总结军队改革成果时说，部队现役人数一共压减了多少？")  # fifth part: 部队 -> 人民军队
    said = "大刀阔斧深化国防和军队改革，重构人民军队领导指挥体制，裁减现役员额三十万胜利完成。"
    assert "人民军队" in alternatives(asked.question, "部队")
    assert names_quantity(asked, said)
    assert not names_quantity(asked, "完善武器装备采购制度，三十项任务基本完成。")


def test_words_asking_for_the_answers_form_are_no_terms_a_sentence_must_hold() -> None:
    w = term_weights("我论文要直接引用：《决定》里进一步全面深化改革的总目标原文是怎么表述的？", lambda t: 1.0)
    assert not {"论文", "引用", "原文", "表述"} & set(w) and "深化改革" in w
    assert coverage(w, "（3）进一步全面深化改革的总目标。") > 0.5


def test_everyday_words_for_mental_illness_and_seeing_a_doctor_elsewhere_read_as_the_official_ones() -> None:
    q = "二十大报告对抑郁、焦虑这类情绪困扰有没有表态？"
    assert coverage(term_weights(q, lambda t: 1.0), "重视心理健康和精神卫生。") > coverage(
        term_weights(q, lambda t: 1.0), "加强社会保障和服务。")
    assert "异地就医" in alternatives("今年的报告对跨地方看病这块怎么说的？", "看病")


def test_lay_words_for_leading_cadres_and_their_training_read_as_the_official_ones() -> None:
    q = "重庆的头头脑脑要集中回炉学习三中全会精神，说是哪个时间之前要学完？"
    w = term_weights(q, lambda t: 1.0)
    assert coverage(w, "明年3月底前将完成县级以上领导干部轮训。") > coverage(w, "全面学习深刻领会中央精神。")


def test_lay_words_for_who_gained_how_long_people_live_and_new_jobs_name_what_is_counted() -> None:
    from assistant.answer.question import analyse, names_quantity

    gained = analyse("去年家里要养老人、带娃的，交个税能多扣一些，这个政策让多少人沾了光？")
    assert names_quantity(gained, "提高“一老一小”个人所得税专项附加扣除标准，6600多万纳税人受益。")
    assert not names_quantity(gained, "个人所得税专项附加扣除标准提高，6600多万元用于补助。")
    assert names_quantity(analyse("十年下来，咱们国家的人平均能活到多少岁了？"), "人均预期寿命增长到七十八点二岁。")
    jobs = analyse("过去十年城里每年平均新冒出来多少人有了工作？")
    assert names_quantity(jobs, "城镇新增就业年均一千三百万人以上。")


def test_what_a_question_sets_aside_is_no_term_its_answer_must_hold() -> None:
    w = term_weights("今年农村改革除了土地制度，还要深化哪几项改革？", lambda t: 1.0)
    assert not {"土地", "制度", "除了"} & set(w) and {"农村", "深化"} <= set(w)
    assert coverage(w, "深化农村集体产权制度改革，发展新型农村集体经济。") > coverage(w, "深化土地制度改革。")
    # a word of the set-aside part asked again after it stays a term
    assert "政策" in term_weights("除了托育政策，还有哪些政策？", lambda t: 1.0)


def test_lay_words_for_meals_for_the_old_home_purchase_limits_and_private_firms_are_covered_by_official_terms() -> None:
    meals = term_weights("社区里给老人办饭堂、送饭上门这种事，去年国家有没有在推哦？", lambda t: 1.0)
    assert coverage(meals, "加强社区综合服务设施建设，大力发展老年助餐服务。") \
        > coverage(dict(meals), "加强社区综合服务设施建设，大力发展老年助餐服务。")
    homes = term_weights("各个城市能不能自个儿做主，把买房子的那些限制放开？", lambda t: 1.0)
    assert coverage(homes, "赋予各城市政府房地产市场调控自主权，允许取消或调减住房限购政策。") \
        > coverage(dict(homes), "赋予各城市政府房地产市场调控自主权，允许取消或调减住房限购政策。")
    firms = term_weights("重庆有没有给民企立个地方性法规？", lambda t: 1.0)
    assert coverage(firms, "出台重庆市民营经济促进条例。") > coverage(dict(firms), "出台重庆市民营经济促进条例。")
