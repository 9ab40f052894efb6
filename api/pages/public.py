"""The templates and the context every server-rendered page (Jinja2) starts from, Chinese by default with an
English switch. The pages themselves render through :func:`api.pages.ui_common.render`, the catalog too
(:mod:`api.pages.ui_catalog`)."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from api.i18n import STRINGS, language
from flows import providers as providers_flow
from kb.vocab import KIND_LABELS, SERVICE_TYPE_LABELS

TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")


def _context(request: Request, **kw: object) -> dict[str, object]:
    lang = language(request)
    idx = 0 if lang == "zh" else 1
    return {
        "request": request, "lang": lang, "t": STRINGS[lang],
        "kind_labels": {k.value: v[idx] for k, v in KIND_LABELS.items()},
        "status_labels": providers_flow.status_labels(lang),  # the kb's, and 限期整改中 (a rectification order)
        "service_labels": {k.value: v[idx] for k, v in SERVICE_TYPE_LABELS.items()},
        **kw,
    }
