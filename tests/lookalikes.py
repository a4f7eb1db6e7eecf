"""A library of look-alike notices: the same measures issued by several cities, where only the place,
body and title tell them apart (used by the document-retrieval tests on FAISS and on Milvus)."""

from __future__ import annotations

from assistant.retrieval.hybrid import HybridRetriever

CITIES = ["武汉市", "成都市", "西安市", "郑州市", "长沙市", "南昌市"]


def notice(city: str, months: int) -> str:
    return (f"{city}人民政府办公厅关于支持企业复工复产的若干措施\n"
            "各区人民政府，市政府各部门：\n"
            "为支持企业复工复产，现提出以下措施。\n"
            "一、减免房租\n"
            f"对承租国有资产类经营用房的中小微企业，免收{months}个月房租。\n"
            "二、延期缴纳社会保险费\n"
            "受疫情影响生产经营出现严重困难的企业，可申请延期缴纳社会保险费，期限不超过6个月。\n"
            "三、稳岗返还\n"
            "对不裁员或少裁员的中小微企业，返还上年度实际缴纳失业保险费的50%。\n"
            f"{city}人民政府办公厅\n2020年2月{10 + months}日\n")


def top_doc_is_the_named_city(retriever: HybridRetriever) -> list[bool]:
    """For each city (notice n<i>.txt), whether a question naming it gets its notice's rent passage first."""
    out = []
    for i, city in enumerate(CITIES):
        hits = retriever.search(f"{city[:-1]}对中小微企业免收几个月房租？", 5)
        out.append(bool(hits) and hits[0].chunk.doc_id == f"n{i}.txt" and f"免收{i + 1}个月" in hits[0].chunk.text)
    return out
