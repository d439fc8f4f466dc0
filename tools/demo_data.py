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


# -- documents and signatures (membership's HTTP API; the gateway has no signature mutations yet) --

PACT_TEXT = (
    "Circular and Fair ICT Pact (demo copy)\n\nPublic and private buyers commit to buy more sustainable "
    "(circular, environmentally friendly and fair) ICT and to share what they learn. An initiative under "
    "the UN One Planet Network, led by the Dutch authorities (Rijkswaterstaat).\n"
)
SUPPORT_TEXT = (
    "Letter of support for the Circular and Fair ICT Pact (demo copy)\n\nThe undersigned organisation endorses "
    "the mission of the Circular and Fair ICT Pact and will contribute its expertise.\n"
)
DOCUMENTS = {
    "pact": {"version": "2021-06", "language": "en", "title": "Circular and Fair ICT Pact", "published_on": "2021-06-01", "text": PACT_TEXT},
    "letter_of_support": {"version": "2023-01", "language": "en", "title": "Letter of support for the Circular and Fair ICT Pact",
                          "published_on": "2023-01-16", "text": SUPPORT_TEXT},
}
# On 14 June 2021 the Belgian federal minister for sustainable development signed the pact (seed 004);
# the supporting organisations thanked after the Antwerp meeting signed the letter of support (seeds 000, 001).
SIGNATURES = [
    ("Federaal Instituut voor Duurzame Ontwikkeling (FIDO)", "pact", "Zakia Khattabi", "Federal Minister for Sustainable Development",
     "2021-06-14", "Brussels"),
    ("TCO Development", "letter_of_support", "TCO Development", "Authorised representative", "2024-05-30", "Stockholm"),
    ("Global Electronics Council", "letter_of_support", "Global Electronics Council", "Authorised representative", "2024-05-30", "Portland"),
    ("Electronics Watch", "letter_of_support", "Electronics Watch", "Authorised representative", "2024-05-30", "Amsterdam"),
]


def load_signatures(membership_url: str, recorder_token: str, verifier_token: str) -> int:
    """Publish the two documents and record and verify (four eyes) the seed signatures; skips what exists."""
    recorded = 0
    with httpx.Client(base_url=membership_url, timeout=30) as client:
        recorder = {"Authorization": f"Bearer {recorder_token}"}
        documents = {d["kind"]: d["id"] for d in reversed(client.get("/documents").json()["items"])}  # newest wins
        for kind, doc in DOCUMENTS.items():
            if kind not in documents:
                fields = {k: v for k, v in doc.items() if k != "text"} | {"kind": kind}
                files = {"file": (f"{kind}-{doc['version']}.txt", doc["text"].encode(), "text/plain")}
                response = client.post("/documents", data=fields, files=files, headers=recorder)
                response.raise_for_status()
                documents[kind] = response.json()["id"]
        organisations = {o["name"]: o for o in client.get("/organisations", params={"first": 200}).json()["items"]}
        for name, kind, signatory, function, signed_on, place in SIGNATURES:
            org = organisations[name]
            if org["member"] or client.get("/signatures", params={"organisation_id": org["id"]}, headers=recorder).json()["items"]:
                continue
            body = {"organisation_id": org["id"], "document_id": documents[kind], "signatory_name": signatory,
                    "signatory_function": function, "signed_on": signed_on, "signed_place": place}
            response = client.post("/signatures", json=body, headers=recorder)
            response.raise_for_status()
            verified = client.post(f"/signatures/{response.json()['id']}/verify", headers={"Authorization": f"Bearer {verifier_token}"})
            verified.raise_for_status()
            recorded += 1
    return recorded
