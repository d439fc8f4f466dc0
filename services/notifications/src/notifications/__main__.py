"""``python -m notifications [serve|migrate|relay]`` runs the service; ``mailcatcher`` and ``mail`` are the development mail tools."""

import sys

MAIL_COMMANDS = {"mailcatcher", "mail"}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in MAIL_COMMANDS:
        from notifications.entrypoints import mail_cli  # light: no web framework or broker client to import

        sys.exit(mail_cli.main(argv))
    from servicekit.cli import service_cli

    from notifications.bootstrap import Settings, build_runtime, create_app

    service_cli("notifications", Settings, create_app, build_runtime)(argv)


if __name__ == "__main__":
    main()
