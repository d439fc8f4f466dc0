"""The development mail tools as the integrator runs them: the mailcatcher process, `mail list|show`, GET /dev/mail."""

import asyncio
import subprocess
import sys
from email.message import EmailMessage

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


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_dev_mail_pages_list_and_show_caught_mail(tmp_path, database_url, monkeypatch, jwt_keys, mailbox):
    await _send_when_up(mailbox.proxy.port, _mail("Welkom"))
    service_env(monkeypatch, "notifications", database_url=database_url, kafka="127.0.0.1:1", public_key=jwt_keys[1],
                dev_mail_dir=str(mailbox.directory), link_secret="s", run_dispatcher="false")
    app = create_app()
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://n") as client:
            listing = (await client.get("/dev/mail")).json()
            assert [m["subject"] for m in listing] == ["Welkom"]
            shown = await client.get(f"/dev/mail/{listing[0]['name']}")
            assert shown.status_code == 200 and "Hallo An" in shown.text
            assert (await client.get("/dev/mail/nothing.eml")).status_code == 404
