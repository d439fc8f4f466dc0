import sys

from servicekit.cli import service_cli

from awards.bootstrap import Settings, build_runtime, create_app

main = service_cli("awards", Settings, create_app, build_runtime)


def run() -> None:
    """``tally ...`` are the auditor's commands (no database, no service); anything else runs the service."""
    if sys.argv[1:2] == ["tally"]:
        from awards.entrypoints.tally_cli import main as tally

        raise SystemExit(tally(sys.argv[2:]))
    main()


if __name__ == "__main__":
    run()
