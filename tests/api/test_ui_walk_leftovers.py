"""What the walks left and the morning after fixed (docs/ui.md, "Leftovers of the walks, fixed (2026-11-28,
morning)"), on the pages as a browser gets them, each failing before its fix. A round rejected and a proposal
declined settling their notices is tests/flows/test_flows_notices_settled.py's."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from core import china_time
from tests.api.apihelpers import World
from tests.api.domainhelpers import AGREEMENT, Logins, accept_first, engagement_until, submitted_need
from tests.api.test_api_complaint_closing import _complaint
from tests.api.uihelpers import signed_in


def _text(page: str) -> str:
    """The page's words, tags left out."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_a_withdrawn_needs_reason_reads_in_the_pages_language_only(domain_client: TestClient,
                                                                   domain_world: World) -> None:
    # The review page said "其他（企业撤回需求 / the enterprise withdrew the need）" under 未采纳: both at once
    c, as_ = domain_client, Logins(domain_client)
    need_id, review_id = submitted_need(c, as_("ent-a"))
    assert c.post(f"/api/v1/needs/{need_id}/withdraw", headers=as_("ent-a")).status_code == 200
    for lang, said, other in (("zh", "企业撤回需求", "the enterprise withdrew the need"),
                              ("en", "the enterprise withdrew the need", "企业撤回需求")):
        for who, page in (("coord-assoc", f"/review/{review_id}"), ("ent-a", "/needs")):
            text = _text(signed_in(c, who, lang).get(page).text)
            assert said in text and other not in text, (who, lang)


def test_the_assign_by_hand_reason_has_a_placeholder_that_helps(domain_client: TestClient,
                                                               domain_world: World) -> None:
    # The reason's placeholder repeated its label, cut short in English ("Why this provider (requi…")
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    for lang in ("zh", "en"):
        page = signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text
        form = page[page.index('class="assign-form"'):]
        found = re.search(r'<label>([^<]*)<input name="note"[^>]*placeholder="([^"]*)"', form)
        assert found, lang
        said, hint = found.group(1).strip(), html.unescape(found.group(2))
        assert hint and hint not in said and said not in hint, (lang, said, hint)
        assert len(hint) <= (10 if lang == "zh" else 24), hint  # read whole in the field


def test_an_experts_title_reads_as_english_names_the_grades(domain_client: TestClient, domain_world: World) -> None:
    # 副高级 read "associate senior"; 正高级 "senior", as if the grade below had no name of its own
    c, as_ = domain_client, Logins(domain_client)
    edit = _text(signed_in(c, "coord-center", "en").get("/providers/qic-js-battery/edit").text)
    for grade in ("senior (full)", "senior (associate)", "intermediate", "junior"):
        assert grade in edit, grade
    assert "associate senior" not in edit
    assert all(grade in _text(signed_in(c, "coord-center", "zh").get("/providers/qic-js-battery/edit").text)
               for grade in ("正高级", "副高级", "中级", "初级"))
    # The team form names each expert's grade, no brackets inside brackets
    eng = engagement_until(c, as_, until="countersign")
    team = signed_in(c, "coord-center", "en").get(f"/engagements/{eng}").text
    lead = re.search(r'<select name="lead"[^>]*>(.*?)</select>', team, re.S)
    assert lead, "no team form"
    options = [html.unescape(o) for o in re.findall(r"<option [^>]*>([^<]*)</option>", lead.group(1))]
    # each choice also says whether the expert may lead (seed 000 §4.2.1), after the title and the years
    assert any(" — senior (full), 18 yrs · " in o for o in options), options


def _toast(page: str) -> str:
    found = re.search(r'<div class="toast"[^>]*><span>([^<]*)</span>', page)
    return html.unescape(found.group(1)) if found else ""


def test_a_steps_toast_says_which_step_was_done(domain_client: TestClient, domain_world: World) -> None:
    # The toast after a step said only "已办理 / Done", whichever step it was
    c, as_ = domain_client, Logins(domain_client)
    eng = accept_first(c, as_("coord-assoc"), submitted_need(c, as_("ent-a"))[1])["engagement_id"]
    for who, lang, transition, said in (("ent-a", "zh", "reach_agreement", "已办理：达成一致"),
                                        ("coord-center", "en", "sign_agreement", "Done: sign the agreement")):
        ui = signed_in(c, who, lang)
        version = c.get(f"/api/v1/engagements/{eng}", headers=as_(who)).json()["version"]
        form = {"version": version, "transition": transition}
        if transition == "sign_agreement":
            form = {"version": version, **{k: v for k, v in AGREEMENT.items() if isinstance(v, str)},
                    "deliverables": "\n".join(AGREEMENT["deliverables"])}
        path = f"/engagements/{eng}/agreement" if transition == "sign_agreement" else f"/engagements/{eng}/advance"
        sent = ui.post(path, data=form, follow_redirects=False)
        assert sent.status_code == 303 and "error" not in sent.cookies, sent.headers
        assert _toast(ui.get(sent.headers["location"]).text) == said
        assert _toast(ui.get(sent.headers["location"]).text) == ""  # said once
    # Both steps were taken: the toasts told of what happened
    assert c.get(f"/api/v1/engagements/{eng}", headers=as_("ent-a")).json()["state"] == "awaiting_countersignature"


def test_the_delivery_and_a_complaints_handling_say_what_was_done(domain_client: TestClient,
                                                                  domain_world: World) -> None:
    # A center's day walked on 2026-11-29: results delivered and a complaint's handling recorded were each answered
    # "已办理" alone, the one form of the engagement page whose step the toast did not name, and the other.
    c, as_ = domain_client, Logins(domain_client)
    eng = engagement_until(c, as_, until="approve_plan")
    version = c.get(f"/api/v1/engagements/{eng}", headers=as_("coord-center")).json()["version"]
    ui = signed_in(c, "coord-center", "zh")
    sent = ui.post(f"/engagements/{eng}/delivery", data={"version": version, "note": "报告已出"},
                   files=[("files", ("report.txt", "检测报告正文".encode(), "text/plain"))], follow_redirects=False)
    assert sent.status_code == 303 and "error" not in sent.cookies, sent.headers
    assert _toast(ui.get(sent.headers["location"]).text) == "已办理：提交服务成果"
    eng, fid = _complaint(c, as_)
    for lang, resolved, said in (("zh", False, "处理进展已登记，投诉仍待处理"),
                                 ("en", True, "Handling recorded: the client confirms it or says why not")):
        ui = signed_in(c, "coord-center", lang)
        form = {"handling": "已致歉并补寄纸质报告", **({"resolved": "true"} if resolved else {})}
        sent = ui.post(f"/engagements/{eng}/complaints/{fid}/handling", data=form, follow_redirects=False)
        assert sent.status_code == 303 and "error" not in sent.cookies, sent.headers
        assert _toast(ui.get(sent.headers["location"]).text) == said


def test_a_center_declines_the_need_in_its_own_words(domain_client: TestClient, domain_world: World) -> None:
    # A center's day walked on 2026-11-29: on the review page the center's button to decline its own proposal read
    # "婉拒此机构" / "Decline this provider", the association's words for declining the center
    c, as_ = domain_client, Logins(domain_client)
    _, review_id = submitted_need(c, as_("ent-a"))
    for lang, own, theirs in (("zh", "婉拒此需求", "婉拒此机构"), ("en", "Decline this need", "Decline this provider")):
        page = signed_in(c, "coord-center", lang).get(f"/review/{review_id}").text
        form = page[page.index('class="reject-form"'):]
        form = form[:form.index("</form>")]
        assert own in _text(form) and theirs not in _text(page), lang
        assert ("确定婉拒此需求吗" if lang == "zh" else "Decline this need?") in html.unescape(form), form
        association = signed_in(c, "coord-assoc", lang).get(f"/review/{review_id}").text
        assert theirs in _text(association) and own not in _text(association), lang


def test_a_self_assessment_says_how_many_items_were_left_blank(domain_client: TestClient,
                                                              domain_world: World) -> None:
    # A center's day walked on 2026-11-29: a self-assessment with one value of its thirty was answered
    # "评价已完成并记录在案" with no word of the rest. Seed 001 keeps missing data missing (never zero, no total and no
    # stars without it), so a partial self-assessment is kept, and the answer says what is blank.
    c = domain_client
    for lang, period, given, said in (
            ("zh", "2024", {"papers": "12"}, "自评已记录：30 项中 29 项未填写，缺项不计为零，自评不给出总分与星级"),
            ("en", "2025", {"papers": "12", "patents_awards": "3"},
             "Self-assessment on record: 28 of 30 items left blank; a blank counts as missing, not zero, so the "
             "self-assessment has no total or stars")):
        ui = signed_in(c, "coord-center", lang)
        sent = ui.post("/evaluation/qic-js-battery/self-assessments", data={"period": period, **given},
                       follow_redirects=False)
        assert sent.status_code == 303 and "error" not in sent.cookies, sent.headers
        assert _toast(ui.get(sent.headers["location"]).text) == said, lang


def test_an_opportunity_past_its_deadline_says_so(domain_client: TestClient, domain_world: World,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # A center's day walked on 2026-11-29: the opportunities page offered a need whose deadline had passed, unmarked
    # among the others (the order, late ones last, is tests/flows/test_opportunities.py's)
    c, as_ = domain_client, Logins(domain_client)
    today = china_time.today()
    need_id, _ = submitted_need(c, as_("ent-a"), deadline=(today + timedelta(days=5)).isoformat())
    for lang, said in (("zh", "期限已过"), ("en", "deadline passed")):
        ui = signed_in(c, "coord-center", lang)
        before = ui.get("/centers/qic-js-battery/opportunities").text
        assert f'data-need="{need_id}"' in before and said not in _text(before), lang
        with monkeypatch.context() as later:
            later.setattr(china_time, "today", lambda: today + timedelta(days=6))
            page = ui.get("/centers/qic-js-battery/opportunities").text
        card = page[page.index(f'id="need-{need_id}"'):]
        card = card[:card.index("</li>")]
        assert said in _text(card), (lang, _text(card))
