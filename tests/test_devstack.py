"""`make run` as a new user runs it: tools/devstack.py in its own process, its .data in a temporary folder.

Every token it prints does what its role is for, and a second start, after a user archived an
organisation, renamed another and cancelled an event through the gateway, starts as cleanly as the
first, changes none of that back and adds nothing twice.
"""

from __future__ import annotations

import base64
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from servicekit.localbroker import free_port

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import demo_data  # noqa: E402

SERVICES = ("membership", "events", "awards", "notifications")
FIDO = demo_data.FIDO
DEMO_ORGANISATIONS = len(demo_data.ORGANISATIONS)
READY = "Press Ctrl-C to stop everything."


class Devstack:
    """tools/devstack.py on free ports (the variables the README lists), its data in one folder for every start."""

    def __init__(self, data: Path):
        self.data = data
        self.ports = {name: free_port() for name in (*SERVICES, "gateway", "web", "smtp")}
        self.process: subprocess.Popen | None = None
        self.output = ""
        self._lines: queue.Queue[str | None] = queue.Queue()

    @property
    def gateway(self) -> str:
        return f"http://127.0.0.1:{self.ports['gateway']}"

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def start(self, timeout: float = 480) -> str:
        """Start and wait for the welcome; returns what this start printed."""
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "HOME": os.environ.get("HOME", "/tmp"),
               "PACT_DATA_DIR": str(self.data), "GATEWAY_HTTP_PORT": str(self.ports["gateway"]), "PACT_SMTP_PORT": str(self.ports["smtp"]),
               "WEB_HTTP_PORT": str(self.ports["web"]),
               **{f"{s.upper()}_HTTP_PORT": str(self.ports[s]) for s in SERVICES}}
        self.process = subprocess.Popen([sys.executable, "tools/devstack.py"], cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT)
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()
        printed, deadline = [], time.monotonic() + timeout
        while not printed or printed[-1].strip() != READY:
            try:
                line = self._lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"make run printed no welcome within {timeout:.0f} s:\n{''.join(printed)[-3000:]}") from None
            if line is None:
                raise AssertionError(f"make run exited with {self.process.wait()}:\n{''.join(printed)[-3000:]}")
            printed.append(line)
        self.output = "".join(printed)
        return self.output

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def stop(self) -> str:
        """Ctrl-C, as a user stops it; returns what it printed while stopping."""
        if self.process is None or self.process.poll() is not None:
            return ""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(90)
        except subprocess.TimeoutExpired:
            self.process.terminate()  # devstack stops its children on SIGTERM too
            self.process.wait(60)
        rest = []
        while (line := self._lines.get(timeout=10)) is not None:
            rest.append(line)
        return "".join(rest)

    def tokens(self) -> dict[str, str]:
        found = dict(re.findall(r"^  (secretariat|member|juror|operator): +(\S+)", self.output, re.MULTILINE))
        assert set(found) == {"secretariat", "member", "juror", "operator"}, self.output[-2000:]
        return found


def graphql(url: str, token: str | None, query: str, variables: dict | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(f"{url}/graphql", json={"query": query, "variables": variables or {}}, headers=headers, timeout=30).json()


def data(url: str, token: str | None, query: str, variables: dict | None = None) -> dict:
    body = graphql(url, token, query, variables)
    assert not body.get("errors"), body
    return body["data"]


def local(global_id: str) -> str:
    return base64.b64decode(global_id).decode().partition(":")[2]


@pytest.fixture(scope="module")
def devstack(tmp_path_factory):
    stack = Devstack(tmp_path_factory.mktemp("make-run") / ".data")
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()


def test_the_first_start_is_clean(devstack):
    assert "Traceback" not in devstack.output
    assert f"Demo data: {DEMO_ORGANISATIONS} organisations registered, 0 already there" in devstack.output
    assert "Demo data: loading stopped" not in devstack.output and "left as changed" not in devstack.output


def test_the_member_token_acts_for_fido(devstack):
    member, secretariat = devstack.tokens()["member"], devstack.tokens()["secretariat"]
    me = data(devstack.gateway, member, "{ me { role organisationId organisation { id name member } } }")["me"]
    assert me["role"] == "MEMBER" and me["organisation"]["name"] == FIDO and me["organisation"]["member"], me
    fido = me["organisation"]["id"]

    hook = data(devstack.gateway, member, "mutation($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i) { id organisationId } }",
                {"i": {"url": "http://127.0.0.1:9/hooks/fido", "eventTypes": ["membership.signature.verified.v1"]}})
    assert local(hook["createWebhookSubscription"]["organisationId"]) == local(fido)  # owned by FIDO, not by an id of its id
    mine = data(devstack.gateway, member, "{ webhooks(first: 10) { nodes { id } } }")["webhooks"]["nodes"]
    assert [n["id"] for n in mine] == [hook["createWebhookSubscription"]["id"]]

    # Nominating needs an edition open for nominations: the demo's 2021 edition is long published.
    stad_leuven = data(devstack.gateway, secretariat, '{ organisations(search: "Stad Leuven") { nodes { id name } } }')["organisations"]["nodes"]
    [nominee] = [o for o in stad_leuven if o["name"] == "Stad Leuven"]
    now = datetime.now(UTC).replace(microsecond=0)
    timeline = {key: (now + timedelta(hours=hours)).isoformat() for key, hours in
                (("nominations_open_at", -1), ("nominations_close_at", 1), ("voting_opens_at", 2), ("voting_closes_at", 3))}
    category = {"name": "Good practice", "description": "", "eligible_kinds": ["procuring", "coordinating"], "self_nomination_allowed": False,
                "scale": {"min": 1, "max": 5}, "criteria": [{"name": "Impact", "weight": 1}]}
    edition = httpx.post(f"{devstack.url('awards')}/editions", headers={"Authorization": f"Bearer {secretariat}"}, timeout=30,
                         json={"name": "Fair ICT Awards (member token check)", "organiser": "Fair ICT Flanders", "quorum": 1,
                               "categories": [category], "timeline": timeline, "ceremony": None})
    assert edition.status_code == 201, edition.text
    nominated = data(devstack.gateway, member, "mutation($i: NominateInput!) { nominate(input: $i) { nominator { name } nominee { name } } }",
                     {"i": {"editionId": edition.json()["id"], "categoryId": edition.json()["categories"][0]["id"], "nomineeId": nominee["id"],
                            "motivation": [{"language": "NL", "text": "Herbruikte laptops via de sociale economie."}]}})
    assert nominated["nominate"] == {"nominator": {"name": FIDO}, "nominee": {"name": "Stad Leuven"}}


def test_the_juror_token_sees_its_own_ballots(devstack):
    juror = devstack.tokens()["juror"]
    me = data(devstack.gateway, juror, "{ me { role jurorId } }")["me"]
    ballots = data(devstack.gateway, juror, "{ ownBallots(first: 20) { totalCount nodes { receipt } } }")["ownBallots"]
    assert me["role"] == "JUROR" and ballots["totalCount"] >= 4 and all(n["receipt"] for n in ballots["nodes"]), ballots


def test_the_secretariat_and_operator_tokens_do_their_work(devstack):
    tokens = devstack.tokens()
    archived = data(devstack.gateway, tokens["secretariat"], "{ organisations(includeArchived: true, first: 1) { totalCount } }")
    assert archived["organisations"]["totalCount"] >= DEMO_ORGANISATIONS  # archived ones are for the secretariat's eyes only
    deliveries = data(devstack.gateway, tokens["operator"], "{ deliveries(first: 1) { totalCount } }")["deliveries"]
    assert deliveries["totalCount"] > 0  # the whole delivery log: operators only
    refused = graphql(devstack.gateway, tokens["member"], "{ organisations(includeArchived: true, first: 1) { totalCount } }")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


COUNTS = """{
  organisations(includeArchived: true, first: 1) { totalCount }
  groups { id }
  events(first: 200) { totalCount nodes { id status registrations(first: 1) { totalCount } } }
  awardEditions(first: 50) { totalCount }
  signatures(first: 1) { totalCount }
  supportLetters(first: 1) { totalCount }
}"""


def counts(devstack: Devstack, token: str) -> dict:
    found = data(devstack.gateway, token, COUNTS)
    return {"organisations": found["organisations"]["totalCount"], "groups": len(found["groups"]), "events": found["events"]["totalCount"],
            "registrations": {n["id"]: n["registrations"]["totalCount"] for n in found["events"]["nodes"]},
            "editions": found["awardEditions"]["totalCount"], "signatures": found["signatures"]["totalCount"],
            "letters": found["supportLetters"]["totalCount"]}


def test_a_second_start_after_an_archive_a_rename_and_a_cancellation_is_clean_and_adds_nothing(devstack):
    secretariat = devstack.tokens()["secretariat"]
    find = 'query($s: String) { organisations(search: $s, includeArchived: true) { nodes { id name archived } } }'
    [circulair] = data(devstack.gateway, secretariat, find, {"s": "Vlaanderen Circulair"})["organisations"]["nodes"]
    [leuven] = [o for o in data(devstack.gateway, secretariat, find, {"s": "KU Leuven"})["organisations"]["nodes"] if o["name"] == "KU Leuven"]
    events = data(devstack.gateway, secretariat, "{ events(first: 50) { nodes { id status titles { text } } } }")["events"]["nodes"]
    [webinar] = [e for e in events if "Webinar: fair ICT purchasing criteria in practice" in {t["text"] for t in e["titles"]}]
    data(devstack.gateway, secretariat, 'mutation($id: ID!) { archiveOrganisation(id: $id, reason: "Merged into another agency.") { id } }',
         {"id": circulair["id"]})
    data(devstack.gateway, secretariat, 'mutation($id: ID!) { updateOrganisation(id: $id, input: {name: "KU Leuven (Katholieke Universiteit Leuven)"}) { id } }',
         {"id": leuven["id"]})
    data(devstack.gateway, secretariat, 'mutation($id: ID!) { cancelEvent(id: $id, reason: "The speaker is ill.") { id } }', {"id": webinar["id"]})
    before = counts(devstack, secretariat)
    stopping = devstack.stop()
    assert "Traceback" not in stopping and devstack.process.returncode == 0, stopping

    output = devstack.start()
    assert "Traceback" not in output and "loading stopped" not in output, output[-3000:]
    assert f"Demo data: 0 organisations registered, {DEMO_ORGANISATIONS} already there" in output, output[-3000:]
    assert "0 signatures recorded" in output and "(0 new)" in output and "0 new registrations" in output, output[-3000:]
    secretariat = devstack.tokens()["secretariat"]
    assert counts(devstack, secretariat) == before
    one = "query($id: ID!) { organisation(id: $id) { name archived } }"
    assert data(devstack.gateway, secretariat, one, {"id": circulair["id"]})["organisation"] == {"name": "Vlaanderen Circulair", "archived": True}
    assert data(devstack.gateway, secretariat, one, {"id": leuven["id"]})["organisation"]["name"] == "KU Leuven (Katholieke Universiteit Leuven)"
    assert data(devstack.gateway, secretariat, "query($id: ID!) { event(id: $id) { status } }", {"id": webinar["id"]})["event"]["status"] == "CANCELLED"
    member = data(devstack.gateway, devstack.tokens()["member"], "{ me { organisation { name } } }")
    assert member["me"]["organisation"]["name"] == FIDO
