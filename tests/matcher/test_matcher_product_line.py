"""A center's product line (issue 28, docs/matching.md §8l): matcher.text.center_product_line over real names from
the catalogs (benchmarks/data/real/providers.jsonl, kb/sample), pure (no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.schemas import CenterRecord
from kb.vocab import CenterKind
from matcher.text import center_product_line

ROOT = Path(__file__).resolve().parents[2]


def _line(name: str, region: str | None = None) -> str | None:
    center = CenterRecord(id="c", name=name, kind=CenterKind.quality_inspection_center, region=region)
    return center_product_line(center)


@pytest.mark.parametrize(("name", "region", "line"), [
    # the brief's own examples: the region in brackets, the level and the institutional tail go
    ("国家电动工具质量检验检测中心（江苏）", None, "电动工具"),
    ("国家冷冻冷藏设备质量监督检验中心（河南民权）", "河南省商丘市民权县", "冷冻冷藏设备"),
    ("国家电线电缆产品质量监督检验中心（广东）", "广东省", "电线电缆"),
    ("国家茶叶产品质量监督检验中心（福建安溪）", "福建省泉州市安溪县", "茶叶"),
    ("国家环保设备质量监督检验中心（绍兴）", "浙江省绍兴市", "环保设备"),
    ("国家酒类包装产品质量监督检验中心（泸州）", "四川省泸州市", "酒类包装"),
    ("国家食品接触材料及产品质量监督检验中心（湖南）", "湖南省", "食品接触材料"),
    # a metrology center's tail, with a leading province
    ("国家环境监测仪器产业计量测试中心", "山东省青岛市", "环境监测仪器"),
    ("山西光机电产业计量测试中心", "山西省晋城市", "光机电"),
    ("江西省铜产业计量测试中心", "江西省鹰潭市", "铜"),
    # a bracketed host institution goes; a bracketed line of products stays
    ("国家车用动力电池产品质量监督检验中心（有研集团国联研究院）", "北京市", "车用动力电池"),
    ("国家节能家电产业计量测试中心（山东省计量科学研究院）", "山东省济南市", "节能家电"),
    ("临沂市产品质量监督检验所（人造板检测实验室）", "山东省临沂市", "人造板"),
    ("广东省质量发展促进会（佛山陶瓷）科技服务站", "广东省佛山市禅城区", "陶瓷"),
    ("广东省质量发展促进会（番禺珠宝）科技服务站", "广东省广州市番禺区", "珠宝"),
    # a host named first, then the center's own name
    ("上海市质量监督检验技术研究院 消防产品检测", "上海市", "消防"),
    ("轻工业杭州机电设计研究院 工业（轻工机械）产品质量控制和技术评价实验室", "浙江省杭州市", "轻工机械"),
    ("常州检验检疫局纺织产品科技创新服务平台", "江苏省常州市", "纺织"),
    ("北京出入境检验检疫局检验检疫技术中心玩具实验室", "北京市", "玩具"),
    # leading places: the center's region, or a place name jieba's dictionary knows
    ("永康五金产业检验检测公共技术服务平台", "浙江省金华市永康市", "五金"),
    ("泊头汽车模具产业检验检测公共技术服务平台", "河北省沧州市泊头市", "汽车模具"),
    ("中山市灯饰产业质量基础设施一站式服务平台", "广东省中山市", "灯饰"),
    ("国家富硒产品质量监督检验中心（湖北恩施）", "湖北省恩施州", "富硒"),
    ("河池市农产品质量安全检测中心", "广西壮族自治区河池市", "农产品"),
    ("苏州工业互联网质量数字化公共技术服务平台", "江苏省苏州市", "工业互联网"),
])
def test_the_line_is_the_name_less_its_region_level_and_institutional_words(
        name: str, region: str | None, line: str) -> None:
    assert _line(name, region) == line


@pytest.mark.parametrize(("name", "region"), [
    ("中国计量科学研究院", "北京市"),
    ("福建省计量科学研究院", "福建省福州市"),
    ("山东省产品质量检验研究院", "山东省济南市"),
    ("杭州市质量技术监督检测院", "浙江省杭州市"),
    ("咸宁市公共检测中心", "湖北省咸宁市"),
    ("国家检验检测高技术服务业公共平台（青岛）", "山东省青岛市"),
    ("江苏省质量协会（常州武进）科技服务站", "江苏省常州市武进区"),
    ("广东省质量发展促进会（东莞长安）科技服务站", "广东省东莞市长安镇"),
])
def test_a_name_that_states_no_line_of_products_gives_none(name: str, region: str) -> None:
    assert _line(name, region) is None


def test_an_english_name_keeps_what_it_is_for() -> None:
    assert _line("National Quality Inspection and Testing Center for Power Tools") == "power tools"
    assert _line("Shanghai Institute of Metrology and Testing Technology") is None


def test_every_catalog_center_s_line_is_part_of_its_name() -> None:
    # no line invents a word: each part of it is in the name, and none keeps a level word or an institutional tail
    names = []
    for path in [ROOT / "benchmarks/data/real/providers.jsonl", *sorted((ROOT / "kb/sample").glob("*.jsonl"))]:
        for raw in path.read_text("utf-8").splitlines():
            if raw.strip() and not raw.startswith("#"):
                record = json.loads(raw)
                if record.get("type") == "center":
                    names.append((record["name"], record.get("region")))
    assert len(names) > 100
    lines = {name: _line(name, region) for name, region in names}
    assert sum(line is not None for line in lines.values()) > 0.8 * len(names)
    for name, line in lines.items():
        for part in (line or "").split("、"):
            assert part in name
            assert not part.startswith(("国家", "省", "中国")) and not part.endswith(("中心", "研究院", "平台"))
