"""Survey answers on the fast path: the same answers and rows as the full DRF path, one statement."""

import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.api.abuse import solve_stamp
from cms.surveys.models import SurveyResponse
from cms.surveys.services import survey_definition, survey_definitions_clear
from tests.cms.surveys.survey_data import by_kind, good_answers, survey_make

pytestmark = pytest.mark.django_db
VOLATILE = {"id", "tracking_code", "created_at"}


def url(page) -> str:
    return f"/api/v1/surveys/{page.pk}/responses"


def payload(answers, key: uuid.UUID | None = None, **fields) -> dict:
    key = key or uuid.uuid4()
    return {"client_key": str(key), "answers": answers, "stamp": solve_stamp(key), **fields}


def scenario(client, page, closed) -> list[tuple]:
    cache.clear()
    q = by_kind(page)
    keys = [uuid.UUID(int=n, version=4) for n in range(1, 12)]
    note = "Cần hướng dẫn rõ hơn về thủ tục thanh toán trực tuyến."
    requests = [
        (page, payload(good_answers(page), keys[0], province="01")),
        (page, payload(good_answers(page, long_text="Cafe\u0301 " + note), keys[1])),
        (page, payload(good_answers(page), keys[0], province="01")),  # replay
        (page, payload(good_answers(page, scale=5), keys[0], province="01")),  # replay, other answers: 409
        (page, payload({**good_answers(page), "khong-co": "x"}, keys[2])),  # unknown question: 400
        (page, payload({q["scale"].id: 3}, keys[3])),  # a required question skipped: 400
        (page, payload(good_answers(page), keys[4], province="99")),  # unknown province: 400
        (page, payload(good_answers(page), keys[5], website="x")),  # honeypot: stored as spam
        (closed, payload(good_answers(closed), keys[6])),  # closed: 409
        # The third near-identical text flags all three.
        (page, payload(good_answers(page, long_text=note.upper()), keys[7])),
        (page, payload(good_answers(page, long_text=note + "!!"), keys[8])),
        (
            page,
            payload(
                good_answers(page, multiple=[q["multiple"].choices[2][0], q["multiple"].choices[0][0]]),
                keys[9],
            ),
        ),
    ]
    seen, codes = [], {}
    for target, data in requests:
        response = client.post(url(target), data, content_type="application/json")
        answer = response.json()
        if "tracking_code" in answer:
            answer["tracking_code"] = codes.setdefault(answer["tracking_code"], f"code-{len(codes)}")
        headers = {k: v for k, v in response.headers.items() if k != "Content-Length"}
        seen.append((response.status_code, answer, headers))
    return seen


def stored() -> list[dict]:
    rows = SurveyResponse.objects.order_by("created_at", "id").values()
    return [{k: v for k, v in row.items() if k not in VOLATILE} for row in rows]


def test_fast_and_full_paths_answer_and_store_the_same(client, settings):
    page = survey_make()
    closed = survey_make(slug="da-dong", opens_in=-timedelta(days=9), closes_in=-timedelta(days=1))
    settings.CCHC_API_FAST_PATH = False
    full = scenario(client, page, closed)
    full_rows = stored()
    SurveyResponse.objects.all().delete()
    settings.CCHC_API_FAST_PATH = True
    fast = scenario(client, page, closed)
    assert fast == full
    assert stored() == full_rows
    assert [s for s, _, _ in full] == [201, 201, 201, 409, 400, 400, 400, 201, 409, 201, 201, 201]
    assert full_rows[1]["answers"][by_kind(page)["long_text"].id].startswith("Café ")  # NFC
    assert full_rows[0]["province_id"] is not None and full_rows[2]["is_spam"]
    # Fingerprints cover every text answer: the three rows whose only text is "Kỹ sư" (the spam one
    # too) are flagged when the third arrives; two texts alike are not enough.
    assert [row["flagged"] for row in full_rows] == [True, False, True, False, False, True]
    q = by_kind(page)
    # Multiple choices stored in the survey's order, whichever order they were sent in.
    assert full_rows[-1]["answers"][q["multiple"].id] == [
        q["multiple"].choices[0][0],
        q["multiple"].choices[2][0],
    ]


def test_an_ordinary_response_costs_one_statement_once_the_survey_is_known(client, settings):
    settings.CCHC_API_FAST_PATH = True
    settings.CCHC_SURVEY_CACHE_SECONDS = 30
    survey_definitions_clear()
    page = survey_make()
    cache.clear()
    assert (
        client.post(url(page), payload(good_answers(page)), content_type="application/json").status_code
        == 201
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url(page), payload(good_answers(page)), content_type="application/json")
    assert response.status_code == 201 and len(queries) == 1
    survey_definitions_clear()


def test_a_saved_survey_is_read_again(settings):
    settings.CCHC_SURVEY_CACHE_SECONDS = 30
    survey_definitions_clear()
    page = survey_make()
    assert survey_definition(page.pk).closes_at == page.closes_at
    page.closes_at = timezone.now() - timedelta(minutes=1)
    page.save_revision().publish()
    assert survey_definition(page.pk).closes_at == page.closes_at
    page.unpublish()
    assert survey_definition(page.pk) is None
    survey_definitions_clear()
