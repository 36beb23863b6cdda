"""Questions reach the Wagtail admin for moderation, and the admin speaks Vietnamese."""

import uuid

import pytest

from cms.qa.models import Question


@pytest.mark.django_db
def test_submitted_question_is_listed_for_moderation(admin_client):
    question = Question.objects.create(
        client_key=uuid.uuid4(), body="Hỏi về dịch vụ công trực tuyến mức độ 4"
    )
    listing = admin_client.get("/admin/snippets/qa/question/")
    assert listing.status_code == 200
    assert question.tracking_code in listing.content.decode()
    edit = admin_client.get(f"/admin/snippets/qa/question/edit/{question.pk}/")
    assert edit.status_code == 200
    assert "Người hỏi (không công bố)" in edit.content.decode()


@pytest.mark.django_db
def test_moderator_can_approve(admin_client):
    question = Question.objects.create(client_key=uuid.uuid4(), body="Hỏi về thủ tục cấp hộ chiếu")
    response = admin_client.post(
        f"/admin/snippets/qa/question/edit/{question.pk}/",
        {"status": "approved", "body": question.body, "name": "", "email": "", "answer": ""},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.APPROVED


@pytest.mark.django_db
def test_admin_is_vietnamese(admin_client):
    import json

    html = admin_client.get("/admin/").content.decode()
    assert '<html lang="vi"' in html
    assert "<title>Trang tổng quan" in html
    # The sidebar menu is JSON for Wagtail's JavaScript, so its labels are \u-escaped there.
    assert json.dumps("Câu hỏi của người dân")[1:-1] in html
