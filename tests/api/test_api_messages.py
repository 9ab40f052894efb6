"""技术、商务沟通 and delivery with files (issue 12 step 5): the engagement's parties write to each other with
attachments and hand over results as files; files are typed by content, served only to the parties, as downloads;
bad input is refused naming the field and leaves nothing behind; the API and the page are one flow."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from accounts import service as auth
from accounts.vocab import OrgKind, Role
from api.app import create_app
from api.config import ApiConfig
from core.db import session_scope
from outbox.models import WebhookDelivery
from pipeline.models import EngagementFile, EngagementMessage
from tests.api.apihelpers import PASSWORD, TEST_BODY_LIMIT, World, assert_error, bearer, login
from tests.api.conftest import fake_matcher
from tests.api.domainhelpers import AGREEMENT, Logins, accept_first, submitted_need
from tests.api.formhelpers import form_error
from tests.api.uihelpers import form_login
from tests.pipeline.test_pipeline_attachments import pdf, png, xlsx

SECRET = "PROJECT-OSPREY"


def _engagement(c: TestClient, as_: Logins) -> tuple[str, str]:
    need_id, review_id = submitted_need(c, as_("ent-a"), confidential=True, redactions=[SECRET],
                                        text=f"{SECRET}电芯针刺后热失控，需要按GB 38031做热失控试验，需CMA报告")
    return need_id, accept_first(c, as_("coord-assoc"), review_id)["engagement_id"]


def _counts(world: World) -> tuple[int, int]:
    with session_scope(world.settings) as session:
        return (session.scalar(select(func.count()).select_from(EngagementMessage)) or 0,
                session.scalar(select(func.count()).select_from(EngagementFile)) or 0)


def _post(c: TestClient, headers: dict[str, str], eng: str, body: str,
          files: list[tuple[str, bytes]] | None = None) -> Any:
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files or []]
    return c.post(f"/api/v1/engagements/{eng}/messages", headers=headers, data={"body": body},
                  files=parts or None)


def _advance(c: TestClient, headers: dict[str, str], eng: str, transition: str, **payload: Any) -> dict[str, Any]:
    version = c.get(f"/api/v1/engagements/{eng}", headers=headers).json()["version"]
    answer = c.post(f"/api/v1/engagements/{eng}/transitions", headers=headers,
                    json={"transition": transition, "version": version, "payload": payload})
    assert answer.status_code == 200, answer.text
    out: dict[str, Any] = answer.json()
    return out


def test_the_parties_write_to_each_other_with_files(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _need, eng = _engagement(c, as_)
    ent, center, assoc = as_("ent-a"), as_("coord-center"), as_("coord-assoc")

    posted = _post(c, ent, eng, "样品下周寄出，附上样品照片和技术要求。",
                   [("样品照片.png", png()), ("技术要求.pdf", pdf())])
    assert posted.status_code == 201, posted.text
    message = posted.json()
    assert [f["name"] for f in message["files"]] == ["样品照片.png", "技术要求.pdf"]
    assert [f["media_type"] for f in message["files"]] == ["image/png", "application/pdf"]
    answer = _post(c, center, eng, "收到，报价见附表。", [("报价.xlsx", xlsx())])
    assert answer.status_code == 201, answer.text

    for reader in (ent, center, assoc):
        thread = c.get(f"/api/v1/engagements/{eng}/messages", headers=reader).json()
        assert [m["body"] for m in thread] == ["样品下周寄出，附上样品照片和技术要求。", "收到，报价见附表。"]
        assert [m["author_role"] for m in thread] == ["enterprise", "center_coordinator"]
        # Who the client is stays need-to-know: not the provider's until the need's details are opened to it.
        assert thread[0]["author_name"] == (None if reader is center else "甲公司")
    assert [m["mine"] for m in c.get(f"/api/v1/engagements/{eng}/messages", headers=ent).json()] == [True, False]

    file_id = message["files"][1]["id"]
    download = c.get(f"/api/v1/engagements/{eng}/files/{file_id}", headers=center)
    assert download.status_code == 200 and download.content == pdf()
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E6%8A%80%E6%9C%AF%E8%A6%81%E6%B1%82.pdf" in download.headers["content-disposition"]
    assert download.headers["x-content-type-options"] == "nosniff"
    assert download.headers["content-security-policy"] == "sandbox"

    # The other side is told, without the text; the writer's side is not.
    kinds = {who: [n["kind"] for n in c.get("/api/v1/inbox", headers=h).json()["items"]]
             for who, h in (("ent", ent), ("center", center))}
    assert kinds["center"].count("message") == 1 and kinds["ent"].count("message") == 1
    with session_scope(domain_world.settings) as session:
        hooks = [d.payload for d in session.scalars(select(WebhookDelivery)
                                                    .where(WebhookDelivery.event == "engagement.message_posted"))]
    assert all("body" not in h and "样品" not in json.dumps(h, ensure_ascii=False) for h in hooks)


def test_no_one_else_reads_writes_or_downloads(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _need, eng = _engagement(c, as_)
    posted = _post(c, as_("ent-a"), eng, "附检测委托单", [("委托单.pdf", pdf())]).json()
    file_id = posted["files"][0]["id"]
    with session_scope(domain_world.settings) as session:
        other = auth.create_org(session=session, kind=OrgKind.center, name="稀土计量中心", center_id="met-jx-rare")
        auth.create_user(session=session, org_id=other.id, username="coord-other", password=PASSWORD,
                         role=Role.center_coordinator)
    before = _counts(domain_world)
    for outsider in (as_("ent-b"), bearer(login(c, "coord-other"))):
        assert_error(c.get(f"/api/v1/engagements/{eng}/messages", headers=outsider), 404)
        assert_error(_post(c, outsider, eng, "我也想参与"), 404)
        assert_error(c.get(f"/api/v1/engagements/{eng}/files/{file_id}", headers=outsider), 404)
    # An association's key reads (results:read) the thread of a need it acts for only (issue 31: before, every
    # association key read every tenant's), and never writes: messages are people's.
    assert_error(_post(c, bearer(domain_world.keys["site"]), eng, "机器留言"), 403)
    assert_error(c.get(f"/api/v1/engagements/{eng}/messages", headers=bearer(domain_world.keys["site"])), 404)
    assert c.post("/api/v1/consents", headers=as_("ent-a"),
                  json={"association_org_id": domain_world.orgs["assoc"]}).status_code == 201
    assert c.get(f"/api/v1/engagements/{eng}/messages", headers=bearer(domain_world.keys["site"])).status_code == 200
    # A file id of another engagement, or none, is missing here.
    assert_error(c.get(f"/api/v1/engagements/{eng}/files/nope", headers=as_("ent-a")), 404)
    assert _counts(domain_world) == before
    # The page gives the outsider the HTML 404, and the party the file.
    page = TestClient(c.app)
    assert form_login(page, "ent-b").status_code == 303
    assert page.get(f"/engagements/{eng}/files/{file_id}").status_code == 404
    assert form_login(page, "coord-center").status_code == 303
    assert page.get(f"/engagements/{eng}/files/{file_id}").content == pdf()


def test_bad_files_and_messages_are_refused_and_nothing_is_kept(domain_client: TestClient,
                                                                domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _need, eng = _engagement(c, as_)
    ent = as_("ent-a")
    before = _counts(domain_world)
    for files, code in [
        ([("报告.pdf", b"MZ\x90\x00" + b"\x00" * 200)], "file_type_refused"),  # a program, renamed
        ([("../../etc/报告.pdf", pdf())], "bad_file_name"),
        ([("页面.html", b"<html><script>alert(1)</script></html>")], "file_type_refused"),
        ([("好.pdf", pdf()), ("坏.png", pdf())], "file_type_refused"),  # one bad file refuses the whole message
        ([("空.pdf", b"")], "empty_file"),
    ]:
        body = assert_error(_post(c, ent, eng, "见附件", files), 400, code)
        assert body["field"] == "file"
    assert assert_error(_post(c, ent, eng, "   "), 400)["field"] == "body"
    assert assert_error(_post(c, ent, eng, "x" * 4001), 422)
    assert assert_error(_post(c, ent, eng, "含\x00控制字符"), 400)["field"] == "body"
    too_many = [(f"{i}.pdf", pdf()) for i in range(6)]
    assert assert_error(_post(c, ent, eng, "六个文件", too_many), 400, "too_many_files")["field"] == "file"
    assert _counts(domain_world) == before
    assert c.get(f"/api/v1/engagements/{eng}/messages", headers=ent).json() == []


def test_an_upload_over_the_limit_is_refused_before_it_is_read(domain_world: World) -> None:
    config = ApiConfig(deliver_in_process=False, max_body_bytes=TEST_BODY_LIMIT, upload_max_file_bytes=4096)
    with TestClient(create_app(domain_world.settings, config, matcher=fake_matcher())) as c:
        as_ = Logins(c)
        _need, eng = _engagement(c, as_)
        before = _counts(domain_world)
        # Over the file limit, inside the body limit: the pipeline names the file.
        over = assert_error(_post(c, as_("ent-a"), eng, "大文件", [("大.pdf", pdf() + b"0" * 5000)]), 400,
                            "file_too_large")
        assert over["field"] == "file"
        # Over what any upload body may carry: 413 before the handler runs.
        assert_error(_post(c, as_("ent-a"), eng, "太大", [("巨.pdf", pdf() + b"0" * 400_000)]), 413)
        # Other routes keep the small limit.
        assert_error(c.post("/api/v1/needs", headers=as_("ent-a"), json={"text": "热" * 70_000}), 413)
        assert _counts(domain_world) == before


def test_delivery_hands_over_the_result_files(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _need, eng = _engagement(c, as_)
    ent, center, assoc = as_("ent-a"), as_("coord-center"), as_("coord-assoc")
    _advance(c, ent, eng, "reach_agreement")
    _advance(c, center, eng, "sign_agreement", agreement=AGREEMENT)
    _advance(c, ent, eng, "countersign")
    _advance(c, center, eng, "form_team", team={"lead": "exp-1", "members": ["exp-2"]})
    _advance(c, center, eng, "submit_plan", plan="按 GB 38031-2020 第8.2条试验")
    _advance(c, assoc, eng, "approve_plan", opinion="方案可行")
    version = c.get(f"/api/v1/engagements/{eng}", headers=ent).json()["version"]

    def deliver(headers: dict[str, str], files: list[tuple[str, bytes]], v: int = version) -> Any:
        return c.post(f"/api/v1/engagements/{eng}/delivery", headers=headers,
                      data={"version": str(v), "note": "检测报告及原始记录已交付"},
                      files=[("files", (n, d, "application/octet-stream")) for n, d in files])

    before = _counts(domain_world)
    assert_error(deliver(center, [("报告.pdf", b"not a pdf at all")]), 400, "file_type_refused")
    assert_error(deliver(ent, [("报告.pdf", pdf())]), 403)  # the client does not hand over results
    assert_error(deliver(center, [("报告.pdf", pdf())], v=version - 1), 409)  # a stale version
    bare = assert_error(deliver(center, []), 400, "no_deliverable")  # results are handed over as files
    assert bare["field"] == "delivery.files" and "至少一个成果文件" in str(bare["message"])
    assert _counts(domain_world) == before
    assert c.get(f"/api/v1/engagements/{eng}", headers=ent).json()["state"] == "delivering"

    done = deliver(center, [("检测报告.pdf", pdf()), ("原始记录.xlsx", xlsx())])
    assert done.status_code == 200, done.text
    detail = c.get(f"/api/v1/engagements/{eng}", headers=ent).json()
    assert detail["state"] == "acceptance"
    files = detail["deliveries"][-1]["files"]
    assert [f["name"] for f in files] == ["检测报告.pdf", "原始记录.xlsx"]
    assert c.get(f"/api/v1/engagements/{eng}/files/{files[0]['id']}", headers=ent).content == pdf()
    # The engagement page links them for the client.
    page = TestClient(c.app)
    assert form_login(page, "ent-a").status_code == 303
    assert f"/engagements/{eng}/files/{files[1]['id']}" in page.get(f"/engagements/{eng}").text
    # Once the engagement has ended, the thread is read-only.
    _advance(c, ent, eng, "pass_acceptance", reasons=["报告完整"])
    assert_error(_post(c, ent, eng, "谢谢"), 409, "engagement_ended")


def test_the_page_and_the_api_post_the_same_message(domain_client: TestClient, domain_world: World) -> None:
    c, as_ = domain_client, Logins(domain_client)
    _need, eng = _engagement(c, as_)
    page = TestClient(c.app)
    assert form_login(page, "ent-a").status_code == 303
    sent = page.post(f"/engagements/{eng}/messages", data={"body": "页面留言，附委托单"},
                     files=[("files", ("委托单.pdf", pdf(), "application/pdf"))], follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == f"/engagements/{eng}#messages"
    # An empty file input is no file: byte for byte what Chromium sends when no file was chosen.
    raw = ('--XyZ\r\nContent-Disposition: form-data; name="body"\r\n\r\n只有文字\r\n'
           '--XyZ\r\nContent-Disposition: form-data; name="files"; filename=""\r\n'
           'Content-Type: application/octet-stream\r\n\r\n\r\n--XyZ--\r\n').encode()
    sent = page.post(f"/engagements/{eng}/messages", content=raw, follow_redirects=False,
                     headers={"Content-Type": "multipart/form-data; boundary=XyZ"})
    assert sent.status_code == 303 and not form_error(sent)
    api = _post(c, as_("ent-a"), eng, "接口留言，附委托单", [("委托单.pdf", pdf())])
    assert api.status_code == 201
    thread = c.get(f"/api/v1/engagements/{eng}/messages", headers=as_("coord-assoc")).json()
    assert [(m["author_role"], m["author_name"], [f["name"] for f in m["files"]]) for m in thread] == [
        ("enterprise", "甲公司", ["委托单.pdf"]), ("enterprise", "甲公司", []),
        ("enterprise", "甲公司", ["委托单.pdf"])]
    # The provider reads the same thread without the client's name (the need is confidential, its details closed).
    seen = c.get(f"/api/v1/engagements/{eng}/messages", headers=as_("coord-center")).json()
    assert [m["author_name"] for m in seen] == [None, None, None] and "甲公司" not in json.dumps(seen)
    # A refused file comes back to the page with the message, and nothing is kept.
    before = _counts(domain_world)
    bad = page.post(f"/engagements/{eng}/messages", data={"body": "坏附件"},
                    files=[("files", ("a/b.pdf", pdf(), "application/pdf"))], follow_redirects=False)
    assert bad.status_code == 303 and form_error(bad)
    assert _counts(domain_world) == before
    shown = page.get(f"/engagements/{eng}").text
    assert "页面留言，附委托单" in shown and 'class="stack message-form"' in shown and "委托单.pdf" in shown
