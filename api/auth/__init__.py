"""The HTTP face of identity: login, logout, ``me``, registration and the admin routes, and the FastAPI guards.

Other routers use :data:`api.auth.deps.CurrentActor`, :func:`api.auth.deps.require_roles` and
:func:`api.auth.deps.require_scopes`, and filter every query with :mod:`authz.tenancy`; who someone is lives in
:mod:`accounts`.
"""
