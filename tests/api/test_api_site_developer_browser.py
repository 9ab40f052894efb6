"""The association website's developer's day in real headless Chromium (docs/ui.md, "The association website's
developer, walked as a new user (2026-11-28)"): the association's administrator makes two keys on the organisation's
page — one for the site's pages, with the site's origin, and one for its server —, the developer tries the server
key in ``/docs`` (the "Authorize" button was missing: the OpenAPI document declared no credentials), and a page of
the site, served from another origin, shows the feed with its key: it reads the list, pages with ``next_before``,
revalidates with the ``ETag`` it was exposed (304) and reads the refusal of a misspelt filter by its field. A visitor
of the site then clicks a need — a confidential one — and lands on its public page on innodock (the item's ``url``,
``/needs/{id}``): the published summary, its stage and how a provider answers, nothing of what the enterprise kept
back. Screenshots ``site-dev-…``."""

from __future__ import annotations

import http.server
import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.api.browserhelpers import BROWSER_MARKS, LiveServer, People, go, see, shot

pytestmark = BROWSER_MARKS

NEEDS = ["我们是宁波的汽车零部件厂，二十多把扭矩扳手需要校准，预算一万元左右，一个月内完成。",
         "我们是无锡的电线电缆厂，护套低温下开裂，需要检测，预算两万元。",
         "我们是常州的动力电池生产企业，电芯针刺后热失控，需要检验检测，预算5万元，三个月内完成。"]
# One more, confidential, with a model number it marked and a phone number in its words: the site lists it, and its
# public page shows neither.
MARKED, PHONE = "QM-77X", "13912345678"
CONFIDENTIAL = {"text": f"我们是苏州的储能电池企业，{MARKED}电芯低温循环容量衰减快，需要检验检测，预算30万元。"
                        f"联系人周工，电话{PHONE}。", "confidential": True, "redactions": [MARKED]}

# The association's page that shows the feed, as its developer would write it: fetch with the key, two at a time,
# keep the tag, and show what the API says when it refuses.
SITE_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>协会网站 · 技术需求</title></head>
<body><h1>最新技术需求</h1><ul id="needs"></ul><p id="paging"></p><p id="revalidated"></p><p id="refusal"></p>
<script>
const API = "%(api)s", KEY = "%(key)s";
async function get(query, etag) {
  const headers = {"Authorization": "Bearer " + KEY};
  if (etag) headers["If-None-Match"] = etag;
  return fetch(API + "/api/v1/feed/needs?" + query, {headers, cache: "no-store"});
}
(async () => {
  const first = await get("limit=2");
  const tag = first.headers.get("ETag");
  const page = await first.json();
  let items = page.items, cursor = page.next_before, pages = 1;
  while (cursor) {
    const next = await (await get("limit=2&before=" + encodeURIComponent(cursor))).json();
    items = items.concat(next.items); cursor = next.next_before; pages += 1;
  }
  for (const n of items) {  // each need links to its page on innodock
    const li = document.createElement("li"), a = document.createElement("a");
    a.href = n.url; a.textContent = n.title; li.append(a, " · " + (n.budget_band || ""));
    document.getElementById("needs").appendChild(li);
  }
  document.getElementById("paging").textContent = "pages " + pages + ", needs " + items.length + " of " + page.total;
  const again = await get("limit=2", tag);
  document.getElementById("revalidated").textContent = "revalidated " + again.status + " tag " + (tag ? "yes" : "no");
  const wrong = await (await get("service_types=calibration")).json();
  document.getElementById("refusal").textContent = "refused " + wrong.error.field + ": " + wrong.error.message;
})();
</script></body></html>"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The association's own website: a static server on another port, so another origin than the API's."""
    root = tmp_path / "site"
    root.mkdir()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}", root
    finally:
        server.shutdown()
        server.server_close()


def _publish(server: LiveServer) -> str:
    """The needs published by the demo enterprise; its name."""
    with httpx.Client(base_url=server.url, timeout=60) as api:  # the first submission loads the matcher
        login = api.post("/api/v1/auth/login", json={"username": "demo-enterprise",
                                                     "password": server.passwords["demo-enterprise"]})
        ent = {"Authorization": f"Bearer {login.json()['token']}"}
        for body in [*({"text": text} for text in NEEDS), CONFIDENTIAL]:
            need = api.post("/api/v1/needs", headers=ent, json=body)
            assert need.status_code == 201, need.text
            assert api.post(f"/api/v1/needs/{need.json()['id']}/submit", headers=ent).status_code == 200
        name: str = login.json()["org"]["name"]
        return name


def _make_key(people: People, name: str, scopes: list[str], origin: str | None, screenshot: str) -> str:
    admin = people.login("demo-admin", lang="en")
    go(admin, "/admin/orgs")
    admin.get_by_role("link", name=re.compile("协会")).first.click()
    admin.fill("#key-form input[name=name]", name)
    for scope in scopes:
        admin.check(f"#key-form input[value='{scope}']")
    if origin:
        admin.fill("#key-form textarea[name=cors_origins]", origin)
    admin.click("#key-form button[type=submit]")
    see(admin, "Key created")
    shot(admin, screenshot)
    return admin.input_value("#key-secret")


def test_the_developer_tries_the_api_in_docs_and_shows_the_feed_on_the_site(
        people: People, live_server: LiveServer, site: tuple[str, Path]) -> None:
    origin, root = site
    enterprise = _publish(live_server)
    listed = len(NEEDS) + 1
    server_key = _make_key(people, "Website server", ["feed:read", "webhooks:manage"], None, "site-dev-server-key")
    browser_key = _make_key(people, "Website pages", ["feed:read"], origin, "site-dev-browser-key")

    # /docs: Authorize with the server key, then try the feed
    docs = people.open(lang="en")
    docs.goto(f"{live_server.url}/docs")
    docs.click("button.authorize")
    docs.fill(".auth-container input[type=text]", server_key)
    docs.click(".auth-btn-wrapper button.authorize")
    docs.click("button.btn-done")
    docs.click("#operations-tag-integration")
    docs.click("#operations-integration-feed_api_v1_feed_needs_get .opblock-summary")
    docs.click("#operations-integration-feed_api_v1_feed_needs_get button.try-out__btn")
    docs.click("#operations-integration-feed_api_v1_feed_needs_get button.execute")
    live = docs.locator("#operations-integration-feed_api_v1_feed_needs_get .live-responses-table")
    expect(live.locator("tbody .response-col_status").first).to_have_text("200")
    see(live, "next_before")
    shot(docs, "site-dev-docs-authorized", full_page=False)

    # the site's page, from its own origin, with the browser key
    (root / "index.html").write_text(SITE_PAGE % {"api": live_server.url, "key": browser_key}, encoding="utf-8")
    page = people.open()
    page.goto(f"{origin}/index.html")
    expect(page.locator("#needs li")).to_have_count(listed)
    expect(page.locator("#paging")).to_have_text(f"pages 2, needs {listed} of {listed}")
    expect(page.locator("#revalidated")).to_have_text("revalidated 304 tag yes")
    see(page.locator("#refusal"), "refused service_types: ")
    see(page.locator("#refusal"), "service_type")
    shot(page, "site-dev-site-page")

    # a visitor clicks the confidential need (the newest, listed first) and lands on its page on innodock
    page.locator("#needs li a").first.click()
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/needs/\w+$"))
    expect(page.locator("#need-stage")).to_have_text("征集中")
    see(page.locator("#need-confidential"), "保密需求")
    see(page.locator("#need-summary"), "详细技术信息仅在签署保密协议后向对接机构提供")
    see(page.locator("#need-budget"), "20万–50万元")
    expect(page.get_by_role("link", name="登录后表示可以承接")).to_be_visible()
    for hidden in (MARKED, PHONE, "周工", enterprise, "30万元"):
        assert hidden not in page.content(), hidden
    shot(page, "site-dev-need-page")
    page.click("a.lang")  # the pages' language switch
    expect(page.locator("#need-stage")).to_have_text("Open")
    see(page.locator("#need-budget"), "RMB 200,000–500,000")
    shot(page, "site-dev-need-page-en")
