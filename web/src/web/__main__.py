"""``python -m web`` / ``pact-web``: serve the site; ``python -m web operations manifest`` prints the trusted documents."""

from __future__ import annotations

import argparse
import logging
import sys


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="pact-web", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    operations = commands.add_parser("operations", help="the site's GraphQL operations")
    operations.add_argument("action", choices=["manifest", "list"], help="manifest: the trusted documents as JSON (sha256 -> document)")
    translations = commands.add_parser("translations", help="the gettext catalogues under web/src/web/locale")
    translations.add_argument("action", choices=["update", "check"], help="update: add new messages, drop unused; check: list problems")
    arguments = parser.parse_args(argv)
    if arguments.command == "translations":
        from web import translations as catalogues

        if arguments.action == "update":
            catalogues.update()
        found = catalogues.problems()
        print("\n".join(found) or "The four catalogues are complete.")
        raise SystemExit(1 if found and arguments.action == "check" else 0)
    if arguments.command == "operations":
        from web.operations import OPERATIONS, manifest

        if arguments.action == "manifest":
            sys.stdout.write(manifest())
        else:
            for operation in OPERATIONS.values():
                print(f"{operation.sha256}  {operation.name}")
        return
    serve()


def serve() -> None:
    import uvicorn

    from web.app import create_app
    from web.settings import Settings

    settings = Settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, log_level="warning",
                proxy_headers=True, forwarded_allow_ips=settings.forwarded_allow_ips)


if __name__ == "__main__":
    main()
