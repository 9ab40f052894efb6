"""Helpers for the use-case tests: the flows called as the doors call them, on a real database, with no HTTP in
between.

``Flows`` is a small world made through the packages' own functions: the kb tests' catalog with a second expert (so a
team can be formed), two enterprises (``ent-a``, ``ent-b``), a center organisation for ``qic-js-battery`` and an
association with a coordinator and an admin; each person signed in through ``flows.accounts``, so the principal is
the one a request would carry. The outbox is the service's own (``flows.announce.OUTBOX``): inbox notices and webhook
deliveries are written as in production.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accounts import service as accounts
from authz.principal import Principal
from authz.vocab import OrgKind, Role
from core import china_time
from core.db import session_scope
from core.settings import Settings
from flows import accounts as accounts_flow
from flows import engagements as engagements_flow
from flows import needs as needs_flow
from flows import reviews as reviews_flow
from flows.announce import OUTBOX
from flows.events import Outbox
from flows.matching import MatcherSetup
from intake.schemas import Enterprise
from pipeline.schemas import EngagementView, ReviewView
from tests.kb.kbhelpers import CAP, CAP2, CENTER, CENTER2, EXPERT, do_import, write_jsonl
from tests.matcher.matcher_helpers import NgramEmbedder

PASSWORD = "correct-horse-battery"
NEED_TEXT = ("我们是常州的动力电池生产企业，电芯在针刺后出现热失控，需要按GB 38031-2020做单体热失控试验检测，"
             "需要CMA报告，预算5万元，三个月内完成。")
EXPERT2 = {"type": "expert", "id": "exp-2", "name": "李明", "center_id": "qic-js-battery",
           "title_level": "intermediate", "degree": "master", "years_experience": 8, "led_projects": 1,
           "fields": ["电池测试"]}
AGREEMENT = {"scope": "单体热失控试验", "deliverables": ["CMA 检测报告"], "price_yuan": "48000", "schedule": "六周",
             "deadline": "2031-06-30", "confidentiality_clause": "双方对试验数据保密", "signed_on": "2026-01-10",
             "client_party": "甲公司", "provider_party": "江苏省动力电池产品质量检验中心"}
PEOPLE = (("ent-a", "a", Role.enterprise), ("ent-b", "b", Role.enterprise),
          ("coord-center", "center", Role.center_coordinator), ("coord-assoc", "assoc", Role.association_coordinator),
          ("admin", "assoc", Role.admin))


@dataclass
class Flows:
    """The world, and the use cases as a door calls them (each in its own transaction, as a request is)."""

    settings: Settings
    orgs: dict[str, str] = field(default_factory=dict)  # short name -> org id
    people: dict[str, Principal] = field(default_factory=dict)  # username -> principal
    matcher: MatcherSetup = field(default_factory=lambda: MatcherSetup(embedder=NgramEmbedder()))
    outbox: Outbox = OUTBOX

    def __call__(self, username: str) -> Principal:
        return self.people[username]

    def add_org(self, short: str, kind: OrgKind, name: str, center_id: str | None = None) -> str:
        with session_scope(self.settings) as session:
            self.orgs[short] = accounts_flow.create_org(session=session, kind=kind, name=name, center_id=center_id).id
        return self.orgs[short]

    def add_person(self, username: str, org_id: str, role: Role) -> Principal:
        """A user of ``org_id``, signed in: the principal their session carries."""
        with session_scope(self.settings) as session:
            accounts.create_user(session=session, org_id=org_id, username=username, password=PASSWORD, role=role)
            user = accounts_flow.authenticate(session=session, username=username, password=PASSWORD)
            token, _ = accounts_flow.start_session(session=session, user_id=user.id, hours=1)
            self.people[username] = accounts_flow.actor_for_session(session=session, token=token)
        return self.people[username]

    def create_need(self, who: str = "ent-a", text: str = NEED_TEXT, **changes: Any) -> str:
        """A need of ``who``'s enterprise, as POST /needs makes it (the fields given win over what intake read)."""
        principal = self(who)
        with session_scope(self.settings) as session:
            org = accounts_flow.get_org(session=session, org_id=principal.org_id)
            need = needs_flow.create_need(
                session=session, principal=principal, enterprise=Enterprise(id=org.id, name=org.name),
                text=text, changes={"service_types": ["inspection_testing"], **changes}, today=china_time.today())
        return need.id or ""

    def submit(self, need_id: str, who: str = "ent-a") -> needs_flow.Submitted:
        with session_scope(self.settings) as session:
            return needs_flow.submit_need(session=session, settings=self.settings, matcher=self.matcher,
                                          principal=self(who), need_id=need_id, outbox=self.outbox)

    def submitted_need(self, who: str = "ent-a", **changes: Any) -> tuple[str, str]:
        """A need created and submitted: (need id, review id)."""
        need_id = self.create_need(who, **changes)
        return need_id, self.submit(need_id, who).review.id

    def review(self, review_id: str, who: str = "coord-assoc") -> ReviewView:
        with session_scope(self.settings) as session:
            return reviews_flow.review(session=session, principal=self(who), review_id=review_id)

    def accept(self, review_id: str, center_id: str | None = None, who: str = "coord-assoc") -> ReviewView:
        """The first proposal (or ``center_id``) accepted by the association."""
        current = self.review(review_id, who)
        with session_scope(self.settings) as session:
            return reviews_flow.accept(session=session, principal=self(who), review_id=review_id,
                                       center_id=center_id or current.proposals[0].center_id, alternates=[],
                                       version=current.version, outbox=self.outbox)

    def outcome(self, need_id: str, who: str = "ent-a") -> needs_flow.NeedOutcome:
        """What came of a need, as GET /needs/{id}/result answers it."""
        with session_scope(self.settings) as session:
            return needs_flow.outcome(session=session, principal=self(who), need_id=need_id)

    def engagement(self, engagement_id: str, who: str = "coord-assoc") -> EngagementView:
        with session_scope(self.settings) as session:
            return engagements_flow.detail(session=session, principal=self(who), engagement_id=engagement_id)

    def step(self, engagement_id: str, who: str, transition: str, payload: dict[str, Any] | None = None
             ) -> EngagementView:
        version = self.engagement(engagement_id, who).version
        with session_scope(self.settings) as session:
            return engagements_flow.advance(session=session, principal=self(who), engagement_id=engagement_id,
                                            transition=transition, version=version, payload=payload or {},
                                            outbox=self.outbox)


def make_flows(settings: Settings, tmp_path: Path) -> Flows:
    assert do_import(settings, write_jsonl(tmp_path / "kb.jsonl", [CENTER, CENTER2, CAP, CAP2, EXPERT, EXPERT2])).ok
    world = Flows(settings)
    for short, kind, name, center_id in (("a", OrgKind.enterprise, "甲公司", None),
                                         ("b", OrgKind.enterprise, "乙公司", None),
                                         ("center", OrgKind.center, "电池中心", "qic-js-battery"),
                                         ("assoc", OrgKind.association, "质量协会", None)):
        world.add_org(short, kind, name, center_id)
    for username, org, role in PEOPLE:
        world.add_person(username, world.orgs[org], role)
    return world
