"""The front door: the catalog and a center's page are public, and a signed-in person still sees their own
navigation there.

A new user's trial in Chromium (2026-11-29): the start page offered only 登录, with no way to register or to post a
need, and a signed-in enterprise that clicked the brand or 服务机构目录 landed on a page saying 登录, its own menu gone,
as if it had been signed out."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.uihelpers import signed_in


def _nav(page: str) -> list[tuple[str, str]]:
    found = re.search(r'<nav id="main-nav".*?</nav>', page, re.S)
    assert found is not None
    return re.findall(r'<a href="([^"]+)" data-nav="([^"]+)"', found.group(0))


@pytest.mark.parametrize("path", ["/", "/centers/qic-js-battery"])
def test_a_signed_in_person_keeps_their_navigation_on_the_public_pages(client: TestClient, world: World,
                                                                       path: str) -> None:
    ent = signed_in(client, "ent-a")
    page = ent.get(path)
    assert page.status_code == 200
    keys = [key for _href, key in _nav(page.text)]
    assert "intake" in keys and "my_needs" in keys and "inbox" in keys
    assert "login" not in keys and 'href="/login"' not in page.text.split("</nav>")[0]
    assert 'action="/logout"' in page.text  # signed in, and able to sign out there
    coord = signed_in(client, "coord-assoc", "en")
    keys = [key for _href, key in _nav(coord.get(path).text)]
    assert "review" in keys and "login" not in keys


def test_a_visitor_is_offered_registration_and_posting_a_need(client: TestClient) -> None:
    for lang, register, post in (("zh", "自助注册", "提出需求"), ("en", "Register", "post a need")):
        client.cookies.set("lang", lang)
        page = client.get("/")
        nav = _nav(page.text)
        assert ("/register", "register") in nav and ("/login", "login") in nav
        words = html.unescape(re.sub(r"<[^>]+>", " ", page.text))
        assert register in words and post in words.lower()
        # posting a need begins with signing in (or registering first): the login page leads on to the chat
        assert 'href="/login?next=/intake"' in page.text
    client.cookies.delete("lang")


def test_an_enterprise_is_offered_posting_a_need_on_the_catalog(client: TestClient, world: World) -> None:
    ent = signed_in(client, "ent-a")
    page = ent.get("/")
    assert 'href="/intake"' in page.text.split("</nav>", 1)[1]  # in the page itself, not only in the menu
    assert 'href="/register"' not in page.text
    coord = signed_in(client, "coord-assoc")
    assert 'class="front-door"' not in coord.get("/").text  # nothing to post for a coordinator


def test_an_integration_key_still_reads_the_public_catalog_as_anyone(client: TestClient, world: World) -> None:
    page = client.get("/", headers={"Authorization": f"Bearer {world.keys['site']}"})
    assert page.status_code == 200
    assert ("/login", "login") in _nav(page.text)
