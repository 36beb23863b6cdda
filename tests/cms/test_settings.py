"""Production settings fail fast without their secrets; the API-only URLconf has no admin."""

import os
import subprocess
import sys

import pytest
from django.test import Client, override_settings

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-secret-for-this-test-only",
    "DJANGO_ALLOWED_HOSTS": "api.example.vn",
    "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "CCHC_IP_HASH_SALT": "salt",
    "SITE_ORIGIN": "https://cchc.example.vn",
}


def load_production(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "cms.settings.production"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_with_everything_set():
    result = load_production(PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without(missing):
    result = load_production({k: v for k, v in PRODUCTION_ENV.items() if k != missing})
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="cms.api.urls")
def test_api_role_serves_no_admin():
    client = Client()
    assert client.get("/admin/").status_code == 404
    assert client.post("/api/v1/questions", "{}", content_type="application/json").status_code == 400
