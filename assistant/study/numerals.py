"""Chinese numerals and numeric variants of a figure, used as quiz distractors when a document has
too few figures of the answer's unit (4万亿 → 3万亿, 5万亿; 一百四十多个 → 七十多个, 二百一十多个)."""

from __future__ import annotations

import re

_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_INT = re.compile(r"[一二两三四五六七八九十百千万亿零]+")
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
FACTORS = (0.5, 0.75, 1.25, 1.5, 2.0, 3.0)
YEAR_STEPS = (-3, -2, -1, 1, 2, 3)


def cn_to_int(text: str) -> int | None:
    """一百四十 → 140, 十亿四千万 → 1040000000; None if `text` is not a Chinese integer."""
    if not text or any(ch not in _DIGITS and ch not in _UNITS and ch not in "万亿" for ch in text):
        return None
    total = section = num = 0
    for ch in text:
        if ch in _DIGITS:
            num = _DIGITS[ch]
        elif ch in _UNITS:
            section += (num or 1) * _UNITS[ch]
            num = 0
        elif ch == "万":
            section = (section + num) * 10_000
            num = 0
        else:  # 亿
            total = (total + section + num) * 100_000_000
            section = num = 0
    return total + section + num


def int_to_cn(n: int) -> str:
    """140 → 一百四十, 81000 → 八万一千, 1250000000000 → 一万二千五百亿."""
    out = _cn(n) if n > 0 else "零"
    return out[1:] if out.startswith("一十") else out


def _cn(n: int) -> str:
    for size, name in ((100_000_000, "亿"), (10_000, "万")):
        if n >= size:
            hi, lo = divmod(n, size)
            return _cn(hi) + name + (("零" if lo < size // 10 else "") + _cn(lo) if lo else "")
    return _group(n)


def _group(g: int) -> str:
    digits = "零一二三四五六七八九"
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = g // value % 10
        if d:
            out += ("零" if zero and out else "") + digits[d] + unit
            zero = False
        else:
            zero = True
    return out


def variants(figure: str) -> list[str]:
    """Other values in the same wording: scaled amounts and counts, nearby years, percentages ≤ 100."""
    m = _ARABIC.search(figure)
    if m:
        raw = m.group(0)
        value, decimals = float(raw), len(raw.split(".")[1]) if "." in raw else 0
        if figure.endswith("年") and len(raw) == 4:
            values = [value + d for d in YEAR_STEPS]
        else:
            values = [value * f for f in FACTORS]
        out = []
        for v in values:
            if not decimals and v != int(v):
                continue  # 1个 → 0.5个 is no option
            text = f"{v:.{decimals}f}" if decimals else str(int(v))
            if text != raw and v > 0 and not (figure.endswith(("%", "％")) and v > 100):
                out.append(figure[: m.start()] + text + figure[m.end() :])
        return out
    m = _CN_INT.search(figure)
    cn_value = cn_to_int(m.group(0)) if m else None
    if m is None or cn_value is None or "〇" in figure or "点" in figure or figure.startswith("百分之"):
        return []
    scaled = [cn_value * f for f in FACTORS]
    return [
        figure[: m.start()] + int_to_cn(int(v)) + figure[m.end() :]
        for v in scaled
        if v == int(v) and v != cn_value
    ]
