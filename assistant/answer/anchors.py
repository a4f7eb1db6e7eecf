"""Anchor checks: the titles, quoted terms, names and years a question hinges on (《决定》, “33618”,
成都, 2023年…), and the kind of answer it wants. If the retrieved passages never mention an anchor,
or the evidence holds no number for 多少 (no date for 哪一年), the documents cannot answer it.
The same checks apply to an LLM's claims (`claim_problems`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.answer.question import (
    HELD_VERB,
    QuestionAnalysis,
    amount_stated,
    analyse,
    answer_span,
    asks_penalty,
    asks_procedure,
    claim_corrections,
    claimed_days,
    content_asked,
    dated_thing,
    given_amounts,
    guessed_amounts,
    holds_kind,
    item_ordinal,
    states_claim,
    topic_of_part,
)
from assistant.answer.shorthand import field_of, spelled_out
from assistant.text.lay_terms import named_in
from assistant.text.normalize import norm
from assistant.text.references import plenums, reference_known
from assistant.text.years import digit_years

TITLE_MENTIONS = 3
# what a refusal names as missing, by kind of answer (the kinds a sentence can be checked for)
KIND_ZH = {"number": "所问的数字", "date": "所问的时间", "law": "所问的法律", "list": "所问的各项内容",
           "reason": "所问的原因", "actor": "所问的单位或人员", "definition": "对所问概念的解释",
           "place": "所问的地点", "yesno": "所问之事已经办成的说法"}


def anchors(question: str) -> tuple[str, ...]:
    """Terms a passage must mention for `question` to be answerable (titles as 《…》)."""
    a = analyse(question)
    return tuple(f"《{t}》" for t in a.titles) + a.anchors


def searchable(text: str) -> str:
    """Passage text with Chinese-numeral years (二〇三五年) also written in digits, and a plenary
    session's full name also in its short form (二十届三中全会)."""
    t = norm(text)
    short = " ".join(plenums(t))
    return t + " " + digit_years(t) + (" " + short if short else "")


def title_known(title: str, library_titles: Iterable[str]) -> bool:
    """Is 《title》 one of the library's documents (either title containing the other)?"""
    t = norm(title)
    return any(t in norm(lt) or (len(norm(lt)) >= 4 and norm(lt) in t) for lt in library_titles if lt)


def missing_anchors(question: str | QuestionAnalysis, texts: Sequence[str],
                    library_titles: Iterable[str] | None = None,
                    answer_documents: Sequence[str] | None = None, placed: Sequence[str] = ()) -> list[str]:
    """Anchors of the question that the passages `texts` never mention. With `library_titles`, a
    title counts as present when a library document bears it, or when a document the answer comes
    from (`answer_documents`, full texts) is about it: names it at least TITLE_MENTIONS times (a
    document named once in passing is not in the library); without them it is looked for in `texts`.
    `placed`: the titles and dates of the passages' documents, where a year that dates a document
    (2024年政府工作报告), the meeting a document comes from (the communiqué of 二十届三中全会, whose
    passages never name it), its speaker (习近平 of 说明) or the body that gives it (国务院 of the 政府工作报告,
    whose heading names 国务院总理) may be found; a year of a fact must be in the passages."""
    a = analyse(question) if isinstance(question, str) else question
    have = searchable(" ".join(texts))
    dated = searchable(" ".join(placed))
    missing = [f"《{t}》" for t in a.titles if not _title_present(t, have, library_titles, answer_documents)]
    if library_titles is not None:
        titles = list(library_titles)
        missing += [r for r in a.documents if not reference_known(r, titles)]
    return missing + [x for x in a.anchors if norm(x) not in have
                      and not (x in a.codes and _code_present(a, x, have))
                      and not (x in a.quoted_terms and any(spelled_out(x, t, field_of(x, a.question)) for t in texts))
                      and not (x in a.quoted_terms and _listed(x, have))
                      and not (x in a.people and _misread_name(x, have))
                      and not ((x in a.document_years or x in a.months or x in a.meetings or x in a.people
                                or x in a.organisations) and norm(x) in dated)
                      and not (x in a.organisations and (_local_body_present(x, have, dated)
                                                          or _abbreviates(x, f"{have} {dated}")))]


def _misread_name(person: str, have: str) -> bool:
    """Is a three-character "name" a verb or word glued to a word the passages hold (管托育 of 专门管托育机构,
    拓市场), which jieba's name model read as a surname and a given name? A given name is no policy word."""
    x = norm(person)
    return len(x) == 3 and x[1:] in have


def _listed(term: str, have: str) -> bool:
    """Is a quoted term in `have` as items listed with 、 (“投早投小” in 投早、投小、投长期), the way an asker
    quotes part of a list without its marks?"""
    return norm(term) in have.replace("、", "")


def _code_present(a: QuestionAnalysis, code: str, have: str) -> bool:
    """Is an abbreviation (GDP, cpi) in `have`, in any case, or one of the official terms it stands for
    (国内生产总值; `lay_terms`)?"""
    low = have.lower()
    return named_in(a.question, code, low)


# A local body named with its place (重庆市委): its own documents say only 市委, and name the place
# elsewhere (中共重庆市委 in the header, 重庆 in the title).
_LOCAL_BODY = re.compile(r"^(.{2,8}?)((?:省|市|区|县)(?:委|政府|人大常委会|政协))$")


def _abbreviates(body: str, have: str) -> bool:
    """Is `body` a short name (经信委, 发改委) of a body `have` names in full (经济信息委, 发展改革委): its
    characters in order, the first and last in place, at most MAX_GAP others between each two?"""
    x = norm(body)
    if not 2 <= len(x) <= 5:
        return False
    gap = rf"[\u4e00-\u9fff]{{0,{MAX_GAP}}}"
    return re.search(gap.join(map(re.escape, x)), have) is not None


MAX_GAP = 3


def _local_body_present(body: str, have: str, dated: str) -> bool:
    m = _LOCAL_BODY.match(norm(body))
    return m is not None and m.group(2) in have and m.group(1) in have + dated


def _title_present(title: str, have: str, library_titles: Iterable[str] | None,
                   answer_documents: Sequence[str] | None) -> bool:
    if library_titles is None:
        return norm(title) in have
    if title_known(title, library_titles):
        return True
    named = f"《{title}》"
    return any(doc.count(named) >= TITLE_MENTIONS for doc in answer_documents or ())


def evidence_problems(analysis: QuestionAnalysis, retrieved: Sequence[str], answer_documents: Sequence[str],
                      library_titles: Iterable[str], kind_ok: bool, placed: Sequence[str] = (),
                      answer_passages: Sequence[str] | None = None, answer_placed: Sequence[str] = ()) -> list[str]:
    """Why the evidence cannot answer: missing anchors (文档中未出现：《决定》) and a missing kind of
    answer (no number for 多少). Empty when nothing is wrong. `placed`: see `missing_anchors`.
    `answer_passages` (the cited passages) and `answer_placed` (their section headings, and their
    documents' titles, speakers and dates): a year found there is present; a meeting the question
    names must be in these, or be named at least TITLE_MENTIONS times in a cited document, not only
    somewhere in the retrieved passages, since meetings are named in passing (学习贯彻二十届二中全会精神)
    far more often than they are described."""
    problems = []
    missing = missing_anchors(analysis, retrieved, list(library_titles), answer_documents, placed)
    cited = searchable(" ".join([*(answer_passages or ()), *answer_placed]))
    # a year that dates the cited passage's section (一、2023年工作回顾) is the year of its facts
    missing = [m for m in missing if not (m in analysis.years and norm(m) in cited)]
    if answer_passages is not None and analysis.meetings:
        unplaced = [m for m in analysis.meetings if m not in missing and norm(m) not in cited]
        about = [searchable(d) for d in answer_documents] if unplaced else []  # whole documents: only if needed
        missing += [m for m in unplaced if not any(d.count(norm(m)) >= TITLE_MENTIONS for d in about)]
    unnamed = _unnamed(analysis, cited, answer_passages) if answer_passages is not None else []
    if missing:
        problems.append("文档中未出现：" + "、".join(missing))
    elif unnamed:
        problems.append("所引段落没有提到：" + "、".join(unnamed))
    elif answer_passages is not None and analysis.kind in ("number", "date"):
        elsewhere = [p for p in analysis.places if not _placed(p, cited, answer_documents)]
        # the date of another occasion (the plenum's dates for the press conference after it) is no answer
        elsewhere += [e for e in analysis.events if analysis.kind == "date" and not _event_named(e, cited)]
        if elsewhere:  # a figure or a date of another place (a national target for 重庆's growth) is no answer
            problems.append("所引段落说的不是：" + "、".join(elsewhere))
    if not kind_ok:
        problems += _kind_missing(analysis)
    return problems


def _unnamed(analysis: QuestionAnalysis, cited: str, answer_passages: Sequence[str]) -> list[str]:
    """What the question states that the cited passages (and their headings, in `cited`) must name too."""
    # a term the question quotes (“人工智能+”行动覆盖哪些行业) is what it asks about: the cited passages or
    # their headings must name it, not only some other retrieved passage
    unnamed = [f"“{t}”" for t in analysis.quoted_terms if norm(t) not in cited and not _listed(t, cited)
               and not any(spelled_out(t, p, field_of(t, analysis.question)) for p in answer_passages)]
    # so is an amount in digits it states (那31项重大改革项目分别由哪些部门牵头): the cited passages must give it
    # (unless the question asks to check a claim and the passages state another amount: that answers it)
    # and so are the days a claim to check states (是9月12日到13日开的，对吗)
    corrected = {claimed for claimed, _ in claim_corrections(analysis, cited)}
    guessed = guessed_amounts(analysis)  # (一共多少条？是50条吧: the answer checks the guess)
    unnamed += sorted(a for a in given_amounts(analysis) if re.match(r"\d", a) and not amount_stated(a, cited)
                      and a not in corrected and a not in guessed)
    unnamed += [d for d in claimed_days(analysis) if d not in cited]
    # and so is the year a target is set for (到2027年…城镇化率要达到多少): 到2029年…76% is another target
    # (unless a claim is checked: 到2027年达到76%，对吗)
    unnamed += [f"{y}年" for y in target_years(analysis) if not states_claim(analysis) and y not in cited]
    # and so is the topic some items are picked by (涉及纪检监察的是哪几项): items naming none of it are others
    unnamed += [t for t in (topic_of_part(analysis.question),) if t and not _topic_named(analysis, t, cited)]
    return unnamed


def _kind_missing(analysis: QuestionAnalysis) -> list[str]:
    """Why the best evidence lacks the kind of answer asked (kind_ok is false)."""
    if asks_procedure(analysis.question):  # 随迁子女入学得准备哪些材料: documents rarely say
        return ["所引段落没有写明办理的条件、材料、流程或部门。"]
    if asks_penalty(analysis.question):  # 会受到什么党纪处分: a sentence forbidding the act
        return ["所引段落没有写明处分或处罚。"]
    if asked := item_ordinal(analysis):  # 第一条措施具体写的是什么: that item is not found
        return [f"最相关的段落中没有所问的{asked[0]}。"]
    # “人工智能+”行动具体怎么实施, 四大重庆实验室分别叫什么: the passages only name the term asked about
    term = content_asked(analysis, analysis.question)
    if analysis.kind in KIND_ZH and not (analysis.kind == "list" and term):
        return [f"最相关的段落中没有{KIND_ZH[analysis.kind]}。"]
    if term:
        return [f"所引段落只提到“{term}”，没有说明它的具体内容。"]
    return []


def _topic_named(analysis: QuestionAnalysis, topic: str, cited: str) -> bool:
    """Do the cited passages name `topic`, each of its words (降低物流成本: 降低全社会物流成本), or an official
    term for it (AI: 人工智能)?"""
    from assistant.text.tokens import tokenize

    low = cited.lower()
    words = [w for w in tokenize(norm(topic).lower()) if len(w) >= 2] or [norm(topic).lower()]
    return all(w in low for w in words) or named_in(analysis.question, topic, low)


def target_years(analysis: QuestionAnalysis) -> list[str]:
    """The years a question names as a deadline (到2027年, 到二〇三五年), in digits."""
    asked = searchable(analysis.asked)
    return [y for y in analysis.years if f"到{y}年" in asked]


_ASKS_HELD = re.compile(HELD_VERB)  # 二中全会是哪天召开的, 是哪天开的: the date of that meeting itself


def names_meeting_held(analysis: QuestionAnalysis, text: str) -> bool:
    """For a question asking when a numbered meeting was held (二十届二中全会是哪天召开的): does `text` (the
    sentence giving the date, with its headings and its document's title) name that meeting? The communiqué
    of 三中全会 names 二中全会 in passing, never its date. True for any other question."""
    if analysis.kind != "date" or not analysis.meetings or not _ASKS_HELD.search(norm(analysis.question)):
        return True
    where = searchable(text)
    return all(norm(m) in where and (analysis.events or not _only_of_another_event(norm(m), where))
               for m in analysis.meetings)  # (解读…全会的新闻发布会是哪天开的 asks that occasion's date)


# 六届六次全会精神解读新闻发布会: a meeting named as what another occasion is about, whose date that is
_ABOUT_MEETING = r"[^，,。；;]{0,8}?(?:发布会|座谈会|报告会|宣讲会|学习会|研讨会|推进会)"


def _only_of_another_event(meeting: str, where: str) -> bool:
    """Is every mention of `meeting` in `where` the topic of another occasion (…全会精神解读新闻发布会)?"""
    mentions = [m.end() for m in re.finditer(re.escape(meeting), where)]
    return bool(mentions) and all(re.match(_ABOUT_MEETING, where[end:]) for end in mentions)


# A plenary session asked about, by its short name with or without its 届 (三中全会是哪几天开的), and a
# numbered meeting a sentence dates (文件起草组召开第一次全体会议): when that is not the one asked about, the
# sentence dates another meeting, whatever its paragraph's opening names (成立…三中全会文件起草组).
_PLENUM_ASKED = re.compile(r"(?:[一二三四五六七八九十]+届)?[一二三四五六七八九十]中全会")
_NUMBERED_MEETING = re.compile(r"第[一二三四五六七八九十\d]+次(?:全体)?会议")
_NTH_TIME = re.compile(r"第[一二三四五六七八九十\d]+次")


def dates_another_meeting(analysis: QuestionAnalysis, said: str) -> bool:
    """For a question asking when a plenary session was held: does the sentence giving the date (`said`)
    name a numbered meeting of its own that is not that session? (Not when the question names such a
    meeting itself: 起草组第一次全体会是哪天开的.)"""
    q = norm(analysis.question)
    if analysis.kind != "date" or not _ASKS_HELD.search(q) or _NTH_TIME.search(q) \
            or not _NUMBERED_MEETING.search(said):
        return False
    asked = _PLENUM_ASKED.findall(q)
    where = searchable(said)
    return bool(asked) and not all(p in where for p in asked)


def names_dated_thing(analysis: QuestionAnalysis, text: str) -> bool:
    """For a date question: does `text` (normalised: the sentence giving the date, with its headings and its
    document's title) name the thing the question dates (`dated_thing`)? 到二〇三五年，全面建成高水平社会主义市场经济体制
    does not date 全国统一电力市场. True for any other question, or one naming no such thing."""
    thing = dated_thing(analysis.question) if analysis.kind == "date" else None
    return thing is None or thing in text


def _event_named(event: str, cited: str) -> bool:
    """Do the cited passages (or their headings and titles) name the occasion, 新闻发布会 also as 发布会?"""
    return any(norm(f) in cited for f in {event, event.removeprefix("新闻")})


# The country itself: a national document rarely names it (国内生产总值 for 中国的GDP).
_NATIONAL = {"中国", "我国", "全国", "国家", "中华人民共和国"}


def _placed(place: str, cited: str, documents: Sequence[str]) -> bool:
    """Is a number or date the cited passages give said of `place`: named there (or in their headings,
    titles, issuers), with or without its 省/市/区/县, or in a cited document that names it at least
    TITLE_MENTIONS times (重庆's own documents say 全市)?"""
    if place in _NATIONAL:
        return True
    forms = {norm(place), norm(place).rstrip("省市区县")} - {""}
    forms = {f for f in forms if len(f) >= 2}
    return any(f in cited for f in forms) or any(norm(d).count(f) >= TITLE_MENTIONS for d in documents for f in forms)


def claim_problems(question: str | QuestionAnalysis, claim: str, cited_passages: Sequence[str],
                   retrieved: Sequence[str], library_titles: Iterable[str],
                   cited_documents: Sequence[str] = ()) -> list[str]:
    """The question-level checks applied to one claim of an LLM answer: the question's anchors must
    be in the retrieved passages, and a number or date question's claim must hold a number or date
    that its cited passages hold; a number must be said of the thing the question counts (a bigram
    of 政策 in the cited sentence holding 16项). `cited_documents`: full texts of the documents cited."""
    a = analyse(question) if isinstance(question, str) else question
    problems = evidence_problems(a, retrieved, cited_documents, library_titles, holds_kind(a, claim))
    span = answer_span(a, norm(claim)) if a.kind in KIND_ZH else None
    if span is None:
        return problems
    answer = norm(claim)[slice(*span)]  # 16项, 2029年
    said_of = [s for p in cited_passages for s in _SENTENCE.split(searchable(p)) if answer in s]  # the cited sentences holding it
    said = " ".join(said_of)
    head = _counted(a.head) if a.kind == "number" else ""
    if answer not in searchable(" ".join(cited_passages)):
        problems.append(f"回答中的“{answer}”不在所引段落中。")
    elif not names_meeting_held(a, said):
        problems.append(f"所引句子中的“{answer}”不是{'、'.join(a.meetings)}召开的时间。")
    elif dates_another_meeting(a, said):
        problems.append(f"所引句子中的“{answer}”是另一次会议召开的时间。")
    elif not names_dated_thing(a, said):
        problems.append(f"所引句子中的“{answer}”说的不是“{dated_thing(a.question)}”。")
    elif head and said_of and not any(head[i:i + 2] in s for s in said_of for i in range(len(head) - 1)):
        problems.append(f"所引句子中的“{answer}”说的不是“{a.head}”。")
    return problems


_SENTENCE = re.compile(r"(?<=[。！？；])")


def _counted(head: str | None) -> str:
    """The noun a number question counts (改革项目 in 多少项改革项目), when the question names one
    cleanly: not a verb phrase (增长到多少) or a tail (年了). `analyse` has already dropped a leading 的 word,
    so a noun that starts with the character (的士) is kept whole."""
    head = head or ""
    return head if len(head) >= 2 and not re.search(r"多少|几|了", head) else ""
