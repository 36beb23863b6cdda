"""The API docs page works offline, and the schema describes every public endpoint."""

import re
import runpy
from pathlib import Path

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.urls import URLPattern, get_resolver

BASE_SETTINGS = Path(__file__).resolve().parents[2] / "cms" / "settings" / "base.py"
SCHEMA_URL = "/api/v1/schema/"
NOT_IN_SCHEMA = {"api/v1/schema/", "api/v1/docs/"}


def public_paths() -> set[str]:
    """Every route of the public API's urlconf, written as OpenAPI paths ("<int:page_id>" → "{page_id}")."""
    paths = set()
    for pattern in get_resolver("cms.api.urls").url_patterns:
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern)
        if route not in NOT_IN_SCHEMA:
            paths.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return paths


def test_docs_page_loads_only_local_assets(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), html
    for asset in assets:
        assert asset.startswith("/static/"), f"{asset} is not served by us"
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is missing from the static files"
    assert "https://" not in html and "http://" not in html
    # Swagger UI reads the schema from our own URL.
    assert SCHEMA_URL in html


@pytest.fixture
def api_role_middleware(monkeypatch, settings):
    """The middleware public hosts run (settings read with CMS_ROLE=api)."""
    monkeypatch.setenv("CMS_ROLE", "api")
    settings.MIDDLEWARE = runpy.run_path(str(BASE_SETTINGS))["MIDDLEWARE"]
    return settings.MIDDLEWARE


def test_public_hosts_set_no_cookie(client, api_role_middleware):
    assert not any("session" in m.lower() or "csrf" in m.lower() for m in api_role_middleware)
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert not response.cookies


@pytest.mark.django_db
def test_schema_lists_every_public_endpoint_in_vietnamese(client):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    expected = public_paths()
    assert "/api/v1/questions" in expected  # the urlconf was read
    assert expected <= set(schema["paths"]), expected - set(schema["paths"])
    # Only the public API: nothing from the admin or Wagtail's headless API.
    assert all(p.startswith("/api/v1/") for p in schema["paths"])
    assert "tiếng Việt" in schema["info"]["description"]
    assert "Cổng thông tin CCHC" in schema["info"]["title"]


VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


@pytest.mark.django_db
def test_every_operation_is_described_in_vietnamese(client):
    schema = yaml.safe_load(client.get(SCHEMA_URL).content)
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            for key in ("summary", "description"):
                text = operation.get(key, "")
                assert VIETNAMESE & set(text.lower()), f"{method.upper()} {path}: {key} {text!r}"


def test_schema_generation_has_no_warning(tmp_path):
    from django.core.management import call_command

    # drf-spectacular falls back silently (an operation without its request or answers) on a warning.
    call_command(
        "spectacular", "--urlconf", "cms.api.urls", "--fail-on-warn", "--file", str(tmp_path / "s.yaml")
    )
    assert "/api/v1/surveys/{page_id}/responses" in (tmp_path / "s.yaml").read_text(encoding="utf-8")
