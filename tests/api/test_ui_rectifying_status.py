"""A provider under a rectification order is said to be so wherever a page shows its status (a new user's trial,
2026-11-29: the catalog and the provider's pages said 运行中 under 责令限期整改, seed 002 四(二)), until the re-check
passes; then it is 运行中 again. It still operates and matches, flagged: the catalog's JSON status stays the kb's."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from core import china_time
from tests.api.apihelpers import World
from tests.api.domainhelpers import Logins
from tests.api.uihelpers import signed_in

CENTER = "qic-js-battery"
SAID = {"zh": "限期整改中", "en": "under rectification"}
RUNNING = {"zh": "运行中", "en": "operating"}


def _step(client: TestClient, as_: Logins, transition: str, **more: object) -> None:
    one = client.get(f"/api/v1/providers/{CENTER}", headers=as_("coord-assoc")).json()
    today = china_time.today()
    moved = client.post(f"/api/v1/providers/{CENTER}/transitions", headers=as_("coord-assoc"), json={
        "transition": transition, "version": one["lifecycle"]["version"],
        "payload": {"grounds": "年度考核不合格", "decided_on": today.isoformat(),
                    "decision_document": "苏质协〔2026〕15号", **more}})
    assert moved.status_code == 200, moved.text


def _status_tags(fragment: str) -> list[str]:
    """The words of each status tag (``tag status-…``) in a piece of a page."""
    return [re.sub(r"<[^>]+>", "", words).strip()
            for words in re.findall(r'<span class="tag status-[\w-]+">(.*?)</span>', fragment, re.S)]


def _shown(client: TestClient, lang: str) -> dict[str, list[str]]:
    """The status each page shows for the center, in ``lang``: the catalog's card, the public page, the providers'
    list row and the provider's own page."""
    visitor = TestClient(client.app)
    visitor.cookies.set("lang", lang)
    start = visitor.get("/").text
    card = next(c for c in re.findall(r'<li class="card">.*?</li>', start, re.S) if f"/centers/{CENTER}\"" in c)
    public = visitor.get(f"/centers/{CENTER}").text
    public_meta = re.search(r'<p class="meta">(.*?)</p>', public, re.S)
    assoc = signed_in(client, "coord-assoc", lang)
    listing = assoc.get("/providers").text
    row = re.search(rf'<tr class="provider" data-center="{CENTER}".*?</tr>', listing, re.S)
    own = assoc.get(f"/providers/{CENTER}").text
    catalog_status = re.search(r'<span class="tag status-[\w-]+">([^<]*)</span>', own)
    assert public_meta and row and catalog_status, lang
    return {"card": _status_tags(card), "public": _status_tags(public_meta.group(1)),
            "list": _status_tags(row.group(0).split('class="small attention"')[0]),
            "own": [catalog_status.group(1)]}


def test_a_provider_under_rectification_is_said_so_until_the_recheck_passes(client: TestClient,
                                                                             world: World) -> None:
    as_ = Logins(client)
    deadline = (china_time.today() + timedelta(days=45)).isoformat()
    _step(client, as_, "order_rectification", deadline=deadline)
    for lang in ("zh", "en"):
        shown = _shown(client, lang)
        for page, tags in shown.items():
            assert any(SAID[lang] in t for t in tags), (lang, page, tags)
            assert not any(t.endswith(RUNNING[lang]) for t in tags), (lang, page, tags)
    # it still operates: the catalog's JSON keeps the kb status, matching reads it as before (flagged)
    assert client.get(f"/api/v1/centers/{CENTER}").json()["status"] == "operating"
    _step(client, as_, "pass_recheck")
    for lang in ("zh", "en"):
        shown = _shown(client, lang)
        assert shown["card"] == [], shown  # a running provider's card carries no status tag
        for page in ("public", "list", "own"):
            assert any(t.endswith(RUNNING[lang]) for t in shown[page]), (lang, page, shown[page])
            assert not any(SAID[lang] in t for t in shown[page]), (lang, page, shown[page])
