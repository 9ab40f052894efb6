"""Liveness and readiness probes for a process manager or a reverse proxy."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.auth.deps import public
from api.deps import SessionDep

router = APIRouter(tags=["health"], dependencies=[Depends(public)])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (says nothing about the database)."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request, session: SessionDep) -> JSONResponse:
    """Ready to serve: the database answers, and every readiness check a package registered passes."""
    checks: dict[str, str] = {}
    try:
        session.execute(text("select 1"))
        checks["database"] = "ok"
    except Exception as exc:  # the probe must answer, whatever the failure
        checks["database"] = f"error: {type(exc).__name__}"
    for name, check in getattr(request.app.state, "readiness_checks", {}).items():
        try:
            checks[name] = check()
        except Exception as exc:
            checks[name] = f"error: {type(exc).__name__}: {exc}"
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse({"status": "ready" if ready else "not_ready", "checks": checks},
                        status_code=200 if ready else 503)
