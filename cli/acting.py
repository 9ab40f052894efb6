"""Who acts at the terminal, and what the command hands the flows: ``--as ROLE:ID[@CENTER]`` as a principal (a
person of that role), the rule of each command's action (``authz.tables.ACTIONS``, as the API's routes name
them), and the service's outbox, so a step taken here is announced as the same step taken on the web."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel

from authz.policy import authorize
from authz.principal import Principal
from authz.vocab import ROLE_SCOPES, OrgKind, Role
from core.errors import InnodockError
from flows.announce import OUTBOX
from flows.events import Outbox
from pipeline.schemas import Actor

AsOpt = Annotated[str, typer.Option("--as", help="身份 ROLE:ID[@CENTER]，如 association_coordinator:li / who acts")]
JsonOpt = Annotated[bool, typer.Option("--json", help="以 JSON 输出 / print JSON")]
VersionOpt = Annotated[int, typer.Option("--version", help="你看到的版本号 / the version you last saw")]

KINDS = {Role.enterprise: OrgKind.enterprise, Role.center_coordinator: OrgKind.center,
         Role.association_coordinator: OrgKind.association, Role.admin: OrgKind.association}


def principal(text: str, action: str) -> Principal:
    """The person ``--as`` names, allowed ``action`` as the API would allow them. An enterprise is known by its
    organisation's id, a center coordinator by their own id at a center (``@CENTER``), everyone else by their id."""
    actor = Actor.parse(text)
    if actor.role == Role.center_coordinator and not actor.org:
        raise InnodockError("机构协调员须写明机构：center_coordinator:ID@CENTER / a center coordinator needs @CENTER",
                            field="as")
    org_id = actor.id if actor.role == Role.enterprise else (actor.org or f"cli:{actor.role.value}")
    # The terminal on the server is its operator's, as a person; it works across associations (authz.principal).
    who = Principal(org_id=org_id, org_kind=KINDS[actor.role], org_name=actor.label(), role=actor.role,
                    via="terminal", user_id=None if actor.role == Role.enterprise else actor.id, username=actor.id,
                    scopes=ROLE_SCOPES[actor.role],
                    center_id=actor.org if actor.role == Role.center_coordinator else None)
    return authorize(who, action)


def outbox() -> Outbox:
    return OUTBOX


def json_arg(text: str | None, path: Path | None, field: str) -> Any:
    if text is not None and path is not None:
        raise InnodockError("只能给出一种：JSON 文本或文件 / give JSON text or a file, not both", field=field)
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InnodockError(f"无法读取文件 {path} / cannot read {path}: {exc.strerror}", field=field) from None
    if text is None:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InnodockError(f"JSON 格式错误 / invalid JSON: {exc.msg} (line {exc.lineno})", field=field) from None


def day(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InnodockError(f"日期应为 YYYY-MM-DD / date must be YYYY-MM-DD, got {text!r}", field=field) from None


def emit(obj: BaseModel | list[Any] | dict[str, Any]) -> None:
    if isinstance(obj, list):
        typer.echo(json.dumps([o.model_dump(mode="json") if isinstance(o, BaseModel) else o for o in obj],
                              ensure_ascii=False, indent=2, default=str))
    elif isinstance(obj, BaseModel):
        typer.echo(obj.model_dump_json(indent=2))
    else:
        typer.echo(json.dumps(obj, ensure_ascii=False, indent=2, default=str))
