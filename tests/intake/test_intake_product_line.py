"""The company's line and the part in question (issue 27 item 6): an enterprise introduces itself by its line
("我们是无锡做不锈钢管件的", "我们厂做汽车线束", "we make lithium batteries") and then names the part or the
product that the failure, the test, the export or the R&D is about ("有批弯头焊缝那里发黑生锈", "电芯要出口",
"the cells need UN38.3"). The part in question is the product; the line stays the product only where the text
names no such part. Written for these tests (from the nineteenth probe's p179 and p185 and their shape), not taken
from any labelled set."""

from __future__ import annotations

import pytest

from intake.extract.product import extract_product

# text, the part the need is about, the company's line (which the reading must not be)
PART_OVER_LINE = [
    # a failure on a batch of the part (jieba tags 弯头 a verb; p179)
    ("我们是无锡做不锈钢管件的 有批弯头焊缝那里发黑生锈", "弯头", "不锈钢管件"),
    ("你好 我们是无锡做不锈钢管件的 有批弯头焊缝那里发黑生锈 想做个盐雾测式 月底前要结果", "弯头", "不锈钢管件"),
    ("我们厂做电动工具，电钻的齿轮箱老是开裂", "齿轮箱", "电动工具"),
    # what is to be exported (p185), with the test after it or not
    ("我们是惠州做锂电池的 电芯要出口 得做UN38.3运输测试", "电芯", "锂电池"),
    ("我们是宁波做小家电的，电热水壶要出口欧洲，需要做CE认证", "电热水壶", "小家电"),
    # what is to be tested, the line introduced with a place or with 厂
    ("我们是惠州做锂电池的 电芯要做UN38.3测试", "电芯", "锂电池"),
    ("我们厂做汽车线束，端子要做盐雾测试", "端子", "汽车线束"),
    ("我们是深圳做无人机的 电机要做寿命测试", "电机", "无人机"),
    # what is to be developed
    ("我们是做家具的，想研发一种折叠椅", "折叠椅", "家具"),
]


@pytest.mark.parametrize(("text", "part", "line"), PART_OVER_LINE)
def test_the_part_in_question_wins_over_the_line(text: str, part: str, line: str) -> None:
    reading = extract_product(text)
    assert reading is not None and part in reading and line not in reading, reading


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("我们是做锂电池的 要做UN38.3", "锂电池"),
        ("我们是惠州做锂电池的，想找个实验室做UN38.3", "锂电池"),
        ("我们是宁波做小家电的，要出口欧洲，需要做CE认证", "小家电"),
        ("我们是苏州做精密模具的，需要做三坐标检测", "精密模具"),
        ("我们厂做汽车线束，想做个盐雾测试", "汽车线束"),
    ],
)
def test_the_line_stays_where_no_part_is_named(text: str, line: str) -> None:
    assert extract_product(text) == line


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("有批弯头生锈了", "弯头"),
        ("这批接头漏气", "接头"),
        ("有几个探头坏了", "探头"),
    ],
)
def test_a_thing_counted_is_a_thing_though_tagged_a_verb(text: str, part: str) -> None:
    """After a classifier (有批, 这批, 几个) comes a thing; jieba's dictionary tags 弯头, 接头 and 探头 as verbs."""
    assert extract_product(text) == part


@pytest.mark.parametrize(
    ("text", "part", "line"),
    [
        ("we make lithium batteries; the cells need UN38.3", "cells", "lithium"),
        ("We make lithium batteries. The cells need UN38.3 testing.", "cells", "lithium"),
        ("We make LED lights, and the power supplies need EMC testing.", "power supplies", "LED"),
        (
            "We're a small appliance maker in Ningbo; the electric kettles need CE certification for export.",
            "electric kettles",
            "appliance",
        ),
        ("We make stainless steel pipe fittings. Some elbows are rusting near the weld.", "elbows", "fittings"),
    ],
)
def test_the_part_in_question_wins_over_the_line_in_english(text: str, part: str, line: str) -> None:
    reading = extract_product(text)
    assert reading is not None and part in reading and line not in reading, reading


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("we make lithium batteries and need UN38.3 testing", "lithium batteries"),
        ("We make LED lights and need EMC testing.", "LED lights"),
    ],
)
def test_the_line_stays_where_no_part_is_named_in_english(text: str, line: str) -> None:
    assert extract_product(text) == line
