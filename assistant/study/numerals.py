"""Chinese numerals and numeric variants of a figure, used as quiz distractors when a document has
too few figures of the answer's unit (4万亿 → 3万亿, 5万亿; 一百四十多个 → 七十多个, 二百一十多个)."""

from __future__ import annotations

import re

from assistant.text.numerals import number_value

_NUMERAL_CHARS = set("〇零一二两三四五六七八九十百千万亿")
_CN_INT = re.compile(r"[一二两三四五六七八九十百千万亿零]+")
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
FACTORS = (0.5, 0.75, 1.25, 1.5, 2.0, 3.0)
YEAR_STEPS = (-3, -2, -1, 1, 2, 3)


def cn_to_int(text: str) -> int | None:
    """一百四十 → 140, 十亿四千万 → 1040000000; None if `text` is not a Chinese integer."""
    if not text or any(ch not in _NUMERAL_CHARS for ch in text):
        return None
    value = number_value(text)
    return int(value) if value is not None else None


def int_to_cn(n: int) -> str:
    """140 → 一百四十, 81000 → 八万一千, 1250000000000 → 一万二千五百亿."""
    import cn2an

    return str(cn2an.an2cn(n)) if n > 0 else "零"


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
