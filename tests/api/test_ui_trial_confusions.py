"""What confused a new user's trial in real Chromium (2026-11-29, the second list), on the pages as a browser gets
them, each failing before its fix: a declined proposal's reason, a proposed provider's standing, the history said
as a person would, a coordinator acting for a party, a center's offer to help, and a registration without a credit
code."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from itertools import pairwise

from fastapi.testclient import TestClient

from accounts.credit_code import check_character
from api.pages import ui_charts
from api.pages.ui_providers import month_labels
from core import china_time
from core.db import session_scope
from evaluation.models import EvaluationRun
from flows import providers as flows_providers
from providers.models import ProviderLifecycle
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins, engagement_until, step, submitted_need
from tests.api.uihelpers import page_words, signed_in


def _card(page: str, center_id: str) -> str:
    """One proposal's card on the review page."""
    found = re.search(rf'<li class="proposal card[^"]*" data-center="{re.escape(center_id)}"[^>]*>(.*?)</li>'
                      r'\s*(?:<li class="proposal|</ol>)', page, re.S)
    assert found, center_id
    return found.group(1)


def _decline(c: TestClient, headers: dict[str, str], review_id: str, center: str, reason: str, text: str) -> None:
    version = c.get(f"/api/v1/reviews/{review_id}", headers=headers).json()["version"]
    answer = c.post(f"/api/v1/reviews/{review_id}/reject", headers=headers,
                    json={"reason": reason, "text": text, "center_id": center, "version": version})
    assert answer.status_code == 200, answer.text


def test_a_declined_proposal_says_its_reason_where_it_is_shown(domain_client: TestClient,
                                                              domain_world: World) -> None:
    # The declined proposal's card on the review page said only "未采纳" / "Declined"; the enterprise's needs page
    # folded the reasons away under "未采纳 (1)"
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    assoc = as_("coord-assoc")
    center = c.get(f"/api/v1/reviews/{review_id}", headers=assoc).json()["proposals"][0]["center_id"]
    _decline(c, assoc, review_id, center, "no_capacity", "本月排期已满")
    for lang, reason in (("zh", "机构无余力承接"), ("en", "provider has no capacity")):
        card = page_words(_card(signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text, center))
        assert reason in card and "本月排期已满" in card, (lang, card)
        own = page_words(_card(signed_in(c, "coord-center", lang).get(f"/review/{review_id}").text, center))
        assert reason in own and "本月排期已满" in own, (lang, own)
        needs = signed_in(c, "ent-a", lang).get("/needs").text
        declined = re.search(r'<(?:details|div)[^>]*class="[^"]*declined-list[^"]*"[^>]*>(.*?)</(?:details|div)>',
                             needs, re.S)
        assert declined, lang
        assert "<details" not in declined.group(0)[:10] or " open" in declined.group(0)[:40], declined.group(0)
        assert reason in page_words(declined.group(1)) and "本月排期已满" in page_words(declined.group(1)), lang


def _rectifying_and_one_star(world: World, center_id: str, deadline: date) -> None:
    """The provider put under 限期整改 and given a one-star rating, as the association's decisions would leave it."""
    with session_scope(world.settings) as session:
        lifecycle = session.get(ProviderLifecycle, center_id)
        if lifecycle is None:
            flows_providers.sync(session=session)
            lifecycle = session.get(ProviderLifecycle, center_id)
        assert lifecycle is not None
        lifecycle.state, lifecycle.rectification_deadline = "rectifying", deadline
        session.add(EvaluationRun(center_id=center_id, period="2026", hierarchy_id="seed001", hierarchy_sha256="0" * 64,
                                  complete=True, total=41.5, stars=1, tier=None, party="second",
                                  evaluator_name="质量协会", inputs={}, result={}))


def test_a_proposals_card_says_the_providers_standing(domain_client: TestClient, domain_world: World) -> None:
    # A provider under 限期整改 with a one-star rating showed on the review's card like any other
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    proposals = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["proposals"]
    center = next(p["center_id"] for p in proposals if p["center_id"] == "qic-js-battery")
    due = china_time.today() + timedelta(days=40)
    for lang in ("zh", "en"):  # before: an operating provider without a rating says so too
        card = page_words(_card(signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text, center))
        assert ("尚无评价" if lang == "zh" else "not rated yet") in card, card
    _rectifying_and_one_star(domain_world, center, due)
    for lang, stage, stars, by in (("zh", "限期整改", "1 星", f"整改期限 {due.isoformat()}"),
                                   ("en", "under rectification", "1 star", f"rectify by {due.isoformat()}")):
        page = signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text
        standing = re.search(r'<p class="standing[^"]*"[^>]*>(.*?)</p>', _card(page, center), re.S)
        assert standing, lang
        said = page_words(standing.group(1))
        assert stage in said and stars in said and by in said and "★" in said, (lang, said)
        assert 'class="standing warn' in _card(page, center)
        own = page_words(_card(signed_in(c, "coord-center", lang).get(f"/review/{review_id}").text, center))
        assert stage in own and stars in own, (lang, own)


def _step_button(page: str, step: str) -> str:
    """The words on a step's button (its own form, or the agreement's)."""
    found = re.search(rf'<form[^>]*data-step="{step}"[^>]*>.*?<button[^>]*>([^<]*)</button>', page, re.S)
    return html.unescape(found.group(1)).strip() if found else ""


def _history(page: str) -> list[str]:
    found = re.search(r'<ol class="history">(.*?)</ol>', page, re.S)
    assert found
    return [page_words(li) for li in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


def test_a_coordinator_acting_for_a_party_is_told_so_and_the_history_says_for_whom(
        domain_client: TestClient, domain_world: World) -> None:
    # The association's coordinator was offered the enterprise's "验收通过" as its own button, and the history named
    # only the coordinator
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="submit_results")  # at acceptance: the enterprise's decision
    for lang, theirs, own in (("zh", "代企业验收通过", "验收通过"),
                              ("en", "Pass acceptance on behalf of the enterprise", "Pass acceptance")):
        assert _step_button(signed_in(c, "coord-assoc", lang).get(f"/engagements/{eng}").text,
                            "pass_acceptance") == theirs, lang
        assert _step_button(signed_in(c, "ent-a", lang).get(f"/engagements/{eng}").text, "pass_acceptance") == own
    step(c, as_("coord-assoc"), eng, "pass_acceptance", {"reasons": ["报告完整"]})
    events = c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["events"]
    assert events[-1]["payload"]["on_behalf_of"] == ["enterprise"]
    assert "on_behalf_of" not in events[-2]["payload"]  # the center's own results
    for lang, said in (("zh", "代企业"), ("en", "on behalf of the enterprise")):
        lines = _history(signed_in(c, "ent-a", lang).get(f"/engagements/{eng}").text)
        assert said in lines[-1] and said not in lines[-2], (lang, lines[-2:])


def test_the_association_signing_for_the_provider_is_told_so(domain_client: TestClient,
                                                              domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="reach_agreement")  # agreed: the provider signs its agreement
    for lang, theirs in (("zh", "代机构签订技术服务协议"), ("en", "Sign the agreement on behalf of the provider")):
        page = signed_in(c, "coord-assoc", lang).get(f"/engagements/{eng}").text
        form = page[page.index('class="stack agreement-form"'):]
        assert theirs in page_words(form[:form.index("</form>")]), lang
        own = signed_in(c, "coord-center", lang).get(f"/engagements/{eng}").text
        assert theirs not in page_words(own)


def test_the_history_says_a_step_once_when_it_names_its_stage(domain_client: TestClient,
                                                                domain_world: World) -> None:
    # The engagement's history read "达成一致 → 达成一致" and "成立项目组 → 成立项目组"
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="form_team")
    for lang in ("zh", "en"):
        for line in _history(signed_in(c, "ent-a", lang).get(f"/engagements/{eng}").text):
            said = line.split("·")[0]
            parts = [p.strip() for p in said.split("→")]
            assert len(parts) == 1 or parts[0].split()[-1] != parts[1], (lang, line)
    lines = _history(signed_in(c, "ent-a", "zh").get(f"/engagements/{eng}").text)
    assert any(line.split("·")[0].strip().endswith("达成一致") for line in lines), lines


def test_a_field_filled_for_the_first_time_reads_as_filled_in_not_as_new(domain_client: TestClient,
                                                                         domain_world: World) -> None:
    # The entry change's diff said "（新增）" before a value the profile had not held yet (the record itself was not
    # new): the staff working part-time, filled in
    c = domain_client
    center = signed_in(c, "coord-center", "zh")
    sent = center.post("/providers/qic-js-battery/edit", data={"record_type": "center", "staff_part_time": "5"},
                       follow_redirects=False)
    assert sent.status_code == 303 and "done=waits" in sent.headers["location"], sent.headers
    listed = signed_in(c, "coord-assoc", "zh").get("/changes").text
    change = re.search(r'href="/changes/(\d+)"', listed)
    assert change, listed[:2000]
    for lang, before, after in (("zh", "（未填写）", "填写了 5"), ("en", "(empty)", "set to 5")):
        page = signed_in(c, "coord-assoc", lang).get(f"/changes/{change.group(1)}").text
        row = re.search(r'<tr class="diff-row"[^>]*data-field="staff_part_time"[^>]*>(.*?)</tr>', page, re.S)
        assert row, page[:3000]
        cells = [page_words(x).strip() for x in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
        assert cells[2] == before and cells[3] == after, (lang, cells)
        assert "新增" not in page_words(row.group(1)) and "(new)" not in page_words(row.group(1))


def test_a_registration_without_a_credit_code_is_flagged_to_the_approver(domain_client: TestClient,
                                                                         domain_world: World) -> None:
    # An enterprise that registered without its 统一社会信用代码 waited like any other: nothing told the approver
    c = domain_client
    valid = "91320412MA1XY1000" + check_character("91320412MA1XY1000")
    for org, user, code in (("丁公司", "ding-boss", None), ("戊公司", "wu-boss", valid)):
        body = {"org_name": org, "username": user, "password": "Zq8-lanhu-dingzi",
                "association_id": domain_world.orgs["assoc"], **({"credit_code": code} if code else {})}
        registered = c.post("/api/v1/auth/register", json=body)
        assert registered.status_code == 201, registered.text
    for lang, flag in (("zh", "未填写统一社会信用代码"), ("en", "No unified social credit code")):
        page = signed_in(c, "coord-assoc", lang).get("/admin/registrations").text
        cards = {html.unescape(m.group(2)): m.group(0) for m in re.finditer(
            r'<li class="card registration[^"]*"[^>]*>\s*<h2[^>]*>(\s*)([^<]+)</h2>.*?</li>', page, re.S)}
        assert {"丁公司", "戊公司"} <= set(cards), page[:3000]
        assert flag in page_words(cards["丁公司"]) and 'class="warn' in cards["丁公司"], (lang, cards["丁公司"])
        for name, card in cards.items():
            if name != "丁公司":
                assert flag not in page_words(card), name


def test_a_proposed_center_that_offered_to_help_can_be_accepted_from_its_offer(domain_client: TestClient,
                                                                               domain_world: World) -> None:
    # "主动表示可以承接" pointed the coordinator to 人工指派, whose list leaves out the centers already proposed: the
    # center that offered was nowhere to pick
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"))
    center = "qic-js-battery"
    said = c.post(f"/api/v1/centers/{center}/opportunities/{need_id}/help", headers=as_("coord-center"),
                  json={"note": "两周内可安排"})
    assert said.status_code == 200, said.text
    for lang, mark, accept in (("zh", "主动表示可以承接", "接受其承接"), ("en", "offered to help", "Accept its offer")):
        page = signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text
        panel = re.search(r'<section class="panel can-help" id="can-help">(.*?)</section>', page, re.S)
        assert panel, lang
        row = re.search(rf'<li data-center="{center}"[^>]*>(.*?)</li>', panel.group(1), re.S)
        assert row, panel.group(1)
        form = re.search(r'<form method="post" action="/review/[^"]+/accept"[^>]*>(.*?)</form>', row.group(1), re.S)
        assert form and f'value="{center}"' in form.group(1), (lang, row.group(1))
        assert accept in page_words(form.group(1)), (lang, row.group(1))
        assert mark.casefold() in page_words(_card(page, center)).casefold(), lang
        assert "人工指派" not in page_words(panel.group(1)) or lang == "en"
    version = c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["version"]
    ui = signed_in(c, "coord-assoc", "zh")
    done = ui.post(f"/review/{review_id}/accept", data={"center_id": center, "version": version},
                   follow_redirects=False)
    assert done.status_code == 303 and "error" not in done.cookies, done.headers
    assert c.get(f"/api/v1/reviews/{review_id}", headers=as_("coord-assoc")).json()["accepted_center_id"] == center


def test_a_declined_center_that_offered_to_help_says_how_to_take_it_back(domain_client: TestClient,
                                                                         domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"))
    center = "qic-js-battery"
    assert c.post(f"/api/v1/centers/{center}/opportunities/{need_id}/help", headers=as_("coord-center"),
                  json={}).status_code == 200
    _decline(c, as_("coord-assoc"), review_id, center, "no_capacity", "排期已满")
    for lang, said in (("zh", "撤销婉拒"), ("en", "undo the decline")):
        page = signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text
        panel = re.search(r'<section class="panel can-help" id="can-help">(.*?)</section>', page, re.S)
        assert panel
        row = page_words(re.search(rf'<li data-center="{center}"[^>]*>(.*?)</li>', panel.group(1), re.S).group(1))
        assert said.casefold() in row.casefold() and "/accept" not in panel.group(1), (lang, row)
        assert f'href="#proposal-{center}"' in panel.group(1) and f'id="proposal-{center}"' in page


def _width(text: str, size: float) -> float:
    """About how wide a label is drawn: a CJK character an em, anything else six tenths of one."""
    return sum(size if ord(ch) > 0x2E80 else 0.6 * size for ch in text)


def test_the_obligations_charts_month_labels_do_not_run_into_each_other() -> None:
    # The association's dashboard read "2025-12 2026-01" as one smudge under the first two bars: the window's first
    # month carried its year beside January's (screenshot providers-03-dashboard)
    months = [f"{2025 + (11 + i) // 12}-{(11 + i) % 12 + 1:02d}" for i in range(15)]  # 2025-12 … 2027-02
    for lang in ("zh", "en"):
        for window in (months, months[1:], months * 2):
            columns = [(said, {"on_time": 1}) for said in month_labels(window, lang)]
            svg = str(ui_charts.stacked_bars(columns, [ui_charts.Stack("on_time", "按期", "#2e7d4f")], label="x",
                                             chart_id="obligations-chart"))
            axis = ui_charts.HEIGHT - ui_charts.BOTTOM + 18
            labels = [(float(x), float(size), html.unescape(text)) for x, size, text in re.findall(
                rf'<text x="([\d.]+)" y="{axis:.1f}" text-anchor="middle" font-size="(\d+)"[^>]*>([^<]*)</text>', svg)]
            assert labels and any(re.fullmatch(r"\d{4}-\d{2}", t) for _, _, t in labels), labels
            for (x1, s1, t1), (x2, s2, t2) in pairwise(labels):
                assert x1 + _width(t1, s1) / 2 + 2 <= x2 - _width(t2, s2) / 2, (lang, t1, t2)


def _fact(page: str, label: str) -> str:
    found = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", page, re.S)
    assert found, label
    return page_words(found.group(1)).strip()


def test_a_budget_reads_the_same_on_every_page_that_shows_it(domain_client: TestClient, domain_world: World) -> None:
    # The same need's budget read "50,000 元" on the enterprise's and the review's facts, "5万元" on the queue's card
    # and in the chat
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    for lang, label, said in (("zh", "预算", "约5万元"), ("en", "Budget", "about RMB 50,000")):
        mine = _fact(signed_in(c, "ent-a", lang).get("/needs").text, label)
        review = _fact(signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text, label)
        queue = signed_in(c, "coord-assoc", lang).get("/review").text
        card = _fact(queue[queue.index(f'/review/{review_id}"'):], label)
        assert mine == review == card == said, (lang, mine, review, card)
