"""A list page's number as the address gives it, read the same way by every paged console list (the review queue,
the providers' list): a word or a number past any real list is a 400 naming ``page``, never a 500 or an empty page."""

from __future__ import annotations

from core.errors import InnodockError

MAX_PAGE = 10_000


def page_number(page: str) -> int:
    """``page`` as a whole number from 1 to :data:`MAX_PAGE`; empty is the first page."""
    try:
        number = int(page or "1")
    except ValueError:
        raise InnodockError(f"页码应为整数 / the page must be a whole number: {page[:20]}", field="page") from None
    if not 1 <= number <= MAX_PAGE:
        raise InnodockError(f"页码应在 1–{MAX_PAGE} 之间 / the page must be 1–{MAX_PAGE}", field="page")
    return number
