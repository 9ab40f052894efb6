"""One click command per Typer app per test process, shared by every invocation the tests make.

Why: Typer turns an app into a click command on every call (``typer.main.get_command``), reading the signature and
type hints of every command function: for ``innodock``'s ~120 commands that took ≈ 0.3 s a call, paid again by each
``CliRunner().invoke`` and each in-process ``invoke_cli``; in a profiled sample of the suite it was a tenth of the
time. A process of the real CLI builds it once, as it should. Click commands hold no state between invocations (each
call makes its own context), so reusing one changes nothing a test sees; an app given a command, a group or a
callback after its first build is built again.

Kept out of the product: the real CLI builds its command once per process anyway. :func:`install` refuses loudly if
Typer's names move.
"""

from __future__ import annotations

from typing import Any

import typer
import typer.main
import typer.testing

_COMMANDS: dict[int, tuple[typer.Typer, tuple[Any, ...], Any]] = {}


def _shape(app: typer.Typer) -> tuple[Any, ...]:
    """What a built command depends on besides the functions themselves: the commands, groups and callback
    registered on the app and, recursively, on its sub-apps."""
    groups = tuple((id(g), _shape(g.typer_instance) if g.typer_instance else None) for g in app.registered_groups)
    return (tuple(map(id, app.registered_commands)), groups, id(app.registered_callback))


def install() -> None:
    original = typer.main.get_command
    if getattr(original, "shared_by_tests", False):
        return
    if getattr(typer.testing, "_get_command", None) is not original:
        raise RuntimeError("Typer's get_command moved: update tests/typer_commands.py for this Typer")

    def shared(app: typer.Typer) -> Any:
        shape = _shape(app)
        hit = _COMMANDS.get(id(app))
        if hit is not None and hit[0] is app and hit[1] == shape:
            return hit[2]
        built = original(app)
        _COMMANDS[id(app)] = (app, shape, built)  # holding the app keeps its id from being reused
        return built

    shared.shared_by_tests = True  # type: ignore[attr-defined]
    setattr(typer.main, "get_command", shared)  # noqa: B010 - replacing a module's function on purpose
    setattr(typer.testing, "_get_command", shared)  # noqa: B010
