"""The publishable view of a need (seed 000 §5.1.3 凝练 and §5.2.4 secrecy).

A confidential need is published from its structured fields only, never from the enterprise's words, and every
string it marked (enterprise name, product names and codes, figures) is checked not to appear.
"""

from __future__ import annotations

import re

from intake.schemas import Budget, Need, PublicNeed
from kb.vocab import SERVICE_TYPE_LABELS

REDACTED = "***"
_BANDS = [(50_000, "5万元以下"), (200_000, "5万–20万元"), (500_000, "20万–50万元"), (1_000_000, "50万–100万元"),
          (5_000_000, "100万–500万元")]


def _wan(yuan: int) -> str:
    value = yuan / 10_000
    return f"{value:g}万元" if yuan >= 10_000 else f"{yuan}元"


def budget_band(budget: Budget, *, coarse: bool) -> str | None:
    """A budget people can read; a confidential need only shows the band its figure falls in."""
    if budget.currency != "CNY":
        return f"{budget.currency}（金额面议）"
    low, high = budget.min_yuan, budget.max_yuan
    if low is None and high is None:
        return None
    if coarse:
        ref = high if high is not None else low
        assert ref is not None
        for limit, label in _BANDS:
            if ref <= limit:
                return label
        return "500万元以上"
    if low is not None and high is not None:
        return f"约{_wan(low)}" if low == high else f"{_wan(low)}–{_wan(high)}"
    return f"不超过{_wan(high)}" if high is not None else f"{_wan(low or 0)}以上"


def secrets_of(need: Need) -> list[str]:
    """Every string a confidential need's public view must not contain."""
    items = list(need.redactions)
    for value in (need.enterprise.name, need.enterprise.credit_code, need.product):
        if value:
            items.append(value)
    if need.enterprise.contact:
        items += [v for v in (need.enterprise.contact.person, need.enterprise.contact.phone,
                              need.enterprise.contact.email) if v]
    return [s for s in dict.fromkeys(items) if s and len(s.strip()) >= 2]


def scrub(text: str, secrets: list[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = re.sub(re.escape(secret), REDACTED, text, flags=re.I)
    return text


def public_need(need: Need, need_id: str) -> PublicNeed:
    labels = "、".join(SERVICE_TYPE_LABELS[s][0] for s in need.service_types) or "技术创新服务"
    industry = need.industry
    place = need.region.city or need.region.province
    if need.confidential:
        subject = f"{industry}领域" if industry else "某"
        title = f"{subject}企业{labels}需求"
        who = f"某{industry}" if industry else "某"
        where = f"（{place}）" if place else ""
        summary = f"{who}企业{where}寻求{labels}服务。详细技术信息仅在签署保密协议后向对接机构提供。"
    else:
        title = need.title or f"{need.product or industry or ''}{labels}需求"
        summary = (need.problem or need.text)[:300]
    secrets = secrets_of(need)
    if need.confidential:
        title, summary = scrub(title, secrets), scrub(summary, secrets)
    return PublicNeed(
        id=need_id,
        title=title,
        summary=summary,
        service_types=list(need.service_types),
        industry=industry,
        region=need.region,
        budget_band=budget_band(need.budget, coarse=need.confidential),
        deadline=need.deadline,
        confidential=need.confidential,
    )
