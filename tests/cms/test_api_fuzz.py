"""Schema-based fuzzing of the public API (schemathesis): no input makes it answer 5xx.

Every operation of /api/v1/schema/ gets a bounded number of generated requests, valid and invalid,
through the WSGI application. Submissions need a proof-of-work stamp: when the generated client key is
a UUID the stamp is solved for it, so the requests also reach the code behind the anti-abuse check.
"""

import json
import uuid
from pathlib import Path

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from cms.api.abuse import solve_stamp
from cms.publish import index
from cms.publish.config import BuildConfig

MAX_EXAMPLES = 30
# No 5xx, and what comes back is what the schema says. Not checked: refusals of schema-valid input
# (stamps, open/close dates and draft articles are rules the schema cannot express).
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


# Read through the app itself, as a client would (the schema view needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture(scope="module")
def search_index(tmp_path_factory) -> Path:
    """A small search index, so the search endpoint answers instead of saying it is not ready (503)."""
    var = tmp_path_factory.mktemp("fuzz") / "var"
    config = BuildConfig(var_dir=var, search_index_dir=var / "search-index", quiet=True)
    var.mkdir(parents=True)
    facets = {name: [] for name in ("kind", "issuer", "field", "unit", "year", "status")}
    with config.manifest_path.open("w", encoding="utf-8") as out:
        for n, title in enumerate(["Cải cách thủ tục hành chính", "Chỉ số hài lòng SIPAS 2024"]):
            rec = {"id": f"news:{n}", "url": f"/tin-tuc/{n}/", "type": "news", "title": title, "number": ""}
            rec |= {"summary": title, "date": "2024-01-01", "body": title + " trên cả nước.", **facets}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return index.run(config).index_dir


@pytest.fixture
def api_ready(search_index, settings):
    settings.SEARCH_INDEX_DIR = search_index


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes the database connection after each request, as Django's test client
    stops it from doing: the test's transaction must stay open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def with_valid_stamp(case) -> None:
    """Solve the stamp for a generated submission whose client key is a UUID."""
    body = case.body
    if not isinstance(body, dict) or "stamp" not in body:
        return
    try:
        key = uuid.UUID(str(body.get("client_key")))
    except ValueError:
        return
    body["stamp"] = solve_stamp(key)


@pytest.mark.django_db
@pytest.mark.usefixtures("api_ready", "keep_test_connection")
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    database=None,  # no example database kept between runs
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_server_error(case):
    cache.clear()  # the throttles count in the cache; fuzzing is one client sending many requests
    with_valid_stamp(case)
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code < 500
    if response.status_code >= 400:
        # Every refusal says why in Vietnamese, in the API's error shape.
        assert isinstance(response.json().get("detail"), str), response.text
