"""A municipality's district on an English page (a new user's trial in Chromium, 2026-11-29: /decisions?lang=en read
"(Nanchang, Jiangxi)" beside "(上海市宝山区)" and "(上海市闵行区)"): its English name comes from the table
intake/data/districts_en.tsv by one rule, never guessed; a district no table holds stays as written."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flows.decisions import jurisdiction_label
from intake.extract.region import DISTRICTS_EN_FILE, DIVISIONS_FILE


def test_shanghai_s_districts_read_in_english() -> None:
    assert jurisdiction_label("上海市宝山区", "en") == "Baoshan District, Shanghai"
    assert jurisdiction_label("上海市闵行区", "en") == "Minhang District, Shanghai"
    assert jurisdiction_label("上海宝山区", "en") == "Baoshan District, Shanghai"
    assert jurisdiction_label("上海市浦东新区", "en") == "Pudong New Area, Shanghai"
    assert jurisdiction_label("天津市滨海新区", "en") == "Binhai New Area, Tianjin"
    assert jurisdiction_label("上海市宝山区", "zh") == "上海市宝山区"
    assert jurisdiction_label("江西省南昌市", "en") == "Nanchang, Jiangxi"
    assert jurisdiction_label("江苏省南京市玄武区", "en") == "Xuanwu District, Nanjing, Jiangsu"


def test_a_provinces_districts_towns_and_county_level_cities_read_in_english() -> None:
    """/decisions?lang=en listed the service stations as "(广东省东莞市厚街镇)" beside "(Nanchang, Jiangxi)" (a new
    user's trial, 2026-11-30): a place below a province's prefecture is said by intake/data/subdivisions_en.tsv,
    one rule from its suffix; one the table does not hold stays as written, never widened to its city (a
    jurisdiction said wider than it is misstates an authority's reach), and every place of the sample catalog is
    held."""
    assert jurisdiction_label("广东省东莞市厚街镇", "en") == "Houjie Town, Dongguan, Guangdong"
    assert jurisdiction_label("广东省佛山市顺德区", "en") == "Shunde District, Foshan, Guangdong"
    assert jurisdiction_label("广东省江门市开平市", "en") == "Kaiping, Jiangmen, Guangdong"
    assert jurisdiction_label("浙江省温岭市", "en") == "Wenling, Taizhou, Zhejiang"  # under its prefecture
    assert jurisdiction_label("广东省惠州市大亚湾经济技术开发区", "en") == \
        "Daya Bay Economic and Technological Development Zone, Huizhou, Guangdong"
    assert jurisdiction_label("江苏省南京市栖霞区", "en") == "江苏省南京市栖霞区"  # no row: as written
    assert jurisdiction_label("广东省东莞市厚街镇", "zh") == "广东省东莞市厚街镇"


def test_every_station_region_of_the_sample_catalog_reads_in_english() -> None:
    """The demo's catalog (kb/sample) is what a new user reads: no provider's region is left in Chinese."""
    regions = {json.loads(line).get("region") for path in sorted(Path("kb/sample").glob("*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("{")}
    chinese = [r for r in regions if r and re.search(r"[\u4e00-\u9fff]", jurisdiction_label(r, "en"))]
    assert chinese == []


def test_every_district_of_the_four_municipalities_is_in_the_table_as_gb2260_names_it() -> None:
    def rows(path: Path) -> dict[str, str]:
        lines = [x.split("\t") for x in path.read_text(encoding="utf-8").splitlines()
                 if x and not x.startswith("#")][1:]
        return {r[0]: r[1] for r in lines}

    gb = {c: n for c, n in rows(DIVISIONS_FILE).items()
          if c[:2] in ("11", "12", "31", "50") and not c.endswith("00") and n.endswith("区")}
    assert rows(DISTRICTS_EN_FILE) == gb
