"""Outgoing webhooks: an outbox written in the caller's transaction (:func:`api.webhooks.service.emit`), deliverers
that sign and POST with retries, one subscription at a time and several subscriptions at once
(:mod:`api.webhooks.runner`, :mod:`api.webhooks.deliver`), a sender that no receiver can stall, bloat or turn
inward (:mod:`api.webhooks.egress`), and a delivery log.

Integrators check signatures with :func:`api.webhooks.signing.verify_signature` (stdlib only: copy it).
"""
