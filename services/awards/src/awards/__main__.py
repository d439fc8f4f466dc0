from servicekit.cli import service_cli

from awards.bootstrap import Settings, build_runtime, create_app

main = service_cli("awards", Settings, create_app, build_runtime)

if __name__ == "__main__":
    main()
