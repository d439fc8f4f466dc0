from servicekit.cli import service_cli

from membership.bootstrap import Settings, build_runtime, create_app

main = service_cli("membership", Settings, create_app, build_runtime)

if __name__ == "__main__":
    main()
