"""Rules profiles: which seed governs a provider, by jurisdiction and kind (issue 29, item 2).

A profile is one YAML file beside this module (``<id>.yaml``); adding a province is adding a file, not code. It
chooses, each value citing its clause:

- the application's **materials** (what must be on record before the review starts);
- the **building period** from the approval to build to the acceptance;
- the yearly **obligations calendar** and the **change reports** due within working days;
- the **evaluation hierarchy** a rating run scores with (a file of ``evaluation/hierarchy``);
- the **supervision measures** (the lifecycle's decisions the seed names for a provider that falls short, or
  rewards);
- the **grades' consequences**: which of those measures a rating run's grade proposes (``grades``; a grade the seed
  names no measure for proposes nothing, and its grounds say so: ``providers.improvement.consequence``).

Where its seed is silent on a part, the part says so (``silent``), and any value the profile sets anyway is marked as
this project's reading (``reading: true``). A provider carries the profile the association chose when it applied
(or the default where it is: its province's profile for its kind, ``default_in``, else the general rules, ``default``,
which govern anywhere: :func:`default_for`); the association may change it with a recorded reason
(``providers.lifecycle.change_profile``). A province's rules are never a default outside it: a Zhejiang center carried
Shanghai's seed 002 as its kind's default anywhere (a new user's trial, 2026-11-29).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from authz.vocab import AUTHORITY_LABELS, AuthorityBody
from core.errors import InnodockError
from kb.vocab import CenterKind

HERE = Path(__file__).resolve().parent
# The hierarchies a profile may name: the files of evaluation/hierarchy (read as data; providers does not import
# evaluation).
HIERARCHY_DIR = HERE.parent.parent / "evaluation" / "hierarchy"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(_Strict):
    """A value of a profile: the clause it stands on, and whether it is this project's reading where the seed is
    silent or vague."""

    clause: str = Field(min_length=1)
    reading: bool = False


class Material(Cited):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    zh: str
    en: str


class BuildPeriod(Cited):
    """Months from the approval to build to the acceptance; ``None``: the seed sets no limit (no overdue flag)."""

    months: int | None = Field(default=None, ge=1, le=120)
    months_with_construction: int | None = Field(default=None, ge=1, le=120)


class Annual(Cited):
    """An obligation of each year ``Y`` a provider operates: due on (month, day) of ``Y`` for the period
    ``Y + period_offset`` (``day`` 0: the month's last day; ``cycle`` > 1: only in the last year of each cycle counted
    from the first year of operation). ``by``: who meets it — the provider files it, or the association records it.
    ``parts``: the contents the filing must have, each named by the seed (``providers.filings``)."""

    kind: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    zh: str
    en: str
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=0, le=31)
    period_offset: int = Field(default=0, ge=-1, le=0)
    cycle: int = Field(default=1, ge=1, le=10)
    by: Literal["provider", "association"] = "provider"
    parts: tuple[Part, ...] = ()


class Part(Cited):
    """One content a filing must have (seed 002 四(一) 年度工作报告的五个方面; seed 004 七(三) 能力后续建设规划)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    zh: str
    en: str


class ChangeReport(Cited):
    """A change to these fields of the center's entry (or to any record of ``record_types``) must be reported within
    ``workdays`` working days of when it happened (``providers.workdays``)."""

    fields: frozenset[str] = frozenset()
    record_types: frozenset[str] = frozenset()
    workdays: int = Field(ge=1, le=60)
    zh: str
    en: str


class Hierarchy(Cited):
    file: str = Field(pattern=r"^[a-z0-9_]+\.yaml$")


class Measure(Cited):
    """A supervision measure: a lifecycle decision (``providers.machine``) as this profile's seed names it."""

    transition: str
    zh: str
    en: str


class Section(_Strict):
    """A part of a profile with what the seed does not say (``silent``), if anything."""

    silent: str | None = None


class ApplicationRule(Cited):
    """A rule an application is checked against when it is filed (issue 29, item 6): ``rule`` names its check in
    ``providers.applications.RULES``; ``params`` are the seed's figures; ``binding: false`` (a 宜 "should" of the
    seed) records a shortfall on the application instead of refusing it."""

    rule: Literal["one_per_industry", "plaque_name", "head_certificate", "investment_ratio"]
    zh: str
    en: str
    binding: bool = True
    params: dict[str, str | int | float] = Field(default_factory=dict)


class Application(Section):
    rules: tuple[ApplicationRule, ...] = ()


class Materials(Section):
    items: tuple[Material, ...]


class Calendar(Section):
    items: tuple[Annual, ...] = ()


class Changes(Section):
    items: tuple[ChangeReport, ...] = ()


class Supervision(Section):
    items: tuple[Measure, ...] = ()


# The grades a rating run can give that a seed may attach a measure to: the management classes 激励管理 and 重点监管
# (seed 002 四(二)), the tiers 优秀, 良好 and 不合格 (seed 003 art. 14), and 不合格 again once the rectification
# deadline has passed.
Grade = Literal["incentive", "key_supervision", "excellent", "good", "fail", "fail_after_deadline"]
GRADE_LABELS: dict[str, tuple[str, str]] = {
    "incentive": ("激励管理", "incentive management"),
    "key_supervision": ("重点监管", "key supervision"),
    "excellent": ("优秀", "excellent"),
    "good": ("良好", "good"),
    "fail": ("不合格", "fail"),
    "fail_after_deadline": ("限期整改期满仍不合格", "still failing after the rectification deadline"),
}


class GradeRule(Cited):
    """A grade and the supervision measure (``transition``, one of the profile's ``supervision`` items) it proposes,
    with the clause that links the two."""

    grade: Grade
    transition: str


class Grades(Section):
    """Which measure each grade proposes; a grade not named proposes nothing (``silent`` says what the seed lacks)."""

    items: tuple[GradeRule, ...] = ()


class Decider(Cited):
    """A lifecycle decision this profile's seed gives to a deciding authority (issue 29, item 3): the association
    prepares it, an officer of ``body`` whose jurisdiction covers the provider takes it (``authz.policy``)."""

    transition: str
    body: AuthorityBody
    zh: str
    en: str


class Authorities(Section):
    """Who decides what: a decision named here is the authority's; one not named stays the association's."""

    items: tuple[Decider, ...] = ()


class Building(Section):
    period: BuildPeriod


class Scale(Cited):
    """A grading of a rating run's total that this profile's seed sets (issue: a Jiangsu center's report cited the
    Guangdong stations' tiers and the Shanghai centers' classes, 2026-11-29): ``tier`` (seed 003 art. 14's 优秀 / 良好 /
    合格 / 不合格) or ``management_class`` (seed 002 四(二)'s 激励管理 / 正常管理 / 重点监管); ``zh`` / ``en``: the
    basis as the report cites it."""

    scale: Literal["tier", "management_class"]
    zh: str
    en: str


class Scoring(Section):
    hierarchy: Hierarchy
    # The gradings the report gives beside the stars; none: the seed grades no total, and the report says so.
    scales: tuple[Scale, ...] = ()


class CheckCite(Cited):
    """The clause a check of a provider's staff (``kb.rules.center_compliance``, by its ``rule``) cites under this
    profile, where the profile's seed has a clause of its own for it (``providers.rules.cited_check``)."""

    rule: str = Field(pattern=r"^[a-z][a-z0-9_]*$")


class Checks(Section):
    items: tuple[CheckCite, ...] = ()


class Text(_Strict):
    zh: str
    en: str


class Profile(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    seed: str | None  # the seed file's number; None: the plain default
    document: str
    jurisdiction: Text
    kinds: tuple[CenterKind, ...] = Field(min_length=1)
    # The kinds this profile is the default for anywhere no province's profile is (only a profile for anywhere:
    # ``load`` checks it).
    default_for: tuple[CenterKind, ...] = ()
    # The provinces where this profile is the default for its kinds (a Jiangsu center gets jiangsu_qic); elsewhere
    # a kind's default is ``default_for``'s.
    default_in: tuple[str, ...] = ()
    materials: Materials
    building: Building
    calendar: Calendar
    changes: Changes
    authorities: Authorities = Authorities()
    evaluation: Scoring
    supervision: Supervision
    grades: Grades = Grades()
    application: Application = Application()
    checks: Checks = Checks()

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        if not set(self.default_for) <= set(self.kinds):
            raise ValueError("default_for must name kinds the profile governs")
        keys = [m.key for m in self.materials.items]
        if len(keys) != len(set(keys)):
            raise ValueError("materials: a key is repeated")
        kinds = [a.kind for a in self.calendar.items]
        if len(kinds) != len(set(kinds)):
            raise ValueError("calendar: an obligation kind is repeated")
        grades = [g.grade for g in self.grades.items]
        if len(grades) != len(set(grades)):
            raise ValueError("grades: a grade is repeated")
        unnamed = [g.transition for g in self.grades.items if self.measure(g.transition) is None]
        if unnamed:
            raise ValueError(f"grades: {unnamed} must be supervision measures of the profile")
        return self

    def label(self, lang: str = "zh") -> str:
        return self.name.zh if lang == "zh" else self.name.en

    def measure(self, transition: str) -> Measure | None:
        return next((m for m in self.supervision.items if m.transition == transition), None)

    def grade_rule(self, grade: str) -> GradeRule | None:
        """The measure this profile's seed attaches to ``grade``; None: the seed names none."""
        return next((g for g in self.grades.items if g.grade == grade), None)

    def decider(self, transition: str) -> Decider | None:
        """The authority this profile gives ``transition`` to; None: the association decides."""
        return next((d for d in self.authorities.items if d.transition == transition), None)

    def annual(self, kind: str) -> Annual | None:
        return next((a for a in self.calendar.items if a.kind == kind), None)

    def check(self, rule: str) -> CheckCite | None:
        """The clause this profile cites for a staff check (:class:`Checks`); None: it names none of its own."""
        return next((c for c in self.checks.items if c.rule == rule), None)


Annual.model_rebuild()


def _read(path: Path) -> Profile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        profile = Profile.model_validate(data)
    except (yaml.YAMLError, ValidationError, ValueError) as exc:
        raise InnodockError(f"规则配置 {path.name} 无效 / invalid rules profile {path.name}: {exc}",
                            field=path.name) from None
    if profile.id != path.stem:
        raise InnodockError(f"规则配置 {path.name} 的 id 应为 {path.stem} / the id must be the file's name",
                            field=f"{path.name}.id")
    if not (HIERARCHY_DIR / profile.evaluation.hierarchy.file).is_file():
        raise InnodockError(f"规则配置 {path.name} 指定的评价指标体系不存在 / no hierarchy "
                            f"{profile.evaluation.hierarchy.file}", field=f"{path.name}.evaluation.hierarchy.file")
    return profile


def load(directory: Path = HERE) -> dict[str, Profile]:
    """Every profile of ``directory``, checked: each valid, each kind the default of exactly one profile, and that one
    a profile for anywhere (a province's rules are the default in that province only, ``default_in``)."""
    found = {p.id: p for p in (_read(f) for f in sorted(directory.glob("*.yaml")))}
    local = [p.id for p in found.values() if p.default_for and not _anywhere(p)]
    if local:
        raise InnodockError(f"规则配置 {', '.join(local)} 只适用于某一地区，不能作为各地的默认规则（请用 default_in）"
                            " / a province's profile cannot be a kind's default anywhere (use default_in)",
                            field="default_for")
    for kind in CenterKind:
        owners = [p.id for p in found.values() if kind in p.default_for]
        if len(owners) != 1:
            raise InnodockError(f"机构类型 {kind.value} 须恰有一个默认规则配置，现为 {owners} / each kind needs "
                                "exactly one default profile", field="default_for")
    return found


@cache
def profiles() -> dict[str, Profile]:
    return load()


def get(profile_id: str) -> Profile:
    found = profiles().get(profile_id)
    if found is None:
        raise InnodockError(f"未知的规则配置 {profile_id!r}，可用：{', '.join(profiles())} / unknown rules profile",
                            field="profile", code="unknown_profile")
    return found


def in_province(region: str | None, province: str) -> bool:
    """Whether a free-text region lies in a province (江苏省南京市 and 江苏南京 in 江苏省; 上海市浦东新区 in 上海市)."""
    text = (region or "").strip()
    short = province.removesuffix("省").removesuffix("市").removesuffix("自治区")
    return bool(text) and (text.startswith(province) or (len(short) >= 2 and text.startswith(short)))


def _anywhere(profile: Profile) -> bool:
    return profile.jurisdiction.zh.strip() in ("", "不限")


def outside(profile: Profile, region: str | None) -> bool:
    """Whether a provider in ``region`` lies outside ``profile``'s jurisdiction: one the association chose for it
    anyway, or one it carried from before the general rules were the default outside the named provinces
    (:func:`default_for`); its page says so (:func:`applied_note`). A profile for anywhere, or a provider whose region
    is not known, is never outside."""
    if not region or not region.strip() or _anywhere(profile):
        return False
    return not in_province(region, profile.jurisdiction.zh.strip())


def applied_note(profile: Profile, kind: CenterKind, region: str | None) -> dict[str, str] | None:
    """Why ``profile`` governs a provider of ``kind`` in ``region``, where a page or a report must say it (``zh``,
    ``en``), or None where its own province's rules govern it: the general rules because its province has none of
    its own for its kind, or because its region is not on record (the association should add it or set its rules),
    or a province's rules it lies outside of. A page that named only "适用规则：上海市质检中心" left a Zhejiang center
    under Shanghai's rules silently (a new user's trial, 2026-11-29)."""
    where = (region or "").strip()
    if outside(profile, region):
        return {"zh": f"该机构位于{where}，不在所适用规则的地区（{profile.jurisdiction.zh}）内；协会可变更适用规则。",
                "en": f"This provider is in {where}, outside the jurisdiction of the rules it carries "
                      f"({profile.jurisdiction.en}); the association may change them."}
    if not _anywhere(profile):
        return None
    if not where:
        return {"zh": f"该机构未登记所在地区，按{profile.name.zh}办理，不套用任何省份的规则；请协会补充其所在地区，"
                      "或为其设定适用规则。",
                "en": f"This provider's region is not on record, so the {profile.name.en} apply, not any province's "
                      "rules; the association should add its region or set its rules."}
    if _local(kind, where) is None:
        return {"zh": f"该机构所在地区（{where}）尚无此类机构的专门规则，按{profile.name.zh}办理；协会可变更适用规则。",
                "en": f"The provider's region ({where}) has no rules of its own for its kind, so the "
                      f"{profile.name.en} apply; the association may change them."}
    return None


def report_grading(profile: Profile, kind: CenterKind, region: str | None) -> dict[str, object]:
    """The gradings a rating run's report gives a provider of ``kind`` in ``region`` carrying ``profile``, as plain
    data for the report (``evaluation.report``, which imports nothing of providers): ``scales`` (each with the basis it
    cites) and, where none applies, ``none_zh`` / ``none_en`` saying why. The one place that chooses them, by kind and
    province: the profile the provider carries, or where that lies outside its jurisdiction (:func:`outside`: an
    imported Jiangsu center read as the kind's default, Shanghai's) the kind's profile in its province
    (:func:`default_for`); where that is outside too (no profile names Fujian), no rule grades it. A report never cites
    another province's or another kind's rules (a new user's trial, 2026-11-29: a Jiangsu 质检中心 graded by the
    Guangdong stations' tiers and the Shanghai centers' classes). Where no province's rules govern it, the general
    rules do (:func:`default_for`), which grade neither, and the report says why they apply (:func:`applied_note`)."""
    if outside(profile, region):
        profile = default_for(kind, region)  # never outside: its province's, or the general rules (``load``)
    scales = [{"scale": s.scale, "zh": s.zh, "en": s.en, "clause": s.clause} for s in profile.evaluation.scales]
    if scales:
        return {"scales": scales}
    note = applied_note(profile, kind, region)
    return {"scales": [],
            "none_zh": f"等次与管理类别：{note['zh'] if note else ''}本机构适用的{profile.document}未按评价得分规定等次"
                       "或管理类别，本报告不给出。",
            "none_en": f"Tier and management class: {note['en'] + ' ' if note else ''}The rules that govern the "
                       f"provider ({profile.name.en}) set no tier and no management class by the score, so this "
                       "report gives neither."}


def grades_by_tier(profile: Profile, kind: CenterKind, region: str | None) -> bool:
    """Whether the rules that govern a provider (:func:`report_grading`'s choice) grade a rating's total into tiers
    (seed 003 art. 14's 优秀 / 良好 / 合格 / 不合格): only then does the catalog show a run's tier beside its stars, as
    the report does (a new user's trial, 2026-11-29: the catalog showed 合格 on providers whose rules grade none)."""
    scales = report_grading(profile, kind, region)["scales"]
    return isinstance(scales, list) and any(isinstance(s, dict) and s.get("scale") == "tier" for s in scales)


def _local(kind: CenterKind, region: str | None) -> Profile | None:
    """The profile naming the provider's province (``default_in``) among those that govern its kind, if any."""
    if not region or not region.strip():
        return None
    return next((p for p in profiles().values() if kind in p.kinds and any(in_province(region, v)
                                                                          for v in p.default_in)), None)


def default_for(kind: CenterKind, region: str | None = None) -> Profile:
    """The kind's default profile where the provider is: the profile naming its province (``default_in``) among
    those that govern the kind, or else the kind's default anywhere (``default_for``: the general rules, a profile
    for anywhere). A provider whose region is not known gets the general rules, not a province's."""
    return _local(kind, region) or next(p for p in profiles().values() if kind in p.default_for)


def of(profile_id: str | None, kind: CenterKind) -> Profile:
    """The profile a provider carries; a row entered before profiles existed has its kind's default."""
    return get(profile_id) if profile_id else default_for(kind)


def choose(profile_id: str | None, kind: CenterKind, region: str | None = None) -> Profile:
    """The profile an application (or a change) chooses: one that governs the provider's kind; none chosen: the
    kind's default in the provider's province (:func:`default_for`)."""
    if not profile_id:
        return default_for(kind, region)
    chosen = get(profile_id)
    if kind not in chosen.kinds:
        allowed = [p.id for p in profiles().values() if kind in p.kinds]
        raise InnodockError(f"规则配置 {chosen.label()} 不适用于该类型机构（{kind.value}），可选："
                            f"{', '.join(allowed)} / profile {profile_id} does not govern a {kind.value}",
                            field="profile",
                            code="profile_kind")
    return chosen


def _cite(value: Cited) -> str:
    return f"{value.clause}" + (" — *our reading*" if value.reading and "reading" not in value.clause else "")


def markdown() -> str:
    """Every profile as docs/providers.md prints it (a test holds the docs to this)."""
    out: list[str] = []
    for p in sorted(profiles().values(), key=lambda p: (p.seed is None, p.seed or "", p.id)):
        kinds = ", ".join(f"`{k.value}`" for k in p.kinds)
        default = ", ".join(f"`{k.value}`" for k in p.default_for) or "—"
        out.append(f"#### `{p.id}` — {p.name.zh} / {p.name.en}\n\n"
                   f"{p.document} ({'seed ' + p.seed if p.seed else 'no seed'}); {p.jurisdiction.zh} "
                   f"{p.jurisdiction.en}; governs {kinds}; default for {default}.")
        rows = ["| part | value | clause |", "|---|---|---|"]
        rows += [f"| material | `{m.key}` {m.zh} | {_cite(m)} |" for m in p.materials.items]
        period = p.building.period
        months = ("none set" if period.months is None
                  else f"{period.months} months ({period.months_with_construction} with construction)")
        rows.append(f"| building period | {months} | {_cite(period)} |")
        for a in p.calendar.items:
            due = "end of February" if a.day == 0 else f"{a.month:02d}-{a.day:02d}"
            every = f", every {a.cycle} years" if a.cycle > 1 else ""
            parts = f"; parts: {'、'.join(x.zh for x in a.parts)}" if a.parts else ""
            rows.append(f"| obligation | `{a.kind}` {a.zh} (by the {a.by}, due {due}{every}{parts}) | {_cite(a)} |")
        for c in p.changes.items:
            what = ", ".join(f"`{f}`" for f in sorted(c.fields | c.record_types))
            rows.append(f"| change report | {c.zh}: {what} within {c.workdays} working days | {_cite(c)} |")
        rows += [f"| decided by | `{d.transition}` {d.zh}: {AUTHORITY_LABELS[d.body][0]} `{d.body.value}` | "
                 f"{_cite(d)} |" for d in p.authorities.items]
        rows.append(f"| evaluation hierarchy | `{p.evaluation.hierarchy.file}` | {_cite(p.evaluation.hierarchy)} |")
        rows += [f"| report's grading | `{g.scale}` {g.zh} | {_cite(g)} |" for g in p.evaluation.scales]
        rows += [f"| supervision | `{m.transition}` {m.zh} | {_cite(m)} |" for m in p.supervision.items]
        rows += [f"| grade | {GRADE_LABELS[g.grade][0]} `{g.grade}` → `{g.transition}` "
                 f"{getattr(p.measure(g.transition), 'zh', '')} | {_cite(g)} |" for g in p.grades.items]
        rows += [f"| application rule | `{r.rule}` {r.zh}{'' if r.binding else ' (宜: recorded, not refused)'} | "
                 f"{_cite(r)} |" for r in p.application.rules]
        rows += [f"| staff check | `{c.rule}` | {_cite(c)} |" for c in p.checks.items]
        if p.default_in:
            rows.append(f"| default in | {'、'.join(p.default_in)} | — |")
        out.append("\n".join(rows))
        silent = [f"- {name}: {sec.silent}" for name, sec in (
            ("materials", p.materials), ("building", p.building), ("calendar", p.calendar),
            ("changes", p.changes), ("authorities", p.authorities),
            ("evaluation", p.evaluation), ("supervision", p.supervision), ("grades", p.grades),
            ("application", p.application), ("checks", p.checks)) if sec.silent]
        if silent:
            out.append("Where the seed is silent:\n\n" + "\n".join(silent))
    return "\n\n".join(out) + "\n"


__all__ = [
    "GRADE_LABELS",
    "Annual",
    "ApplicationRule",
    "BuildPeriod",
    "ChangeReport",
    "CheckCite",
    "GradeRule",
    "Material",
    "Measure",
    "Part",
    "Profile",
    "Scale",
    "applied_note",
    "choose",
    "default_for",
    "get",
    "grades_by_tier",
    "in_province",
    "load",
    "markdown",
    "of",
    "outside",
    "profiles",
    "report_grading",
]
