"""The HTTP face of identity: login, logout, ``me``, registration and the admin routes, and the FastAPI guards.

Other routers name the action a route is (:func:`api.auth.deps.allow`, ``allow("review.decide")``): role, scope and
key rules are checked in one place, :func:`authz.policy.authorize`, for the API and the pages alike; they filter every
query with :mod:`authz.tenancy`; who someone is lives in :mod:`accounts`. (A role or scope check of its own beside
that place, ``require_roles`` / ``require_scopes``, was removed: no route used it, and a new route could.)
"""
