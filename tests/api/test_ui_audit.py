"""The audit log's sentences (api.pages.ui_audit): every kind of entry reads as a sentence with names in both
languages, a kind without a sentence of its own reads as a generic one, and no id is ever said."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from typing import Any

import pytest

from accounts.schemas import KeyOut, UserOut
from accounts.vocab import Role, Scope
from api.pages.ui_audit import KINDS, kind_choices, subject
from api.pages.ui_audit import sentence as html_sentence
from authz.schemas import AuditOut
from flows.audit_log import AuditNames, parse_actor

NOW = datetime(2026, 11, 20, 6, 3, tzinfo=UTC)
IDS = ("u-7f3a", "u-9c1d", "o-assoc-41", "o-ent-88", "k-5e2b", "n-0d4f", "c-11aa", "qic-js-battery", "o-bureau-js")


def _user(uid: str, username: str, name: str, role: Role, org: str) -> UserOut:
    return UserOut(id=uid, org_id=org, username=username, display_name=name, role=role, active=True, created_at=NOW)


NAMES = AuditNames(
    users={u.id: u for u in (_user("u-7f3a", "wangfang", "王芳", Role.association_coordinator, "o-assoc-41"),
                             _user("u-9c1d", "ligong", "李工", Role.enterprise, "o-ent-88"))}
    | {"wangfang": _user("u-7f3a", "wangfang", "王芳", Role.association_coordinator, "o-assoc-41"),
       "ligong": _user("u-9c1d", "ligong", "李工", Role.enterprise, "o-ent-88")},
    orgs={"o-assoc-41": "江苏省质量协会", "o-ent-88": "常州动力电池有限公司", "o-bureau-js": "江苏省市场监督管理局"},
    keys={"k-5e2b": KeyOut(id="k-5e2b", org_id="o-ent-88", name="ERP 对接", prefix="ab12", scopes=[Scope("needs:read")],
                           created_at=NOW)},
    needs={"n-0d4f": "储能电池包失效分析"},
    centers={"qic-js-battery": "江苏省动力电池产品质量检验中心"},
    consents={"c-11aa": ("o-ent-88", "o-assoc-41")},
)
COORDINATOR = "association_coordinator:wangfang@o-assoc-41"
ENTERPRISE = "enterprise:ligong@o-ent-88"
TARGETS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "account.registered": (ENTERPRISE, "org:o-ent-88", {"username": "ligong"}),
    "account.registration_approved": (COORDINATOR, "org:o-ent-88", {}),
    "account.registration_refused": (COORDINATOR, "org:o-ent-88", {"note": "营业执照不清晰"}),
    "account.org_created": ("admin:root@o-platform", "org:o-bureau-js", {"kind": "authority",
                                                                          "authority_body": "provincial_bureau",
                                                                          "jurisdiction": "江苏省"}),
    "account.user_created": (COORDINATOR, "user:u-9c1d", {"org_id": "o-ent-88", "role": "enterprise",
                                                          "username": "ligong"}),
    "account.password_reset": (COORDINATOR, "user:u-9c1d", {"sessions_ended": 2}),
    "account.password_changed": (ENTERPRISE, "user:u-9c1d", {"sessions_ended": 0}),
    "account.profile_changed": (ENTERPRISE, "user:u-9c1d", {"fields": ["display_name", "email"]}),
    "account.invitation_created": (ENTERPRISE, "org:o-ent-88", {"invitation_id": "iv-1", "display_name": "张工",
                                                                "role": "enterprise", "replaces": ["iv-0"]}),
    "account.invitation_revoked": (ENTERPRISE, "org:o-ent-88", {"invitation_id": "iv-1", "display_name": "张工"}),
    "account.invitation_accepted": ("enterprise:zhanggong@o-ent-88", "user:u-9c1e",
                                    {"invitation_id": "iv-1", "invited_by": "u-9c1d", "username": "zhanggong"}),
    "account.sessions_ended": (COORDINATOR, "user:u-9c1d", {"sessions_ended": 3}),
    "account.user_disabled": (COORDINATOR, "user:u-9c1d", {"sessions_ended": 1}),
    "account.user_enabled": (COORDINATOR, "user:u-9c1d", {}),
    "account.org_disabled": (COORDINATOR, "org:o-ent-88", {"sessions_ended": 0}),
    "account.org_enabled": (COORDINATOR, "org:o-ent-88", {}),
    "key.created": (COORDINATOR, "key:k-5e2b", {"org_id": "o-ent-88", "scopes": ["needs:read"]}),
    "key.revoked": (COORDINATOR, "key:k-5e2b", {"org_id": "o-ent-88"}),
    "webhook.subscribed": (ENTERPRISE, "webhook:w-3f1a", {"org_id": "o-ent-88", "receiver": "https://192.168.10.20:8443",
                                                          "events": ["need.published", "match.proposed"]}),
    "webhook.unsubscribed": (ENTERPRISE, "webhook:w-3f1a", {"org_id": "o-ent-88",
                                                            "receiver": "https://192.168.10.20:8443", "events": []}),
    "webhook.secret_changed": (ENTERPRISE, "webhook:w-3f1a", {"org_id": "o-ent-88",
                                                              "receiver": "https://192.168.10.20:8443",
                                                              "events": ["need.published"]}),
    "consent.granted": (ENTERPRISE, "consent:c-11aa", {"association_org_id": "o-assoc-41"}),
    "consent.revoked": (ENTERPRISE, "consent:c-11aa", {}),
    "details.opened": (ENTERPRISE, "need:n-0d4f", {"center_id": "qic-js-battery"}),
    "details.closed": (ENTERPRISE, "need:n-0d4f", {"center_id": "qic-js-battery", "grants_closed": 1}),
    "need.details_read": ("admin:root@o-platform", "need:n-0d4f", {"association_id": "o-assoc-41"}),
    "need.details": ("center_coordinator:zhang@o-center-3", "need:n-0d4f", {"reason": "detail level summary"}),
}


def sentence(event: AuditOut, names: AuditNames, lang: str) -> str:
    """The sentence as read: the names are marked as data in the markup (translate="no"), the text is the same."""
    return unescape(re.sub(r"<[^>]+>", "", html_sentence(event, names, lang)))


def _event(action: str, actor: str, target: str, detail: dict[str, Any], outcome: str = "ok") -> AuditOut:
    kind, _, target_id = target.partition(":")
    return AuditOut(id=1, at=NOW, action=action, outcome=outcome, actor=actor,  # type: ignore[arg-type]
                    target_type=kind or None, target_id=target_id or None, detail=detail)


def _no_id(text: str) -> None:
    for the_id in (*IDS, "wangfang", "ligong", "o-platform", "o-center-3", "zhang"):
        assert the_id not in text, (the_id, text)
    assert not re.search(r"\b[a-z]+\.[a-z_]+\b", text), text  # no action kind read out


def test_every_kind_has_a_sentence_in_both_languages_and_every_kind_is_tested() -> None:
    assert set(TARGETS) == set(KINDS)
    for action, (actor, target, detail) in TARGETS.items():
        zh = sentence(_event(action, actor, target, detail), NAMES, "zh")
        en = sentence(_event(action, actor, target, detail), NAMES, "en")
        _no_id(zh)
        _no_id(en)
        assert re.search(r"[\u4e00-\u9fff]", zh) and "「" not in en and "“" not in zh, (zh, en)
        assert not re.search(r"[A-Za-z]{2,}", re.sub(r"「[^」]*」", "", zh).replace("API", "")), zh  # but names, "API"
    assert [c[1] for c in kind_choices("zh")][:2] == ["企业注册", "注册通过"]


@pytest.mark.parametrize(("action", "zh"), [
    ("account.user_disabled", "王芳（协会协调员） 停用了用户「李工」，并结束了其 1 个登录"),
    ("account.registration_refused", "王芳（协会协调员） 未批准「常州动力电池有限公司」的注册，理由：营业执照不清晰"),
    ("account.user_created", "王芳（协会协调员） 在「常州动力电池有限公司」新建了用户「李工」，角色为企业用户"),
    # an authority's making, with what it may decide and where (the admin's day walked as a new user, 2026-11-28)
    ("account.org_created", "管理员 新建了主管部门「江苏省市场监督管理局」（省市场监督管理局，辖区：江苏省）"),
    ("account.password_changed", "李工（企业用户，常州动力电池有限公司） 修改了自己的密码"),
    ("account.profile_changed", "李工（企业用户，常州动力电池有限公司） 修改了自己的显示名和邮箱"),
    ("account.invitation_created", "李工（企业用户，常州动力电池有限公司） 邀请同事「张工」加入「常州动力电池有限公司」"
                                   "（之前的邀请链接作废）"),
    ("key.revoked", "王芳（协会协调员） 吊销了「常州动力电池有限公司」的 API 密钥「ERP 对接」"),
    ("webhook.subscribed", "李工（企业用户，常州动力电池有限公司） 为「常州动力电池有限公司」订阅了事件推送，接收地址"
                           "「https://192.168.10.20:8443」（2 类事件）"),
    ("consent.granted", "李工（企业用户，常州动力电池有限公司） 授权「江苏省质量协会」代本企业办理需求"),
    ("consent.revoked", "李工（企业用户，常州动力电池有限公司） 撤回了给「江苏省质量协会」的代办授权"),
    ("details.opened", "李工（企业用户，常州动力电池有限公司） 向「江苏省动力电池产品质量检验中心」"
                       "开放了需求「储能电池包失效分析」的完整信息"),
    ("need.details", "机构协调员 请求查看需求「储能电池包失效分析」的完整信息"),
])
def test_sentences_name_people_organisations_and_needs(action: str, zh: str) -> None:
    actor, target, detail = TARGETS[action]
    assert sentence(_event(action, actor, target, detail), NAMES, "zh") == zh


def test_english_sentences() -> None:
    actor, target, detail = TARGETS["account.user_disabled"]
    assert sentence(_event("account.user_disabled", actor, target, detail), NAMES, "en") == \
        "王芳 (association coordinator) disabled the user “李工”, ending 1 login"


def test_an_unknown_kind_reads_as_a_generic_sentence_and_a_missing_name_as_what_it_was() -> None:
    unknown = _event("account.mfa_enrolled", COORDINATOR, "user:u-9c1d", {})
    assert sentence(unknown, NAMES, "zh") == "王芳（协会协调员） 对用户「李工」进行了一项操作"
    assert sentence(unknown, NAMES, "en") == "王芳 (association coordinator) took an action on the user “李工”"
    odd = _event("webhook.rotated", "cli", "hook:h-77", {})
    assert sentence(odd, NAMES, "zh") == "运维人员（命令行） 进行了一项操作"
    gone = _event("account.user_disabled", "admin:u-dead@o-gone", "user:u-dead", {})
    said = sentence(gone, NAMES, "zh")
    assert said == "管理员 停用了一位已不在册的用户", said
    assert "u-dead" not in said and "o-gone" not in said


def test_who_acted() -> None:
    def said(actor: str, lang: str) -> str:
        return re.sub(r"<[^>]+>", "", subject(actor, NAMES, lang))

    assert said("enterprise:key:k-5e2b@o-ent-88", "zh") == "「常州动力电池有限公司」的 API 密钥「ERP 对接」"
    assert said("system", "en") == "the platform"
    assert said("u-7f3a", "zh") == "王芳"  # a key made at the terminal for a user names the user
    assert parse_actor("association_coordinator:wangfang@o-assoc-41").org_id == "o-assoc-41"


def test_what_people_gave_is_escaped_and_marked_as_theirs() -> None:
    names = AuditNames(users={"u-1": _user("u-1", "x", "<b>王</b>", Role.enterprise, "o-1")}, orgs={"o-1": "甲&乙"})
    html = html_sentence(_event("account.user_disabled", COORDINATOR, "user:u-1", {}), names, "zh")
    assert '「<span translate="no">&lt;b&gt;王&lt;/b&gt;</span>」' in html and "<b>" not in html
    refused = html_sentence(_event("account.registration_refused", COORDINATOR, "org:o-1", {"note": "证照<过期>"}),
                            names, "zh")
    assert '「<span translate="no">甲&amp;乙</span>」' in refused
    assert '理由：<span translate="no">证照&lt;过期&gt;</span>' in refused


def test_a_person_and_their_role_are_said_apart() -> None:
    """"管理员平台管理员" ran the role into the name (the audit log, a new user in Chromium, 2026-11-29): the name first
    and the role after it, as people are named elsewhere (api.pages.ui_people), in both languages."""
    names = AuditNames(users={"u-ad": _user("u-ad", "demo-admin", "平台管理员", Role.admin, "o-assoc-41")},
                       orgs={"o-ent-88": "常州动力电池有限公司"})

    def said(actor: str, lang: str) -> str:
        return re.sub(r"<[^>]+>", "", subject(actor, names, lang))

    assert said("admin:u-ad@o-assoc-41", "zh") == "平台管理员（管理员）"
    assert said("admin:u-ad@o-assoc-41", "en") == "平台管理员 (administrator)"
    assert re.sub(r"<[^>]+>", "", subject(COORDINATOR, NAMES, "zh")) == "王芳（协会协调员）"
    assert re.sub(r"<[^>]+>", "", subject("enterprise:u-9c1d@o-ent-88", NAMES, "zh")) == \
        "李工（企业用户，常州动力电池有限公司）"
