"""What the seeds say of a provider's lifecycle states, each rule in one named place with its clause; what differs by
jurisdiction and kind is the provider's rules profile's (``providers.profiles``, one YAML file each).

- :data:`STATE_CLAUSES`: the clause each lifecycle state stands for;
- :data:`DERIVED_STATUS` and :data:`FLAGGED`: the kb ``status`` each state shows as, and the states matching flags;
- :data:`SHOWN_STATUS` and :func:`shown_status`: the status a page says, the kb's but for a rectification order;
- :data:`IMPORT_START`: the state a kb-v1 ``status`` starts a new provider at;
- :data:`NOT_ASSIGNABLE` and :func:`assign_refusal`: the states in which no need may be given to a provider by hand;
- :func:`cited_check`: the clause a check of a provider's staff cites under its profile, and :func:`clause_halves`
  that clause in each language;
- :func:`materials_for`, :func:`build_period`, :func:`reports_for` and :func:`annual`: the profile's application
  materials, building period, change reports and obligations calendar, as the lifecycle, changes and the calendar
  ask for them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from kb.rules import ComplianceCheck
from kb.vocab import CenterStatus
from providers.profiles import Annual, BuildPeriod, ChangeReport, Material, Profile

STATE_CLAUSES: dict[str, str] = {
    "applied": "seed 002 二(二)1 提出申请; seed 003 art. 6(一) 提出申请; seed 004 二 自愿申请",
    "under_review": "seed 002 二(二)2 组织专家审查和论证; seed 003 art. 6(二) 资料核实",
    "building": "seed 002 二(二)2 批准筹建（筹建期 ≤12 个月，含基建 ≤24 个月）; seed 003 art. 6(二)–(三) 签订协议、"
                "备案申报; seed 004 六 批准筹建",
    "acceptance": "seed 002 二(二)3 验收申请; seed 003 art. 6(四) 核准后挂牌; seed 004 六 验收",
    "operating": "seed 002 二(二)3 批准成立并挂牌、四(一) 年度工作报告; seed 003 art. 12–14; seed 004 七",
    "key_supervision": "seed 002 四(二) 重点监管（差异化管理措施）",
    "rectifying": "seed 002 四(二) 限期整改、重点监管; seed 003 art. 16 不合格整改; seed 000 §8.2 改进",
    "suspended": "seed 002 四(二) 调整 (our reading: out of matching while revocation is decided)",
    "revoked": "seed 002 四(二) 取消筹建资格、调整退出; seed 003 art. 21 撤销并摘牌",
    "withdrawn": "seed 003 art. 22 退出; seed 002 四(二) 有进有出",
    "rejected": "seed 002 二(二)2 未通过审查论证",
    "application_withdrawn": "seed 002 二(二)1–2 提出申请后、批准筹建前撤回 (our reading: never approved); seed 003 "
                             "art. 6",
}

# The kb status each state shows as: matching and the catalog read the kb as before. Under rectification a provider
# still operates (seed 002 四(二): 限期整改 is a measure on a running center), flagged. An application is not public
# and no candidate until it is approved (seed 002 二(二)2: 批准筹建 follows the experts' review), so both the applied
# and the under-review state show as applying (a new user's trial, 2026-11-29: at 申请评审中 it was public and matched).
# An application that ends without approval, rejected or withdrawn before 批准筹建, shows as not_approved: it was never
# a provider, so it stays out of public as an application does (kb.vocab.NEVER_APPROVED), and is never said 已撤销,
# which is for one approved and since revoked or withdrawn (a public notice; the trial found a rejected applicant in
# the catalog as 已撤销).
DERIVED_STATUS: dict[str, CenterStatus] = {
    "applied": CenterStatus.applying,  # not yet approved: not public, not a candidate (a new user's trial)
    "under_review": CenterStatus.applying,
    "building": CenterStatus.preparing,
    "acceptance": CenterStatus.preparing,
    "operating": CenterStatus.operating,
    "key_supervision": CenterStatus.operating,
    "rectifying": CenterStatus.operating,
    "suspended": CenterStatus.suspended,
    "revoked": CenterStatus.withdrawn,
    "withdrawn": CenterStatus.withdrawn,  # withdrawn after approval (from building on): once a provider
    "rejected": CenterStatus.not_approved,
    "application_withdrawn": CenterStatus.not_approved,
}

# States that matching flags (and penalises, MatcherConfig.lifecycle_penalty), besides what the status says.
FLAGGED: dict[str, tuple[str, str]] = {
    "rectifying": ("限期整改中", "under rectification"),
    "key_supervision": ("重点监管中", "under key supervision"),
    "applied": ("申请中，尚未批准筹建", "application not yet approved"),
    "under_review": ("申请评审中，尚未批准筹建", "application under review"),
}

# What a page says a provider's status is: the kb status its state shows as (DERIVED_STATUS), except under a
# rectification order (seed 002 四(二) 责令限期整改), which is said until the re-check passes (pass_recheck). The
# provider still operates and matches, flagged (FLAGGED), so the kb status, the catalog's JSON and the console's
# filter stay "operating"; but a page that said 运行中 hid the order (a new user's trial, 2026-11-29).
SHOWN_STATUS: dict[str, tuple[str, str]] = {"rectifying": FLAGGED["rectifying"]}


def shown_status(state: str | None, status: CenterStatus) -> str:
    """The status a page shows (a key of :data:`kb.vocab.STATUS_LABELS` or of :data:`SHOWN_STATUS`)."""
    return state if state is not None and state in SHOWN_STATUS else status.value


# A new provider entered by a kb-v1 import starts where its file's status says (an "imported" event records it).
IMPORT_START: dict[CenterStatus, str] = {
    CenterStatus.operating: "operating",
    CenterStatus.preparing: "building",
    CenterStatus.applying: "applied",
    CenterStatus.suspended: "suspended",
    CenterStatus.withdrawn: "withdrawn",
    CenterStatus.not_approved: "rejected",  # an application that ended unapproved: a final state that never serves
}

# Transitions that are decisions: each records its grounds, the date it was decided and the decision document.
DECISIONS = frozenset({
    "approve_build", "reject_application", "pass_acceptance", "fail_acceptance", "cancel_build",
    "order_rectification", "pass_recheck", "suspend", "reinstate", "revoke", "withdraw", "commend",
    "place_under_key_supervision", "end_key_supervision", "publish_criticism",
})


def derived_status(state: str) -> CenterStatus:
    return DERIVED_STATUS[state]


# Assigning a need by hand (issue 30, item 3) may not bring back a provider the association took out of service: a
# suspended one is out of matching while its revocation is decided (seed 002 四(二) 通报批评、调整, our reading), a
# revoked one lost its title (seed 002 四(二) 调整退出; seed 003 art. 21 撤销并摘牌), a withdrawn one left (seed 003
# art. 22 退出), and a refused applicant was never approved (seed 002 二(二)2). Each: why, in both languages.
NOT_ASSIGNABLE: dict[str, tuple[str, str]] = {
    "suspended": ("已被暂停，在撤销与否决定之前不承接新需求", "is suspended and takes no new need until its revocation "
                  "is decided"),
    "revoked": ("已被撤销资格，不能再承接需求", "has been revoked and can no longer serve a need"),
    "withdrawn": ("已退出，不再承接需求", "has withdrawn and no longer serves needs"),
    "rejected": ("未获批准设立，不能承接需求", "was not approved and cannot serve a need"),
    "application_withdrawn": ("已撤回申请，未获批准设立，不能承接需求", "withdrew its application, was never approved "
                              "and cannot serve a need"),
}


def assign_refusal(state: str) -> tuple[str, str] | None:
    """Why a provider in this lifecycle state may not be given a need by hand (Chinese, English), or None."""
    return NOT_ASSIGNABLE.get(state)


# A check of a provider's staff (``kb.rules.center_compliance``) names the seed clause its figures come from (seed 000
# §4.2.2(2) for a center's staff, seed 003 art. 5 for a station's). Under a profile of another seed that clause is
# not the provider's rules (a Shanghai center's staffing check cited Jiangsu's standard, a new user's trial,
# 2026-11-29): the profile's own clause where it names one (its ``checks``), else the figures are this platform's
# reading, said so. No clause is made up: a seed that has none is cited by none.
READING = " (our reading)"
# The same said in Chinese: a text in two halves says the reading in each half's language (a failing flag carried
# " (our reading)" inside its Chinese half, English on a Chinese review page).
READING_ZH = "（本项目的解读）"


def clause_halves(clause: str) -> tuple[str, str]:
    """A cited clause for a "中文 / English" text: (Chinese, English), the platform's reading said in each language."""
    if clause.endswith(READING):
        bare = clause.removesuffix(READING)
        return bare + READING_ZH, clause
    return clause, clause


def cited_check(profile: Profile, check: ComplianceCheck) -> ComplianceCheck:
    """``check`` citing the clause of ``profile``: its ``checks`` entry for the rule (marked our reading where it
    reads), the check's own clause where every seed it cites is the profile's, else that clause as our reading."""
    own = profile.check(check.rule)
    if own is not None:
        return replace(check, clause=own.clause + (READING if own.reading else ""))
    seeds = set(re.findall(r"seed (\d{3})", check.clause))
    if seeds and seeds == {profile.seed}:
        return check
    return replace(check, clause=check.clause + READING)


def materials_for(profile: Profile) -> tuple[Material, ...]:
    return profile.materials.items


def build_period(profile: Profile) -> BuildPeriod:
    return profile.building.period


# ---- changes a provider must report within a deadline ----

def reports_for(profile: Profile, changed_fields: set[str], record_types: set[str]) -> list[ChangeReport]:
    """The reports a change of these center fields and record types calls for under the provider's profile."""
    return [r for r in profile.changes.items if r.fields & changed_fields or r.record_types & record_types]


# ---- the obligations calendar: what falls due each year, per kind ----

def _feb_end(year: int) -> int:
    return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28


def annual(profile: Profile) -> tuple[Annual, ...]:
    """What falls due each year a provider under ``profile`` operates."""
    return profile.calendar.items


# States in which a provider runs and owes the calendar.
OWES_CALENDAR = frozenset({"operating", "key_supervision", "rectifying"})
# Days before a due date the reminders start (once a day, ``innodock inbox overdue``).
REMIND_DAYS = 14


def annual_due(rule: Annual, year: int) -> date:
    day = rule.day or _feb_end(year)
    return date(year, rule.month, day)
