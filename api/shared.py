"""What the JSON views (``api.views``) and the pages (``api.pages``) share at the door: a catalog page's cards, a
job queued on the caller's behalf, the chat's pace, the LLM pass queued at submission, the index following an applied
change, and the dashboard's workbook. One home, so neither door imports the other."""

from __future__ import annotations

from fastapi import Request, Response
from sqlalchemy.orm import Session

from accounts.schemas import Actor
from api.deps import after_commit
from api.schemas import CenterPublic
from core.settings import Settings
from flows import catalog, matching
from flows import jobs as flow_jobs
from flows.dashboard import ProviderDashboard, workbook
from flows.feed import need_page_path
from flows.intake import IntakeSetup
from flows.jobs import JobsConfig, Requested
from flows.matching import MatcherSetup
from kb.schemas import CenterRecord

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def need_page_url(request: Request, need_id: str, lang: str = "zh") -> str:
    """The address of a published need's public page (``api.pages.ui_public_need``), whole, as a website links to it
    and a shared link names it: this server's own (behind the reverse proxy, the one it passes, docs/deploy.md), the
    Chinese page plain and the English one with ``?lang=en``, the pages' language switch."""
    page = str(request.base_url).rstrip("/") + need_page_path(need_id)
    return page if lang == "zh" else f"{page}?lang={lang}"


def center_cards(*, session: Session, centers: list[CenterRecord], counts: dict[str, int]) -> list[CenterPublic]:
    """A page of the public catalog as its cards: each center with its capability count, rating and commendation,
    read in one query each for the page (the JSON list, the catalog page and the websites' feed show the same)."""
    ids = [c.id for c in centers]
    rated = catalog.ratings(session=session, center_ids=ids)
    commended = catalog.commendations(session=session, center_ids=ids)
    return [CenterPublic.of(c, capabilities=counts.get(c.id, 0), rating=rated.get(c.id),
                            commendation=commended.get(c.id)) for c in centers]


def requested_by(actor: Actor, settings: Settings, queue: JobsConfig) -> Requested:
    """The job queue on the caller's behalf (:func:`flows.jobs.on_behalf_of`): the job's row names its organisation
    (who may read it) and them."""
    return flow_jobs.on_behalf_of(principal=actor, settings=settings, config=queue)


def paced(request: Request, actor: Actor) -> None:
    """Every chat message is read by the intake reader (and the LLM, where configured): a caller posts at most
    ``chat_messages_per_minute`` of them (429 beyond, ``api.rate_limits``)."""
    request.app.state.chat_limiter.hit(actor.user_id or actor.key_id or actor.org_id)


def queue_refinement(*, session: Session, settings: Settings, queue: JobsConfig, reading: IntakeSetup,
                     actor: Actor, need_id: str) -> None:
    """With an LLM configured, a submission queues its pass over the whole conversation (``flows.refine``), once
    the submission is committed: the job reads what it wrote."""
    if not reading.reader.uses_llm:
        return
    after_commit(session, lambda: requested_by(actor, settings, queue).submit("need_refinement", need_id=need_id))


def sync_after_change(session: Session, settings: Settings, setup: MatcherSetup, queue: JobsConfig,
                      actor: Actor) -> str:
    """The index follows a change that was applied: committed first (it is built from committed rows), then synced
    incrementally here, or by a job when a queue is configured."""
    session.commit()
    if queue.redis_url or setup.config.index_builds == "job":  # several hosts: only the build job writes the index
        requested_by(actor, settings, queue).submit("index_rebuild")
        return "queued"
    matching.sync_index(setup=setup, settings=settings)
    return matching.index_state(setup=setup, settings=settings)


def xlsx_response(board: ProviderDashboard) -> Response:
    """The dashboard's workbook as a download: the API's route and the page's link answer the same."""
    return Response(workbook(board), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="providers-{board.today}.xlsx"'})
