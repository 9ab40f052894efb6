"""The ``innodock`` command: the composition root that mounts every package's commands.

Each package that has commands exposes ``register(app)`` in its ``cli`` module. Errors a user can act on
(``InnodockError``) are printed as one line on stderr with a non-zero exit status, never as a traceback.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from core.cli_usage import BilingualUsage
from core.errors import InnodockError

# Offline by rule: nothing may reach a model hub at run time.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

app = typer.Typer(
    name="innodock",
    help="innodock：企业技术创新需求与质量基础设施服务机构对接 / docking innovation needs with providers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    cls=BilingualUsage,  # usage errors in Chinese and English (core.cli_usage)
)

# Packages whose cli module registers commands, in help order.
CLI_MODULES = (
    "kb.cli",
    "cli.knowledge",  # joins the kb group: ``innodock kb import``
    "cli.providers",
    "intake.cli",
    "cli.intake",  # joins the intake group: ``innodock intake extract``
    "cli.needs",
    "cli.matching",
    "matcher.cli",
    "cli.reviews",
    "cli.engagements",
    "evaluation.cli",
    "cli.evaluations",  # joins the evaluate group: ``innodock evaluate center``
    "api.cli",
    "cli.accounts",  # ``innodock user``, ``org``, ``key``, ``audit``, ``demo-accounts``
    "cli.inbox",  # ``innodock inbox overdue``
    "outbox.cli",  # ``innodock webhooks``, ``innodock jobs``
    "cli.webhooks",  # joins the webhooks group: ``innodock webhooks subscribe|unsubscribe`` (audited, flows.webhooks)
    "cli.jobs",  # ``innodock worker``: registers the jobs that run use cases
    "core.db_cli",
)


def _register_all() -> None:
    for name in CLI_MODULES:
        importlib.import_module(name).register(app)


_register_all()


def main() -> None:
    # Standalone mode: usage errors are said by core.cli_usage (status 2); our own errors come through here.
    try:
        app()
    except InnodockError as exc:
        typer.echo(f"错误 error: {exc.one_line()}", err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
