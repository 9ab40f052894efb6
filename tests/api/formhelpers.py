"""What a form post left for the next page: its error rides in a cookie (api.pages.ui_common.redirect), never in the
address."""

from __future__ import annotations

import httpx

from api.pages.ui_common import ERROR_COOKIE, read_error_cookie


def form_error(response: httpx.Response) -> str:
    """The error message a 303 after a form post carries for the page it leads to; "" when it carries none."""
    assert "error=" not in response.headers.get("location", ""), "an error must not travel in the address"
    raw = response.cookies.get(ERROR_COOKIE)
    return str(read_error_cookie(raw or "").get("message", ""))


def form_error_field(response: httpx.Response) -> str:
    raw = response.cookies.get(ERROR_COOKIE)
    return str(read_error_cookie(raw or "").get("field", ""))
