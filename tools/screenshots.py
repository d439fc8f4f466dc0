"""`make screenshots`: PNGs of the web site's main pages in English and Dutch, under docs/screenshots/.

Starts the platform with the demo data (tests/web/webstack.py, embedded broker) and drives Debian's
chromium with Playwright. ``--web URL`` photographs a site that is already running instead.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import sys
import tempfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "web"))
OUT = ROOT / "docs" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]


def web_id(kind: str, local: str) -> str:
    return base64.b64encode(f"{kind}:{local}".encode()).decode().replace("+", "-").replace("/", "_").rstrip("=")


def pages(events: dict[str, str], edition: str | None) -> dict[str, str]:
    found = {
        "home": "/", "signatories": "/signatories", "events": "/events",
        "event": f"/events/{web_id('Event', events['fair_ict_flanders_2021'])}",
        "register-form": f"/events/{web_id('Event', events['conference'])}/register" if "conference" in events else None,
        "awards": f"/awards/{edition}" if edition else "/awards", "public-register": "/register",
    }
    return {name: path for name, path in found.items() if path}


def first_edition(gateway: str) -> str | None:
    nodes = httpx.post(f"{gateway}/graphql", json={"query": "{ awardEditions(first: 1) { nodes { id } } }"}, timeout=10).json()
    editions = (nodes.get("data") or {}).get("awardEditions", {}).get("nodes") or []
    return editions[0]["id"].replace("+", "-").replace("/", "_").rstrip("=") if editions else None


def shoot(web: str, paths: dict[str, str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for language in ("en", "nl"):
            page = browser.new_page(viewport={"width": 1100, "height": 800})
            for name, path in paths.items():
                page.goto(f"{web}/{language}{path}")
                target = OUT / f"{language}-{name}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            page.close()
        browser.close()
    return written


@contextlib.contextmanager
def platform():
    from servicekit.auth import generate_keypair
    from servicekit.localbroker import LocalBroker
    from webstack import running_platform

    private, public = generate_keypair()
    with tempfile.TemporaryDirectory(prefix="screenshots-") as work:
        broker = LocalBroker(log_file=Path(work) / "broker.log").start()
        try:
            with running_platform(Path(work), private, public, broker.bootstrap_servers) as running:
                yield running
        finally:
            broker.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--web", help="a running site, e.g. http://127.0.0.1:8005")
    parser.add_argument("--gateway", help="its gateway, e.g. http://127.0.0.1:8000 (for the ids of the pages to show)")
    parser.add_argument("--events", help="events as name=id,name=id (with --web)")
    arguments = parser.parse_args()
    if arguments.web:
        events = dict(pair.split("=", 1) for pair in (arguments.events or "").split(",") if pair)
        written = shoot(arguments.web, pages(events, first_edition(arguments.gateway) if arguments.gateway else None))
    else:
        with platform() as running:
            written = shoot(running.web, pages(running.events, first_edition(running.urls["gateway"])))
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
