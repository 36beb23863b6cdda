"""POST /api/v1/questions: stores valid questions, refuses bad input with Vietnamese 4xx."""

import json
import uuid

import pytest
from rest_framework.test import APIClient

from cms.api.abuse import solve_stamp
from cms.qa.models import Question

URL = "/api/v1/questions"
VIETNAMESE_MARKS = set("ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵéèẻẽẹóòỏõọ")


@pytest.fixture
def client():
    return APIClient()


def post_raw(client, body: bytes | str, content_type="application/json"):
    return client.generic("POST", URL, body, content_type=content_type)


def valid(**extra) -> dict:
    key = str(uuid.uuid4())
    return {
        "client_key": key,
        "stamp": solve_stamp(key),
        "body": "Thủ tục cấp giấy phép xây dựng mất bao lâu?",
        **extra,
    }


def is_vietnamese(text: str) -> bool:
    return any(ch in VIETNAMESE_MARKS for ch in text.lower())


@pytest.mark.django_db
def test_valid_question_is_stored_with_tracking_code(client):
    payload = valid(name="Nguyễn Văn A", email="a@example.vn")
    response = client.post(URL, payload, format="json", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 201
    code = response.json()["tracking_code"]
    question = Question.objects.get(tracking_code=code)
    assert question.body == payload["body"]
    assert question.status == Question.Status.NEW
    assert question.ip_hash and "203.0.113.7" not in question.ip_hash
    assert "name" not in response.json() and "email" not in response.json()
    assert not response.cookies


@pytest.mark.django_db
def test_same_client_key_twice_gives_one_record(client):
    payload = valid()
    first = client.post(URL, payload, format="json")
    second = client.post(URL, payload, format="json")
    assert first.status_code == second.status_code == 201
    assert first.json()["tracking_code"] == second.json()["tracking_code"]
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_replayed_key_with_other_body_is_a_conflict(client):
    payload = valid()
    client.post(URL, payload, format="json")
    response = client.post(URL, {**payload, "body": "Một câu hỏi hoàn toàn khác trước."}, format="json")
    assert response.status_code == 409
    assert is_vietnamese(response.json()["detail"])
    assert Question.objects.count() == 1


@pytest.mark.django_db
def test_decomposed_text_is_stored_as_nfc(client):
    import unicodedata

    body = unicodedata.normalize("NFD", "Hỏi về cải cách hành chính ở xã")
    response = client.post(URL, valid(body=body), format="json")
    assert response.status_code == 201
    assert Question.objects.get().body == unicodedata.normalize("NFC", body)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type", "status", "field"),
    [
        ("{not json", "application/json", 400, None),
        (b"\xff\xfe{}", "application/json", 400, None),
        ("[1, 2]", "application/json", 400, "non_field_errors"),
        ('"text"', "application/json", 400, "non_field_errors"),
        ("null", "application/json", 400, "non_field_errors"),
        ("{}", "application/json", 400, "body"),
        (json.dumps({"client_key": str(uuid.uuid4())}), "application/json", 400, "body"),
        (json.dumps({"body": "Câu hỏi đủ dài để hợp lệ"}), "application/json", 400, "client_key"),
        (
            json.dumps({"client_key": "abc", "body": "Câu hỏi đủ dài để hợp lệ"}),
            "application/json",
            400,
            "client_key",
        ),
        (json.dumps(valid(body="ngắn")), "application/json", 400, "body"),
        (json.dumps(valid(body="x" * 5001)), "application/json", 400, "body"),
        (json.dumps(valid(body=12345678901)), "application/json", 400, "body"),
        (json.dumps(valid(email="không-phải-email")), "application/json", 400, "email"),
        (json.dumps(valid(body="Câu hỏi có ký tự \u0000 rỗng")), "application/json", 400, "body"),
        (
            f'{{"client_key": "{uuid.uuid4()}", "body": "lỗi \\ud800 thay thế"}}',
            "application/json",
            400,
            "body",
        ),
        (json.dumps(valid(body="y" * 70_000)), "application/json", 413, None),
        ("body=Xin+ch%C3%A0o", "application/x-www-form-urlencoded", 415, None),
        ("<q>hello</q>", "text/xml", 415, None),
    ],
)
def test_bad_input_gets_vietnamese_4xx(client, body, content_type, status, field):
    response = post_raw(client, body, content_type)
    assert response.status_code == status
    data = response.json()
    assert is_vietnamese(data["detail"]), data
    if field:
        assert field in data["errors"]
        assert all(is_vietnamese(msg) for msg in data["errors"][field]), data["errors"]
    assert Question.objects.count() == 0


@pytest.mark.django_db
def test_script_payload_is_stored_as_text(client):
    body = '<script>alert("x")</script> Hỏi về thủ tục?'
    response = client.post(URL, valid(body=body), format="json")
    assert response.status_code == 201
    assert Question.objects.get().body == body


@pytest.mark.django_db
def test_wrong_method_is_vietnamese_405(client):
    response = client.get(URL)
    assert response.status_code == 405
    assert is_vietnamese(response.json()["detail"])


@pytest.mark.django_db
def test_cors_allows_only_the_site_origin(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["http://127.0.0.1:8080"]
    ok = client.options(URL, HTTP_ORIGIN="http://127.0.0.1:8080", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    other = client.options(URL, HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert ok["Access-Control-Allow-Origin"] == "http://127.0.0.1:8080"
    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Credentials" not in ok


@pytest.mark.django_db
def test_throttle_answers_vietnamese_429(client, monkeypatch, settings):
    from django.core.cache import cache

    cache.clear()
    rates = {"submit": "2/min", "submit_form": "9/min"}
    monkeypatch.setitem(settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES", rates)
    try:
        codes = [client.post(URL, valid(), format="json").status_code for _ in range(3)]
        assert codes == [201, 201, 429]
        assert is_vietnamese(client.post(URL, valid(), format="json").json()["detail"])
        assert Question.objects.count() == 2
    finally:
        cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("stamp", [None, "", "123", "1:zz"])
def test_missing_or_bad_stamp_is_refused_in_vietnamese(client, stamp):
    payload = valid()
    if stamp is None:
        del payload["stamp"]
    else:
        payload["stamp"] = stamp
    response = client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert is_vietnamese(response.json()["errors"]["stamp"][0])
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_honeypot_question_is_answered_but_stored_as_spam(client):
    response = client.post(URL, valid(website="http://quang-cao.example"), format="json")
    assert response.status_code == 201
    assert Question.objects.get().status == Question.Status.SPAM


@pytest.mark.django_db
def test_near_identical_questions_are_flagged_with_the_earlier_ones(client, settings):
    settings.CCHC_DUPLICATE_THRESHOLD = 3
    texts = [
        "Xin hỏi thủ tục cấp hộ chiếu?",
        "xin hoi thu tuc cap ho chieu",
        "XIN HỎI: thủ tục cấp hộ chiếu!!",
    ]
    for i, text in enumerate(texts):
        client.post(URL, valid(body=text), format="json", REMOTE_ADDR=f"198.51.100.{i}")
        client.post(
            URL, valid(body=f"Câu hỏi khác số {i} về đất đai"), format="json", REMOTE_ADDR="198.51.100.9"
        )
    flagged = set(Question.objects.filter(flagged=True).values_list("body", flat=True))
    assert flagged == set(texts)


@pytest.mark.django_db
def test_many_questions_from_one_source_are_flagged(client, settings):
    settings.CCHC_SAME_SOURCE_THRESHOLD = 3
    for i in range(4):
        client.post(
            URL, valid(body=f"Câu hỏi riêng biệt số {i} về thủ tục"), format="json", REMOTE_ADDR="192.0.2.5"
        )
    client.post(URL, valid(body="Câu hỏi của một người khác hẳn"), format="json", REMOTE_ADDR="192.0.2.6")
    assert list(Question.objects.order_by("created_at", "pk").values_list("flagged", flat=True)) == [
        False,
        False,
        True,
        True,
        False,
    ]
