import sys

from servicekit.cli import service_cli

from membership.bootstrap import Settings, build_runtime, create_app

service_main = service_cli("membership", Settings, create_app, build_runtime)


def main() -> None:
    if sys.argv[1:2] == ["register"]:  # offline register tools need no settings, database or broker
        from membership.entrypoints.register_cli import main as register_main

        raise SystemExit(register_main(sys.argv[2:]))
    service_main()


if __name__ == "__main__":
    main()
