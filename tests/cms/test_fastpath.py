"""The fast path for ordinary submissions answers and stores exactly what the full DRF path does."""

import json
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.api.abuse import solve_stamp
from cms.qa.models import Question

URL = "/api/v1/questions"
BODY = "Thủ tục cấp giấy phép xây dựng nhà ở riêng lẻ mất bao nhiêu ngày làm việc?"
# Columns that differ between two runs by nature: ids, random codes, clocks.
VOLATILE = {"id", "tracking_code", "created_at", "updated_at"}
ORIGIN = "http://127.0.0.1:8080"


def payload(key: uuid.UUID | None = None, **fields) -> dict:
    key = key or uuid.uuid4()
    return {"client_key": str(key), "body": BODY, "stamp": solve_stamp(key), **fields}


def post(client, data, **extra):
    return client.post(URL, data, content_type="application/json", HTTP_ORIGIN=ORIGIN, **extra)


def scenario(client) -> list[tuple]:
    """A run of ordinary and unusual submissions: what the client saw, per request."""
    cache.clear()
    keys = [uuid.UUID(int=n, version=4) for n in range(1, 9)]
    requests = [
        payload(keys[0]),
        payload(
            keys[1], name="Nguyễn Văn A", email="a@example.vn", body="Cafe\u0301 có mở cửa thứ bảy không ạ?"
        ),
        payload(keys[0]),  # replay: same answer, no new row
        payload(keys[0], body="Một câu hỏi khác hẳn câu trước đó."),  # replay, other body: 409
        payload(keys[2], website="http://spam.example"),  # honeypot: stored as spam
        {**payload(keys[3]), "stamp": "1:zz"},  # bad stamp: 400
        {**payload(keys[3]), "body": 12345678901},  # wrong type: 400
        {**payload(keys[3]), "extra": "x"},  # unknown field: ignored by the serializer
        payload(keys[4], body=BODY.upper()),  # near-identical texts: the third flags all three
        payload(keys[5], body=BODY + "!!"),
        payload(keys[6], body="  " + BODY.replace(" ", "  ") + "  "),
        payload(keys[7], email="không-phải-thư"),  # bad e-mail: 400
    ]
    seen = []
    codes: dict[str, str] = {}
    for data in requests:
        response = post(client, data)
        answer = response.json()
        if "tracking_code" in answer:
            # The same request gets the same code; codes themselves are random.
            answer["tracking_code"] = codes.setdefault(answer["tracking_code"], f"code-{len(codes)}")
        headers = {k: v for k, v in response.headers.items() if k != "Content-Length"}
        seen.append((response.status_code, answer, headers))
    return seen


def stored() -> list[dict]:
    return [
        {k: v for k, v in row.items() if k not in VOLATILE}
        for row in Question.objects.order_by("created_at", "id").values()
    ]


@pytest.mark.django_db
def test_fast_and_full_paths_answer_and_store_the_same(client, settings):
    settings.CCHC_API_FAST_PATH = False
    full = scenario(client)
    full_rows = stored()
    Question.objects.all().delete()
    settings.CCHC_API_FAST_PATH = True
    fast = scenario(client)
    assert fast == full
    assert stored() == full_rows
    assert [status for status, _, _ in fast] == [201, 201, 201, 409, 201, 400, 400, 201, 201, 201, 201, 400]
    assert [row["flagged"] for row in full_rows[-3:]] == [True, True, True]
    assert full_rows[1]["body"] == "Café có mở cửa thứ bảy không ạ?"  # stored as NFC
    assert full_rows[1]["name"] == "Nguyễn Văn A" and full_rows[2]["status"] == "spam"


@pytest.mark.django_db
def test_an_ordinary_question_costs_one_statement(client, settings):
    settings.CCHC_API_FAST_PATH = True
    cache.clear()
    with CaptureQueriesContext(connection) as fast:
        assert post(client, payload()).status_code == 201
    settings.CCHC_API_FAST_PATH = False
    with CaptureQueriesContext(connection) as full:
        assert post(client, payload()).status_code == 201
    assert len(fast) == 1 and fast[0]["sql"].lstrip().upper().startswith("WITH")
    assert len(full) > 1
    assert Question.objects.count() == 2


@pytest.mark.django_db
def test_a_throttled_client_gets_the_full_paths_429(client, settings):
    settings.CCHC_API_FAST_PATH = True
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "submit_form": "2/min",
        },
    }
    cache.clear()
    codes = [post(client, payload(body=f"{BODY} Lần {n}.")).status_code for n in range(3)]
    assert codes == [201, 201, 429]
    assert "quá nhiều yêu cầu" in post(client, payload()).json()["detail"]
    assert Question.objects.count() == 2
    cache.clear()


def wsgi_call(handler, data: dict) -> tuple[int, dict, dict]:
    """One request through a WSGI handler, as gunicorn makes it."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    environ = RequestFactory().post(URL, data, content_type="application/json", HTTP_ORIGIN=ORIGIN).environ
    seen = {}
    # Like Django's test client: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(handler(environ, lambda status, headers: seen.update(status=status, headers=headers)))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    headers = {k: v for k, v in seen["headers"] if k != "Content-Length"}
    return int(seen["status"].split()[0]), json.loads(body), headers


@pytest.mark.django_db
def test_the_wsgi_handler_answers_ordinary_questions_before_url_resolution(settings):
    from cms.api.fastpath import FastPathHandler

    cache.clear()
    handler = FastPathHandler()
    settings.CCHC_API_FAST_PATH = True
    first = payload()
    with CaptureQueriesContext(connection) as fast:
        status, answer, headers = wsgi_call(handler, first)
    assert status == 201 and answer["status"] == "new" and len(fast) == 1
    # A replay goes on to the full path, which answers with the first record.
    assert wsgi_call(handler, first) == (201, answer, headers)
    settings.CCHC_API_FAST_PATH = False
    full_status, full, full_headers = wsgi_call(handler, payload())
    assert full_status == 201 and full_headers == headers and full.keys() == answer.keys()
    assert Question.objects.count() == 2


@pytest.mark.django_db
def test_a_request_tried_on_both_paths_is_counted_once(settings):
    from cms.api.fastpath import FastPathHandler

    settings.CCHC_API_FAST_PATH = True
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "submit_form": "2/min"},
    }
    cache.clear()
    handler = FastPathHandler()
    first = payload()
    # The replay is counted by the fast path, then answered by the full path without counting again.
    statuses = [wsgi_call(handler, data)[0] for data in (first, first, payload())]
    assert statuses == [201, 201, 429]
    cache.clear()
