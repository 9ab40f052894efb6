"""A need's words as the pages show them in each language (issue 27, found walking the chat as a new enterprise): the
industry on English pages, the service-type choices with the common phrases each category covers."""

from __future__ import annotations

from api.pages.ui_format import industry
from api.pages.ui_need import need_rows
from intake.extract.service_types import extract_industries
from intake.industries import INDUSTRY_EN
from intake.publish import public_need, published_summary, published_title
from intake.schemas import Need, PublicNeed, Region
from kb.vocab import ServiceType

LEXICON_INDUSTRIES = ("新能源", "机电", "食品", "数字经济")


def test_every_industry_intake_reads_has_an_english_name() -> None:
    from intake.extract import service_types

    names = [name for name, _ in service_types._INDUSTRIES]
    assert set(LEXICON_INDUSTRIES) <= set(names)
    missing = [n for n in names if not INDUSTRY_EN.get(n)]
    assert missing == []


def test_the_industry_shows_in_english_on_english_pages() -> None:
    text = "电机轴承用了一个月就开裂，想做失效分析，我们在常州。"
    need = Need(text=text, industry=extract_industries(text)[0])
    rows = {r["key"]: r["value"] for r in need_rows(need, "en")}
    assert rows["industry"] == "electromechanical products"
    assert {r["key"]: r["value"] for r in need_rows(need, "zh")}["industry"] == "机电"
    assert industry("未知行业", "en") == "未知行业"  # a name not in the list is shown as it is


def test_the_service_choices_name_certification_under_the_category_it_is_read_as() -> None:
    """A person wanting 认证 found no choice that said so. The choices name product certification (CCC, CE) under
    testing and ISO 9001 certification under consulting, the categories the reader reads them as, in both languages,
    so choosing and saying it give the same category."""
    from intake.extract.service_types import extract_service_types
    from kb.vocab import SERVICE_TYPE_EXAMPLES, ServiceType

    named = {"CCC/CE认证": ServiceType.inspection_testing, "CCC or CE certification": ServiceType.inspection_testing,
             "ISO 9001体系认证": ServiceType.training_consulting,
             "ISO 9001 certification": ServiceType.training_consulting}
    for phrase, category in named.items():
        zh, en = SERVICE_TYPE_EXAMPLES[category]
        assert phrase in [*zh.split("、"), *en.split(", ")], phrase
        assert extract_service_types(phrase) == [category], phrase
    for said, category in (("产品要做CCC认证", ServiceType.inspection_testing),
                           ("想做ISO 9001体系认证", ServiceType.training_consulting),
                           ("We need CCC certification for our chargers", ServiceType.inspection_testing)):
        assert extract_service_types(said) == [category], said


def test_two_service_types_with_one_phrase_do_not_read_as_one_phrase_for_both() -> None:
    """"检测 → 检验检测、质量技术评价" read as if 检测 stood for both categories: the items are set apart by "；"
    where any carries the enterprise's words."""
    from kb.vocab import ServiceType

    types = [ServiceType.inspection_testing, ServiceType.quality_evaluation]
    need = Need(text="铝合金支架开裂，想做检测，也想分析原因。", service_types=types,
                phrases={ServiceType.inspection_testing: "检测"})
    assert {r["key"]: r["value"] for r in need_rows(need, "zh", phrases=True)}["service_types"] == \
        "检测 → 检验检测；质量技术评价"
    en = {r["key"]: r["value"] for r in need_rows(need, "en", phrases=True)}["service_types"]
    assert en.count("; ") == 1 and en.startswith("检测 → ")
    plain = Need(text="铝合金支架开裂，想做检测，也想分析原因。", service_types=types)
    assert {r["key"]: r["value"] for r in need_rows(plain, "zh")}["service_types"] == "检验检测、质量技术评价"


def test_pages_other_than_the_chat_card_name_the_categories_alone() -> None:
    """The enterprise's words beside each category belong on the chat's card, where it checks how it was read
    (issue 27). Elsewhere they read as noise: the review, the engagement and the enterprise's /needs showed "检测报告 →
    检验检测；失效分析 → 质量技术评价", and the English pages "检测报告 → inspection and testing" (a new user's trial in
    Chromium, 2026-11-29). There the categories alone."""
    types = [ServiceType.inspection_testing, ServiceType.quality_evaluation]
    need = Need(text="电池包循环后鼓包，想做失效分析，还要一份带CMA章的检测报告。", service_types=types,
                phrases={ServiceType.inspection_testing: "检测报告", ServiceType.quality_evaluation: "失效分析"})
    assert {r["key"]: r["value"] for r in need_rows(need, "zh")}["service_types"] == "检验检测、质量技术评价"
    en = {r["key"]: r["value"] for r in need_rows(need, "en")}["service_types"]
    assert "→" not in en and "检测报告" not in en and en.count(", ") == 1


def test_the_english_choices_are_in_english_and_read_as_their_category() -> None:
    """The English chips said "high-tech enterprise, 专精特新 and lab accreditation applications" (the chat page tried
    as a new user, 2026-11-28): the English examples hold no Chinese, and the term used instead reads as the
    category."""
    import re

    from intake.extract.service_types import extract_service_types
    from kb.vocab import SERVICE_TYPE_EXAMPLES, ServiceType

    assert [st for st, (_, en) in SERVICE_TYPE_EXAMPLES.items() if re.search(r"[\u3400-\u9fff]", en)] == []
    assert extract_service_types("we need help with an SRDI little giant application") == [
        ServiceType.qualification_consulting]


def _confidential_view() -> tuple[Need, PublicNeed]:
    need = Need(text="我们的新型电机轴承配方保密，轴承用了一个月就开裂，想做失效分析。", industry="机电",
                service_types=[ServiceType.quality_evaluation], confidential=True,
                region=Region(province="江苏省", city="常州市"), product="电机轴承")
    return need, public_need(need, "n-1")


def test_a_confidential_needs_published_title_and_summary_are_in_the_pages_language() -> None:
    """A confidential need is published from its fields alone, as "机电领域企业质量技术评价需求"; the English pages
    showed that Chinese sentence as the title and summary a provider reads (its words are the platform's, not the
    enterprise's). They are said in English from the same public fields, and nothing the public view holds not."""
    _, view = _confidential_view()
    assert published_title(view, "zh") == view.title == "机电领域企业质量技术评价需求"
    assert published_summary(view, "zh") == view.summary
    title, summary = published_title(view, "en"), published_summary(view, "en")
    assert title == "Quality-technology evaluation for an enterprise in electromechanical products"
    assert "Changzhou, Jiangsu" in summary and "confidentiality agreement" in summary
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in title + summary)
    assert "轴承" not in title + summary and "bearing" not in (title + summary).lower()


def test_a_public_needs_own_words_are_shown_as_the_enterprise_wrote_them() -> None:
    need, _ = _confidential_view()
    view = public_need(need.model_copy(update={"confidential": False, "title": "电机轴承开裂失效分析"}), "n-2")
    assert published_title(view, "en") == "电机轴承开裂失效分析"
    assert published_summary(view, "en") == view.summary
