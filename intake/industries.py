"""The industries intake reads a need's words into (``intake/data/lexicon.yaml``, ``industries``: the names are
Chinese), as English text names them: the pages' industry row and a confidential need's published words both say it
from here (tests/api/test_ui_need_words.py fails on a name of the lexicon missing)."""

from __future__ import annotations

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
    """An industry in ``lang`` ("en", else Chinese); a name not in the list stays as written."""
    if name is None or lang != "en":
        return name
    return INDUSTRY_EN.get(name, name)
