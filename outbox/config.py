"""The deliverer's knobs. They keep the ``INNODOCK_API_WEBHOOK_*`` names they had when the API owned the deliverer
(deployments set them), and :class:`api.config.ApiConfig` extends this class, so an app hands its own config to the
deliverer as before."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebhookConfig(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INNODOCK_API_", extra="ignore")

    webhook_max_attempts: int = Field(default=8, ge=1, le=30)
    webhook_base_delay_seconds: float = Field(default=30.0, ge=0)
    webhook_timeout_seconds: float = Field(default=10.0, gt=0, description="Each attempt's total deadline: the "
                                           "lookup, connecting, TLS, sending and the whole answer.")
    webhook_max_response_bytes: int = Field(default=64 * 1024, ge=1024, le=16 * 1024 * 1024, description="A "
                                            "receiver's answer is read up to this and dropped (the log keeps 200 "
                                            "characters).")
    webhook_concurrency: int = Field(default=4, ge=1, le=64, description="Subscriptions sent to at once; each "
                                     "subscription's deliveries go one at a time.")
    webhook_poll_seconds: float = Field(default=5.0, gt=0)
    webhook_allow_private: bool = Field(default=False, description="Let webhooks go to this machine or the private "
                                        "network (a local receiver for trying things out); off by default (SSRF).")
