"""Account use cases the pages, the JSON API and the CLI share: what touches more than identity (a center's kb
record, the needs the first association adopts), and the decisions an association or an administrator takes on an
account — approving or refusing a registration, disabling or enabling an organisation or a user — so each door takes
exactly the same step, written to the audit log the same way."""

from __future__ import annotations

from sqlalchemy.orm import Session

from accounts import demo
from accounts import service as accounts
from accounts.schemas import OrgOut, UserOut
from accounts.vocab import OrgKind
from authz.principal import Principal
from authz.tenancy import serving_association
from flows import catalog
from flows import needs as flows_needs

# Who the audit log names for a step taken at the terminal: whoever can run the command owns the deployment.
TERMINAL = "cli"


def create_org(*, session: Session, kind: OrgKind | str, name: str, center_id: str | None = None,
               credit_code: str | None = None, association_id: str | None = None) -> OrgOut:
    """:func:`accounts.service.create_org`, plus what accounts cannot see: a center organisation is bound to a center
    the kb holds (404 otherwise), and the first association also adopts the needs made before any existed."""
    if kind == OrgKind.center and center_id and center_id.strip():
        catalog.center(session=session, center_id=center_id.strip())  # NotFoundError (404) when the kb lacks it
    first = kind == OrgKind.association and accounts.first_association(session=session) is None
    org = accounts.create_org(session=session, kind=kind, name=name, center_id=center_id, credit_code=credit_code,
                              association_id=association_id)
    if first:
        flows_needs.adopt_needs(session=session, association_id=org.id)
    return org


def demo_accounts(*, session: Session, reset_key: bool = False) -> demo.DemoAccounts:
    """The demo accounts, their center coordinator standing for the sample's battery center (or the kb's first)."""
    center = catalog.demo_center(session=session, preferred=demo.DEMO_CENTER)
    return demo.ensure_demo_accounts(session=session, center=(center.id, center.name) if center else None,
                                     reset_key=reset_key)


def _by(principal: Principal | None) -> str:
    return principal.audit_label() if principal is not None else TERMINAL


def decide_registration(*, session: Session, principal: Principal | None, org_id: str, approve: bool,
                        note: str | None = None, address: str | None = None) -> OrgOut:
    """Approve (its people may log in from now on) or refuse (with the reason they will read) an enterprise's own
    registration. Association staff decide only those made through their association (another's is missing); the
    platform operator and the terminal (``principal`` None) decide any."""
    return accounts.review_registration(
        session=session, org_id=org_id, approve=approve, note=note, by=_by(principal), address=address,
        association_id=serving_association(principal) if principal is not None else None)


def set_org_active(*, session: Session, principal: Principal | None, org_id: str, active: bool,
                   address: str | None = None) -> OrgOut:
    """Disable (its people and keys stop at once) or enable an organisation. Nobody disables their own organisation
    from inside it: they could not undo it."""
    acting = principal.org_id if principal is not None and not active else None
    return accounts.set_org_active(session=session, org_id=org_id, active=active, by=_by(principal),
                                   address=address, acting_org_id=acting)


def set_user_active(*, session: Session, principal: Principal | None, user_id: str, active: bool,
                    address: str | None = None) -> UserOut:
    """Disable (every login ends with it) or enable a user; nobody disables themselves."""
    acting = principal.user_id if principal is not None and not active else None
    return accounts.set_user_active(session=session, user_id=user_id, active=active, by=_by(principal),
                                    address=address, acting_user_id=acting)
