"""Demo accounts for the sample catalog: one of each role (a Shanghai bureau's officer too) and an association
website's key. Idempotent.

The passwords are fixed and printed on purpose: these accounts exist to be tried. Never run this on a deployment
that holds real data (the admin's password is public).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from accounts import service as auth
from accounts.credit_code import check_character
from accounts.schemas import KeyCreated, KeyOut, OrgOut
from accounts.vocab import AuthorityBody, OrgKind, Role, Scope

DEMO_CENTER = "qic-js-battery"
# A made-up code with a correct GB 32100 check character, so the demo enterprise passes validation.
DEMO_CREDIT_BASE = "91320400MA1XDEM01"
DEMO_CREDIT_CODE = DEMO_CREDIT_BASE + check_character(DEMO_CREDIT_BASE)
KEY_NAME = "协会网站（演示）/ association website (demo)"
# The website's pages call the API from visitors' browsers, so the key is visible to anyone: it reads the public feed
# only (authz.vocab.BROWSER_KEY_SCOPES). A site that submits needs does so from its server, with a key of its own.
KEY_SCOPES = (Scope.feed_read,)
KEY_ORIGINS = ("http://localhost:8080", "http://127.0.0.1:8080")


@dataclass
class DemoAccount:
    username: str
    password: str
    role: Role
    org: OrgOut
    created: bool


@dataclass
class DemoAccounts:
    accounts: list[DemoAccount] = field(default_factory=list)
    key: KeyOut | None = None
    key_secret: str | None = None  # only when the key was made in this run
    notes: list[str] = field(default_factory=list)


def _org(session: Session, *, kind: OrgKind, name: str, center_id: str | None = None,
         credit_code: str | None = None, authority: tuple[AuthorityBody, str] | None = None,
         association_id: str | None = None) -> OrgOut:
    found = auth.find_org(session=session, ref=center_id or credit_code or name, kind=kind)
    body, jurisdiction = authority or (None, None)
    return found or auth.create_org(session=session, kind=kind, name=name, center_id=center_id,
                                    credit_code=credit_code, authority_body=body, jurisdiction=jurisdiction,
                                    association_id=association_id)


# Fixed and printed, but still passing the password policy (not the username, not a common password): the demo must
# not teach that a weak password works.
DEMO_PASSWORDS = {"demo-enterprise": "qiye-yanshi-2026", "demo-center": "jigou-yanshi-2026",
                  "demo-association": "xiehui-yanshi-2026", "demo-admin": "guanli-yanshi-2026",
                  "demo-bureau": "jianguan-yanshi-2026"}
# The deciding authority of the demo (issue 29, item 3): Shanghai's municipal bureau, which takes the decisions seed 002
# gives it (providers/profiles/shanghai_qic.yaml) for the Shanghai centers of the sample (上海市宝山区, 上海市闵行区).
DEMO_BUREAU = ("上海市市场监督管理局（演示）", AuthorityBody.municipal_bureau, "上海市")


def _user(session: Session, org: OrgOut, *, username: str, role: Role, display_name: str) -> DemoAccount:
    password = DEMO_PASSWORDS[username]
    existing = auth.find_user(session=session, username=username)
    if existing is not None:
        auth.set_password(session=session, user_id=existing.id, password=password)  # printed below, so it must work
        return DemoAccount(username, password, role, auth.get_org(session=session, org_id=existing.org_id), False)
    auth.create_user(session=session, org_id=org.id, username=username, password=password, role=role,
                     display_name=display_name)
    return DemoAccount(username, password, role, org, True)


def ensure_demo_accounts(*, session: Session, center: tuple[str, str] | None,
                         reset_key: bool = False) -> DemoAccounts:
    """``center``: (kb id, name) of the center the coordinator stands for, found in the catalog by the caller
    (:func:`flows.accounts.demo_accounts`; accounts does not read the kb), None when the kb is empty."""
    out = DemoAccounts()
    # The demo association first, and the demo enterprise in it by name: an enterprise otherwise falls to the first
    # association, which on a folder where the operator made their own is not the demo's, and the demo
    # association's coordinator could then not see the demo enterprise's needs (``--history`` stopped at its first
    # review: "审核单不存在 / no such review").
    association = _org(session, kind=OrgKind.association, name="示例质量发展协会（演示）")
    enterprise = _org(session, kind=OrgKind.enterprise, name="常州示例新能源材料有限公司（演示）",
                      credit_code=DEMO_CREDIT_CODE, association_id=association.id)
    out.accounts.append(_user(session, enterprise, username="demo-enterprise", role=Role.enterprise,
                              display_name="企业演示用户"))
    if center is None:
        out.notes.append("知识库为空，未创建机构协调员；请先导入样例 / the kb is empty: import the sample first "
                         "(innodock kb import --sample), then run this again for a center coordinator")
    else:
        center_id, center_name = center
        center_org = _org(session, kind=OrgKind.center, name=center_name, center_id=center_id)
        out.accounts.append(_user(session, center_org, username="demo-center", role=Role.center_coordinator,
                                  display_name=f"{center_name}协调员"))
    out.accounts.append(_user(session, association, username="demo-association", role=Role.association_coordinator,
                              display_name="协会协调员"))
    out.accounts.append(_user(session, association, username="demo-admin", role=Role.admin,
                              display_name="平台管理员"))
    name, body, jurisdiction = DEMO_BUREAU
    bureau = _org(session, kind=OrgKind.authority, name=name, authority=(body, jurisdiction))
    out.accounts.append(_user(session, bureau, username="demo-bureau", role=Role.authority_officer,
                              display_name="市场监管局演示用户"))
    live = [k for k in auth.find_api_keys(session=session, org_id=association.id, name=KEY_NAME)
            if k.revoked_at is None]
    if live and not reset_key:
        out.key = live[-1]
        return out
    for key in live:
        auth.revoke_api_key(session=session, key_id=key.id)
    created: KeyCreated = auth.create_api_key(session=session, org_id=association.id, name=KEY_NAME,
                                              scopes=KEY_SCOPES, cors_origins=KEY_ORIGINS)
    out.key, out.key_secret = created, created.secret
    return out
