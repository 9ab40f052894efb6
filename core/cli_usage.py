"""The terminal's usage errors (an unknown option, a missing argument, a misspelt command, an option without its
value) said as the product says everything: Chinese first and English too, each whole, in one line, then how the
command is used and where its help is. typer said them in English only, in a box; the exit status stays 2.

The root ``innodock`` group is made with ``cls=BilingualUsage`` (:mod:`core.cli`), so every command below it is
covered in this one place. typer (0.29) parses with its own copy of click, ``typer._click``: its exceptions are the
ones raised, not the ``click`` package's, and they carry what is said here (the option's name, the parameter).
"""

from __future__ import annotations

import re
from enum import Enum
from types import TracebackType
from typing import Any, NoReturn

import typer
from typer._click import Context
from typer._click import exceptions as usage
from typer.core import TyperGroup

_EXTRA = re.compile(r"^Got unexpected extra argument\(?s?\)? \((?P<args>.*)\)$")
_COMMAND = re.compile(r"^No such command '(?P<name>[^']*)'\.?(?: Did you mean (?P<close>.*)\?)?$")


class BilingualUsage(TyperGroup):
    """A usage error anywhere below this group is said in both languages (:func:`say_usage_error`)."""

    def make_context(self, info_name: str | None, args: list[str], parent: Context | None = None,
                     **extra: Any) -> Context:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except usage.UsageError as exc:
            refuse(exc)

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except usage.UsageError as exc:
            refuse(exc)


def refuse(exc: usage.UsageError) -> NoReturn:
    """Say ``exc`` on stderr and end with status 2. A command group run without a command has printed its help
    already (click's ``NoArgsIsHelpError``): that one goes on as it was."""
    if isinstance(exc, usage.NoArgsIsHelpError):
        raise exc
    for line in say_usage_error(exc):
        typer.echo(line, err=True)
    raise typer.Exit(code=exc.exit_code)


def say_usage_error(exc: usage.UsageError) -> list[str]:
    """The error in one line, then the usage hint (when the command is known)."""
    zh, en = _words(exc)
    lines = [f"错误 error: {zh} / {en}"]
    ctx = exc.ctx or _innermost_context(exc.__traceback__)
    if ctx is not None:
        pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
        lines.append(f"用法 usage: {ctx.command_path} {pieces}  "
                     f"（帮助 help: {ctx.command_path} --help）")
    return lines


def _words(exc: usage.UsageError) -> tuple[str, str]:
    """The two halves of the error, each a whole sentence of its language."""
    if isinstance(exc, usage.NoSuchOption):
        zh, en = f"没有这个选项 {exc.option_name}", f"no such option: {exc.option_name}"
        return _maybe(zh, en, sorted(exc.possibilities or []))
    command = _COMMAND.match(exc.message)
    if command:
        zh, en = f"没有这个子命令 {command['name']}", f"no such command: {command['name']}"
        return _maybe(zh, en, [c.strip().strip("'") for c in (command["close"] or "").split(",") if c.strip()])
    if isinstance(exc, usage.MissingParameter):
        hint = _hint(exc)
        if (exc.param_type or (exc.param.param_type_name if exc.param else "")) == "option":
            return f"缺少选项 {hint}", f"missing option {hint}"
        return f"缺少参数 {hint}", f"missing argument {hint}"
    if isinstance(exc, usage.BadParameter):
        hint = _hint(exc)
        described = getattr(exc.param, "type_descriptor", None)
        if described is not None and described.is_choice and described.choices:
            choices = [str(c.value if isinstance(c, Enum) else c) for c in described.choices]
            return (f"{hint} 须为以下之一：{'、'.join(choices)}",
                    f"{hint} must be one of: {', '.join(choices)}")
        return f"{hint} 的值无效", f"invalid value for {hint}: {exc.message}"
    if isinstance(exc, usage.BadOptionUsage):
        name = exc.option_name
        if "requires" in exc.message:
            return f"选项 {name} 需要一个值", f"option {name} requires a value"
        if "does not take a value" in exc.message:
            return f"选项 {name} 不接受值", f"option {name} does not take a value"
        return f"选项 {name} 的用法不对", f"wrong use of option {name}: {exc.message}"
    extra = _EXTRA.match(exc.message)
    if extra:
        return f"多余的参数：{extra['args']}", f"unexpected extra argument: {extra['args']}"
    if exc.message == "Missing command.":
        return "缺少子命令", "missing command"
    return "命令的用法不对", f"wrong usage: {exc.message}"


def _maybe(zh: str, en: str, possibilities: list[str] | None) -> tuple[str, str]:
    if not possibilities:
        return zh, en
    close = ", ".join(possibilities)
    return f"{zh}（是否想用 {close}？）", f"{en} (did you mean {close}?)"


def _hint(exc: usage.BadParameter) -> str:
    """The parameter as the user typed or sees it (``--reason``, ``ID``), without click's quotes."""
    if exc.param_hint is not None:
        names = [exc.param_hint] if isinstance(exc.param_hint, str) else list(exc.param_hint)
    elif exc.param is not None:
        names = [exc.param.get_error_hint()]
    else:
        return ""
    return " / ".join(names).replace("'", "")


def _innermost_context(tb: TracebackType | None) -> Context | None:
    """The context of the command being parsed, for an error click raised without one (an option missing its
    value is raised by the option parser, which keeps none)."""
    found = None
    while tb is not None:
        ctx = tb.tb_frame.f_locals.get("ctx")
        if isinstance(ctx, Context):
            found = ctx
        tb = tb.tb_next
    return found
