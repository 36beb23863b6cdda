"""The outcome per article: opinions counted, approved responses shown, on the API and the static page."""

import json
import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from cms.builds.models import BuildRequest
from cms.consultations.models import ConsultationPage, Opinion
from cms.editorial.services import MOHA_EDITORS, MOHA_MODERATORS
from cms.publish import export, render
from tests.cms.consultations.opinion_data import consultation_make, consultation_open

REPORT = "<p>Cơ quan soạn thảo đã tổng hợp, tiếp thu và giải trình các ý kiến như sau.</p>"
PRIVATE = ("Trần Thị Bình", "binh@example.vn", "0987654321", "0987 654 321")


def closed(*, report: str = REPORT, slug: str = "du-thao-da-dong") -> ConsultationPage:
    page = consultation_make(opens_in=-timedelta(days=30), closes_in=-timedelta(days=1), slug=slug)
    page.outcome_report = report
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def opinion(page, article, status, body, response="", **extra) -> Opinion:
    return Opinion.objects.create(
        consultation=page,
        article_id=article.id,
        article_label=article.label,
        client_key=uuid.uuid4(),
        body=body,
        status=status,
        response=response,
        name="Trần Thị Bình",
        email="binh@example.vn",
        phone="0987654321",
        **extra,
    )


@pytest.fixture
def page(db) -> ConsultationPage:
    page = closed()
    first, second, _ = page.draft_articles()
    S = Opinion.Status
    opinion(page, first, S.APPROVED, "Tôi là Trần Thị Bình (0987 654 321): nên giữ khoản 2.", "Tiếp thu.")
    opinion(page, first, S.APPROVED, "Đồng ý với phạm vi điều chỉnh.")  # approved, no response yet
    opinion(page, first, S.NEW, "Chưa duyệt: đề nghị bỏ điều này.", "Chưa được công bố.")
    opinion(page, first, S.REJECTED, "Nội dung xúc phạm.", "Không công bố.")
    opinion(page, second, S.SPAM, "Quảng cáo.", "Không công bố.")
    Opinion.objects.create(
        consultation=page,
        article_id="dieu-da-bo",
        article_label="Điều 9. Điều khoản thi hành",
        client_key=uuid.uuid4(),
        body="Góp ý cho điều đã bỏ khỏi dự thảo.",
        status=S.APPROVED,
        response="Đã bỏ điều này.",
    )
    return page


@pytest.mark.django_db
def test_outcome_counts_and_approved_responses_per_article(page):
    first, second, third = page.draft_articles()
    assert page.outcome_by_article == [
        {
            "article_id": first.id,
            "label": "Điều 1. Phạm vi điều chỉnh",
            "opinion_count": 3,  # spam and rejected are not counted
            "responses": [{"opinion": "Tôi là […] ([…]): nên giữ khoản 2.", "response": "Tiếp thu."}],
        },
        {"article_id": second.id, "label": "Điều 2. Đối tượng áp dụng", "opinion_count": 0, "responses": []},
        {"article_id": third.id, "label": "Điều 3. Giải thích từ ngữ", "opinion_count": 0, "responses": []},
        {
            "article_id": "dieu-da-bo",
            "label": "Điều 9. Điều khoản thi hành (không còn trong dự thảo)",
            "opinion_count": 1,
            "responses": [{"opinion": "Góp ý cho điều đã bỏ khỏi dự thảo.", "response": "Đã bỏ điều này."}],
        },
    ]


@pytest.mark.django_db
def test_no_outcome_while_open_or_without_a_published_report(db):
    open_page = consultation_open()
    article = open_page.draft_articles()[0]
    opinion(open_page, article, Opinion.Status.APPROVED, "Góp ý khi đang mở.", "Tiếp thu.")
    assert open_page.outcome_by_article == []
    no_report = closed(report="<p> </p>", slug="chua-co-bao-cao")
    opinion(no_report, article, Opinion.Status.APPROVED, "Góp ý.", "Tiếp thu.")
    assert no_report.outcome_by_article == []
    # A report saved as a draft is not the live page's: the outcome waits for its publication.
    no_report.outcome_report = REPORT
    no_report.save_revision()
    assert ConsultationPage.objects.get(pk=no_report.pk).outcome_by_article == []


@pytest.mark.django_db
def test_api_gives_the_outcome_without_personal_data(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/", {"fields": "*"})
    assert response.status_code == 200
    data = response.json()
    assert [row["opinion_count"] for row in data["outcome_by_article"]] == [3, 0, 0, 1]
    text = response.content.decode()
    assert "Tiếp thu." in text
    for private in (*PRIVATE, "Chưa được công bố.", "Không công bố.", "Nội dung xúc phạm."):
        assert private not in text
    rows = data["outcome_by_article"]
    assert {key for row in rows for key in row} == {"article_id", "label", "opinion_count", "responses"}
    assert {key for row in rows for r in row["responses"] for key in r} == {"opinion", "response"}


@pytest.mark.django_db
def test_moderating_an_opinion_of_a_published_outcome_queues_a_build(
    page, django_capture_on_commit_callbacks
):
    pending = Opinion.objects.get(status=Opinion.Status.NEW)
    with django_capture_on_commit_callbacks(execute=True):
        pending.status = Opinion.Status.APPROVED
        pending.save()
    assert BuildRequest.objects.filter(page_id=page.pk, action=BuildRequest.Action.PUBLISH).count() == 1


@pytest.mark.django_db
def test_opinions_on_an_open_consultation_queue_no_build(db, django_capture_on_commit_callbacks):
    open_page = consultation_open()
    with django_capture_on_commit_callbacks(execute=True):
        sent = opinion(open_page, open_page.draft_articles()[0], Opinion.Status.NEW, "Góp ý mới.")
        sent.status = Opinion.Status.APPROVED
        sent.save()
    assert not BuildRequest.objects.exists()


def _data(config, page) -> dict:
    text = (config.content_dir / f"trang/{page.get_parent().slug}/{page.slug}.md").read_text(encoding="utf-8")
    return json.loads(re.search(r"^Data: (.*)$", text, re.M).group(1))


@pytest.mark.django_db
def test_static_page_shows_the_outcome_and_is_rebuilt_when_it_changes(page, build_config):
    export.run(build_config)
    data = _data(build_config, page)
    assert data["outcome_by_article"][0]["responses"] == [
        {"opinion": "Tôi là […] ([…]): nên giữ khoản 2.", "response": "Tiếp thu."}
    ]
    render.run(build_config)
    html = (build_config.output_dir / f"{page.get_parent().slug}/{page.slug}/index.html").read_text("utf-8")
    assert "Tổng hợp ý kiến theo điều" in html and "Tiếp thu." in html
    assert "Tôi là […] ([…]): nên giữ khoản 2." in html
    assert all(private not in html for private in PRIVATE)

    assert export.run(build_config).fetched == 0  # nothing changed
    pending = Opinion.objects.get(status=Opinion.Status.NEW)
    pending.status = Opinion.Status.APPROVED
    pending.save()  # not a page change: the outcome digest in the export key catches it
    assert export.run(build_config).fetched == 1
    responses = _data(build_config, page)["outcome_by_article"][0]["responses"]
    assert {"opinion": "Chưa duyệt: đề nghị bỏ điều này.", "response": "Chưa được công bố."} in responses


@pytest.mark.django_db
def test_moderator_marks_opinions_in_bulk_and_it_is_logged(client, page):
    def person(name, group):
        user = get_user_model().objects.create_user(name, f"{name}@localhost", "mat-khau-thu")
        user.groups.add(Group.objects.get(name=group))
        return user

    pending = Opinion.objects.get(status=Opinion.Status.NEW)
    url = reverse("wagtail_bulk_action", args=("consultations", "opinion", "moderation-spam"))
    url += f"?id={pending.pk}&next=/admin/snippets/consultations/opinion/"
    client.force_login(person("bientap-x", MOHA_EDITORS))
    client.post(url)
    pending.refresh_from_db()
    assert pending.status == Opinion.Status.NEW  # an editor has no right on opinions

    moderator = person("kiemduyet-x", MOHA_MODERATORS)
    client.force_login(moderator)
    listing = client.get("/admin/snippets/consultations/opinion/?flagged=false").content.decode()
    assert url.split("&next")[0].replace("&", "&amp;") in listing  # the row's own button
    assert client.post(url).status_code == 302
    pending.refresh_from_db()
    assert pending.status == Opinion.Status.SPAM
    entry = ModelLogEntry.objects.get(action="cchc.moderation.spam", object_id=str(pending.pk))
    assert entry.user == moderator and entry.data == {"from": "new", "to": "spam"}
    assert [row["opinion_count"] for row in page.outcome_by_article][0] == 2


@pytest.mark.django_db
def test_the_text_to_publish_is_fixed_on_approval_and_survives_the_purge(page):
    first = page.draft_articles()[0]
    sent = opinion(
        page, first, Opinion.Status.NEW, "Trần Thị Bình góp ý: thêm khoản 3.", "Tiếp thu một phần."
    )
    assert sent.public_body == ""  # nothing to publish before approval
    sent.status = Opinion.Status.APPROVED
    sent.save(update_fields=["status"])
    sent.refresh_from_db()
    assert sent.public_body == "[…] góp ý: thêm khoản 3."
    Opinion.objects.update(name="", email="", phone="", ip_hash="")  # what purge_personal_data does
    responses = ConsultationPage.objects.get(pk=page.pk).outcome_by_article[0]["responses"]
    assert {"opinion": "[…] góp ý: thêm khoản 3.", "response": "Tiếp thu một phần."} in responses
    assert all("Bình" not in r["opinion"] for r in responses)
    # A moderator's own edit of the text to publish is what the report shows.
    Opinion.objects.filter(pk=sent.pk).update(public_body="Đề nghị bổ sung khoản 3.")
    responses = ConsultationPage.objects.get(pk=page.pk).outcome_by_article[0]["responses"]
    assert {"opinion": "Đề nghị bổ sung khoản 3.", "response": "Tiếp thu một phần."} in responses
