"""A real browser for tests: Debian's Chromium driven by Playwright (part of the ``servicekit.testing`` plugin).

``browser`` is one headless Chromium per test module; ``local_page`` a fresh page (own context: no cookies or
storage shared) on which every request to a host other than the loopback is refused and recorded, as on a
machine without internet access, with the console's errors (a Content-Security-Policy violation is one) kept.

Chromium is /usr/bin/chromium (``apt-get install -y chromium``; TEST_CHROMIUM points elsewhere). Playwright
never downloads a browser of its own here (no ``playwright install``). Without Chromium the tests fail saying
what to install: never skipped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class LocalPage:
    page: object  # playwright.async_api.Page
    blocked: list[str] = field(default_factory=list)  # URLs of refused requests to other hosts
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions


# Module scope: closed before other modules run (tests/web drives its own browser with Playwright's sync API,
# which cannot start while an asyncio loop runs in the thread).
@pytest.fixture(scope="module")
async def browser():
    from playwright.async_api import async_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: apt-get install -y chromium (or point TEST_CHROMIUM at one)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        await chromium.close()


@pytest.fixture
async def local_page(browser):
    context = await browser.new_context()
    local = LocalPage(page=await context.new_page())

    async def loopback_only(route):
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname not in LOOPBACK:
            local.blocked.append(url)
            await route.abort("blockedbyclient")
        else:
            await route.continue_()

    await context.route("**/*", loopback_only)
    local.page.on("console", lambda message: message.type == "error" and local.errors.append(message.text))
    local.page.on("pageerror", lambda error: local.errors.append(f"uncaught: {error}"))
    yield local
    await context.close()
