"""The question queue: filters, approve / reject / spam with audit log, assignment, answer → public page."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.test.utils.form_data import rich_text

from cms.core.models import ReformArea
from cms.core.services import home_page_ensure
from cms.editorial.services import MOHA_EDITORS, MOHA_MODERATORS
from cms.qa.models import Question, QuestionIndexPage, QuestionPage
from cms.qa.moderation import submissions_moderate
from cms.qa.services import question_redact
from cms.units.selectors import unit_get
from tests.cms.admin_text import english_texts
from tests.cms.test_admin_vietnamese import _english_data

LIST = "/admin/snippets/qa/question/"
ASKER = {"name": "Nguyễn Văn An", "email": "an.nguyen@example.vn"}
BODY = (
    "Tôi là Nguyễn Văn An, điện thoại 0912 345 678, thư an.nguyen@example.vn. "
    "Thủ tục cấp lại căn cước trực tuyến mất bao lâu?"
)


def bulk_url(action: str, *questions: Question, next_url: str = LIST) -> str:
    url = reverse("wagtail_bulk_action", args=("qa", "question", f"moderation-{action}"))
    return url + "?" + "&".join(f"id={q.pk}" for q in questions) + f"&next={next_url}"


def person(username: str, *groups: str):
    user = get_user_model().objects.create_user(username, f"{username}@localhost", "mat-khau-thu")
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def moderator(db):
    return person("kiemduyet-1", MOHA_MODERATORS)


@pytest.fixture
def second_moderator(db):
    return person("kiemduyet-2", MOHA_MODERATORS)


@pytest.fixture
def editor(db):
    """May use the admin and write pages, but has no right on citizens' questions."""
    return person("bientap-1", MOHA_EDITORS)


def ask(body: str = BODY, **fields) -> Question:
    return Question.objects.create(client_key=uuid.uuid4(), body=body, **{**ASKER, **fields})


@pytest.fixture
def questions(db) -> list[Question]:
    return [
        ask(),
        ask("Hỏi về dịch vụ công mức độ 4 của tỉnh", flagged=True, fingerprint="a" * 40),
        ask("Hỏi về một cửa liên thông ở cấp xã", assigned_unit=unit_get(code="01")),
    ]


@pytest.fixture
def qa_section(db) -> QuestionIndexPage:
    home = home_page_ensure()
    section = QuestionIndexPage(title="Hỏi – đáp", slug="hoi-dap-cchc")
    home.add_child(instance=section)
    section.save_revision().publish()
    return section


def listing(client, query: str = "") -> str:
    response = client.get(LIST + query)
    assert response.status_code == 200
    return response.content.decode()


# The queue


@pytest.mark.django_db
def test_queue_filters_flagged_and_assigned_and_marks_flagged_rows(client, moderator, questions):
    client.force_login(moderator)
    plain, flagged, assigned = questions
    everything = listing(client)
    assert all(q.tracking_code in everything for q in questions)
    assert everything.count("⚑ Nghi hàng loạt") == 1
    only_flagged = listing(client, "?flagged=true")
    assert flagged.tracking_code in only_flagged and plain.tracking_code not in only_flagged
    not_flagged = listing(client, "?flagged=false")
    assert flagged.tracking_code not in not_flagged and plain.tracking_code in not_flagged
    by_unit = listing(client, f"?assigned_unit={assigned.assigned_unit_id}")
    assert assigned.tracking_code in by_unit and plain.tracking_code not in by_unit
    assert "an.nguyen@example.vn" not in listing(client, f"?assigned_unit={assigned.assigned_unit_id}")


@pytest.mark.django_db
def test_rows_offer_moderation_and_answer_buttons(client, moderator, questions):
    client.force_login(moderator)
    html = listing(client)
    assert bulk_url("spam", questions[0], next_url="").split("&next")[0].replace("&", "&amp;") in html
    assert reverse("wagtailsnippets_qa_question:answer", args=[questions[0].pk]) in html
    assert "Trả lời và công bố" in html


@pytest.mark.django_db
def test_moderator_approves_in_bulk_and_it_is_logged(client, moderator, questions):
    client.force_login(moderator)
    url = bulk_url("approve", questions[0], questions[1])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Xác nhận «duyệt» cho 2 mục" in confirm.content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == LIST
    statuses = dict(Question.objects.values_list("pk", "status"))
    assert statuses[questions[0].pk] == statuses[questions[1].pk] == Question.Status.APPROVED
    assert statuses[questions[2].pk] == Question.Status.NEW
    entries = ModelLogEntry.objects.filter(action="cchc.moderation.approve")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(str(q.pk) for q in questions[:2])
    assert {e.user_id for e in entries} == {moderator.pk}
    assert entries.first().data == {"from": "new", "to": "approved"}
    history = client.get(f"{LIST}history/{questions[0].pk}/").content.decode()
    assert "Kiểm duyệt: duyệt" in history


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), [("reject", "rejected"), ("spam", "spam")])
def test_reject_and_spam(client, moderator, questions, action, status):
    client.force_login(moderator)
    assert client.post(bulk_url(action, questions[2])).status_code == 302
    questions[2].refresh_from_db()
    assert questions[2].status == status
    assert ModelLogEntry.objects.filter(
        action=f"cchc.moderation.{action}", object_id=str(questions[2].pk)
    ).exists()


@pytest.mark.django_db
def test_an_answered_question_keeps_its_status(moderator, questions):
    questions[0].status = Question.Status.ANSWERED
    questions[0].save()
    assert submissions_moderate(objects=[questions[0]], action="spam", user=moderator) == 0
    questions[0].refresh_from_db()
    assert questions[0].status == Question.Status.ANSWERED


@pytest.mark.django_db
def test_users_without_change_permission_change_nothing(client, editor, questions):
    client.force_login(editor)
    response = client.post(bulk_url("spam", *questions))
    assert response.status_code in (200, 302, 403)
    assert set(Question.objects.values_list("status", flat=True)) == {Question.Status.NEW}
    assert not ModelLogEntry.objects.filter(action__startswith="cchc.moderation").exists()
    with pytest.raises(PermissionDenied):
        submissions_moderate(objects=questions, action="spam", user=editor)
    assert client.get(reverse("wagtailsnippets_qa_question:answer", args=[questions[0].pk])).status_code in (
        302,
        403,
    )


@pytest.mark.django_db
def test_moderator_assigns_a_unit_in_the_edit_form(client, moderator, questions):
    client.force_login(moderator)
    question = questions[0]
    hanoi = unit_get(code="01")
    form = {"status": "new", "body": question.body, **ASKER, "answer": "", "assigned_unit": hanoi.pk}
    response = client.post(f"{LIST}edit/{question.pk}/", form)
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.assigned_unit == hanoi
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(question.pk)).exists()


# Redaction


def test_redaction_removes_name_email_and_phone_numbers():
    text = question_redact(text=BODY, **ASKER)
    assert text == "Tôi là […], điện thoại […], thư […]. Thủ tục cấp lại căn cước trực tuyến mất bao lâu?"
    assert (
        question_redact(text="Gọi +84 24.3824.1234 hoặc 0243 824 1234 giúp tôi")
        == "Gọi […] hoặc […] giúp tôi"
    )
    assert question_redact(text="NGUYỄN VĂN AN hỏi", name="Nguyễn Văn An") == "[…] hỏi"
    assert (
        question_redact(text="Năm 2024 có 63 tỉnh, Điều 15 khoản 2") == "Năm 2024 có 63 tỉnh, Điều 15 khoản 2"
    )


# Answer → page through the four-eyes workflow → published, without personal data


def answer_form(**overrides) -> dict:
    return {
        "title": "Thời hạn cấp lại căn cước trực tuyến",
        "question": "Thủ tục cấp lại căn cước trực tuyến mất bao lâu?",
        "topic": ReformArea.objects.get(slug="thu-tuc-hanh-chinh").pk,
        "asker_province": unit_get(code="01").pk,
        "answer": rich_text("<p>Không quá 7 ngày làm việc kể từ khi nhận đủ hồ sơ.</p>"),
        "answering_unit": unit_get(code="BNV").pk,
        **overrides,
    }


@pytest.mark.django_db
def test_answer_form_is_prefilled_without_personal_data(client, moderator, qa_section, questions):
    client.force_login(moderator)
    response = client.get(reverse("wagtailsnippets_qa_question:answer", args=[questions[0].pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["question"].startswith("Tôi là […], điện thoại […], thư […].")
    assert "0912" not in form.initial["title"] and "@" not in form.initial["title"]
    assert "Hỏi – đáp" in response.content.decode()


@pytest.mark.django_db
def test_answer_is_published_only_after_a_second_moderator_approves(
    client, moderator, second_moderator, qa_section, questions
):
    question = questions[0]
    client.force_login(moderator)
    response = client.post(reverse("wagtailsnippets_qa_question:answer", args=[question.pk]), answer_form())
    assert response.status_code == 302
    page = QuestionPage.objects.get(source_question=question)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert page.get_parent().specific == qa_section
    assert not page.live and page.current_workflow_state.requested_by == moderator
    question.refresh_from_db()
    assert question.status == Question.Status.NEW and question.answer == ""
    assert ModelLogEntry.objects.filter(
        action="cchc.question.answer_drafted", object_id=str(question.pk)
    ).exists()

    # The one who drafted it may not approve it (cms/editorial's four-eyes rule) ...
    task_state = page.current_workflow_task_state
    approve = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.post(approve, {"comment": ""})
    page.refresh_from_db()
    assert not page.live

    # ... a second moderator does, and that publishes it.
    client.force_login(second_moderator)
    assert client.post(approve, {"comment": ""}).status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert question.answer == "Không quá 7 ngày làm việc kể từ khi nhận đủ hồ sơ."
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=second_moderator).exists()

    api = client.get(f"/api/v2/pages/{page.pk}/", {"fields": "*"})
    assert api.status_code == 200
    text = api.content.decode()
    assert "Thủ tục cấp lại căn cước trực tuyến mất bao lâu?" in text
    for private in (
        "Nguyễn Văn An",
        "an.nguyen@example.vn",
        "0912",
        "source_question",
        question.tracking_code,
    ):
        assert private not in text


@pytest.mark.django_db
def test_a_question_is_answered_once(client, moderator, qa_section, questions):
    client.force_login(moderator)
    url = reverse("wagtailsnippets_qa_question:answer", args=[questions[0].pk])
    assert client.post(url, answer_form()).status_code == 302
    again = client.get(url)
    assert again.status_code == 302
    assert again["Location"] == reverse(
        "wagtailadmin_pages:edit", args=[QuestionPage.objects.get(source_question=questions[0]).pk]
    )
    assert QuestionPage.objects.count() == 1


@pytest.mark.django_db
def test_answer_without_a_qa_section_says_so(client, moderator, questions):
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailsnippets_qa_question:answer", args=[questions[0].pk]), answer_form()
    )
    assert response.status_code == 200
    assert "Chưa có chuyên mục hỏi – đáp" in response.content.decode()
    assert not QuestionPage.objects.exists()


@pytest.mark.django_db
def test_answer_form_rejects_missing_answer(client, moderator, qa_section, questions):
    client.force_login(moderator)
    url = reverse("wagtailsnippets_qa_question:answer", args=[questions[0].pk])
    response = client.post(url, answer_form(answer="", answering_unit=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"answer", "answering_unit"}
    assert not QuestionPage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("screen", ["list", "filtered", "confirm", "answer", "answer_invalid"])
def test_new_screens_show_no_english(client, moderator, qa_section, questions, screen):
    client.force_login(moderator)
    answer = reverse("wagtailsnippets_qa_question:answer", args=[questions[0].pk])
    url, data = {
        "list": (LIST, None),
        "filtered": (f"{LIST}?flagged=true&status=new&assigned_unit={unit_get(code='01').pk}", None),
        "confirm": (bulk_url("spam", *questions), None),
        "answer": (answer, None),
        "answer_invalid": (answer, {"title": "", "answer": "không phải JSON"}),
    }[screen]
    response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code == 200
    english = english_texts(response.content.decode(), data=_english_data())
    assert not english, f"{url} shows English:\n  " + "\n  ".join(english)


def test_redaction_of_a_given_phone_number_however_spaced():
    assert question_redact(text="Số của tôi: 09.87.65.43.21", phone="0987654321") == "Số của tôi: […]"
