"""Knobs of the HTTP service that the core settings do not hold (env prefix ``INNODOCK_API_``).

Read once in :func:`api.app.create_app` (the edge) and kept on ``app.state.api_config``.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from outbox.config import WebhookConfig


class ApiConfig(WebhookConfig):
    """The deliverer's ``webhook_*`` knobs are the outbox's (:class:`outbox.config.WebhookConfig`), under the same
    names."""

    model_config = SettingsConfigDict(env_prefix="INNODOCK_API_", extra="ignore")

    max_body_bytes: int = Field(default=1_048_576, ge=1024, description="Larger request bodies get 413.")
    upload_max_file_bytes: int = Field(default=10 * 1_048_576, ge=1024, description="Largest file a party may "
                                       "upload to an engagement (messages, delivery); its bodies may hold "
                                       "pipeline.attachments.MAX_FILES of them.")
    session_hours: int = Field(default=24 * 7, ge=1, description="How long a UI login lasts.")
    login_free_failures: int = Field(default=5, ge=1, description="Failed logins per (username, address) before "
                                     "each further one makes that pair wait (accounts.throttle).")
    login_backoff_base_seconds: float = Field(default=2.0, gt=0, description="The first wait; it doubles per failure.")
    login_backoff_max_seconds: float = Field(default=900.0, gt=0, description="The longest wait of a pair.")
    login_failures_per_address: int = Field(default=50, ge=1, description="Failed logins per client address per "
                                            "window, whatever the usernames, all workers together.")
    login_window_seconds: float = Field(default=900.0, gt=0, description="The address's window (windows of the "
                                        "clock); a pair quiet this long and the longest wait starts afresh.")
    register_free_attempts: int = Field(default=5, ge=1, description="Self-registrations per client address "
                                        "before each further one waits (throttled like failed logins).")
    register_attempts_per_address: int = Field(default=20, ge=1, description="Self-registrations per client "
                                               "address per login window.")
    chat_messages_per_minute: int = Field(default=20, ge=1, description="Chat messages one person (or key) may post "
                                          "per minute, all workers together; the next gets 429 (api.rate_limits).")
    browser_key_requests_per_minute: int = Field(default=600, ge=1, description="Requests a key with browser "
                                                 "origins (its secret sits in web pages) may make per client address "
                                                 "per minute, all workers together (counted in Redis, or else the "
                                                 "database); the next gets 429 (api.auth.deps.get_actor).")
    cookie_secure: bool = Field(default=False, description="Set behind HTTPS so the session cookie never leaks.")
    cors_cache_seconds: float = Field(default=30.0, ge=0, description="Longest a CORS origin change takes to apply "
                                      "in other processes; this process reloads at once.")
    deliver_in_process: bool = Field(default=True, description="Run the webhook deliverer in a thread of the app.")
    worker_healthcheck_seconds: int = Field(default=30, ge=1, le=600, description="With ``serve --workers N``: "
                                            "how long the supervisor waits for a worker to answer its ping before "
                                            "it kills and replaces it. uvicorn's 5 s killed healthy workers that a "
                                            "loaded 2-core machine had not scheduled in time, with requests in "
                                            "flight.")
    warm_index: bool = Field(default=False, description="Load the matcher's model and sync its index in a thread at "
                             "start-up (``innodock serve`` and the ASGI entry point turn it on).")
