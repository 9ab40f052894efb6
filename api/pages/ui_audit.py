"""The security audit log in sentences: "2026-11-20 14:03 协会协调员王芳 停用了用户「李工」", never a raw line with ids.

One renderer per kind of entry (``KINDS``, keyed by the log's action), each in both languages; a kind nobody wrote a
sentence for yet reads as a generic one ("… 对用户「李工」进行了一项操作"), and a name the log cannot find is said as
what it was ("一位已不在册的用户"), never as its id. The names come from ``flows.audit_log``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from accounts.vocab import AUTHORITY_LABELS, ORG_KIND_LABELS, ROLE_LABELS, AuthorityBody, OrgKind, Role
from api.pages.ui_common import label
from authz.schemas import AuditOut
from flows.audit_log import AuditNames, parse_actor


@dataclass(frozen=True)
class Entry:
    """One entry as the page says it: the subject, what the entry's ids stand for, and its detail."""

    lang: str
    subject: str
    target: str  # the entry's object as a phrase ("用户「李工」"), or "" when it names none
    org: str  # an organisation the entry names (the target's or the detail's), quoted, or a phrase saying it is gone
    user: str  # the target person, quoted, or a phrase saying they are gone
    key: str
    need: str
    center: str
    detail: dict[str, Any]
    self_acted: bool  # the subject acted on their own account

    def zh_en(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en


Sentence = Callable[[Entry], str]


def _ended(e: Entry) -> str:
    """", and ended their 2 logins" when the step ended any."""
    n = int(e.detail.get("sessions_ended") or 0)
    return e.zh_en(f"，并结束了其 {n} 个登录", f", ending {n} login{'s' if n != 1 else ''}") if n else ""


def _note(e: Entry) -> str:
    note = str(e.detail.get("note") or "").strip()
    return e.zh_en(f"，理由：{_data(note)}", f"; the reason: {_data(note)}") if note else ""


def _password_changed(e: Entry) -> str:
    if e.detail.get("reason") == "wrong password":
        return e.zh_en(f"{e.subject} 修改密码未成功：当前密码输错", f"{e.subject} failed to change a password: the "
                                                                      "current password was wrong")
    if e.self_acted:
        return e.zh_en(f"{e.subject} 修改了自己的密码", f"{e.subject} changed their own password") + _ended(e)
    return e.zh_en(f"{e.subject} 修改了{e.user}的密码", f"{e.subject} changed the password of {e.user}") + _ended(e)


def _role_of(e: Entry) -> str:
    try:
        return label(ROLE_LABELS[Role(str(e.detail.get("role")))], e.lang)
    except ValueError:
        return ""


def _user_created(e: Entry) -> str:
    role = _role_of(e)
    as_role = e.zh_en(f"，角色为{role}", f" as {'an' if role[:1] in 'aeiou' else 'a'} {role}") if role else ""
    return e.zh_en(f"{e.subject} 在{e.org}新建了{e.user}", f"{e.subject} created {e.user} in {e.org}") + as_role


def _org_created(e: Entry) -> str:
    """"管理员 新建了主管部门「…」（省市场监督管理局，辖区：江苏省）": an authority's body and jurisdiction said,
    for they are what it may decide (issue 29, item 3)."""
    try:
        kind = label(ORG_KIND_LABELS[OrgKind(str(e.detail.get("kind")))], e.lang)
    except ValueError:
        kind = e.zh_en("组织", "organisation")
    said = e.zh_en(f"{e.subject} 新建了{kind}{e.org}", f"{e.subject} created the {kind} {e.org}")
    try:
        body = label(AUTHORITY_LABELS[AuthorityBody(str(e.detail.get("authority_body")))], e.lang)
    except ValueError:
        return said
    where = _data(str(e.detail.get("jurisdiction") or ""))
    return said + e.zh_en(f"（{body}，辖区：{where}）", f" ({body}, jurisdiction {where})")


KINDS: dict[str, tuple[tuple[str, str], Sentence]] = {
    # action: ((what the filter calls it, zh, en), the sentence)
    "account.registered": (("企业注册", "enterprise registered"), lambda e: e.zh_en(
        f"{e.subject} 提交了{e.org}的注册，等待协会审核", f"{e.subject} registered {e.org}, to be approved by an "
                                                         "association")),
    "account.registration_approved": (("注册通过", "registration approved"), lambda e: e.zh_en(
        f"{e.subject} 批准了{e.org}的注册", f"{e.subject} approved the registration of {e.org}")),
    "account.registration_refused": (("注册未通过", "registration refused"), lambda e: e.zh_en(
        f"{e.subject} 未批准{e.org}的注册", f"{e.subject} refused the registration of {e.org}") + _note(e)),
    "account.org_created": (("新建组织", "organisation created"), _org_created),
    "account.user_created": (("新建用户", "user created"), _user_created),
    "account.password_reset": (("重置密码", "password reset"), lambda e: e.zh_en(
        f"{e.subject} 重置了{e.user}的密码", f"{e.subject} reset the password of {e.user}") + _ended(e)),
    "account.password_changed": (("修改密码", "password changed"), _password_changed),
    "account.profile_changed": (("修改个人信息", "profile changed"), lambda e: e.zh_en(
        f"{e.subject} 修改了自己的" + "和".join({"display_name": "显示名", "email": "邮箱"}.get(str(f), str(f))
                                          for f in e.detail.get("fields") or []),
        f"{e.subject} changed their own " + " and ".join({"display_name": "display name"}.get(str(f), str(f))
                                                        for f in e.detail.get("fields") or []))),
    "account.invitation_created": (("邀请同事", "colleague invited"), lambda e: e.zh_en(
        f"{e.subject} 邀请同事「{_data(str(e.detail.get('display_name') or ''))}」加入{e.org}",
        f"{e.subject} invited the colleague “{_data(str(e.detail.get('display_name') or ''))}” to {e.org}")
        + (e.zh_en("（之前的邀请链接作废）", " (the earlier link no longer works)")
           if e.detail.get("replaces") else "")),
    "account.invitation_revoked": (("撤回邀请", "invitation withdrawn"), lambda e: e.zh_en(
        f"{e.subject} 撤回了给「{_data(str(e.detail.get('display_name') or ''))}」的邀请",
        f"{e.subject} withdrew the invitation of “{_data(str(e.detail.get('display_name') or ''))}”")),
    "account.invitation_accepted": (("接受邀请", "invitation accepted"), lambda e: e.zh_en(
        f"{e.subject} 凭同事的邀请创建了本人账号", f"{e.subject} made their own account through a colleague's "
                                              "invitation")),
    "account.sessions_ended": (("结束登录", "logins ended"), lambda e: e.zh_en(
        f"{e.subject} 结束了{e.user}的全部登录（{int(e.detail.get('sessions_ended') or 0)} 个）",
        f"{e.subject} ended every login of {e.user} ({int(e.detail.get('sessions_ended') or 0)})")),
    "account.user_disabled": (("停用用户", "user disabled"), lambda e: e.zh_en(
        f"{e.subject} 停用了{e.user}", f"{e.subject} disabled {e.user}") + _ended(e)),
    "account.user_enabled": (("启用用户", "user enabled"), lambda e: e.zh_en(
        f"{e.subject} 重新启用了{e.user}", f"{e.subject} enabled {e.user} again")),
    "account.org_disabled": (("停用组织", "organisation disabled"), lambda e: e.zh_en(
        f"{e.subject} 停用了{e.org}", f"{e.subject} disabled {e.org}") + _ended(e)),
    "account.org_enabled": (("启用组织", "organisation enabled"), lambda e: e.zh_en(
        f"{e.subject} 重新启用了{e.org}", f"{e.subject} enabled {e.org} again")),
    "key.created": (("新建密钥", "key created"), lambda e: e.zh_en(
        f"{e.subject} 为{e.org}新建了{e.key}", f"{e.subject} created {e.key} for {e.org}")),
    "key.revoked": (("吊销密钥", "key revoked"), lambda e: e.zh_en(
        f"{e.subject} 吊销了{e.org}的{e.key}", f"{e.subject} revoked {e.key} of {e.org}")),
    "webhook.subscribed": (("订阅事件推送", "webhook subscribed"), lambda e: e.zh_en(
        f"{e.subject} 为{e.org}订阅了事件推送，接收地址「{_data(str(e.detail.get('receiver') or ''))}」"
        f"（{len(e.detail.get('events') or [])} 类事件）",
        f"{e.subject} subscribed {e.org} to event deliveries at {_data(str(e.detail.get('receiver') or ''))} "
        f"({len(e.detail.get('events') or [])} kinds of event)")),
    "webhook.unsubscribed": (("停止事件推送", "webhook switched off"), lambda e: e.zh_en(
        f"{e.subject} 停止了{e.org}发往「{_data(str(e.detail.get('receiver') or ''))}」的事件推送",
        f"{e.subject} switched off {e.org}'s event deliveries to {_data(str(e.detail.get('receiver') or ''))}")),
    "webhook.secret_changed": (("更换推送签名密钥", "webhook secret changed"), lambda e: e.zh_en(
        f"{e.subject} 更换了{e.org}发往「{_data(str(e.detail.get('receiver') or ''))}」的事件推送的签名密钥",
        f"{e.subject} changed the signing secret of {e.org}'s event deliveries to "
        f"{_data(str(e.detail.get('receiver') or ''))}")),
    "consent.granted": (("授权协会", "consent granted"), lambda e: e.zh_en(
        f"{e.subject} 授权{e.org}代本企业办理需求", f"{e.subject} let {e.org} act on the enterprise's needs")),
    "consent.revoked": (("撤回授权", "consent revoked"), lambda e: e.zh_en(
        f"{e.subject} 撤回了给{e.org}的代办授权", f"{e.subject} withdrew the consent given to {e.org}")),
    "details.opened": (("开放详情", "details opened"), lambda e: e.zh_en(
        f"{e.subject} 向{e.center}开放了{e.need}的完整信息", f"{e.subject} opened the details of {e.need} to "
                                                            f"{e.center}")),
    "details.closed": (("收回详情", "details closed"), lambda e: e.zh_en(
        f"{e.subject} 收回了{e.center}查看{e.need}完整信息的权限",
        f"{e.subject} closed the details of {e.need} to {e.center}")),
    "need.details_read": (("查看保密需求", "confidential need read"), lambda e: e.zh_en(
        f"{e.subject} 查看了{e.need}（保密）的完整信息", f"{e.subject} read the details of {e.need} (confidential)")),
    "need.details": (("请求需求详情", "need details asked"), lambda e: e.zh_en(
        f"{e.subject} 请求查看{e.need}的完整信息", f"{e.subject} asked for the details of {e.need}")),
}


def _generic(e: Entry) -> str:
    """A kind without a sentence of its own: who did something, to what, as far as the page can name it."""
    if e.target:
        return e.zh_en(f"{e.subject} 对{e.target}进行了一项操作", f"{e.subject} took an action on {e.target}")
    return e.zh_en(f"{e.subject} 进行了一项操作", f"{e.subject} took an action")


def _data(text: str) -> str:
    """Words a person gave (a name, a reason), escaped and marked as theirs, not the page's (``translate="no"``: the
    plain-words scan of the browser walk reads past them)."""
    return f'<span translate="no">{escape(text)}</span>'


def _named(word: tuple[str, str], name: str | None, gone: tuple[str, str], lang: str) -> str:
    """A noun phrase: "用户「李工」" / "the user “李工”", or what it was when its name is not on record."""
    if not name:
        return label(gone, lang)
    quoted = f"「{_data(name)}」" if lang == "zh" else f"“{_data(name)}”"
    said = label(word, lang)
    if lang == "zh":
        return f" {said}{quoted}" if said[:1].isascii() and said else f"{said}{quoted}"  # "新建了 API 密钥「…」"
    return f"{said} {quoted}".strip()


_NO_WORD = ("", "")


def subject(actor: str, names: AuditNames, lang: str) -> str:
    """Who acted, in words: "王芳（协会协调员）", "张三（企业用户，某电池公司）", an organisation's API key, the
    platform."""
    a = parse_actor(actor)
    if a.role is None and a.who in names.users:  # a key made at the terminal for a user names the user
        return _data(names.users[a.who].display_name)
    if a.role is None:
        words = {"cli": ("运维人员（命令行）", "an operator at the terminal"), "system": ("平台", "the platform"),
                 "self-registration": ("自助注册", "self-registration")}
        return label(words.get(a.who, ("平台", "the platform")), lang)
    org = names.orgs.get(a.org_id or "")
    if a.key_id:
        key = names.keys.get(a.key_id)
        owner = names.orgs.get(key.org_id) if key else org
        key_name = _named(("API 密钥", "API key"), key.name if key else None,
                          ("一个已删除的 API 密钥", "a deleted API key"), lang)
        if owner:
            return f"「{_data(owner)}」的{key_name}" if lang == "zh" else f"{_data(owner)}'s {key_name}"
        return key_name.strip()
    try:
        role = label(ROLE_LABELS[Role(a.role)], lang)
    except ValueError:
        role = label(("用户", "a user"), lang)
    user = names.users.get(a.who)
    name = user.display_name if user else ""
    # A person named after the role ("协会协调员", as the demo accounts are) is not named twice. The name first, the
    # role after it, as people are named elsewhere (api.pages.ui_people): "管理员平台管理员" ran the role into a name
    # (the audit log, a new user in Chromium, 2026-11-29).
    org_said = _data(org) if org and a.role in (Role.enterprise.value, Role.center_coordinator.value) else ""
    if lang == "zh":
        about = f"{role}，{org_said}" if org_said else role
        return f"{_data(name)}（{about}）" if name and name != role else (f"{role}（{org_said}）" if org_said else role)
    said = role if not name or name == role else f"{_data(name)} ({role})"
    return f"{said}, {org_said}" if org_said else said


def sentence(event: AuditOut, names: AuditNames, lang: str) -> Markup:
    """One entry as a sentence in the page's language (HTML: the names in it escaped and marked as data)."""
    target_id = event.target_id or ""
    kind = event.target_type or ""
    user = names.users.get(target_id) if kind == "user" else None
    if user is None and event.detail.get("username"):
        user = names.users.get(str(event.detail["username"]))
    key = names.keys.get(target_id) if kind == "key" else None
    org_id = target_id if kind == "org" else str(event.detail.get("org_id") or event.detail.get(
        "association_org_id") or "") or (user.org_id if user else "") or (key.org_id if key else "")
    if kind == "consent" and target_id in names.consents:
        org_id = names.consents[target_id][1]
    entry_names = {
        "org": _named(_NO_WORD, names.orgs.get(org_id), ("一个已不在册的组织", "an organisation no longer on record"),
                      lang),
        "user": _named(("用户", "the user"), user.display_name if user else None,
                       ("一位已不在册的用户", "a user no longer on record"), lang),
        "key": _named(("API 密钥", "the API key"), key.name if key else None,
                      ("一个已删除的 API 密钥", "a deleted API key"), lang),
        "need": _named(("需求", "the need"), names.needs.get(target_id) if kind == "need" else None,
                       ("一项已不在册的需求", "a need no longer on record"), lang),
        "center": _named(_NO_WORD, names.centers.get(str(event.detail.get("center_id") or "")),
                         ("一家服务机构", "a provider"), lang),
    }
    target = {"user": entry_names["user"], "org": entry_names["org"], "key": entry_names["key"],
              "need": entry_names["need"], "consent": label(("一项代办授权", "a consent"), lang)}.get(kind, "")
    actor = parse_actor(event.actor)
    self_acted = user is not None and actor.who in (user.id, user.username)
    entry = Entry(lang=lang, subject=subject(event.actor, names, lang), target=target, detail=event.detail,
                  self_acted=self_acted, **entry_names)
    known = KINDS.get(event.action)
    return Markup((known[1] if known else _generic)(entry))  # every name went through _data


def kind_choices(lang: str) -> list[tuple[str, str]]:
    """The filter's choices: each kind of entry by its name in the page's language (the action itself is the value,
    never shown)."""
    return [(action, label(words, lang)) for action, (words, _) in KINDS.items()]
