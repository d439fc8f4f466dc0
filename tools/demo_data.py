"""Demo data drawn from the public pages in ../shared/seeds/.

The organisations thanked after the annual Circular and Fair ICT Pact meeting in
Antwerp (participants and the supporting organisations TCO Development, Global
Electronics Council and Electronics Watch), plus the Belgian steering group and
the Fair ICT Flanders partners. Kinds follow the pact's own words: procuring and
coordinating organisations are participants; supporting organisations sign a
letter of support.
"""

from __future__ import annotations

import httpx

P, C, S = "PROCURING", "COORDINATING", "SUPPORTING"

ORGANISATIONS = [
    # name, kind, country, languages, website
    ("Vlaamse overheid", C, "BE", ["NL"], "https://www.vlaanderen.be"),
    ("Het Facilitair Bedrijf", P, "BE", ["NL"], None),
    ("Vlaanderen Circulair", C, "BE", ["NL"], "https://vlaanderen-circulair.be"),
    ("Service public de Wallonie", C, "BE", ["FR"], "https://www.wallonie.be"),
    ("Federaal Instituut voor Duurzame Ontwikkeling (FIDO)", C, "BE", ["NL", "FR"], None),
    ("Leefmilieu Brussel", C, "BE", ["NL", "FR"], None),
    ("Umweltbundesamt - German Environment Agency", C, "DE", ["DE", "EN"], "https://www.umweltbundesamt.de"),
    ("Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH", P, "DE", ["DE", "EN"], "https://www.giz.de"),
    ("Office of Government Procurement, Government of Ireland", P, "IE", ["EN"], None),
    ("Ministerie van Infrastructuur en Waterstaat (IenW)", C, "NL", ["NL"], None),
    ("Ministerie van Economische Zaken en Klimaat (EZK)", C, "NL", ["NL"], None),
    ("Category IWR - Sustainable workspace IT for the Dutch government", P, "NL", ["NL"], None),
    ("Rijkswaterstaat (RWS)", C, "NL", ["NL", "EN"], "https://www.rijkswaterstaat.nl"),
    ("naBe-Plattform", C, "AT", ["DE"], None),
    ("Ministry of the Environment, Climate and Energy, Slovenia", C, "SI", ["EN"], None),
    ("One Planet network - 10YFP", C, "FR", ["EN"], "https://www.oneplanetnetwork.org"),
    ("UN Environment Programme", C, "KE", ["EN"], "https://www.unep.org"),
    ("Pan American Health Organization (PAHO)", P, "US", ["EN"], "https://www.paho.org"),
    ("PAHO Procurement and Supply Management", P, "US", ["EN"], None),
    ("Federal Office for the Environment (FOEN)", C, "CH", ["DE", "FR", "EN"], None),
    ("TCO Development", S, "SE", ["EN"], "https://tcocertified.com"),
    ("Global Electronics Council", S, "US", ["EN"], "https://globalelectronicscouncil.org"),
    ("Electronics Watch", S, "NL", ["EN"], "https://electronicswatch.org"),
    ("CATAPA vzw", S, "BE", ["NL"], "https://catapa.be"),
    ("Bond Beter Leefmilieu", S, "BE", ["NL"], "https://www.bondbeterleefmilieu.be"),
    ("Ondernemers voor Ondernemers", S, "BE", ["NL"], None),
]

REGISTER = """
mutation Register($input: RegisterOrganisationInput!) {
  registerOrganisation(input: $input) { id name }
}
"""


def load(gateway_url: str, secretariat_token: str) -> tuple[int, int]:
    """Register every demo organisation through the gateway; already registered ones are left as they are."""
    created = existing = 0
    with httpx.Client(timeout=30, headers={"Authorization": f"Bearer {secretariat_token}"}) as client:
        for name, kind, country, languages, website in ORGANISATIONS:
            variables = {"input": {"name": name, "kind": kind, "country": country, "languages": languages, "website": website}}
            body = client.post(f"{gateway_url}/graphql", json={"query": REGISTER, "variables": variables}).json()
            errors = body.get("errors") or []
            if not errors:
                created += 1
            elif errors[0].get("extensions", {}).get("code") == "CONFLICT":
                existing += 1
            else:
                raise RuntimeError(f"demo organisation {name!r} was refused: {errors}")
    return created, existing
