"""Import every package's table module so ``Base.metadata`` knows all tables (for Alembic autogenerate and tests)."""

from __future__ import annotations

import importlib

TABLE_MODULES = (
    "kb.models",
    "authz.models",
    "accounts.models",
    "inbox.models",
    "intake.models",
    "matcher.models",
    "pipeline.models",
    "evaluation.models",
    "providers.models",
    "providers.finding_files",
    "providers.applications",
    "outbox.models",
    "api.models",
)


def load_all_models() -> None:
    for name in TABLE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            # A package that has no tables yet is fine; any other missing module is a real error.
            if exc.name != name:
                raise
