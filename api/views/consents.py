"""An enterprise's consents: which associations may act on its needs (edit, submit) on its behalf.

Without a consent an association acts only on the needs it submitted for the enterprise itself
(``authz.policy.acts_for``). Granting and revoking are the enterprise's people's; each is audited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response, status

from accounts.schemas import NO_NUL, Actor
from api.auth.deps import allow
from api.deps import SessionDep
from api.errors import error_responses
from authz.schemas import ConsentIn, ConsentOut
from flows import accounts as accounts_flow
from flows import consents

router = APIRouter(prefix="/api/v1/consents", tags=["consents"],
                   responses=error_responses(400, 401, 403, 404, 409, 413, 422))

ConsentManager = Annotated[Actor, Depends(allow("consent.manage"))]
ConsentReader = Annotated[Actor, Depends(allow("consent.read"))]
ConsentId = Annotated[str, Path(max_length=36, pattern=NO_NUL)]


@router.post("", response_model=ConsentOut, status_code=status.HTTP_201_CREATED)
def grant(body: ConsentIn, request: Request, session: SessionDep, actor: ConsentManager) -> ConsentOut:
    """授权协会代为办理本企业的需求（修改、提交；不含取消保密和撤回）/ let an association act on your needs
    (edit and submit; never declassify or withdraw)."""
    org = accounts_flow.association(session=session, org_id=body.association_org_id)
    return consents.grant(session=session, principal=actor, association_org_id=org.id, note=body.note,
                          address=request.client.host if request.client else None)


@router.get("", response_model=list[ConsentOut])
def list_consents(session: SessionDep, actor: ConsentReader) -> list[ConsentOut]:
    """企业：本企业给出的授权；协会：给本协会的授权 / an enterprise's consents, or those given to an association."""
    return consents.consents(session=session, principal=actor)


@router.delete("/{consent_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke(consent_id: ConsentId, request: Request, session: SessionDep, actor: ConsentManager) -> Response:
    """撤销授权，协会随即不能再代为办理 / revoke; the association can no longer act for you."""
    consents.revoke(session=session, principal=actor, consent_id=consent_id,
                    address=request.client.host if request.client else None)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
