"""Contacts: the people the secretariat writes to for an organisation. Personal data, never public."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from membership.domain.errors import InvalidOrganisation

# Deliberately plain: one @, a dot in the domain, no spaces. Deliverability is the mail server's call.
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$")
CONTACTS_MAX = 20
TEXT_MAX = 200


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    language: str  # a Language value (en, nl, fr, de)
    consent_on: date | None = None
    role: str | None = None

    def as_dict(self) -> dict:
        return {"name": self.name, "email": self.email, "language": self.language,
                "consent_on": self.consent_on.isoformat() if self.consent_on else None, "role": self.role}

    @classmethod
    def from_dict(cls, data: dict) -> "Contact":
        consent = data.get("consent_on")
        return cls(data["name"], data["email"], data["language"], date.fromisoformat(consent) if isinstance(consent, str) else consent,
                   data.get("role"))


def check_contacts(contacts: list[Contact], languages: set[str], today: date) -> list[Contact]:
    if len(contacts) > CONTACTS_MAX:
        raise InvalidOrganisation("contacts", f"Give at most {CONTACTS_MAX} contacts.")
    checked, seen = [], set()
    for n, contact in enumerate(contacts):
        name = " ".join(contact.name.split())
        if not name or len(name) > TEXT_MAX:
            raise InvalidOrganisation(f"contacts.{n}.name", f"A contact's name must be 1 to {TEXT_MAX} characters.")
        email = contact.email.strip()
        if not EMAIL_PATTERN.match(email) or len(email) > 254:
            raise InvalidOrganisation(f"contacts.{n}.email", f"{contact.email!r} is not an e-mail address; give it as name@example.org.")
        if email.casefold() in seen:
            raise InvalidOrganisation(f"contacts.{n}.email", f"{email} is listed twice.")
        seen.add(email.casefold())
        if contact.language not in languages:
            raise InvalidOrganisation(f"contacts.{n}.language", f"{contact.language!r} is not a language (en, nl, fr or de).")
        if contact.consent_on and contact.consent_on > today:
            raise InvalidOrganisation(f"contacts.{n}.consent_on", "The consent date is in the future.")
        role = " ".join(contact.role.split()) if contact.role else None
        if role and len(role) > TEXT_MAX:
            raise InvalidOrganisation(f"contacts.{n}.role", f"A contact's role must be at most {TEXT_MAX} characters.")
        checked.append(Contact(name, email, contact.language, contact.consent_on, role or None))
    return checked
