"""ASGI entry point for process managers (uvicorn/gunicorn workers): settings from the environment."""

from __future__ import annotations

from api.app import create_app
from api.config import ApiConfig
from core.settings import get_settings

app = create_app(get_settings(), ApiConfig(warm_index=True))
