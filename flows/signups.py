"""Who is told of a new registration, and when it stops being a to-do: an enterprise that registered itself waits for
its association's approval, and a provider's application for the association's decision, but nothing told whoever
decides (the admin's and the authority officer's day walked as a new user, 2026-11-28: the review queue and the inbox
page said "有 N 家企业的自助注册等待审核 →"; no notice, no badge). And a colleague who joined through an invitation
told nobody: whoever invited them is told (:func:`tell_joined`).

These are no domain events: an account's approval has no webhook (association websites hear of providers and needs,
not of who signs up), and an application is no lifecycle decision (``provider.status_changed`` announces those, the
first of them settling the application's notice: ``flows.notices.settled_by``). The notices are written here,
through ``inbox.service``, in the registration's own transaction; ``docs/ui.md``'s notifications table has their
rows.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from accounts import service as accounts
from accounts.schemas import OrgOut, UserOut
from accounts.vocab import OrgKind, Role
from authz import service as authz
from core.errors import NotFoundError
from inbox import service as inbox
from inbox.schemas import NoticeIn, NoticeKind, literal

DECIDERS = [Role.association_coordinator.value, Role.admin.value]
REGISTRATIONS_PAGE = "/admin/registrations"


def _associations(session: Session) -> list[OrgOut]:
    return accounts.list_orgs(session=session, kind=OrgKind.association, active=True, limit=1000)[0]


def registration_group(org_id: str) -> str:
    return f"registration:{org_id}"


def application_group(center_id: str) -> str:
    return f"application:{center_id}"


def tell_registration(*, session: Session, org: OrgOut) -> int:
    """An enterprise registered itself: whoever approves it is told — its association's coordinators and admins (an
    association decides the registrations made through it), or, with no association on record, the platform's
    admins (who decide any). One notice per registration, done once it is decided."""
    name = literal(org.name[:120])
    association = authz.association_of(session=session, enterprise_org_id=org.id)
    if association is not None:
        targets = [(association, DECIDERS)]
    else:
        targets = [(o.id, [Role.admin.value]) for o in _associations(session)]
    return inbox.notify(session=session, notices=[
        NoticeIn(org_id=org_id, roles=roles, kind=NoticeKind.registration,
                 title_zh=f"企业「{name}」提交了自助注册，请审核", title_en=f"The enterprise “{name}” registered: "
                 "approve or refuse it", link=REGISTRATIONS_PAGE, refs={"org_id": org.id},
                 group=registration_group(org.id)) for org_id, roles in targets])


def registration_decided(*, session: Session, org_id: str) -> int:
    """The registration was approved or refused: its notice is history for everyone it went to."""
    return inbox.settle(session=session, groups=[registration_group(org_id)])


def tell_application(*, session: Session, center_id: str, center_name: str) -> int:
    """A provider applied: the associations' coordinators and admins, who decide on it (``provider.decide``), are
    told. One notice per application, done at its first lifecycle decision (``flows.notices.settled_by``)."""
    name = literal(center_name[:120])
    return inbox.notify(session=session, notices=[
        NoticeIn(org_id=o.id, roles=DECIDERS, kind=NoticeKind.application,
                 title_zh=f"「{name}」提交了机构申请，请审核", title_en=f"“{name}” applied to be a provider: review "
                 "its application", link=f"/providers/{center_id}/application", refs={"center_id": center_id},
                 group=application_group(center_id)) for o in _associations(session)])


def tell_joined(*, session: Session, user: UserOut) -> int:
    """A colleague accepted an invitation: whoever sent it is told who joined, in the inbox of their role in their
    organisation (a notice is addressed to an organisation's role, not to one person), linking the page that lists
    the new account — the colleagues page, or for an administrator's invitation the organisation's page. The
    new colleague holds the inviter's role (an invitation gives it) but is not told that it joined (``not_for_user``).
    An invitation made at the terminal, or one whose sender is gone, tells nobody. Written in the acceptance's own
    transaction: a refused acceptance tells no one."""
    invitation = accounts.invitation_of(session=session, user_id=user.id)
    if invitation is None:
        return 0
    try:
        inviter = accounts.get_user(session=session, user_id=invitation.created_by)
    except NotFoundError:  # the terminal ("cli"), or an account since removed
        return 0
    name = (user.display_name or user.username)[:100]
    if inviter.org_id == user.org_id:
        zh, en, link = "本单位", "your organisation", "/account/colleagues"
    else:
        org = accounts.get_org(session=session, org_id=user.org_id).name[:120]
        zh, en, link = f"「{org}」", f"“{org}”", f"/admin/orgs/{user.org_id}"
    return inbox.notify(session=session, notices=[NoticeIn(
        org_id=inviter.org_id, roles=[inviter.role.value], kind=NoticeKind.joined,
        title_zh=f"{name}{' ' if name[-1].isascii() else ''}已接受邀请，加入了{zh}（用户名 {user.username}）",
        title_en=f"{name} accepted the invitation and joined {en} (username {user.username})", link=link,
        refs={"user_id": user.id, "invitation_id": invitation.id, "org_id": user.org_id}, not_for_user=user.id)])
