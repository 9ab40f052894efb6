"""What leaves the service after a commit: webhook deliveries and background jobs.

Both are rows written in the caller's transaction and worked through later, by another thread or process, so a
use case never waits on a receiver or a long job, and nothing is announced or run for a change that rolled back. The
package sits below ``flows`` (which announce events and queue jobs through it) and knows nothing of them: it stores,
signs, sends and runs.

Webhooks: the rows (:func:`outbox.service.emit`), deliverers that sign and POST with retries, one subscription at a
time and several subscriptions at once (:mod:`outbox.runner`, :mod:`outbox.deliver`), a sender that no receiver can
stall, bloat or turn inward (:mod:`outbox.egress`), and the delivery log. Integrators check signatures with
:func:`outbox.signing.verify_signature` (stdlib only: copy it).
"""
