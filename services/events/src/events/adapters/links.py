"""Signed personal links: cancel without an account, the personal join link, the registration's calendar and ticket.

A link carries the registration id signed with the service's secret and a purpose
(salt), so a cancel link cannot be turned into a join link and no id can be guessed.

Where a link leads: the service's own routes (``public_url``), or, when the public web site is
configured (``web_url``), the site's personal pages in the registrant's language, which pass the
token back here through the gateway. The service's own routes keep answering old links either way.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

PURPOSES = ("cancel", "join", "calendar", "ticket")
# purpose -> (the service's path, the web site's path) after /registrations/{id}
PATHS = {"cancel": ("/cancel", "/cancel"), "join": ("/join", "/join"), "calendar": (".ics", "/calendar.ics"),
         "ticket": ("/ticket.png", "/ticket")}
WEB_LANGUAGES = ("en", "nl", "fr", "de")


class Links:
    def __init__(self, public_url: str, secret: str, web_url: str = ""):
        self._base = public_url.rstrip("/")
        self._web = web_url.rstrip("/")
        self._signers = {p: URLSafeSerializer(secret, salt=f"registration-{p}") for p in PURPOSES}

    def token(self, purpose: str, registration_id: str) -> str:
        return self._signers[purpose].dumps(registration_id)

    def verify(self, purpose: str, registration_id: str, token: str) -> bool:
        try:
            return self._signers[purpose].loads(token) == registration_id
        except BadSignature:
            return False

    def _url(self, purpose: str, registration_id: str, language: object = None) -> str:
        service_path, web_path = PATHS[purpose]
        token = self.token(purpose, registration_id)
        if self._web:
            code = str(getattr(language, "value", language) or "en")
            code = code if code in WEB_LANGUAGES else "en"
            return f"{self._web}/{code}/registrations/{registration_id}{web_path}?token={token}"
        return f"{self._base}/registrations/{registration_id}{service_path}?token={token}"

    def cancel_url(self, registration_id: str, language: object = None) -> str:
        return self._url("cancel", registration_id, language)

    def join_url(self, registration_id: str, language: object = None) -> str:
        return self._url("join", registration_id, language)

    def calendar_url(self, registration_id: str, language: object = None) -> str:
        return self._url("calendar", registration_id, language)

    def ticket_url(self, registration_id: str, language: object = None) -> str:
        return self._url("ticket", registration_id, language)
