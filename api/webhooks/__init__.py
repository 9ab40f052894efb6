"""Outgoing webhooks: an outbox written in the caller's transaction (:func:`api.webhooks.service.emit`), a deliverer
that signs and POSTs with retries (:func:`api.webhooks.deliver.deliver_due`), and a delivery log.

Integrators check signatures with :func:`api.webhooks.signing.verify_signature` (stdlib only: copy it).
"""
