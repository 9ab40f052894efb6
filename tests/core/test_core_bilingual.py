"""One splitter for the service's "中文 / English" texts (core.bilingual.in_language), which the pages, the public
provider page, the experts page, the proposals' explanations and the evaluation report all use; and the seeds named by
their documents' titles in the grounds the API returns for a provider's improvement (walk finding: "依种子 002 四(二)
实施重点监管 / graded for key …", and the pages' other splitters each splitting differently)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.bilingual import SEED_TITLES, cite, in_language, said_in, seeds_titled
from evaluation import report
from flows import explanations
from providers.improvement import consequence

ROOT = Path(__file__).resolve().parents[2]
SH_ZH, SH_EN = "《关于促进上海市产品质量检验检测中心建设的指导意见》", \
    "Guidance on building Shanghai's product-quality inspection and testing centers"
ST_ZH, ST_EN = "《科技服务站管理办法》", "Rules for science and technology service stations"


@pytest.mark.parametrize("split", [in_language, explanations.one_language, report.one_language])
@pytest.mark.parametrize(("text", "zh", "en"), [
    ("提供所需服务类型：检验检测 / offers the requested service type", "提供所需服务类型：检验检测",
     "offers the requested service type"),
    # No space before the slash after a full-width bracket: the evaluation report's own splitter showed it whole.
    ("协调员无权办理（机构协调员）/ a coordinator may not sign", "协调员无权办理（机构协调员）",
     "a coordinator may not sign"),
    ("质检相关工作 3 年，少于 5 年 / 3 years of work, fewer than 5", "质检相关工作 3 年，少于 5 年",
     "3 years of work, fewer than 5"),
    # A number in a Chinese text is no English half: the explanations' own splitter cut "第 1 / 2 页" in two.
    ("第 1 / 2 页", "第 1 / 2 页", "第 1 / 2 页"), ("按 GB/T 4754 分类", "按 GB/T 4754 分类", "按 GB/T 4754 分类"),
    # An English half that starts with its period: an obligation's title stood whole on both pages (the center's day,
    # 2026-11-28; its page had kept a splitter of its own for it).
    ("2026Q4 季度服务情况报告 / 2026Q4 quarterly service report", "2026Q4 季度服务情况报告",
     "2026Q4 quarterly service report"),
    # An English half that starts with a Chinese name: the independence refusal stood in both languages on a
    # Chinese page (a new user's trial, 2026-11-29).
    ("上海市低空飞行器产品质量检验中心是被评价机构本身，不能作为第三方评价机构 / "
     "上海市低空飞行器产品质量检验中心 is the evaluated provider itself: not independent",
     "上海市低空飞行器产品质量检验中心是被评价机构本身，不能作为第三方评价机构",
     "上海市低空飞行器产品质量检验中心 is the evaluated provider itself: not independent"),
])
def test_every_reader_splits_alike(split: Any, text: str, zh: str, en: str) -> None:
    assert (split(text, "zh"), split(text, "en")) == (zh, en)


def test_no_page_or_report_keeps_a_splitter_of_its_own() -> None:
    """The pages, the explanations and the report split with core.bilingual only: no " / " partition of their own."""
    own = re.compile(r"""(?:partition|split)\(\s*["'] / ["']|re\.compile\(r?["'][^"']*/\\s""")
    files = [*sorted((ROOT / "api" / "pages").glob("*.py")), ROOT / "flows" / "explanations.py",
             ROOT / "evaluation" / "report.py"]
    assert [f.name for f in files if own.search(f.read_text(encoding="utf-8"))] == []


def test_seeds_are_named_by_their_titles() -> None:
    assert seeds_titled("依种子 002 四(二)、种子 003 第十六条", "zh") == f"依{SH_ZH}四(二)、{ST_ZH}第十六条"
    assert seeds_titled("seed 003 art. 16", "en") == f"{ST_EN} art. 16"
    assert seeds_titled("种子 009 未知", "zh") == "种子 009 未知"  # no such seed: left as it is
    assert said_in("依种子 002 四(二)限期整改 / rectification (seed 002)", "en") == f"rectification ({SH_EN})"


@pytest.mark.parametrize(("clause", "zh", "en"), [
    ("seed 000 §4.2.1(1)", "第4.2.1条(1)", ", §4.2.1(1)"),
    ("seed 003 art. 16", "第十六条", ", art. 16"),
    ("seed 003 art. 6(一)", "第六条(一)", ", art. 6(一)"),
    ("seed 002 四(二)", "四(二)", ", section 4(2)"),
    ("seed 004 二 三是不重复建设", "二 三是不重复建设", ", section 2"),
    ("seed 001", "", ""),
])
def test_a_clause_is_cited_by_its_seed_once_for_pages_and_grounds(clause: str, zh: str, en: str) -> None:
    """One reading of a seed clause: the pages (``ui_format.clause``) and a provider's grounds
    (``providers.improvement``) cite by ``core.bilingual.cite`` and say the same."""
    seed = clause.split()[1]
    zh_title, en_title = SEED_TITLES[seed]
    assert cite(clause) == (f"《{zh_title}》{zh}", f"{en_title}{en}")
    assert cite("seed 009 §1") is None and cite("依据本中心规定") is None


def _result(tier: str, klass: str) -> dict[str, Any]:
    return {"complete": True, "period": "2027", "tier": {"id": tier, "label_zh": "不合格"},
            "management_class": {"id": klass, "label_zh": "重点监管"}}


# No profile given: the default profile, which reads seed 002 alone (the stations' rules are the station profile's).
@pytest.mark.parametrize(("tier", "klass", "state", "deadline", "zh", "en"), [
    ("pass", "key_supervision", "operating", None, [SH_ZH], [SH_EN]),
    ("fail", "key_supervision", "operating", None, [SH_ZH], [SH_EN]),
    ("fail", "key_supervision", "rectifying", date(2027, 1, 1), [SH_ZH], [SH_EN]),
    ("excellent", "incentive", "operating", None, [SH_ZH], [SH_EN]),
])
def test_the_improvement_grounds_the_api_returns_name_the_seeds_by_title(
        tier: str, klass: str, state: str, deadline: date | None, zh: list[str], en: list[str]) -> None:
    grounds = consequence(result=_result(tier, klass), state=state, rectification_deadline=deadline,
                          today=date(2027, 3, 1)).grounds
    assert "种子" not in grounds and "seed 0" not in grounds, grounds
    chinese, english = in_language(grounds, "zh"), in_language(grounds, "en")
    assert chinese != grounds and english != grounds  # one "中文 / English" text, as the API's field was
    assert all(t in chinese for t in zh) and all(t in english for t in en), grounds
    assert not re.search(r"[\u4e00-\u9fff]", english.replace("四(二)", "")), english
