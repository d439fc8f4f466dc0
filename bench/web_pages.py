"""The web site against the gateway queries its pages make, in one run on embedded defaults.

Starts the platform as tests/web does (services on SQLite, the embedded broker, the gateway with the site's
trusted documents, the site, the demo data), then, one request at a time:

1. the event page (the 2021 conference) and the signatories page, fetched from the site;
2. the same GraphQL operations each page makes (EventPage, Signatories), sent straight to the gateway
   with the same variables (the document in full, as any client may).

Prints p50 and p99 of each and the ratio page / gateway at p50 (target: at most 1.3x), then the JavaScript
and CSS each public page loads, in KB (target: JavaScript at most 50 KB).

    .venv/bin/python bench/web_pages.py [--requests 200] [--warmup 20]
"""

from __future__ import annotations

import argparse
import base64
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "web"))


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def timed(call, n: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        call()
    out = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def page_assets(client: httpx.Client, url: str) -> tuple[int, int]:
    """Bytes of JavaScript and CSS the page loads (external files and inline blocks; JSON-LD is data, not script)."""
    html = client.get(url).text
    js = css = 0
    for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', html):
        js += len(client.get(urljoin(url, src)).content)
    for body in re.findall(r'<script(?![^>]*application/ld\+json)(?![^>]*\ssrc=)[^>]*>(.*?)</script>', html, re.S):
        js += len(body.encode())
    for href in re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html):
        css += len(client.get(urljoin(url, href)).content)
    for body in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S):
        css += len(body.encode())
    return js, css


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    arguments = parser.parse_args()

    from servicekit.auth import generate_keypair
    from servicekit.localbroker import LocalBroker
    from web.operations import OPERATIONS
    from webstack import running_platform, web_id

    private, public = generate_keypair()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as work:
        broker = LocalBroker(log_file=Path(work) / "broker.log").start()
        try:
            # The rate limit would count this one client's thousands of requests: lifted for the measurement.
            with running_platform(Path(work), private, public, broker.bootstrap_servers,
                                  gateway_env={"GATEWAY_RATE_LIMIT_PER_MINUTE": "1000000"}) as platform:
                event = platform.events["fair_ict_flanders_2021"]
                pages = {
                    "event page": (f"/en/events/{web_id('Event', event)}", "EventPage", {"id": base64.b64encode(f"Event:{event}".encode()).decode()}),
                    "signatories page": ("/en/signatories", "Signatories", {}),
                }
                print(f"web vs gateway, {arguments.requests} sequential requests each after {arguments.warmup} warm-up\n")
                print(f"{'':28}{'p50 ms':>10}{'p99 ms':>10}")
                with httpx.Client(base_url=platform.web, timeout=30) as site, httpx.Client(base_url=platform.urls["gateway"], timeout=30) as gateway:
                    for name, (path, operation, variables) in pages.items():
                        body = {"query": OPERATIONS[operation].document, "operationName": operation, "variables": variables}

                        def page_call(path=path):
                            response = site.get(path)
                            assert response.status_code == 200, (path, response.status_code)

                        def gateway_call(body=body):
                            response = gateway.post("/graphql", json=body)
                            assert response.status_code == 200 and "errors" not in response.json(), response.text[:300]

                        page = timed(page_call, arguments.requests, arguments.warmup)
                        direct = timed(gateway_call, arguments.requests, arguments.warmup)
                        print(f"{name:28}{statistics.median(page):10.2f}{percentile(page, 99):10.2f}")
                        print(f"{'  its gateway query':28}{statistics.median(direct):10.2f}{percentile(direct, 99):10.2f}")
                        ratio = statistics.median(page) / statistics.median(direct)
                        print(f"{'  ratio at p50':28}{ratio:10.2f}x  (target <= 1.3x: {'met' if ratio <= 1.3 else 'NOT met'})")

                    print("\nJavaScript and CSS per public page (KB)\n")
                    public_pages = {"home": "/en/", "signatories": "/en/signatories", "events": "/en/events", "event": pages["event page"][0],
                                    "registration form": f"/en/events/{web_id('Event', platform.events['conference'])}/register",
                                    "awards": "/en/awards", "public register": "/en/register", "accessibility": "/en/accessibility",
                                    "privacy": "/en/privacy"}
                    print(f"{'':22}{'JS KB':>8}{'CSS KB':>8}")
                    worst = 0
                    for name, path in public_pages.items():
                        js, css = page_assets(site, f"{platform.web}{path}")
                        worst = max(worst, js)
                        print(f"{name:22}{js / 1024:8.1f}{css / 1024:8.1f}")
                    print(f"\nlargest JavaScript: {worst / 1024:.1f} KB (target <= 50 KB: {'met' if worst <= 50 * 1024 else 'NOT met'})")
        finally:
            broker.stop()


if __name__ == "__main__":
    main()
