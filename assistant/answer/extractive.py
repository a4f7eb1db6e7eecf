"""The default answerer: no LLM. It reads the question (`question.analyse`), scores every sentence of
the retrieved passages with a small learned model (`scorer.json`, fitted by scripts/fit_scorer.py),
and answers with what the question asks for: the sentence that holds the number, the date, every
item of an enumeration (gathered from the document's structure, across chunk boundaries), each
marked [n] and with the answering span marked inside the quote.

The parts it stands on: `features.py` (what each sentence is scored on, and the learned model),
`enumeration.py` (how documents enumerate: markers, items, headings), `lists.py` (which enumeration
answers a list question) and `speakers.py` (who speaks a sentence). This module chooses and composes:
the rules that answer a number, a date, a reason or an actor, and the quoting of each chosen sentence
with its passage.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from itertools import takewhile

import numpy as np

from assistant.answer.anchors import dates_another_meeting, names_dated_thing, names_meeting_held, searchable
from assistant.answer.enumeration import (
    doc_sentences,
    is_heading,
    item_marker,
    item_span,
    item_title,
    marker,
    paragraph_start,
    previous_in_block,
    sentence_index,
    start_of_sentence,
)
from assistant.answer.features import (
    Candidate,
    Meaning,
    Scorer,
    clause_coverage,
    coverage,
    default_scorer,
    fact_year,
    sentence_features,
    term_weights,
    type_match,
)
from assistant.answer.lists import (
    LIST_TRIES,
    MAX_ITEMS,
    MEASURES_HEAD,
    ListAnswerer,
    adjacent,
    answers_count,
    body_problem,
    counted_head_series,
    following,
    gives_content,
    index_by_start,
    item_end,
    list_problem,
    names_several,
    sentence_at,
    shared_word_series,
    states_ordinal,
)
from assistant.answer.question import (
    ACTOR,
    ASKS_PERSON,
    CLAUSE_MARKS,
    LAST,
    MARKED_ORDINAL,
    QUOTED,
    THIS_YEAR,
    QuestionAnalysis,
    amount_stated,
    analyse,
    answer_span,
    asks_beyond,
    asks_change,
    asks_items_only,
    asks_who_spoke,
    change_for_level,
    characterizes,
    checks_claim,
    claim_corrections,
    content_asked,
    counts_another_thing,
    counts_those_present,
    defines,
    done_by_another,
    done_unsaid,
    explains,
    gap_unsaid,
    given_amounts,
    group_unsaid,
    holds_kind,
    item_ordinal,
    level_unsaid,
    meaning_asked,
    names_body_asked,
    names_lead,
    names_own_subject,
    names_person,
    names_post_asked,
    names_quantity,
    next_year_unsaid,
    other_tier,
    part_for_total,
    penalty_unsaid,
    procedure_unsaid,
    sub_questions,
    wording_topic_unsaid,
)
from assistant.answer.shorthand import FULL_FORM_ASKED, expanded, shorthand, spelled_out
from assistant.answer.slot import SLOT_KINDS, slot_span
from assistant.answer.speakers import (
    ABOUT_PERSON,
    ASKS_BODY_OF_SPEAKER,
    ASKS_SPEAKER,
    FIRST_PERSON,
    ROLE_QUESTION,
    SPEAKER_LABEL,
    people_first,
    signature_at,
    speaker_at,
    speaker_intro,
    speaker_labels,
    speaker_name,
    speaker_post,
)
from assistant.records import Chunk, Citation, Document, Hit
from assistant.text.normalize import bigrams, norm
from assistant.text.references import DECISION_REF, REPORT_REF, reference_matches
from assistant.text.sentences import CLAIM_END
from assistant.text.tokens import tokenize
from assistant.text.years import NAMED_YEAR, both_digit_forms

MIN_SENTENCE = 6
KIND_RATIO = 0.5  # a number/date sentence may replace a better-scored one without it down to this share
MIN_GAIN = 0.1  # a supporting sentence must add this much question coverage (README: citation precision)
RESTATED = 0.6  # share of a sentence's bigrams in the question above which it restates the question
WHOLE_COVERAGE = 0.9  # a compound question is answered by one sentence covering this much of each part, not part by part
FOLLOW = 2  # sentences after a chunk's end also considered (a heading at a chunk's end is answered after it)

_FULL_NAME = re.compile(r"全称|全名|完整(?:的)?(?:名称|标题)")
_TITLE_IN = re.compile(r"《([^《》]+)》")
# 什么样的应急管理体系, 探索实行什么管理: the noun whose kind is asked, which the answer names
_WHAT_NOUN = re.compile(r"(?:什么样的?|什么|哪种|哪一种|何种)([\u4e00-\u9fff]{2,8})[？?]?$")


def _done_by(question: str) -> tuple[str, ...]:
    """What an actor question asks who did: its words of two or more characters after the question word
    (`ACTOR`: 是谁作的主题发布 -> 主题, 发布; 由哪两家单位联合编制 -> 联合, 编制), to the end of its clause
    (是哪位领导作的主题发布啊？我年纪大了，…没记住 -> 主题, 发布), or before it when the question word ends
    its clause (做主题发布的是哪位领导 -> 主题, 发布)."""
    def words(clause: str) -> tuple[str, ...]:
        return tuple(w for w in tokenize(clause) if len(w) >= 2)

    q = norm(question)
    if (m := ACTOR.search(q)) is None:
        return ()
    return words(CLAUSE_MARKS.split(q[m.end():])[0]) or words(CLAUSE_MARKS.split(q[:m.start()])[-1])


def _says_deed(words: tuple[str, ...], text: str) -> bool:
    """Does `text` say the words asked, all of them or, of three or more, all but one (上台 in 是谁上台做主题发布
    is the scene, not the deed)?"""
    t = norm(text)
    return sum(w not in t for w in words) <= (1 if len(words) >= 3 else 0)


def _asked_noun(question: str) -> str | None:
    m = _WHAT_NOUN.search(norm(question))
    return m.group(1) if m else None


# a sentence stating a change by an amount (增长5.2%, 比上年增加1000亿元)
_STATES_CHANGE = re.compile(r"(?:增长|增加|提高|上升|下降|减少|回落)了?(?:约|近|超过)?[\d一二三四五六七八九十两]")
# a number or date question asking one for each thing it names (分别, 各到哪年, 每一步到什么时候)
_SEVERAL = re.compile(r"分别|各自|各是|各为|各到(?=哪|何|多少|什么)|每一?(?:步|个阶段|阶段)(?=[^，,。？?]{0,6}(?:哪|何|多少|什么|几))")
_REASON_CUE = re.compile(r"因为|由于|为了|旨在|目的是|考虑了?|原因|^面对")  # a sentence that gives a reason
# The wider set of words by which an answer to 为什么 gives some reason, purpose or need (这是…的迫切需要, 只有…才,
# 以便…): a why-question whose answer has none of them is given only the fact asked about, not why
_GIVES_REASON = re.compile(_REASON_CUE.pattern + r"|为[^，。；]{1,20}(?:提供|奠定|创造)|(?:^|[。；])为(?![期止主此])[^，。；]{2,40}，|(?<!项)目的|考虑|需要|要求|只有|才能|必须|"
                           r"意义|必然|关键|根本|所以|因此|从而|以便|以利|有利于|有助于|基于|鉴于|在于|着眼|围绕")
# a reporters' byline (新重庆-重庆日报记者 周尤 唐琴): their names are no one who did what the document says
_BYLINE = re.compile(r"记者[\s\u2002\u3000]*[\u4e00-\u9fff]{2,3}(?:[\s\u2002\u3000]+[\u4e00-\u9fff]{2,3})*")
_ASKS_TARGET = re.compile(r"目标|预期|计划|力争")
# 实际产量是多少, 去年粮食总产多少: what was achieved, not what was aimed at (unless last year's target is asked)
_ASKS_RESULT = re.compile(r"实际|最终(?!将|要|目标)|^(?!.*(?:目标|预期|计划|安排|拟|打算)).*(?:去年|上一?年)")
_STATES_TARGET = re.compile(r"目标|预期|以上|左右|力争|确保|争取")
_AIMS = re.compile(r"目标|预期|力争|确保|争取")
_AVERAGE = re.compile(r"年均|平均每年|每年平均")  # 年均一千三百万人以上: a record over years, not one year's target
# 要求什么时候全部干完, 到哪一年完成: a deadline, which a sentence dating a past step (2023年11月27日，党中央发出通知) is not
_ASKS_DEADLINE = re.compile(r"(?:什么时候|何时|哪一年|哪年|哪一天)(?:以?前|之前)?(?:要|将|能|会|得)?(?:全部|全面|基本)?"
                            r"(?:完成|干完|做完|办完|建成|实现|到位|结束|收官)")
_STATES_DEADLINE = re.compile(r"到|前|力争|确保|将|要|完成|实现|建成|基本|目标")
HEAD_LINES = 6  # a document's title, subtitle, date and author lines come first
OPENED_COVERAGE = 0.9  # a clause of a dated opening answers a date question covering this share of the best's words
TARGET_RATIO = 0.9  # a sentence stating a target may replace a better-scored result down to this share


@dataclass
class Extract:
    """The answer's sentences; `sentences[n-1]` is cited by `cited[n-1]` (marker [n] in `text`), and
    `spans[n-1]` is the answering span (document offsets) inside that citation's quote, or None."""

    sentences: list[str]
    cited: list[Hit]
    coverage: float  # IDF-weighted share of question terms in the best sentence (and the heading it continues)
    spans: list[tuple[int, int] | None] = field(default_factory=list)
    analysis: QuestionAnalysis | None = None
    kind_ok: bool = True  # the best evidence holds the kind of answer wanted (a number for 多少 …)
    confidence: float = 0.0  # the learned score of the best sentence
    notes: list[str] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)  # headings read with the sentences but not quoted (a section's title)
    frame: str = ""  # what frames the best sentence: its document's title and its paragraph's opening (`_frame`)
    similarity: float | None = None  # cosine of the best sentence to the query (None: sentences not scored by meaning)
    about_document: bool = False  # every sentence chosen is a head line naming only its document (`_about_its_document`)

    @property
    def text(self) -> str:
        """The answer as shown: each sentence followed by its marker [n]."""
        # a line without a closing stop (a heading, a signature) ends its claim with a line break
        return "".join(f"{sentence}[{n}]" + ("" if re.search(rf"[{CLAIM_END}]$", sentence) else "\n")
                       for n, sentence in enumerate(self.sentences, start=1)).rstrip("\n")



# 据2024年政府工作报告, 党的二十大报告提出: which report to read, not words the answer says (its opening
# line 向大会报告政府工作 would match them best). A communiqué is named by its meeting (三中全会公报), which
# its sentences name too (全会提出), so it stays; a decision (三中全会决定) names its plenum only in its adoption line.
# A document's full title in 《》 (《中共中央关于进一步全面深化改革、推进中国式现代化的决定》要求…) names it the same way.
_NAMED_REPORT = re.compile(rf"(?:根据|据|按照)?(?:\d{{4}}年)?(?:党的)?(?:{REPORT_REF.pattern}|{DECISION_REF.pattern}"
                           rf"|《[^》]{{8,60}}(?:决定|报告|意见|公报|说明)》)(?:中|里|的|提出|指出|回顾)?[，,]?")


def _spelling_out(analysis: QuestionAnalysis, cands: list[Candidate]) -> Candidate | None:
    """The best sentence listing the items a quoted numbered shorthand stands for (“四个面向”: 坚持面向世界
    科技前沿、面向经济主战场、…), or None."""
    terms = _shorthands(analysis)
    return next((c for c in cands if any(spelled_out(t, c.text) for t in terms)), None) if terms else None


def _shorthands(analysis: QuestionAnalysis) -> list[str]:
    """The numbered shorthands the question quotes, also in the scene it opens with (乡村振兴常说的“五个振兴”，…)."""
    return [t for t in QUOTED.findall(analysis.question) if shorthand(t)]


def _answers_each(parts: Sequence[str], sentence: str) -> bool:
    """Does one sentence hold an answer of its own for each part asking an amount or a date (从14个方面提出了
    50条 for 几个方面、多少条)? One date (12月8日) cannot say when two things happened."""
    t = norm(sentence)
    for p in parts:
        a = analyse(p)
        if a.kind in ("number", "date"):
            if (span := answer_span(a, t)) is None:
                return False
            t = t[:span[0]] + "\0" * (span[1] - span[0]) + t[span[1]:]  # used: the next part needs its own
    return True


# 是放在哪张清单里的, 属于哪一方面的改革, 是在哪一条中提出的: the part of the document a thing is under is asked
_ENCLOSING_ASKED = re.compile(r"(?:放在|属于|归在|归入|列在|列入|写在|是在|在)哪一?(?:张|项|条|部分|板块|方面|块"
                              r"|个(?:方面|部分|板块|清单|领域|专题))")


def _paragraph_opener(c: Candidate, docs: dict[str, Document], cands: list[Candidate]) -> Candidate | None:
    """The first sentence of the paragraph sentence `c` continues (四是近期拟出台惠民强企政策清单。 before the
    policies it lists; （11）健全现代化基础设施建设体制机制。), which names the part it is under; None when `c`
    opens its paragraph itself."""
    doc = docs.get(c.doc_id)
    if doc is None:
        return None
    spans = doc_sentences(doc)
    j = sentence_index(spans, c.start)
    k = paragraph_start(doc.text, spans, j)
    return sentence_at(c, doc, spans[k], index_by_start(cands)) if k != j else None


def _content_checked(term: str, question: str, ex: Extract) -> Extract:
    """A part's extract, its kind missing when its sentences do not give the content of `term` the whole
    question asks (`gives_content`): a part asking it (盘活什么) has lost the term the question named."""
    if not ex.kind_ok or not ex.sentences or ex.analysis is None or ex.analysis.kind not in ("list", "definition", "other"):
        return ex  # (哪个单位的 asks who spoke of it, not what it is)
    return ex if gives_content(term, question, list(ex.sentences), _sections(ex.cited)) else replace(ex, kind_ok=False)


def _sections(cited: Sequence[Hit]) -> str:
    """The section headings of the cited passages, each once, in order."""
    return "".join(dict.fromkeys(h.chunk.section_path for h in cited))


def _unnamed(question: str) -> str:
    """The question without the report it names, unless it asks about the report itself (是在哪一天作的)."""
    rest = _NAMED_REPORT.sub("", question)
    return rest if any(len(w) >= 2 for w in tokenize(_ASK_ONLY.sub("", rest))) else question


# ask words, and words asking what the document is called, not what is asked about
_ASK_ONLY = re.compile(r"哪一?天|哪一?年|何时|什么时候|是谁|由谁|哪位|哪个|什么|全称|简称|名称|标题")


def _names_years(years: Sequence[str], text: str) -> bool:
    """Does `text` (a sentence with its section's headings and its document's title) name every year
    asked, in Arabic or Chinese digits?"""
    where = both_digit_forms(norm(text))
    return all(y in where for y in years)


def _names_only(analysis: QuestionAnalysis, question: str, chosen: list[Candidate], said: str, section: str) -> bool:
    """Do the chosen sentences only name what is asked about, without the procedure, penalty, item or content
    the question wants?"""
    if procedure_unsaid(question, said):  # 随迁子女入学得准备哪些材料: a sentence naming the measure gives none
        return True
    if penalty_unsaid(question, "".join(c.text for c in chosen)):  # 会受到什么党纪处分: forbidding the act is no penalty
        return True
    if not _gives_ordinal(analysis, question, chosen):  # 第一条措施具体写的是什么: that item, not the list's intro
        return True
    term = content_asked(analysis, question)  # “四进三回”行动具体有哪些做法: sentences naming it only give none
    # (a title line chosen but not quoted, which names what follows, is read as a heading)
    return term is not None and not gives_content(term, question, [c.text for c in chosen if c.quoted],
                                                  section + "".join(c.text for c in chosen if not c.quoted))


def answers_kind(analysis: QuestionAnalysis, question: str, chosen: list[Candidate], said: str, section: str,
                 frame: str) -> bool:
    """Does the chosen evidence hold the kind of answer wanted (`Extract.kind_ok`)? `said`: the chosen
    sentences with the heading they continue; `section`: their headings; `frame`: their document's title
    and paragraph opening (`_frame`)."""
    if analysis.kind in ("list", "definition", "other") and any(spelled_out(t, said) for t in _shorthands(analysis)):
        return True  # “四个面向”是哪四个: the sentence listing the four
    if _names_only(analysis, question, chosen, said, section):
        return False
    if FULL_FORM_ASKED.search(question) and analysis.quoted_terms and not shorthand(analysis.quoted_terms[-1]) \
            and not expanded(analysis.quoted_terms[-1], said):
        return False  # “千万工程”是什么的简称: the words it is shortened from (千村示范、万村整治), not the term used
    if wording_topic_unsaid(question, said + section):  # 对兴边富民是怎么表述的: a sentence that names it
        return False
    quoted = [c.text for c in chosen if c.quoted]
    if analysis.kind in ("number", "date"):
        return _amount_or_date_answers(analysis, question, chosen, said, section, frame)
    if analysis.kind == "list" and analysis.count and analysis.count >= 2:  # 哪四个 wants four things
        return answers_count(analysis, chosen, said + section) and list_problem(analysis, question, quoted) is None
    if analysis.kind == "list":  # 哪些 wants several things, of the kind asked
        return names_several(chosen) and list_problem(analysis, question, quoted) is None
    if done_unsaid(analysis, [*(c.text for c in chosen), section]):  # 是否已经全面推开: a sentence planning it
        return False  # (构建…新体系) does not say it is done; one under a review's heading (2023年工作回顾) does
    if asks_beyond(analysis, said):  # …推进渐进式延迟法定退休年龄改革，对灵活就业人员也适用吗: a case it does not name
        return False
    if analysis.kind == "reason":  # 为什么 wants a reason, a purpose or a need
        return bool(_GIVES_REASON.search(said))
    if analysis.kind == "place":  # 在哪座城市开的: the best sentence names the place, not one shown beside it
        return holds_kind(analysis, chosen[0].text)
    if analysis.kind == "actor":  # 谁, 哪个部门 want a body or a person; 哪位 a person
        labelled = any(SPEAKER_LABEL.match(c.text) for c in chosen)  # 明炬：…, a name jieba may not know
        return bool(type_match(analysis, said)) and (not ASKS_PERSON.search(question) or labelled
                                                     or names_person(_BYLINE.sub("", said), analysis.people)) \
            and body_problem(analysis, quoted) is None and names_body_asked(question, said) \
            and names_post_asked(question, said) and names_lead(question, said)
    # (牵头单位是哪个部门: a speaker's name is no body; 哪个局: 办成一件事 names no 局)
    if analysis.kind == "definition" and analysis.quoted_terms:  # “X”是什么意思: what X is, not X used
        return any(explains(analysis.quoted_terms[-1], question, c.text) for c in chosen)
    if analysis.kind == "definition" and (term := meaning_asked(question)):  # 低空经济怎么定义: the same, unquoted
        return any(explains(term, question, c.text) for c in chosen)
    return any(holds_kind(analysis, c.text) for c in chosen) and names_quantity(analysis, said + section)


def _amount_or_date_answers(analysis: QuestionAnalysis, question: str, chosen: list[Candidate], said: str,
                            section: str, frame: str) -> bool:
    """`answers_kind` for a number or a date question."""
    # the amount must be of what is asked: not said of another doer (中央政治局常委会召开3次会议 for 起草组), of
    # those present (出席这次全会的有…199人 for how many members there are), or a target for a result
    ok = any(holds_kind(analysis, c.text) for c in chosen) and names_quantity(analysis, _naming(said, chosen) + section) \
        and not any(done_by_another(analysis, c.text) or counts_those_present(analysis, c.text)
                     or counts_another_thing(analysis, c.text) for c in chosen) \
        and not (analysis.kind == "number" and _ASKS_RESULT.search(question)
                 and all(_STATES_TARGET.search(c.text) for c in chosen))
    # the year the question names: in the answer, its section's headings, its document's title or the
    # opening of its paragraph (2024年5月7日，决定稿下发…。…1911条); headings naming only other years
    # (一、2023年工作回顾) date the facts: the report's own year (its title's) then dates them only when the
    # question names it as the report's (据2024年政府工作报告)
    dated_other = bool(NAMED_YEAR.search(section)) and not any(_names_years((y,), section) for y in analysis.years)
    of_facts = [y for y in analysis.years if y not in analysis.document_years] if dated_other else []
    where = said + section + frame
    ok = ok and names_meeting_held(analysis, where) and not dates_another_meeting(analysis, " ".join(c.text for c in chosen)) \
        and names_dated_thing(analysis, norm(where))
    ok = ok and not (analysis.kind == "date" and _ASKS_DEADLINE.search(norm(question))
                     and not any(_STATES_DEADLINE.search(c.text) for c in chosen))
    ok = ok and not gap_unsaid(question, said)  # 离4万亿还差多少: a gap, not the target
    ok = ok and not level_unsaid(question, said)  # 涨完以后能领多少: a level, not the rise
    ok = ok and not other_tier(question, said)  # 乡镇干部的轮训: not 县级以上领导干部轮训
    ok = ok and not group_unsaid(question, said + section)  # 给民族地区单独设定的: not the target of all
    ok = ok and not change_for_level(analysis, [c.text for c in chosen])  # 最低每月多少钱: not 提高20元
    ok = ok and not part_for_total(question, said)  # 总规模是多少: the whole, not 今年先发行1万亿元
    ok = ok and not next_year_unsaid(analysis, said)  # 明年还打算发多少: not this year's 今年…
    ok = ok and not _past_for_this_year(analysis, section, frame)  # 今年…控制在多少: not 2023年工作回顾's figure
    return ok and _names_years(analysis.years, where) and _names_years(of_facts, said + section)


def _asks_this_year(analysis: QuestionAnalysis) -> bool:
    """Does a number question ask this year's figure (今年…控制在多少), naming no year?"""
    return analysis.kind == "number" and not analysis.years and THIS_YEAR.search(analysis.asked_text) is not None


def _past_for_this_year(analysis: QuestionAnalysis, section: str, frame: str) -> bool:
    """Does a question asking this year's figure (`_asks_this_year`) ask it of a sentence whose headings name only
    years other than those of its frame (一、2023年工作回顾 in the report dated 2024年3月5日)?"""
    if not _asks_this_year(analysis):
        return False
    named, own = set(NAMED_YEAR.findall(section)), set(NAMED_YEAR.findall(frame))
    return bool(named) and bool(own) and not named & own


def _naming(said: str, chosen: list[Candidate]) -> str:
    """The chosen sentences, with the sentence before them (the rest of `said`) only when it opens them: a
    heading, an item line or an intro (三是…清单。 before 谋划提出16项改革项目). A sentence stating its own fact
    (提高…加计扣除比例，… before 5G用户普及率超过50%) does not say what the next one's amount is of."""
    body = "".join(c.text for c in chosen)
    prev = said[:len(said) - len(body)] if said.endswith(body) else ""
    opens = is_heading(prev) or item_marker(norm(prev)) is not None or prev.rstrip().endswith(("：", ":"))
    return (prev if opens else "") + body


def _is_nth(n: int, question: str, c: Candidate) -> bool:
    """Is `c` the item numbered `n` (四是…, （四）…, 第四，…) or a sentence naming the ordinal thing asked?"""
    mk = item_marker(norm(c.text))
    if mk is not None and MARKED_ORDINAL.search(question) and mk[0] != "paren":
        return False  # 第（三）项 is the item marked （三）, not 三、
    return mk is not None and (mk[1] == n or n == LAST) or states_ordinal(question, c)



def _gives_ordinal(analysis: QuestionAnalysis, question: str, chosen: list[Candidate]) -> bool:
    """For a question about the n-th item of a list (5张清单中的第四张清单是什么): is one chosen sentence that item?"""
    asked = item_ordinal(analysis)
    return asked is None or any(_is_nth(asked[1], question, c) for c in chosen)


def _named_in_best(question: str, best: Candidate) -> bool:
    """Does the best sentence itself name the person asked for (全会决定，接受秦刚同志辞职申请 for 接受了谁的辞职申请),
    when the question does not ask who spoke and the sentence has no "I" (由我担任组长) whom its speaker names?
    Then no speaker's opening answers it."""
    return not ASKS_SPEAKER.search(norm(question)) and names_person(best.text) and not FIRST_PERSON.search(best.text)


ITEM_BODY = 4  # sentences of an item's body read for the amount or date asked of it
_UNCHECKED_KINDS = ("measures", "other", "yesno")  # kinds no sentence can be checked for
_ABOUT_ITSELF = ("date", "actor", "place")  # kinds a document's head answers (who gave it, when, where)
_NOW = frozenset({"现在", "目前", "当前", "如今", "今年", "去年"})  # the time of asking, which an opening formula names too


def _stating_claims(analysis: QuestionAnalysis, chosen: list[Candidate], cands: list[Candidate]) -> list[Candidate]:
    """For a claim to check stating several figures (分15个部分、开列60条，这么写没问题吧): the best sentence of the
    chosen sentence's document stating each figure in digits that the chosen sentences do not (开列60条)."""
    if not chosen:
        return []
    said = norm("".join(c.text for c in chosen))
    added: list[Candidate] = []
    for amount in sorted(given_amounts(analysis), key=analysis.question.find):
        if not re.match(r"\d", amount) or amount_stated(amount, said):
            continue
        if c := next((c for c in cands if c.doc_id == chosen[0].doc_id and c not in chosen and c not in added
                      and amount_stated(amount, norm(c.text))), None):
            added.append(c)
            said += norm(c.text)
    return added


def _kind_kept(extracts: list[Extract]) -> bool:
    """Does a compound question's evidence hold what its parts ask? Not when its last part, the one a
    question ends on (…怎么兑换、一吨碳价格多少; …是哪天开的？一共来了多少家媒体), asks a checkable kind and lacks
    it, whatever the earlier parts hold; an earlier part lacking its kind is only left out and named in a note
    (`_join`), since it often only sets the scene (连着几年发…国债，想解决什么问题)."""
    last = extracts[-1]
    missed = not last.kind_ok and last.analysis is not None and last.analysis.kind not in _UNCHECKED_KINDS
    return any(ex.kind_ok for ex in extracts) and not missed


class ExtractiveAnswerer:
    def __init__(self, idf: Callable[[str], float], chunk_at: Callable[[str, int], Chunk | None] | None = None,
                 max_sentences: int = 3, max_chars: int = 360, keep_ratio: float = 0.8,
                 scorer: Scorer | None = None, max_items: int = MAX_ITEMS, meaning: Meaning | None = None) -> None:
        self.idf = idf
        self.meaning = meaning  # sentence similarity to the query (sentence_dense); None: unknown, not scored
        self.chunk_at = chunk_at  # the indexed chunk holding a document offset, to cite list items anywhere
        self.max_sentences = max_sentences
        self.max_chars = max_chars
        self.keep_ratio = keep_ratio  # a further sentence must score at least this share of the best
        self.scorer = scorer or default_scorer()
        self.lists = ListAnswerer(idf, max_items, max_sentences, max_chars, keep_ratio)

    # -- candidates ------------------------------------------------------------------------------
    def candidates(self, question: str, context: str, hits: list[Hit], docs: dict[str, Document],
                   analysis: QuestionAnalysis | None = None, query: str = "") -> list[Candidate]:
        """Every sentence of the retrieved chunks (and FOLLOW after each) with its features; `query`:
        the text the retriever embedded (its vector is reused for `sentence_dense`), default `question`."""
        analysis = analysis or analyse(question)
        weights = term_weights(question, self.idf)
        ctx = {t: w for t, w in term_weights(context, self.idf).items() if t not in weights}
        qgrams = bigrams(question)
        best_dense = max((h.dense_score for h in hits if h.dense_score is not None), default=0.0)
        seen: set[tuple[str, int]] = set()
        out: list[Candidate] = []
        for i, hit in enumerate(hits):
            doc = docs[hit.chunk.doc_id]
            spans = doc_sentences(doc)
            lo = sentence_index(spans, hit.chunk.start)
            hi = sentence_index(spans, hit.chunk.end)
            dense = (hit.dense_score - best_dense) if hit.dense_score is not None else -0.1
            dated = fact_year(hit.chunk.section_path, doc.title)
            for j in range(lo, min(hi + FOLLOW, len(spans))):
                a, b = spans[j]
                text = doc.text[a:b]
                if len(text) < MIN_SENTENCE or (doc.doc_id, a) in seen:
                    continue
                seen.add((doc.doc_id, a))
                prev, first = previous_in_block(doc.text, spans, j)
                speaker = speaker_name(doc.text, spans, j) if analysis.people else ""
                out.append(Candidate(i, doc.doc_id, a, b, text, sentence_features(
                    analysis, weights, ctx, qgrams, text, prev, first, dense, i, speaker, dated)))
        self._add_meaning(query or question, out)
        return out

    def _add_meaning(self, query: str, cands: list[Candidate]) -> None:
        """`sentence_dense`: each sentence's cosine to the query minus the best candidate's."""
        if self.meaning is None or not cands:
            return
        sims = self.meaning(query, [(c.doc_id, c.start) for c in cands])
        if np.isnan(sims).all():
            return
        best = float(np.nanmax(sims))
        for c, s in zip(cands, sims, strict=True):
            if not np.isnan(s):
                c.meaning = float(s)
                c.features["sentence_dense"] = float(s) - best

    def score(self, cands: list[Candidate]) -> None:
        if cands:
            for c, s in zip(cands, self.scorer.score(self.scorer.matrix(cands)), strict=True):
                c.score = float(s)

    # -- answering -------------------------------------------------------------------------------
    def answer(self, question: str, hits: list[Hit], docs: dict[str, Document], context: str = "",
               analysis: QuestionAnalysis | None = None, query: str = "", scope: Sequence[str] = ()) -> Extract:
        """The extract answering `question`; a compound question (…是多少、增长了多少？) is answered
        part by part, each part with the whole question as its context, and the parts joined. `query`:
        what the retriever searched (its vector scores sentences by meaning), default `question`.
        `scope`: documents the conversation is about (《决定》, 二十大报告), preferred like those the question names."""
        parts = sub_questions(question)
        query = query or question
        analysis = analysis or analyse(question)
        if len(parts) == 1:
            return self._answer_one(question, hits, docs, context, analysis, query, scope)
        # one sentence saying all that the parts ask (要巩固拓展主题教育成果，深化党纪学习教育) answers them together
        together = self._answer_one(question, hits, docs, context, analysis, query, scope)
        if together.kind_ok and len(together.sentences) == 1 and all(
                coverage(term_weights(p, self.idf), together.frame + together.sentences[0]) >= WHOLE_COVERAGE
                for p in parts) and _answers_each(parts, together.sentences[0]) \
                and not any(_SEVERAL.search(p) for p in parts):  # 每一步到什么时候: each step's sentence
            return together
        if analysis.kind == "list" and len(parts) == 2 and together.kind_ok and len(together.sentences) >= 2 \
                and (count := analyse(parts[0])).kind == "number" and holds_kind(count, "".join(together.sentences)) \
                and asks_items_only(parts[1][len(os.path.commonprefix(parts)):]):
            return together  # 重庆编制了几张清单？分别是什么？ the list, its intro saying how many (the lead a
            # bare second part took is no ask)
        whole = f"{context} {question}".strip()
        extracts = [self._answer_one(p, hits, docs, whole, analyse(p), query, scope) for p in parts]
        if term := content_asked(analyse(parts[0]), parts[0]):  # “三改一盘活”，指的是哪三改、盘活什么: the parts
            extracts[1:] = [_content_checked(term, question, ex) for ex in extracts[1:]]  # after one asking a term's
        # content ask more of it (盘活什么), not what a sentence only naming it says
        for i, p in enumerate(parts[1:], start=1):  # …开了哪几天，在哪座城市开的: 于…7月15日至18日在北京举行 says both
            a = analyse(p)  # (…经济总量有多大？比前一年涨了多少？ 超过126万亿元，增长5.2% says both too)
            says_both = a.kind in ("place", "date") and not _SEVERAL.search(p) \
                or a.kind == "number" and not extracts[i].kind_ok and asks_change(p)
            own_words = p[len(os.path.commonprefix([parts[0], p])):]  # without the lead it shares with the first
            if says_both and (earlier := next((ex for ex in extracts[:i] if ex.kind_ok and ex.sentences
                                               and holds_kind(a, ex.sentences[0])
                                               and (a.kind != "number" or _STATES_CHANGE.search(ex.sentences[0]))),
                                              None)) and not self._covers_better(own_words, extracts[i], earlier):
                extracts[i] = replace(earlier, analysis=a)
        # …推动建设一个怎样的世界？分别列了哪几个方面？ the items asked are those of the answer before, when it gives several
        kept = [i for i, p in enumerate(parts) if not (i and asks_items_only(p) and len(extracts[i - 1].sentences) >= 2
                                                       and extracts[i - 1].kind_ok)]
        # 市委书记是哪个，他在会上讲了啥子: a part about the person a part before asks for, who was not found, asks
        # about nobody known (its answer would be anyone's)
        kept = [i for i in kept if not (i and _HE_OR_SHE.match(parts[i].strip()) and any(
            ex.analysis is not None and ex.analysis.kind == "actor" and not ex.kind_ok for ex in extracts[:i]))]
        # …制造业增加值占GDP比重要达到百分之多少？原文里2029年这个目标是怎么讲的: a part pointing back to what the
        # part before asks, which was not found, asks about nothing found (its answer would be another target's)
        kept = [i for i in kept if not (i and _POINTS_BACK.search(norm(parts[i])) and not extracts[i - 1].kind_ok)]
        if len(kept) == 1:
            return extracts[kept[0]]
        return self._join(question, tuple(parts[i] for i in kept), [extracts[i] for i in kept], analysis)

    def _covers_better(self, part: str, own: Extract, earlier: Extract) -> bool:
        """Does a part's own answer cover its words better than an earlier part's sentence holding the same kind,
        when it names its own subject (…以及决定稿是在哪一天下发…: 2024年5月7日，决定稿下发… is its date, not
        12月8日，文件起草组召开第一次全体会议)? `part`: without the lead it shares with the first part."""
        if not own.kind_ok or not own.sentences or not names_own_subject(part):
            return False
        weights = term_weights(part, self.idf)
        return coverage(weights, own.sentences[0]) > coverage(weights, earlier.sentences[0])

    def _join(self, question: str, parts: tuple[str, ...], extracts: list[Extract],
              analysis: QuestionAnalysis) -> Extract:
        """The answers to the parts of a compound question as one: sentences in order, a sentence that
        answers two parts said once, markers renumbered; its coverage is of the whole question. A part
        whose evidence lacks the kind it asks (no number for 多少) is left out and named in a note;
        with none left, the kind is missing."""
        sentences: list[str] = []
        cited: list[Hit] = []
        spans: list[tuple[int, int] | None] = []
        notes: list[str] = []
        seen: set[tuple[str, str]] = set()
        kept = [ex for ex in extracts if ex.kind_ok and ex.sentences] or extracts
        for part, ex in zip(parts, extracts, strict=True):
            if ex not in kept:
                notes.append(f"文档中没有找到：{part}")
                continue
            for sentence, hit, span in zip(ex.sentences, ex.cited, ex.spans, strict=True):
                if (hit.chunk.doc_id, sentence) not in seen:
                    seen.add((hit.chunk.doc_id, sentence))
                    sentences.append(sentence)
                    cited.append(hit)
                    spans.append(span)
            notes += [x for x in ex.notes if x not in notes]
        return Extract(sentences, cited, clause_coverage(question, self.idf, "".join(sentences) + _sections(cited)), spans,
                       analysis, _kind_kept(extracts), max(ex.confidence for ex in kept), notes,
                       [f for ex in kept for f in ex.frames],
                       similarity=min((ex.similarity for ex in kept if ex.similarity is not None), default=None),
                       about_document=all(ex.about_document for ex in kept))

    def _answer_one(self, question: str, hits: list[Hit], docs: dict[str, Document], context: str,
                    analysis: QuestionAnalysis, query: str, scope: Sequence[str] = ()) -> Extract:
        question = _unnamed(question)  # the report it names is checked as an anchor, not matched in sentences
        post = bool(analysis.people and ROLE_QUESTION.search(question))  # 刘尚进担任什么职务？
        if post:  # 担任…职务 frames the question; the answer writes the post before the name instead
            question = ROLE_QUESTION.sub("", question)
        cands = self.candidates(question, context, hits, docs, analysis, query)
        if not cands:
            return Extract([], [], 0.0, analysis=analysis, kind_ok=False)
        self.score(cands)
        cands.sort(key=lambda c: -c.score)
        if post or analysis.people and ABOUT_PERSON.search(question):
            cands = people_first(analysis, cands, docs, post)
        cands = _from_named_documents(analysis, cands, docs, scope)
        best = cands[0]
        notes: list[str] = []
        if analysis.kind in ("list", "definition", "other") and (spelled := _spelling_out(analysis, cands)):
            return self._compose(analysis, question, [spelled], hits, docs, notes)  # “四个面向”是哪四个
        if (asked := item_ordinal(analysis)) and (nth := self._nth_item(question, asked[1], analysis, cands, docs)):
            return self._compose(analysis, question, nth, hits, docs, notes)
        if analysis.kind in ("number", "date") and (in_item := self._in_nth_item(question, analysis, cands, docs)):
            chosen = in_item  # 第一张清单里谋划了多少个项目: the amount in that item's body, not another item's
        elif analysis.kind in ("number", "date", "law"):
            dated = self._dated_first(analysis, cands, hits, docs)
            if opened := _series_opening(analysis, dated[0], docs, cands) or _opened_clause(analysis, dated, docs, cands):
                chosen = opened  # 到二〇三五年，…总体目标是：…；…美丽中国目标基本实现；
            else:
                best = self._holding_kind(analysis, dated) or self._item_holding_kind(analysis, cands, docs) or best
                chosen = [_target_if_asked(question, analysis, best, cands)]
            several = _SEVERAL.search(question) is not None
            if several and (colon := self.lists.colon_items(chosen[0], docs, cands, question, True)):
                chosen = colon  # 主要预期目标分别是多少: 预期目标是：…5%左右；…1200万人以上；…。 clause by clause
            elif several:  # 谷物总产量以及制造业规模分别排第几: a figure for each thing named
                chosen += [c for c in self._supporting(chosen[0], cands, question, docs) if holds_kind(analysis, c.text)]
        elif analysis.kind == "list":
            chosen, notes = self._list_answer(question, analysis, cands, hits, docs, post)
        elif analysis.kind == "actor" and not _named_in_best(question, best) and (spoken := self._spoken(question, cands, docs)):
            chosen = spoken
        else:
            chosen, notes = self._other_answer(question, analysis, cands, hits, docs, post)
        if analysis.kind == "list" and len(chosen) == 1 and not chosen[0].features["type_match"] \
                and not post:
            chosen += self._supporting(chosen[0], cands, question, docs)
        if checks_claim(analysis):  # 分15个部分、开列60条，这么写没问题吧: a sentence for each figure claimed
            chosen += _stating_claims(analysis, chosen, cands)
        if corrections := claim_corrections(analysis, "".join(c.text for c in chosen)):  # 60条，这个说法对吗
            notes.append("；".join(f"文档中是“{stated}”，不是“{claimed}”" for claimed, stated in corrections) + "。")
        if _ENCLOSING_ASKED.search(question) and chosen and (opener := _paragraph_opener(chosen[0], docs, cands)):
            chosen = [opener, *(c for c in chosen if c.start != opener.start)]  # 放在哪张清单里: the item it is under
        return self._compose(analysis, question, chosen, hits, docs, notes)

    def _nth_item(self, question: str, n: int, analysis: QuestionAnalysis, cands: list[Candidate],
                  docs: dict[str, Document]) -> list[Candidate] | None:
        """The n-th item of the enumeration one of the best few sentences belongs to or announces (四是… for
        第四张清单), after that sentence, or a sentence naming the ordinal thing itself; None when there is none."""
        if n == LAST:  # 最后一条: the last item of the first whole enumeration found
            for c in cands[:LIST_TRIES]:
                items, cut = self.lists.enumeration(c, cands, docs, analysis)
                if len(items) >= 2 and not cut and item_marker(norm(items[-1].text)) is not None:
                    # after the sentence announcing the list (编制5张清单), as for an item asked by its number
                    intro = items[0] if item_marker(norm(items[0].text)) is None and items[0].quoted else None
                    return [intro, items[-1]] if intro is not None else [items[-1]]
            return None
        for c in cands[:LIST_TRIES]:  # a heading scores high on few characters: no bar on the score
            if _is_nth(n, question, c):
                return [c]
            items, _ = self.lists.enumeration(c, cands, docs, analysis)
            if nth := next((i for i in items if _is_nth(n, question, i)), None):
                # after the sentence that led to it (编制5张清单), which names the list, unless that is another item
                return [nth] if item_marker(norm(c.text)) else [c, nth]
        return None

    def _in_nth_item(self, question: str, analysis: QuestionAnalysis, cands: list[Candidate],
                     docs: dict[str, Document]) -> list[Candidate] | None:
        """For a number or date question about the n-th item of a list (第一张清单里谋划了多少个项目): that item,
        with the first sentence of its body holding the kind when the item's own sentence does not
        (一是集成式…清单。 …谋划提出重大改革项目31项); None when the item or such a sentence is not found."""
        asked = item_ordinal(analysis, any_kind=True)
        nth = self._nth_item(question, asked[1], analysis, cands, docs) if asked else None
        if not nth:
            return None
        item = nth[-1]  # (after the sentence that led to it, 编制5张清单, as `_nth_item` gives it)
        if holds_kind(analysis, item.text):
            return nth
        body = takewhile(lambda c: item_marker(norm(c.text)) is None, following(item, docs, cands, ITEM_BODY))
        holding = next((c for c in body if holds_kind(analysis, c.text)), None)
        return [*nth, holding] if holding else None

    def _other_answer(self, question: str, analysis: QuestionAnalysis, cands: list[Candidate], hits: list[Hit],
                      docs: dict[str, Document], post: bool) -> tuple[list[Candidate], list[str]]:
        """The sentences answering a question of another kind (measures, reason, definition, …): the best
        sentence (`_other_best`) with what it needs around it: the clauses of its colon list, the reasons or
        measures it announces, the sentence after a heading or intro, the reason after a restated claim,
        or supporting sentences."""
        best = self._other_best(question, analysis, cands, hits, docs)
        if colon := self.lists.colon_items(best, docs, cands, question, narrow=True):
            return colon, []  # 今年发展主要预期目标是：…；…；…。 the whole sentence, clause by clause
        if analysis.kind in ("reason", "measures") and \
                (announced := self.lists.announced_items(best, cands, docs, analysis))[0]:
            return announced  # 主要有以下几方面考虑。第一，…: the reasons or measures it announces
        if analysis.kind != "definition" and (series := self.lists.parallel_clauses(best, docs, cands, question))[0]:
            return series  # 推动建设一个怎样的世界: each clause of 坚持…，推动建设一个…的世界；…
        if is_heading(best.text, bool(best.features["first"])) or item_title(best.text) or (
                best.features["intro"] and not best.features["type_match"]):
            return [best, *following(best, docs, cands, 1)], []  # a heading or intro never answers alone
        if analysis.kind == "reason" and not _REASON_CUE.search(best.text) and _restates(question, best.text):
            return [best, *following(best, docs, cands, 1, within_paragraph=True)], []  # the claim asked about; its reason follows
        if analysis.kind in ("actor", "definition"):
            return [best], []
        more = self._supporting(best, cands, question, docs)
        if post:  # another person's post says nothing of theirs
            more = [c for c in more if any(p in c.text for p in analysis.people)]
        return [best, *more], []

    def _other_best(self, question: str, analysis: QuestionAnalysis, cands: list[Candidate], hits: list[Hit],
                    docs: dict[str, Document]) -> Candidate:
        """The best sentence for a question of another kind, by the first rules that apply in turn."""
        best = cands[0]
        # 2023年…有什么新进展: the first sentence dated 2023, if it scores near the best
        dated = next((c for c in cands if self._dated(analysis, c, hits, docs)), None) if analysis.years else None
        if dated is not None and dated.score >= KIND_RATIO * best.score:
            best = dated
        if best.features["number"]:  # 那失业率的目标呢？ asks a figure without 多少: a target, not a result
            best = _target_if_asked(question, analysis, best, [c for c in cands if c.features["number"]])
        if analysis.titles and _FULL_NAME.search(question):  # 《实施意见》全称是什么？ its full title
            best = next((c for c in cands[:LIST_TRIES] if c.score >= KIND_RATIO * best.score
                         and _full_title(analysis.titles, c.text)), best)
        if (term := meaning_asked(question)) and not characterizes(term, best.text):  # 新质生产力怎么界定: 以…为特征的生产力
            best = next((c for c in cands[:LIST_TRIES] if c.score >= KIND_RATIO * best.score
                         and characterizes(term, c.text)), best)
        if term and marker(norm(best.text)) is not None:
            # ——中国式现代化是走和平发展道路的现代化 is one feature in a list of them; the sentence defining the
            # term outside the list (中国式现代化，是中国共产党领导的社会主义现代化，…) is its definition
            best = next((c for c in cands[:LIST_TRIES] if c.score >= KIND_RATIO * best.score
                         and marker(norm(c.text)) is None and defines(term, c.text)), best)
        if analysis.kind == "reason" and not _REASON_CUE.search(best.text):  # 为什么 is answered by a reason
            best = next((c for c in cands[:LIST_TRIES] if _REASON_CUE.search(c.text)
                         and c.score >= self.keep_ratio * best.score), best)
        if (noun := _asked_noun(question)) and noun not in norm(best.text):  # 什么样的应急管理体系
            best = next((c for c in cands[:LIST_TRIES] if c.score >= KIND_RATIO * best.score
                         and noun in norm(c.text)), best)
        if analysis.kind == "actor" and (done := _done_by(question)) and not _says_deed(done, best.text):
            # 是谁作的主题发布: who did that, not who was there; the words asked are a narrow test, so it looks
            # past the best few sentences down to KIND_RATIO of the best score
            best = next((c for c in cands if c.score >= KIND_RATIO * best.score
                         and _says_deed(done, c.text)), best)
        return best

    def _list_answer(self, question: str, analysis: QuestionAnalysis, cands: list[Candidate], hits: list[Hit],
                     docs: dict[str, Document], post: bool) -> tuple[list[Candidate], list[str]]:
        """The sentences answering a list question, and notes (共N项…), by the first rule that applies."""
        best = cands[0]
        if post:
            return [best], []  # 刘尚进担任哪些职务？ is answered where a post is written before the name
        if states_ordinal(question, best):
            return [best], []  # 第二板块包括哪几部分？ answered by the sentence saying …为第二板块
        if series := shared_word_series(question, analysis, cands) or counted_head_series(analysis, cands):
            return [series], []  # 哪几种“力”: the sentence listing 创造力、凝聚力、战斗力; 哪三大战略: …战略、…战略、…战略
        if ordinals := self.lists.ordinal_sentences(analysis, cands, docs):
            return ordinals, []  # “三大板块”分别是指什么: …为第一板块…, …为第二板块…, …为第三板块…
        if section := self.lists.quoted_section(analysis, cands, docs):
            return section  # “构建高水平社会主义市场经济体制”这一部分: what that section lists
        if self.lists.about_item(analysis, question, best, docs):
            measures = bool(analysis.head and MEASURES_HEAD.search(analysis.head))  # 有哪些举措: the title's paragraph
            return [best, *self.lists.within_item(best, docs, cands, measures)], []
        return self.lists.best_enumeration(analysis, self._dated_first(analysis, cands, hits, docs), docs)

    def _dated_first(self, analysis: QuestionAnalysis, cands: list[Candidate], hits: list[Hit],
                     docs: dict[str, Document]) -> list[Candidate]:
        """For a question naming a year (2023年粮食产量): the sentences dated that year, by their text,
        their section's headings (一、2023年工作回顾) or their document's title, when one of them holds
        the kind of answer; a 2024 target beside it answers another question."""
        if not analysis.years:  # 今年…控制在多少: this year's figure first, 2023年工作回顾's after it
            if not _asks_this_year(analysis):  # (the frames and sections are read only for such a question)
                return cands
            past = {id(c) for c in cands if _past_for_this_year(analysis, self._section(c, hits, docs), _frame(c, docs))}
            if not past or len(past) == len(cands):
                return cands
            return [c for c in cands if id(c) not in past] + [c for c in cands if id(c) in past]

        first = [c for c in cands if self._dated(analysis, c, hits, docs)]
        if not any(holds_kind(analysis, c.text) for c in first):
            return cands
        ids = {id(c) for c in first}
        return first + [c for c in cands if id(c) not in ids]

    def _section(self, c: Candidate, hits: list[Hit], docs: dict[str, Document]) -> str:
        hit = self._hit_for(c, hits, docs)
        return hit.chunk.section_path if hit else ""

    def _dated(self, analysis: QuestionAnalysis, c: Candidate, hits: list[Hit], docs: dict[str, Document]) -> bool:
        """Is the sentence dated every year the question names, by its text, its section's headings or
        its document's title?"""
        return _names_years(analysis.years, c.text + self._section(c, hits, docs) + docs[c.doc_id].title)

    def _holding_kind(self, analysis: QuestionAnalysis, cands: list[Candidate]) -> Candidate | None:
        """For a number or date question: the best sentence when it holds the kind, unless it does not
        name what is counted (粮食产量) and one scoring at least KIND_RATIO of it does; the sentence
        after the best one when the best is a heading or intro without the number; the best itself
        when it states an amount the question gives (the part asked of it is not given: refuse); else
        the best-scored sentence that holds one, if it scores at least KIND_RATIO of the best (below
        that it answers another question: refuse)."""
        best = cands[0]
        if holds_kind(analysis, best.text) and names_quantity(analysis, best.text):
            return best
        holding = [c for c in cands if holds_kind(analysis, c.text) and c.score >= KIND_RATIO * best.score]
        naming = next((c for c in holding if names_quantity(analysis, c.text)), None)  # 粮食产量1.3万亿斤
        if holds_kind(analysis, best.text):  # … unless it does not name what is counted and one that does
            return naming or best
        follow = [c for c in cands[1:] if holds_kind(analysis, c.text) and c.doc_id == best.doc_id
                  and 0 <= c.start - best.end <= 200]
        if follow:
            return min(follow, key=lambda c: c.start)
        if any(amount in norm(best.text) for amount in given_amounts(analysis)):
            return best  # 1万亿元国债中…的部分: the sentence stating the question's own amount gives no part of it
        return naming or (holding[0] if holding else None)

    def _item_holding_kind(self, analysis: QuestionAnalysis, cands: list[Candidate],
                           docs: dict[str, Document]) -> Candidate | None:
        """When no retrieved sentence holds the kind asked: the first sentence that does in the item
        one of the best few sentences titles ((32)完善大统战工作格局。 … 制定民族团结进步促进法), up to
        the item's next sibling; the item's body may lie beyond the retrieved chunk."""
        for c in cands[:LIST_TRIES]:
            if c.score < KIND_RATIO * cands[0].score:
                break
            if marker(norm(c.text)) is None:
                continue
            doc = docs[c.doc_id]
            spans = doc_sentences(doc)
            j = sentence_index(spans, c.start)
            end = item_end(doc, spans, j, c)
            for a, b in spans[j + 1:]:
                if a >= end:
                    break
                if holds_kind(analysis, doc.text[a:b]):
                    return Candidate(c.hit_index, doc.doc_id, a, b, doc.text[a:b], c.features, c.score)
        return None

    def _supporting(self, best: Candidate, cands: list[Candidate], question: str,
                    docs: dict[str, Document]) -> list[Candidate]:
        """Further sentences that score near the best one and say something of the question that the
        sentences already chosen do not (coverage gain >= MIN_GAIN), or give the reason a why-question
        asks: a sentence that adds nothing is a citation that does not carry the answer. The best
        sentence's document title and the opening of its paragraph frame it (二十届三中全会公报: 全会强调，…。
        要巩固拓展主题教育成果…): another document's 全会强调 or 二十届三中全会 adds nothing."""
        out: list[Candidate] = []
        used = len(best.text)
        weights = term_weights(question, self.idf)
        said = _frame(best, docs) + best.text
        reason = analyse(question).kind == "reason"
        for c in cands:
            if len(out) + 1 >= self.max_sentences or c.score < self.keep_ratio * best.score:
                break
            if c is best or _similar(c.text, best.text) or any(_similar(c.text, o.text) for o in out):
                continue
            if used + len(c.text) > self.max_chars or is_heading(c.text, bool(c.features["first"])):
                continue
            gives_reason = reason and bool(_REASON_CUE.search(c.text)) and not _REASON_CUE.search(said)
            if not gives_reason and coverage(weights, said + c.text) - coverage(weights, said) < MIN_GAIN:
                continue
            out.append(c)
            used += len(c.text)
            said += c.text
        return out

    def _spoken(self, question: str, cands: list[Candidate], docs: dict[str, Document]) -> list[Candidate]:
        """For a question asking who: a near-best sentence in remarks opened by a speaker label
        (李春奎：…, the format of press conferences and interviews) is answered by that opening
        sentence, which names the speaker, followed by the sentence itself, and, when the question asks
        whose body they speak for (哪个部门的), by the sentence introducing them (市城市管理局党组书记、局长李春奎).
        Failing that, for a question asking who spoke, a near-best sentence introducing one speaker
        (市生态环境局党组书记喻显斌；) answers, followed by the opening of that speaker's remarks."""
        near = list(takewhile(lambda c: c.score >= KIND_RATIO * cands[0].score, cands[:LIST_TRIES]))
        for c in near:
            doc = docs[c.doc_id]
            spans = doc_sentences(doc)
            j = sentence_index(spans, c.start)
            k = speaker_at(doc.text, spans, j)
            if k is None and FIRST_PERSON.search(c.text) and (signed := signature_at(doc)):
                # 由我担任组长 in a signed speech: cited with the signature that says who "I" is
                return [Candidate(c.hit_index, c.doc_id, *signed, doc.text[slice(*signed)], c.features, c.score), c]
            if k is None:
                continue
            by_start = index_by_start(cands)
            opening = sentence_at(c, doc, spans[k], by_start)
            spoken = [opening] if k == j else [opening, c]
            name = speaker_name(doc.text, spans, j)
            asks_body = asks_who_spoke(question) and ASKS_BODY_OF_SPEAKER.search(norm(question))  # not 依托哪家单位
            if asks_body and (i := speaker_intro(doc.text, spans, name)) is not None and i not in (j, k):
                spoken.append(sentence_at(c, doc, spans[i], by_start))
            return spoken
        for c in near if asks_who_spoke(question) else ():
            doc = docs[c.doc_id]
            labels = speaker_labels(doc.text)
            named = [n for n in labels if n in c.text]
            if len(named) == 1:
                spans = doc_sentences(doc)
                at = sentence_index(spans, labels[named[0]])
                return [c, sentence_at(c, doc, spans[at], index_by_start(cands))] \
                    if at != sentence_index(spans, c.start) else [c]
        return []

    def _compose(self, analysis: QuestionAnalysis, question: str, chosen: list[Candidate], hits: list[Hit],
                 docs: dict[str, Document], notes: list[str]) -> Extract:
        cited: list[Hit] = []
        spans: list[tuple[int, int] | None] = []
        sentences: list[str] = []
        # a sentence no passage holds cannot be quoted, so it answers nothing (到二〇三五年… across two chunks)
        chosen = [c for c in chosen if not c.quoted or self._hit_for(c, hits, docs) is not None] or chosen
        for c, hit in _with_intros([c for c in chosen if c.quoted], docs, lambda m: self._hit_for(m, hits, docs)):
            rel = answer_span(analysis, c.text) if analysis.kind != "list" or item_marker(norm(c.text)) is None \
                else item_span(c.text)
            if rel is None and analysis.kind in SLOT_KINDS:  # 谁, 什么, 哪个: the words standing in its place
                rel = slot_span(question, c.text)
            if c.lead and analysis.kind == "list":  # an intro quoted with its first item: the item's span
                item = item_span(c.text[c.lead:])
                rel = (c.lead + item[0], c.lead + item[1]) if item else None
            spans.append((c.start + rel[0], c.start + rel[1]) if rel else None)
            cited.append(hit)
            sentences.append(_display(c.text))
        best = chosen[0]
        prev, _ = previous_in_block(docs[best.doc_id].text, doc_sentences(docs[best.doc_id]),
                            sentence_index(doc_sentences(docs[best.doc_id]), best.start))
        section = (self._hit_for(best, hits, docs) or hits[0]).chunk.section_path  # its headings (speaker)
        # coverage of what the answer says, with the heading it continues and its section
        said_all = prev + "".join(c.text for c in chosen)
        # a date or author line of the document the question names (二十大报告是哪一天作的: （2022年10月16日）)
        # names it by where it stands
        # (with its other head lines: 习近平 under （2022年10月16日） for 习近平在二十大上作报告是哪一天)
        heading = docs[best.doc_id].heading
        head_spans = doc_sentences(docs[best.doc_id])[:HEAD_LINES]
        named = "".join(r for r in analysis.documents if reference_matches(r, heading)) \
            if analysis.kind in ("date", "actor") and sentence_index(doc_sentences(docs[best.doc_id]), best.start) < HEAD_LINES \
            else ""
        named += "".join(docs[best.doc_id].text[slice(*sp)] for sp in head_spans) if named else ""
        cov = clause_coverage(question, self.idf, said_all + section + named)
        frame = _frame(best, docs)
        kind_ok = answers_kind(analysis, question, chosen, said_all, section, frame)
        doc = docs[best.doc_id]
        # (every sentence chosen: the opening formula may come first, before the sentence that answers)
        about = analysis.kind not in _ABOUT_ITSELF and all(
            c.doc_id == best.doc_id and sentence_index(doc_sentences(doc), c.start) < HEAD_LINES
            and self._about_its_document(question, c.text, doc) for c in chosen)
        return Extract(sentences, cited, cov, spans, analysis, kind_ok, best.score, notes,
                       [c.text for c in chosen if not c.quoted], frame, best.meaning, about)

    def _about_its_document(self, question: str, sentence: str, doc: Document) -> bool:
        """Does `sentence`, one of `doc`'s head lines, share with the question only words naming the document
        (its title, subtitle, adoption line, speaker and date) or the time (现在), while the question asks of
        other words the library holds? The report's opening formula (现在，我代表国务院，向大会报告政府工作) so
        answers 政府工作报告有没有说给老师松松绑: it is about the document, not what is asked of it. (The head
        is read only here, for a head line chosen, not for every answer.)"""
        unknown = self.idf("\x00")  # the weight of a word no passage holds (请问, 谢谢)
        terms = [t for t in term_weights(question, self.idf) if len(t) >= 2]
        head = doc.head_text("author", "date")
        s, h = searchable(sentence), searchable(head.replace(sentence.strip(), " "))  # (a headline states content)
        rest = [t for t in terms if t not in s and t not in h and self.idf(t) < unknown]
        return bool(rest) and all(t in h or t in _NOW for t in terms if t in s)

    def _hit_for(self, c: Candidate, hits: list[Hit], docs: dict[str, Document]) -> Hit | None:
        """The retrieved hit holding a sentence, or the indexed chunk holding it (a list item or the
        sentence after a heading may lie beyond the retrieved chunks)."""
        for h in hits:
            if h.chunk.doc_id == c.doc_id and h.chunk.start <= c.start and c.end <= h.chunk.end:
                return h
        if self.chunk_at is not None:
            chunk = self.chunk_at(c.doc_id, c.start)
            if chunk is not None and chunk.end >= c.end:
                return Hit(chunk, 0.0, title=docs[c.doc_id].title)
        return None


_NESTED_TITLE = re.compile(r"《[^》]*》")  # a title quoted inside another document's title
_POINTS_BACK = re.compile(r"(?:这个|那个|这一|这项|该|此)(?:目标|数字|数|指标|政策|规定|措施|说法|提法|项目|文件|要求|部署|任务|制度)")
_HE_OR_SHE = re.compile(r"(?:那|那么)?(?:他|她)们?(?![国人])")  # a part opening with a pronoun for a person


def _from_named_documents(analysis: QuestionAnalysis, cands: list[Candidate],
                          docs: dict[str, Document], scope: Sequence[str] = ()) -> list[Candidate]:
    """A question naming a document by its short name (党的二十大报告是在哪一天作的？) is answered from
    that document when sentences of it were retrieved, not from another that mentions the meeting. A
    question naming none, asked after one that did (`scope`), is answered from that one likewise."""
    if not analysis.titles and not analysis.documents and scope:
        analysis = replace(analysis, titles=tuple(r.strip("《》") for r in scope if r.startswith("《")),
                           documents=tuple(r for r in scope if not r.startswith("《")))
    # 《决定》 names the 决定 itself, not 关于《…决定》的说明 (whose own title, quotations left out, is 关于的说明);
    # a question asking about that 说明 (关于《决定》的说明中…) names no title of its own here.
    titles = [t for t in analysis.titles if not re.search(rf"《{re.escape(t)}》的?说明", analysis.question)]
    if not analysis.documents and not titles:
        return cands
    named = {d for d in {c.doc_id for c in cands}
             if any(reference_matches(r, docs[d].heading) for r in analysis.documents)
             or any(reference_matches(t, _NESTED_TITLE.sub("", docs[d].heading)) for t in titles)}
    mine = [c for c in cands if c.doc_id in named]
    # … when one of them can answer: 到哪一年 is not answered by the 决定's sentences without a year
    return mine if any(holds_kind(analysis, c.text) for c in mine) else cands



def _series_opening(analysis: QuestionAnalysis, best: Candidate, docs: dict[str, Document],
                    cands: list[Candidate]) -> list[Candidate]:
    """When the best sentence lacks the kind asked but is a later ；-clause of a sentence whose opening clause
    holds it (到二〇三五年，…总体目标是：…； … 美丽中国目标基本实现；): that opening and the clause; else none."""
    if holds_kind(analysis, best.text):
        return []
    doc = docs[best.doc_id]
    spans = doc_sentences(doc)
    j = sentence_index(spans, best.start)
    first = start_of_sentence(doc.text, spans, j)
    if first < j and holds_kind(analysis, doc.text[slice(*spans[first])]):
        return [sentence_at(best, doc, spans[first], index_by_start(cands)), best]
    return []


def _opened_clause(analysis: QuestionAnalysis, ranked: list[Candidate], docs: dict[str, Document],
                   cands: list[Candidate]) -> list[Candidate]:
    """For a date question: a near-best sentence (KIND_RATIO of the best score, among the best few) that is a later
    ；-clause of a sentence whose opening holds the date, with that opening (到二〇三五年，…总体目标是：…； for
    建成教育强国是到哪一年, with the clause naming 教育强国). Taken when the best sentence lacks the date, or when the
    clause covers the question about as well as the best (OPENED_COVERAGE of its coverage) and either the opening
    is among the best few too or the clause repeats more of the question word for word (`_names_more`); else none."""
    if analysis.kind != "date" or not ranked:
        return []
    best = ranked[0]
    top = {(c.doc_id, c.start) for c in ranked[:LIST_TRIES]}
    for c in ranked[1:LIST_TRIES]:
        if c.score < KIND_RATIO * best.score:
            break
        if (pair := _series_opening(analysis, c, docs, cands)) and (
                not holds_kind(analysis, best.text) or c.features["coverage"] >= OPENED_COVERAGE * best.features["coverage"]
                and ((pair[0].doc_id, pair[0].start) in top or _names_more(analysis.asked, c.text, best.text))):
            return pair
    return []


NAMED_RUN = 4  # characters of the question a clause must repeat word for word to name what it asks


def _names_more(question: str, text: str, than: str) -> bool:
    """Does `text` repeat a longer run of the question's characters (NAMED_RUN at least) than `than` does: the
    clause 建成…文化强国 names 建成文化强国是到哪一年, 从二〇二〇年到二〇三五年基本实现社会主义现代化 does not?"""
    def run(t: str) -> int:
        return SequenceMatcher(None, question, t, autojunk=False).find_longest_match().size
    return (mine := run(text)) >= NAMED_RUN and mine > run(than)


def _target_if_asked(question: str, analysis: QuestionAnalysis, best: Candidate, cands: list[Candidate]) -> Candidate:
    """A question for a target (预期目标是多少？) is answered by a sentence that states one (1200万人以上,
    5%左右, 力争…) rather than a result (1244万人) when one scores within TARGET_RATIO of the best."""
    if not _ASKS_TARGET.search(question) or _states_target(question, best.text):
        return best
    for c in cands[:LIST_TRIES]:
        if c.score < TARGET_RATIO * best.score:
            break
        if c is not best and holds_kind(analysis, c.text) and _states_target(question, c.text):
            return c
    return best


def _states_target(question: str, text: str) -> bool:
    """Does the sentence state a target (5%左右, 力争…)? A yearly average (年均…以上) the question does not
    ask for is a record over years unless the sentence also says it aims at it."""
    if not _STATES_TARGET.search(text):
        return False
    return not _AVERAGE.search(text) or bool(_AVERAGE.search(question)) or bool(_AIMS.search(text))


def _with_intros(chosen: list[Candidate], docs: dict[str, Document],
                 hit_for: Callable[[Candidate], Hit | None]) -> list[tuple[Candidate, Hit]]:
    """The chosen sentences as quoted, each with the passage holding it (`hit_for`; a sentence no
    passage holds is left out): a sentence that introduces the enumeration item right after it (only
    spaces and line breaks between) is quoted together with that item, since it says nothing the
    reader can check on its own (中国式现代化，……更有基于自己国情的中国特色。——中国式现代化是人口规模巨大的现代化。),
    when one passage holds both."""
    out: list[tuple[Candidate, Hit]] = []
    k = 0
    while k < len(chosen):
        c = chosen[k]
        nxt = chosen[k + 1] if k + 1 < len(chosen) else None
        if nxt is not None and item_marker(norm(c.text)) is None and marker(norm(nxt.text)) is not None \
                and adjacent(c, nxt):
            both = replace(nxt, start=c.start, text=docs[c.doc_id].text[c.start:nxt.end], lead=nxt.start - c.start)
            if (hit := hit_for(both)) is not None:
                out.append((both, hit))
                k += 2
                continue
        if (hit := hit_for(c)) is not None:
            out.append((c, hit))
        k += 1
    return out


def _full_title(titles: Sequence[str], text: str) -> bool:
    """Does the sentence give a longer 《title》 that holds one the question names (《中共重庆市委关于…
    的实施意见》 for 《实施意见》)?"""
    found = _TITLE_IN.findall(re.sub(r"\s+", "", text))
    return any(t in y and len(y) > len(t) for y in found for t in titles)


def _restates(question: str, text: str) -> bool:
    """Does the sentence only say again what the question asks about (为什么说…必须同…相结合？ and
    …必须同…相结合。): RESTATED of its character bigrams are the question's?"""
    own = bigrams(text)
    return bool(own) and len(own & bigrams(question)) / len(own) >= RESTATED


def _frame(c: Candidate, docs: dict[str, Document]) -> str:
    """What frames sentence `c` without being quoted: its document's title (searchable: 二十届三中全会 for
    the 第三次全体会议公报), the first sentence of the paragraph it continues (全会强调，…) and the post of
    the speaker whose remarks it belongs to."""
    doc = docs.get(c.doc_id)
    if doc is None:
        return ""
    spans = doc_sentences(doc)
    j = sentence_index(spans, c.start)
    k = paragraph_start(doc.text, spans, j)
    speaker = speaker_name(doc.text, spans, j)  # 王志杰：…: who speaks, with the post and body written before
    post = speaker_post(doc.text, speaker) if speaker else ""  # their name elsewhere (市经济信息委党组书记、主任)
    return searchable(doc.title) + " " + (doc.text[slice(*spans[k])] if k != j else "") + (" " + post if post else "")


def _display(sentence: str) -> str:
    """Join layout line breaks for reading; the citation keeps the exact quote."""
    return re.sub(r"\s*\n\s*", "", sentence).strip()


def _similar(a: str, b: str) -> bool:
    x, y = bigrams(a), bigrams(b)
    return bool(x and y) and len(x & y) / len(x | y) > 0.6


def mark_spans(citations: list[Citation], ex: Extract) -> None:
    """Copy the answering spans of an extractive answer onto its verified citations (where the span
    lies inside the citation's quote)."""
    for c in citations:
        span = ex.spans[c.n - 1] if 0 < c.n <= len(ex.spans) else None
        if span is not None and c.start <= span[0] and span[1] <= c.end:
            c.answer_start, c.answer_end = span
