"""The FastAPI application factory: a thin shell over the packages' service functions."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.errors import install_error_handlers
from api.views import catalog, health, pages
from core.db import get_engine
from core.settings import Settings

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings) -> FastAPI:
    # Open (and migrate) the database before the first request, so a broken URL fails at start-up, not later.
    get_engine(settings)
    app = FastAPI(
        title="innodock",
        description="企业技术创新需求与质量基础设施服务机构对接服务 / docking innovation needs with providers",
        version="0.1.0",
    )
    app.state.settings = settings
    app.state.readiness_checks = {}
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(catalog.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
