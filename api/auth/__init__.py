"""Identity and access: organisations (tenants), users, UI sessions, scoped API keys, and the FastAPI guards.

Other routers use :data:`api.auth.deps.CurrentActor`, :func:`api.auth.deps.require_roles` and
:func:`api.auth.deps.require_scopes`, and filter every query with :mod:`authz.tenancy`.
"""
