"""The accounts service is tested on the API's world (its organisations, users and keys), without the HTTP client:
what is checked here is the rule, not the wire."""

from tests.api.conftest import world

__all__ = ["world"]
