"""The industries intake reads a need's words into, as English text names them: the pages' industry row and a
confidential need's published words both say it from here (tests/api/test_ui_need_words.py fails on a name of the
lexicon missing).

A need's industry is first the GB/T 4754 group the company's own product belongs to (:mod:`kb.industries`:
"我们是做电动工具锂电池包的企业" → 电池制造, under 电气机械和器材制造业; it was 机电, 电动工具 being the first
sector word of the text), and only when the product says none the sectors the text names
(``intake/data/lexicon.yaml``, ``industries``, the seeds' industries: 新能源, 数字经济 …):
:func:`intake.extract.industry.read_industries`. What the enterprise sets on the need card is stored by the Chinese
name of the group it picks or types (in either language), else as typed: :func:`industry_as_named`."""

from __future__ import annotations

from kb import industries as gbt4754
from kb.industries import Industry, industry_named

INDUSTRY_EN: dict[str, str] = {
    "新能源": "new energy", "汽车制造": "automotive manufacturing", "医疗器械": "medical devices",
    "绿色食品": "green food", "食品": "food", "钨与稀土": "tungsten and rare earths", "新材料": "new materials",
    "高端装备制造": "high-end equipment manufacturing", "电子信息": "electronics and information",
    "机电": "electromechanical products", "化工": "chemicals", "轻工纺织": "light industry and textiles",
    "金属材料": "metal materials", "建材": "building materials", "医药": "pharmaceuticals",
    "节能环保": "energy saving and environmental protection", "绿色低碳": "green and low-carbon",
    "数字经济": "digital economy",
}


def industry_in(name: str | None, lang: str) -> str | None:
    """An industry in ``lang`` ("en", else Chinese); a name in neither list stays as written."""
    if name is None or lang != "en":
        return name
    group = industry_named(name)
    return INDUSTRY_EN.get(name) or (group.name_en if group else name)


def industry_as_named(text: str) -> str | None:
    """An industry the enterprise picked or typed: a GB/T 4754 group's (or division's) Chinese name for its name in
    either language, else the words as typed; None when empty."""
    text = " ".join(text.split())
    if not text:
        return None
    found = industry_named(text)
    return found.name if found else text


def industry_choices() -> tuple[Industry, ...]:
    """The industries the need card offers: GB/T 4754-2017's groups, in code order (:mod:`kb.industries`)."""
    return gbt4754.industry_choices()
