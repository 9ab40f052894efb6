"""The FastAPI application factory: a thin shell over the packages' service functions."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.auth import views as auth_views
from api.auth.deps import SESSION_COOKIE
from api.config import ApiConfig
from api.cors import OriginCache, PerIntegrationCORS
from api.errors import install_error_handlers
from api.matching import warm_in_background
from api.pages import (
    ui_account,
    ui_admin,
    ui_apply,
    ui_assignments,
    ui_auth,
    ui_catalog,
    ui_complaints,
    ui_decisions,
    ui_errors,
    ui_evaluation,
    ui_experts,
    ui_inbox,
    ui_intake,
    ui_messages,
    ui_opportunities,
    ui_providers,
    ui_public_need,
    ui_review,
)
from api.pages.ui_common import install_ui
from api.rate_limits import SharedPace
from api.request_limits import BodySizeLimit, ControlCharGuard, SecurityHeaders
from api.views import (
    api_docs,
    applications,
    catalog,
    consents,
    engagements,
    evaluations,
    experts,
    feed,
    groups,
    health,
    inbox,
    kb_admin,
    needs,
    opportunities,
    providers,
    reviews,
    teams,
)
from api.views import decisions as decision_views
from api.views import jobs as job_views
from api.webhooks import described as described_webhooks
from api.webhooks import views as webhook_views
from core.db import get_engine
from core.settings import Settings
from flows import jobs as flow_jobs
from flows.accounts import LoginThrottle
from flows.intake import IntakeSetup, intake_setup_from_env
from flows.jobs import DeliveryThread, JobsConfig
from flows.matching import MatcherSetup, index_state
from flows.messages import MAX_FILES

STATIC_DIR = Path(__file__).resolve().parent / "static"
# The routes that take files (an engagement's messages and delivery, API and pages): their bodies may be larger.
UPLOAD_PATHS = re.compile(r"(/api/v1)?/engagements/[^/]+/(messages|delivery)|(/api/v1)?/providers/applications"
                          r"|(/api/v1)?/providers/[^/]+/application/materials")


def create_app(settings: Settings, config: ApiConfig | None = None, *, matcher: MatcherSetup | None = None,
               jobs: JobsConfig | None = None, intake: IntakeSetup | None = None) -> FastAPI:
    """``matcher``: the model the API matches with (default: ``MatcherConfig()`` from the environment, the e5+USE
    ensemble); tests hand in a tiny embedder. ``jobs``: the job queue (default ``JobsConfig()``: RQ when
    INNODOCK_REDIS_URL is set, else a thread of this process). ``intake``: how messages are read (default: the rules,
    the semantic service-type head on the matcher's model, and the LLM when ``INNODOCK_LLM_BASE_URL`` and
    ``INNODOCK_LLM_MODEL`` are set)."""
    # Open (and migrate) the database before the first request, so a broken URL fails at start-up, not later.
    get_engine(settings)
    config = config or ApiConfig()
    setup = matcher or MatcherSetup()
    queue = jobs or JobsConfig()
    flow_jobs.register_handlers()  # the jobs that run use cases, for this process's queue and thread
    flow_jobs.share_embedder(settings, setup.embedder)  # jobs run in this process match as the app does

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # With Redis, webhooks go out as queued jobs (see api.deps.get_session), not from a thread of each worker.
        deliverer = DeliveryThread(settings, config) if config.deliver_in_process and not queue.redis_url else None
        if deliverer:
            deliverer.start()
        # Jobs whose process died (this service's, before a restart) are failed; what waits in the outbox from
        # before this start is handed to the queue.
        flow_jobs.start_in_process(settings=settings, config=queue)
        if config.warm_index:
            warming = warm_in_background(setup=setup, settings=settings)
            # Not ready until the first match would be as fast as the rest (a proxy sends no traffic before).
            _app.state.readiness_checks["matcher_warm_up"] = lambda: "warming up" if warming.is_alive() else "ok"
        try:
            yield
        finally:
            if deliverer:
                deliverer.stop()
            flow_jobs.finish_in_process()

    app = FastAPI(
        lifespan=lifespan,
        title="innodock",
        description="企业技术创新需求与质量基础设施服务机构对接服务 / docking innovation needs with providers",
        version="0.1.0",
        docs_url=None,  # served by api.views.api_docs from the package, so they draw without a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.api_config = config
    app.state.jobs_config = queue
    # The throttles and the paces count where every worker sees them (Redis, when the queue has one, else the
    # database): counted in each worker's memory, N workers gave N times the guesses and the allowance.
    app.state.login_throttle = LoginThrottle(settings=settings, name="login", redis_url=queue.redis_url,
                                             free_failures=config.login_free_failures,
                                             backoff_base_seconds=config.login_backoff_base_seconds,
                                             backoff_max_seconds=config.login_backoff_max_seconds,
                                             per_address=config.login_failures_per_address,
                                             window_seconds=config.login_window_seconds)
    # Every self-registration counts, as a failed login does: one address cannot fill the approval queue.
    app.state.register_throttle = LoginThrottle(settings=settings, name="registration", redis_url=queue.redis_url,
                                                free_failures=config.register_free_attempts,
                                                backoff_base_seconds=config.login_backoff_base_seconds,
                                                backoff_max_seconds=config.login_backoff_max_seconds,
                                                per_address=config.register_attempts_per_address,
                                                window_seconds=config.login_window_seconds,
                                                what=("注册尝试过于频繁", "too many registrations"))
    app.state.chat_limiter = SharedPace(limit=config.chat_messages_per_minute, window_seconds=60.0, name="chat",
                                        settings=settings, redis_url=queue.redis_url,
                                        what=("对话消息发送过于频繁", "too many chat messages"))
    # A website key's secret is public: its requests are paced per visitor's address (api.auth.deps.get_actor).
    app.state.browser_key_pace = SharedPace(
        limit=config.browser_key_requests_per_minute, window_seconds=60.0, name="browser_key", settings=settings,
        redis_url=queue.redis_url, what=("该网站密钥的请求过于频繁", "too many requests with this website key"))
    # Changing a password proves the current one: guessing it is throttled as logins are (per user and address).
    app.state.password_throttle = LoginThrottle(settings=settings, name="password", redis_url=queue.redis_url,
                                                free_failures=config.login_free_failures,
                                                backoff_base_seconds=config.login_backoff_base_seconds,
                                                backoff_max_seconds=config.login_backoff_max_seconds,
                                                per_address=config.login_failures_per_address,
                                                window_seconds=config.login_window_seconds,
                                                what=("当前密码错误次数过多", "too many wrong current passwords"))
    app.state.matcher = setup
    app.state.intake = intake or intake_setup_from_env(settings=settings, matcher=lambda: app.state.matcher)
    flow_jobs.share_intake(settings, app.state.intake)  # the submission's LLM pass, run as a job in this process
    app.state.readiness_checks = {"matcher_index": lambda: index_state(setup=setup, settings=settings)}
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(api_docs.router)
    app.include_router(catalog.router)
    app.include_router(ui_catalog.router)  # the start page and a provider's page: public
    install_ui(app)
    ui_errors.install(app)  # after install_error_handlers: pages get HTML errors, the API its JSON
    for ui in (ui_auth, ui_intake, ui_review, ui_complaints, ui_experts, ui_messages, ui_evaluation, ui_inbox,
               ui_assignments, ui_apply, ui_providers, ui_account, ui_admin, ui_opportunities,
               ui_public_need):
        app.include_router(ui.router)
    app.include_router(ui_decisions.router)  # the deciding authorities' page (issue 29, item 3)
    app.include_router(decision_views.router)  # ... and their JSON API
    app.include_router(auth_views.auth_router)
    app.include_router(auth_views.admin_router)
    app.include_router(auth_views.org_router)
    app.include_router(auth_views.registration_router)
    app.include_router(webhook_views.router)
    described_webhooks.describe(app)  # the feed's events in the OpenAPI document's ``webhooks``
    for domain in (needs, consents, feed, groups, reviews, engagements, teams, experts, kb_admin, evaluations,
                   job_views, inbox, providers, applications, opportunities):
        app.include_router(domain.router)
    # Outermost last: CORS wraps everything (a 413 still carries CORS headers), then the request limits.
    app.add_middleware(SecurityHeaders, session_cookie=SESSION_COOKIE)
    app.add_middleware(ControlCharGuard)
    app.add_middleware(BodySizeLimit, max_bytes=config.max_body_bytes, uploads=UPLOAD_PATHS,
                       upload_bytes=config.upload_max_file_bytes * MAX_FILES + 256 * 1024)
    app.add_middleware(PerIntegrationCORS, cache=OriginCache(settings, ttl=config.cors_cache_seconds))
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
