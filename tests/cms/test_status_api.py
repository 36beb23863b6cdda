"""GET /api/v1/status/<code>: a submission's state and published answer, never personal data."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from cms.api import status as status_api
from cms.consultations.models import ConsultationPage, Opinion
from cms.core.services import home_page_ensure
from cms.qa.models import Question, QuestionIndexPage, QuestionPage
from cms.units.selectors import unit_get
from tests.cms.consultations.opinion_data import consultation_open

PERSONAL = ("Nguyễn Văn A", "nguoidan@example.vn", "0912345678", "203.0.113.7")
QUESTION_BODY = "Xin hỏi thời hạn giải quyết thủ tục đăng ký khai sinh là bao lâu?"
OPINION_BODY = "Đề nghị bổ sung quy định về thời hạn công bố kết quả đo lường."


@pytest.fixture
def client():
    cache.clear()  # the throttle's counters
    return APIClient()


def get(client, code: str):
    return client.get(f"/api/v1/status/{code}", REMOTE_ADDR="203.0.113.7")


def question_make(**extra) -> Question:
    return Question.objects.create(
        client_key=uuid.uuid4(), body=QUESTION_BODY, name=PERSONAL[0], email=PERSONAL[1], **extra
    )


def opinion_make(page: ConsultationPage, **extra) -> Opinion:
    article = page.draft_articles()[0]
    return Opinion.objects.create(
        consultation=page,
        article_id=article.id,
        article_label=article.label,
        client_key=uuid.uuid4(),
        body=OPINION_BODY,
        name=PERSONAL[0],
        email=PERSONAL[1],
        phone=PERSONAL[2],
        **extra,
    )


def publish_answer(question: Question) -> QuestionPage:
    home = home_page_ensure()
    index = home.add_child(instance=QuestionIndexPage(title="Hỏi – đáp", slug="hoi-dap"))
    page = index.add_child(
        instance=QuestionPage(
            title="Thời hạn đăng ký khai sinh",
            slug="thoi-han-khai-sinh",
            question="Thời hạn giải quyết thủ tục đăng ký khai sinh?",
            asked_on=date(2026, 1, 2),
            answer="<p>Ngay trong ngày &amp; không mất phí.</p><p>Theo Luật Hộ tịch.</p>",
            answering_unit=unit_get(code="BNV"),
            answered_on=date(2026, 1, 9),
            source_question=question,
        )
    )
    question.status = Question.Status.ANSWERED
    question.save()
    return page


def assert_no_personal_data(response) -> None:
    text = response.content.decode()
    for value in (*PERSONAL, QUESTION_BODY, OPINION_BODY, "client_key", "ip_hash"):
        assert value not in text
    assert not response.cookies


@pytest.mark.django_db
def test_new_question_shows_its_state_only(client):
    question = question_make()
    response = get(client, question.tracking_code)
    assert response.status_code == 200
    assert response.json() == {
        "code": question.tracking_code,
        "kind": "question",
        "status": "new",
        "status_label": "Chờ duyệt",
        "submitted_on": timezone.localdate(question.created_at).isoformat(),
        "answer": None,
    }
    assert_no_personal_data(response)


@pytest.mark.django_db
def test_answered_question_links_to_its_published_page(client):
    question = question_make()
    page = publish_answer(question)
    body = get(client, question.tracking_code.lower()).json()
    assert (body["status"], body["status_label"]) == ("answered", "Đã trả lời")
    assert body["answer"] == {
        "text": "Ngay trong ngày & không mất phí.\nTheo Luật Hộ tịch.",
        "url": f"/hoi-dap/{page.slug}/",
    }


@pytest.mark.django_db
def test_unpublished_answer_is_not_shown(client):
    question = question_make()
    page = publish_answer(question)
    page.unpublish()
    assert get(client, question.tracking_code).json()["answer"] is None


@pytest.mark.django_db
def test_spam_looks_like_waiting(client):
    """A robot that filled the trap must not learn it: spam reads as waiting for moderation."""
    question = question_make(status=Question.Status.SPAM)
    body = get(client, question.tracking_code).json()
    assert (body["status"], body["status_label"]) == ("new", "Chờ duyệt")


@pytest.mark.django_db
def test_opinion_response_shows_once_the_outcome_is_published(client):
    page = consultation_open()
    opinion = opinion_make(page, status=Opinion.Status.APPROVED, response="Tiếp thu, bổ sung vào khoản 2.")
    body = get(client, opinion.tracking_code).json()
    assert (body["kind"], body["status"], body["status_label"]) == ("opinion", "approved", "Đã duyệt")
    assert body["subject"] == f"{page.title} – {page.draft_articles()[0].label}"
    assert body["answer"] is None  # still open: no outcome yet
    page.closes_at = timezone.now() - timedelta(minutes=1)
    page.opens_at = page.closes_at - timedelta(days=5)
    page.save()
    assert get(client, opinion.tracking_code).json()["answer"] is None  # closed, no report yet
    page.outcome_report = "<p>Báo cáo tiếp thu, giải trình.</p>"
    page.save()
    response = get(client, opinion.tracking_code)
    assert response.json()["answer"] == {
        "text": "Tiếp thu, bổ sung vào khoản 2.",
        "url": f"/lay-y-kien/{page.slug}/",
    }
    assert_no_personal_data(response)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["HD-1234", "HD-ABCDEFGI", "xx", "HD_ABCDEFGH", "H" * 300, "HD-ABCDEFGH1"])
def test_malformed_code_is_400_in_vietnamese(client, code):
    response = get(client, code)
    assert response.status_code == 400
    assert response.json()["errors"]["code"] == [status_api.MALFORMED]
    assert "Dữ liệu chưa hợp lệ" in response.json()["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["HD-ABCDEFGH", "GY-ABCDEFGH", "ZZ-ABCDEFGH"])
def test_unknown_code_is_404_in_vietnamese(client, code):
    question_make()
    response = get(client, code)
    assert response.status_code == 404
    assert response.json() == {"detail": status_api.SubmissionMissing.default_detail}


@pytest.mark.django_db
def test_a_new_kind_registers_with_one_line(client, monkeypatch):
    monkeypatch.setattr(status_api, "SOURCES", dict(status_api.SOURCES))
    status_api.status_source("KS")(
        lambda code: (
            {"kind": "survey", "status": "new", "status_label": "Đã ghi nhận"}
            | {"submitted_on": date(2026, 3, 1), "answer": None}
        )
    )
    assert get(client, "KS-ABCDEFGH").json()["kind"] == "survey"
    assert get(client, "XY-ABCDEFGH").status_code == 404


@pytest.mark.django_db
def test_lookups_are_throttled_per_client(client, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    # DRF reads the rates once, into the class; the production default is 60/min.
    monkeypatch.setattr(
        ScopedRateThrottle, "THROTTLE_RATES", {**ScopedRateThrottle.THROTTLE_RATES, "status": "3/min"}
    )
    codes = [get(client, "HD-ABCDEFGH").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    assert "quá nhiều yêu cầu" in get(client, "HD-ABCDEFGH").json()["detail"]
    other = client.get("/api/v1/status/HD-ABCDEFGH", REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 404


@pytest.mark.django_db
def test_only_get_is_allowed(client):
    response = client.post("/api/v1/status/HD-ABCDEFGH", {}, format="json")
    assert response.status_code == 405
    assert response.json()["detail"] == "Phương thức này không được hỗ trợ."
