"""What the enterprise is told of publication, before it submits and after, is what the code does (a new user's trial
of the enterprise side, 2026-11-30): a need is published as soon as it is submitted (``flows.needs.submit_need``:
the public page, the feed the associations' websites read, the providers' offers), before the association reviews
anything, and nothing said so — the chat page's preview read "提交后，公开需求页将这样展示这条需求：", and a
confidential need was said to publish "只公开服务类型、行业和地区" while its public page shows the budget band and the
deadline too (``intake.publish.public_need``)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.domainhelpers import Logins, submitted_need
from tests.api.uihelpers import page_words, signed_in

ZH = "我们是苏州的电机控制器厂，夏天MOS管老是烧，想找机构做失效分析，预算8万以内，两个月内要结果。"
EN = ("We make LED street light drivers in Suzhou. The capacitors bulge after three months outdoors and we need a "
      "failure analysis. Budget about RMB 80,000, within two months.")
WHEN = {"zh": "提交后立即公开发布", "en": "Published as soon as you submit"}
# offered to the providers the need fits (flows.opportunities.offer: the best fits, a daily cap on who is told), not
# "pushed to every provider of its service type"
OFFERED = {"zh": "列入与之匹配的服务机构的新需求列表", "en": "listed among the new needs of the providers it fits"}
REVIEW_AFTER = {"zh": "协会审核在发布之后", "en": "the association reviews it afterwards"}
PUBLIC_WHAT = {"zh": "产品、服务类型、行业、地区、预算区间和期限", "en": "product, service types, industry, region, "
               "budget band and deadline"}
SECRET_WHAT = {"zh": "服务类型、行业、地区、预算区间和期限",
               "en": "service types, industry, region, budget band and deadline"}
SECRET_NOT = {"zh": "贵公司名称、产品和您的原话都不公开", "en": "your company's name, your product and your own words "
              "are not"}


def _chat(c: TestClient, ent: dict[str, str], text: str) -> dict[str, Any]:
    chat = c.post("/api/v1/intake/sessions", headers=ent, json={"text": text})
    assert chat.status_code == 201, chat.text
    view: dict[str, Any] = chat.json()
    return view


def test_before_submitting_the_enterprise_is_told_when_where_and_what_is_published(domain_client: TestClient) -> None:
    c, ent = domain_client, Logins(domain_client)("ent-a")
    for lang, text in (("zh", ZH), ("en", EN)):
        view = _chat(c, ent, text)
        preview = view["preview"]
        # the publishing question and the preview beside the submit button say when, where and what
        for said in (view["turns"][-1]["text"], preview["when"]):
            assert WHEN[lang] in said and REVIEW_AFTER[lang] in said and OFFERED[lang] in said, (lang, said)
        assert PUBLIC_WHAT[lang] in preview["what"], (lang, preview["what"])
        page = page_words(signed_in(c, "ent-a", lang).get(f"/intake?s={view['id']}").text)
        assert WHEN[lang] in page and PUBLIC_WHAT[lang] in page, (lang, page[-1500:])
        answered = c.post(f"/api/v1/intake/sessions/{view['id']}/messages", headers=ent,
                          json={"text": "保密" if lang == "zh" else "no"}).json()
        secret = answered["preview"]
        assert secret["confidential"] is True and WHEN[lang] in secret["when"]
        assert SECRET_WHAT[lang] in secret["what"] and SECRET_NOT[lang] in secret["what"], (lang, secret["what"])
        page = page_words(signed_in(c, "ent-a", lang).get(f"/intake?s={view['id']}").text)
        assert SECRET_WHAT[lang] in page and "只公开服务类型、行业和地区" not in page, (lang, page[-1500:])


def test_a_question_about_publishing_is_answered_with_when(domain_client: TestClient) -> None:
    c, ent = domain_client, Logins(domain_client)("ent-a")
    for lang, text in (("zh", "我们的电机外壳要做盐雾试验，这个需求会公开吗？"),
                       ("en", "We need salt spray testing of our motor housings. Will this need be published?")):
        reply = _chat(c, ent, text)["turns"][1]["text"]
        assert WHEN[lang] in reply and PUBLIC_WHAT[lang] in reply and SECRET_WHAT[lang] in reply, (lang, reply)


def test_how_the_platform_goes_on_says_the_need_is_published_first(domain_client: TestClient) -> None:
    """"你们一般多久能匹配到机构？" was answered with matching and the coordinator's review, and nothing of the need
    being published first (``intake.conversation.QUESTION_BACK``)."""
    c, ent = domain_client, Logins(domain_client)("ent-a")
    view = _chat(c, ent, "我们是做光学镜片的，在江西上饶，有一批树脂镜片要做透光率和抗冲击检测，两个月内")
    reply = c.post(f"/api/v1/intake/sessions/{view['id']}/messages", headers=ent,
                   json={"text": "预算三万左右，另外你们一般多久能匹配到机构？"}).json()["turns"][-1]["text"]
    assert "提交需求后立即公开发布" in reply and "协会协调员审核" in reply, reply


def test_after_submitting_my_needs_says_it_is_published_and_where(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    public, _ = submitted_need(c, as_("ent-a"), confidential=False)
    secret, _ = submitted_need(c, as_("ent-a"), confidential=True)
    said = {"zh": ("已在平台公开需求页和接入平台的协会网站公开发布",
                   "脱敏摘要已在平台公开需求页和接入平台的协会网站公开发布"),
            "en": ("It is published on the platform's public need page and the associations' websites linked to "
                   "the platform",
                   "Its desensitised summary is published on the platform's public need page and the associations' "
                   "websites linked to the platform")}
    for lang in ("zh", "en"):
        page = signed_in(c, "ent-a", lang).get("/needs").text
        cards = {need_id: page_words(page.split(f'id="{need_id}"', 1)[1].split("</li>", 1)[0])
                 for need_id in (public, secret)}
        assert said[lang][0] in cards[public] and said[lang][1] not in cards[public], (lang, cards[public])
        assert said[lang][1] in cards[secret], (lang, cards[secret])


# Who reads the enterprise's name, as tests/api/test_api_enterprise_name_seen.py holds the code to it.
WHO = {"zh": ("谁能看到贵公司名称", "系统匹配推荐的服务机构在协会审核之前就能看到贵公司名称", "推荐的服务机构也看不到"),
       "en": ("Who reads your company's name", "before the association's review, the providers the platform "
              "proposes read it", "nor do the providers proposed read it")}
# the publishing question's "yes": said with who then reads the name
ASKED = {"zh": "系统匹配推荐的服务机构在协会审核之前就能看到贵公司名称",
         "en": "before the association's review, the providers the platform proposes read your company's name"}


def test_before_submitting_the_enterprise_is_told_who_reads_its_name_and_when(domain_client: TestClient) -> None:
    """A public need's enterprise was told that centers are named to it only after the association vetted them, and
    nothing of its own name reaching the centers the matcher proposed, at once, before that vetting."""
    c, ent = domain_client, Logins(domain_client)("ent-a")
    for lang, text in (("zh", ZH), ("en", EN)):
        view = _chat(c, ent, text)
        head, public, secret = WHO[lang]
        assert head in view["preview"]["who"] and public in view["preview"]["who"], (lang, view["preview"]["who"])
        assert ASKED[lang] in view["turns"][-1]["text"], (lang, view["turns"][-1]["text"])
        page = page_words(signed_in(c, "ent-a", lang).get(f"/intake?s={view['id']}").text)
        assert public in page, (lang, page[-1500:])
        answered = c.post(f"/api/v1/intake/sessions/{view['id']}/messages", headers=ent,
                          json={"text": "保密" if lang == "zh" else "no"}).json()
        assert secret in answered["preview"]["who"] and public not in answered["preview"]["who"], answered["preview"]


def test_after_submitting_my_needs_says_who_reads_its_name(domain_client: TestClient) -> None:
    c, as_ = domain_client, Logins(domain_client)
    public, _ = submitted_need(c, as_("ent-a"), confidential=False)
    secret, _ = submitted_need(c, as_("ent-a"), confidential=True)
    said = {"zh": ("系统推荐的服务机构已可看到贵公司名称", "推荐的服务机构也看不到贵公司名称"),
            "en": ("the providers the platform proposed already read your company's name",
                   "nor do the providers proposed read your company's name")}
    for lang in ("zh", "en"):
        page = signed_in(c, "ent-a", lang).get("/needs").text
        cards = {need_id: page_words(page.split(f'id="{need_id}"', 1)[1].split("</li>", 1)[0])
                 for need_id in (public, secret)}
        assert said[lang][0] in cards[public], (lang, cards[public])
        assert said[lang][1] in cards[secret] and said[lang][0] not in cards[secret], (lang, cards[secret])


def test_the_guide_says_what_choosing_secrecy_changes_for_the_name(domain_client: TestClient) -> None:
    """The chat page's guide ("准备这些信息") said what a confidential need hides until the countersignature, and
    nothing of what a public one shows: its name and text to the proposed centers, as soon as it is submitted."""
    said = {"zh": "不设保密时，系统推荐的服务机构在提交后、协会审核前即可看到贵公司名称和需求全文",
            "en": "if not, the providers proposed read your company's name and the need's full text as soon as you "
                  "submit, before the association's review"}
    for lang in ("zh", "en"):
        page = page_words(signed_in(domain_client, "ent-a", lang).get("/intake?new=1").text)
        assert said[lang] in page, (lang, page[:3000])
