"""The providers' list as a console (issue 30, item 7): filtered by lifecycle stage, catalog status, kind and
province, searched, and paged — on the server, with the view in the address, so a count on the dashboard links to
the list behind it and a view can be bookmarked.

Everything is read through the owning packages' service functions (``flows.providers.provider_list``, the
obligations, the proposals and the rating runs); nothing is stored here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from authz.principal import Principal
from core.errors import InnodockError
from evaluation import service as evaluation
from flows import providers as providers_flow
from flows.paging import page_number
from kb import service as kb
from kb.vocab import KIND_LABELS, CenterKind, CenterStatus
from providers import service as providers

PAGE_SIZE = 20
MAX_QUERY = 100
NO_REGION = "-"  # the filter's value for providers with no region on record


@dataclass(frozen=True)
class ProviderFilter:
    """The list's view, as the page's address carries it."""

    state: str | None = None
    status: CenterStatus | None = None
    kind: CenterKind | None = None
    region: str | None = None  # a province, as kb.service.province_of reads a region; NO_REGION for none
    q: str = ""
    overdue: bool = False  # only providers with an obligation past its due date
    waiting: bool = False  # only providers with a proposed step waiting for the association's decision
    page: int = 1

    @classmethod
    def parse(cls, *, state: str = "", status: str = "", kind: str = "", region: str = "", q: str = "",
              overdue: str = "", waiting: str = "", page: str = "1") -> ProviderFilter:
        """From the address's parameters; a value the page never offers is refused naming the parameter."""
        if state and state not in providers_flow.states():
            raise InnodockError(f"未知的生命周期阶段 / unknown lifecycle stage: {state[:40]}", field="state")
        try:
            chosen_status = CenterStatus(status) if status else None
        except ValueError:
            raise InnodockError(f"未知的目录状态 / unknown catalog status: {status[:40]}", field="status") from None
        try:
            chosen_kind = CenterKind(kind) if kind else None
        except ValueError:
            raise InnodockError(f"未知的机构类型 / unknown kind of provider: {kind[:40]}", field="kind") from None
        number = page_number(page)
        return cls(state=state or None, status=chosen_status, kind=chosen_kind, region=region.strip()[:40] or None,
                   q=" ".join(q.split())[:MAX_QUERY], overdue=overdue in ("1", "true", "on"),
                   waiting=waiting in ("1", "true", "on"), page=number)

    def params(self) -> dict[str, str]:
        """The view as the address's parameters, without the defaults."""
        out = {"state": self.state or "", "status": self.status.value if self.status else "",
               "kind": self.kind.value if self.kind else "", "region": self.region or "", "q": self.q,
               "overdue": "1" if self.overdue else "", "waiting": "1" if self.waiting else "",
               "page": str(self.page) if self.page > 1 else ""}
        return {k: v for k, v in out.items() if v}

    def link(self, **changes: object) -> str:
        """The address of this view with some parameters changed (a page, a filter dropped)."""
        query = urlencode(replace(self, **changes).params())  # type: ignore[arg-type]
        return f"/providers?{query}" if query else "/providers"

    @property
    def filtered(self) -> bool:
        return any(k != "page" for k in self.params())


@dataclass(frozen=True)
class ListedProvider:
    center_id: str
    name: str
    kind: CenterKind
    region: str | None
    province: str | None
    state: str
    status: CenterStatus
    flags: list[tuple[str, str]]  # (中文, English)
    overdue: int  # obligations past their due date
    waiting: int  # proposed steps waiting for a decision
    rating: float | None  # the latest complete second- or third-party rating's total, 0–100
    stars: int | None

    @property
    def shown_status(self) -> str:
        """The status the row says: 限期整改中 under a rectification order (``providers.rules.shown_status``)."""
        return providers.shown_status(self.state, self.status)


@dataclass(frozen=True)
class ProviderListPage:
    view: ProviderFilter
    rows: list[ListedProvider]
    total: int  # after the filters, before paging
    pages: int
    everyone: int  # before the filters
    regions: list[tuple[str, int]]  # province → providers, over every provider the viewer may see
    kinds: list[tuple[CenterKind, int]]
    states: list[tuple[str, int]]
    statuses: list[tuple[CenterStatus, int]]


def _matches(words: list[str], haystack: str) -> bool:
    low = haystack.lower()
    return all(w in low for w in words)


def browse(*, session: Session, principal: Principal, today: date, view: ProviderFilter,
           page_size: int = PAGE_SIZE) -> ProviderListPage:
    """One page of the providers the viewer may see (every provider for the association, its own for a center),
    with the counts each filter would give. A search keeps the providers whose name, region, kind or stage holds
    each of its words (either language's names)."""
    rows = providers_flow.provider_list(session=session, principal=principal, today=today)
    seen = {r.center.id for r in rows}
    overdue: dict[str, int] = {}
    for o in providers.list_obligations(session=session, today=today, open_only=True, center_ids=seen):
        if o.overdue:
            overdue[o.center_id] = overdue.get(o.center_id, 0) + 1
    waiting: dict[str, int] = {}
    for p in providers_flow.proposals(session=session, principal=principal):
        waiting[p.center_id] = waiting.get(p.center_id, 0) + 1
    zh, en = providers_flow.state_labels("zh"), providers_flow.state_labels("en")
    words = [w.lower() for w in view.q.split()]
    kept = []
    for r in rows:
        c, life = r.center, r.lifecycle
        province = kb.province_of(c.region)
        if view.state and life.state != view.state:
            continue
        if view.status and life.status != view.status:
            continue
        if view.kind and life.kind != view.kind:
            continue
        if view.region and (province or NO_REGION) != view.region:
            continue
        if view.overdue and not overdue.get(c.id):
            continue
        if view.waiting and not waiting.get(c.id):
            continue
        if words and not _matches(words, " ".join(
                [c.name, c.id, c.region or "", zh.get(life.state, ""), en.get(life.state, ""),
                 *KIND_LABELS[life.kind]])):
            continue
        kept.append((province or "~", c.name, r, province))
    kept.sort(key=lambda k: (k[0], k[1]))
    pages = max(1, -(-len(kept) // page_size))
    number = min(view.page, pages)
    shown = kept[(number - 1) * page_size: number * page_size]
    listed = []
    for _, _, r, province in shown:
        runs = [run for run in evaluation.runs_of(session=session, center_id=r.center.id, limit=20)
                if run.counts_as_rating and run.complete and run.total is not None]
        latest = runs[0] if runs else None
        listed.append(ListedProvider(
            center_id=r.center.id, name=r.center.name, kind=r.lifecycle.kind, region=r.center.region,
            province=province, state=r.lifecycle.state, status=r.lifecycle.status,
            # a flag the status column says already (限期整改中) is not said twice
            flags=[(f.zh, f.en) for f in r.lifecycle.flags if f.code != r.lifecycle.shown_status],
            overdue=overdue.get(r.center.id, 0),
            waiting=waiting.get(r.center.id, 0),
            rating=round(float(latest.total), 1) if latest is not None and latest.total is not None else None,
            stars=latest.stars if latest is not None else None))

    def tally(values: list[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for v in values:
            out[v] = out.get(v, 0) + 1
        return out

    regions = tally([kb.province_of(r.center.region) or NO_REGION for r in rows])
    kinds = tally([r.lifecycle.kind.value for r in rows])
    states = tally([r.lifecycle.state for r in rows])
    statuses = tally([r.lifecycle.status.value for r in rows])
    return ProviderListPage(
        view=replace(view, page=number), rows=listed, total=len(kept), pages=pages, everyone=len(rows),
        regions=sorted(regions.items(), key=lambda kv: (kv[0] == NO_REGION, kv[0])),
        kinds=[(k, kinds[k.value]) for k in CenterKind if k.value in kinds],
        states=[(s, states[s]) for s in providers_flow.states() if s in states],
        statuses=[(s, statuses[s.value]) for s in CenterStatus if s.value in statuses])
