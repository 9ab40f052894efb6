"""A municipality's district on an English page (a new user's trial in Chromium, 2026-11-29: /decisions?lang=en read
"(Nanchang, Jiangxi)" beside "(上海市宝山区)" and "(上海市闵行区)"): its English name comes from the table
intake/data/districts_en.tsv by one rule, never guessed; a district no table holds stays as written."""

from __future__ import annotations

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
    assert jurisdiction_label("江苏省南京市玄武区", "en") == "江苏省南京市玄武区"  # no table yet: as written


def test_every_district_of_the_four_municipalities_is_in_the_table_as_gb2260_names_it() -> None:
    def rows(path: Path) -> dict[str, str]:
        lines = [x.split("\t") for x in path.read_text(encoding="utf-8").splitlines()
                 if x and not x.startswith("#")][1:]
        return {r[0]: r[1] for r in lines}

    gb = {c: n for c, n in rows(DIVISIONS_FILE).items()
          if c[:2] in ("11", "12", "31", "50") and not c.endswith("00") and n.endswith("区")}
    assert rows(DISTRICTS_EN_FILE) == gb
