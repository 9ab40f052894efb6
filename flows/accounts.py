"""Account use cases the pages, the JSON API and the CLI share: what touches more than identity (a center's kb
record, the needs the first association adopts), and the decisions an association or an administrator takes on an
account — approving or refusing a registration, disabling or enabling an organisation or a user — so each door takes
exactly the same step, written to the audit log the same way."""

from __future__ import annotations

from sqlalchemy.orm import Session

from accounts import demo
from accounts import service as accounts
from accounts.schemas import OrgOut
from accounts.vocab import OrgKind
from flows import catalog
from flows import needs as flows_needs


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
