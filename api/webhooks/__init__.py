"""Webhook subscriptions and the delivery log over HTTP (:mod:`api.webhooks.views`); the outbox itself is the
:mod:`outbox` package."""
