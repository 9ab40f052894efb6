"""The deliverers: where webhook attempts run, so that one receiver delays only its own deliveries.

Deliveries never go out on a request's thread. With ``INNODOCK_REDIS_URL`` set, ``webhook_delivery`` jobs on the RQ
worker run :func:`deliver_once`; without, :class:`DeliveryThread` runs in the app process (and
``innodock webhooks deliver`` runs :func:`deliver_once` from outside it). Both work per subscription: a
subscription's deliveries go one at a time, in order, and up to ``webhook_concurrency`` subscriptions are sent to at
once, each for a turn of about one attempt's deadline (:func:`outbox.deliver.deliver_subscription`). A receiver
that drips or floods holds one worker for at most its deadline per turn; the others go on.

On PostgreSQL several deliverers can run at once (rows are taken with a lease, ``FOR UPDATE SKIP LOCKED``).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import httpx

from core.db import session_scope, utcnow
from core.settings import Settings
from outbox.config import WebhookConfig
from outbox.deliver import deliver_subscription, subscriptions_due
from outbox.egress import Sender, as_sender, delivery_client
from outbox.schemas import DeliveryRun

log = logging.getLogger("innodock.webhooks")


def sender_for(config: WebhookConfig) -> Sender:
    return delivery_client(timeout=config.webhook_timeout_seconds, allow_private=config.webhook_allow_private,
                           max_response_bytes=config.webhook_max_response_bytes)


def _turn(settings: Settings, config: WebhookConfig, subscription_id: str, sender: Sender,
          now: datetime | None = None) -> DeliveryRun:
    try:
        return deliver_subscription(settings=settings, subscription_id=subscription_id, sender=sender,
                                    max_attempts=config.webhook_max_attempts,
                                    base_delay=config.webhook_base_delay_seconds,
                                    deadline_seconds=config.webhook_timeout_seconds, now=now)
    except Exception:  # one subscription's trouble (a database hiccup) must not end the others' turns
        log.exception("webhook delivery for subscription %s failed", subscription_id)
        return DeliveryRun()


def _add(total: DeliveryRun, run: DeliveryRun) -> None:
    total.attempted += run.attempted
    total.delivered += run.delivered
    total.retrying += run.retrying
    total.failed += run.failed


def deliver_once(settings: Settings, config: WebhookConfig, *, client: Sender | httpx.Client | None = None,
                 now: datetime | None = None, limit: int = 100) -> DeliveryRun:
    """One pass: a turn for each subscription with a delivery due (up to ``limit``), ``webhook_concurrency`` at a
    time. Deliveries a turn left are still due; the caller's next pass (the job queues one at once) sends them."""
    sender = as_sender(client) if client is not None else sender_for(config)
    with session_scope(settings) as session:
        due = subscriptions_due(session, now=now or utcnow(), limit=limit)
    total = DeliveryRun()
    if not due:
        return total
    with ThreadPoolExecutor(max_workers=min(config.webhook_concurrency, len(due)),
                            thread_name_prefix="innodock-webhook") as pool:
        for run in pool.map(lambda sub_id: _turn(settings, config, sub_id, sender, now), due):
            _add(total, run)
    return total


class DeliveryThread:
    """The app's deliverer (no Redis): a dispatcher thread that hands subscriptions with due deliveries to a pool of
    ``webhook_concurrency`` workers, one turn at a time per subscription, and looks again every
    ``webhook_poll_seconds`` or as soon as a turn ends. Subscriptions that waited longest since their last turn
    go first, so a few slow receivers cannot keep the rest out of the pool."""

    def __init__(self, settings: Settings, config: WebhookConfig, *, sender: Sender | None = None) -> None:
        self.settings = settings
        self.config = config
        self.sender = sender or sender_for(config)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self._busy: set[str] = set()
        self._served: dict[str, int] = {}  # subscription -> the dispatch count at its last turn
        self._turns = 0
        self._pool: ThreadPoolExecutor | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=self.config.webhook_concurrency,
                                        thread_name_prefix="innodock-webhook")
        self._thread = threading.Thread(target=self._loop, name="innodock-webhooks", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.dispatch()
            except Exception:  # a bad look must not kill the thread; the next one tries again
                log.exception("webhook dispatch failed")
            self._wake.wait(self.config.webhook_poll_seconds)
            self._wake.clear()

    def dispatch(self) -> int:
        """Start turns for due subscriptions while workers are free; how many were started."""
        with self._lock:
            free = self.config.webhook_concurrency - len(self._busy)
            busy = set(self._busy)
        if free <= 0 or self._pool is None:
            return 0
        with session_scope(self.settings) as session:
            due = [s for s in subscriptions_due(session, now=utcnow(), limit=len(busy) + 4 * free + 16)
                   if s not in busy]
        # Never served first, then the longest since their last turn; ties keep the longest-waiting delivery first.
        order = {sub_id: i for i, sub_id in enumerate(due)}
        chosen = sorted(due, key=lambda s: (self._served.get(s, -1), order[s]))[:free]
        for sub_id in chosen:
            with self._lock:
                self._busy.add(sub_id)
                self._turns += 1
                self._served[sub_id] = self._turns
            self._pool.submit(self._run, sub_id)
        return len(chosen)

    def _run(self, subscription_id: str) -> None:
        try:
            _turn(self.settings, self.config, subscription_id, self.sender)
        finally:
            with self._lock:
                self._busy.discard(subscription_id)
            self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=self.config.webhook_timeout_seconds + 5)
        if self._pool is not None:
            # Turns under way end within about one deadline; the ones not started are dropped (still due).
            self._pool.shutdown(wait=True, cancel_futures=True)
