"""Proficiency testing and comparisons (能力验证、比对; issue 29, item 4), the one home of the use case: recorded by
the association or the provider's own coordinator, read on the provider's page and by the API, and handed to
evaluation as plain data (:func:`for_evaluation`): the period's share of satisfactory results is a ``records`` item
(``evaluation.sources``).

Who may is ``authz.policy``'s: the action (``provider.file`` to record, ``provider.record`` to read, checked by the
door) and the object — a center coordinator its own provider only (another's: 403, as for filings).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from evaluation.records import ProficiencyOutcome
from flows import authorities
from kb import service as kb
from providers import service as providers
from providers.schemas import ProficiencyView


def record(*, session: Session, principal: Principal, center_id: str, data: dict[str, Any],
           today: date) -> ProficiencyView:
    """Record one result for the provider; a bad field is refused by name and nothing is stored."""
    policy.authorize(principal, "provider.file")
    policy.check_own_center(principal, center_id)
    kb.get_center(session=session, center_id=center_id)
    return providers.record_proficiency(session=session, center_id=center_id, data=data, principal=principal,
                                        today=today)


def results(*, session: Session, principal: Principal, center_id: str) -> list[ProficiencyView]:
    authorities.check_record(session=session, principal=principal, center_id=center_id)
    kb.get_center(session=session, center_id=center_id)
    return providers.list_proficiency(session=session, center_id=center_id)


def for_evaluation(*, session: Session, center_id: str) -> list[ProficiencyOutcome]:
    """The provider's results as evaluation reads them."""
    return [ProficiencyOutcome(item=r.item, tested_on=r.tested_on, result=r.result)
            for r in providers.list_proficiency(session=session, center_id=center_id)]


def labels(what: str, lang: str) -> dict[str, str]:
    """The kinds' or the results' labels in the page's language, in the order the form offers them."""
    table = providers.PROFICIENCY_KINDS if what == "kinds" else providers.PROFICIENCY_RESULTS
    return {k: (zh if lang == "zh" else en) for k, (zh, en) in table.items()}
