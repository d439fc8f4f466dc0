"""Check my receipt, on a published awards edition, in a real browser: a juror's receipt from the published result
is counted, an unknown one is not, and a malformed one gives the error next to the field in the page's language;
axe finds nothing on the answer or the error, in any of the four languages."""

from __future__ import annotations

import re

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from web.i18n import Localiser

LANGUAGES = ["en", "nl", "fr", "de"]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def published(platform) -> tuple[str, list[str]]:
    """The published edition's path (without the language) and its counted receipts, as the page lists them."""
    awards = httpx.get(f"{platform.web}/en/awards", timeout=10).text
    for path in re.findall(r'href="/en(/awards/[A-Za-z0-9_-]+)"', awards):
        receipts = re.findall(r"<li><code>([0-9a-f]{64})</code></li>", httpx.get(f"{platform.web}/en{path}", timeout=10).text)
        if receipts:
            return path, receipts
    raise AssertionError("no published edition with receipts in the demo data")


def check(page, language: str, path: str, receipt: str) -> None:
    t = Localiser(language).gettext
    page.goto(f"/{language}{path}")
    page.get_by_label(t("Your receipt"), exact=True).fill(receipt)
    page.get_by_role("button", name=t("Check"), exact=True).click()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_counted_receipt_an_unknown_one_and_a_malformed_one(page, published, language):
    path, receipts = published
    t = Localiser(language).gettext
    axe, found = Axe(), {}

    check(page, language, path, f"  {receipts[-1].upper()} ")  # as pasted: spaces and capitals do not matter
    expect(page.get_by_role("status")).to_have_text(t("Counted: a counted ballot has this receipt."))
    found["counted"] = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}}).response["violations"]

    unknown = "0" * 64 if "0" * 64 not in receipts else "1" * 64
    check(page, language, path, unknown)
    expect(page.get_by_role("status")).to_have_text(t("Not found: no counted ballot has this receipt. Check that you copied all of it."))

    check(page, language, path, "abc123")
    field = page.get_by_label(t("Your receipt"), exact=True)
    error = t("Enter the receipt as you were given it: 64 characters, the digits 0 to 9 and the letters a to f")
    expect(page.locator("#receipt-error")).to_contain_text(error)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("abc123")
    assert "receipt-error" in field.get_attribute("aria-describedby")
    expect(page.locator(".error-summary a[href='#receipt']")).to_have_text(error)
    assert page.get_by_role("status").count() == 0
    found["malformed"] = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}}).response["violations"]

    check(page, language, path, "")
    expect(page.locator("#receipt-error")).to_contain_text(t("Enter your receipt"))
    assert {k: [v["id"] for v in vs] for k, vs in found.items() if vs} == {}


def test_without_javascript_and_without_the_csrf_token(browser, platform, published):
    path, receipts = published
    context = browser.new_context(base_url=platform.web, java_script_enabled=False)
    page = context.new_page()
    check(page, "de", path, receipts[0])
    expect(page.get_by_role("status")).to_have_text(Localiser("de").gettext("Counted: a counted ballot has this receipt."))
    context.close()
    forged = httpx.post(f"{platform.web}/en{path}/check-receipt", data={"receipt": receipts[0]}, timeout=10)
    assert forged.status_code == 400 and "There is a problem" in forged.text and "Counted:" not in forged.text
    assert httpx.post(f"{platform.web}/en/awards/not-an-edition!/check-receipt", data={}, timeout=10).status_code == 404
