import sys

from servicekit.cli import service_cli

from notifications.bootstrap import Settings, build_runtime, create_app
from notifications.entrypoints import mail_cli

service_main = service_cli("notifications", Settings, create_app, build_runtime)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in mail_cli.COMMANDS:
        sys.exit(mail_cli.main(argv))
    service_main(argv)


if __name__ == "__main__":
    main()
