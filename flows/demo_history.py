"""A year of activity for the demo (issue 30, item 7): ``innodock demo-accounts --history`` plays it through the
product's own use cases, as the demo accounts would have acted — never by writing a table — so the dashboards, the
charts, the boards and the histories of a fresh install show what the console is for.

What is played, in the order of a year, each step at its moment of the year (``core.db.played_at``: the rows and
notices it writes are stamped then, and the flows that judge a date are given its day), each person opening the
engagement's page as they act on it (so what it asked of them is read, as a real user's would be):

- needs written by the demo enterprise, submitted and matched, reviewed by the association and given to the demo
  center (accepted from the proposals, or assigned by hand when the matcher did not propose it); each served through
  seed 000 Figure 1 — agreement, countersignature, team, plan and its review, results, acceptance — then the
  client's satisfaction and five-grade questionnaire; one need left mid-way and one waiting in the queue;
- two complaints: one handled and confirmed by the client, one still open;
- obligations the association sets for the demo center each quarter: filed on time, once late, reviewed with a score,
  and the last one left unfiled, so overdue;
- rating runs of the demo center and a few other providers for last year and this year; this year's of the demo
  center fails, so its findings open and a rectification is proposed, which the association orders; the center plans
  its corrective actions and reports one done, which passes its re-check.

Deterministic: the same seed and size give the same choices. Refused (nothing written) when the demo enterprise
already has needs, so it is played once.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any

from accounts import demo
from accounts import service as accounts
from authz.principal import Principal
from core.china_time import CHINA_TZ
from core.db import played_at, session_scope
from core.errors import ConflictError, InnodockError
from core.settings import Settings
from evaluation.hierarchy import Hierarchy, load_hierarchy
from evaluation.hierarchy.schema import Item
from evaluation.schemas import ScoreInput
from evaluation.sources import range_of
from flows import accounts as accounts_flow
from flows import catalog, improvement
from flows import engagements as engagements_flow
from flows import evaluations as evaluations_flow
from flows import inbox as inbox_flow
from flows import messages as messages_flow
from flows import needs as needs_flow
from flows import obligations as obligations_flow
from flows import providers as providers_flow
from flows import reviews as reviews_flow
from flows.announce import OUTBOX
from flows.matching import MatcherSetup
from inbox.schemas import NoticeKind
from intake.schemas import Enterprise
from pipeline.schemas import Upload

# The needs the demo enterprise writes over the year: what a battery and energy-storage maker asks a provincial
# quality inspection center (service types as the intake reads them; each text passes the submission rule).
NEEDS: tuple[tuple[str, list[str]], ...] = (
    ("储能电池包在高温循环后容量衰减明显，需要按GB/T 36276做循环寿命与热失控试验，出具CMA报告，"
     "预算8万元，两个月内完成。",
     ["inspection_testing"]),
    ("动力电池单体针刺后起火，需要按GB 38031-2020做热扩散试验并分析失效原因，预算12万元，三个月内完成。",
     ["inspection_testing", "rnd"]),
    ("我们的电池管理系统电压采样偏差大，需要校准电压电流测量设备并出具校准证书，预算3万元，一个月内完成。",
     ["calibration"]),
    ("锂电池隔膜批次间穿刺强度不稳定，希望做原材料比对检测并给出工艺改进建议，预算6万元，六周内完成。",
     ["inspection_testing", "rnd"]),
    ("储能集装箱消防系统需要做型式试验前的预测试，按GB/T 36276相关条款检测，需要CNAS报告，预算10万元。",
     ["inspection_testing"]),
    ("电池模组振动试验后出现焊点开裂，需要做振动与机械冲击试验并分析失效机理，预算9万元，两个月内完成。",
     ["inspection_testing", "rnd"]),
    ("新开发的钠离子电池需要做安全性能摸底检测，包括过充过放和短路试验，预算7万元，三个月内完成。",
     ["inspection_testing"]),
    ("出口欧洲的储能产品需要了解IEC 62619标准要求并做差距分析和培训，预算5万元，一个半月内完成。",
     ["standards", "training_consulting"]),
)
TEAM = {"lead": "exp-qic-001", "members": ["exp-qic-002", "exp-qic-003"]}


@dataclass(frozen=True)
class ServiceWords:
    """What a service of one kind is agreed, planned, handed over and complained about as, in the demo: its
    agreement's scope and deliverables, the plan, the delivery's note and file, the client's reasons for accepting
    it, and the complaints a client of it might make, each with the center's handling. (Every seeded agreement read
    "按需求所列标准开展检验检测与分析 / CMA 检测报告、失效分析报告", a training need's and a calibration need's
    alike, and the calibration job's complaint was about deformed cells: a new user's trial, 2026-11-30.)"""

    scope: str
    deliverables: tuple[str, ...]
    plan: str
    delivered: str
    file: str
    accepted: str
    complaints: tuple[tuple[str, str], ...]  # (the complaint, the center's handling of it)


# The one table the demo's agreements are written from, by the service types its needs ask for (NEEDS): a need of
# several types is agreed on each type's scope and deliverables; its plan, file and complaints are its first type's.
SERVICE_WORDS: dict[str, ServiceWords] = {
    "inspection_testing": ServiceWords(
        scope="按需求所列标准开展检验检测",
        deliverables=("检验检测报告（CMA/CNAS 标识）", "原始试验数据"),
        plan="按约定标准制定试验方案：样品接收、预处理、试验、数据记录与报告编制。",
        delivered="检测报告已出具，原始试验数据随附。", file="检测报告.pdf", accepted="报告完整，结论清楚",
        complaints=(("检测报告比约定晚了一周寄到，影响了我们的客户验货。",
                     "已致电企业致歉，检测报告改用加急快递寄送，并调整出报告流程。"),
                    ("试验样品退回时包装破损，有两只电芯外壳变形。",
                     "已核实样品退回时的包装，赔偿受损样品，改用防震包装寄回。"))),
    "rnd": ServiceWords(
        scope="分析失效原因并提出设计或工艺改进建议",
        deliverables=("失效原因分析报告", "改进建议"),
        plan="复现失效现象，结合拆解与表征确定失效机理，再提出改进方案。",
        delivered="失效原因分析报告与改进建议已提交，附拆解照片与表征数据。", file="分析报告.pdf",
        accepted="原因分析有依据，建议可操作",
        complaints=(("分析报告给出的改进建议太笼统，没有能直接在产线上验证的参数。",
                     "已在分析报告中补充建议的工艺参数范围，并安排工程师到厂交流。"),)),
    "calibration": ServiceWords(
        scope="按计量技术规范校准委托方送校的电压、电流测量设备",
        deliverables=("校准证书（含测量不确定度）", "校准数据记录"),
        plan="按校准规范确定校准点、环境条件与标准器，送校设备登记后逐台校准。",
        delivered="校准证书已出具，随附各校准点数据与不确定度评定。", file="校准证书.pdf",
        accepted="证书信息完整，数据可溯源",
        complaints=(("校准证书上的设备编号与送校设备对不上，只好退回重开，耽误了产线复产。",
                     "已核对送校登记，重新出具更正后的校准证书，出证前增加编号复核。"),)),
    "standards": ServiceWords(
        scope="对照目标标准逐条比对产品与技术文件，找出差距并给出整改建议",
        deliverables=("标准差距分析报告", "整改建议清单"),
        plan="收集产品技术文件，列出标准条款比对表，逐条评估符合性。",
        delivered="标准差距分析报告与整改建议清单已提交。", file="差距分析报告.pdf", accepted="差距逐条列明，建议清楚",
        complaints=(("差距分析报告只列了条款编号，没有说明我们的产品具体哪里不符合。",
                     "已逐条补充不符合标准条款的具体说明，并约企业技术人员当面讲解。"),)),
    "training_consulting": ServiceWords(
        scope="开展专题培训并解答企业的技术咨询",
        deliverables=("专题培训（现场授课）", "培训讲义与课件", "培训签到与考核记录"),
        plan="了解企业现状后编写培训大纲，确定授课对象、课时与考核方式。",
        delivered="培训已按大纲完成，讲义、课件与考核记录一并提交。", file="培训讲义.pdf",
        accepted="培训按大纲完成，讲义齐全",
        complaints=(("培训内容偏理论、案例太少，讲义到培训结束一周后才发来。",
                     "已补充三个出口认证培训案例，今后讲义在培训当天提供。"),)),
}
# What the demo's agreement prices are of the need's budget (its upper bound): each agreed within it.
PRICE_SHARES = (0.8, 0.9, 1.0)
RATED_OTHERS = 4  # providers rated besides the demo center: enough lines for the chart to compare
PLAYED = "history_played"  # the refusal's code when the demo enterprise already has needs


@dataclass
class HistoryResult:
    needs: int = 0
    engagements_closed: int = 0
    complaints: int = 0
    obligations: int = 0
    filings: int = 0
    rating_runs: int = 0
    findings: int = 0
    rectifications: int = 0
    days: tuple[date, date] | None = None
    notes: list[str] = field(default_factory=list)


Progress = Callable[[str], None]


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of the played year, China time: when a step of that day is taken."""
    return datetime.combine(day, time(hour, minute), tzinfo=CHINA_TZ)


def _played(day: date, hour: int = 10, minute: int = 0) -> AbstractContextManager[None]:
    return played_at(_at(day, hour, minute))


def steps(size: int) -> int:
    """How many steps :func:`play` reports to ``progress`` for ``size`` needs (for a progress bar's total)."""
    return 2 + size + 4 + 2 * (RATED_OTHERS + 1) + 3


def _inputs(scale: float, center_id: str, name: str, period: str) -> ScoreInput:
    """seed 001's full worked example (evaluation/examples), every number scaled: a provider's year in figures, each
    kept within its item's range (``evaluation.sources.range_of``, what every door of a rating accepts: scaled by 1.2,
    a yes of 1 read 1.2, 100 % read 120 % and the history could not be played, a new user's trial, 2026-11-30)."""
    raw = json.loads(resources.files("evaluation").joinpath("examples/seed001_full_inputs.json")
                     .read_text(encoding="utf-8"))
    hierarchy = load_hierarchy()
    items = {it.id: it for _, _, it in hierarchy.items()}
    values = {k: (_within(round(v * scale, 2), items.get(k), hierarchy)
                  if isinstance(v, (int, float)) and not isinstance(v, bool) else v)
              for k, v in raw["values"].items()}
    report = {**(raw.get("report") or {}),
              "evaluator": {"name": "示例质量发展协会（演示）", "description": "协会组织的第二方评价（演示数据）"},
              "evaluated": {"name": name, "description": "省级技术创新服务机构（演示数据）"},
              "evaluator_kind": "第二方评价 second party",
              "objective": f"评价{name} {period} 年度服务质量，为分级管理与供需对接提供依据（演示）",
              "evaluation_date": None}
    return ScoreInput.model_validate({"center_id": center_id, "center_name": name, "period": period,
                                      "values": values, "report": report})


def _within(value: float, item: Item | None, hierarchy: Hierarchy) -> float:
    """``value`` brought into ``item``'s range (an item the hierarchy does not name is left as it is), a count
    rounded to a whole number: scaled, the demo year read 服务范围 70.4 项 and 发表论文数 2.64 篇, which its rating form
    then offered and could not send back (a trial in Chromium, 2026-11-30)."""
    if item is None:
        return value
    bound = range_of(item, hierarchy)
    if bound.votes:
        return value
    within = min(max(value, bound.low), bound.high)
    return float(round(within)) if bound.whole else within


class _People:
    """The demo accounts signed in for the history, as a request would carry them; signed out at the end."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.tokens: list[str] = []
        self.who: dict[str, Principal] = {}

    def sign_in(self, username: str) -> Principal:
        with session_scope(self.settings) as session:
            user = accounts.find_user(session=session, username=username)
            if user is None:
                raise InnodockError(f"演示账号 {username} 不存在 / no demo account {username}", field="username")
            token, _ = accounts_flow.start_session(session=session, user_id=user.id, hours=1)
            self.tokens.append(token)
            self.who[username] = accounts_flow.actor_for_session(session=session, token=token)
        return self.who[username]

    def sign_out(self) -> None:
        with session_scope(self.settings) as session:
            for token in self.tokens:
                accounts_flow.end_session(session=session, token=token)


@contextmanager
def _signed_in(settings: Settings) -> Iterator[_People]:
    people = _People(settings)
    try:
        yield people
    finally:
        people.sign_out()


def play(*, settings: Settings, matcher: MatcherSetup, today: date, size: int = 8, seed: int = 2026,
         progress: Progress | None = None) -> HistoryResult:
    """Play the year ending ``today`` with ``size`` needs (3–len(NEEDS)); ``progress`` hears each step's name."""
    if not 3 <= size <= len(NEEDS):
        raise InnodockError(f"需求数应在 3–{len(NEEDS)} 之间 / the number of needs must be 3–{len(NEEDS)}",
                            field="size")
    tick = progress or (lambda _: None)
    rng = random.Random(seed)
    out = HistoryResult(days=(today - timedelta(days=360), today))
    with session_scope(settings) as session:
        found = accounts.find_user(session=session, username="demo-enterprise")
        center = catalog.demo_center(session=session, preferred=demo.DEMO_CENTER)
        if found is None or center is None or center.id != demo.DEMO_CENTER:
            raise InnodockError("请先导入样例并创建演示账号 / import the sample and make the demo accounts first "
                                "(innodock kb import --sample; innodock demo-accounts)", field="history")
        if needs_flow.has_needs(session=session, enterprise_id=found.org_id):
            raise ConflictError("演示企业已有需求，历史只播放一次 / the demo enterprise already has needs: the history "
                                "is played once", field="history", code=PLAYED)
        others = [c for c in catalog.find_centers(session=session) if c.id != center.id
                  and c.status is not None and c.status.value == "operating"][:RATED_OTHERS]
    tick("准备 / getting ready")
    with _signed_in(settings) as people:
        ent, ctr = people.sign_in("demo-enterprise"), people.sign_in("demo-center")
        assoc = people.sign_in("demo-association")
        tick("登录演示账号 / demo accounts signed in")
        _needs(settings, matcher, people, ent, ctr, assoc, center.id, center.name, today, size, rng, out, tick)
        _obligations(settings, ctr, assoc, center.id, today, out, tick)
        _ratings(settings, assoc, center.id, center.name, [(c.id, c.name) for c in others], today, rng, out, tick)
        _rectification(settings, ctr, assoc, center.id, today, out, tick)
    return out


def _needs(settings: Settings, matcher: MatcherSetup, people: _People, ent: Principal, ctr: Principal,
           assoc: Principal, center_id: str, center_name: str, today: date, size: int, rng: random.Random,
           out: HistoryResult, tick: Progress) -> None:
    chosen = rng.sample(range(len(NEEDS)), size)
    waiting, midway = size - 1, size - 2
    with session_scope(settings) as session:
        org = accounts_flow.get_org(session=session, org_id=ent.org_id)
    for i, n in enumerate(chosen):
        text, kinds = NEEDS[n]
        day = today - timedelta(days=340 - i * (300 // size))
        with _played(day, 9), session_scope(settings) as session:
            need = needs_flow.create_need(session=session, principal=ent, enterprise=Enterprise(id=org.id,
                                          name=org.name), text=text, changes={"service_types": kinds}, today=day)
        with _played(day, 9, 20), session_scope(settings) as session:
            review = needs_flow.submit_need(session=session, settings=settings, matcher=matcher, principal=ent,
                                            need_id=need.id or "", outbox=OUTBOX).review
        out.needs += 1
        if i == waiting:
            tick(f"需求 {i + 1}：待审核 / need {i + 1}: waiting for review")
            continue
        with _played(day + timedelta(days=1)), session_scope(settings) as session:
            inbox_flow.seen(session=session, principal=assoc, path=f"/review/{review.id}")
            current = reviews_flow.review(session=session, principal=assoc, review_id=review.id)
            proposed = [p.center_id for p in current.proposals]
            if center_id in proposed:
                alternates = [c for c in proposed if c != center_id][:1]
                done = reviews_flow.accept(session=session, principal=assoc, review_id=review.id, center_id=center_id,
                                           alternates=alternates, version=current.version, outbox=OUTBOX)
            else:
                done = reviews_flow.assign(session=session, principal=assoc, review_id=review.id, center_id=center_id,
                                           note="企业点名委托该中心 / the enterprise asked for this center",
                                           alternates=[], version=current.version, outbox=OUTBOX,
                                           today=day + timedelta(days=1))
        eng = done.engagement_id or ""
        words = [SERVICE_WORDS[k] for k in kinds]
        _serve(settings, ent, ctr, assoc, eng, center_name, org.name, day, words, need.budget.max_yuan,
               stop_midway=i == midway, rng=rng)
        if i != midway:
            out.engagements_closed += 1
            _settled(settings, (ent, ctr, assoc), eng, day + timedelta(days=46))
            _feedback(settings, ent, ctr, eng, i, day, words[0], rng, out)
        tick(f"需求 {i + 1}：{'办理中' if i == midway else '已办结'} / need {i + 1}: "
             f"{'in progress' if i == midway else 'served'}")


def _step(settings: Settings, who: Principal, eng: str, transition: str, payload: dict[str, Any] | None = None,
          *, day: date, hour: int = 10) -> None:
    """``who`` opens the engagement's page on ``day`` and takes the step there (what it asked of them is read)."""
    with _played(day, hour), session_scope(settings) as session:
        inbox_flow.seen(session=session, principal=who, path=f"/engagements/{eng}")
        version = engagements_flow.detail(session=session, principal=who, engagement_id=eng).version
        engagements_flow.advance(session=session, principal=who, engagement_id=eng, transition=transition,
                                 version=version, payload=payload or {}, outbox=OUTBOX, today=day)


# The demo's result file: a delivery hands over at least one (pipeline.guards.check_delivery).
REPORT_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _deliver(settings: Settings, who: Principal, eng: str, note: str, file: str, day: date) -> None:
    """提交服务成果 as the center's page does it: the result file stored with the engagement, then acceptance."""
    with _played(day, 15), session_scope(settings) as session:
        inbox_flow.seen(session=session, principal=who, path=f"/engagements/{eng}")
        version = engagements_flow.detail(session=session, principal=who, engagement_id=eng).version
        messages_flow.submit_delivery(session=session, principal=who, engagement_id=eng, version=version, note=note,
                                      files=[Upload(name=file, data=REPORT_PDF)],
                                      max_file_bytes=1_048_576, outbox=OUTBOX)


def _serve(settings: Settings, ent: Principal, ctr: Principal, assoc: Principal, eng: str, center_name: str,
           client: str, day: date, words: list[ServiceWords], budget_max: int | None, *, stop_midway: bool,
           rng: random.Random) -> None:
    """The need served as its service types are (:data:`SERVICE_WORDS`), at a price within its budget."""
    share = rng.choice(PRICE_SHARES)
    price = round((budget_max or 50000) * share / 1000) * 1000  # every demo need states a budget
    main = words[0]
    agreement = {"scope": "；".join(w.scope for w in words),
                 "deliverables": list(dict.fromkeys(d for w in words for d in w.deliverables)),
                 "price_yuan": str(price), "schedule": "签订后八周内完成服务并交付成果",
                 "deadline": (day + timedelta(days=60)).isoformat(),
                 "confidentiality_clause": "双方对委托方提供的技术资料与服务中形成的数据保密",
                 "signed_on": (day + timedelta(days=5)).isoformat(),
                 "client_party": client, "provider_party": center_name}
    _step(settings, ent, eng, "reach_agreement", day=day + timedelta(days=3))
    _step(settings, ctr, eng, "sign_agreement", {"agreement": agreement}, day=day + timedelta(days=5))
    _step(settings, ent, eng, "countersign", day=day + timedelta(days=6))
    _step(settings, ctr, eng, "form_team", {"team": TEAM}, day=day + timedelta(days=8))
    _step(settings, ctr, eng, "submit_plan", {"plan": main.plan}, day=day + timedelta(days=10))
    if stop_midway:
        return
    _step(settings, assoc, eng, "approve_plan", {"opinion": "方案可行，内容与协议约定一致。", "reviewers": ["王审核"]},
          day=day + timedelta(days=12))
    _deliver(settings, ctr, eng, main.delivered, main.file, day + timedelta(days=40))
    _step(settings, ent, eng, "pass_acceptance", {"reasons": [main.accepted, "按期交付"]},
          day=day + timedelta(days=45))


def _settled(settings: Settings, people: tuple[Principal, ...], eng: str, day: date) -> None:
    """An engagement closed: each party has been on its page since (what led there is read). Its close made the
    enterprise's and the center's "已确定承接机构" history already (``flows.notices.settled_by``). Before the
    client's feedback, so a complaint it makes is new to whoever must handle it."""
    with _played(day, 11), session_scope(settings) as session:
        for who in people:
            inbox_flow.seen(session=session, principal=who, path=f"/engagements/{eng}")


def _feedback(settings: Settings, ent: Principal, ctr: Principal, eng: str, i: int, day: date, words: ServiceWords,
              rng: random.Random, out: HistoryResult) -> None:
    """The client's stars and questionnaire; the first two needs' clients complain, each about what its service
    delivered (:data:`SERVICE_WORDS`: the second need's complaint is its kind's second, when it has one)."""
    complaint, handling = words.complaints[min(i, len(words.complaints) - 1)] if i < 2 else (None, "")
    items = evaluations_flow.questionnaire_items()
    answers = {q.item_id: rng.choice((4, 5, 5)) if complaint is None else rng.choice((3, 4)) for q in items}
    with _played(day + timedelta(days=47)), session_scope(settings) as session:
        filed = engagements_flow.file_feedback(session=session, principal=ent, engagement_id=eng,
                                               satisfaction=5 if complaint is None else 3, complaint=complaint,
                                               answers=answers, outbox=OUTBOX)
    # the center reads its rating the next day ("委托方评价了对接项目…" stayed new in the played year); a complaint
    # beside it is read when the center takes it up (the second one is still new to it)
    with _played(day + timedelta(days=48)), session_scope(settings) as session:
        for notice in inbox_flow.notices(session=session, principal=ctr, unread_only=True, limit=500).items:
            if notice.kind == NoticeKind.rated and (notice.link or "").split("#")[0] == f"/engagements/{eng}":
                inbox_flow.mark_read(session=session, principal=ctr, notification_id=notice.id)
    if complaint is None:
        return
    out.complaints += 1
    if i != 0:
        return  # the second complaint is still the center's to handle
    with _played(day + timedelta(days=50)), session_scope(settings) as session:
        inbox_flow.seen(session=session, principal=ctr, path=f"/engagements/{eng}")
        engagements_flow.handle_complaint(session=session, principal=ctr, engagement_id=eng, feedback_id=filed.id,
                                          handling=handling, resolved=True,
                                          outbox=OUTBOX, confirm_days=settings.complaint_confirm_days)
    with _played(day + timedelta(days=52)), session_scope(settings) as session:
        inbox_flow.seen(session=session, principal=ent, path=f"/engagements/{eng}")
        engagements_flow.confirm_complaint(session=session, principal=ent, engagement_id=eng, feedback_id=filed.id,
                                           note="已收到说明，认可处理结果。", outbox=OUTBOX)
    with _played(day + timedelta(days=54)), session_scope(settings) as session:  # the center reads it is closed
        inbox_flow.seen(session=session, principal=ctr, path=f"/engagements/{eng}")


def report_requests(today: date) -> list[tuple[date, str]]:
    """The days the four quarterly reports were asked for, and their periods (each the quarter before its asking
    day's, :func:`_quarter_before`): 92 days apart, the last 60 days ago
    (so it is overdue). Two days 92 days apart never fall in one quarter (the longest has 92 days, so its first and
    last are 91 apart); at 90 apart, as they were, 2026-04-01 and 2026-06-30 both named 2026Q2, and the history could
    not be played on such a day (the association cannot ask twice for one period)."""
    asked = [today - timedelta(days=60 + 92 * k) for k in (3, 2, 1, 0)]
    return [(day, _quarter_before(day)) for day in asked]


def _quarter_before(day: date) -> str:
    """The quarter that ended before ``day``'s: a quarterly report is of a quarter gone by (the demo asked for its
    asking day's own quarter, "2026Q4" due 2026-10-31, before the quarter ended: a new user's trial, 2026-11-29).
    Days 92 apart are in different quarters, so are the quarters before them."""
    quarter = (day.month - 1) // 3 + 1
    return f"{day.year - 1}Q4" if quarter == 1 else f"{day.year}Q{quarter - 1}"


def _obligations(settings: Settings, ctr: Principal, assoc: Principal, center_id: str, today: date,
                 out: HistoryResult, tick: Progress) -> None:
    """Quarterly service reports the association asks of the demo center: filed on time, once late, reviewed; the
    last one left unfiled and now overdue."""
    for q, (set_on, period) in enumerate(report_requests(today)):
        due = set_on + timedelta(days=30)
        with _played(set_on), session_scope(settings) as session:
            made = obligations_flow.create(
                session=session, principal=assoc, center_id=center_id, kind="quarterly_report", period=period,
                due_on=due, title=f"{period} 季度服务情况报告 / {period} quarterly service report",
                clause="协会年度监督计划 / the association's supervision plan", today=set_on, outbox=OUTBOX)
        out.obligations += 1
        if q == 3:
            tick("季度报告：逾期未报 / quarterly report: overdue")
            continue
        filed_on = due + timedelta(days=12) if q == 1 else due - timedelta(days=8)
        with _played(filed_on), session_scope(settings) as session:
            inbox_flow.seen(session=session, principal=ctr, path=f"/providers/{center_id}")  # files from its page
            filing = obligations_flow.file(session=session, principal=ctr, obligation_id=made.id,
                                           content={"text": f"{period} 完成委托检测 {12 + 3 * q} 项，出具报告 "
                                                            f"{15 + 2 * q} 份，客户满意度调查均为满意以上。"},
                                           today=filed_on, outbox=OUTBOX)
        with _played(filed_on + timedelta(days=3)), session_scope(settings) as session:
            obligations_flow.review(session=session, principal=assoc, filing_id=filing.id,
                                    score=78.0 if q == 1 else 90.0 - q, note="内容完整。" if q != 1 else "逾期报送。",
                                    outbox=OUTBOX)
        out.filings += 1
        tick(f"季度报告 {period}：已报送 / quarterly report {period}: filed")


def _ratings(settings: Settings, assoc: Principal, center_id: str, center_name: str, others: list[tuple[str, str]],
             today: date, rng: random.Random, out: HistoryResult, tick: Progress) -> None:
    """Last year's and this year's ratings; this year's of the demo center fails, so its findings open and a
    rectification is proposed."""
    for year, back in ((today.year - 1, 300), (today.year, 45)):
        for cid, name in [(center_id, center_name), *others]:
            # the demo center: a good year, then a failing one; the others' years vary
            own = 1.2 if year < today.year else 0.22
            scale = own if cid == center_id else round(rng.uniform(0.95, 1.2), 2)  # above 1.2 a rating passes 100
            rated_on = max(today - timedelta(days=back), date(year, 1, 1))  # a period is rated once begun
            with _played(rated_on), session_scope(settings) as session:
                done = evaluations_flow.evaluate_with_aftermath(
                    session=session, principal=assoc, center_id=cid, period=str(year),
                    inputs=_inputs(scale, cid, name, str(year)), outbox=OUTBOX, today=rated_on)
            out.rating_runs += 1
            out.findings += len(done.aftermath.findings)
            tick(f"评级 {name} {year} / rating {cid} {year}")


def _rectification(settings: Settings, ctr: Principal, assoc: Principal, center_id: str, today: date,
                   out: HistoryResult, tick: Progress) -> None:
    """The association orders the proposed rectification; the center plans its corrective actions and reports one
    done, which passes its re-check."""
    decided_on = today - timedelta(days=40)
    deadline = decided_on + timedelta(days=150)  # the actions are due by it (providers.improvement.step)
    with _played(decided_on), session_scope(settings) as session:
        waiting = [p for p in providers_flow.proposals(session=session, principal=assoc)
                   if p.center_id == center_id and p.transition == "order_rectification"]
        if waiting:
            providers_flow.decide_proposal(
                session=session, principal=assoc, proposal_id=waiting[-1].id, accept=True, today=decided_on,
                payload={"decided_on": decided_on.isoformat(), "decision_document": f"示例质协〔{today.year}〕12号",
                         "deadline": deadline.isoformat()},
                note="评级未达合格线，限期整改。", outbox=OUTBOX)
            out.rectifications += 1
    tick("整改决定 / rectification ordered")
    with session_scope(settings) as session:
        found = improvement.findings(session=session, principal=ctr, center_id=center_id, open_only=True)
    with _played(decided_on + timedelta(days=5), 9), session_scope(settings) as session:
        inbox_flow.seen(session=session, principal=ctr, path=f"/providers/{center_id}")  # plans from its findings
    for k, f in enumerate(found):
        if "plan_action" not in f.allowed_steps:
            continue
        with _played(decided_on + timedelta(days=5)), session_scope(settings) as session:
            improvement.step(session=session, principal=ctr, finding_id=f.id, step="plan_action", version=f.version,
                             today=decided_on + timedelta(days=5), outbox=OUTBOX,
                             action=f"针对「{f.indicator_zh}」制定改进措施：补充人员培训与制度，按月自查。",
                             owner="质量负责人", due_on=min(today + timedelta(days=30 + 5 * k), deadline))
    tick("整改措施 / corrective actions planned")
    with session_scope(settings) as session:
        planned = improvement.findings(session=session, principal=ctr, center_id=center_id, open_only=True)
    first = next((f for f in planned if "report_done" in f.allowed_steps), None)
    if first is not None:
        with _played(today - timedelta(days=15)), session_scope(settings) as session:
            done, _ = improvement.step(session=session, principal=ctr, finding_id=first.id, step="report_done",
                                       version=first.version, today=today - timedelta(days=15), outbox=OUTBOX,
                                       note="已完成培训两次，制度已修订发布。")
        with _played(today - timedelta(days=8)), session_scope(settings) as session:
            improvement.step(session=session, principal=assoc, finding_id=done.id, step="pass_recheck",
                             version=done.version, today=today - timedelta(days=8), outbox=OUTBOX,
                             note="现场复核：措施落实。")
    tick("整改复核 / a corrective action re-checked")
