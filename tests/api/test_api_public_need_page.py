"""A published need's public page, ``/needs/{id}``: the address an association's website links a need to (the
website developer's walk left "a need in the feed has no address on innodock to link to", docs/ui.md). It shows the
version the need was published with (``intake.publish``, the feed's one redaction), its stage (open, being served,
closed) and how a provider answers; a need never published, sent back or withdrawn, and an id that names nothing,
answer the same 404 page. The feed's items carry the page's address (``url``)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from authz import policy
from core.errors import NotFoundError
from intake.schemas import PUBLIC_STATUSES, NeedStatus
from tests.api.apihelpers import PASSWORD, World, bearer
from tests.api.domainhelpers import Logins, accept_first, create_need, submitted_need

PHONE = "13912345678"
TEXT = (f"我们是常州的动力电池生产企业，电芯在针刺后出现热失控，需要做单体热失控试验检测，需要CMA报告，预算5万元，"
        f"三个月内完成。联系人王工，电话{PHONE}。")
SECRET = "甲公司独有的固态电解质配方"


def _meta(html: str, key: str) -> str:
    found = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', html)
    assert found, f"no <meta> {key}"
    return found.group(1)


def _link(html: str, rel: str) -> str:
    found = re.search(rf'<link rel="{rel}" href="([^"]*)"', html)
    assert found, f"no <link rel={rel}>"
    return found.group(1)


def test_a_published_need_has_a_public_page_in_both_languages(domain_client: TestClient,
                                                              domain_world: World) -> None:
    c = domain_client
    need_id, _ = submitted_need(c, Logins(c)("ent-a"), text=TEXT, title="动力电池电芯热失控检测",
                                product="动力电池电芯", deadline="2031-06-30")
    page = c.get(f"/needs/{need_id}")  # nobody logged in
    assert page.status_code == 200, page.text[:500]
    html = page.text
    assert '<html lang="zh-CN">' in html
    assert 'id="need-stage" data-stage="open"' in html and "征集中" in html
    for shown in ("动力电池电芯", "检验检测", "常州市", "2031-06-30", "约5万元"):
        assert shown in html, shown
    # the enterprise and its contact never, whoever reads the page
    for hidden in (PHONE, "王工", "甲公司"):
        assert hidden not in html, hidden
    # how a provider answers: log in (and come back here), or apply to join
    assert f'href="/login?next=/needs/{need_id}"' in html and 'href="/providers/apply"' in html
    # a shared link previews: title, description, canonical address, Open Graph
    title = re.search(r"<title>([^<]*)</title>", html)
    assert title and "动力电池电芯热失控检测" in title.group(1), title
    url = f"http://testserver/needs/{need_id}"
    assert _link(html, "canonical") == url
    assert _meta(html, "og:url") == url and _meta(html, "og:type") == "website"
    assert _meta(html, "og:locale") == "zh_CN" and "动力电池电芯热失控检测" in _meta(html, "og:title")
    assert "热失控" in _meta(html, "description") and _meta(html, "og:description") == _meta(html, "description")
    assert f'hreflang="en" href="{url}?lang=en"' in html

    english = c.get(f"/needs/{need_id}", params={"lang": "en"}).text
    assert '<html lang="en">' in english and _meta(english, "og:locale") == "en_US"
    assert _link(english, "canonical") == f"{url}?lang=en"
    for shown in ("Open", "inspection and testing", "Changzhou", "about RMB 50,000", "Log in"):
        assert shown in english, shown
    for chinese in ("征集中", "服务类型", "约5万元", "登录"):
        assert chinese not in english, chinese
    assert PHONE not in english

    # a provider's coordinator, logged in, says it can help right there (its opportunities page's use case)
    assert c.post("/api/v1/auth/login", json={"username": "coord-center", "password": PASSWORD}).status_code == 200
    action = f"/centers/qic-js-battery/opportunities/{need_id}/help"
    assert f'action="{action}"' in c.get(f"/needs/{need_id}").text
    said = c.post(action, data={"note": "下周可安排试验"}, follow_redirects=False)
    assert said.status_code == 303 and said.headers["location"] == "/centers/qic-js-battery/opportunities", said.text
    assert "notice_can_help" in said.headers["set-cookie"], said.headers  # done, not an error carried back


def test_a_confidential_need_s_page_shows_its_published_summary_only(domain_client: TestClient,
                                                                     domain_world: World) -> None:
    c = domain_client
    need_id, _ = submitted_need(c, Logins(c)("ent-a"), text=TEXT, confidential=True, product="QM-77X电芯",
                                problem=f"{SECRET}导致热失控", redactions=[SECRET, "QM-77X"])
    for lang in ("zh", "en"):
        page = c.get(f"/needs/{need_id}", params={"lang": lang})
        assert page.status_code == 200, page.text[:500]
        for hidden in (SECRET, "QM-77X", "电芯", "针刺", PHONE, "王工", "甲公司", "约5万元", "about RMB"):
            assert hidden not in page.text, (lang, hidden)
    zh = c.get(f"/needs/{need_id}", params={"lang": "zh"}).text
    assert "保密" in zh and "5万元以下" in zh and "检验检测" in zh
    en = c.get(f"/needs/{need_id}", params={"lang": "en"}).text
    assert "Confidential" in en and "up to RMB 50,000" in en and "looking for inspection and testing" in en


def test_an_unpublished_withdrawn_or_unknown_need_has_no_page(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    ent = as_("ent-a")
    draft = create_need(c, ent, text=TEXT)["id"]
    withdrawn, _ = submitted_need(c, ent, text=TEXT)
    assert c.post(f"/api/v1/needs/{withdrawn}/withdraw", headers=ent).status_code == 200
    answers = {need: c.get(f"/needs/{need}") for need in (draft, withdrawn, "no-such-need")}
    for need, answer in answers.items():
        assert answer.status_code == 404, (need, answer.text[:300])
        assert "404" in answer.text and "页面不存在" in answer.text and need not in answer.text
    # the same page whichever it was: nothing tells that the draft or the withdrawn need exists
    assert len({a.text for a in answers.values()}) == 1
    english = c.get(f"/needs/{withdrawn}", params={"lang": "en"})
    assert english.status_code == 404 and "Not found" in english.text and "页面不存在" not in english.text

    # accepted by a provider, it leaves the feed but keeps its page: being served
    served, review = submitted_need(c, ent, text=TEXT)
    accept_first(c, as_("coord-assoc"), review)
    page = c.get(f"/needs/{served}")
    assert page.status_code == 200 and 'data-stage="served"' in page.text and "对接中" in page.text
    assert 'href="/login?next=' not in page.text  # no call to help with a need already taken


def test_the_feed_gives_each_need_its_page_s_address(domain_client: TestClient, domain_world: World) -> None:
    c, w = domain_client, domain_world
    need_id, _ = submitted_need(c, Logins(c)("ent-a"), text=TEXT)
    site = bearer(w.keys["site"])
    [item] = c.get("/api/v1/feed/needs", headers=site).json()["items"]
    assert item["url"] == f"http://testserver/needs/{need_id}", item
    [english] = c.get("/api/v1/feed/needs", params={"lang": "en"}, headers=site).json()["items"]
    assert english["url"] == f"http://testserver/needs/{need_id}?lang=en"
    one = c.get(f"/api/v1/feed/needs/{need_id}", headers=site).json()
    assert one["url"] == item["url"]
    assert c.get(item["url"]).status_code == 200
    doc = c.get("/openapi.json").json()
    item_schema = doc["paths"]["/api/v1/feed/needs/{need_id}"]["get"]["responses"]["200"]["content"][
        "application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert "url" in doc["components"]["schemas"][item_schema]["required"]


@pytest.mark.parametrize("status", list(NeedStatus))
def test_which_needs_have_a_public_page(status: NeedStatus) -> None:
    """authz.policy decides: open while on the feed, being served once a provider holds it, closed when done; never
    before publication, after a withdrawal or sent back to a draft — the same 404 as an id that names nothing."""
    expected = {**{s: "open" for s in PUBLIC_STATUSES}, NeedStatus.matched: "served",
                NeedStatus.in_engagement: "served", NeedStatus.closed: "closed"}
    if status in expected:
        assert policy.public_need_stage("n1", status=status.value, published=True) == expected[status]
    else:
        with pytest.raises(NotFoundError):
            policy.public_need_stage("n1", status=status.value, published=True)
    with pytest.raises(NotFoundError):
        policy.public_need_stage("n1", status=status.value, published=False)
    with pytest.raises(NotFoundError):
        policy.public_need_stage("n1", status=None, published=False)


def _page_link(html: str, need_id: str) -> str | None:
    """The "public page" line of a need's card on the enterprise's or the coordinator's page: its link, or None."""
    card = html[html.index(f'id="{need_id}"'):] if f'id="{need_id}"' in html else html  # the "my needs" card
    card = card[: card.index("</li>")] if card is not html else card
    found = re.search(r'<div class="public-page">(.*?)</button>', card, re.S)
    return found.group(1) if found else None


def test_the_enterprise_and_the_coordinator_see_the_public_page_of_a_published_need_only(
        domain_client: TestClient, domain_world: World) -> None:
    """The enterprise's "my needs" page and the coordinator's review page link a published need to its public page
    (the address to share, written out whole), by ``authz.policy.public_need_stage`` as the page itself: not a
    draft's, nor a withdrawn need's. ``need.published`` carries the page's path."""
    c, w, as_ = domain_client, domain_world, Logins(domain_client)
    ent = as_("ent-a")
    assert c.post("/api/v1/webhooks/subscriptions", headers=bearer(w.keys["site"]),
                  json={"url": "https://hooks.example.org/in", "events": ["need.published"]}).status_code == 201
    draft = create_need(c, ent, text=TEXT)["id"]
    withdrawn, _ = submitted_need(c, ent, text=TEXT)
    assert c.post(f"/api/v1/needs/{withdrawn}/withdraw", headers=ent).status_code == 200
    published, review = submitted_need(c, ent, text=TEXT)
    url = f"http://testserver/needs/{published}"
    site = bearer(w.keys["site"])
    sent = [c.get(f"/api/v1/webhooks/deliveries/{d['id']}", headers=site).json()["payload"]
            for d in c.get("/api/v1/webhooks/deliveries", headers=site).json()["items"]]
    assert {p["id"]: p.get("path") for p in sent} == {need: f"/needs/{need}" for need in (withdrawn, published)}

    assert c.post("/api/v1/auth/login", json={"username": "ent-a", "password": PASSWORD}).status_code == 200
    mine = c.get("/needs").text
    assert _page_link(mine, draft) is None and _page_link(mine, withdrawn) is None
    line = _page_link(mine, published)
    assert line is not None, mine[:3000]
    assert "公开页面" in line and f'href="{url}"' in line and f'readonly value="{url}"' in line, line
    assert f'data-copy="public-url-{published}"' in line and "复制" in line, line
    c.cookies.set("lang", "en")
    line = _page_link(c.get("/needs").text, published)
    assert line is not None and "Public page" in line and "公开" not in line, line
    assert f'href="{url}?lang=en"' in line and f'value="{url}?lang=en"' in line and "Copy" in line, line
    c.cookies.delete("lang")

    assert c.post("/api/v1/auth/login", json={"username": "coord-assoc", "password": PASSWORD}).status_code == 200
    line = _page_link(c.get(f"/review/{review}").text, published)
    assert line is not None and "公开页面" in line and f'href="{url}"' in line, line


def test_the_api_s_whole_need_carries_its_public_page_s_address(domain_client: TestClient,
                                                                 domain_world: World) -> None:
    """``GET /api/v1/needs/{id}`` answers the public page's whole address while the need has a page (the one the
    enterprise's "my needs" page shows, decided by ``authz.policy.public_need_stage``), null otherwise: an
    enterprise's own system shares the link as its people do."""
    c = domain_client
    ent = Logins(c)("ent-a")
    draft = create_need(c, ent, text=TEXT)["id"]
    withdrawn, _ = submitted_need(c, ent, text=TEXT)
    assert c.post(f"/api/v1/needs/{withdrawn}/withdraw", headers=ent).status_code == 200
    published, _ = submitted_need(c, ent, text=TEXT)
    urls = {need: c.get(f"/api/v1/needs/{need}", headers=ent).json()["public_url"]
            for need in (draft, withdrawn, published)}
    assert urls == {draft: None, withdrawn: None, published: f"http://testserver/needs/{published}"}
    assert c.get(urls[published]).status_code == 200
    english = c.get(f"/api/v1/needs/{published}", params={"lang": "en"}, headers=ent).json()
    assert english["public_url"] == f"http://testserver/needs/{published}?lang=en"
    doc = c.get("/openapi.json").json()
    schema = doc["paths"]["/api/v1/needs/{need_id}"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"]["$ref"].rsplit("/", 1)[1]
    assert "public_url" in doc["components"]["schemas"][schema]["properties"]
