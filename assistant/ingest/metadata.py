"""Document metadata read from the text itself, for documents without a sidecar or front matter.

Official notices follow a fixed layout (GB/T 9704): an optional red header (某某省人民政府办公厅文件),
the document number (文号, 某政办发〔2020〕6号), the title (…关于…的通知), the body, and at the end the
issuing body's name (发文机关署名) above the date line (成文日期, 2020年2月10日 or 二〇二四年七月十八日).
Laws start with their name and an adoption line. `extract_metadata` reads what it can and leaves
out what it cannot find; it never guesses a field from the middle of the body.

Keys (stable: the documents tab shows them and the sidecar/front matter use the same ones):

| key      | label     | example                                   |
|----------|-----------|-------------------------------------------|
| `issuer` | 发文机关  | 国家税务总局某某市税务局                  |
| `date`   | 成文日期  | 2020-02-10 (ISO; Chinese numerals read)   |
| `number` | 文号      | 国办发〔2020〕6号                         |
| `place`  | 地区      | 湖北省 武汉市 (places named in the title/issuer, space-separated) |
| `author` | 署名      | 习近平 (a speech or report: the name on its own line under the title) |

The title goes to `Document.title`, not into `meta`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

READER_VERSION = 8  # bump when what is read from a document's text or how it is cut into sections, sentences or keyword terms changes
# (2: the dash subtitle, 3: author, 4: a heading line with sentences of its own, such as （4）…。…, is body;
# 5: a layout break inside （…） or in a sentence already broken does not end it; 6: keyword terms read
# 二〇三五年 as 2035年; 7: a numbered title cut by layout goes on to the next line's stop; 8: the author after a
# signing post, 国务院总理 李强, also at the end of the title line)
META_LABELS = {"issuer": "发文机关", "date": "成文日期", "number": "文号", "place": "地区", "status": "状态",
               "subtitle": "副标题", "author": "署名"}

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_YEAR = r"(?:\d{4}|[〇○零O一二三四五六七八九]{4})"
_MD = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
DATE_LINE = re.compile(rf"^[（(]?({_YEAR})\s*年\s*({_MD})\s*月\s*({_MD})\s*日")
# 国办发〔2020〕6号, 渝府发[2024]1号, 京政办发（2020）3号, 国家税务总局公告2020年第4号
DOC_NUMBER = re.compile(
    r"([\u4e00-\u9fff]{1,12}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,4}\s*号"
    r"|[\u4e00-\u9fff]{2,20}(?:公告|通告)\s*(?:19|20)\d{2}\s*年第\s*\d{1,4}\s*号)")
# Words an issuing body's name ends with.
_BODY_END = ("人民政府办公厅", "人民政府办公室", "人民政府", "办公厅", "办公室", "委员会", "指挥部", "领导小组",
             "税务局", "局", "厅", "委", "部", "署", "院", "会", "中心", "总局", "银行", "公司", "集团")
BODY = re.compile(
    r"^(?:中共)?[\u4e00-\u9fff]{2,30}?(?:" + "|".join(sorted(_BODY_END, key=len, reverse=True)) + r")$")
# Words a notice's or law's title ends with.
_TITLE_END = re.compile(
    r"(通知|通告|公告|意见|办法|决定|规定|细则|措施|方案|规划|纲要|批复|函|条例|法|解释|决议|公报|报告|说明|"
    r"章程|规则|指引|指南|清单|要点|若干措施|实施意见|（试行）|\(试行\)|（暂行）|修正案（[一二三四五六七八九十]+）)$")
_HEADER_LINE = re.compile(r"文件$")
_PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
    "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
    "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门")
_PROVINCE = re.compile(r"^((?:" + "|".join(_PROVINCES) + r")(?:省|市|特别行政区|(?:壮族|回族|维吾尔)?自治区)?)")
_PLACE_SUFFIX = ("省", "市", "区", "县", "州", "盟", "旗")
_NOT_PLACE = frozenset(["中华人民共和国", "中国", "全国", "国家", "内地"])


@dataclass(frozen=True)
class ExtractedMeta:
    title: str = ""
    issuer: str = ""
    date: str = ""
    number: str = ""
    places: tuple[str, ...] = ()
    subtitle: str = ""
    author: str = ""

    def as_meta(self) -> dict[str, str]:
        """The non-empty fields under their `meta` keys (the title is not one of them)."""
        out = {"issuer": self.issuer, "date": self.date, "number": self.number, "place": " ".join(self.places),
               "subtitle": self.subtitle, "author": self.author}
        return {k: v for k, v in out.items() if v}


def cn_number(text: str) -> int | None:
    """Value of a small Chinese or Arabic number (二〇二四 digit by digit, 十八, 二十三, 31)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        t = _CN_DIGITS.get(tens, 1) if tens else 1
        o = _CN_DIGITS.get(ones, 0) if ones else 0
        return t * 10 + o if len(tens) <= 1 and len(ones) <= 1 else None
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


def parse_date(line: str) -> str:
    """ISO date of a date line (2020年2月3日, 二〇二四年七月十八日), or ""."""
    m = DATE_LINE.match(line.strip())
    if not m:
        return ""
    y, mo, d = (cn_number(g.replace(" ", "")) for g in m.groups())
    if y is None or mo is None or d is None or not (1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("#").strip().replace("\u3000", " ") for line in text.splitlines() if line.strip()]


def _is_title(line: str) -> bool:
    return (6 <= len(line) <= 120 and not line.endswith(("：", ":", "。", "；", "，"))
            and bool(_TITLE_END.search(line) or line.startswith("关于")) and not DOC_NUMBER.fullmatch(line))


def find_title(lines: list[str]) -> str:
    """The title: the first line that is not a red header (…文件), a document number, a date, a
    subtitle (——…) or a lone issuing body above the title; a title wrapped over two lines is joined."""
    head = lines[:8]
    for i, line in enumerate(head):
        nxt = head[i + 1] if i + 1 < len(head) else ""
        if (_HEADER_LINE.search(line) and _is_body(line[:-2]) and nxt) or DOC_NUMBER.fullmatch(line.replace(" ", "")) \
                or parse_date(line) or line.startswith(("——", "—")):
            continue
        if _is_body(line) and nxt and _is_title(nxt):
            continue
        if (not _is_title(line) and nxt and _is_title(line + nxt) and len(line + nxt) <= 120
                and not nxt.startswith(("各", "有关")) and not DOC_NUMBER.search(nxt)):
            return line + nxt
        return line[:120]
    return ""


def find_subtitle(lines: list[str], title: str) -> str:
    """The line opened by a dash below the title (——在中国共产党第二十次全国代表大会上的报告,
    ——中共重庆市委举行新闻发布会解读…): what the document is, where the title is a slogan or a headline."""
    at = next((i for i, line in enumerate(lines[:8]) if title and line in title), None)
    if at is None:
        return ""
    for line in lines[at + 1:at + 3]:  # right below the title, or below its second line
        rest = line.lstrip("—─ ").strip()
        if line.startswith(("——", "—")) and 6 <= len(rest) <= 60 and "。" not in rest and rest not in title:
            return rest
    return ""


# A post signing a report (国务院总理 李强): the name that follows it is the speaker's
POSTS = "总理|主席|书记|部长|省长|市长|州长|县长|区长|主任|局长|厅长|院长|委员长|秘书长"  # posts a name is written after
SIGNING_POST = re.compile(rf"(?:{POSTS})\s*"
                           r"([\u4e00-\u9fff]{2,4})$")


def find_author(lines: list[str], title: str) -> str:
    """The speaker of a speech or report: a person's name alone on a line (习近平), or after the post
    signing it (国务院总理 李强), among the few lines under the title, past a second title line, its
    subtitle and date line; or the post and name ending a title line that runs its title, subtitle and
    signature together (政府工作报告——…会议上国务院总理 李强); never a name from the body."""
    at = next((i for i, line in enumerate(lines[:8]) if title and line in title), None)
    if at is None:
        return ""
    from assistant.text.tokens import ensure_jieba

    ensure_jieba()
    import jieba.posseg

    def person(name: str) -> bool:
        words = list(jieba.posseg.cut(name))
        return 2 <= len(name) <= 4 and len(words) == 1 and words[0].flag.startswith("nr")

    if (m := SIGNING_POST.search(lines[at])) and person(m.group(1)):
        return m.group(1)
    for line in lines[at + 1:at + 5]:
        name = line.replace(" ", "")
        if line.startswith(("——", "—")) or parse_date(line) or name in title:
            continue
        if person(name):
            return name
        if len(line) <= 20 and (m := SIGNING_POST.search(line)) and person(m.group(1)):
            return m.group(1)
        if re.search(r"[：:。；]", line):
            break  # the body has begun (同志们：)
    return ""


def _is_body(name: str) -> bool:
    """An issuing body, or several joined by 、 (最高人民法院、最高人民检察院)."""
    parts = [p for p in re.split(r"[、\s]+", name) if p]
    return bool(parts) and all(BODY.match(p) for p in parts)


def find_issuer(title: str, lines: list[str]) -> str:
    """The issuing body: the signature line above the closing date line, else the body that
    opens the title (国家税务总局某某市税务局关于…), else a red header (…文件)."""
    tail = lines[-6:]
    for i in range(len(tail) - 1, 0, -1):
        if parse_date(tail[i]):
            for cand in reversed(tail[max(0, i - 3):i]):
                if _is_body(cand):
                    return cand
            break
    if "关于" in title:
        lead = title.split("关于", 1)[0].strip()
        if lead and _is_body(lead):
            return lead
    for line in lines[:3]:
        if _HEADER_LINE.search(line) and BODY.match(line[:-2]):
            return line[:-2]
    return ""


def find_date(lines: list[str]) -> str:
    """The date line: the last standalone date among the closing lines, else one right under the title
    (（2024年7月18日…通过）)."""
    for line in reversed(lines[-6:]):
        if len(line) <= 40 and (d := parse_date(line)):
            return d
    for line in lines[1:6]:
        if d := parse_date(line):
            return d
    return ""


def find_places(*texts: str) -> tuple[str, ...]:
    """Places named in the title and issuer, in order, without repeats (湖北省, 武汉市): jieba's
    place-name tags (ns), a name followed by 省/市/区/县 as its own word, or a province opening an
    organisation name (湖北省人民政府)."""
    from assistant.text.tokens import ensure_jieba

    ensure_jieba()
    import jieba.posseg

    out: list[str] = []
    for text in texts:
        words = [(w.word, w.flag) for w in jieba.posseg.cut(text)]
        for i, (word, flag) in enumerate(words):
            nxt = words[i + 1][0] if i + 1 < len(words) else ""
            name = ""
            if flag == "ns" and len(word) >= 2:
                name = word
            elif flag in ("nr", "nrt", "nz", "j", "n") and 2 <= len(word) <= 4 and nxt in _PLACE_SUFFIX:
                name = word + nxt
            elif m := _PROVINCE.match(word):
                name = m.group(1)
            if name and name not in _NOT_PLACE and name not in out:
                out.append(name)
    return tuple(out)


def extract_metadata(text: str) -> ExtractedMeta:
    lines = _lines(text)
    if not lines:
        return ExtractedMeta()
    title = find_title(lines)
    number = ""
    for line in lines[:6]:
        m = DOC_NUMBER.search(line.replace(" ", ""))
        if m and len(line) <= 40:
            number = m.group(1)
            break
    issuer = find_issuer(title or lines[0], lines)
    subtitle = find_subtitle(lines, title)
    return ExtractedMeta(title, issuer, find_date(lines), number, find_places(title, issuer, subtitle), subtitle,
                         find_author(lines, title))
