"""One exception family for the whole service.

The CLI prints an ``InnodockError`` as one line and exits non-zero; the API renders it as
``{"error": {"code", "message", "field"}}`` with a 4xx status. Nothing else should leak to users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar, TypeVar

from core.bilingual import in_language

T = TypeVar("T")


class InnodockError(Exception):
    """An error a user can act on."""

    status_code = 400
    exit_code = 1

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def one_line(self) -> str:
        text = f"{self.field}: {self.message}" if self.field else self.message
        return " ".join(text.split())

class FieldErrors(InnodockError):
    """Several fields refused at once, each its own error (``problems``, in the form's order): a form says every
    wrong field in one answer, not one per submit (a new user's trial, 2026-11-29: a negative 论文数 was said, the
    人员流动率 of 150 sent with it only on the next try). ``field`` is the first; the message says them all."""

    def __init__(self, problems: list[InnodockError], *, message: str | None = None, field: str | None = None,
                 code: str = "invalid") -> None:
        """``message``, ``field`` and ``code``: a door's own summary of them (the entry's change keeps kb's lines,
        "form:1: capacity: …", on ``records``, as before each field was listed too); by default every problem's
        message and the first's field."""
        self.problems = list(problems)
        # each language whole on its side of " / " (a page shows one half): every problem's Chinese, then its English
        n = len(self.problems)
        zh = "；".join(in_language(p.message, "zh") for p in self.problems)
        en = "; ".join(in_language(p.message, "en") for p in self.problems)
        super().__init__(message or f"有 {n} 处需要改正：{zh} / {n} fields need correcting: {en}", code=code,
                         field=field or (self.problems[0].field if self.problems else None))
        self.status_code = shared_status(self.problems)

    def each(self) -> list[dict[str, str | None]]:
        """Each field and its own message, in the form's order: what the API's error adds as ``fields``."""
        return [{"field": p.field, "message": p.message} for p in self.problems]


def shared_status(problems: Iterable[InnodockError]) -> int:
    """The problems' own status when they share one (a taken username and a taken name: 409), else a plain 400."""
    statuses = {p.status_code for p in problems}
    return statuses.pop() if len(statuses) == 1 else InnodockError.status_code


def refuse_all(problems: list[InnodockError]) -> None:
    """Raise the one error, or :class:`FieldErrors` for several; nothing when there is none."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise FieldErrors(problems)


def problems_in(exc: InnodockError) -> list[InnodockError]:
    """Each refusal an error says: a :class:`FieldErrors`' problems, else the error itself."""
    return list(exc.problems) if isinstance(exc, FieldErrors) else [exc]


def gather(found: list[InnodockError], check: Callable[[], T]) -> T | None:
    """``check()``'s value; what it refuses is added to ``found`` (each field of it) instead of raised, and None
    returned: a form's checks go on past its first wrong field, and :func:`refuse_all` says them all together."""
    try:
        return check()
    except InnodockError as exc:
        found.extend(problems_in(exc))
        return None


def first_of_each(problems: Iterable[InnodockError], *, depth: int | None = None) -> list[InnodockError]:
    """Each field's first refusal, in the order found: a field a schema refuses for two reasons is said once, with
    the first. ``depth``: how many parts of a field's name make the field (1: ``scopes.0`` and ``scopes.1`` are the
    one field ``scopes``); None, all of them."""
    said: dict[str, InnodockError] = {}
    for problem in problems:
        said.setdefault(".".join((problem.field or "").split(".")[:depth]), problem)
    return list(said.values())


class NotFoundError(InnodockError):
    status_code = 404

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, code="not_found", field=field)


class ConflictError(InnodockError):
    status_code = 409

    def __init__(self, message: str, *, field: str | None = None, code: str = "conflict") -> None:
        super().__init__(message, code=code, field=field)


class PermissionDeniedError(InnodockError):
    status_code = 403

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message, code="forbidden", field=field)


class UnauthorizedError(InnodockError):
    """401: no credentials, or credentials that prove nothing (unknown, expired, revoked, malformed)."""

    status_code = 401
    headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": "Bearer"}

    def __init__(self, message: str = "需要登录或有效的 API 密钥 / authentication required") -> None:
        super().__init__(message, code="unauthorized")
