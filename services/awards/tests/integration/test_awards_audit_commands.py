"""The auditor's commands, run as an auditor would: on files downloaded from the API."""

import json
import subprocess
import sys

import pytest

from awards.entrypoints.tally_cli import main as tally_main


@pytest.fixture
async def published(awards, tmp_path):
    edition = await awards.edition(quorum=1)
    gent = await awards.organisation("Stad Gent")
    nominations = [await awards.shortlisted(edition, nominee=await awards.organisation(n), nominator=gent) for n in ("KU Leuven", "UGent")]
    jurors = [await awards.juror(edition, n) for n in ("Ann Peeters", "Bart Maes")]
    awards.clock.now = awards.VOTING
    for (_, headers), scores in zip(jurors, ([5, 3], [2, 4])):
        for nomination in nominations:
            await awards.ballot(nomination, headers, scores)
    commitment = (await awards.client.post(f"/editions/{edition['id']}/voting/close", headers=awards.secretariat)).json()["commitment"]
    await awards.client.post(f"/editions/{edition['id']}/results/publish", headers=awards.secretariat)
    files = {}
    for name, path in (("export", "export"), ("results", "results")):
        response = await awards.client.get(f"/editions/{edition['id']}/{path}", headers=awards.secretariat)
        files[name] = tmp_path / f"{name}.json"
        files[name].write_text(response.text)
    files["commitment"] = commitment
    return files


def _run(*args):
    """The documented command, in a process of its own."""
    return subprocess.run([sys.executable, "-m", "awards", "tally", *map(str, args)], capture_output=True, text=True, timeout=60)


def _tally(capsys, *args) -> tuple[int, str, str]:
    """The same command in-process (a new interpreter per call costs seconds)."""
    status = tally_main([str(a) for a in args])
    out = capsys.readouterr()
    return status, out.out, out.err


async def test_recompute_gives_the_identical_ranking(published):
    done = _run("recompute", published["export"], "--results", published["results"])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(published["results"].read_text())["result"]
    assert "identical" in done.stderr


async def test_recompute_notices_an_altered_ballot(published, capsys):
    export = json.loads(published["export"].read_text())
    ballot = next(b for n in export["nominations"] for b in n["ballots"])
    key = next(iter(ballot["scores"]))
    ballot["scores"][key] = 1 if ballot["scores"][key] != 1 else 5
    published["export"].write_text(json.dumps(export))
    status, _, err = _tally(capsys, "recompute", published["export"], "--results", published["results"])
    assert status == 1 and "do not match their ballot" in err


async def test_check_commitment_against_the_commitment_published_at_close(published, capsys):
    status, out, _ = _tally(capsys, "check-commitment", published["results"], "--commitment", published["commitment"])
    assert status == 0 and out.startswith("matches"), out
    results = json.loads(published["results"].read_text())
    results["result"]["receipts"].pop()  # a counted ballot quietly dropped after the close
    published["results"].write_text(json.dumps(results))
    status, out, _ = _tally(capsys, "check-commitment", published["results"], "--commitment", published["commitment"])
    assert status == 1 and "DOES NOT MATCH" in out
    with pytest.raises(SystemExit) as unreadable:
        _tally(capsys, "recompute", "/nonexistent.json")
    assert unreadable.value.code == 2
