"""The providers package's service functions: the only way other packages (flows) use it.

All functions are keyword-only and take an open ``Session``; the caller owns the transaction, so a refused step rolls
back with everything the caller did around it (the kb status it would have set, the events it would have announced).
"""

from __future__ import annotations

from providers.changes import decide as decide_change
from providers.changes import get_change, list_changes, list_obligations, record_change_reports
from providers.changes import submit as submit_change
from providers.filings import RATED, RatingRef, parts_for, split_filing
from providers.improvement import (
    FINDING,
    Consequence,
    FindingSeed,
    cited_measure,
    consequence,
    findings_from,
    get_finding,
    graded_measure,
    list_findings,
    missing_finding,
    rated_from,
    record_findings,
)
from providers.improvement import step as finding_step
from providers.lifecycle import (
    advance,
    apply,
    change_profile,
    cited_checks,
    commendations,
    complete_materials,
    criticisms,
    decide_proposal,
    ensure_lifecycles,
    get_lifecycle,
    get_proposal,
    history,
    implied,
    import_conflict,
    known_ids,
    list_lifecycles,
    list_proposals,
    profile_for,
    profiles_for,
    propose,
    provider_flags,
    record_import,
    shown_statuses,
)
from providers.machine import final_states, states, transitions
from providers.obligations import (
    QUARTERLY as QUARTERLY_OBLIGATIONS,
)
from providers.obligations import (
    SETTABLE as SETTABLE_OBLIGATIONS,
)
from providers.obligations import (
    DueItem,
    ensure_calendar,
    falling_due,
    get_filing,
    get_obligation,
    list_filings,
    missing_obligation,
    parts_of,
    period_of,
    return_filing,
    who_files,
)
from providers.obligations import (
    create as create_obligation,
)
from providers.obligations import (
    creation_refusals as obligation_refusals,
)
from providers.obligations import (
    described as described_obligation,
)
from providers.obligations import (
    file as file_obligation,
)
from providers.obligations import (
    review as review_filing,
)
from providers.proficiency import KINDS as PROFICIENCY_KINDS
from providers.proficiency import RESULTS as PROFICIENCY_RESULTS
from providers.proficiency import list_results as list_proficiency
from providers.proficiency import record as record_proficiency
from providers.profiles import Part, Profile, applied_note, grades_by_tier, profiles, report_grading
from providers.profiles import get as get_profile
from providers.rules import SHOWN_STATUS, assign_refusal, clause_halves, derived_status, shown_status

__all__ = [
    "FINDING",
    "PROFICIENCY_KINDS",
    "PROFICIENCY_RESULTS",
    "QUARTERLY_OBLIGATIONS",
    "RATED",
    "SETTABLE_OBLIGATIONS",
    "SHOWN_STATUS",
    "Consequence",
    "DueItem",
    "FindingSeed",
    "Part",
    "Profile",
    "RatingRef",
    "advance",
    "applied_note",
    "apply",
    "assign_refusal",
    "change_profile",
    "cited_checks",
    "cited_measure",
    "clause_halves",
    "commendations",
    "complete_materials",
    "consequence",
    "create_obligation",
    "criticisms",
    "decide_change",
    "decide_proposal",
    "derived_status",
    "described_obligation",
    "ensure_calendar",
    "ensure_lifecycles",
    "falling_due",
    "file_obligation",
    "final_states",
    "finding_step",
    "findings_from",
    "get_change",
    "get_filing",
    "get_finding",
    "get_lifecycle",
    "get_obligation",
    "get_profile",
    "get_proposal",
    "graded_measure",
    "grades_by_tier",
    "history",
    "implied",
    "import_conflict",
    "known_ids",
    "list_changes",
    "list_filings",
    "list_findings",
    "list_lifecycles",
    "list_obligations",
    "list_proficiency",
    "list_proposals",
    "missing_finding",
    "missing_obligation",
    "obligation_refusals",
    "parts_for",
    "parts_of",
    "period_of",
    "profile_for",
    "profiles",
    "profiles_for",
    "propose",
    "provider_flags",
    "rated_from",
    "record_change_reports",
    "record_findings",
    "record_import",
    "record_proficiency",
    "report_grading",
    "return_filing",
    "review_filing",
    "shown_status",
    "shown_statuses",
    "split_filing",
    "states",
    "submit_change",
    "transitions",
    "who_files",
]
