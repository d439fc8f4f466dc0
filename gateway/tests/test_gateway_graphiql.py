"""GraphiQL from the gateway alone: the page names no other host, and Chromium with every other host blocked
renders the editor and runs a query, under a Content-Security-Policy that allows only the gateway's origin."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.references, self.inline_scripts, self.inline_styles = [], 0, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.references += [attrs[a] for a in ("src", "href") if attrs.get(a)]
        self.inline_scripts += tag == "script" and not attrs.get("src")
        self.inline_styles += tag == "style" or "style" in attrs


async def _page(gateway: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=gateway) as client:
        return await client.get("/graphql", headers={"Accept": "text/html"})


async def test_the_page_refers_only_to_the_gateway_and_forbids_everything_else(gateway):
    page = await _page(gateway)
    parsed = _Page()
    parsed.feed(page.text)
    async with httpx.AsyncClient(base_url=gateway) as client:
        assets = {ref: await client.get(ref) for ref in parsed.references if not ref.startswith("data:")}

    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert not re.search(r"(https?:)?//[a-z0-9.-]+", page.text.replace("<!doctype html>", ""), re.IGNORECASE), "names another host"
    assert all(ref.startswith("/graphiql/") or ref == "data:," for ref in parsed.references), parsed.references
    assert (parsed.inline_scripts, parsed.inline_styles) == (0, 0)
    assert len(assets) == 8 and all(r.status_code == 200 for r in assets.values()), {k: r.status_code for k, r in assets.items()}
    assert {r.headers["Content-Type"].split(";")[0] for r in assets.values()} == {"text/css", "text/javascript"}
    policy = dict(part.strip().split(" ", 1) for part in page.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == policy["script-src"] == policy["style-src"] == policy["connect-src"] == "'self'"


async def test_without_graphiql_its_files_are_not_served_either(gateway_server):
    async with gateway_server(graphiql=False) as server, httpx.AsyncClient(base_url=server.url) as client:
        script = await client.get("/graphiql/graphiql-start.js")

    assert script.status_code == 404


def test_the_vendored_files_are_the_pinned_packages_files():
    checked = subprocess.run([sys.executable, "tools/vendor_graphiql.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


async def test_chromium_offline_renders_the_editor_and_runs_a_query(gateway, local_page):
    page = local_page.page
    await page.goto(f"{gateway}/graphql")
    await page.wait_for_selector(".graphiql-container .graphiql-query-editor .CodeMirror", timeout=30_000)
    await page.wait_for_selector(".graphiql-doc-explorer-search, .graphiql-sidebar button", timeout=30_000)  # schema loaded
    await page.evaluate("""document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror
                               .setValue('{ organisations(first: 1) { totalCount } }')""")
    await page.click(".graphiql-execute-button")
    response = page.locator(".graphiql-response .CodeMirror")
    await response.get_by_text('"totalCount"').wait_for(timeout=30_000)
    result = await page.evaluate("document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue()")

    assert '"data"' in result and '"totalCount"' in result and '"errors"' not in result, result
    assert local_page.blocked == [], "GraphiQL asked another host"
    assert local_page.errors == [], local_page.errors  # a Content-Security-Policy violation is logged as an error
