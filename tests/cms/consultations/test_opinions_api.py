"""POST /api/v1/consultations/<id>/opinions: one article per opinion, only while the draft is open."""

import json
import unicodedata
import uuid
from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from cms.api.abuse import solve_stamp
from cms.consultations.models import Opinion
from tests.cms.consultations.opinion_data import consultation_make, consultation_open

VIETNAMESE_MARKS = set("ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợúùủũụứừửữựíìỉĩịýỳỷỹỵéèẻẽẹóòỏõọ")
BODY = "Đề nghị làm rõ phạm vi áp dụng đối với cấp xã sau sắp xếp."


@pytest.fixture
def consultation(db):
    return consultation_open()


@pytest.fixture
def client():
    return APIClient()


def url(page) -> str:
    return f"/api/v1/consultations/{page.pk}/opinions"


def first_article(page):
    return page.draft_articles()[0]


def valid(page, **extra) -> dict:
    key = str(uuid.uuid4())
    return {
        "client_key": key,
        "stamp": solve_stamp(key),
        "article_id": first_article(page).id,
        "body": BODY,
        **extra,
    }


def is_vietnamese(text: str) -> bool:
    return any(ch in VIETNAMESE_MARKS for ch in text.lower())


@pytest.mark.django_db
def test_opinion_is_stored_with_tracking_code(client, consultation):
    payload = valid(consultation, name="Trần Thị B", email="b@example.vn", phone="0912 345 678")
    response = client.post(url(consultation), payload, format="json", REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 201
    assert set(response.json()) == {"tracking_code"}
    opinion = Opinion.objects.get(tracking_code=response.json()["tracking_code"])
    assert opinion.tracking_code.startswith("GY-")
    assert opinion.consultation_id == consultation.pk
    assert (opinion.article_id, opinion.clause_id) == (payload["article_id"], "")
    assert opinion.article_label == "Điều 1. Phạm vi điều chỉnh"
    assert (opinion.body, opinion.name, opinion.email, opinion.phone) == (
        BODY,
        "Trần Thị B",
        "b@example.vn",
        "0912 345 678",
    )
    assert opinion.status == Opinion.Status.NEW
    assert len(opinion.ip_hash) == 64 and "203.0.113.9" not in opinion.ip_hash
    assert not response.cookies


@pytest.mark.django_db
def test_opinion_on_a_clause_points_at_its_article(client, consultation):
    article = first_article(consultation)
    response = client.post(
        url(consultation), valid(consultation, clause_id=article.clause_ids[1]), format="json"
    )
    assert response.status_code == 201
    opinion = Opinion.objects.get()
    assert (opinion.article_id, opinion.clause_id) == (article.id, f"{article.id}-k2")
    assert opinion.article_label == "Khoản 2, Điều 1. Phạm vi điều chỉnh"


@pytest.mark.django_db
def test_same_key_and_body_gives_one_record(client, consultation):
    payload = valid(consultation)
    first = client.post(url(consultation), payload, format="json")
    second = client.post(url(consultation), payload, format="json")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Opinion.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"body": "Một góp ý hoàn toàn khác trước đó."},
        {"clause_id": "khac"},
        {"article_id": "khac"},
    ],
)
def test_same_key_with_other_opinion_is_a_conflict(client, consultation, change):
    payload = valid(consultation)
    assert client.post(url(consultation), payload, format="json").status_code == 201
    response = client.post(url(consultation), {**payload, **change}, format="json")
    assert response.status_code == 409
    assert "client_key" in response.json()["detail"] and is_vietnamese(response.json()["detail"])
    assert Opinion.objects.count() == 1


@pytest.mark.django_db
def test_replay_after_closing_still_gets_its_tracking_code(client, consultation):
    """An outbox may retry after the deadline: the opinion was accepted, so the answer stays."""
    payload = valid(consultation)
    code = client.post(url(consultation), payload, format="json").json()["tracking_code"]
    consultation.closes_at = consultation.opens_at + timedelta(seconds=1)
    consultation.save()
    response = client.post(url(consultation), payload, format="json")
    assert response.status_code == 201 and response.json()["tracking_code"] == code
    assert client.post(url(consultation), valid(consultation), format="json").status_code == 409


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("opens_in", "closes_in", "message"),
    [
        (timedelta(days=2), timedelta(days=30), "Dự thảo chưa mở lấy ý kiến."),
        (-timedelta(days=30), -timedelta(minutes=1), "Dự thảo đã hết thời gian lấy ý kiến."),
    ],
)
def test_consultation_not_open_is_409(client, db, opens_in, closes_in, message):
    page = consultation_make(opens_in=opens_in, closes_in=closes_in)
    response = client.post(url(page), valid(page), format="json")
    assert response.status_code == 409
    assert response.json()["detail"].startswith(message)
    assert Opinion.objects.count() == 0


@pytest.mark.django_db
def test_unknown_or_unpublished_consultation_is_404(client, consultation):
    section = consultation.get_parent()
    draft_only = consultation_make(opens_in=-timedelta(days=1), closes_in=timedelta(days=3), slug="nhap")
    draft_only.unpublish()
    for path in (
        f"/api/v1/consultations/{consultation.pk + 1000}/opinions",
        f"/api/v1/consultations/{section.pk}/opinions",  # a page, but not a consultation
        f"/api/v1/consultations/{draft_only.pk}/opinions",
        "/api/v1/consultations/0/opinions",
        "/api/v1/consultations/99999999999999999999/opinions",
    ):
        response = client.post(path, valid(consultation), format="json")
        assert response.status_code == 404, path
        assert response.json()["detail"] == "Không tìm thấy dự thảo lấy ý kiến này."
    assert Opinion.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"article_id": "khong-co"}, "article_id", "Điều này không có trong dự thảo."),
        ({"clause_id": "khong-co"}, "clause_id", "Khoản này không thuộc điều được góp ý."),
    ],
)
def test_unknown_article_or_clause_is_400(client, consultation, change, field, message):
    response = client.post(url(consultation), valid(consultation, **change), format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {field: [message]}
    assert Opinion.objects.count() == 0


@pytest.mark.django_db
def test_clause_of_another_article_is_400(client, consultation):
    first, second = consultation.draft_articles()[:2]
    payload = valid(consultation, article_id=second.id, clause_id=first.clause_ids[0])
    response = client.post(url(consultation), payload, format="json")
    assert response.status_code == 400 and "clause_id" in response.json()["errors"]


def _bad_inputs():
    key = str(uuid.uuid4())
    ok = {"client_key": key, "stamp": solve_stamp(key), "article_id": "ARTICLE", "body": BODY}
    return [
        ("{not json", 400, None),
        (b"\xff\xfe{}", 400, None),
        ("[1, 2]", 400, "non_field_errors"),
        ("null", 400, "non_field_errors"),
        ("{}", 400, "body"),
        (json.dumps({**ok, "client_key": "abc"}), 400, "client_key"),
        (json.dumps({k: v for k, v in ok.items() if k != "article_id"}), 400, "article_id"),
        (json.dumps({**ok, "article_id": 5}), 400, "article_id"),
        (json.dumps({**ok, "article_id": ["x"]}), 400, "article_id"),
        (json.dumps({**ok, "body": ""}), 400, "body"),
        (json.dumps({**ok, "body": "   "}), 400, "body"),
        (json.dumps({**ok, "body": "ngắn"}), 400, "body"),
        (json.dumps({**ok, "body": "x" * 5001}), 400, "body"),
        (json.dumps({**ok, "body": 12345678901}), 400, "body"),
        (json.dumps({**ok, "body": {"a": 1}}), 400, "body"),
        (json.dumps({**ok, "body": "Góp ý có ký tự \u0000 rỗng"}), 400, "body"),
        (json.dumps({**ok, "email": "không-phải-email"}), 400, "email"),
        (json.dumps({**ok, "phone": "gọi tôi nhé"}), 400, "phone"),
        (json.dumps({**ok, "name": True}), 400, "name"),
        (json.dumps({**ok, "body": "y" * 70_000}), 413, None),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "status", "field"), _bad_inputs())
def test_bad_input_gets_vietnamese_4xx(client, consultation, body, status, field):
    if isinstance(body, str):
        body = body.replace("ARTICLE", first_article(consultation).id)
    response = client.generic("POST", url(consultation), body, content_type="application/json")
    assert response.status_code == status
    data = response.json()
    assert is_vietnamese(data["detail"]), data
    if field:
        assert field in data["errors"], data
        assert all(is_vietnamese(msg) for msg in data["errors"][field]), data["errors"]
    assert Opinion.objects.count() == 0


@pytest.mark.django_db
def test_form_encoded_body_is_415(client, consultation):
    response = client.generic(
        "POST", url(consultation), "body=G%C3%B3p+%C3%BD", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415 and is_vietnamese(response.json()["detail"])


@pytest.mark.django_db
def test_html_payload_is_stored_as_text_and_nfc(client, consultation):
    body = unicodedata.normalize("NFD", '<script>alert("x")</script> <b>Góp ý</b> về Điều 1')
    response = client.post(url(consultation), valid(consultation, body=body), format="json")
    assert response.status_code == 201
    assert Opinion.objects.get().body == unicodedata.normalize("NFC", body)


@pytest.mark.django_db
def test_filled_honeypot_is_answered_alike_and_kept_as_spam(client, consultation):
    response = client.post(
        url(consultation), valid(consultation, website="http://spam.example"), format="json"
    )
    assert response.status_code == 201 and set(response.json()) == {"tracking_code"}
    assert Opinion.objects.get().status == Opinion.Status.SPAM


@pytest.mark.django_db
def test_wrong_method_is_vietnamese_405(client, consultation):
    response = client.get(url(consultation))
    assert response.status_code == 405 and is_vietnamese(response.json()["detail"])


@pytest.mark.django_db
def test_throttled_per_client_per_draft(client, consultation, monkeypatch, settings):
    from django.core.cache import cache

    cache.clear()
    rates = {"submit": "9/min", "submit_form": "2/min"}
    monkeypatch.setitem(settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES", rates)
    try:
        codes = [
            client.post(url(consultation), valid(consultation), format="json").status_code for _ in range(3)
        ]
        assert codes == [201, 201, 429]
        assert Opinion.objects.count() == 2
    finally:
        cache.clear()


@pytest.mark.django_db
def test_schema_documents_the_endpoint(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/consultations/{page_id}/opinions"]["post"]
    assert set(operation["responses"]) >= {"201", "400", "404", "409"}
    assert "OpinionSubmitInput" in schema["components"]["schemas"]


@pytest.mark.django_db
def test_a_concurrent_twin_gets_the_winners_record(consultation, monkeypatch):
    """Two requests with one key race past the first lookup: the loser answers with the winner's row."""
    from cms.consultations import services

    payload = valid(consultation)
    del payload["stamp"]
    key = uuid.UUID(payload["client_key"])
    winner = services.opinion_submit(consultation_id=consultation.pk, **{**payload, "client_key": key})
    real = services._replayed
    calls = []

    def late(client_key, **sent):  # the first lookup ran before the winner committed
        calls.append(client_key)
        return None if len(calls) == 1 else real(client_key, **sent)

    monkeypatch.setattr(services, "_replayed", late)
    twin = services.opinion_submit(consultation_id=consultation.pk, **{**payload, "client_key": key})
    assert twin.pk == winner.pk and len(calls) == 2
    assert Opinion.objects.count() == 1
