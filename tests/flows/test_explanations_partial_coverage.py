"""A requirement covered in part reads as such on the pages (flows.explanations): 部分覆盖 / partly covered with what
is covered and what is not, never 已覆盖 / 未覆盖, never among the missing ones (docs/matching.md §8t; a new user's
trial in Chromium, 2026-11-29: "地区 苏州市：已覆盖 — 位于江苏省泰州市")."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from api.pages.ui_i18n import MERGED
from flows.explanations import requirements_of

REGION = {"kind": "region", "requirement": "宁波市", "covered": False, "partial": True, "missing": None,
          "evidence": "同省（浙江省金华市），非宁波市本地 / same province (浙江省金华市), not in 宁波市"}
PRODUCT = {"kind": "product_family", "requirement": "温度计、压力表、流量计", "covered": False, "partial": True,
           "evidence": "压力表：能力「精密压力表与压力变送器检定」 / "
                       "capability '精密压力表与压力变送器检定' names 压力表",
           "missing": "缺少：温度计、流量计 / missing: 温度计, 流量计"}
TEMPLATES = Path(__file__).resolve().parents[2] / "api" / "templates"


def test_a_partial_requirement_says_what_is_covered_and_what_is_not_in_both_languages() -> None:
    zh = requirements_of([REGION, PRODUCT], "zh")
    assert [r.partial for r in zh] == [True, True] and not any(r.covered for r in zh)
    assert zh[0].text == "同省（浙江省金华市），非宁波市本地"
    assert zh[1].text == "压力表：能力「精密压力表与压力变送器检定」；缺少：温度计、流量计"
    en = requirements_of([REGION, PRODUCT], "en")
    assert en[0].requirement == "Ningbo, Zhejiang"  # (places said in English, as on every English page)
    assert en[0].text == "same province (Jinhua, Zhejiang), not in Ningbo, Zhejiang"
    assert en[1].text == "capability '精密压力表与压力变送器检定' names 压力表; missing: 温度计, 流量计"
    # a stored proposal of before (no ``partial``) reads as it did
    old = requirements_of([{k: v for k, v in REGION.items() if k != "partial"} | {"missing": "缺少：x / missing: x"}],
                          "en")
    assert not old[0].partial and old[0].text == "missing: x"


def test_the_page_line_says_partly_covered_never_covered_or_missing() -> None:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    line = env.get_template("_requirement.html")
    for lang, state, never in (("zh", "部分覆盖", ("已覆盖", "未覆盖")), ("en", "partly covered", ("not covered",))):
        html = line.render(r=requirements_of([REGION], lang)[0], t=MERGED[lang])
        assert 'class="req partial"' in html and f'<span class="req-state">{state}</span>' in html, html
        assert not any(n in html for n in never), html
    assert MERGED["zh"]["req_count_partial"] == "，部分覆盖 {p} 项"
    assert MERGED["en"]["req_count_partial"] == ", {p} in part"
