"""The auditor's commands: recompute a result from the export, check a commitment.

    python -m awards tally recompute EXPORT.json [--results RESULTS.json]
    python -m awards tally check-commitment RESULTS.json [--commitment HEX]

EXPORT.json is GET /editions/{id}/export; RESULTS.json is GET /editions/{id}/results
once published; HEX is the commitment published when voting closed
(GET /editions/{id}/commitment or the awards.voting.closed.v1 event).
Exit status 0 when everything matches, 1 when something does not, 2 on unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from awards.domain import audit
from awards.domain.errors import Invalid
from awards.domain.export import bad_receipts, recompute


def _load(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        print(f"cannot read {path}: {exc}", file=sys.stderr)
        raise SystemExit(2) from None


def _recompute(args) -> int:
    export = _load(args.export)
    try:
        result = recompute(export)
    except Invalid as exc:
        print(f"{args.export}: {exc.message}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, ensure_ascii=False))
    status = 0
    bad = bad_receipts(export)
    if bad:
        print(f"{len(bad)} receipt(s) do not match their ballot: {', '.join(bad)}", file=sys.stderr)
        status = 1
    if args.results:
        published = _load(args.results)
        published = published.get("result", published)
        if published == result:
            print("identical: the recomputed result equals the published one", file=sys.stderr)
        else:
            print("DIFFERENT: the recomputed result does not equal the published one", file=sys.stderr)
            status = 1
    return status


def _check_commitment(args) -> int:
    results = _load(args.results)
    try:
        result, nonce = results["result"], results["nonce"]
        commitment = args.commitment or results["commitment"]
    except KeyError as exc:
        print(f"{args.results} lacks {exc}; give the published results document", file=sys.stderr)
        return 2
    if nonce is None:
        print("the nonce is not revealed yet: the results are not published", file=sys.stderr)
        return 2
    if audit.commitment_matches(result, nonce, commitment):
        print(f"matches: sha256(canonical {{nonce, result}}) = {commitment}")
        return 0
    print(f"DOES NOT MATCH: sha256(canonical {{nonce, result}}) = {audit.commitment(result, nonce)}, commitment {commitment}")
    return 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m awards tally", description="Recompute and check the awards' results.")
    sub = parser.add_subparsers(dest="command", required=True)
    recompute_cmd = sub.add_parser("recompute", help="recompute the ranking from an audit export")
    recompute_cmd.add_argument("export", help="the export JSON (GET /editions/{id}/export)")
    recompute_cmd.add_argument("--results", help="the published results JSON to compare with")
    check = sub.add_parser("check-commitment", help="check that the revealed result and nonce match the commitment")
    check.add_argument("results", help="the published results JSON (GET /editions/{id}/results)")
    check.add_argument("--commitment", help="the commitment published when voting closed (default: the one in the results)")
    args = parser.parse_args(argv)
    return _recompute(args) if args.command == "recompute" else _check_commitment(args)
