"""``python -m gateway`` / ``pact-gateway``: serve the GraphQL gateway with uvicorn."""

from __future__ import annotations

import uvicorn

from gateway.app import create_app
from gateway.settings import Settings


def main() -> None:
    settings = Settings()
    uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, log_level="warning")


if __name__ == "__main__":
    main()
