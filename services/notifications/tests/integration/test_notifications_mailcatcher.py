"""The development mail tools as the integrator runs them: the mailcatcher process, `mail list|show`, GET /dev/mail."""

import asyncio
import subprocess
import sys
from email.message import EmailMessage
from html.parser import HTMLParser

import aiosmtplib
import httpx
import pytest
from servicekit.localbroker import free_port
from servicekit.testing import eventually, service_env

from notifications.bootstrap import create_app


def _mail(subject: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "pact@pact.localhost", "an@gent.example", subject
    message.set_content("Hallo An")
    return message


async def _send_when_up(port: int, message: EmailMessage) -> None:
    async def attempt():
        try:
            await aiosmtplib.send(message, hostname="127.0.0.1", port=port, timeout=2)
            return True
        except (aiosmtplib.SMTPException, OSError):
            return False

    await eventually(attempt, timeout=20, interval=0.1)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "notifications", *args], capture_output=True, text=True, timeout=30)


async def test_the_mailcatcher_command_stores_mail_that_mail_list_and_show_read(tmp_path):
    port, directory = free_port(), tmp_path / "mail"
    process = subprocess.Popen([sys.executable, "-m", "notifications", "mailcatcher", "--dir", str(directory), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        await _send_when_up(port, _mail("Inschrijving bevestigd"))
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert process.returncode == 0
    listing = await asyncio.to_thread(_cli, "mail", "list", "--dir", str(directory))
    assert listing.returncode == 0 and "an@gent.example" in listing.stdout and "Inschrijving bevestigd" in listing.stdout
    shown = await asyncio.to_thread(_cli, "mail", "show", "1", "--dir", str(directory))
    assert shown.returncode == 0 and "Subject: Inschrijving bevestigd" in shown.stdout and "Hallo An" in shown.stdout
    missing = await asyncio.to_thread(_cli, "mail", "show", "7", "--dir", str(directory))
    assert missing.returncode == 1 and "no message number 7" in missing.stderr


class Page(HTMLParser):
    """What a browser would show of a page: its text and its links (stdlib's parser, not the service's code)."""

    def __init__(self, html: str):
        super().__init__()
        self.text, self.links, self.scripts, self._href = [], [], 0, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        if tag == "a":
            self._href = dict(attrs)["href"]

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None

    def handle_data(self, data):
        self.text.append(data)
        if self._href and data.strip():
            self.links.append((data.strip(), self._href))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_dev_mail_is_a_page_listing_caught_mail_with_a_page_per_message(tmp_path, database_url, monkeypatch, jwt_keys, mailbox):
    await _send_when_up(mailbox.proxy.port, _mail("Welkom"))
    await _send_when_up(mailbox.proxy.port, _mail("<script>alert(1)</script> & more"))
    service_env(monkeypatch, "notifications", database_url=database_url, kafka="127.0.0.1:1", public_key=jwt_keys[1],
                dev_mail_dir=str(mailbox.directory), link_secret="s", run_dispatcher="false")
    app = create_app()
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://n") as client:
            browser = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}  # what Chromium sends
            listing = await client.get("/dev/mail", headers=browser)
            assert listing.headers["content-type"].startswith("text/html") and "default-src 'none'" in listing.headers["content-security-policy"]
            page = Page(listing.text)
            assert page.scripts == 0 and "<script>" not in listing.text  # the subject is shown as text, not run
            subjects = [text for text, href in page.links if href.startswith("/dev/mail/")]
            assert subjects == ["<script>alert(1)</script> & more", "Welkom"]  # newest first
            [welcome] = [href for text, href in page.links if text == "Welkom"]

            shown = await client.get(welcome, headers=browser)
            message = Page(shown.text)
            assert shown.status_code == 200 and shown.headers["content-type"].startswith("text/html")
            assert {"Subject", "Welkom", "To", "an@gent.example", "Hallo An"} <= {t.strip() for t in message.text}
            assert ("All caught mail", "/dev/mail") in message.links
            assert "Hallo An" in (await client.get(welcome, params={"format": "text"})).text

            as_json = (await client.get("/dev/mail", params={"format": "json"})).json()
            assert [m["subject"] for m in as_json] == ["Welkom", "<script>alert(1)</script> & more"]  # as before: oldest first
            assert (await client.get("/dev/mail", headers={"Accept": "application/json"})).json() == as_json
            assert (await client.get("/dev/mail/nothing.eml")).status_code == 404
