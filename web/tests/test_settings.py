"""Production settings refuse the development defaults, as the services' settings do."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from web.settings import Settings


def test_development_runs_on_its_defaults():
    settings = Settings()
    assert settings.http_port == 8005 and not settings.secure_cookies


def test_production_refuses_the_development_secret_plain_http_and_no_client_secret():
    with pytest.raises(ValidationError) as refused:
        Settings(environment="production")
    message = str(refused.value)
    assert "WEB_SECRET_KEY" in message and "WEB_PUBLIC_BASE_URL" in message and "WEB_GATEWAY_CLIENT_SECRET" in message


def test_production_with_real_secrets_from_files(tmp_path, monkeypatch):
    (tmp_path / "key").write_text("k" * 40 + "\n")
    monkeypatch.setenv("WEB_SECRET_KEY_FILE", str(tmp_path / "key"))
    monkeypatch.setenv("WEB_ENVIRONMENT", "production")
    monkeypatch.setenv("WEB_PUBLIC_BASE_URL", "https://cfict.example.org")
    monkeypatch.setenv("WEB_GATEWAY_CLIENT_SECRET", "s" * 40)
    settings = Settings()
    assert settings.secret_key == "k" * 40 and settings.secure_cookies
