"""One platform (services, gateway, web site, demo data) and one browser for all of the web site's tests."""

from __future__ import annotations

import base64

import pytest
from playwright.sync_api import sync_playwright

from webstack import running_platform, web_id  # noqa: F401  (web_id: for the tests)  # tests/web is on the path (pyproject pythonpath)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]


# Package scope: started once for all of tests/web, and stopped before any other test runs (Playwright's sync API
# keeps its own event loop running while the browser is open, which the asyncio tests elsewhere cannot share).
@pytest.fixture(scope="package")
def platform(tmp_path_factory, jwt_keys, kafka_bootstrap):
    with running_platform(tmp_path_factory.mktemp("web-platform"), jwt_keys[0], jwt_keys[1], kafka_bootstrap) as running:
        yield running


@pytest.fixture(scope="package")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, platform):
    context = browser.new_context(base_url=platform.web, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()
