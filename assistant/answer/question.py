"""Question analysis: one typed step that reads what a question asks for (the kind of answer) and
what it hinges on (its anchors). The extractive answerer, the refusal rule and the LLM claim check
all use the same `QuestionAnalysis`."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from assistant.ingest.metadata import POSTS
from assistant.text.lay_terms import alternatives, named_in
from assistant.text.normalize import norm
from assistant.text.numerals import cn_int, number_value
from assistant.text.places import division, known_place
from assistant.text.references import CN_NUM, DOCUMENT_REF
from assistant.text.tokens import ensure_jieba
from assistant.text.years import CN_DIGITS, CN_YEAR, NAMED_YEAR, YEAR

KINDS = ("number", "date", "law", "place", "list", "definition", "reason", "measures", "actor", "yesno", "other")

# Measure words an amount is counted in; a number question wants a number carrying the same one.
MEASURES = ("万亿元", "亿元", "万元", "万亿", "亿", "万", "元", "%", "个百分点", "项", "张", "个", "条", "类", "家",
            "名", "人", "岁", "年", "次", "倍", "所", "座", "批", "件", "部", "种", "天", "列", "吨", "公里", "平方公里",
            "方面", "位", "枚", "台", "户", "亩", "套", "期", "轮", "级", "梯次", "大", "周年", "块", "部分", "处", "斤", "步", "美元")
# The measure words of a list question's count (哪五个方面, 哪两项, 哪三大, 哪两块, 哪三部分): items, not an
# amount; 哪一块 asks for one thing, no list.
ITEM_COUNT = "(?:[个项张条类种位家大块点]|方面|部分)"
_COUNTERS = ("个", "项", "张", "条", "类", "家", "所", "座", "批", "件", "部", "种", "方面", "大")
AREA_ASKED = "面积"  # the measure of 多大面积 (`_ASKS_AREA`)
# Measure words that answer for one another: 多少人 is answered by 180多万名, 几个 by 16项.
SAME_MEASURE = {"人": ("人", "名", "位"), "名": ("人", "名", "位"), "位": ("人", "名", "位"), "个": _COUNTERS,
                "%": ("%", "个百分点", "成"), "亿元": ("亿元", "万亿元", "亿"), "万亿": ("万亿", "万亿元"),
                "亿": ("亿", "亿元", "万亿", "万亿元"),  # 多少万亿 is answered by 4.06万亿元
                "万元": ("万元", "亿元", "万"),
                "元": ("元", "万元", "亿元", "万亿元"), "块": ("块", "元", "万元", "亿元"),  # 50块: yuan, said plainly
                AREA_ASKED: ("亩", "平方公里")}
_MAGNITUDE = "(?:万|亿)(?=[人名位户家个所座套吨亩件台辆斤])"  # 多少万人, 几亿吨: the counter is the measure
MEASURE_ALT = "|".join(sorted((re.escape(m) for m in MEASURES), key=len, reverse=True))

# N items asked for by what they are: 三方面工作是什么, 两个试点包括什么 (not 第三方面是什么: an ordinal; not
# 那八个字是什么: the length of one phrase).
_COUNTED_WHAT = (rf"(?<![第\d{CN_NUM}“\"「『])([{CN_NUM}\d]+){ITEM_COUNT}(?!字)[^，,。？?第”\"」』]{{0,8}}?"
                 r"(?:是什么|有什么|包括什么|指什么|是哪些)")  # not a name in quotes: “两个毫不动摇”指什么
# 这5张清单的名称都告诉我: the names of a counted group are asked, a list
_NAMES_OF = rf"[{CN_NUM}\d]+[个项张条类种大][\u4e00-\u9fff]{{1,8}}?的(?:名称|名字)(?:都|分别|各|全)?(?:是|叫|告诉|说|列|讲)"
# 几 asks an amount, unless after 近/这/那/好/连续/连着/那么, where it says "a few" (连续几年, 连着几年, 这几个数字,
# 就那么几年)
_JI = r"(?:(?<![近这那好续着么前])几|(?<=前)几(?![年天]|个月))"  # 前几年那场风波 is no ask; 排前几位 is
_LIST = re.compile(rf"哪些|哪几(?![天日])|列出|列(?:一下|一列|下来)|哪(?!一{ITEM_COUNT})[{CN_NUM}\d]+{ITEM_COUNT}|{_JI}{ITEM_COUNT}\S*(?:分别|都是什么|都是啥|都叫什么|各叫什么)|分别是|分别有|分别叫|(?:都|各)叫(?:什么|啥)|主要有|包括什么|包含什么|列举|都有什么|都是些?什么|有何|{_COUNTED_WHAT}"
                   rf"|(?<![{CN_NUM}\d]){_NAMES_OF}")
_DATE = re.compile(r"哪一年|哪年|哪几天|哪几日|几号(?![文令])|何时|什么时候|什么时间|(?:哪个|啥)(?:时候|时间)|哪一天|哪天|几月|哪个月|年份|日期|截止到?什么|时间节点|时间表"
                   r"|会期(?=[？?，,]|$)")  # 三中全会 会期？: the days a meeting was held
CLAUSE_MARKS = re.compile(r"[，,。；;？?！!]")  # the marks ending a clause of a question
_ASKS_AMOUNT = re.compile(rf"多少|{_JI}(?!乎)|多大|多高|多长|多远|多久")  # words asking an amount
# How large an area (多大面积, 多少面积的耕地): answered by an amount in 亩 or 平方公里, not by any amount.
_ASKS_AREA = re.compile(r"(?:多大|多少)的?面积")
# How long (多久, 多长时间): answered by a span of time (7年, 7个多月), not by any amount.
DURATION_ASKED = "时长"
# 多久; 连续几年, 连着几年, 稳定了几年, 几年了: how long something has lasted
_ASKS_DURATION = re.compile(rf"多久|多长的?时间|多少时间|(?:连续|连着|持续|稳定|保持|坚持|延续)了?(?:几|多少)个?年|(?:{_JI}|多少)个?年了")  # not 好几年了
# an amount of money: 元, 万元, 亿元 (能贷多少: a loan is money, not the people counted before it)
_ASKS_MONEY = re.compile(r"多少钱|多少块钱|几块钱|(?:贷|借)(?:了|到|得)?多少(?!次|笔|人|户|年|天|个|家|回)")
_DURATION_UNIT = re.compile(r"(?:多|半)?(?:月|小时|星期|周)")
_NUMBER = re.compile(_ASKS_AMOUNT.pattern + r"|比重|比例|占比|增长率|增速|(?<![大小])规模|数量|总量|金额|百分之")
# 哪部法律, 什么条例: the answer names a law (制定金融法, 《…条例》)
_LAW = re.compile(r"(?:哪部|哪一部|哪项|哪个|什么)(?:法律|法规|法典|条例|法)(?![规律典])")
_LAW_NAME = re.compile(r"《[^》]{2,40}(?:法|法典|条例|规定)》|(?<=制定|修改|修订|出台|编纂|起草)[\u4e00-\u9fff]{2,16}?(?:法典|条例|法)"
                       r"(?![律规治院人官学])")
_NOT_LAW = ("办法", "方法", "做法", "立法", "执法", "司法", "守法", "依法", "合法", "违法", "非法", "无法", "设法", "用法")
# where (在哪个省搞起来的, 在哪座城市开的, 在哪里举行): answered by a sentence naming a place
# (重点放在哪儿, 劲往哪儿使: where the effort goes, not a place; 钱花在哪儿, 用在哪里: what money is for)
_PLACE = re.compile(r"哪(?:一)?(?:个|座)?(?:省份?|城市|地方|国家|区县|(?:区|县|市|镇|乡)(?![域块场间分划长级委政局]))|(?<![放落摆花用投])在哪(?:里|儿)|什么地方(?!性|政府|专项|债|财政|立法|标准|党委)|(?:在哪|何地)(?=举行|召开|开|举办|设立|建)")
_CONCEPT = r"[什啥]么?概念|指啥"  # 是个什么概念, 啥概念, 指啥: what a term means, in everyday words
# 给中国式现代化下的那个定义: the definition a document gives a term
_GIVEN_DEFINITION = re.compile(r"给[“\"]?([\u4e00-\u9fff]{2,16}?)[”\"]?下(?:了|的)?(?:那个|这个|个)?定义")
_DEFINITION = re.compile(r"(?:怎样|怎么|如何)(?:界定|定义|定性|表述)|下(?:了|的)?(?:那个|这个|个)?定义|是什么|指什么|指的是|什么是|(?<!为)什么叫|何谓|含义|意思|是一种什么|是指|代表什么|代表的是什么"
                         rf"|{_CONCEPT}|啥意思")
# 为什么 asks why, unless its 为 ends a verb (沦为什么角色, 定位为什么, 称为什么, 概括为什么)
_WHY_WORD = r"(?<![沦成作称视列转改认化分评选名变定位括述])为什么"
# (根据什么测算, 按什么测算出来的, 怎么算出来的: the basis)
_REASON = re.compile(rf"{_WHY_WORD}|为何|原因|何以|理由|目的是|意义|凭什么|(?:根据|依据)什么|按什么(?:标准)?(?:测算|计算|核定|确定)"
                     r"|(?:怎么|如何)(?:测算|算出)")
# 原因是什么, 用意是什么: a reason asked with the words of a definition (是什么), which it is not
_REASON_ASKED = re.compile(r"(?:原因|理由|缘由|缘故|用意|初衷|依据|根据|出发点|目的)是(?:什么|啥)")
# 为什么…定在28%: asking why outranks the nouns of an amount (比重, 规模); only a word asking an amount (多少) does not
_WHY = re.compile(rf"{_WHY_WORD}|为何|何以|凭什么")
_MEASURES_KIND = re.compile(r"如何|怎样|怎么|采取了?什么|哪些措施|什么措施|什么举措|什么办法|做法|路径")
# A post asked for by name (主任和副主任都是谁, 组长是谁, 市委书记是哪个): the answer must name that post (由我担任组长);
# 副 and the 人 of 主持人 are left off, so that 副组长 and 主持 count (负责人 is any post: 局长 answers it).
_ASKED_POST = re.compile(rf"副?({POSTS}|组长|会长|主编|发言人|主持人|行政长官)"
                         rf"(?:和副?(?:{POSTS}|组长))?(?:分别|各|都|又)?"
                         r"(?:是谁|由谁|为谁|是哪位|是哪几位|是哪一?个|叫什么名字|有谁)")
# a person asked by the post held (市委书记是哪个, 行政长官是谁, 负责人是谁)
POST_ASKED = re.compile(rf"{_ASKED_POST.pattern}|(?:负责人|领导)(?:是|为)?(?:谁|哪一?个)")
# who (谁, 由哪两家单位, 什么部门): the whole question word with its noun, so that what follows it is what the
# actor did (是谁作的主题发布 -> 作的主题发布)
ACTOR = re.compile(r"谁|由?(?:哪[一两二三四五六七八九十几]*[个位家]?|什么)(?:部门|机构|单位|领导|总理|书记|省长|市长|部长|局长"
                   r"|人(?![才口民力均工文气])"
                   r"|机关|委员会|局(?![面势限])|厅)"
                   rf"|由哪|哪位|哪家|{POST_ASKED.pattern}")
# (a figure put forward to be checked: 写的13项，对不对？ 这么写没问题吧, 专项债是3.8万亿？)
CLAIM_TAG = r"对不对|没问题吧|没错吧|对吧|是吧[？?]?$|是\d[\d.]*[万亿千百]*[\u4e00-\u9fff%]{0,3}?[吧啊呀呢]?[？?]$"
_YESNO = re.compile(rf"是否|有没有|是不是|能不能|会不会|了没有?[？?]?$|吗[？?]?$|{CLAIM_TAG}")

# A year naming a document (2024年政府工作报告, 2024年的《决定》): the document's title or date bears it.
_DOCUMENT_YEAR = re.compile(r"((?:19|20)\d{2})年(?:的|度)?[《“]?[\u4e00-\u9fff]{0,6}?"
                            r"(?:工作报告|报告|决定|公报|意见|通知|规划|纲要|方案|条例|办法|决议|说明)")
_ASK_DAY = re.compile(r"哪一天|哪天|哪几天|哪几日|哪日|几月几[日号]|几号|什么日子|具体日期|会期")
_ASK_MONTH = re.compile(r"几月|哪个月|哪一月|哪月")
_TITLE = re.compile(r"《([^《》]{1,60})》")
# A numbered meeting (二十届三中全会, 六届六次全会, 十四届全国人大二次会议): the documents must name that one.
# Occasions a date question may ask about besides numbered meetings (全会 and 会议 are named in too many
# ways to ask for the word itself).
_EVENT = re.compile(r"新闻发布会|发布会|座谈会|博览会|交易会|展览会|论坛|峰会|开幕式|闭幕式|典礼|仪式")
# An occasion dated by its month (2024年12月召开的中央经济工作会议): a passage about the same kind of occasion
# in another month (the report's 中央经济工作会议 of the December before) is about another one.
_DATED_OCCASION = re.compile(r"(\d{4})年(\d{1,2})月(?:\d{1,2}日)?(?:至\d{1,2}日)?(?:在[\u4e00-\u9fff]{1,6})?"
                             r"(?:召开|举行|举办|开幕|闭幕|发布|出台|印发|通过)")
# (中央民族工作会议, 全军政治工作会议: a conference named by its field is a meeting of its own)
_MEETING = re.compile(rf"[{CN_NUM}]+届(?:[{CN_NUM}]+中全会|[{CN_NUM}]+次全会|全国人大[{CN_NUM}]+次会议)"
                      r"|(?:中央|全国|全军)[\u4e00-\u9fff]{1,8}?工作会议")
QUOTED = re.compile(r"[“\"「『]([^”\"」』]{1,30})[”\"」』]")
_QUOTED_COUNT = re.compile(rf"[{CN_NUM}\d]+[个项张条类种篇件批大块点]")  # “五篇”, “两个”: a count, not a term (“三农” is one)
ORDINAL = re.compile(rf"第[{CN_NUM}\d]+[{CN_NUM}]*[个项张条类种部分方面批点]?|其中第[{CN_NUM}\d]+[个项张条类种]?|[{CN_NUM}]是")
# (31项集成式标志性重大改革项目具体是哪些: a long name of what is counted has no 的, unlike 二十大报告…的本质要求包括哪些)
_COUNT = re.compile(rf"哪(?!一{ITEM_COUNT})([{CN_NUM}\d]+){ITEM_COUNT}"  # 哪一块 asks for one thing
                    rf"|(?<![第\d{CN_NUM}])([{CN_NUM}\d]+){ITEM_COUNT}(?!字)(?:[^，,。？?]{{0,8}}?|[^，,。？?的]{{9,16}}?)[，,]?(?:分别|各是|各有|都是|包括哪|具体有哪|具体是|的名称|的名字)"
                    rf"|(?:列出|列举)[^，,。？?]{{0,20}}?(?<![第\d{CN_NUM}])([{CN_NUM}\d]+){ITEM_COUNT}"  # 列出全部12个方面
                    rf"|{_COUNTED_WHAT}")
# (多少万人: 人, with 万 its magnitude, as 1200万人 ends)
_ASKED_MEASURE = re.compile(rf"(?:多少|{_JI}|哪[{CN_NUM}]*)(?:{_MAGNITUDE})?({MEASURE_ALT})")
_HEAD = re.compile(rf"(?:哪些|哪几|哪[{CN_NUM}\d]+|{_JI}|多少)(?:{_MAGNITUDE})?(?:{MEASURE_ALT})?[“\"]?([\u4e00-\u9fff]{{2,8}}?)[”\"]?(?=[，,。？?、和及与]|是|有|分别|$|推动|推进|为|作为)")
_VERB_AFTER_COUNT = re.compile(rf"(?:{MEASURE_ALT})?[来去]")  # 分成哪两块来部署: a verb follows the count, no noun
# 拥有多少名党员的马克思主义政党: the noun counted, before the 的 of the phrase it describes
_COUNTED_HEAD = re.compile(rf"(?:{_JI}|多少)(?:{_MAGNITUDE})?(?:{MEASURE_ALT})([\u4e00-\u9fff]{{2,4}}?)的")
_ORG_SUFFIX = re.compile(r"(部|委|局|厅|署|院|办|委员会|政府|中心|银行|集团|公司|协会|大学)$|^中共中央$")
_PLACE_SUFFIX = re.compile(r"(市|省|自治区|特别行政区)$")
# A national body named in full (国家发展改革委, 国家税务总局): jieba cuts these into common words.
# The tails leave out 局/部 after the characters of 布局, 格局, 内部, 全部 (国家安全力量布局 is no body).
_NATIONAL_BODY = re.compile(r"国家(?:(?!怎么|什么|如何|哪)[\u4e00-\u9fff]){2,5}?"
                            r"(?:委员会|委|总局|(?<![布格大结])局|署|(?<![内外全干局])部(?!署))")  # (国家怎么部署: no body)
_NAME_FLAGS = {"ns": "place", "nr": "person", "nrfg": "person", "nt": "organisation"}
# kinds of body that jieba tags nt, not a body named (乡镇卫生院: the documents say 基层医疗卫生机构)
_KINDS_OF_BODY = frozenset({"卫生院", "研究院", "设计院", "养老院", "福利院", "敬老院", "幼儿园", "银行", "公司", "集团"})


@dataclass(frozen=True)
class QuestionAnalysis:
    """What a question asks for. `kind` is one of KINDS; the tuples are anchors the documents must
    mention for the question to be answerable (titles without 《》, quoted terms without quotes)."""

    question: str
    kind: str
    asked: str = ""  # the question without the asker's own scene (`split_scene`), normalised
    measure: str | None = None  # the measure word an amount is asked in (项, 张, %, 亿元 …)
    count: int | None = None  # 哪两个试点 -> 2
    head: str | None = None  # the noun asked about: 哪几张改革清单 -> 改革清单
    titles: tuple[str, ...] = ()
    quoted: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    years: tuple[str, ...] = ()  # in digits: 2029
    ordinals: tuple[str, ...] = ()  # 第四张, 其中第二项
    quantity: tuple[str, ...] = ()  # number questions: the last words naming what is counted (GDP, 党员队伍)
    meetings: tuple[str, ...] = ()  # numbered meetings: 二十届三中全会
    document_years: tuple[str, ...] = ()  # years that date a document (2024年政府工作报告), not a fact
    documents: tuple[str, ...] = ()  # documents named without 《》: 二十大报告, 三中全会公报, 政府工作报告
    events: tuple[str, ...] = ()  # occasions other than meetings: 新闻发布会, 论坛, 博览会
    months: tuple[str, ...] = ()  # the month an occasion is dated by: 2024年12月召开的… -> 2024年12月
    doer: tuple[str, str] | None = None  # number questions: who does what is counted (文件起草组召开了多少次: 起草组, 召开)
    codes: tuple[str, ...] = ()  # abbreviations in Latin letters (M2, PMI): GDP counts as present where 国内生产总值 is

    @property
    def asked_text(self) -> str:
        """What is asked, normalised: the question without the scene it may open with."""
        return self.asked or norm(self.question)

    @property
    def quoted_terms(self) -> tuple[str, ...]:
        """The quoted terms the documents must use: a quoted common word (产业“地图”) is a figure of
        speech, and a quoted count (那“五篇”金融) counts what is asked; neither is one of them."""
        return tuple(t for t in self.quoted if not common_word(t) and not _QUOTED_COUNT.fullmatch(t))

    @property
    def anchors(self) -> tuple[str, ...]:
        """Terms (other than titles) that a passage answering the question must contain."""
        return tuple(dict.fromkeys((*self.quoted_terms, *self.places, *self.organisations, *self.people,
                                    *self.years, *self.months, *self.meetings, *self.codes)))

    def to_dict(self) -> dict[str, object]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


# 利率多少, 城镇化率能到多高: a rate is a share (%) too, and so is a tax, interest or fee rate moved to an amount
# (退税率有没有调高？调到多少; a death rate 降到多少 is per so many)
_SHARE = re.compile(r"比重|比例|占比|份额|增长率|增速|百分之|(?<=[\u4e00-\u9fff])率(?=(?:是|为|有|能|要|会)?(?:多少|多高|几))"
                    r"|(?<=[税利费])率(?=[^。]{0,10}?(?:调|提|降|升|涨)[^，,。？?]{0,3}?(?:到|至)多少(?![亿万千百元个项条人次]))")


# the characters after a measure word that make it the start of a noun (家庭, 人口)
_NOUN_AFTER = {"家": frozenset("庭长属"), "人": frozenset("口")}


_WHICH_ONE = re.compile(r"哪[^\d一二三四五六七八九十两几]\S*")  # 哪位, 哪个: which one, no count


def _asked_measure(q: str, kind: str) -> str | None:
    """The measure word of the amount asked (多少项 -> 项, 比重 -> %); of two asks (再过几年…要占到多大份额？)
    the last, which is what the question ends on."""
    if ordinal := re.search(r"第几([\u4e00-\u9fff]?)", q):  # 第几个历史决议, 排第几: an ordinal, not an amount
        return ORDINAL_ASKED + ordinal.group(1)  # with the word after 第几 (版 of 第几版)
    worded = list(_ASKED_MEASURE.finditer(q))  # asked by a question word (多少项, 几年)
    amounts = [m for m in worded if not _WHICH_ONE.fullmatch(m.group(0))]
    if kind == "number" and (amounts or _SHARE.search(q)):  # …占比多少%？哪位负责人说的: 哪位 asks who, not an
        worded = amounts  # amount in 位 (alone, as in 哪个领域的意见数量最多, it stays what is asked)
    asks = [(m.start(), m.group(1)) for m in worded
            if q[m.end():m.end() + 1] not in _NOUN_AFTER.get(m.group(1), frozenset())]  # 多少家庭: no 家
    asks += [(m.end() - 1, DURATION_ASKED) for m in _ASKS_DURATION.finditer(q)]  # at its end: 稳定了几年 is no 年 count
    money = [m.span() for m in _ASKS_MONEY.finditer(q)]  # 几块钱 asks 元, not 块 of some thing
    asks = [a for a in asks if not any(s <= a[0] < e for s, e in money)] + [(s, "元") for s, _ in money]
    if kind == "number":
        asks += [(m.start(), "%") for m in _SHARE.finditer(q)]
        asks += [(m.start(), AREA_ASKED) for m in _ASKS_AREA.finditer(q)]
    if not asks:
        return None
    at, measure = max(asks)
    amount = [m.start() for m in _ASKS_AMOUNT.finditer(q) if m.start() > at]
    # 连续几年发行…，头一年先发多少: a later clause asks an amount of no measure named, which is what is asked
    # (not after a noun naming the measure: 占GDP比重，…目标是多少 asks the share)
    asked_by_word = measure == DURATION_ASKED or any(m.start() == at for m in worded)
    return None if asked_by_word and amount and CLAUSE_MARKS.search(q[at:amount[-1]]) else measure


_YEARS_ASKED = re.compile(r"哪[两二三四五六七八九几]个?年份|哪[两二三几]年(?!级)")


# 分别是多少 / 分别为哪一年 ask for several amounts or dates, not for a list of things
# (分别是哪天 asks dates, 分别是哪个部门 bodies)
_EACH_ASKS = re.compile(r"(?:分别|各)(?:是|为|有|由)?(?=多少|几|多大|哪一?年|何时|什么时候|哪一?天|哪几天|哪个?月"
                        r"|谁|哪[个家]?(?:部门|单位|机构|机关))")


# A request worded as a question (能把这5张清单的名称都列一下吗, 请介绍一下…): asks for the thing, not yes or no
_REQUEST = re.compile(r"(?:^|(?<=[，,：:]))(?:请你?|麻烦|帮我|能不能|可不可以|能否|能|可以)(?=[^，,。？?]{0,30}?"
                      r"(?:列|说|讲|介绍|解释|概括|总结|梳理|归纳|谈)(?:一下|一遍|一列|下|出来|出|说|讲|谈))")


# 另外几位副手分别是谁: the people asked for, not how many there are
_WHO_EACH = re.compile(r"(?:分别|各自?|都)是谁")


# a group a question counts itself, by a numeral and its measure word (四大…, 5类…, 五个…)
_GROUP_COUNT = rf"[{CN_NUM}\d]+(?:个|大|类|项|张|条|种|方面|处|件|部|批)"
# 中国式现代化 五个特征 二十大报告: keywords typed apart, naming a counted group with no ask, want its items
_TERSE_GROUP = re.compile(rf"(?<![第\d{CN_NUM}]){_GROUP_COUNT}[\u4e00-\u9fff]{{1,6}}")


# 原句是什么, 原文怎么说: the document's own sentence is asked for, which defines nothing
_WORDING_ASKED = re.compile(r"[，,]?(?:它的|其|那句话的?)?原(?:句|文|话)(?:是|为)?(?:什么|怎么(?:说|写|讲|表述)的?|如何表述)"
                            r"(?:的|呢|啊)?[？?。]?")


_WHICH_KIND = re.compile(r"哪一?(?:类|种)")  # 是鼓励哪类企业: a kind of thing is asked
# 是怎么说的, 如何表述的, 具体是怎样规定的: how a document words something, which asks no measures
HOW_SAID = r"(?:是|又是|具体是)?(?:怎么|如何|怎样)(?:说|写|讲|定|表述|规定|提|描述)的?(?:呢|啊|嘛|哦)?"
# …？公报里怎么写的, …，报告里是怎么讲的？: after a question, how a document words its answer (that question's kind)
_SAID_HOW = re.compile(rf"(?<=[，,？?])[^，,？?。]{{0,12}}?(?:里|上|中)?{HOW_SAID}[？?。]?$")


def question_kind(q: str) -> str:
    if _WHO_EACH.search(q):
        return "actor"
    if _WORDING_ASKED.search(q):  # what else it asks (几个方面…？原文怎么说的: a number); alone, the sentence itself
        rest = _WORDING_ASKED.sub("", q)
        return question_kind(rest) if _ASK_WORD.search(rest) else "other"
    if (said := _SAID_HOW.search(q)) and _ASKS.search(rest := q[:said.start()]):
        return question_kind(rest)  # 是由谁主持的？公报里怎么写的: who, with the words the document says it in
    if _REQUEST.search(q):
        q = re.sub(r"吗(?=[？?。]?$)", "", _REQUEST.sub("", q))
    q = _EACH_ASKS.sub("", q)
    if _REASON_ASKED.search(q) and not _ASKS_AMOUNT.search(q):  # 列出那份清单，出发点是什么: a reason, not a list
        return "reason"
    if _YEARS_ASKED.search(q):  # 按哪两个年份定的: years, not a list of things
        return "date"
    for kind, pattern in (("list", _LIST), ("date", _DATE), ("number", _NUMBER), ("law", _LAW), ("place", _PLACE),
                          ("definition", _DEFINITION),
                          ("reason", _REASON), ("measures", _MEASURES_KIND), ("actor", ACTOR), ("yesno", _YESNO)):
        if kind == "number" and _WHY.search(q) and not _ASKS_AMOUNT.search(q):
            return "reason"
        if kind == "number" and _WHICH_KIND.search(q) and not _ASKS_AMOUNT.search(q):
            continue  # 提高…加计扣除比例，是鼓励哪类企业: a kind of thing, though it names an amount
        if kind == "number" and _YESNO.search(q) and not _ASKS_AMOUNT.search(q):
            continue  # 比重是不是提高了, 是不是靠大规模放水: whether, though it names an amount
        if kind == "list" and (_LAST_ITEM.search(q) or not pattern.search(_CONGRESS.sub("大会", q))):
            continue  # 5张清单中的最后一张是什么: one item, as 第五张 asks; 二十大报告是什么时候作的: no 20 things
        if pattern.search(q):
            return kind
    return "other"


# Where a question about the documents starts after the asker's own situation: the first clause naming a
# document, a meeting or those who decide (二十大报告…, 《决定》…, 国家…, 重庆…).
_SOURCE = re.compile(r"《|报告|决定|公报|说明|全会|会议|文件|政策|国家|中央|上面|上级|重庆")
# the asker's own place or body (我们县, 我家, 县医保局, 县里), which the documents do not name, or an office at
# its own paperwork (商务局在写外贸形势分析材料, 生态环境局这边要起草一份方案)
# or someone of the asker's own circle (孙子明年大学毕业, 邻居家的孙娃子…, 儿媳妇说…, 厂里好多外地来的工人…)
_OWN = re.compile(r"^(?:(?:您好|你好|老师好|领导好)[，,！!]?)?(?:我|咱|俺|本人|[县乡镇村区]|街道|社区|家里|屋头|厂里"
                  r"|外?孙[子女娃]|儿子|女儿|儿媳|媳妇|女婿|侄[儿子女]|外甥|老伴|邻居|亲戚|朋友|同事|老?战友|老乡"
                  # kin told of to a grandchild (奶奶十九岁从垫江乡下嫁到城里来, 你爸说…, 隔壁李大爷中风好几年了)
                  r"|你?(?:奶奶|爷爷|外公|外婆|姥姥|姥爷|老爸|老妈|爸爸?|妈妈?|幺[爸叔姑]|叔叔|阿姨|舅舅|姑姑|表[哥姐弟妹]"
                  r"|堂[哥姐弟妹]|老公|老婆|孩子|娃儿)|隔壁)"
                  r"|^[\u4e00-\u9fff]{1,8}?(?:局|委|办|厅|处|科|室)(?:这边|这里)?"
                  r"(?:正在|在|要|准备)(?:写|起草|准备|整理|汇总|核实|梳理)")
# an ask (多少, 怎么样) in the scene: it is part of the question (几 is often "a few" there: 还有几段黑臭河沟)
_ASK_WORD = re.compile(r"多少|什么|哪|吗|怎|如何|是否|有没有|能不能|会不会|为什么|为何")
# a word pointing back into the scene (怎么培养这些人, 把它用起来): the scene is part of what is asked
_BACK = re.compile(r"这些|那些|这种|那种|这类|这样|这个|那个|此类|他们|它|上述")
# a demonstrative before a noun points back only to a noun of the scene (那个常住人口城镇化率 is said of a term the
# scene never named: spoken filler)
_DEMONSTRATIVE = frozenset({"这种", "那种", "这类", "这个", "那个", "此类"})


def _points_back(scene: str, asked: str) -> bool:
    """Does the asked part point back into the scene (`_BACK`)? A demonstrative does when the two characters after
    it are in the scene (…几个安置点，…这些安置点), or when nothing follows it."""
    for m in _BACK.finditer(asked):
        after = asked[m.end():m.end() + 2]
        if m.group(0) not in _DEMONSTRATIVE or len(after) < 2 or after in scene:
            return True
    return False


def split_scene(question: str) -> tuple[str, str]:
    """(scene, asked): the clauses before a question's first clause naming a source, when they only tell
    the asker's own situation, starting with the asker or their place or body (我们县有好几个易地搬迁安置点，
    准备开后续扶持推进会，二十大报告…说全国有多少贫困人口实现了易地搬迁？ -> its last clause is asked); ("",
    question) when there is no such scene, it asks something itself, or the asked part points back into it."""
    clauses = re.split(r"(?<=[，,；;。])", question)
    start = next((i for i, c in enumerate(clauses) if _SOURCE.search(c)), 0)
    scene, asked = "".join(clauses[:start]), "".join(clauses[start:])
    if not start or not _OWN.search(scene) or _ASK_WORD.search(scene) or _points_back(scene, asked):
        return "", question
    return scene, asked


# …几个方面的标志性改革成果？我PPT第一页要用: after the question, the asker's own purpose or thanks
# or, after any clause, what the answer is for or that the asker forgot it (…哪位领导 名字忘了😅, …哪几个特点 学习会要背)
_ASIDE = re.compile(r"(?<=[？?])\s*(?:(?:我|咱|俺|本人)[^？?]*|谢谢[！!。]?|多谢[！!。]?)$"
                    r"|(?<=[？?，,\s])\s*[^？?，,。\s]{0,8}(?:要用|要背|要写|要讲|要念|要交|用得上|忘了|记不清了?|想不起来了?)"
                    r"[准对熟全]?[^\w？?]*$"
                    # whom the asker will tell (…有哪几个特点啊，我给村干部讲讲)
                    r"|(?<=[？?，,\s])\s*(?:我|咱|俺)们?(?:要|想|得|准备)?给[^？?，,。\s]{1,8}(?:讲|念|说|介绍|宣讲|汇报)[讲念说]?"
                    r"(?:一下)?[^\w？?]*$")


# 不是问涨了好多，是问总共好多, 不是问去年的，我问今年…: what the asker says is not asked, then what is
_RETRACTED = re.compile(r"(?:我|俺)?不是(?:要|想)?问[^，,。？?!！]{1,16}[，,]\s*(?:而是|是|我|俺)(?:要|想)?问")
# after the question (…最低是多少钱？不是问涨了好多，是问总共好多): what is asked is said again, not asked anew
_RETRACTED_AFTER = re.compile(rf"(?<=[？?])\s*{_RETRACTED.pattern}[^？?]*[？?。.!！]*")


def drop_retracted(question: str) -> str:
    """`question` without what the asker says is not asked (`_RETRACTED`), and without the ask said again
    after it when it follows the question."""
    return _RETRACTED.sub("", _RETRACTED_AFTER.sub("", question))


def drop_aside(question: str) -> str:
    """`question` without a closing aside that asks nothing (我PPT第一页要用, 谢谢！): its words (PPT) are no
    anchors of what is asked; nor what the asker says is not asked (不是问涨了好多，是问总共好多)."""
    question = drop_retracted(question)
    m = _ASIDE.search(question.strip())
    return question.strip()[:m.start()].rstrip(" \t\u3000，,") if m and not _ASK_WORD.search(m.group(0)) else question


# 改了多少地方, 修改了几个地方: how many places of a text were changed, counted in 处
_SPOTS = re.compile(r"((?:修改|改动|调整|删改|改)了?(?:多少|几))个?地方")


# a space typed between words of a terse question (二十大报告 耕地红线多少亩): a break between its parts
_GAP = re.compile(r"(?<=[\u4e00-\u9fff》”])[ \u3000\t]+(?=[\u4e00-\u9fff\w《“])"
                  r"|(?<=\w)(?<!\d)[ \u3000\t]+(?=[\u4e00-\u9fff《“])"
                  r"|(?<=\d)[ \u3000\t]+(?=[\u4e00-\u9fff《“])(?![年月日号亿万千百元个项条名人次])")  # 2024 年: one word


# a space between two words in Latin letters (GDP target, tech transfer): they stay two words, one phrase
_LATIN_GAP = re.compile(r"(?<=[A-Za-z])[ \u3000\t]+(?=[A-Za-z])")


def spaced(question: str) -> str:
    """`question` with each space typed between its words read as a comma (决定稿分几个部分 共多少条), and
    one between Latin words as a word break that norm keeps (GDP target is no code GDPtarget)."""
    return _GAP.sub("，", _LATIN_GAP.sub("·", question.strip()))


MARKED_ORDINAL = re.compile(rf"第[(（]([{CN_NUM}\d]+)[)）]")  # 第（七）项: an item by its bracketed marker


_CONGRESS = re.compile(r"(?:十[一二三四五六七八九]|二十)大")  # a Party congress (二十大), not a count of things (三大板块)


# An abbreviation in Latin letters, with digits after (M2, PMI, C919) or before (5G); a year glued on by
# spacing (2024M2) is not part of it.
_ABBREVIATION = re.compile(r"(?<![A-Za-z])(?:[A-Za-z][A-Za-z&+]*\d*|(?<!\d)\d[A-Za-z]+)(?![A-Za-z])")
_NOT_CODES = frozenset({"APP", "OK", "VS", "PK", "NO", "YES", "A", "B", "C", "D"})  # everyday words, quiz options
_CHAT = re.compile(r"(?i)h{2,}|(?:ha){2,}|(?:he){2,}|lol|lmao|emm+|hmm+|orz|xd|pls|plz|thx|btw|asap|fyi")  # 做个数据小卡片hh: laughter, no code
# English function and question words, and their chat spellings (n for and, r for are, yrs): typed in an English
# sentence (how many yrs in a row), they name nothing the documents must hold. (Our own short list: scikit-learn's
# ENGLISH_STOP_WORDS would make it a dependency of the app, and it holds content words such as "bill" and "fire".)
_FUNCTION_WORDS = frozenset({
    "a", "an", "the", "of", "for", "to", "in", "on", "at", "by", "with", "from", "into", "onto", "about", "as",
    "per", "than", "then", "so", "if", "or", "and", "nor", "but", "not", "no", "yes", "is", "are", "was",
    "were", "be", "been", "being", "am", "do", "does", "did", "done", "have", "has", "had", "can", "could",
    "will", "would", "shall", "should", "may", "might", "must", "how", "many", "much", "what", "whats", "when",
    "where", "which", "who", "whom", "whose", "why", "that", "this", "these", "those", "there", "here", "it",
    "its", "they", "them", "their", "we", "our", "us", "you", "your", "i", "me", "my", "he", "him", "his",
    "she", "her", "any", "all", "some", "each", "every", "very", "too", "also", "just", "only", "more", "most",
    "n", "r", "u", "ur", "y", "yr", "yrs", "wat", "wht", "abt", "incl", "thru",
})


def _english_word(word: str) -> bool:
    """An English word typed in lower case (tax relief的总盘子, launch): a word, not an abbreviation asked
    about (cptpp, rcep have one vowel or none; M2, PMI and 5G have capitals or digits)."""
    return word.isalpha() and word.islower() and len(word) >= 4 and sum(c in "aeiou" for c in word) >= 2


def _english_phrase(text: str, word: re.Match[str]) -> bool:
    """Is a lower-case Latin word typed beside an English word (tax relief, job market: `spaced` joins them
    with ·) part of an English phrase, no abbreviation (those are typed alone or in capitals: cptpp rcep, PMI)?"""
    before = re.search(r"([a-z]+)·$", text[:word.start()])
    after = re.match(r"·([a-z]+)", text[word.end():])
    return word.group(0).islower() and any(m is not None and _english_word(m.group(1)) for m in (before, after))


@lru_cache(maxsize=4096)
def analyse(question: str) -> QuestionAnalysis:
    """Analyse a question (cached: the analysis is pure), leaving out the scene it may open with
    (`split_scene`): its places and bodies are the asker's own, not anchors the documents must name."""
    q = _SPOTS.sub(r"\1处", split_scene(drop_aside(norm(spaced(question))))[1])  # 改了多少地方: the places changed in a text, 处
    q = MARKED_ORDINAL.sub(r"第\1", q)  # 第（七）项: the item marked （七）, 第七项
    kind = question_kind(q)
    if kind == "other" and _GAP.search(question) and not _ASK_WORD.search(q) and _TERSE_GROUP.search(q):
        kind = "list"
    titles = tuple(dict.fromkeys(m.group(1) for m in _TITLE.finditer(q)))
    quoted = tuple(dict.fromkeys(m.group(1) for m in QUOTED.finditer(q) if len(m.group(1)) >= 2))
    years = [m.group(1) for m in YEAR.finditer(q)]
    years += [m.group(0).translate(CN_DIGITS) for m in CN_YEAR.finditer(q)]
    plain = _TITLE.sub("", QUOTED.sub("", q))
    places, orgs, people = _names(plain)
    people = tuple(dict.fromkeys((*people, *named_after_post(plain))))
    orgs = tuple(dict.fromkeys((*(m.group(0) for m in _NATIONAL_BODY.finditer(plain)), *orgs, *_local_bodies(plain))))
    measure = _asked_measure(q, kind)
    if kind == "date":  # how precise a date is asked for: 哪一天 wants a day, 几月 a month, 哪一年 a year
        measure = "日" if _ASK_DAY.search(q) else "月" if _ASK_MONTH.search(q) else None
    c = _COUNT.search(q)  # 哪两个试点, 九项重点任务分别是什么 -> the number of items wanted
    unpriced = _ASKS_MONEY.sub("", q)  # 几块钱: money, no noun counted
    head = (_COUNTED_HEAD.search(unpriced) if kind == "number" else None) or _HEAD.search(unpriced)
    noun = _head_noun(head.group(1)) if head and not _VERB_AFTER_COUNT.match(head.group(1)) else None
    if noun and re.fullmatch(rf"[万亿]+(?:{MEASURE_ALT})", noun):  # 多少万人: a magnitude and a measure, no noun
        noun = None
    if noun is None and kind == "list" and (quoted_head := _COUNTED_QUOTED.search(q)):
        noun = quoted_head.group(1)  # 有几大“赤字”: the quoted word is what is counted
    if noun is None and kind == "list" and (after := _HEAD_THEN_VERB.search(q)):
        noun = _noun_before_verb(after.group(1))  # 哪些区县列入了城市更新试点: the nouns before the verb, when they
        noun = noun if noun and PLACE_KIND.search(noun) else None  # name places, which the answer must name
    if noun is None and kind == "list" and (counted := _COUNTED_THEN_EACH.search(q)):
        noun = _trailing_noun(counted.group(1))  # 这四个实验室分别叫什么: what is counted, before 分别
    if noun is None and kind == "list" and (before := _HEAD_BEFORE.search(q)):
        noun = _trailing_noun(before.group(1))
        if noun in _ASK_ADVERBS:  # 那16项改革项目，具体都有哪些: the noun is the last of the clause before
            clauses = [c for c in CLAUSE_MARKS.split(q[:before.start()]) if c]
            noun = _trailing_noun(clauses[-1]) if clauses else None
    quantity = _quantity(q) if kind == "number" and measure != DURATION_ASKED else ()  # how long: the time is what is counted
    documents = tuple(dict.fromkeys(m.group(0) for m in DOCUMENT_REF.finditer(_TITLE.sub("", q))))
    if quantity and noun:
        quantity = (*quantity, noun)
    return QuestionAnalysis(
        question=question, kind=kind, asked=q, measure=measure, count=cn_int(next(g for g in c.groups() if g)) if c else None,
        head=noun, titles=titles, quoted=quoted, places=places,
        organisations=orgs, people=people, years=tuple(dict.fromkeys(years)),
        # (an ordinal inside quotes is part of a name, not a place asked: 跳出历史周期率的“第二个答案”是什么)
        ordinals=tuple(dict.fromkeys(o.group(0) for o in ORDINAL.finditer(QUOTED.sub("", q)) if not o.group(0).endswith("是"))),
        quantity=tuple(w for w in quantity if w not in places  # 二十大报告, 《实施意见》: a document is no count
                       and not any(w in d for d in (*documents, *titles))),
        meetings=tuple(dict.fromkeys(m.group(0) for m in _MEETING.finditer(q))),
        document_years=tuple(dict.fromkeys(m.group(1) for m in _DOCUMENT_YEAR.finditer(q))),
        documents=documents,
        events=tuple(dict.fromkeys(m.group(0) for m in _EVENT.finditer(_TITLE.sub("", q)))),
        months=tuple(dict.fromkeys(f"{m.group(1)}年{int(m.group(2))}月" for m in _DATED_OCCASION.finditer(q))),
        doer=doer if kind == "number" and (doer := _doer(q)) and not any(doer[0] in t for t in titles) else None,
        codes=tuple(dict.fromkeys(m.group(0) for m in _ABBREVIATION.finditer(plain)
                                  if m.group(0).upper() not in _NOT_CODES and not _english_word(m.group(0))
                                  and not (m.group(0).lower() in _FUNCTION_WORDS and not m.group(0).isupper())
                                  and not _CHAT.fullmatch(m.group(0)) and not _english_phrase(plain, m))))


_LINKING = frozenset({"一共", "总共", "据此", "为此", "对此", "因此"})  # adverbs: they neither count nor do anything
_NOT_COUNTED = _LINKING | {"其中", "这些", "那些", "分别",  # words that name nothing counted
                           "上年", "去年", "今年", "明年", "当年", "本年", "全年", "目前", "现在", "当前", "如今",
                           "同期", "同比", "最后", "最终", "后来", "随后", "然后", "之后", "此后", "最初", "起初", "当初",
                           "打算", "准备",  # 一共打算出多少个: an intention, not what is counted
                           "准确", "确切", "精确", "到底", "究竟",  # 准确数是多少, 到底提高了多少: how exact, not what is counted
                           "好像", "似乎", "记得", "听说", "据说", "左右", "上下",  # 好像是2万亿左右: the asker's guess
                           "具体",  # 赤字规模具体是多少: how exact, as 准确
                           "实际"}  # 实际打了多少粮: the result is asked (`_ASKS_RESULT`), 实际 counts nothing
_FILLER = re.compile(r"(?:百分之|占到?|的|预期|目标|是|为|要|将|已经|一共|共|总共|达到|提高到|增长|[上下]?涨了?|下降了?|降了?|增加了?|减少了?|(?:提高|降低|提升|扩大|缩小|压减)了?|(?:往|向)?[上下]调了?|(?:往|向)上加了?|加了|(?<![整修深变])改了|迈上|做到|(?:冲刺|冲|干|搞|拼)到|冲刺|实现|突破|超过|提到了?|(?:控制|保持|稳定)在|有|提出了?|开展了?|安排了?|现有|从|多[拿领交缴花得赚挣补发给]|了)+$")
# 最多能缴多少钱, 大约有多少, 估计有多少, 最低能多拿多少: how much is hedged, not what is counted; taken out of the clause before its words
# (能 only before a verb: 预计能源消耗 keeps 能源)
_HEDGE = re.compile(r"(?:估计|预计|大致|差不多|最多|最少|至少|起码|大约|大概|(?:最低|最高)(?=能|可以|可))+"
                    r"(?:(?:能|可以|可)(?=[有拿领缴交花达得到用多几]))?")
_CHECK_VERBS = "核对|核实|确认|核(?=一下)"  # 帮我核实一下: asks to check (a claim stated, `_CHECKS_CLAIM`, or a figure asked)
# 麻烦您帮我确认一下到底提高了多少: a request to check, which names nothing counted; taken out of the clause
_CHECK_REQUEST = re.compile(rf"(?:麻烦|劳驾|请)?(?:您|你)?(?:帮我|帮忙|给我|替我)?(?:(?:{_CHECK_VERBS}|查询)(?:一下)?|(?:查|问)(?:一下|一查|查))")
# 每人每年, 每户: how often or for whom, not what is counted
_HOW_OFTEN = re.compile(r"(?:每[人户年月天个位])+")
# 报告…时说, 公报里提到: the words before them name who says it (说明, 讲话 are nouns)
_SAYS = re.compile(r"(?:说|讲|提到(?!了?(?:百分之|多少|几))|指出|写道|写着)(?![明法话])")  # (比例提到了百分之多少: raised to)
# 国家给…加了多少: the words before 给 name the giver (给予, 给付 are verbs of their own)
_GIVER = re.compile(r"(?<![供补配发交送])给(?![予付])")
_GIVES = re.compile(r"(?:中央|国家|财政|政府)(?=(?:安排|下达|拨付|投入|拿出)了?$)")


# how a question asks a rank (在世界上分别排第, 居全国第): not what is ranked
_RANK_ASKED = re.compile(r"(?:在[\u4e00-\u9fff]{1,4}?[上中里内])?(?:分别)?(?:排名?|位列|位居|名列|居于?)?"
                         r"(?:世界|全球|全国|国内)?第$")


_EXACT_ALONE = re.compile(r"(?:那|这)?(?:准确|确切|精确|具体|到底|究竟)的?(?:数|数字|数据|数目)?(?:是|有|为|到底)*")
_SIZE_ALONE = re.compile(r"(?:那|这)?(?:总规模|规模|总量|总额|总数)(?:是|有|为|达到|大概|一共|共)*")
# 定了多少亿, 调到多少: a clause of a verb alone sets or moves the amount the clause before names (…进出口总额目标？定了多少亿)
_SET_ALONE = re.compile(r"(?:那|这)?(?:具体|最后|最终|实际)?(?:定|调|调整|设|订)(?:了|的|在|到|为|成)?(?:是|有|为)*")


def _asking_clause(q: str) -> str | None:
    """The words of the clause that asks for an amount, up to 多少/几 (None: it asks for none); of two asks
    (再过几年…占到多大比例) the last, whose measure the question asks (`_asked_measure`)."""
    asks = list(_ASKS_AMOUNT.finditer(q))
    if not asks:
        return None
    clauses = re.split(r"[，,。；;：:、？?》”]", q[:asks[-1].start()])
    if len(clauses) >= 2 and not _FILLER.sub("", clauses[-1]):  # 国防预算 增长多少: terse, the thing is the clause before
        if len(clauses) >= 3 and clauses[-2] in _GENERIC_AMOUNTS:  # 金融业增加值 目标 多少亿: the 目标 of the one before
            return clauses[-3] + clauses[-2] + clauses[-1]
        return clauses[-2] + clauses[-1]
    # set alone: not when the thing counted follows the ask (定了多少项改革核心绩效指标), nor when the clause before names
    # nothing in Chinese (GDP 增长的 target 定的多少)
    set_alone = len(clauses) >= 2 and _SET_ALONE.fullmatch(clauses[-1]) is not None \
        and len(CLAUSE_MARKS.split(q[asks[-1].end():])[0]) <= 2 and re.search(r"[\u4e00-\u9fff]{2}", clauses[-2])
    if len(clauses) >= 2 and (_SIZE_ALONE.fullmatch(clauses[-1]) or set_alone
                              or _EXACT_ALONE.fullmatch(_FILLER.sub("", clauses[-1]))):
        return clauses[-2]  # 国债发几年，总规模多大: the 规模 of the 国债; …好像是2万亿左右？准确数是多少: of that
    return clauses[-1]


_ASK_IN_HEAD = re.compile(rf"多少|{_JI}")


_COUNTED_QUOTED = re.compile(rf"(?:哪|{_JI})[{CN_NUM}\d]*{ITEM_COUNT}?[“\"]([\u4e00-\u9fff]{{2,6}})[”\"]")


def _head_noun(head: str) -> str | None:
    """The noun of a head after a leading 的, up to a 来 or 去 that starts what it is for (几次会来审改 -> 会); None when
    that leaves less than two characters, too little to look for, or when the head is a verb with 在
    (几年稳定在二类标准: how long, not how many of a thing)."""
    if _ASK_IN_HEAD.search(head):  # 从多少涨到多少: a head holding an ask counts no noun
        return None
    tagged = _tagged(head)
    if tagged and tagged[0][1].startswith("d"):  # 多少年都是二类水: an adverb and a verb follow, no noun
        return None
    words = [w for w, _ in tagged]
    while words and words[0] == "的":  # 多少年的试点: the noun is 试点
        words = words[1:]
    while words and words[-1] in _PARTICLES:  # 出好多项哦: 项, not 项哦
        words = words[:-1]
    if len(words) > 2 and words[0] in _SIDES and words[1] == "的":  # 几个方面的中国特色: the noun is 中国特色
        words = words[2:]
    if "在" in words[1:]:
        return None
    cut = next((i for i, w in enumerate(words) if w in ("来", "去") and i > 0), len(words))
    if cut == 2 and words[0] in _SIDES and _word_tags().get(words[1]) == "v":
        cut = 1  # 从哪三个方面入手, 从哪三个方面抓: the verb says what is done on those sides
    noun = "".join(words[:cut])
    return noun if len(noun) >= 2 and noun not in _BOUNDS else None


_BOUNDS = frozenset({"以内", "之内", "以上", "以下", "左右", "上下", "之间"})  # 涨多少以内: a bound on the amount, no noun


_SIDES = frozenset({"方面", "领域", "层面", "环节"})
_PARTICLES = frozenset({"哦", "嘛", "呀", "啊", "呢", "吧", "哈", "噻", "嘞", "咯", "哟", "喔", "吗"})  # ending a spoken question


# 哪些省份, 试点城市(名单)有哪些: places asked
PLACE_KIND = re.compile(r"(?:省份|省区市|城市|地区|国家|区县|省|市|县)(?:名单|名录)?$")
# 哪些区县列入了城市更新试点: the noun after the ask, a verb after it
_HEAD_THEN_VERB = re.compile(rf"(?:哪些|哪几(?:{MEASURE_ALT})?)([\u4e00-\u9fff]{{3,14}})")


def _noun_before_verb(phrase: str) -> str | None:
    """The nouns a phrase opens with, when a verb follows them (区县列入了… -> 区县); None otherwise."""
    tagged = _tagged(phrase)
    nouns = list(itertools.takewhile(lambda wf: wf[1].startswith("n"), tagged))
    rest = tagged[len(nouns):]
    if len(rest) >= 2 and rest[0][0] == "在":
        rest = rest[1:]  # 省在搞: 在 before the verb, as in doing it now
    noun = "".join(w for w, _ in nouns)
    # one character only for a kind of place (哪几个省在搞): the answer must name places
    return noun if (len(noun) >= 2 or PLACE_KIND.fullmatch(noun)) and rest and rest[0][1].startswith("v") else None


# 具体是哪几个: adverbs of the ask, no noun
_ASK_ADVERBS = frozenset({"具体", "分别", "主要", "一共", "都是", "具体都"})
# 首批试点城市有哪些 / 3大产业集群分别是哪几个: the noun asked about stands before the ask
_COUNTED_THEN_EACH = re.compile(rf"(?<![第\d{CN_NUM}])[{CN_NUM}\d]+{ITEM_COUNT}([\u4e00-\u9fff]{{2,8}}?)(?:分别|各是|各叫|都叫)")
_HEAD_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,16}?)(?:分别|都|主要|具体|一共|共)?(?:是|有|包括|包含)(?:哪些|哪几)")


def _trailing_noun(phrase: str) -> str | None:
    """The last words of a phrase after its last light word (at most two: 首批碳达峰试点城市 -> 试点城市,
    重庆的五张清单 -> 清单); None when it ends in a light word."""
    return _last_words(phrase, lambda flag: not flag.startswith(_LIGHT_TAGS) and flag != "x")


def _last_words(phrase: str, kept: Callable[[str], bool]) -> str | None:
    """The phrase's last two words, or fewer, as far back as their jieba tags are `kept`; None when that
    is less than two characters."""
    words: list[str] = []
    for w, flag in reversed(_tagged(phrase)):
        if not kept(flag) or len(words) == 2:
            break
        words.insert(0, w)
    noun = "".join(words)
    return noun if len(noun) >= 2 else None


# 全国统一电力市场要求到哪一年基本建成: the ask of a date, after the words saying whose date it is
_DATE_ASKED = re.compile(r"(?:要求|提出|计划|力争|将|要|预计|争取|规定|明确)?(?:到|在|于)?(?:哪一年|哪年|何时|什么时候|哪个时候|哪个时间|啥时候)")
_NAME_TAGS = tuple(_NAME_FLAGS)  # names are anchors of their own


@lru_cache(maxsize=4096)
def dated_thing(question: str) -> str | None:
    """The noun a date question asks the date of, right before its ask (全国统一电力市场要求到哪一年基本建成 ->
    电力市场; at most its last two nouns), leaving out titles, quoted terms, meetings and names, which are
    checked as anchors; None when no noun stands there."""
    q = norm(question)
    m = _DATE_ASKED.search(q)
    if m is None:
        return None
    before = re.split(r"[，,。；;：:、]", q[:m.start()])[-1]
    before = _MEETING.sub("", _TITLE.sub("", QUOTED.sub("", before)))
    return _last_words(before, lambda flag: flag.startswith(("n", "vn")) and flag not in _NAME_TAGS)


_SCOPE = re.compile(r"[全各本][国省市区县镇村]")  # 全省国防预算: the scope, not whose amount it is


# a clause comparing the amount asked before it (比十年前高了多少, 同比增长多少): it counts nothing new
_COMPARED = re.compile(r"(?:(?:和|与|跟|同)[^，,]{1,10}?相比|(?<!占)比(?![重例率])|较|同比|相比)[^，,]{0,8}?"
                       r"(?:高|多|增加|增长|提高|上升|涨|少|低|下降|减少|降|跌)(?:出来|出)?了?$")  # 和上年相比多出来多少


def asks_change(question: str) -> bool:
    """Does a number question ask how much something rose or fell against another time (比前一年涨了多少)?"""
    own = _ASKS_AMOUNT.search(question)
    return own is not None and _COMPARED.search(question[:own.start()].strip("、，,")) is not None


_AMONG = frozenset({"里", "里面", "当中", "之中"})
_BASE = re.compile(r"占([^，,。；;占]{1,12}?)(?:的)?(?:比重|比例)")  # 占GDP比重: GDP is what a share is of
_SHARE_OF = re.compile(r"^(.*?)" + _BASE.pattern)  # 民营经济增加值占GDP比重: the thing whose share is asked
_RATIO_OF = re.compile(r"^(.*?)(?:与|和|同)[^，,。；;与和]{1,12}?(?:的)?(?:比率|比值|之比)")  # 物流总费用与GDP比率: of 物流总费用
_SHARE_ASKED = re.compile(r"^(.+?)占(?![到了])[^，,。；;占]{1,12}$")  # 城镇人口占总人口多少: the share of 城镇人口, asked right after


# a year with the part of it named (2024年头, 二〇二七年底): no count (年头 is a jieba word)
_YEAR_WITH_PART = re.compile(rf"(?:{YEAR.pattern}|{CN_YEAR.pattern})(?:年(?:度|初|底|末|头|中)?)?")


def _quantity(q: str) -> tuple[str, ...]:
    """The last two content words before 多少/几: what a number question counts; three when they run on from a
    noun (国防支出预算), so that whose amount it is comes too."""
    from assistant.text.tokens import tokenize

    before = _asking_clause(q)
    if before is None:
        return ()
    if compared := _COMPARED.search(before):  # 份额是多少，比十年前高了多少: the rise of the amount asked before
        if compared.start() == 0:  # it; asked alone (比上年多出多少), of none named
            return _quantity(q[:cut]) if (cut := q.rfind(before)) > 0 else ()
        before = before[:compared.start()]  # 赤字规模和上年相比多出来多少: the 赤字规模 compared
    before = _YEAR_WITH_PART.sub("", before)
    before = _RANK_ASKED.sub("", before)  # 外汇储备在世界上排第几: 外汇储备 is what is ranked
    if (share := _SHARE_OF.search(before)) and len(share.group(1)) >= 2:
        before = share.group(1)  # 民营经济增加值占GDP比重要到多少: the share of 民营经济增加值, not of GDP
    elif (ratio := _RATIO_OF.search(before)) and len(ratio.group(1)) >= 2:
        before = ratio.group(1)  # 物流总费用与GDP比率是多少: the same, said as a ratio
    elif (share := _SHARE_ASKED.search(before)) and len(share.group(1)) >= 2:
        before = share.group(1)  # 制造业增加值占GDP多少%: the same, with no word for the share
    before = _GIVER.split(before)[-1]  # 国家给每月至少加了多少: who gives is not what is counted
    before = _GIVES.sub("", before)  # 奖励资金中央安排了多少: nor who gives it, said after it
    before = _SAYS.split(before)[-1]  # 报告回顾十年成就时说全国有多少: what is said is counted, not who says it
    tagged = _tagged(before)
    among = [i for i, (w, _) in enumerate(tagged) if w in _AMONG]
    if among and len(inside := "".join(w for w, _ in tagged[among[-1] + 1:])) >= 2:
        before = inside  # 党员里女党员有多少: 女党员, not the 党员 they are among (城里的人: 城里 is one word)
    words = [w for w in tokenize(_FILLER.sub("", _HEDGE.sub("", _CHECK_REQUEST.sub("", before))))
             if len(w) >= 2 and not re.fullmatch(r"\d+年?", w) and w not in _NOT_COUNTED
             and not _SCOPE.fullmatch(w)  # 全国有多少人参加了…: the scope is not what is counted
             and not AMOUNT.fullmatch(w)  # 划了一条多大面积的底线: 一条 counts the line, it is not what is asked
             and not w.endswith("了")  # 改了多少处: what was done, not what is counted
             and not _HOW_OFTEN.fullmatch(w)  # 每人每年: how often, not what is counted
             and not _english_word(w)]  # GDP target: an English word is no term of the documents
    if len(words) >= 3 and "".join(words[-3:]) in before and _narrows(words[-3]) and words[-3] not in GENERIC_PLACES \
            and not _SCOPE.fullmatch(words[-3]) \
            and not any((_word_tags().get(w) or "x").startswith(_LIGHT_TAGS) for w in words[-3:]):
        return tuple(words[-3:])  # 国防支出预算: the noun naming whose 支出预算 is asked comes too
    return tuple(words[-2:])


_LIGHT_TAGS = ("d", "p", "u", "c", "r", "m", "q")  # adverbs, prepositions, particles …: no doer
_NO_DOER = _LINKING | {"累计", "先后", "共计", "一共", "总共", "合计", "前后"}
_POINTING = frozenset({"这个", "那个", "这", "那", "该", "此", "这种", "那种", "这一", "这项", "上述"})


def leading_noun(head: str) -> str:
    """The words of a head up to the first light word (办法把它用起来 -> 办法; 新的增长引擎 -> 新)."""
    words = []
    for w, flag in _tagged(head):
        if flag.startswith(_LIGHT_TAGS):
            break
        words.append(w)
    return "".join(words)


# the country as a whole, which names none of the places in it (中国特色 for 哪几个省份)
WHOLE_COUNTRY = frozenset({"中国", "我国", "全国", "中华"})


def names_place(text: str, besides: Collection[str] = ()) -> bool:
    """Does `text` name a particular place (a word of two characters or more that jieba's dictionary tags
    ns, other than the common nouns of GENERIC_PLACES: 城市, 农村, 地区, and other than `besides`)? Read from
    the dictionary's tags of jieba's words, not by tagging the sentence (`_names`): a where-question checks
    every candidate sentence, and tagging each costs several milliseconds."""
    from assistant.text.tokens import cut

    tags = _word_tags()
    return any(len(w) >= 2 and tags.get(w) == "ns" and w not in GENERIC_PLACES and w not in besides
               and _PLACE_SUFFIX.sub("", w) not in besides for w in cut(norm(text)))  # 重庆市 is 重庆


@lru_cache(maxsize=1)
def _word_tags() -> dict[str, str]:
    """jieba's dictionary: each word's part-of-speech tag (ns, n, nrfg …)."""
    ensure_jieba()
    import jieba.posseg as pseg

    return pseg.dt.word_tag_tab  # type: ignore[no-any-return]


def _tagged(text: str) -> list[tuple[str, str]]:
    ensure_jieba()
    import jieba.posseg as pseg

    return [(w, f) for w, f in pseg.cut(text)]


# verbs of one character that count what a doer does (起草组一共开了几次全体会议: 开 of 召开3次会议)
_SHORT_VERBS = frozenset({"开", "发", "办"})


def _doer(q: str) -> tuple[str, str] | None:
    """The noun right before the verb that a number question counts (文件起草组一共召开了多少次全体会议:
    起草组, 召开), when the question has both; adverbs between them (一共, 据此) are skipped."""
    before = _asking_clause(q)
    if before is None:
        return None
    words = [(w, f) for w, f in _tagged(before) if w not in "了过着"]
    verb = next((i for i in range(len(words) - 1, -1, -1) if words[i][1].startswith("v")
                 and (len(words[i][0]) >= 2 or words[i][0] in _SHORT_VERBS)), None)
    if verb is None:
        return None
    j = verb - 1
    while j >= 0 and (words[j][0] in _NO_DOER or words[j][1].startswith(_LIGHT_TAGS)):
        j -= 1
    if j < 0 or not words[j][1].startswith("n") or len(words[j][0]) < 2:
        return None
    if j > 0 and words[j - 1][0] in _POINTING:  # 这个状态已经保持几年了: the thing said before, no other doer
        return None
    return words[j][0], words[verb][0]


def done_by_another(analysis: QuestionAnalysis, text: str) -> bool:
    """Is the amount the question's verb counts in `text` said of another doer (中央政治局常委会召开3次会议
    for 文件起草组一共召开了多少次全体会议)? True when the question's doer is nowhere in `text` and a noun
    stands before that verb where an amount follows it."""
    if analysis.doer is None:
        return False
    doer, verb = analysis.doer
    t = norm(text)
    if doer in t:
        return False
    for m in re.finditer(re.escape(verb), t):
        if AMOUNT.match(t, m.end()) or AMOUNT.match(t, m.end() + 1) and t[m.end()] == "了":
            before = re.split(r"[，,。；;：:、]", t[:m.start()])[-1]
            if any(f.startswith("n") and len(w) >= 2 for w, f in _tagged(before)):
                return True
    return False


# 出席这次全会的有，中央委员199人: a count of those present, which answers only a question about attendance
_PRESENT = re.compile(r"(?:出席|列席|到会|参加|参会|与会)[^，,。；;]{0,16}?的?(?:有|是|为|共)")
_ASKS_PRESENT = re.compile(r"出席|列席|到会|参加|参会|与会|到场")


def counts_those_present(analysis: QuestionAnalysis, text: str) -> bool:
    """Are the amounts of `text` counts of those present at a meeting (出席这次全会的有，中央委员199人:
    none before that phrase, some after it) while the question asks how many there are (中央委员会有多少名委员),
    or how many were there the other way (列席, sitting in without a vote, is not 出席)?"""
    if analysis.kind != "number":
        return False
    t = norm(text)
    present = _PRESENT.search(t)
    if present is None or AMOUNT.search(t[:present.start()]) or not AMOUNT.search(t, present.end()):
        return False
    # a clause stating an amount is the question's premise (出席的中央委员是199人，那…一共有多少人), not its ask
    asking = "，".join(c for c in re.split(r"[,，;；。]", analysis.asked_text) if not AMOUNT.search(c))
    asked = _ASKS_PRESENT.search(asking)
    if asked is None:
        return True
    ways, way = ("出席", "列席"), present.group(0)[:2]
    return asked.group(0) in ways and way in ways and way != asked.group(0)


def names_quantity(analysis: QuestionAnalysis, text: str) -> bool:
    """Does `text` name what a number question counts: the noun after its measure word when it has
    one (多少次专题调研), else one of the words before 多少, and all but the last when they run on from a noun
    (国防支出预算: 国防 and 支出)? True when the question names nothing."""
    t = norm(text).lower()
    counted = re.sub(r"[了的呢吗啊呀]+$", "", analysis.head or "")  # 几年了 names no thing
    if counted and analysis.measure and counted in analysis.measure:
        counted = ""  # 多少万亿元: 亿元 is the measure, not the thing counted
    if not analysis.quantity and not (analysis.kind == "number" and len(counted) >= 2):
        return True  # (让多少学生得了实惠: no words before 多少, but the thing counted after it)
    if analysis.kind == "number" and len(counted) >= 2:  # 多少次专题调研: the thing counted must be named
        words: tuple[str, ...] = _parts(counted)
        others = tuple(w for w in analysis.quantity if w != counted and not (analysis.measure and w in analysis.measure))
        if counted in _GENERIC_AMOUNTS and others:
            words = others  # 文化产业增加值定了多少增长目标: the GDP growth target is another thing's
    else:
        words = tuple(w for w in analysis.quantity if not (analysis.measure and w in analysis.measure))
    if all((_word_tags().get(w) or "x").startswith("d") for w in words):
        words = ()  # adverbs alone name nothing counted (已经连着多少年)
    if _generic_last(words):
        words = words[:-1]  # 减税降费规模: 赤字规模 is the size of another thing; 加计扣除比例: 普及率 another share
    named = not words or any(v in t for w in words for v in _named_forms(w)) \
        or any(o in t for w in words for o in alternatives(analysis.asked_text, w))  # 养老钱: 基本养老金
    if named and analysis.kind == "number" and len(words) in (2, 3) and "".join(words) in analysis.asked_text.lower() \
            and (_narrows(words[0]) and words[0] not in GENERIC_PLACES  # 国防预算: 一般公共预算 is another 预算
                 or len(words) == 2 and _noun(words[1]) and _word_tags().get(words[0]) in ("v", "vn")):  # 奖励资金
        named = all(w in t or any(o in t for o in alternatives(analysis.asked_text, w)) for w in words[:-1])  # 医保: 基本医疗保险
    return named and not _other_side(analysis, t) and not _other_level(analysis, t) \
        and not _other_area(analysis, t) and not _later_for_now(analysis, t) and not _only_a_base(analysis, words, t)


# the second half of a four-character word that names a whole class of things (体育产业: 产业 of 战略性新兴产业
# is another industry): it does not stand for the word
_CLASS_HALVES = frozenset({"产业", "经济", "企业", "行业", "工作", "发展", "建设", "项目", "服务"})


def _named_forms(word: str) -> set[str]:
    """The forms that name a counted word in an answer: the word, and for four characters or more its first
    half and, unless it only names a class of things, its second half (工业总产值: 工业, 产值)."""
    if len(word) < 4:
        return {word}
    return {word, word[:2]} | ({word[-2:]} if word[-2:] not in _CLASS_HALVES else set())


def _parts(head: str) -> tuple[str, ...]:
    """A counted head of two words, the first a noun (补贴资金), as its words, so that the word narrowing the
    noun must be named too (调入资金 names no 补贴资金); any other head whole (经营主体: 5类主体 names it)."""
    from assistant.text.tokens import tokenize

    words = tokenize(head)
    if len(head) >= 4 and len(words) == 2 and all(len(w) >= 2 for w in words) and _narrows(words[0]):
        return tuple(words)
    return (head,)


# Nouns for the size of something (规模, 总量): they name no thing counted without the word before them.
_AMOUNT_NOUNS = frozenset({"规模", "总规模", "总量", "数量", "总数", "金额", "总额", "数额"})
# and nouns for a share, a rate or a target of something (比例, 增速, 增长目标): the same
_RATE_NOUNS = frozenset({"比例", "比重", "占比", "增速", "增幅", "增长率", "目标", "增长目标", "目标值", "预期目标"})
_GENERIC_AMOUNTS = _AMOUNT_NOUNS | _RATE_NOUNS


def _generic_last(words: tuple[str, ...]) -> bool:
    """Is the last word counted a noun of size (规模) after any word, or of share, rate or target (比例, 增速)
    after a word naming what it is of (加计扣除比例; not 全年增速, 年均增速, GDP总量全年增速)?"""
    if len(words) < 2:
        return False
    before = words[-2]
    return words[-1] in _AMOUNT_NOUNS or words[-1] in _RATE_NOUNS and before not in _NO_DOER \
        and before not in _GENERIC_AMOUNTS and (_word_tags().get(before) or "n").startswith(("n", "v"))


def _only_a_base(analysis: QuestionAnalysis, words: tuple[str, ...], text: str) -> bool:
    """Does `text` name the thing a question counts only as what a share is of (GDP总量是多少亿元 against
    制造业增加值占GDP比重达到28%), while the question asks no share?"""
    if analysis.measure == "%" or re.search(r"比重|比例|占比|百分", analysis.asked_text):
        return False
    found = [w for w in words if w in text]
    bases = "".join(m.group(1) for m in _BASE.finditer(text))
    return bool(found) and all(text.count(w) == bases.count(w) for w in found)


# The level of government an amount is of (中央本级支出, 省级财政): a total is not one level's part.
_LEVEL = re.compile(r"本级|(?:省|市|县|区|乡|镇|村)级")


def _other_level(analysis: QuestionAnalysis, text: str) -> bool:
    """Does a number question name a level (本级, 省级) that `text` does not?"""
    return analysis.kind == "number" and any(m.group(0) not in text for m in _LEVEL.finditer(analysis.asked_text))


# The whole country and a local area: 全市现有基层党组织9万多个 does not say how many the country has. (The
# other way round is not read: a local sentence names 全国 as what it is ranked against, 实现全国进位.)
_NATIONAL = re.compile(r"全国(?!人大|政协|统一|一盘棋|各地)|我国|国家层面")
_LOCAL = re.compile(r"全市|全省|本市|本省|重庆")


def _other_area(analysis: QuestionAnalysis, text: str) -> bool:
    """Does a number question ask about the whole country while `text` speaks only of a city or
    province (全市, 全省)?"""
    q = analysis.asked_text
    if analysis.kind != "number" or not _NATIONAL.search(q) or _LOCAL.search(q):
        return False
    return bool(_LOCAL.search(text)) and not _NATIONAL.search(text)


_NOW = re.compile(r"现在|目前|当前|眼下|如今|现阶段")
_BY_LATER_YEAR = re.compile(r"到(?:\d{4}|[〇零一二三四五六七八九]{4})年[^，。；]{0,30}?(?:将|要|力争|确保|达到|突破|超过|迈上)")


def _later_for_now(analysis: QuestionAnalysis, text: str) -> bool:
    """Does a number question ask for today's figure (现在…是多少) while `text` gives a target for a later
    year (到2029年…将达76%)?"""
    return analysis.kind == "number" and not analysis.years and bool(_NOW.search(analysis.asked_text)) \
        and bool(_BY_LATER_YEAR.search(text))


_NEXT_YEAR = re.compile(r"明年|下一年|来年")
THIS_YEAR = re.compile(r"今年|本年")


def next_year_unsaid(analysis: QuestionAnalysis, said: str) -> bool:
    """Does a number question ask next year's figure (明年还打算发多少) while the sentences `said` give this year's
    (今年…) and do not name next year?"""
    return analysis.kind == "number" and bool(_NEXT_YEAR.search(analysis.asked_text)) \
        and bool(THIS_YEAR.search(said)) and not _NEXT_YEAR.search(said)


# Amounts that come in opposite pairs: a 支出 figure does not answer a question about 收入.
OPPOSITES = (("收入", "支出"), ("进口", "出口"), ("城镇", "农村"), ("顺差", "逆差"), ("存款", "贷款"))
# the words naming both sides of a pair: an amount said of 城乡居民 is said of 农村 too
_BOTH_SIDES = {"收入": "收支", "支出": "收支", "进口": "进出口", "出口": "进出口", "城镇": "城乡", "农村": "城乡",
               "存款": "存贷款", "贷款": "存贷款"}
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")


def _sides(q: str) -> list[tuple[str, str]]:
    """(the side named, its opposite) for each pair of OPPOSITES of which `q` names one side only."""
    return [(w, o) for a, b in OPPOSITES for w, o in ((a, b), (b, a)) if w in q and o not in q]


def _other_side(analysis: QuestionAnalysis, text: str) -> bool:
    """For a question naming one side of a pair (预算收入是多少): is no amount of the asked measure in
    `text` said of that side? An amount is said of the last of the pair's words before it in its
    sentence (一般公共预算支出规模28.5万亿元、比上年增加1.1万亿元: both said of 支出), and of neither
    when its sentence names neither before it."""
    sides = _sides(analysis.asked_text)
    if not sides or analysis.kind != "number":
        return False
    accepted = SAME_MEASURE.get(analysis.measure, (analysis.measure,)) if analysis.measure else None
    amounts = [m for m in AMOUNT.finditer(text) if accepted is None or m.group(0).endswith(accepted)]
    return not any(_said_of(text, m.start(), sides) for m in amounts)


def _said_of(text: str, at: int, sides: list[tuple[str, str]]) -> bool:
    """Is the amount at `at` said of the asked side of each pair: is that the last of the pair's words before
    it in its sentence?"""
    before = text[max((e.end() for e in _SENTENCE_END.finditer(text, 0, at)), default=0):at]
    return all((b := before.replace(_BOTH_SIDES.get(w, w), w)).rfind(w) > b.rfind(o) for w, o in sides)


# The measure of a question asking 第几 starts with this (then the word after 第几): its answer is an ordinal.
ORDINAL_ASKED = "第"
ORDINAL_ANSWER = re.compile(rf"第[{CN_NUM}\d]+(?:个|次|位|名|批|届|轮|号|代)?|首位|首次|首个|首批")

# What an answer holds: an amount with its measure word, any number, a date.
_NUM = rf"(?:\d+(?:[.,]\d+)*|[{CN_NUM}]+)"
# (五位一体, 家庭: a name or a longer word after the measure word, no amount; 进一步: an adverb, not one step)
AMOUNT = re.compile(rf"(?<![第\d{CN_NUM}统唯划])(?!(?<=进)一步){_NUM}(?:多|余)?(?:[十百千万亿]{{1,2}})?(?:多|余)?(?:{MEASURE_ALT})(?![庭阶]|一体)|\d+(?:\.\d+)?%|百分之[{CN_NUM}]+|(?<![A-Za-z])[IVX]{{1,4}}类")  # II类 (Ⅱ类): a grade of water quality
ANY_NUMBER = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:个|项|张|条|类|方面|倍|成)"
                        r"|[一二两三四五六七八九十百千]+(?:多|余)?[万亿]")
DATE = re.compile(rf"(?:{NAMED_YEAR.pattern})(?:\d{{1,2}}月(?:\d{{1,2}}日)?)?|\d{{1,2}}月\d{{1,2}}日|\d{{1,2}}月(?:底|份)")


# An amount with only its size (6600多万, 1.2亿): the noun after it, if any, is what it counts.
_BARE_AMOUNT = re.compile(rf"{_NUM}(?:多|余)?[十百千]?[万亿]{{1,2}}(?:多|余)?")


# measures of goods and land, whose amount is followed by what it measures (十八亿亩耕地, 1.3万亿斤粮食)
_GOODS_MEASURES = ("亩", "斤", "吨", "公斤", "千瓦", "公里", "平方米", "立方米")


def counts_another_thing(analysis: QuestionAnalysis, text: str) -> bool:
    """For a number question that asks no measure (个税里扣除多少): does every amount of `text` count a
    noun the question does not name (6600多万纳税人)? Then it says how many of those, not the amount asked.
    The same for a measure of goods or land (多少万亩高标准农田 against 十八亿亩耕地)."""
    if analysis.kind != "number":
        return False
    if analysis.measure in _GOODS_MEASURES:
        t, q = norm(text), norm(analysis.question)
        measured = [m for m in AMOUNT.finditer(t) if m.group(0).endswith(analysis.measure)]
        return bool(measured) and all(_another_noun(t[m.end():], q) for m in measured)
    if analysis.measure is not None:
        return False
    t, q = DATE.sub("", norm(text)), norm(analysis.question)
    amounts = [m for m in AMOUNT.finditer(t) if m.group(0) not in given_amounts(analysis)]

    def of_another_noun(m: re.Match[str]) -> bool:
        # (1244万人, 16项: its measure word says what it counts)
        return _BARE_AMOUNT.fullmatch(m.group(0)) is not None and _another_noun(t[m.end():], q)
    return bool(amounts) and all(of_another_noun(m) for m in amounts)


def _another_noun(after: str, question: str) -> bool:
    """Does `after` (the text right after an amount) open with a noun the question does not name?"""
    word, flag = next(iter(_tagged(after[:8])), ("", ""))
    return len(word) >= 2 and flag.startswith("n") and word not in question


# 这个说法对吗, 是真的吗: the question states a claim for the documents to check, not a premise
_CHECKS_CLAIM = re.compile(r"(?:说法|表述|提法|这|此)?(?:对吗|对么|是否正确|正确吗|准确吗|是否准确|是真的吗|是不是真的"
                           rf"|是这样吗|是不是这样|靠谱吗|属实吗|可靠吗|有没有错|站得住吗|(?:帮我|帮忙)?(?:{_CHECK_VERBS})一下"
                           r"|是这么说的|是这样说的|是这个数"  # …连续5年保持Ⅱ类吗，发布会上是这么说的？
                           rf"|{CLAIM_TAG})")


# 离4万亿还差多少: a gap, which a sentence stating only the target (迈上4万亿台阶) does not give
_ASKS_GAP = re.compile(r"(?:还|相)差(?:多少|几)|差距(?:有|是)?多[少大]|缺口(?:有|是)?多[少大]")
_STATES_GAP = re.compile(r"差|缺口|距离|尚有")


def gap_unsaid(question: str, said: str) -> bool:
    """Does the question ask how far something falls short (还差多少) while `said` states no gap?"""
    return bool(_ASKS_GAP.search(norm(question))) and not _STATES_GAP.search(norm(said))


# 会受到什么党纪处分, 对诬告的人给什么处分: a penalty, which a sentence forbidding or fighting the act does not state
_ASKS_PENALTY = re.compile(r"(?:什么|哪些|何种|怎样的?|怎么)(?:样的)?(?:党纪|政务|纪律|法律)?(?:处分|处罚|惩处|惩戒|罚)")
_STATES_PENALTY = re.compile(r"处分|处罚|惩处|惩戒|严惩|追究|问责|追责|罚|开除|撤职|判处|刑")


def asks_penalty(question: str) -> bool:
    """Does the question ask what penalty follows (会受到什么党纪处分, 给什么处分)?"""
    return bool(_ASKS_PENALTY.search(norm(question)))


def penalty_unsaid(question: str, said: str) -> bool:
    """Does the question ask a penalty while `said` states none?"""
    return asks_penalty(question) and not _STATES_PENALTY.search(norm(said))


# 涨完以后每月能领多少, 提高后是多少: the level reached after a change, which the change alone (提高20元) does not give
_AFTER_CHANGE = re.compile(r"(?:涨|提高|上调|调整|增加|提)(?:完|了)?(?:以后|之后|后)")
_ASKS_LEVEL = re.compile(_AFTER_CHANGE.pattern + r"[^。？?]{0,14}?(?:多少|几)")
_STATES_LEVEL = re.compile(r"(?:达到|提高到|增加到|增至|提升到|升至|调整为|调整到|上调至|标准为|为|达)"
                           r"[\d〇零一二三四五六七八九十百千万两]")


def level_unsaid(question: str, said: str) -> bool:
    """Does the question ask the level after a change (涨完以后每月能领多少) while `said` states no level?"""
    return bool(_ASKS_LEVEL.search(norm(question))) and not _STATES_LEVEL.search(norm(said))


# The tier of government or cadres a figure or date is of (乡镇干部, 县级以上领导干部, 省级): another tier's is no answer
_TIER = re.compile(r"乡镇|乡级|镇级|村级|县级以上|县级|市级|省级|省部级|厅局级|地市级|中央和国家机关")


def other_tier(question: str, said: str) -> bool:
    """Does the question name a tier (重庆乡镇干部的轮训) that `said` does not, while `said` names another
    (明年3月底前将完成县级以上领导干部轮训)?"""
    asked = {m.group(0) for m in _TIER.finditer(norm(question))}
    named = {m.group(0) for m in _TIER.finditer(norm(said))}
    return bool(asked) and bool(named) and not asked & named


# 有没有给民族地区单独设定增长目标: asked of what is set for one group on its own; the answer must name that group
_SET_APART_FOR = re.compile(r"(?:给|为|对|针对)([\u4e00-\u9fff]{2,8}?)(?:单独|专门|另外|另行|特别)")


def group_unsaid(question: str, said: str) -> bool:
    """Does the question ask what is set apart for a group (给民族地区单独设定的增长目标) while `said` (the
    answer with its headings) names no word of that group? The target of all (国内生产总值增长5%左右) is no answer."""
    from assistant.text.tokens import tokenize

    m = _SET_APART_FOR.search(norm(question))
    if m is None:
        return False
    words = [w for w in tokenize(m.group(1)) if len(w) >= 2]
    return bool(words) and not any(w in norm(said) for w in words)


# 基础养老金最低每月是多少钱: a level, which a change alone (月最低标准提高20元) does not give; a question naming any change
# (涨了多少, 增速, 能多几块钱) is answered by one (wider than `asks_change`, a rise against another time). (Not for shares: 能耗降低2.5% is the level of a target.)
_CHANGE_ASKED = re.compile(r"涨|提|升|增|加|上调|下调|降|减|多了|少了|多[交领发拿给缴几出]|[能会要又还再]多|比上?年|比去年|变化|幅度|翻")
_CHANGE_BEFORE = re.compile(r"(?:提高|增加|上调|下调|下降|减少|降低|上涨|提升|增长)了?$")


def change_for_level(analysis: QuestionAnalysis, texts: Sequence[str]) -> bool:
    """Does a number question ask a level (最低每月是多少钱) while every amount of the measure asked in `texts`
    is a change (提高20元)?"""
    if analysis.kind != "number" or analysis.measure in (None, "%", DURATION_ASKED) \
            or _CHANGE_ASKED.search(_AFTER_CHANGE.sub("", analysis.asked_text)):  # 涨完以后一共多少 asks a level
        return False
    accepted = SAME_MEASURE.get(analysis.measure, (analysis.measure,))
    amounts = [(t, m) for t in map(norm, texts) for m in _undated_amounts(t) if m.group(0).endswith(accepted)]
    return bool(amounts) and all(_CHANGE_BEFORE.search(t[max(0, m.start() - 4):m.start()]) for t, m in amounts)


# 总规模是多少, 一共发多少: the whole, which its first part (今年先发行1万亿元, 首批) does not give
_ASKS_TOTAL = re.compile(r"总规模|总额|总量|总数|一共|总共|合计|累计")
_STATES_PART = re.compile(r"先发行|先期|首批|第一批|先行")
_STATES_TOTAL = re.compile(r"总规模|总额|总量|共计|一共|总共|合计|累计|共\d")


def part_for_total(question: str, said: str) -> bool:
    """Does the question ask a whole amount while `said` gives only its first part?"""
    s = norm(said)
    return bool(_ASKS_TOTAL.search(norm(question))) and bool(_STATES_PART.search(s)) and not _STATES_TOTAL.search(s)


# the days a claim to check states (是9月12日到13日开的，对吗): the cited passages must state them too
_CLAIMED_DAY = re.compile(r"\d{1,2}月\d{1,2}日")


def claimed_days(analysis: QuestionAnalysis) -> list[str]:
    """The days (9月12日) a claim to check states; none for any other question."""
    return _CLAIMED_DAY.findall(analysis.asked_text) if checks_claim(analysis) else []


def states_claim(analysis: QuestionAnalysis) -> bool:
    """Does the question state a claim for the documents to check, whatever it asks (这个年份对吗 asks a date)?"""
    return _CHECKS_CLAIM.search(analysis.asked_text) is not None


def checks_claim(analysis: QuestionAnalysis) -> bool:
    """Does the question ask whether a claim it states is right (…，这个说法对吗？)?"""
    return analysis.kind == "yesno" and states_claim(analysis)


def claim_corrections(analysis: QuestionAnalysis, text: str) -> list[tuple[str, str]]:
    """For a question asking whether a claim is right (…从14个方面提出了60条贯彻落实措施，这个说法对吗？):
    (claimed, stated) for each amount in digits it claims that `text` does not give, when `text` gives
    an amount of the same measure word instead (60条, 50条); such a sentence answers the check."""
    if not checks_claim(analysis):
        return []
    t = norm(text)
    claims = sorted((a for a in given_amounts(analysis) if re.match(r"\d", a) and not amount_stated(a, t)),
                    key=analysis.question.find)
    # the stated amounts that confirm no claim, said of the side the claim names (预算收入是21.7万亿元，对吗: a 支出
    # figure corrects nothing of it)
    sides = _sides(analysis.asked_text)
    free = [m.group(0) for m in _undated_amounts(t) if _said_of(t, m.start(), sides)
            and not any(amount_stated(c, m.group(0)) for c in given_amounts(analysis))]
    pairs = []
    for claimed in claims:
        same = _same_measures(claimed, analysis.question, t)
        if other := next((a for a in free if _unit_of(a) in same or _bare_magnitude_of(claimed, a)), None):
            pairs.append((claimed, other))
            free.remove(other)
    return pairs


def amount_stated(amount: str, text: str) -> bool:
    """Does `text` (normalised) state `amount`, in the same words or as the same value in other numerals
    (54万亿元: 五十四万亿元)?"""
    if amount in text:
        return True
    valued = _valued(amount)
    return valued is not None and any(_valued(m.group(0)) == valued for m in _undated_amounts(text))


def _unit_of(amount: str) -> str:
    """The measure word of an amount after its magnitude (54万亿元, 五十四万亿元: 元)."""
    valued = _valued(amount)
    return valued[1] if valued else _measure_of(amount)


_MAGNITUDES = {"万": 1e4, "亿": 1e8}
_DIGITS_RUN = re.compile(r"([\d.,]+)([万亿]*)(?:多|余)?(.*)")
_CN_RUN = re.compile(r"([〇零一二两三四五六七八九十百千万亿点]+?)(?:多|余)?([^〇零一二两三四五六七八九十百千万亿点多余].*)")


def _valued(amount: str) -> tuple[float, str] | None:
    """An amount as (value, measure word): 54万亿元 and 五十四万亿元 are both (5.4e13, 元); None if unread."""
    if m := _DIGITS_RUN.fullmatch(amount):
        number = number_value(m.group(1).replace(",", ""))
        if number is None:
            return None
        for unit in m.group(2):
            number *= _MAGNITUDES[unit]
        return number, m.group(3)
    if (c := _CN_RUN.fullmatch(amount)) and (number := number_value(c.group(1))) is not None:
        return number, c.group(2)
    return None


def _bare_magnitude_of(claimed: str, stated: str) -> bool:
    """Is `claimed` a figure with no measure word (3.8万亿) and `stated` one of the same magnitude (3.9万亿元)?"""
    c, s = _DIGITS_RUN.fullmatch(claimed), _DIGITS_RUN.fullmatch(stated)
    return bool(c and s and c.group(2) and not c.group(3) and c.group(2) == s.group(2))


def _same_measures(claimed: str, question: str, text: str) -> tuple[str, ...]:
    """The measure words an amount stated instead of `claimed` may have: those of its own measure; for 个,
    any counter when the thing counted after it is named in `text` (50个重大改革项目: 重大改革项目31项)."""
    measure = _unit_of(claimed)
    if measure != "个":
        return SAME_MEASURE.get(measure, (measure,))
    words = _tagged(question[question.find(claimed) + len(claimed):][:8])
    if not words or not words[0][1].startswith(("n", "a", "v")):
        return ("个",)
    # the first two words of what is counted (重大改革项目: 重大改革; 14个方面提出…: 方面提出, not named)
    noun = "".join(w for w, _ in words[:2] if re.fullmatch(r"[\u4e00-\u9fff]+", w))
    return _COUNTERS if len(noun) >= 2 and noun in text else ("个",)


def _measure_of(amount: str) -> str:
    """The measure word of an amount: 60条 -> 条, 1.2万亿元 -> 万亿元."""
    return re.sub(rf"^[\d.,{CN_NUM}]+(?:多|余)?", "", amount)


def given_amounts(analysis: QuestionAnalysis) -> frozenset[str]:
    """The amounts a number question states itself (拟发行的1万亿元国债中…), which cannot be what it asks."""
    return _amounts_in(analysis.question)


# a clause guessing the amount a question asks (我记得是98%, 是50条吧, 是不是25项, 好像是五千多万)
_GUESS = re.compile(r"记得|好像|印象|听说|据说|大概|应该|估计|似乎|是不是|是否|对吗|没错|吧|来着|(?:^|[我他])是|写的是|写成|吗$")


def guessed_amounts(analysis: QuestionAnalysis) -> frozenset[str]:
    """The asker's guesses at the amount a number question asks or a claim states (一共多少条？是50条吧;
    我记得是80%，对不对): to be checked, so the
    answer need not state them. (They stay among `given_amounts`: a guess biases retrieval towards
    sentences stating it of other things, so a sentence is not taken as the answer for stating it.)"""
    return _guessed(analysis.question) if analysis.kind == "number" or states_claim(analysis) else frozenset()


@lru_cache(maxsize=4096)
def _guessed(question: str) -> frozenset[str]:
    clauses = [c for c in CLAUSE_MARKS.split(norm(question)) if c]
    return frozenset(a for c in clauses if not _ASKS_AMOUNT.search(c) and _GUESS.search(c) for a in _amounts_in(c))


@lru_cache(maxsize=4096)
def _amounts_in(question: str) -> frozenset[str]:
    return frozenset(m.group(0) for m in _undated_amounts(norm(question))
                     if re.match(rf"[\d{CN_NUM}]", m.group(0)))  # 多少万亿元 gives no amount


def _undated_amounts(text: str) -> list[re.Match[str]]:
    """The amounts in `text` that are not part of a date (到2027年…4万亿: the year is not the amount)."""
    dates = [d.span() for d in DATE.finditer(text)]
    return [m for m in AMOUNT.finditer(text) if not any(a <= m.start() and m.end() <= b for a, b in dates)]


# 11月几号, 十一月哪天: the question gives the month of the day it asks
_GIVEN_MONTH = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,3})月(?=几[号日]|哪一?天|哪几天|哪日)")


def _given_month(asked: str) -> int | None:
    m = _GIVEN_MONTH.search(asked)
    return (int(m.group(1)) if m.group(1).isdigit() else cn_int(m.group(1))) if m else None


def answer_span(analysis: QuestionAnalysis, text: str) -> tuple[int, int] | None:
    """Offsets in `text` of the part that answers: the amount with the asked measure word (16项),
    a date (2029年); None when the kind has no short answer (list items are marked by the answerer)."""
    if analysis.kind == "date":  # a date as precise as asked (12月8日 for 哪一天, not 2023年11月)
        month = _given_month(analysis.asked_text)  # 11月几号: a day of that month (not 12月8日)
        found = [m for m in DATE.finditer(text) if (analysis.measure is None or analysis.measure in m.group(0))
                 and (month is None or re.search(rf"(?<!\d){month}月", m.group(0)))]
        return found[0].span() if found else None
    if analysis.kind == "law":
        return next((m.span() for m in _LAW_NAME.finditer(text) if not m.group(0).rstrip("》").endswith(_NOT_LAW)), None)
    if analysis.kind == "number" and analysis.measure and analysis.measure.startswith(ORDINAL_ASKED):
        ordinal = ORDINAL_ANSWER.search(text)
        unit = analysis.measure[len(ORDINAL_ASKED):]  # 第几版 is also answered by 3.0版
        numbered = re.search(rf"(?<![\d.])\d+(?:\.\d+)*{re.escape(unit)}", text) if unit else None
        answer = ordinal or numbered
        return answer.span() if answer else None
    if analysis.kind == "number":
        given = given_amounts(analysis)  # 1万亿元国债中…的部分是多少: the amount the question gives is not its answer
        found = [m for m in _undated_amounts(text) if m.group(0) not in given]
        if analysis.measure == DURATION_ASKED:  # 7年, 30天, 7个多月 (whose amount is 7个)
            spans = [(m.start(), u.end() if (u := _DURATION_UNIT.match(text, m.end())) else m.end()) for m in found
                     if m.group(0).endswith(("年", "天")) or _DURATION_UNIT.match(text, m.end())]
            return spans[0] if spans else None
        if analysis.measure:
            accepted = SAME_MEASURE.get(analysis.measure, (analysis.measure,))
            found = [m for m in found if m.group(0).endswith(accepted) or "%" in accepted and m.group(0).startswith("百分之")
                     or "人" in accepted and _BARE_AMOUNT.fullmatch(m.group(0)) and _PEOPLE.match(text, m.end())]
        if found:
            return found[0].span()
        if analysis.measure == "%" and (share := _FRACTION.search(text)):  # 占全球多大份额: 超过全球一半
            return share.span()
    return None


_FRACTION = re.compile(r"[一二三四五六七八九十百]+分之[一二三四五六七八九十]+|一半|半数|过半")


# people counted by what they are (6600多万纳税人, 9899万农村贫困人口): an amount of 人 too
_PEOPLE = re.compile(r"[\u4e00-\u9fff]{0,4}?人(?:口|员)?(?![均次])")


# A span of time (过去一年, 三个月), not an amount unless the question asks 多少年.
_DURATION = re.compile(r"(?:\d+|[一二两三四五六七八九十]+)个?(?:年|月|天)(?![\d〇零一二三四五六七八九])")


# 第四张清单, 第一条措施, 其中第二项: the item asked for by its place in a list (not 第十四届, 第二次: a name or a count)
_ITEM_ORDINAL = re.compile(rf"(?:其中)?第([{CN_NUM}\d]+)(?:个|项|张|条|类|种|部分|方面|批|点)")


def item_ordinal(analysis: QuestionAnalysis, any_kind: bool = False) -> tuple[str, int] | None:
    """The item the question asks about by its place in a list, and that place (5张清单中的第四张清单是什么 ->
    ("第四张", 4)), or None. List, number, date and law questions read their ordinals their own way, unless
    `any_kind` (第一张清单里谋划了多少个项目: the amount is looked for in that item)."""
    if analysis.kind in ("list", "number", "date", "law") and not any_kind:
        return None
    for o in analysis.ordinals:
        m = _ITEM_ORDINAL.fullmatch(o)
        n = (int(m.group(1)) if m.group(1).isdigit() else cn_int(m.group(1))) if m else None
        if n:
            return o, n
    if last := _LAST_ITEM.search(analysis.asked_text):
        return last.group(0), LAST
    return None


LAST = -1  # the place of the last item (最后一条)
_LAST_ITEM = re.compile(r"最后一(?:个|项|张|条|类|种|部分|方面|批|点)")


# The term a definition question asks about: 什么是X, 怎样界定X, X是什么, X指什么, X的含义.
_DEFINED_AFTER = re.compile(r"(?:什么是|何谓|(?:怎样|怎么|如何)(?:界定|定义|定性|表述))[“\"]?([\u4e00-\u9fff]{2,16}?)[”\"]?(?:的|[？?，,。]|$)")
_DEFINED_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,16}?)[”\"]?(?:到底|究竟)?(?:是什么|指什么|是指什么|指的是什么|的含义|的内涵"
                             rf"|是一种什么|是个?{_CONCEPT}"
                             r"|是?(?:怎样|怎么|如何)(?:界定|定义|定性|表述))")
# not the term: a time word or 本身 after it (社会主要矛盾现在是怎么表述的); a document named as the teller
# (那全过程人民民主本身，报告是怎么定性的: the term is in the clause before)
_TERM_TAIL = re.compile(r"(?:现在|目前|当前|如今|本身|到底|究竟)+$")
_TELLER = re.compile(r"(?:[这那该]?(?:份|个|篇)?)(?:报告|决定|公报|说明|文件|全会|会议|意见|实施意见)$")


# …新质生产力，三中全会决定里对它到底是怎么界定的: a document asked of, the term named in the clause before
# (or only a pronoun: …新质生产力，对它到底是怎么界定的; the document is taken out before answering)
_DOCUMENT_ASKED = re.compile(r"[，,](?:[^，,]{0,12}?(?:报告|决定|公报|说明|文件|全会)(?:里|中|上)?)?(?:对(?:它|其|此))?"
                             r"(?=(?:到底|究竟)?是?(?:怎样|怎么|如何)(?:界定|定义|定性|表述)的?[呢嘛啊呀]*[？?]?$)")


@lru_cache(maxsize=4096)
def defined_term(question: str) -> str | None:
    """The term a definition question asks to define (二十大报告是怎样界定全过程人民民主的？ -> 全过程人民民主),
    after the last 的 of the words before 是什么 (…提出的新质生产力是什么 -> 新质生产力), or after the telling verb
    of the clause before a document asked of (到处讲新质生产力，决定里对它是怎么界定的); None if none is found."""
    q = norm(question)
    if given := _GIVEN_DEFINITION.search(q):
        return given.group(1)
    if d := _DOCUMENT_ASKED.search(q):
        clause = re.split(r"讲|说|提|叫|谈", re.split(r"[，,]", q[:d.start()])[-1])[-1]
        if len(term := _term_of_clause(clause)) >= 2:
            return term
    m = _DEFINED_AFTER.search(q) or _DEFINED_BEFORE.search(q)
    term = _TERM_TAIL.sub("", m.group(1).rsplit("的", 1)[-1]) if m else ""
    before = q[:m.start(1)] if m else ""
    if _TELLER.fullmatch(term) and before.endswith(("，", ",")):  # the term is the clause before the teller's
        term = _term_of_clause(re.split(r"[，,]", before[:-1])[-1])
    return term if len(term) >= 2 else None


def _term_of_clause(clause: str) -> str:
    """The term a clause before the ask names (那全过程人民民主本身 -> 全过程人民民主): after its last 的, without a
    leading 那 or 而 or a trailing time word or 本身."""
    return _TERM_TAIL.sub("", re.sub(r"^(?:那么?|而)", "", clause).rsplit("的", 1)[-1])


# 怎么定义, 含义, 指什么: the meaning of a term asked in so many words (是什么 alone asks much else too)
_MEANING_ASKED = re.compile(r"(?:怎样|怎么|如何)(?:界定|定义)|下(?:了|的)?(?:那个|这个|个)?定义|含义|涵义|内涵|意思|指什么|指的是什么|什么是|何谓"
                            rf"|是一种什么|{_CONCEPT}")


def meaning_asked(question: str) -> str | None:
    """The term whose meaning a question asks in so many words (低空经济到底怎么定义的 -> 低空经济); None when
    it asks none (重庆改革的目标是什么 asks a fact, not a meaning)."""
    return defined_term(question) if _MEANING_ASKED.search(question) else None


def defines(term: str | None, text: str) -> bool:
    """Does `text` state what `term` is (全过程人民民主是…, …，即…)? The term followed by 是, 就是, 指 or 即,
    or made the term (把X作为term)."""
    if term is None:
        return False
    t = norm(text)  # (坚持把高质量发展作为各级各类教育的生命线: what the 生命线 is)
    return re.search(re.escape(term) + r"[”\"]?[，,]?(?:是|就是|指|即)", t) is not None \
        or re.search(r"[把将][^,。;:]{2,30}?(?:作为|当作|视为|确立为)[^,。;:]{0,12}?" + re.escape(term), t) is not None


def characterizes(term: str | None, text: str) -> bool:
    """Does `text` define `term` (`defines`), or give the features of the kind of thing it is without naming it
    (新质生产力: 发展以高技术、高效能、高质量为特征的生产力)?"""
    if term is None or defines(term, text):
        return term is not None
    kind = term[-3:] if len(term) >= 4 else term
    return re.search(rf"以[^,。;:]{{2,40}}为(?:主要)?(?:特征|特点|标志)的{re.escape(kind)}", norm(text)) is not None


# When an occasion was held (开了哪几天, 哪天召开的, 什么时候举行): answered by a sentence saying it was held
HELD_VERBS = r"召开|举行|举办|开幕|闭幕"  # the verbs of an occasion held
HELD_VERB = rf"(?:{HELD_VERBS}|开(?=[了的会？?，,]|$))"  # (开 as held: not 开始, 开展, 开放; also `anchors`)
_WHEN = r"(?:哪几天|哪一?天|哪一?年|几月|何时|什么时候|什么时间)"
_ASKS_WHEN_HELD = re.compile(rf"{HELD_VERB}(?:了|的)?{_WHEN}|{_WHEN}{HELD_VERB}|会期")  # 会期: the days it was held
_HELD = re.compile(rf"{HELD_VERBS}|开会")  # (not 全会议题: a meeting named is not one held)


_QUOTED_CODE = re.compile(r"[“\"「][\d+]+[”\"」]")  # “141”基层治理体系, “33618”: a name made of digits


def holds_kind(analysis: QuestionAnalysis, text: str) -> bool:
    """Does `text` hold the kind of answer wanted? Only numbers, dates, law names and places are checked:
    the other kinds have no surface form that a sentence must show."""
    t = norm(text)
    if analysis.kind == "place":  # not the places the question names (重庆…在哪个区: 重庆 is not the district)
        return names_place(t, WHOLE_COUNTRY | set(analysis.places))
    if analysis.kind == "date" and _ASKS_WHEN_HELD.search(analysis.asked_text) and not _HELD.search(t):
        return False  # 那次全会开了哪几天: a date of something else (决定稿下发) is not when it was held
    if analysis.kind in ("date", "law"):
        return answer_span(analysis, t) is not None
    if analysis.kind == "number":
        t = _QUOTED_CODE.sub("", DATE.sub("", t))  # a date (2024年3月5日) is not an amount, nor a code (“141”体系)
        if analysis.measure is None:  # nor a span of time (过去一年) when the question asks no 多少年, nor an
            t = _DURATION.sub("", t)  # amount the question gives
            for amount in given_amounts(analysis) - guessed_amounts(analysis):  # a guess is what to check
                t = t.replace(amount, "")
        return answer_span(analysis, t) is not None or (analysis.measure is None and bool(ANY_NUMBER.search(t)))
    return True


# 是否已经全面推开, 出台了没有: whether something is done, which a sentence planning it (构建…新体系) does not say
_ASKS_DONE = re.compile(r"已经|是否已|有没有已|了没有|了吗|了没")
_STATES_DONE = re.compile(r"已|(?<![为除])了|累计|截至|截止|先后|相继|成功|回顾")
# 明确要立金融法了吗, 提出要合并了吗: whether a plan is stated, not whether it is done (unless 已经 is asked)
# (今年是全国铺开了吗: this year's plan is asked; 提了没, 有没有提到: whether a document states it)
_ASKS_PLANNED = re.compile(r"^(?!.*已).*(?:(?:(?:要|将|拟|计划|打算|准备)[^，,。？?]{1,12}|今年[^，,。？?]{1,16})(?:了吗|了没)"
                           r"|(?:提|提到|提出|说|讲|写|写到|明确)(?:了没|了吗|没提|没有)|(?:有没有|是否)(?:提|提到|提出|写|写到|讲|说))"
                           r"|已经?(?:写|写到|写进|写入|提|提到|提出)(?:了|过)")  # 报告里是不是已经写了…: the text, not a deed


def done_unsaid(analysis: QuestionAnalysis, texts: Sequence[str]) -> bool:
    """Does a yes/no question ask whether something is already done (是否已经…推开) while none of `texts`
    says anything done (已, …了, 累计, 截至, or a review's heading: 2023年工作回顾)? A sentence planning it
    answers what is to be done, not this."""
    q = norm(analysis.question)
    return analysis.kind == "yesno" and _ASKS_DONE.search(q) is not None and not _ASKS_PLANNED.search(q) \
        and not any(_STATES_DONE.search(norm(t)) for t in texts)


# Words of a yes/no question that say nothing of its case: the ask itself, hedges and pointers
# and whether the documents say it at all (真有这个提法吗, 有这回事吗)
_CASE_FILLER = frozenset({"是不是", "能不能", "会不会", "不能", "不会", "可不可以", "以后", "今后", "现在", "这个", "那个",
                          "这些", "那些", "这种", "那种", "就是", "还是", "打算", "准备", "国家", "中央", "文件",
                          "提法", "说法", "真有", "回事", "属实"})
# the verbs asking whether a case is covered (…也适用吗, 包不包括): the case is in the nouns
_CASE_VERBS = frozenset({"适用", "适合", "包括", "覆盖", "纳入", "享受", "享有", "参加", "参保", "算不算", "管用"})
ASKED_SHARE = 0.25  # at most this share of the asking clause's words in the answer …
STATED_SHARE = 0.7  # … while at least this share of the words before it are: the case asked is beyond it


def _case_words(text: str) -> list[str]:
    from assistant.text.tokens import tokenize

    text = DOCUMENT_REF.sub("", _TITLE.sub("", text))
    return [w for w in tokenize(text) if len(w) >= 2 and w not in _CASE_FILLER and not _YESNO.search(w)]


def asks_beyond(analysis: QuestionAnalysis, said: str) -> bool:
    """Does a yes/no question restate what `said` (the answer's sentences) states, then ask about a case it
    does not name (渐进式延迟法定退休年龄改革，对灵活就业人员也适用吗？ over 按照自愿、弹性原则…推进渐进式延迟法定
    退休年龄改革)? Then the sentence says nothing of that case. Lay words of the question (还卡户口吗) are
    asked in clauses that restate nothing, so they are not read as a case beyond it."""
    if analysis.kind != "yesno" or checks_claim(analysis):  # (…，这说法靠谱吗: the check asks of the claim itself)
        return False
    clauses = [c for c in re.split(r"[，,；;。？?！!：:]", analysis.asked_text) if c]
    at = next((i for i in range(len(clauses) - 1, -1, -1) if _YESNO.search(clauses[i])), None)
    if not at:  # no clause before the asking one: nothing restated
        return False
    stated = _case_words("".join(clauses[:at]))
    asked = [w for w in _case_words(clauses[at]) if w not in stated and w not in _CASE_VERBS]  # (这个试点…: restated)
    t = norm(said)
    if not asked or len(stated) < 2:
        return False
    share = sum(w in t for w in asked) / len(asked)
    return share <= ASKED_SHARE and sum(w in t for w in stated) / len(stated) >= STATED_SHARE


# 哪个局, 什么委员会: the kind of body asked, which the answer must name; words holding its character name none
_ASKED_BODY = re.compile(r"(?:哪一?[个家]?|什么)(局|厅|委员会|机关)")
_NO_BODY = re.compile(r"布局|格局|大局|全局|结局|开局|变局|时局|当局|局面|局势|局限|机关算尽")


# State organs, which are 机关 without saying so (我代表国务院)
_ORGAN = re.compile(r"国务院|全国人民代表大会|全国人大|人民政府|人民法院|人民检察院|监察委员会|党中央|中央委员会")


def names_body_asked(question: str, text: str) -> bool:
    """Does `text` name a body of the kind the question asks (哪个局: 县市场监管局; 哪个机关: 国务院)? True when
    it asks no kind."""
    m = _ASKED_BODY.search(norm(question))
    if m is None:
        return True
    t = _NO_BODY.sub("", norm(text))
    return re.search(rf"[\u4e00-\u9fff]{m.group(1)}", t) is not None or (m.group(1) == "机关" and bool(_ORGAN.search(t)))


def names_post_asked(question: str, text: str) -> bool:
    """Does `text` name the post the question asks who holds (主任是谁: 主任)? True when it asks none."""
    m = _ASKED_POST.search(norm(question))
    return m is None or m.group(1).removesuffix("人") in norm(text)


# 由哪个部门牵头建设, 谁负责落实: who leads, which a sentence naming the work alone (建立…监测监管体系) does not say
_ASKS_LEAD = re.compile(r"牵头|负责(?!同志|人)")
_STATES_LEAD = re.compile(r"牵头|负责|领导|组长|主导|主持|担任|统筹")


def names_lead(question: str, text: str) -> bool:
    """Does `text` say who leads or is responsible, when the question asks it (由哪个部门牵头)? True when it
    does not ask."""
    return _ASKS_LEAD.search(norm(question)) is None or _STATES_LEAD.search(norm(text)) is not None


# How to apply for something (准备哪些材料, 办理流程, 去哪个部门报名, 要满足什么条件): the words the answer must say
# it with. Policy documents rarely state these; a sentence naming the measure says none of them.
_PROCEDURE_ASKS = (
    (re.compile(r"(?:准备|提交|需要|要带|带|交)(?:哪些|什么|啥)(?:材料|证件|资料|证明)"), re.compile(r"材料|证件|资料|证明")),
    (re.compile(r"(?:办理|申请|报名|审批)的?(?:流程|程序|手续|步骤)|(?:流程|手续)是怎样|怎么(?:申请|报名|办理)"),
     re.compile(r"流程|程序|手续|步骤|申请|报名|办理")),
    (re.compile(r"(?:去|到|在|找)哪(?:个|家)?(?:部门|单位|窗口|里|儿)(?:报名|申请|办理|办)"),
     re.compile(r"部门|窗口|[\u4e00-\u9fff](?:局|中心|委)(?![面势])|平台")),
    (re.compile(r"(?:满足|符合|具备)(?:什么|哪些|啥)(?:条件|资格|要求)|(?:申请|报名|享受)(?:的|要)?(?:条件|资格)"),
     re.compile(r"条件|资格|标准")),
)


def asks_procedure(question: str) -> bool:
    """Does the question ask how to apply for something (`_PROCEDURE_ASKS`)?"""
    q = norm(question)
    return any(asks.search(q) for asks, _ in _PROCEDURE_ASKS)


def procedure_unsaid(question: str, said: str) -> bool:
    """Does the question ask how to apply (材料, 流程, 去哪个部门, 条件) while `said` (the answer) says nothing of it?"""
    q, t = norm(question), norm(said)
    return any(asks.search(q) and not gives.search(t) for asks, gives in _PROCEDURE_ASKS)


# 由哪位市领导担任组长: a person is asked for, not only a body
ASKS_PERSON = re.compile(rf"哪位|哪一位|哪几位|哪个(?:领导|负责人|负责同志|官员)|{POST_ASKED.pattern}")
# 发布会上生态环境那块是谁讲的？ asks who spoke on a topic. A speaker's label (喻显斌：…) answers the setting
# (发布会, 会上), the speech (讲, 解读, 介绍) and the slot (哪位领导, 负责同志, 哪个部门的), so none of these
# is a term the sentence on the topic must hold; nor is the filler after the topic (那块, 这部分).
_ASKS_WHO = re.compile(r"谁|哪位|哪一位|哪个(?:领导|部门|单位|负责)")
# (narrower than `speakers.ASKS_SPEAKER`: with 发布, 主题发布是谁作的 would ask who spoke on a topic; measured, tune −1)
_SPEECH = re.compile(r"讲|解读|介绍|谈|答|发言|说")
WHO_SPOKE_WORDS = frozenset({
    "发布会", "新闻发布会", "新闻", "会上", "记者", "提问", "那场", "这场", "讲", "解读", "介绍", "谈", "谈到", "答",
    "回答", "答问", "出来", "作", "发言", "领导", "负责同志", "负责人", "同志", "部门", "单位", "那块", "这块",
    "一块", "那一块", "这一块", "部分", "口", "领域", "方面"})


def asks_who_spoke(question: str) -> bool:
    """Does the question ask who spoke (谁讲的, 哪位领导解读的, 是哪个部门的谁出来答的)?"""
    q = norm(question)
    return _ASKS_WHO.search(q) is not None and _SPEECH.search(q) is not None


def names_person(text: str, besides: Sequence[str] = ()) -> bool:
    """Does `text` name a person (秦刚同志, a speaker's 李春奎：, 习近平) other than those `besides` (the
    question's own: 秦刚被免职以后，接任的是哪位 is not answered by 免去秦刚同志…)? 有关负责同志 names nobody."""
    for person in besides:
        text = re.sub(rf"{re.escape(person)}(?:同志)?", "", text)
    return bool(_names(norm(text))[2]) or re.search(r"(?<!负责)同志", text) is not None


# 是什么意思, 含义, 代表什么: the meaning of a term, which naming its kind after it (“三改一盘活”改革) does not give
_ASKS_MEANING = re.compile(r"意思|含义|涵义|内涵|代表|概念")
_EXPLAINED = re.compile(r"[（(：:]|——|包括|包含|主要是|主要有|就是|也就是|是指|指的是|即(?!将|时|使|便|可)")  # X：…, X——…
# after the term, its kind may come first (“五型”枢纽，是指…, “四个一”机制包括…)
_EXPLAINED_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}?,?(?:" + _EXPLAINED.pattern + ")")


def explains(term: str, question: str, text: str, kind_named: bool = True) -> bool:
    """Does `text` say what the quoted `term` of a definition question is, rather than only use it? It
    does when it defines or explains it (X是…, X即…, X（…）, X包括…, 所谓X), lists its parts or tiers just before
    it (电动汽车、锂电池、光伏产品“新三样”; “科技型中小企业—高新技术企业—科技领军企业”梯度培育体系), names right after
    it what kind of thing it is where the question does not (“416”科技创新布局), or does not name it at all (its
    content, after a heading naming it).
    Used only, it does not (巩固拓展“三改一盘活”改革突破性成果 for “三改一盘活”改革是什么意思).
    `kind_named=False`: naming its kind is no explanation (for a question asking its content)."""
    t, q, term = norm(text), norm(question), norm(term)
    if term not in t or defines(term, t):
        return True
    for m in re.finditer(re.escape(term), t):
        clause_start = max(t.rfind(p, 0, m.start()) for p in ",。;:")  # `norm` made ，；： half-width
        if re.match(r"[”\"」』]*等", t[m.end():]) or re.search(r"、[“\"「『]?$", t[:m.start()]):
            continue  # 生物制造、商业航天、低空经济等新增长引擎: an item of a list, not explained there
        if "、" in t[clause_start + 1:m.start()] and not _sibling_item(t, clause_start + 1, m) \
                or re.search(r"所谓[“\"]?$", t[max(0, m.start() - 3):m.start()]) \
                or re.search(r"[^—]+—[^—]+—[^—]+[”\"」』]$", t[clause_start + 1:m.start()]):  # its tiers, A—B—C梯度…
            return True
        if re.search(r"[\u4e00-\u9fff]{2}这一[^,。;:]*$", t[clause_start + 1:m.start()]):
            return True  # 自我革命这一…历史周期率的第二个答案: A这一B says what B is
        rest = re.sub(r"^[”\"」』]+", "", t[m.end():])
        if _EXPLAINED_AFTER.match(rest):
            return True
        after = rest[:2]
        asked = re.sub(r"^[”\"」』]+", "", q[q.find(term) + len(term):])[:2]
        if kind_named and re.fullmatch(r"[\u4e00-\u9fff]{2}", after) and after != asked \
                and not _ASKS_MEANING.search(q):
            return True
    return False


# “四进三回”行动具体有哪些做法, “三项能力”具体指哪三项, “四个一”机制包括哪些内容: the quoted term's content is asked
_ASKS_CONTENT = re.compile(r"[”\"」』][\u4e00-\u9fff]{0,4}?(?:都|的)?(?:具体|包括|包含|有哪些|主要(?:有|是|内容)|内容"
                           r"|分别(?:指|是)|(?:是|所)?指(?:的是)?哪些)")


# 具体怎么参与“碳惠通”交易: the same asked before the term
_ASKS_CONTENT_BEFORE = re.compile(r"具体(?:该|要|应该)?(?:怎么|如何|怎样)[\u4e00-\u9fff]{0,3}?[“\"「『]([^”\"」』]+)[”\"」』]")


# what a named thing's members or content are asked with, some words after its name (“33618”现代制造业集群体系里
# 这几个数字分别对应哪些产业)
_MEMBERS_ASKED = (r"(?:分别|各自|具体|都是|都有|是哪|指哪|叫什|包括|包含|有哪|对应|列哪|了哪"  # 都列了哪些, 都选了哪些
                  r"|各(?:代表|指|是|叫)|代表哪|哪[两几二三四五六七八九十]+)")  # 各代表哪些产业, 是哪三改 (not 哪一项)
# (…集群体系，具体是哪些产业; a clause of its own may lead the ask: “三改一盘活”，三改分别改什么, …集群体系，每个数字具体对应;
# not one asking its name: “揭榜”机制，全称叫什么)
_ASKS_MEMBERS = re.compile(rf"[”\"」』][\u4e00-\u9fff]{{0,16}}?(?:[，,](?:(?!称|名)[\u4e00-\u9fff]){{0,5}}?)?{_MEMBERS_ASKED}")
# which of a group's members (35项改革核心绩效指标里，专门考核区县的是哪几项): its members are asked too
_AMONG_ASKED = r"(?:里|中|当中|之中)[，,]?[^。？?]{0,16}?(?:是|有)哪(?:几|些)"
# one of a measure word (统一大市场, 一批新的增长引擎) is no group counted
_ONE = r"一(?=个|大|类|项|张|条|种|方面|处|件|部|批)"
# a group the question counts itself (四大重庆实验室分别叫什么, 5类主体分别是哪几类), not one it asks the count of (哪两个),
# nor one (`_ONE`) or a Party congress (二十大报告里…, `_CONGRESS`)
_COUNTED_GROUP = re.compile(rf"(?<![第哪几\d{CN_NUM}])(?!{_CONGRESS.pattern}|{_ONE}){_GROUP_COUNT}"
                            rf"(?:(?!分别|各自|具体|都是|都有)[\u4e00-\u9fff]){{2,14}}(?=[，,]?{_MEMBERS_ASKED}|{_AMONG_ASKED})"
                            rf"|(?<![第哪几\d{CN_NUM}]){_GROUP_COUNT}(?=[，,]?(?:具体|都是|都有|分别))")  # 那31项，具体都是哪些
# a code of digits named unquoted (33618 具体指哪些产业); not a year or an amount
_CODE = re.compile(rf"(?<![\d.])\d{{3,}}(?![\d.%]|[年月日号万亿千百个项条元人家所次])(?=\s*[\u4e00-\u9fff]{{0,16}}?{_MEMBERS_ASKED})")


def content_asked(analysis: QuestionAnalysis, question: str) -> str | None:
    """The named thing whose content the question asks, or None: a quoted term (重庆的“四进三回”行动具体有哪些做法
    -> 四进三回; 具体怎么参与“碳惠通”交易 -> 碳惠通; “33618”…这几个数字分别对应哪些产业 -> 33618), a group the
    question counts (四大重庆实验室分别叫什么名字 -> 四大重庆实验室) or a code of digits (33618 具体指哪些产业)."""
    q = norm(question)
    m = _ASKS_CONTENT.search(q) or _ASKS_MEMBERS.search(q)
    if m is not None and (term := next((t for t in reversed(analysis.quoted_terms) if q.endswith(t, 0, m.start())),
                                       None)):
        return term
    before = _ASKS_CONTENT_BEFORE.search(q)
    if before and (term := next((t for t in analysis.quoted_terms if norm(t) == before.group(1)), None)):
        return term
    named = _COUNTED_GROUP.search(q) or _CODE.search(q)
    return named.group(0) if named else None


def _sibling_item(t: str, clause_start: int, m: re.Match[str]) -> bool:
    """Is the term `m` inside an item of a 、 list that ends like the item before it (…党建工作机制、党建引领“两企三新”
    发展机制)? Then the list is of things like that item, not the term's parts (电动汽车、锂电池、光伏产品“新三样”)."""
    mark = t.rfind("、", clause_start, m.start())
    prev = t[max(t.rfind("、", clause_start, mark), clause_start - 1) + 1:mark]
    end = min((i for i in (t.find(p, m.end()) for p in "、,。;") if i >= 0), default=len(t))
    own = t[mark + 1:end].rstrip("”\"」』")
    return len(prev) >= 2 and not own.endswith(t[m.start():m.end()]) and own[-2:] == prev[-2:]


# The State Council's ministries (国务院组成部门), each a body of its own, not 教育部门 (a kind of office).
_MINISTRY = re.compile(r"(?:外交|国防|教育|科学技术|科技|工业和信息化|公安|国家安全|民政|司法|财政|人力资源(?:和)?社会保障"
                       r"|自然资源|生态环境|住房(?:和)?城乡建设|交通运输|水利|农业农村|商务|文化和旅游|退役军人事务"
                       r"|应急管理)部(?!门|分|署|队|件|位|长)")


def _names(q: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    ensure_jieba()
    import jieba.posseg as pseg

    found: dict[str, list[str]] = {"place": [], "organisation": [], "person": []}
    words = _surnames_joined(list(pseg.cut(q)))
    for i, w in enumerate(words):
        role = _NAME_FLAGS.get(w.flag)
        if role is None or len(w.word) < 2:
            continue
        if role == "person" and i and _cut_off(words[i - 1]):
            continue  # 碳 + 达峰, 普 + 惠小 (of 普惠小微): the rest of a word cut off, not a name
        if role == "organisation" and (not (len(w.word) >= 3 and _ORG_SUFFIX.search(w.word)) or w.word in _KINDS_OF_BODY):
            continue  # jieba tags document names (二十大) and slogans nt too; keep real bodies only
        if role == "place" and (w.word in GENERIC_PLACES or not known_place(w.word)) \
                or role == "person" and not _person_name(w.word):
            continue  # 长大, 河水, 沾边: common words jieba tags as places
        nxt = words[i + 1] if i + 1 < len(words) else None
        if role == "place" and nxt is not None and _NAME_FLAGS.get(nxt.flag) == "place" and division(nxt.word):
            continue  # 山城重庆, 四川成都: an epithet or the wider division before the place asked (not 湖北 of 湖北长江)
        word = _PLACE_SUFFIX.sub("", w.word) if role == "place" and len(w.word) > 2 else w.word
        found[role].append(word)
    ministries = [m.group(0) for m in _MINISTRY.finditer(q)]  # jieba tags some of them n (教育部), or cuts them
    found["organisation"] = [o for o in found["organisation"] if not any(o in m for m in ministries)] + ministries
    return tuple(dict.fromkeys(found["place"])), tuple(dict.fromkeys(found["organisation"])), \
        tuple(dict.fromkeys(found["person"]))


# 31项改革项目里，涉及纪检监察的是哪几项: the items asked are those about a topic, which the answer must name
_TOPIC_OF_PART = re.compile(r"(?:涉及|关于|有关|跟|和|与)([\u4e00-\u9fffA-Za-z]{2,8}?)(?:有关|相关|沾边)?的(?=是|有|那|这)")


# …里，有没有民政方面的; 讲体育的那几句; 对文旅融合具体提了哪几个改革项目: the same, worded otherwise
_TOPIC_NAMED = re.compile(r"(?:有没有|有无)([\u4e00-\u9fffA-Za-z]{2,6}?)方面的"
                          r"|(?:讲|谈|写)([\u4e00-\u9fffA-Za-z]{2,6}?)的(?=那|这)"
                          r"|(?<![针相绝])对([\u4e00-\u9fffA-Za-z]{2,8}?)(?:具体|都|又|还)?(?:提了|提出了|作了|做了|部署了)哪")


def topic_of_part(question: str) -> str | None:
    """The topic a question picks some items by (…里，涉及纪检监察的是哪几项 -> 纪检监察; 跟AI有关的那个行动 -> AI;
    有没有民政方面的 -> 民政; 讲体育的那几句 -> 体育; 对文旅融合具体提了哪几个改革项目 -> 文旅融合)."""
    q = norm(question)
    m = _TOPIC_OF_PART.search(q)
    if m is not None and _DOCUMENT_AFTER.match(q, m.end()):
        m = None  # 关于三中全会决定的那个说明里: the document the question is asked of, not a topic of items
    m = m or _TOPIC_NAMED.search(q)
    return next(g for g in m.groups() if g) if m else None


_DOCUMENT_AFTER = re.compile(r"[那这]?[个份篇]?(?:说明|报告|讲话|文件|公报|决定|意见|通知|稿子)")


# 政府工作报告对兴边富民是怎么表述的: what the words asked about are; a sentence naming none of it is about another
_WORDING_OF = re.compile(r"对([^，,。？?：:]{2,14}?)(?:是|又是|都是)?(?:怎么|如何|怎样)(?:表述|说|提|写|要求|部署|讲|定位)")
_NOT_TOPIC = frozenset({"方面", "问题", "工作", "事情", "到底", "这个", "那个", "这块", "那块", "定位", "部分"})


def wording_topic_unsaid(question: str, said: str) -> bool:
    """Does the question ask how a document words something (对兴边富民是怎么表述的) while `said` (the answer
    with its headings) names none of its words, nor an official term for them?"""
    from assistant.text.tokens import tokenize

    m = _WORDING_OF.search(norm(question))
    if m is None:
        return False
    # (Chinese words only: an English word, 对 housing 的定位, is the asker's gloss of a term the text words its way)
    words = [w for w in tokenize(m.group(1)) if len(w) >= 2 and w not in _NOT_TOPIC and re.search(r"[\u4e00-\u9fff]", w)]
    low = norm(said).lower()
    return bool(words) and not any(named_in(question, w, low) for w in words)


_LOCAL_BODY_END = re.compile(r"(?:委|局|厅|办)$")
_PLACE_THEN_BODY = re.compile(r"[省市区县][\u4e00-\u9fff]{0,6}[委局厅办部]")
_LOCAL_BODY_TAGS = frozenset({"n", "j", "nt", "nz", "vn"})
# a level of government alone, or its Party committee (市委宣传部), before a body's name; jieba tags the words of
# such names as anything (卫生 an, 健康 a, 委 zg; 宣传部 nr) but verbs, pronouns, particles and the like
_GOVERNMENT_LEVEL = frozenset({"市", "省", "区", "县", "市委", "省委", "区委", "县委"})
_NO_BODY_TAGS = frozenset({"v", "r", "uj", "ul", "uz", "ug", "ud", "p", "c", "d", "m", "q", "y", "e", "x", "f", "t"})
_LEVEL_BODY_END = re.compile(r"(?:委|局|厅|办|部)$")


def _local_bodies(q: str) -> list[str]:
    """Bodies named after a place in the clause that asks (重庆市纪委监委怎么贯彻… -> 纪委监委): the words after a
    place ending in 省/市/区/县, up to six characters, as far as they end in 委, 局, 厅 or 办. A body named in a
    clause that only sets the scene (县纪委要开警示教育会，二十大报告里说…) is who asks, not what is asked about."""
    bodies = []
    for clause in re.split(r"[，,。；;！!？?：:]", q):
        if not _ASK_WORD.search(clause) or not _PLACE_THEN_BODY.search(clause):
            continue  # (no place ending in 省市区县 with a body after it: no need to tag the clause)
        tagged = _tagged(clause)
        for i, (w, flag) in enumerate(tagged):
            level = w in _GOVERNMENT_LEVEL  # 市卫生健康委, 市委宣传部: the body of the asker's own city, its place unnamed
            if not level and (flag != "ns" or not w.endswith(("省", "市", "区", "县"))):
                continue
            run, body = "", ""
            for x, f in tagged[i + 1:]:
                if (f in _NO_BODY_TAGS if level else f not in _LOCAL_BODY_TAGS) or len(run + x) > 6:
                    break
                run += x
                if (_LEVEL_BODY_END if level else _LOCAL_BODY_END).search(run):
                    body = run
            if len(body) >= 2:
                bodies.append(body)
    return bodies


def _cut_off(before: Any) -> bool:
    """Is the word before a person's name one character of content (a noun, an adjective: 碳 of 碳达峰) or a
    name's word, so that jieba's name model took the rest of a word as a name? A name follows a word of two
    characters or more (局长明炬) or a function word (递补…的于吉红)."""
    if before.flag == "nrt":  # 里普 + 惠托育 (of 决定里普惠托育): no name follows a name glued to it
        return True
    return len(before.word) == 1 and re.fullmatch(r"[\u4e00-\u9fff]", before.word) is not None \
        and before.flag.startswith(("n", "a", "b", "j")) and before.flag not in ("nr", "nrfg")


# The commonest surnames: a name written after a post (市委书记袁家军在…) that jieba's name model does not know.
_SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
                      "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
                      "孔向汤常温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿焦俞柳甘祝包宁尚符舒阮柯纪梅童凌毕"
                      "季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍喻祁蒲滕屈饶牟艾尤穆卓缪简项褚娄窦戚岑景宫费卜冷晏席卫"
                      "米柏宗瞿桂佟臧闵苟邬卞姬栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝阚明")
_AFTER_POST = re.compile(rf"(?:{POSTS}|发言人)([\u4e00-\u9fff]{{2,3}}?)"
                         r"(?=在|的|同志|讲|说|表示|指出|作|[，,。？?]|$)")


def named_after_post(text: str) -> tuple[str, ...]:
    """The names written right after a post (重庆市长胡衡华在…, 市委书记袁家军的讲话): a known surname and a word
    jieba's dictionary does not hold or tags as a name (after a post, 袁家军 is one), so 总理报告里, 书记当组长 and
    主任是谁 name nobody."""
    return tuple(m.group(1) for m in _AFTER_POST.finditer(text)
                 if m.group(1)[0] in _SURNAMES and _word_tags().get(m.group(1)) in (None, "nr", "nrfg", "nrt"))


def _surnames_joined(words: list[Any]) -> list[Any]:
    """jieba cuts some names into a surname and a word (阚 + 吉林, a place): a one-character word
    tagged as a person followed by a one- or two-character word is one person's name (阚吉林)."""
    import jieba.posseg as pseg

    out = []
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w.flag == "nr" and len(w.word) == 1 and nxt is not None and re.fullmatch(r"[\u4e00-\u9fff]{1,2}", nxt.word) \
                and nxt.flag in ("ns", "nr", "n", "ng"):
            out.append(pseg.pair(w.word + nxt.word, "nr"))
            i += 2
            continue
        out.append(w)
        i += 1
    return out


# Common nouns jieba tags as place names (ns); a question using them names no particular place.
GENERIC_PLACES = frozenset({"城市", "城镇", "城乡", "农村", "乡村", "山区", "库区", "新区", "地区", "内陆地区", "外国",
                            "国外", "境外", "海外", "全国", "各地", "地方", "沿海", "边疆", "新建", "法典", "英雄",
                            "山村", "安家", "东西", "美丽", "福利"})  # 东西: things; 美丽 (of 美丽中国), 福利: tagged ns by jieba
COMMON_FREQ = 100  # a quoted word at least this frequent in jieba's general dictionary is a common word


def common_word(term: str) -> bool:
    """Is `term` a common word of the general dictionary (地图), not a coinage of the documents (碳惠通)?"""
    ensure_jieba()
    import jieba

    return (jieba.dt.FREQ.get(term) or 0) >= COMMON_FREQ


def _noun(word: str) -> bool:
    """A common noun of jieba's dictionary (国防, 党员), not an adjective, verb or place word (一般, 新增, 城里)."""
    return _word_tags().get(word) == "n"


def _narrows(word: str) -> bool:
    """A noun (国防) or a distinguishing word (民营, 国有) before a noun: it says whose or which one is meant."""
    return _word_tags().get(word) in ("n", "b")


def _person_name(word: str) -> bool:
    """A word jieba tags as a person: a real name is either unknown to its dictionary (李春奎, found by
    its name model) or listed as a full name (nrfg: 习近平); dictionary words tagged nr are mostly
    common words (养老, 惠民, 文明)."""
    return _word_tags().get(word) in (None, "nrfg", "nrt") and not _KIN.search(word)


# how the asker calls a relative or a neighbour (隔壁李大爷, 幺儿, 孙孙): someone of their own, no name in the documents
_KIN = re.compile(r"(?:大爷|大妈|大娘|大叔|大婶|阿姨|叔叔|伯伯|婶婶|奶奶|爷爷|外婆|外公|师傅)$"
                  r"|^(?:幺儿|幺爸|幺妹|孙孙|娃儿|老汉|老伴)$")


_ASKS = re.compile(rf"{_ASKS_AMOUNT.pattern}|多快|哪(?!怕)|什么|何时|谁|如何|怎样|怎么|为什么|为何|是否")
# 分别列了哪几个方面, 具体有哪些, 都包括哪些内容: a part asking only for the items of what the part before asked
_ONLY_ITEMS_ASKED = re.compile(rf"(?:那|那么)?(?:具体|分别|都|主要|一共|总共|各)*(?:列了|讲了|提了|说了|包括|包含|有|是|叫)?"
                               rf"(?:哪些|哪{_JI}?[个项条点类种]?|什么|啥)(?:方面|内容|名字|名称)?(?:呢|啊)?")


# 他是哪个单位的: after a part asking 谁, the body that person is of (one question with it; after 是哪位负责同志
# the two stay apart, as each is answered better alone)
_BODY_OF_WHO = re.compile(r"(?:那|那么)?(?:他|她)?们?(?:是|在)?(?:哪个|哪家|什么|啥子?)(?:单位|部门|机构|机关)的?(?:呢|啊|哦)?")


def asks_items_only(part: str) -> bool:
    """Does a part of a compound question ask only for the items of the part before (分别列了哪几个方面)?"""
    return _ONLY_ITEMS_ASKED.fullmatch(norm(part).strip("?？。")) is not None


# 涨了多少，从多少到多少: the range of the amount the clause before asks, not another question
_RANGE_ASKED = re.compile(r"(?:是|即|也就是)?从多少[\u4e00-\u9fff]{0,3}?(?:到|增加到|增长到|提高到)多少")
BARE_FRAGMENT = 4  # characters besides the question word: 增长了多少 has 3
_LEAD_TAIL = re.compile(r"(?:是|有|为|共|一共|总共|大概)+$")
# A clause of purpose or source is the lead of the question after it, not a question (为了衡量…怎么样，…多少个？).
_LEAD = re.compile(r"(?:为了|为|根据|按照|依据|关于|对于|围绕|针对|在)[^，,、]*[，,、]$")


# 《决定》里是怎么定的, 报告里怎么说的, 文件上是如何表述的: a part asking only how a document words what the part
# before asked. That part's answer quotes the document, so this one asks nothing of its own, and the question
# is one (延到多少岁？《决定》里是怎么定的？ asks an age, which a sentence without one does not answer).
_HOW_WORDED = re.compile(rf"(?:那|那么)?(?:《[^》]{{1,30}}》|{DOCUMENT_REF.pattern}|决定|报告|公报|文件|说明)?"
                         rf"(?:里面|里头|里|中|上)?{HOW_SAID}")


# 有几个特征，分别是什么: a part asking only for the items a part before it counts (`asks_items_only`) asks one
# list question with it
_COUNT_ASKED = re.compile(rf"{_JI}{ITEM_COUNT}|多少{ITEM_COUNT}")


def sub_questions(question: str) -> tuple[str, ...]:
    """The questions a compound question asks, each answerable alone: `…国内生产总值是多少、增长了多少？`
    gives `…国内生产总值是多少` and `…国内生产总值增长了多少` (a fragment split at 、 or ， takes the
    first question's lead), `…有几个部分？…开列多少条？` gives its two sentences. One question: itself."""
    parts: list[str] = []
    for sentence in (x for x in re.split(r"[？?；;]", drop_retracted(norm(spaced(question)))) if x.strip()):
        current = ""
        for segment in re.split(r"(?<=[、，,])", sentence):
            opening = not parts and len(_ASKS.sub("", current.strip("、，,"))) <= BARE_FRAGMENT  # 再过几年，…多大份额
            items_of_count = asks_items_only(segment.strip("、，, ")) \
                and _COUNT_ASKED.search(current or (parts[-1] if parts else "")) is not None
            if items_of_count and not current:  # …有几个特征？分别是什么？ the items of the count asked before
                parts[-1] = f"{parts[-1]}，{segment}"
                continue
            if _BODY_OF_WHO.fullmatch(segment.strip("、，, ")) and "谁" in (current or (parts[-1] if parts else "")):
                if current:  # 是谁讲的？他是哪个单位的: the body of the person asked before, one question
                    current += segment
                else:
                    parts[-1] = f"{parts[-1]}，{segment}"
                continue
            if current and _ASKS.search(current) and _ASKS.search(segment) and not _LEAD.match(current) \
                    and not _RANGE_ASKED.match(segment) and not opening and not items_of_count:
                parts.append(current.rstrip("、，,"))
                current = _with_lead(parts[0], segment)
            elif not current and parts and _ASKS.search(segment):  # …发行几年？总规模是多少？ a sentence of its own
                current = _with_lead(parts[0], segment)
            else:
                current += segment
        if current.strip("、，, "):
            parts.append(current.rstrip("、，,"))
    asking = [x for i, x in enumerate(parts) if _ASKS.search(x) and not (i and _HOW_WORDED.fullmatch(x.strip()))]
    if len(asking) == 1 and (pair := _EACH_OF_TWO.match(asking[0])):  # A和B分别是多少: one question for each
        lead, a, b, rest = pair.groups()
        shared = a[:a.rfind("的") + 1]  # 重庆的教育和科技: both are 重庆的
        return (f"{lead}{a}{rest}", f"{lead}{shared}{b}{rest}")
    if len(asking) == 1 and (pair := _EACH_OF_TWO_AFTER.match(asking[0])):  # 分别把A和B定位为什么
        lead, verb, a, b, relation, rest = pair.groups()
        return (f"{lead}{verb}{a}{relation}{rest}", f"{lead}{verb}{b}{relation}{rest}")
    if len(asking) < 2:
        return (question,)
    # 出席人数：中央委员多少人，候补中央委员多少人: what the colon opens frames every part
    if (colon := asking[0].find(":")) > 0 and len(_ASKS.sub("", asking[0][:colon])) > BARE_FRAGMENT:
        asking = [asking[0], *(x if x.startswith(asking[0][:colon + 1]) else asking[0][:colon + 1] + x for x in asking[1:])]
    # the years of the first question's facts date the amounts and dates the others ask when they name
    # none (2024年…产量是多少？比目标多出多少？); a year naming a document (2024年政府工作报告) stays with it
    first = analyse(asking[0])
    years = "".join(f"{y}年" for y in first.years if y not in first.document_years)
    return tuple(years + x if i and years and not NAMED_YEAR.search(x) and not _RELATIVE_YEAR.search(x)
                 and question_kind(x) in ("number", "date") else x for i, x in enumerate(asking))


_RELATIVE_YEAR = re.compile(r"[今去明前]年|上年|当年")  # a year named from now (今年目标是多少): not the first one's
# a fragment naming only which figure of the first question's thing it asks: a year, a target or a result
_ONLY_WHICH_FIGURE = re.compile(r"(?:那|而|则|又)?(?:\d{4}年|[今去明前]年|上年|当年)(?:的|呢)?(?:目标|预期目标|预期|实际|计划|数字?)?"
                                r"(?:是|为|定的是|定了|定在)?")
_DATED_TAIL = re.compile(r"(?:\d{4}年|[今去明前]年|上年|当年|实际|全年|的|是)+$")


def names_own_subject(fragment: str) -> bool:
    """Does a part of a compound question name its own subject (以及决定稿是在哪一天下发…), not only ask of the
    first part's (在哪里开的)?"""
    return len(_ASKS.sub("", fragment.strip("、，, "))) > 2 * BARE_FRAGMENT


def _with_lead(first: str, fragment: str) -> str:
    """A bare fragment (增长了多少, 总规模是多少) or a comparison (比原来高几个百分点) asks about the first
    question's subject, so it takes the first question's lead; a longer one names its own subject."""
    own = _ASKS.search(fragment)
    compared = own is not None and _COMPARED.match(fragment[:own.start()].strip("、，,"))  # 比原来高几个百分点
    rest = _ASKS.sub("", fragment.strip("、，,"))
    dated = _ONLY_WHICH_FIGURE.fullmatch(rest) is not None  # 2024年的目标是多少: which year's figure of the same thing
    if (len(rest) > BARE_FRAGMENT and not compared and not dated) or (asked := _ASKS.search(first)) is None:
        return fragment
    lead = first[:asked.start()]
    if dated:  # 粮食产量2023年实际多少，2024年的目标是多少: the thing counted, not the first one's year
        lead = _DATED_TAIL.sub("", re.sub(r"\d{4}年(?:的)?|[今去明前]年(?:的)?", "", lead))
    cut = max(lead.rfind(","), lead.rfind("，"))  # 决定稿征求意见，一共收到多少条…，改了多少处: the subject
    if cut >= 0 and (last := _tagged(_LEAD_TAIL.sub("", lead[cut + 1:]))) and last[-1][1].startswith("v"):
        lead = lead[:cut + 1]  # before the first question's clause, not that clause's verb
    return _LEAD_TAIL.sub("", lead) + fragment


# 5G用户普及率和常住人口城镇化率分别是多少, 存款准备金率和政策利率各下调了几次: two things asked the same
# question; the lead (…工作时，) is everything up to the clause holding them.
_EACH_OF_TWO = re.compile(r"^(.*[，,：:]|)([^，,：:和]{2,15})和([^，,：:和]{2,15})(?:分别|各)(.*(?:多少|几|哪|什么).*)$")
_EACH_OF_TWO_AFTER = re.compile(r"^(.*?)(?:分别|各)(把|将|对)([^，,：:和]{2,15})和([^，,：:和]{2,15}?)(定位为|确定为|作为|列为)"
                                r"(.*(?:多少|几|哪|什么).*)$")
