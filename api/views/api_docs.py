"""``/docs`` (Swagger UI) and ``/redoc`` with their scripts served by this service, never from a CDN.

Associations run the service on intranets, where FastAPI's default pages (which load Swagger UI and ReDoc from a CDN)
stay blank. The assets come from the pinned ``fastapi-offline`` package, which ships Swagger UI's and ReDoc's
bundles; they are served here from an allow-list of file names, so the route can name its authz action like every
other (``public.read``: the OpenAPI document is public too).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import fastapi_offline
from fastapi import APIRouter, Depends, Request
from fastapi import Path as PathParam
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse

from api.auth.deps import public
from core.errors import NotFoundError

ASSETS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}
PREFIX = "/docs/assets"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"

router = APIRouter(include_in_schema=False, dependencies=[Depends(public)])


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    # No validator badge: Swagger UI would otherwise ask validator.swagger.io about the document.
    return get_swagger_ui_html(openapi_url=request.app.openapi_url, title=f"{request.app.title} · API",
                               swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js",
                               swagger_css_url=f"{PREFIX}/swagger-ui.css", swagger_favicon_url=f"{PREFIX}/favicon.png",
                               oauth2_redirect_url=OAUTH2_REDIRECT,
                               swagger_ui_parameters={"validatorUrl": None, "docExpansion": "none"})


@router.get(OAUTH2_REDIRECT, response_class=HTMLResponse)
def swagger_ui_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    return get_redoc_html(openapi_url=request.app.openapi_url, title=f"{request.app.title} · API",
                          redoc_js_url=f"{PREFIX}/redoc.standalone.js", redoc_favicon_url=f"{PREFIX}/favicon.png",
                          with_google_fonts=False)


@router.get(PREFIX + "/{name}")
def asset(name: Annotated[str, PathParam(max_length=40)]) -> FileResponse:
    if name not in ASSETS:
        raise NotFoundError("没有这个文件 / no such file", field="name")
    return FileResponse(ASSETS_DIR / name, media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=86400"})
