"""The demo year's agreements fit their needs (a new user's trial, 2026-11-30): every seeded agreement read
"按需求所列标准开展检验检测与分析 / CMA 检测报告、失效分析报告", the IEC 62619 training need (5万 budget) was priced
80,000 元, the BMS calibration need (3万) 60,000 元 with no calibration certificate, and the calibration job's
complaint was about "两只电芯外壳变形". Each engagement's deliverables now name what its service types deliver, its
price is within the need's budget, and a complaint is about what the service delivered."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from accounts import service as accounts
from accounts.schemas import Actor
from core import china_time
from core.db import session_scope
from core.settings import Settings
from flows import access, demo_history, engagements, knowledge
from flows import accounts as accounts_flow
from flows.matching import MatcherSetup
from kb import transfer
from tests.matcher.matcher_helpers import NgramEmbedder

# What a service of each kind hands over, as a client would name it: the words its deliverables must carry (this
# test's own reading, not the demo's table).
DELIVERS = {"inspection_testing": "检测报告", "calibration": "校准证书", "training_consulting": "培训",
            "standards": "差距分析", "rnd": "分析报告"}
# What a complaint about each kind may be about
COMPLAINED = {"inspection_testing": ("检测", "样品", "试验", "报告"), "calibration": ("校准", "证书"),
              "training_consulting": ("培训", "讲义", "课件"), "standards": ("差距", "标准", "条款"),
              "rnd": ("分析", "建议", "改进")}


def signed_in(session: Session, username: str) -> Actor:
    user = accounts.find_user(session=session, username=username)
    assert user is not None
    token, _ = accounts_flow.start_session(session=session, user_id=user.id, hours=1)
    return accounts_flow.actor_for_session(session=session, token=token)


def test_every_demo_agreement_fits_its_need_s_service_and_budget(sqlite_settings: Settings) -> None:
    settings = sqlite_settings
    with session_scope(settings) as session:
        assert knowledge.import_files(session=session, paths=transfer.sample_files(), replace=False).ok
        accounts_flow.demo_accounts(session=session)
    demo_history.play(settings=settings, matcher=MatcherSetup(embedder=NgramEmbedder()), today=china_time.today(),
                      size=len(demo_history.NEEDS), seed=7)
    with session_scope(settings) as session:
        ent = signed_in(session, "demo-enterprise")
        rows = engagements.engagements(session=session, principal=ent)[0]
        seen = [(engagements.detail(session=session, principal=ent, engagement_id=e.id),
                 access.read_need(session=session, principal=ent, need_id=e.need_id).need) for e in rows]
    assert len(seen) == len(demo_history.NEEDS) - 1  # one need waits in the queue
    complaints = 0
    for detail, need in seen:
        assert need is not None and detail.agreement is not None
        kinds = [k.value for k in need.service_types]
        said = "、".join(detail.agreement.deliverables or [])
        for kind in kinds:
            assert DELIVERS[kind] in said, (need.text, kinds, said)
        assert need.budget.max_yuan is not None and detail.agreement.price_yuan is not None
        assert detail.agreement.price_yuan <= Decimal(need.budget.max_yuan), (need.text, detail.agreement.price_yuan)
        assert "检验检测" not in (detail.agreement.scope or "") or "inspection_testing" in kinds, detail.agreement
        for feedback in detail.feedback:
            if feedback.complaint:
                complaints += 1
                assert any(w in feedback.complaint for w in COMPLAINED[kinds[0]]), (kinds, feedback.complaint)
                if feedback.handling:
                    assert any(w in feedback.handling for k in kinds for w in COMPLAINED[k]), feedback.handling
    assert complaints == 2
