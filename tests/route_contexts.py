"""One build of FastAPI's per-route contexts per test process, shared by every app the tests create.

Why: FastAPI (0.165) builds each included route's dependency graph, validators and handler lazily, on an app's first
request: about 1 s for this service's ~210 routes on the CI machine. A server pays it once per worker; the suite
makes a fresh app (fresh database) for nearly every test and paid it well over a thousand times, most of the inner
loop's time (issue 15). The built context depends only on the route and the include arguments, which are the same
objects for every app, with one exception, the app itself as the provider of ``dependency_overrides``. The suite
overrides no dependency, and a context is shared only while its app has none, so sharing changes nothing a test sees.

Kept out of the product: a server builds these once anyway, and this leans on FastAPI internals (pinned in
requirements.lock); :func:`install` refuses loudly if they move.
"""

from __future__ import annotations

from typing import Any

import fastapi.routing as fastapi_routing

_CONTEXTS: dict[tuple[Any, ...], Any] = {}


def _key(route: Any, context: Any) -> tuple[Any, ...]:
    # The cache holds the route, so its id cannot be reused by another route while the entry lives.
    return (id(route), id(context.included_router), context.prefix, tuple(map(id, context.dependencies)),
            tuple(map(str, context.tags)), repr(context.default_response_class), repr(context.responses),
            tuple(map(id, context.callbacks)), context.deprecated, context.include_in_schema,
            repr(context.generate_unique_id_function), repr(context.strict_content_type), context.max_body_size,
            repr(context.form_limits))


def install() -> None:
    included = getattr(fastapi_routing, "_IncludedRouter", None)
    original = getattr(included, "_build_effective_context", None)
    if included is None or original is None:
        raise RuntimeError("FastAPI's route contexts moved: update tests/route_contexts.py for this FastAPI")
    if getattr(original, "shared_by_tests", False):
        return

    def shared(self: Any, route: Any) -> Any:
        context = self.include_context
        overrides = getattr(context.dependency_overrides_provider, "dependency_overrides", None)
        if overrides:
            return original(self, route)
        key = _key(route, context)
        hit = _CONTEXTS.get(key)
        if hit is not None and hit[0] is route:
            return hit[1]
        built = original(self, route)
        _CONTEXTS[key] = (route, built)
        return built

    shared.shared_by_tests = True  # type: ignore[attr-defined]
    included._build_effective_context = shared
