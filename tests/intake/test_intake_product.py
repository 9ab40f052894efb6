"""The product reader (issue 27 item 6): hand-written examples of each structure it reads, the shared vocabulary, the
metric, and a quality floor on the labelled development sets (tests/intake/data/products)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from intake import service
from intake.extract.product import _NOT_A_PRODUCT, extract_product
from intake.extract.tagger import pos_tagger
from intake.quality import ProductEvaluator, ProductItem, is_exact, is_right, product_accuracy
from kb.products import NOT_A_PRODUCT, NOT_PRODUCT_WORDS, classes_of, product_head, product_vocabulary

REPO = Path(__file__).resolve().parents[2]

# Written for these tests (not taken from any labelled set): text → a phrase the reading must contain or lie in.
ZH_CASES = [
    # a new user on the chat page (2026-11-28): what a thing is for, and how soon it failed, are not the thing
    ("是一种汽车用的铝合金轮毂", "铝合金轮毂"),
    ("这是一种锂电池用的隔膜，需要检测", "隔膜"),
    ("我们的铝合金支架装上去没多久就开裂了，想找机构做检测，看看是什么问题。苏州。", "铝合金支架"),
    ("我们的电动牙刷充电座在潮湿环境下出现短路问题，想做失效分析", "电动牙刷充电座"),  # X出现…问题
    ("空压机储气罐焊缝渗漏，想找机构分析原因", "储气罐焊缝"),  # X渗漏
    ("需要对公司生产的不锈钢螺栓进行盐雾试验，出具CMA报告", "不锈钢螺栓"),  # 对X进行检测
    ("想研发一种可降解的农用地膜，寻找高校合作，预算50万", "农用地膜"),  # 研发X
    ("智能电表外壳注塑工艺优化：外壳注塑后翘曲变形，希望专家指导", "智能电表外壳"),  # a real need's title
    ("产品：光伏接线盒。需求：做IP68防水等级的型式试验。地点：江苏。", "光伏接线盒"),  # 产品：X
    ("我们是宁波的一家做汽车座椅面料的企业，想申请两项发明专利", "汽车座椅面料"),  # 做X的企业
    ("我们生产的冷冻水饺在超市抽检中菌落总数超标，需要复检", "冷冻水饺"),  # 我们生产的X
    ("帮忙测一下这批铝合金型材的硬度和膜厚，三天内出结果", "铝合金型材"),  # X的<property>
    ("华力-冷轧板表面划伤识别：冷轧板在线检测中划伤漏检率高，需要机器视觉方案", "冷轧板"),  # issuer-title
    # a demand list's title names its thing and then the work on it (制作, 产业化发展, 升级): the work is no part of it
    ("碳化硅陶瓷膜制作关键技术：公司简介：本公司是一家专业研发、制造各类过滤设备的高科技公司。", "碳化硅陶瓷膜"),
    ("聚丁二酸丁二醇酯产业化发展关键技术与应用：随着环保要求提高，传统塑料面临替代。", "聚丁二酸丁二醇酯"),
]
ZH_NULL = ["想申请高新技术企业认定，预算3万", "预算10万，年底前完成。", "你好", "需要给质检员做计量知识培训",
           "我们想请顾问完善质量管理体系"]
EN_CASES = [
    # the company's line beside the thing the need names with its own cue (the ninth probe's variant, 2026-11-28);
    # named alone, the line is the reading
    ("Hi, we are a supplier of auto parts in Wuxi. We need salt spray testing for brake calipers.", "brake calipers"),
    ("We are a leading Chinese manufacturer of ceramic insulators.", "ceramic insulators"),
    # what a thing is made of is not the thing, though the failure is said after it (a new user's variant)
    ("Our hydraulic valve body made of cast iron leaks under pressure.", "hydraulic valve body"),
    ("Our ceramic capacitors crack after reflow soldering. We need a root cause analysis.", "ceramic capacitors"),
    ("We manufacture aluminium window frames in Foshan and need salt spray testing.", "aluminium window frames"),
    ("Please calibrate our pressure gauges within a month.", "pressure gauges"),
    ("We are a bicycle helmet maker in Xiamen and need impact testing to EN 1078.", "bicycle helmet"),
    ("Looking for a partner for joint development of a low-power LoRa gateway.", "LoRa gateway"),
    # a real need's title, as the translated real needs are written
    ("Automotive hydrogen circulation pump: the gearbox of the pump still leaks oil after sealing.",
     "hydrogen circulation pump"),
    ("Mature vision sensor wanted: The company manufactures storage tanks and needs a sensor for tanker openings.",
     "vision sensor"),
    # real public needs are often a title line and a body (tests/intake/data/products/en_real_dev.jsonl)
    ("Load cell erratic\n\nAfter taring, the readings jump by a few grams.", "load cell"),  # X <failure adjective>
    ("Supply of a high-power laser\nThe institute plans to buy a laser for its lab.", "high-power laser"),
    ("We anodize aluminum cookware and get black pits on some parts.", "aluminum cookware"),  # a finishing verb
    ("Our US buyer needs formaldehyde emission test reports for our sofas.", "sofas"),  # a substance measured
    ("The current sensors were damaged due to a DC-link overvoltage.", "current sensors"),  # not the cause
    ("Our infusion sets need a biocompatibility test with a CMA report.", "infusion sets"),  # "need" is a verb
    # translated demand-list titles (issue 27): the thing a title opens with, not what it is for
    ("Low-temperature electrolyte for sodium-ion batteries: development and scale-up: Sodium-ion cells lose "
     "capacity in winter, and cell makers are asking for better electrolytes.", "electrolyte"),
    ("Low-temperature extraction equipment for a herbal tea: The tea is a key product for us and the current "
     "dryer is slow.", "extraction equipment"),
    ("Key technologies for producing succinic acid (SA): Demand for bio-based chemicals keeps growing.",
     "succinic acid"),
    ("Quality control client software V2.1: Move the checks from the front end to the back end.",
     "client software"),
    ("Design of an Acoustic Testing Chamber for Small Drones: The chamber must reach a low noise floor.",
     "Acoustic Testing Chamber"),
    ("Stability evaluation of ibuprofen injection: Need: choose excipients so that the product keeps its shelf "
     "life; the consistency of batches must also be shown.", "ibuprofen injection"),
]
EN_NULL = ["We want to apply for high-tech enterprise status. Budget RMB 50,000.", "Hello, we need help.",
           "We need ISO 9001 internal auditor training for 20 staff.",
           "Hello, we need a quote for on-call material testing services.",
           "We need patent drafting for two invention patents."]  # a patent is no product


def _agrees(reading: str | None, phrase: str) -> bool:
    item = ProductItem(id="t", text="", product=phrase)
    return is_right(reading, item)


@pytest.mark.parametrize(("text", "phrase"), ZH_CASES)
def test_reads_the_chinese_product(text: str, phrase: str) -> None:
    assert _agrees(extract_product(text), phrase), extract_product(text)


def test_how_soon_it_failed_is_not_part_of_the_product() -> None:
    """The metric counts "铝合金支架装上去没多久" right (the gold phrase is inside it); the title built from it was not
    (a new user on the chat page, 2026-11-28)."""
    assert extract_product("我们的铝合金支架装上去没多久就开裂了，想找机构做检测。苏州。") == "铝合金支架"
    assert extract_product("新装上的电机不久就烧了") == "电机"


@pytest.mark.parametrize(("text", "phrase"), EN_CASES)
def test_reads_the_english_product(text: str, phrase: str) -> None:
    assert _agrees(extract_product(text), phrase), extract_product(text)


@pytest.mark.parametrize("text", ZH_NULL + EN_NULL)
def test_names_no_product_when_the_text_names_none(text: str) -> None:
    assert extract_product(text) is None


def test_never_a_fragment_time_property_or_mark() -> None:
    reading = extract_product("电池隔膜的孔隙率和穿刺强度需要测试，三天内出结果，预算不限。")
    assert reading is not None and "隔膜" in reading
    reading = extract_product("出口英国的LED台灯要做UKCA认证检测，十天内出报告。")
    assert reading is not None and "台灯" in reading
    assert extract_product("") is None


def test_the_tagger_is_built_once() -> None:
    assert pos_tagger() is pos_tagger()


def test_the_vocabulary_names_gbt_classes_and_catalog_words() -> None:
    vocab = product_vocabulary()
    assert "3841" in classes_of("锂离子电池")  # GB/T 4754-2017 3841 锂离子电池制造
    assert vocab["储能电池"].source == "catalog"
    assert product_head("大容量储能电池") == "储能电池"
    assert not (set(vocab) & NOT_PRODUCT_WORDS)


def test_the_vocabulary_is_what_its_sources_generate() -> None:
    """scripts/build_products.py --check: the committed kb/data/products.txt is the generated one."""
    sys.path.insert(0, str(REPO / "scripts"))
    import build_products

    text = build_products.render(build_products.build())
    assert build_products.OUTPUT.read_text("utf-8") == text


def test_the_metric_follows_the_agreed_rule() -> None:
    gold = ProductItem(id="a", text="", product="储能电池", alternatives=("电池包",))
    none = ProductItem(id="b", text="", product=None)
    assert is_right("电池", gold) and is_right("储能电池组", gold) and is_right("电池 包", gold)
    assert not is_right("逆变器", gold) and not is_right(None, gold)
    assert is_right(None, none) and not is_right("电池", none)
    assert is_exact("储能电池", gold) and not is_exact("电池", gold)
    metrics = product_accuracy([("电池", gold), (None, none), ("逆变器", gold)])
    assert metrics["accuracy"] == pytest.approx(2 / 3) and metrics["n"] == 3
    assert metrics["null_precision"] == 1.0 and metrics["null_recall"] == 1.0


def test_the_evaluator_names_its_primary_metric() -> None:
    items = [ProductItem(id="a", text="我们的储能电池老报警", product="储能电池"),
             ProductItem(id="b", text="Our EV chargers fail type tests", product="EV chargers", language="en")]
    ev = ProductEvaluator(items, name="demo")
    metrics = ev(extract_product)
    assert ev.primary_metric == "demo_accuracy"
    assert metrics["demo_accuracy"] == 1.0 and metrics["demo_accuracy_zh"] == 1.0 and metrics["demo_n_en"] == 1


# Reached when this test was written (benchmarks/intake_products.py): Chinese 0.862 on 718 texts, English 1.000 on
# 44 written texts; Chinese 0.888 after the reader learnt to name no product where the text names none (issue 27
# item 6), and null recall (of the texts that name no product, how many are read so) 0.586 → 0.781 on these sets. The
# floor allows 0.02 below each.
FLOOR = {"zh": 0.888 - 0.02, "en": 1.000 - 0.02}
NULL_RECALL_FLOOR = 0.781 - 0.02
# Real public English need texts (en_real_dev.jsonl): 0.262 before the English reader was rebuilt for them, 0.881
# after (74 of 84). The floor allows 0.02 below.
EN_REAL_FLOOR = 0.881 - 0.02
# The fifth and sixth real sets, each read once as held out, development sets since (issue 27): their Chinese texts
# and their English ones (marked translations, and real5's 18 real GitHub issues), as reached when they became
# development data: Chinese 0.882 / 0.887, English 0.613 / 0.675 after the readers learnt headings and abstract words
# (benchmarks/intake_products.py); then Chinese 0.882 / 0.902 and English 0.677 / 0.850 after the readers learnt a
# title's thing before its use ("X for Y: …") and the work words a title closes with (制作, 产业化发展; issue 27,
# development figures). The floor allows 0.02 below each.
# The seventh real set (public procurement notices, mostly English), read once as held out (Chinese 0.590 with its
# translations, English 0.368), development data since: Chinese 0.692, English 0.528 after the reader learnt a
# notice's wording from its errors (issue 27; development figures).
# The eighth (public notices, Chinese and English), read once as held out (Chinese 0.538, English 0.541), development
# data since: Chinese 0.654 after the reader learnt a notice's field labels (issue 27; development figures).
# Then (issue 27, later): real7 Chinese 0.744 / English 0.594, real8 Chinese 0.846 / English 0.595 after the reader
# learnt a notice's project name, its monitoring and sampling words, what 对 and a service noun put the service on,
# and a heading's capitals; real5 English 0.710, real8 English 0.730 after modifiers left alone, participles and a
# test's load were no phrase and a spelt-out acronym named its thing; real7 Chinese 0.821, real8 Chinese 0.923 after
# a notice's place words, intention heading, 为…提供<service> and samples before a laboratory's analysis (development
# figures); real7 English 0.604 after an acronym before a service named its thing (development figures); real5
# Chinese 0.888, real6 Chinese 0.912, real7 English 0.613, real9 Chinese 0.714 / English 0.411 after the reader learnt
# to name no product where the text names none (issue 27 item 6; development figures). Then real9 0.810 / 0.529,
# real10 Chinese 0.600, real11 0.750 / 0.643, real12 English 0.800, real13 English 0.625, real14 English 0.690 and
# real15 0.625 / 0.714 after the reader learnt model codes, a Chinese question about a named thing, documents and
# an infinitive (docs/intake.md, "The product read on sets never seen"; development figures).
LATER_SETS = ("intake_real5", "intake_real6", "intake_real7", "intake_real8", "intake_real9", "intake_real10",
              "intake_real11", "intake_real12", "intake_real13", "intake_real14", "intake_real15", "intake_real16")
LATER_FLOOR = {("intake_real5", "zh"): 0.888 - 0.02, ("intake_real5", "en"): 0.710 - 0.02,
               ("intake_real6", "zh"): 0.912 - 0.02, ("intake_real6", "en"): 0.850 - 0.02,
               ("intake_real7", "zh"): 0.821 - 0.02, ("intake_real7", "en"): 0.613 - 0.02,
               ("intake_real8", "zh"): 0.923 - 0.02, ("intake_real8", "en"): 0.730 - 0.02,
               # real9, read twice as held out (the second time on 2026-11-27: 0.667 / 0.353), development since
               ("intake_real9", "zh"): 0.810 - 0.02, ("intake_real9", "en"): 0.529 - 0.02,
               # real10, read twice as held out (the second time on 2026-11-27: 0.400 / 0.474), development since
               ("intake_real10", "zh"): 0.600 - 0.02, ("intake_real10", "en"): 0.474 - 0.02,
               # real11, read twice as held out (both on 2026-11-27: 0.500 / 0.571 each time), development since
               ("intake_real11", "zh"): 0.750 - 0.02, ("intake_real11", "en"): 0.643 - 0.02,
               # real12, read twice as held out (both on 2026-11-27: 0.455 / 0.700 each time), development since
               ("intake_real12", "zh"): 0.455 - 0.02, ("intake_real12", "en"): 0.800 - 0.02,
               # real13, read twice as held out (both on 2026-11-27: 0.714 / 0.563 each time), development since
               ("intake_real13", "zh"): 0.714 - 0.02, ("intake_real13", "en"): 0.625 - 0.02,
               # real14, read three times as held out (2026-11-27 and the next evening: the rules read 0.583 /
               # 0.595 each time), development since
               ("intake_real14", "zh"): 0.583 - 0.02, ("intake_real14", "en"): 0.690 - 0.02,
               # real15, read twice as held out (2026-11-27 and 2026-11-28: the rules read 0.500 / 0.607 the second
               # time, and still do), development since
               ("intake_real15", "zh"): 0.625 - 0.02, ("intake_real15", "en"): 0.714 - 0.02,
               # real16, read twice as held out (both on 2026-11-28: the rules read 0.500 of it each time), development
               # since; 2 Chinese texts and 20 English, each language read 0.500 by the rules of its joining
               ("intake_real16", "zh"): 0.500 - 0.02, ("intake_real16", "en"): 0.500 - 0.02}


def _dev_items() -> dict[str, list[ProductItem]]:
    sys.path.insert(0, str(REPO))
    from benchmarks.intake_products import dev_items

    return dev_items()


def test_quality_floor_on_the_development_sets() -> None:
    items = [item for name, part in _dev_items().items() if name not in ("en_real_dev", *LATER_SETS)
             for item in part]
    metrics = ProductEvaluator(items)(extract_product)
    assert metrics["n"] == 762
    for language, floor in FLOOR.items():
        assert metrics[f"accuracy_{language}"] >= floor, (language, metrics)
    assert metrics["null_recall"] >= NULL_RECALL_FLOOR, metrics


def test_quality_floor_on_the_later_real_sets() -> None:
    sets = _dev_items()
    for (name, language), floor in LATER_FLOOR.items():
        items = [item for item in sets[name] if item.language == language]
        assert items, name
        metrics = ProductEvaluator(items)(extract_product)
        assert metrics[f"accuracy_{language}"] >= floor, (name, language, metrics)


def test_quality_floor_on_the_real_english_set() -> None:
    items = _dev_items()["en_real_dev"]
    metrics = ProductEvaluator(items)(extract_product)
    assert metrics["n"] == 84 and all(item.real and item.language == "en" for item in items)
    assert metrics["accuracy_en"] >= EN_REAL_FLOOR, metrics


@pytest.mark.parametrize("text,test_name", [
    ("我们是常州一家动力电池企业，电芯需要做热失控试验，要求出具CMA检测报告。", "热失控"),
    ("我们的汽车线束需要做盐雾试验和振动试验。", "盐雾"),
    ("储能柜需要做跌落和高低温测试。", "跌落"),
    # a new user on the English chat page (2026-11-28): the test named first, the thing it is on after it
    ("We need thermal runaway tests on an energy storage battery pack, Shenzhen.", "thermal runaway"),
    ("Vibration tests of the gearbox mounts, please.", "Vibration"),
])
def test_a_tests_name_is_never_the_product(text: str, test_name: str) -> None:
    """"X需要做热失控试验": 热失控 is the test (or the failure it provokes), not the thing tested (a page once titled a
    need "热失控检验检测需求")."""
    product = extract_product(text)
    assert product and test_name not in product, product


# Issue 27, real7 (public procurement notices, development data since it was read once as held out): each rule the
# reader learnt from its errors, with an example written for this test in a notice's wording (not taken from a set).
NOTICE_CASES = [
    # samples of a matter name what is tested ("samples" alone names nothing)
    ("The Town seeks a laboratory to provide analysis of groundwater samples from its closed landfill.",
     "groundwater samples"),
    # a heading in capitals is read word by word, and "services of" names what the service is on
    ("INSPECTION AND TESTING SERVICES OF BOILERS 1. SCOPE: The contractor shall inspect the boilers of all county "
     "buildings once a year.", "boilers"),
    # a department of transportation named by its letters is no product
    ("Request for proposals from MnDOT\nThe consultant shall inspect the trunk highway pavements.",
     "trunk highway pavements"),
    # what follows "Department of", "Division of" in capitals is the organisation's name
    ("The Division of Highways seeks a firm to inspect the bridge bearings on state routes.", "bridge bearings"),
    # laboratory services for a matter's samples
    ("The County requests bids for sampling and laboratory services for groundwater samples from 12 parks.",
     "groundwater samples"),
    # a service named right after the thing ("… Review and Testing")
    ("Water Meter Review and Testing\nThe City asked for proposals last month.", "Water Meter"),
    # the thing a service is done on, each or all of them
    ("The Contractor shall perform one annual inspection in accordance with NFPA 25 on each fire pump in the "
     "district.", "fire pump"),
    # an organisation's name inside a heading is not part of the thing
    ("STATE OF OHIO DEPARTMENT OF COMMERCE BOILER DIVISION Pressure Vessel Inspection Services RFP# 0042",
     "Pressure Vessel"),
    # a condition is a property: "pavement condition assessment" is about the pavement
    ("The City will conduct a pavement condition assessment of all public streets in 2025.", "pavement"),
]


@pytest.mark.parametrize("text,gold", NOTICE_CASES)
def test_a_notice_names_the_thing_its_service_is_on(text: str, gold: str) -> None:
    product = extract_product(text)
    assert product is not None and (gold.casefold() in product.casefold() or product.casefold() in
                                    gold.casefold()), product


@pytest.mark.parametrize("text,not_product", [
    ("INVITATION FOR BIDS IFB # 24-017 Title: Lead in School Drinking Water. The vendor shall provide labor and "
     "transport to analyse drinking water samples from 40 schools.", ("labor", "INVITATION", "IFB")),
    ("Resolution authorizing a contract for pipe condition assessment. Records and a list of mains are attached.",
     ("Records", "list")),
])
def test_a_notices_own_words_are_no_product(text: str, not_product: tuple[str, ...]) -> None:
    product = extract_product(text)
    assert product is not None and all(word.casefold() not in product.casefold() for word in not_product), product


@pytest.mark.parametrize("text,gold", [
    # the buyer (a bureau, a hospital, a department) is no product; the instruments it has verified are
    ("采购人：某市生态环境局 项目名称：饮用水水源地水质监测设备运维服务。拟委托第三方对水质自动监测设备进行校准。",
     "水质自动监测设备"),
    ("某县人民医院关于计量器具检定服务项目单一来源采购的公示：我院需对全院计量器具定期检定。", "计量器具"),
])
def test_a_chinese_notices_buyer_is_no_product(text: str, gold: str) -> None:
    product = extract_product(text)
    assert product is not None and (gold in product or product in gold), product
    assert not product.endswith(("局", "医院", "部门", "单一来源")), product


@pytest.mark.parametrize("text,gold", [
    # a notice's field labels and the places and parties it lists are no product (issue 27, real8; written here)
    ("项目名称：某县农村饮用水水质检测服务 询价函 各供应商：我单位拟对全县农村饮用水开展水质检测，检测点共120个。",
     "农村饮用水"),
    ("某区农贸市场农产品质量安全抽检询价函：现就农产品抽检服务进行询价，欢迎参加。", "农产品"),
    ("某市在建房屋建筑工程质量安全巡查项目：巡查受检工程参建主体的质量安全行为。", "房屋建筑工程"),
])
def test_a_chinese_notices_field_labels_are_no_product(text: str, gold: str) -> None:
    product = extract_product(text)
    assert product is not None and gold in product, product
    assert not product.endswith(("名称", "询价函", "检测点", "主体")), product


@pytest.mark.parametrize(("text", "phrase"), [
    ("我们是苏州一家做储能电池包的企业，产品夏天高温时经常报警，想找机构做检测。", "储能电池包"),
    ("我们的电池包在高温下报警", "电池包"),
    # jieba joins the pack to the verb after it (包要/v)
    ("我们是常州的储能电池厂，储能电池包要做热失控检测，需要CMA报告。", "储能电池包"),
    ("电池包需要做振动试验", "电池包"),
])
def test_a_pack_is_part_of_the_product(text: str, phrase: str) -> None:
    """jieba tags the 包 of "电池包" as a verb (to wrap), and the product read "储能电池" (found walking the chat in
    Chromium); after a noun, before a particle, a preposition or punctuation, it is the pack."""
    assert extract_product(text) == phrase


@pytest.mark.parametrize("text", ["我们负责包装检测", "这批货包邮吗"])
def test_wrapping_is_still_no_product(text: str) -> None:
    assert extract_product(text) is None


@pytest.mark.parametrize(("text", "product", "medium"), [
    # the walk's sentence: X测试的Y, with "可通过" before it (found walking the chat, issue 27)
    ("可通过橄榄油测试的低硬度热塑性弹性体（TPE）", "低硬度热塑性弹性体", "橄榄油"),
    # written for this test: 通过X试验的Y, X测试的Y without 通过, 耐X<verb>的Y, 经得起X试验的Y
    ("我们需要一种能通过盐雾试验的镀锌螺栓，想找机构检测。", "镀锌螺栓", "盐雾"),
    ("橄榄油测试的TPE材料需要送检", "TPE材料", "橄榄油"),
    ("耐柴油浸泡的橡胶油封开裂了，想做失效分析", "橡胶油封", "柴油"),
    ("想找一款耐酒精擦拭的涂层材料", "涂层材料", "酒精"),
    ("经得起高温高湿试验的LED灯具怎么做认证", "LED灯具", "高温"),
])
def test_a_tests_medium_is_not_the_product(text: str, product: str, medium: str) -> None:
    """"可通过橄榄油测试的低硬度热塑性弹性体" read 橄榄油: the noun before 测试/试验 that a product withstands (its
    medium or method) names the test, and the noun after "的" is the thing."""
    read = extract_product(text)
    assert read == product and medium not in read, read


@pytest.mark.parametrize(("text", "product"), [
    # the walk's sentence (issue 27): the need is about all three, and the card says so in the text's words
    ("压力表、温度计和电子天平需要校准", "压力表、温度计和电子天平"),
    # written for this test: a list the enterprise owns, a list that fails, a list under a service
    ("厂里的压力表、温度计、扭力扳手每年都要送检定", "压力表、温度计、扭力扳手"),
    ("我们的锂电池和充电器需要做CE认证", "锂电池和充电器"),
    ("我们的控制柜和配电箱在潮湿环境下出现短路", "控制柜和配电箱"),
])
def test_a_list_of_things_is_the_product(text: str, product: str) -> None:
    """"压力表、温度计和电子天平需要校准" read 压力表 alone: a list of things that the need's service or failure is on
    is the product as a whole."""
    assert extract_product(text) == product


@pytest.mark.parametrize(("text", "product"), [
    # the company's line, with no cue on the list, is not what the need is about
    ("我们主营阀门、管件和法兰。这批阀门出现泄漏，想做失效分析", "阀门"),
    # a technique is no item of a list of things
    ("注塑件和控制技术需要改进", "注塑件"),
])
def test_only_a_list_of_things_under_the_needs_cue_is_read_whole(text: str, product: str) -> None:
    assert extract_product(text) == product


@pytest.mark.parametrize(("text", "product"), [
    # the walk's sentence (issue 27)
    ("月饼保质期验证", "月饼"),
    # written for this test: product + property + 验证/测试/评估
    ("想做酸奶货架期评估，预算2万", "酸奶"),
    ("锂电池循环寿命测试", "锂电池"),
    ("LED灯珠使用寿命评估", "LED灯珠"),
    ("口罩过滤效率测试", "口罩"),
    ("涂料附着力测试", "涂料"),
])
def test_a_property_between_product_and_service_ends_the_product(text: str, product: str) -> None:
    """"月饼保质期验证" read no product: a property said between the thing and the service that studies it (保质期,
    货架期, 循环寿命, 效率, 附着力) is no part of the thing, and the thing is what the service is on."""
    assert extract_product(text) == product


# Issue 27, later work on real7's and real8's errors, read by kind (development data). Each case is written here in a
# notice's or an enterprise's wording, not taken from a set.
@pytest.mark.parametrize("text,gold", [
    # a notice opens with its project's name, which names the thing before the service ("…水质抽样检测"); the year
    # before the thing is no part of it
    ("2024年度农村集中式供水水质抽样检测 某某工程咨询有限公司 受市水利局委托，拟对该项目进行竞争性磋商，欢迎参加。",
     "集中式供水"),
    # a monitoring or sampling word ends the thing's name ("…质量安全定量监测")
    ("某区农村局关于2025年蔬菜质量安全定量监测的询价函：我单位拟委托第三方机构开展检测，请书面报价。", "蔬菜"),
    # what 对 puts before a service verb is what the service is on; a modifier joined by 的 says which
    ("采购人拟对全县农村饮水安全工程的水源地水样、出厂水水样及末梢水水样开展水质检测。", "水源地水样"),
])
def test_a_chinese_notice_names_what_its_service_is_on(text: str, gold: str) -> None:
    product = extract_product(text)
    assert product is not None and gold in product and len(product) <= len(gold) + 4, product


def test_for_whom_is_no_object_of_a_service() -> None:
    """"这对企业来说…" says for whom something is so; it puts nothing under the service that follows."""
    assert extract_product("这对企业来说成本太高，检测实验室建不起。我们的香菇多肽需要做成分检测。") == "香菇多肽"


@pytest.mark.parametrize("text,gold", [
    # a service noun inside a heading's run ends the thing's name ("X Testing Prog.", "X Inspection Program")
    ("Storm Drain Culvert Testing Prog. CITY OF MAPLE RIDGE", "Storm Drain Culvert"),
    ("2025/2026 Pedestrian Bridge Inspection Program", "Pedestrian Bridge"),
    # "examination of X", "analyses on X"
    ("MINIMUM REQUIREMENTS: Examination of kitchen hood suppression systems will be twice per year.",
     "kitchen hood suppression systems"),
    ("The laboratory shall provide inorganic parameter analyses on leachate and sediment samples.",
     "leachate and sediment samples"),
    # a property of the thing under a service verb
    ("The vendor shall conduct site visits to assess the condition of culverts under county roads.", "culverts"),
    # "X shall be inspected"
    ("Work to be performed: Elevators shall be inspected and load tested once a year.", "Elevators"),
])
def test_an_english_notice_names_what_its_service_is_on(text: str, gold: str) -> None:
    product = extract_product(text)
    assert product is not None and (gold.casefold() in product.casefold() or product.casefold() in
                                    gold.casefold()), product


@pytest.mark.parametrize("text,gold,not_in", [
    # a section's heading in capitals is no part of the phrase after it
    ("SUMMARY Fiber reinforced polymer bridge decks crack after ten years in service.",
     "Fiber reinforced polymer bridge decks", "SUMMARY"),
    # a village, a city or a county named in a heading's capitals is the buyer
    ("Fire Hydrant Testing Program - VILLAGE OF ELM GROVE", "Fire Hydrant", "ELM"),
])
def test_a_headings_capitals_are_no_part_of_the_thing(text: str, gold: str, not_in: str) -> None:
    product = extract_product(text)
    assert product is not None and gold.casefold() in product.casefold() and not_in not in product, product


def test_modifiers_and_what_a_test_applies_are_no_phrase_of_their_own() -> None:
    """A modifier left alone after a service is trimmed ("in-service inspections", "relevant …", "regulatory …"), a
    participle heads no thing ("On-Call Certified"), a load is what a test applies, and an acronym the text spells out
    as a thing is that thing, not a reference code ("… apparatus (SCBA) … SCBA testing"); an acronym spelt out as a
    property is still none ("Indoor Air Quality (IAQ)")."""
    from intake.extract.product import _en_candidates

    text = ("Perform in-service inspections, relevant and regulatory checks, On-Call Certified visits and load testing "
            "of the standby generators. Annual self-contained breathing apparatus (SCBA) testing: SCBA testing must "
            "follow NFPA rules. Indoor Air Quality (IAQ) surveys: IAQ surveys are due.")
    phrases = {" ".join(c.words) for c in _en_candidates(text)}
    assert not phrases & {"in-service", "relevant", "regulatory", "On-Call Certified", "load", "IAQ"}, phrases
    assert {"SCBA", "standby generators"} <= phrases, phrases


@pytest.mark.parametrize("text,present,absent", [
    # the buyer's own place is no thing ("顾问为本市提供专业服务")
    ("服务范围：承包方为本市提供专业服务，提供管网听漏调查所需的全部人工和车辆。", set(), {"本市"}),
    # a notice's intention list names nothing by its heading ("…采购意向")
    ("某区生态环境分局2025年1月至6月采购意向 采购项目名称：某区环境空气降尘委托监测项目", {"环境空气降尘"},
     {"意向", "采购意向"}),
    # a year after the place that opens the name is no part of the thing
    ("广东2021年地下水环境监测样品检测分析服务采购 项目名称：广东2021年地下水环境监测样品检测分析服务采购",
     {"地下水环境监测"}, {"2021年地下水环境监测"}),
    # a meter jieba tags as an idiom is still a thing ("听力计")
    ("项目名称：年全市听力计强制检定项目", {"听力计"}, set()),
    # 签订 is a predicate, never the start of a thing's name
    ("授权局长与某公司签订污泥样品实验室分析年度合同。", {"污泥"}, {"签订污泥"}),
])
def test_a_chinese_notices_phrases(text: str, present: set[str], absent: set[str]) -> None:
    from intake.extract.product import _candidates_zh

    phrases = {c.text for c in _candidates_zh(text)}
    assert present <= phrases and not absent & phrases, phrases


@pytest.mark.parametrize("text,gold", [
    # 为…提供<service>: what the service is provided for is what it is on
    ("中标人须为学区各校提交的直饮水样品提供采样、分析和实验室服务，检测参数包括大肠菌群、硝酸盐等。", "直饮水"),
    # the samples and the laboratory between the thing and the service ("污泥样品实验室分析")
    ("授权局长代表本县与某公司签订污泥样品实验室分析年度合同。", "污泥"),
])
def test_what_a_notices_service_is_provided_for(text: str, gold: str) -> None:
    product = extract_product(text)
    assert product is not None and product.startswith(gold), product


def test_an_acronym_before_a_service_is_what_the_service_is_on() -> None:
    """"HEATING, VENTILATION AND AIR CONDITIONING (HVAC) TESTING": the acronym abbreviates the listed words (commas and
    "and" skipped) and, right before a service, is a phrase of its own that the service is on; a section heading run
    into the text ("… OBJECTIVE Owner …") ends a phrase."""
    from intake.extract.product import _en_abbreviates, _en_phrases

    assert _en_abbreviates(" (HVAC) ", "HEATING, VENTILATION AND AIR CONDITIONING")
    text = "REQUEST FOR PROPOSAL HEATING, VENTILATION AND AIR CONDITIONING (HVAC) TESTING AND BALANCING"
    assert "HVAC" in {text[a:b] for a, b in _en_phrases(text)}
    text = "Services to Inspect Chiller Plants OBJECTIVE Owner requires inspections"
    assert "OBJECTIVE" not in " ".join(text[a:b] for a, b in _en_phrases(text))


@pytest.mark.parametrize(("text", "product"), [
    ("我们是做核桃乳的，想给新品做个营养成分检测", "核桃乳"),  # chat probe 3, p28: the title read "新品起草企标需求"
    ("我们是做保温杯的，这款产品要做跌落测试", "保温杯"),
    ("我们是做锂电池的，新品要做UN38.3测试", "锂电池"),  # a standard's number cut at its dot is still no product
    ("我们的不锈钢水杯要做食品接触材料检测", "不锈钢水杯"),  # the kind of test, named by what it covers
])
def test_a_pointer_to_the_product_or_a_kind_of_test_gives_way_to_the_thing(text: str, product: str) -> None:
    """新品, 这款产品 point at the enterprise's product without naming it, and UN38.3 or 食品接触材料检测 name the test:
    the product is the thing the enterprise named."""
    assert extract_product(text) == product


# Abstention (issue 27 item 6): texts that name no product are read as naming none. Each rule, with a text written for
# it (the reader before these rules read the phrase after "was"), and a text with a product that the rule leaves.
@pytest.mark.parametrize(("text", "was"), [
    # a generic head after modifiers that name no kind of thing (_NO_KIND_MODIFIERS)
    ("本单位为军工科研院所配套企业，需对某型号产品开展计量保障，涉密。", "型号产品"),
    ("新车间投产，需要整个生产线仪器的检定校准方案。", "生产线仪器"),
    # the subject of training, and people ("班组长", "15名员工")
    ("想给车间班组长做精益生产培训，两个月内启动，预算三万。", "车间班组长"),
    ("需要给品控部15名员工做内审员培训，地点在佛山。", "品控部15名"),
    # whom a message is addressed to; a fee and a rule are no thing
    ("各位大侠：请问新版实施规则里一致性检查的费用怎么收？", "大侠"),
    # whom the enterprise sells to
    ("我们的产品卖给比亚迪深圳工厂，对方要求提供全尺寸测量和材料检测报告，十天内要。", "比亚迪深圳"),
    ("公司为吉利汽车、长城汽车等企业提供配套产品，现需要做IATF16949体系咨询。", "吉利汽车"),
    # an organisation (商会, 科研院所)
    ("下一步希望加强对商会在团体标准方面的指导。", "商会"),
    ("我们配合军工科研院所做计量保障，要求涉密资质。", "配合军工科研院所"),
    # a question's opening and what a certificate is asked of
    ("请问软件是否需要取得CNAS认可的检测报告？", "请问软件"),
    # a title that asks for people, whose description is the company's profile
    ("【人才引进】数据分析方面的高层次人才：公司成立于2010年，主营液压油缸、齿轮泵，年产值过亿。", "液压油缸"),
    # a field of work, and upbringing
    ("技术咨询及培训：想了解天然气计量领域的先进技术。", "天然气"),
    ("公司主要为客户提供智能配电自动化系统等领域的解决方案，现需要图像识别方面的合作。", "智能配电自动化系统"),
    # a heading's own word
    ("Request for Services Title: Provision of training and mentoring for laboratory assessors under ISO/IEC 17025.",
     "Services Title"),
])
def test_a_text_that_names_no_product_is_read_as_naming_none(text: str, was: str) -> None:
    assert extract_product(text) is None


@pytest.mark.parametrize(("text", "product"), [
    ("我们的座椅滑轨卖给比亚迪深圳工厂，滑轨出现异响，需要分析原因。", "座椅滑轨"),
    ("【人才引进】液压油缸设计方面的高层次人才：公司成立于2010年，主营液压油缸、齿轮泵，年产值过亿。", "液压油缸"),
    ("请问我们的电路板出口欧洲需要取得CE认证吗？", "电路板"),
    ("新车间投产，疏水装置需要检定校准。", "疏水装置"),
    ("Services Title: calibration of torque wrenches for the fleet workshop", "torque wrenches"),
    ("新服务—茶叶行业人才培养：某茶企作为知名的普洱茶品牌，希望与学校合作培养营销人才。", "普洱茶"),
    ("我们想给电池包做针刺试验。", "电池包"),  # jieba's 包做/v: the pack, then the verb (it read "电池包做针刺")
])
def test_the_abstention_rules_leave_a_named_product(text: str, product: str) -> None:
    assert extract_product(text) == product


def _loso() -> Any:
    sys.path.insert(0, str(REPO))
    import benchmarks.intake_product_loso as loso

    return loso


def test_the_product_loso_never_trains_on_the_set_it_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """benchmarks/intake_product_loso.py: every model that reads a left-out set, and every model its parameters are
    chosen with, is fitted without that set (the estimate is worth nothing otherwise)."""
    import numpy as np

    loso = _loso()
    from product_candidates import FEATURES, Candidate, ChooserModel

    fitted: list[set[str]] = []

    def spy(texts: Any, c: float, bar: float = 0.0, *, loss: str = "point", drop: Any = ()) -> Any:
        fitted.append({t.set for t in texts})
        n = len(FEATURES)
        return ChooserModel(FEATURES, (0.0,) * n, (1.0,) * n, (0.0,) * n, 0.0, bar)

    monkeypatch.setattr(loso, "fit", spy)
    monkeypatch.setattr(loso, "_FITS", {})
    texts = [loso.Text(s, ProductItem(id=f"{s}{k}", text="电池", product="电池"), "电池",
                       [Candidate("电池", 0, (0.0,) * len(FEATURES))], False, np.array([1.0]))
             for s in ("a", "b", "c") for k in range(2)]
    for name in ("chooser", "override", "abstain"):
        fitted.clear()
        readings = loso.run_variant(texts, "a", name)
        assert len(readings) == 2 and fitted, name
        assert all("a" not in sets for sets in fitted), (name, fitted)


def test_every_learned_product_reading_can_choose_the_rules_alone() -> None:
    """Each reader's grid holds "off" (the rules' reading whatever the model says), so leaving one set out can keep
    the rules when nothing learned reads better."""
    import numpy as np

    loso = _loso()
    from product_candidates import FEATURES, Candidate

    off = loso.OFF
    text = loso.Text("a", ProductItem(id="a1", text="我们的电池盒开裂", product="电池盒"), "电池盒",
                     [Candidate("电池", 0, (0.0,) * len(FEATURES)),
                      Candidate("电池盒", 0, tuple(1.0 if f == "is_reading" else 0.0 for f in FEATURES))],
                     False, np.array([0.0, 1.0]))
    logits = np.array([5.0, -5.0])  # the model prefers another candidate and doubts the rules' reading
    assert (off, off, -off) in loso.GRIDS["override"]
    assert loso.READERS["override"](text, logits, (off, off, -off)) == "电池盒"
    assert (off,) in loso.GRIDS["abstain"] and loso.READERS["abstain"](text, np.array([-5.0, 5.0]), (off,)) == "电池盒"
    assert (off,) in loso.GRIDS["rule_bar"] and loso.READERS["rule_bar"](text, logits, (off,)) == "电池盒"
    assert loso.READERS["override"](text, logits, (1.0, off, -off)) == "电池"  # and it can override


@pytest.mark.parametrize("text,gold", [
    # a count between the wish and the thing ("need 12 torque wrenches calibrated") read none (issue 27, probe 6, p63)
    ("We need 12 torque wrenches calibrated to ISO 6789-2:2017, with CNAS-accredited certificates.", "torque wrenches"),
    ("We need twelve pressure gauges calibrated before the audit.", "pressure gauges"),
])
def test_a_thing_wanted_done_is_the_product_after_a_count(text: str, gold: str) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # the stress a test applies is no product: "UV aging tests on our PVC window profiles" read "UV aging" (issue 27,
    # probe 6's variants)
    ("We need UV aging tests on our PVC window profiles.", "PVC window profiles"),
    ("We need heat ageing tests for our cable sheaths.", "cable sheaths"),
])
def test_the_stress_a_test_applies_is_no_product(text: str, gold: str) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # a standard's name is no product, and the sample sent is the thing tested (issue 27, probe 6's variants: this
    # read GB/T)
    ("我们要做GB/T 2423.17的盐雾试验，样品是汽车门把手", "汽车门把手"),
    ("按GB/T 10125做中性盐雾试验，样品为镀锌螺栓", "镀锌螺栓"),
    ("我们要做GB/T 2423.17的盐雾试验", None),
    # what a test measures is no product ("细菌过滤效率" read 细菌)
    ("我们是做医用口罩的，需要做细菌过滤效率检测", "医用口罩"),
    # English test words in Chinese are no product ("thermal" was, p61)
    ("Hi 我们是做PCBA的，要做thermal cycling和vibration test两项", "PCBA"),
])
def test_a_standard_is_no_product_and_the_sample_is(text: str, gold: str | None) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # the enterprise's line said with a typo in its modifier and no punctuation: jieba cut 不锈刚 into 不锈/v 刚/d, and
    # the thing after it lost the line's cue ("我们厂做不锈刚水槽 客户要盐雾实验报告" read none; issue 27, probe 6, p55)
    ("我们厂做不锈刚水槽 客户要盐雾实验报告", "水槽"),
    ("厂里做不锈刚合页 需要做个盐雾实验", "合页"),
    ("我们是做不锈刚水槽的 客户要盐雾实验报告", "水槽"),
])
def test_the_line_is_read_across_a_garbled_modifier(text: str, gold: str) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # a collective noun and then, after a colon, the things it stands for: the things are the product ("一批量具：数显
    # 卡尺（0-150mm）6把、外径千分尺（0-25mm）4把" read 量具; issue 27, probe 6, p56), their sizes and counts no part of
    # them (千分尺 came out as a numeral)
    ("本公司计量室需外送校准一批量具：数显卡尺（0-150mm）6把、外径千分尺（0-25mm）4把，依据JJG 30-2012和JJG 21-2008，"
     "要求出具CNAS校准证书。", "数显卡尺、外径千分尺"),
    ("我们需要校准一批计量器具：游标卡尺3把、百分表2只、电子天平1台", "游标卡尺、百分表、电子天平"),
    ("实验室有一批仪表要检定：压力表（0-1.6MPa）10块、温度计5支。", "压力表、温度计"),
    ("车间有些量具要送外校准：外径千分尺、内径百分表，要CNAS证书", "外径千分尺、内径百分表"),
    # a count's classifier is no part of the name ("30台三坐标测量机": jieba cuts 台三)
    ("我们有12台三坐标测量机要校准", "三坐标测量机"),
    # without a colon the collective noun stays the product (the convention's fresh-009)
    ("厂里有200多台计量器具（卡尺、千分尺、压力表）要年检", "计量器具"),
])
def test_the_things_listed_after_a_collective_noun_are_the_product(text: str, gold: str) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # a verb's bare form between a singular noun and a thing's head names the thing's kind: "grow" broke "LED grow
    # lights" as a verb, and the text read none (issue 27, probe 6, p65)
    ("We make LED grow lights in Xiamen and need IP65 testing and a photobiological safety test.", "LED grow lights"),
    ("Our LED grow lights need IP65 testing.", "LED grow lights"),
    ("Our company produces UV cure lamps and needs a CE test.", "UV cure lamps"),
    ("We manufacture indoor grow lights and need a photobiological safety test.", "indoor grow lights"),
    # after a plural it is the plural's verb
    ("Customers buy lights from us and we need a CE test for the lamps.", "lamps"),
])
def test_a_verb_inside_a_things_name_is_part_of_it(text: str, gold: str) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # what a test exposes the thing to is no product ("我们做smart watch表带，需要做汗液测试" read 汗液, as 细菌 was
    # read; issue 27, probe 6's variants), and English words a space apart inside Chinese are one name ("watch表带")
    ("我们做smart watch表带，需要做汗液测试", "smart watch表带"),
    ("smart watch表带要做汗液测试", "smart watch表带"),
    ("我们生产运动耳机，要做汗液测试", "运动耳机"),
    ("我们是做fitness tracker腕带的，客户要汗液腐蚀测试", "fitness tracker腕带"),
    ("我们的硅胶表带要做人工汗液测试", "硅胶表带"),
    # a standard's name and its number stay apart (and no product)
    ("我们要做ISO 9001认证", None),
])
def test_a_tests_medium_is_no_product_and_english_words_join(text: str, gold: str | None) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # what a durability test does to the thing ends its name: 插拔 (the mating cycles) is what the test applies, the
    # connector is the thing ("Type-C接口插拔寿命测试" read "Type-C接口插拔"; issue 27, probe 6's variants)
    ("Type-C接口插拔寿命测试", "Type-C接口"),
    ("我们的USB接口要做插拔寿命测试", "USB接口"),
    ("HDMI端口插拔测试", "HDMI端口"),
    ("插座插拔试验", "插座"),
])
def test_what_a_durability_test_applies_is_no_part_of_the_thing(text: str, gold: str) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # a collective noun and then, in the next clause, the things it is made of ("主要是…", "包括…", "比如…"): the
    # things are the product, as after a colon ("一批医疗设备需要做计量校准，主要是心电监护仪、输液泵和血压计" read
    # 医疗设备; issue 27, the seventh probe, p70)
    ("您好，我是市第二人民医院设备科的，我们有一批医疗设备需要做计量校准，主要是心电监护仪、输液泵和血压计，一共六十多台",
     "心电监护仪、输液泵、血压计"),
    ("我们有一批计量器具要校准，主要是压力表和温度计", "压力表、温度计"),
    ("我们医院的设备要做计量，主要有呼吸机、除颤仪、监护仪这些", "呼吸机、除颤仪、监护仪"),
    # a collective word that is no product alone gives the things the cue it has
    ("实验室的仪器需要检定，包括电子天平、酸度计、分光光度计", "电子天平、酸度计、分光光度计"),
    ("厂里有些设备要做检测，比如空压机、储气罐", "空压机、储气罐"),
    # as before: one thing after it, or things in brackets, leave the collective noun the product
    ("我们有一批仪表要检定，主要是压力表", "仪表"),
    ("厂里有200多台计量器具（卡尺、千分尺、压力表）要年检", "计量器具"),
])
def test_the_things_a_collective_noun_is_made_of_are_the_product(text: str, gold: str) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # what a test measures is no product ("要做铅镉检测" read 铅镉 in the chat; issue 27, the seventh probe's
    # variants), nor a town's zone ("新疆石河子开发区" read 开发区)
    ("我们是德化做陶瓷茶具的，要做铅镉检测", "陶瓷茶具"), ("要做铅镉检测", None), ("要做铅镉溶出量检测", None),
    ("新疆石河子开发区", None), ("江苏常州武进高新区", None),
    ("我们在苏州工业园区，做精密轴承的", "精密轴承"),
])
def test_a_measured_metal_or_a_towns_zone_is_no_product(text: str, gold: str | None) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # the writer's job or department is no product ("我是一家汽车零部件厂的人事" read 人事, and the title
    # "人事质量技术培训与咨询需求"; issue 27, the seventh probe, p76), and 零部件, which jieba tags as a numeral,
    # heads a thing's name (it read 汽车)
    ("我是一家汽车零部件厂的人事，想给车间班组长组织一次IATF 16949内审员培训，大概20个人", "汽车零部件"),
    ("你好，我是五金厂的质检，螺丝要做硬度检测", "螺丝"),
    ("本人是一家塑料制品公司的质量主管，想做ISO 9001内审员培训", "塑料制品"),
    ("我在一家家具厂做人事，想给员工安排内审员培训", None),
    ("我们是做汽车零部件的，想做盐雾测试", "汽车零部件"),
    # as before
    ("我是电机厂的采购，电机外壳要做盐雾测试", "电机外壳"), ("我是质检部的，我们的注塑件尺寸不稳定", "注塑件"),
])
def test_the_writers_job_is_no_product(text: str, gold: str | None) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # a product mark is no product ("客户要做SASO认证" read SASO, which the lexicon already read as a mark; issue 27,
    # the seventh probe's variants): the product reader's marks are the lexicon's one list
    ("客户要做SASO认证", None), ("你好，我们是义乌一家外贸公司，货发中东，客户要做SASO认证", None),
    ("货发尼日利亚，要做SONCAP认证", None), ("出口巴西要做INMETRO认证", None), ("要做BSMI认证，货去台湾", None),
    # as before
    ("我们的热水器出口沙特，客户要做SASO认证", "热水器"), ("Our client needs SONCAP certification.", None),
])
def test_a_product_mark_is_no_product(text: str, gold: str | None) -> None:
    assert extract_product(text) == gold


def test_every_product_mark_is_a_service_and_no_product() -> None:
    """One list of product marks (the lexicon's ``product_marks``): each asked for with 认证 is a test, never the
    product, and in English too."""
    from intake.extract.service_types import PRODUCT_MARKS, extract_service_types
    from kb.vocab import ServiceType
    assert {"CE", "CCC", "FCC", "UL", "SASO", "SONCAP", "INMETRO", "BSMI", "KCC"} <= set(PRODUCT_MARKS)
    for mark in PRODUCT_MARKS:
        for text in (f"客户要做{mark}认证", f"We need {mark} certification."):
            assert extract_product(text) is None, text
            assert extract_service_types(text) == [ServiceType.inspection_testing], text


@pytest.mark.parametrize("text,gold", [
    # a shock a test applies is no product, and a case for a thing is a thing ("Need drop & shock testing for our phone
    # cases" read "shock": "cases" is abstract alone; issue 27, the seventh probe's variants)
    ("Need drop & shock testing for our phone cases", "phone cases"),
    ("We need shock and vibration testing for our phone cases.", "phone cases"),
    ("Our phone cases need drop and shock tests.", "phone cases"),
    ("We need thermal shock testing for our LED drivers", "LED drivers"),
    ("Can you run shock tests on our tablet cases?", "tablet cases"),
    # as before: cases that are no things
    ("We have several use cases for the sensor.", None), ("In some cases the pump leaks.", "pump"),
])
def test_a_shock_is_no_product_and_a_phone_case_is_one(text: str, gold: str | None) -> None:
    assert extract_product(text) == gold


@pytest.mark.parametrize("text,gold", [
    # advice asked for is what the service gives, never the thing: the played year's need (flows/demo_history.py) read
    # 建议 and was titled "建议原材料比对检测需求" (walking run.sh's demo, 2026-11-29)
    ("锂电池隔膜批次间穿刺强度不稳定，希望做原材料比对检测并给出工艺改进建议，预算6万元，六周内完成。", "锂电池隔膜"),
    ("锂电池隔膜批次间穿刺强度不稳定，希望做原材料比对检测并给出改进意见，预算6万元，六周内完成。", "锂电池隔膜"),
    ("锂电池隔膜批次间穿刺强度不稳定，希望做原材料比对检测，给点建议。", "锂电池隔膜"),
    ("注塑件表面缩痕，请专家给些整改建议", "注塑件"),
])
def test_advice_is_no_product(text: str, gold: str) -> None:
    assert extract_product(text) == gold
    need = service.extract(text=text, today=date(2026, 1, 1))
    assert need.product == gold and need.title.startswith(gold), need.title


def test_the_names_never_a_product_have_one_home() -> None:
    """kb.products.NOT_A_PRODUCT is the one list of whole names that are never a product: kb's NOT_PRODUCT_WORDS and
    the names the reader refuses (programmes, disciplines, places, tests' names, what a test measures), which the
    reader's _NOT_A_PRODUCT listed again beside kb's list. The reader refuses every one of them, and keeps only its
    two shapes of its own (advice asked for, what a durability test does)."""
    assert NOT_PRODUCT_WORDS < NOT_A_PRODUCT
    assert {"医药", "盐雾", "新品", "重金属", "高新技术企业", "指导"} <= NOT_A_PRODUCT
    assert all(_NOT_A_PRODUCT.fullmatch(word) for word in NOT_A_PRODUCT)
    assert all(_NOT_A_PRODUCT.fullmatch(own) for own in ("改进建议", "点建议", "插拔"))
    assert not _NOT_A_PRODUCT.fullmatch("锂电池")
