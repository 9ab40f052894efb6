"""Words that named the wrong thing (a new user's trial of the regulator, 2026-11-29): the bureau's dashboard tile
said 待协会决定的事项, though the bureau is not the association (the proposals it counts are its jurisdiction's
providers', decided by the bureau or the association as each provider's rules say); the nav said 企业注册 while the page
it opens is 自助注册, for an enterprise or an institution applying to become a provider (42aa575)."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from tests.api.apihelpers import World
from tests.api.domainhelpers import jiangsu_bureau
from tests.api.uihelpers import form_login


def _tile(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.split('id="proposals-waiting"', 1)[1].split("</a>", 1)[0]))


def test_the_bureaus_dashboard_tile_names_no_association(client: TestClient, world: World) -> None:
    jiangsu_bureau(world.settings)
    officer = TestClient(client.app)
    assert form_login(officer, "officer-js").status_code == 303
    for lang, said in (("zh", "辖区机构待决定的事项"), ("en", "Decisions waiting on providers in your jurisdiction")):
        tile = _tile(officer.get(f"/providers/dashboard?lang={lang}").text)
        assert said in tile and "协会" not in tile and "association" not in tile.lower(), (lang, tile)
    assoc = TestClient(client.app)
    assert form_login(assoc, "coord-assoc").status_code == 303
    assert "待协会决定的事项" in _tile(assoc.get("/providers/dashboard?lang=zh").text)


def test_the_nav_names_the_registration_page_as_it_is_titled(client: TestClient) -> None:
    for lang in ("zh", "en"):
        visitor = TestClient(client.app)
        page = visitor.get(f"/register?lang={lang}").text
        title = html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)).strip()  # type: ignore[union-attr]
        nav = page.split("</nav>", 1)[0]
        link = html.unescape(re.search(r'<a[^>]*href="/register"[^>]*>(.*?)</a>', nav, re.S).group(1)).strip()  # type: ignore[union-attr]
        assert link == title, (lang, link, title)
        login = visitor.get(f"/login?lang={lang}").text
        assert "企业注册" not in login, lang
