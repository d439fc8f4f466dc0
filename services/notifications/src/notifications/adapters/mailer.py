"""E-mail over SMTP (aiosmtplib): one MIME message per delivery, plain text and HTML, the .ics when there is one."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage
from email.utils import formataddr, formatdate, parseaddr

import aiosmtplib


# What goes on the wire: headers folded only past RFC 5322's hard limit (at 78 characters Python folds a long
# List-Unsubscribe URL into RFC 2047 encoded-words, which mail clients do not read as a URL), bodies in 7-bit
# transfer encodings (so no 8BITMIME is needed from the server).
WIRE_POLICY = email.policy.SMTP.clone(max_line_length=998, cte_type="7bit")


class SendFailed(Exception):
    """The channel refused or could not be reached; the dispatcher retries later."""


def build_email(payload: dict, *, sender: str, message_id: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = formataddr((payload["name"], payload["to"]))
    message["Subject"] = payload["subject"]
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id  # stable per delivery: a retry after a lost reply is recognisable
    message["Auto-Submitted"] = "auto-generated"
    if payload.get("unsubscribe_url"):
        # RFC 2369 + RFC 8058: mail clients offer one-click unsubscribe by POSTing to this URL.
        message["List-Unsubscribe"] = f"<{payload['unsubscribe_url']}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(payload["text"])
    message.add_alternative(payload["html"], subtype="html")
    if payload.get("ics"):
        method = payload.get("ics_method") or "PUBLISH"
        message.make_mixed()
        message.add_attachment(payload["ics"].encode(), maintype="text", subtype="calendar",
                               filename="cancel.ics" if method == "CANCEL" else "invitation.ics", params={"method": method})
    return message


class SmtpMailer:
    def __init__(self, *, host: str, port: int, sender: str, username: str = "", password: str = "", starttls: bool = False,
                 timeout: float = 10.0):
        self._host, self._port, self.sender = host, port, sender
        self._username, self._password, self._starttls, self._timeout = username or None, password or None, starttls, timeout

    async def send(self, payload: dict, *, message_id: str) -> None:
        message = build_email(payload, sender=self.sender, message_id=message_id)
        sender = parseaddr(self.sender)[1]
        # An address beyond ASCII needs SMTPUTF8, which aiosmtplib negotiates when given the message itself.
        content = message.as_bytes(policy=WIRE_POLICY) if (sender + payload["to"]).isascii() else message
        try:
            await aiosmtplib.send(content, sender=sender, recipients=[payload["to"]], hostname=self._host, port=self._port,
                                  username=self._username, password=self._password, start_tls=self._starttls, timeout=self._timeout)
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise SendFailed(f"SMTP {self._host}:{self._port}: {type(exc).__name__}: {exc}") from exc
