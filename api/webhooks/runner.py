"""The embedded deliverer: a thread of the app process that runs :func:`deliver_due` every few seconds.

It needs nothing beyond the database (no Redis); a separate ``innodock webhooks deliver --loop`` does the same job
from outside the app. On PostgreSQL both can run at once (rows are locked with SKIP LOCKED).
"""

from __future__ import annotations

import logging
import threading

import httpx

from api.config import ApiConfig
from api.webhooks.deliver import deliver_due
from api.webhooks.egress import delivery_client
from api.webhooks.schemas import DeliveryRun
from core.db import session_scope
from core.settings import Settings

log = logging.getLogger("innodock.webhooks")


def deliver_once(settings: Settings, config: ApiConfig, *, client: httpx.Client | None = None) -> DeliveryRun:
    own = client is None
    http = client or delivery_client(timeout=config.webhook_timeout_seconds,
                                     allow_private=config.webhook_allow_private)
    try:
        with session_scope(settings) as session:
            return deliver_due(session=session, client=http, max_attempts=config.webhook_max_attempts,
                               base_delay=config.webhook_base_delay_seconds, timeout=config.webhook_timeout_seconds)
    finally:
        if own:
            http.close()


class DeliveryThread:
    def __init__(self, settings: Settings, config: ApiConfig) -> None:
        self.settings = settings
        self.config = config
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="innodock-webhooks", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        with delivery_client(timeout=self.config.webhook_timeout_seconds,
                             allow_private=self.config.webhook_allow_private) as client:
            while not self._stop.wait(self.config.webhook_poll_seconds):
                try:
                    deliver_once(self.settings, self.config, client=client)
                except Exception:  # a bad pass must not kill the thread; the next pass tries again
                    log.exception("webhook delivery pass failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.config.webhook_timeout_seconds + 5)
