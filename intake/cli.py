"""``innodock intake``: intake's command group.

Its command ``intake extract`` reads with the reader the chat reads with (the rules, the semantic service-type head
on the matcher's model, the LLM when configured), and that head needs the matcher's embedder, which intake does not
import: the command is ``cli/intake.py``'s, through :mod:`flows.intake`, and joins this group as ``innodock kb
import`` joins kb's (``core.cli`` mounts this group first).
"""

from __future__ import annotations

import typer

intake_app = typer.Typer(help="需求采集 / intake: read a structured need from an enterprise's own words.",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(intake_app, name="intake")
