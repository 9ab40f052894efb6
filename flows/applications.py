"""Applying as a provider, with documents (issue 29, item 6): the one use case the API (``POST /api/v1/providers``
and its multipart twin ``/api/v1/providers/applications``), the application page (``/providers/apply``) and
``innodock provider apply`` call.

An applicant — the provider's own coordinator, or the association on its behalf (``provider.apply``) — files its kb-v1
center record, its profile's materials as documents (or, by the API and the CLI, as text references), and what its
profile's rules read: the plaque's name, the station head and the head's certificate, the investment figures. In
this order, and nothing is written before the last check passes:

1. who may apply, and for which center (``authz.policy``);
2. the rules profile: the association's choice, or the kind's default in the applicant's province;
3. every file, by its content, as an engagement's (``pipeline.attachments``), for a material the profile names;
4. the profile's rules at application (``providers.applications.RULES``), each refusal naming its field and clause;
5. then the catalog entry and the lifecycle (``flows.providers.apply``), the application as filed with its documents,
   and the head certificate's end as an obligation with its due date (seed 003 art. 17), reminded before it lapses.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from authz import policy
from authz.principal import Principal
from core.errors import InnodockError, refuse_all
from flows import decisions, signups
from flows import intake as intake_flow
from flows import providers as providers_flow
from kb import service as kb
from kb.vocab import CenterKind
from pipeline.attachments import MAX_FILES, CheckedFile, allowed_extensions, check_files
from pipeline.schemas import Upload
from providers import applications, profiles
from providers import service as providers
from providers.applications import ApplicationFileView, ApplicationView, RuleCheck
from providers.finding_files import CheckedUpload
from providers.schemas import LifecycleView

DEFAULT_MAX_FILE_BYTES = 10 * 1_048_576  # the API's upload_max_file_bytes default; the doors pass the configured one
# The obligation a station head's certificate leaves: renewed by a new assessment before it lapses (seed 003 art. 17).
CERTIFICATE_OBLIGATION = "head_certificate"
# providers that no longer hold a place (one per industry)
LEFT = frozenset({"rejected", "application_withdrawn", "revoked", "withdrawn"})


@dataclass(frozen=True)
class ApplicationForm:
    """What an applicant files. ``files``: the documents for each material key of the profile; ``materials``: text
    references for the others (the API and the CLI); ``figures``: ``equipment_investment`` and ``testing_revenue``
    (10k yuan, last year's) where the profile reads them."""

    center: Mapping[str, Any]
    materials: Mapping[str, str] = field(default_factory=dict)
    files: Mapping[str, Sequence[Upload]] = field(default_factory=dict)
    construction: bool = False
    profile: str | None = None
    plaque_name: str | None = None
    figures: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Applied:
    lifecycle: LifecycleView
    application: ApplicationView


def accepted_files() -> tuple[int, str]:
    """How many files a material may carry and the kinds accepted (an engagement's rules)."""
    return MAX_FILES, allowed_extensions()


def _kind(center: Mapping[str, Any]) -> CenterKind:
    try:
        return CenterKind(str(center.get("kind") or ""))
    except ValueError:
        raise InnodockError(f"机构类型无效，可选：{', '.join(k.value for k in CenterKind)} / unknown kind",
                            field="center.kind") from None


def new_center_id(*, session: Session, kind: CenterKind) -> str:
    """An id for a provider the association files without one ("service-station-3f9a0c1e"): an id such as
    gd-station-shaoguan is the platform's, not something the person filing knows (a provider's life walked,
    2026-11-29); unique in the catalog."""
    while True:
        made = f"{kind.value.replace('_', '-')}-{secrets.token_hex(4)}"
        if not kb.list_centers(session=session, ids=[made]):
            return made


def profile_for(*, kind: CenterKind, region: str | None, chosen: str | None = None) -> profiles.Profile:
    """The profile an application will be under: the one chosen (it must govern the kind), or the kind's default in
    the applicant's province."""
    return profiles.choose(chosen or None, kind, region or None)


def _checked_files(profile: profiles.Profile, files: Mapping[str, Sequence[Upload]],
                   max_bytes: int) -> dict[str, list[CheckedFile]]:
    known = {m.key for m in profile.materials.items}
    out: dict[str, list[CheckedFile]] = {}
    for key, uploads in files.items():
        if not uploads:
            continue
        if key not in known:
            raise InnodockError(f"规则配置 {profile.label()} 没有材料 {key[:40]!r}；应为：{', '.join(sorted(known))} / "
                                "no such material under this profile", field=f"files.file_{key[:40]}")
        try:
            out[key] = check_files(list(uploads), max_bytes=max_bytes)
        except InnodockError as exc:  # the same refusal, naming the material's own file input
            raise InnodockError(exc.message, field=f"files.file_{key}", code=exc.code) from None
    return out


FIGURES_HIGH = 100_000  # 10k yuan: last year's figures a form reads (``equipment_investment``, ``testing_revenue``)


def _typed(center: dict[str, Any], given: Mapping[str, Any], session: Session) -> dict[str, Any]:
    """The figures as numbers and the head's years of quality work as a whole number, read from what was typed
    ("一百二十", "1,200"), with the center record kb would refuse, every wrong field said at once before anything is
    written (the product brief's "forms lose input on errors": a form with the name missing, a figure and the years
    not numbers was refused one field per submit). ``center``'s head gets its years as read (a copy of it)."""
    found: list[InnodockError] = []
    figures: dict[str, Any] = {}
    for key, value in given.items():
        if isinstance(value, str):
            try:
                figures[key] = f"{intake_flow.read_number(text=value, field=key, low=0, high=FIGURES_HIGH):g}"
            except InnodockError as exc:
                found.append(exc)
        else:
            figures[key] = value
    head = dict(center["head"]) if isinstance(center.get("head"), dict) else None
    if head is not None:
        center["head"] = head
    years = head.get("years_quality") if head is not None else None
    if head is not None and isinstance(years, str):
        if years.strip().isdigit():
            head["years_quality"] = int(years.strip())
        else:
            found.append(InnodockError("质量工作年限应为整数 / years of quality work must be a whole number",
                                       field="center.head.years_quality"))
            head.pop("years_quality")
    found += providers_flow.center_refusals(session=session, center=center)
    refuse_all(found)
    return figures


NOTE_MAX = 2_000  # a material's note, as the API takes it (``providers.schemas.NonEmpty``)


def _notes(materials: Mapping[str, str]) -> dict[str, str]:
    """The materials' notes given, stripped; one over :data:`NOTE_MAX` is refused naming its form field, never cut
    (the pages cut them at 300 without a word, where the API takes 2,000)."""
    out = {str(k): str(v).strip() for k, v in materials.items() if str(v).strip()}
    for key, note in out.items():
        if len(note) > NOTE_MAX:
            raise InnodockError(f"材料说明最多 {NOTE_MAX} 个字，现有 {len(note)} 个，请删减 / a material's note takes "
                                f"at most {NOTE_MAX} characters; this one has {len(note)}: shorten it",
                                field=f"note_{key[:40]}")
    return out


def _others(session: Session, profile: profiles.Profile, today: date) -> list[tuple[str, str, list[str]]]:
    """The providers under the same profile that still hold their place, with their industries (kb)."""
    held = [v.center_id for v in providers.list_lifecycles(session=session, today=today)
            if v.profile == profile.id and v.state not in LEFT]
    return [(c.id, c.name, list(c.industries or [])) for c in kb.list_centers(session=session, ids=held)]


def apply(*, session: Session, principal: Principal, form: ApplicationForm, today: date,
          max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Applied:
    """File an application (see the module docstring); any refusal raises before anything is written."""
    policy.authorize(principal, "provider.apply")
    center = dict(form.center)
    center_id = str(center.get("id") or "").strip()
    if not center_id:  # a center's coordinator applies for its own; the association files for a new provider
        center_id = center["id"] = principal.center_id or new_center_id(session=session, kind=_kind(center))
    policy.check_own_center(principal, center_id)
    if form.profile:
        policy.authorize(principal, "provider.decide")  # the association chooses the rules, not the applicant
    figures = _typed(center, form.figures, session)
    profile = profile_for(kind=_kind(center), region=str(center.get("region") or ""), chosen=form.profile)
    checked = _checked_files(profile, form.files, max_file_bytes)
    draft = applications.Draft(center_id=center_id, center=center, plaque_name=form.plaque_name,
                               figures=figures, today=today,
                               others=_others(session, profile, today) if applications.needs_others(profile) else ())
    checks: list[RuleCheck] = applications.check(profile, draft)
    materials = _notes(form.materials)
    for key, given in checked.items():
        names = "、".join(f.name for f in given)
        materials[key] = f"{materials[key]}；附件：{names}" if key in materials else f"附件：{names}"
    view = providers_flow.apply(session=session, principal=principal, center=center, materials=materials,
                                construction=form.construction, profile=profile.id if form.profile else None)
    if view.profile != profile.id:  # the kb entry as stored names another province than the checks read
        raise InnodockError("申请所适用的规则配置与检查时不一致，请重试 / the profile changed while applying",
                            field="center.region")
    filed = applications.record(
        session=session, center_id=center_id, profile=profile, figures=applications.filed_figures(profile,
                                                                                                   figures),
        plaque=form.plaque_name if any(r.rule == "plaque_name" for r in profile.application.rules) else None,
        checks=checks, by=principal.audit_label(),
        files={k: [CheckedUpload(name=f.name, media_type=f.media_type, size=f.size, sha256=f.sha256, data=f.data)
                   for f in given] for k, given in checked.items()})
    for found in checks:
        if found.rule == "head_certificate" and found.due is not None:
            rule = next(r for r in profile.application.rules if r.rule == found.rule)
            providers.create_obligation(
                session=session, center_id=center_id, kind=CERTIFICATE_OBLIGATION, period=str(found.due.year),
                due_on=found.due, clause=rule.clause.split(";")[-1].strip(), principal=principal, today=today,
                title="站长证书期满重新考核 / the station head's certificate renewed by a new assessment")
    # The associations decide on it: they are told (a notice, settled by the first decision)
    signups.tell_application(session=session, center_id=center_id, center_name=str(center.get("name") or center_id))
    return Applied(lifecycle=view, application=filed)


def complete(*, session: Session, principal: Principal, center_id: str, today: date,
             materials: Mapping[str, str] | None = None, files: Mapping[str, Sequence[Upload]] | None = None,
             max_file_bytes: int = DEFAULT_MAX_FILE_BYTES) -> LifecycleView:
    """Materials given after applying, until the review starts (docs/providers.md: "materials may still be completed
    until the review"; the provider's life walked as a new user, 2026-11-28: the application page said what was
    missing, and nothing let the applicant give it, so the review could never start). Whoever may apply for the
    provider (its own coordinator, the association); each document judged by its content as at application, each a
    material the profile names. The association is told of nothing new: its application notice stands until the
    first decision, and the provider's page shows what is still missing."""
    policy.authorize(principal, "provider.apply")
    policy.check_own_center(principal, center_id)
    lifecycle = providers.get_lifecycle(session=session, center_id=center_id, today=today)
    profile = profiles.get(lifecycle.profile)
    checked = _checked_files(profile, files or {}, max_file_bytes)
    given = _notes(materials or {})
    for key, uploads in checked.items():
        names = "附件：" + "、".join(f.name for f in uploads)
        given[key] = f"{given[key]}；{names}" if key in given else names
    if not given:
        raise InnodockError("请上传文件或填写说明 / give a document or a note for a material", field="materials")
    view = providers.complete_materials(session=session, center_id=center_id, materials=given, today=today,
                                        principal=principal)
    applications.add_files(session=session, center_id=center_id, by=principal.audit_label(),
                           files={k: [CheckedUpload(name=f.name, media_type=f.media_type, size=f.size,
                                                    sha256=f.sha256, data=f.data) for f in uploads]
                                  for k, uploads in checked.items()})
    return view


def _check_read(session: Session, principal: Principal, center_id: str) -> None:
    policy.check_application_read(principal, center_id, decides_on_it=decisions.decides_on(
        session=session, principal=principal, center_id=center_id))


def application(*, session: Session, principal: Principal, center_id: str) -> ApplicationView | None:
    """The application as filed, for whoever may read the provider (its own coordinators, the association) and the
    officer of the authority that decides on it (``authz.policy.check_application_read``)."""
    _check_read(session, principal, center_id)
    return applications.get(session=session, center_id=center_id)


def application_file(*, session: Session, principal: Principal, center_id: str,
                     file_id: str) -> tuple[ApplicationFileView, bytes]:
    _check_read(session, principal, center_id)
    return applications.read_file(session=session, center_id=center_id, file_id=file_id)
