"""Two steps and two people: an editor submits, someone else approves, only then is the page public."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry, Workflow

from cms.editorial.models import FourEyesApprovalTask
from cms.editorial.services import MOHA_MODERATORS, TASK_NAME, WORKFLOW_NAME
from tests.cms.editorial.conftest import standard_page_form


def _edit(client, user, page, **form):
    client.force_login(user)
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), standard_page_form(page, **form))


def _approve(client, user, page):
    client.force_login(user)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


@pytest.mark.django_db
def test_every_page_goes_through_the_four_eyes_workflow(tree):
    workflow = tree.haiphong_page.get_workflow()
    assert workflow.name == WORKFLOW_NAME and workflow.active
    task = workflow.tasks.get().specific
    assert isinstance(task, FourEyesApprovalTask) and task.name == TASK_NAME
    assert task.groups.filter(name=MOHA_MODERATORS).exists()
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()


@pytest.mark.django_db
def test_editor_submits_and_another_person_approves(client, tree, people):
    page = tree.hanoi_page
    response = _edit(client, people["hanoi_editor"], page, title="Bản cập nhật chờ duyệt")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.title == "Giới thiệu Hà Nội" and page.has_unpublished_changes
    assert page.current_workflow_state.requested_by == people["hanoi_editor"]

    assert _approve(client, people["hanoi_moderator"], page).status_code in (200, 302)
    page.refresh_from_db()
    assert page.title == "Bản cập nhật chờ duyệt" and not page.has_unpublished_changes
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", "user__username"))
    assert {
        ("wagtail.workflow.start", "bt-hn"),
        ("wagtail.workflow.approve", "kd-hn"),
        ("wagtail.publish", "kd-hn"),
    } <= actions


@pytest.mark.django_db
def test_editor_menu_offers_submit_but_not_publish(client, tree, people):
    client.force_login(people["moha_moderator"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[tree.hanoi_page.pk])).content.decode()
    assert 'name="action-submit"' in html
    assert 'name="action-publish"' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["moha_moderator", "hanoi_moderator", "superuser"])
def test_direct_publish_is_refused_even_with_publish_permission(client, tree, people, who, django_user_model):
    user = people.get(who) or django_user_model.objects.create_superuser("qtv", "q@localhost", "x")
    page = tree.hanoi_page
    _edit(client, user, page, title="Xuất bản thẳng", action="action-publish")
    page.refresh_from_db()
    assert page.title == "Giới thiệu Hà Nội"
    assert not page.revisions.filter(content__title="Xuất bản thẳng").exists()


@pytest.mark.django_db
def test_bulk_publish_is_refused(client, tree, people):
    client.force_login(people["moha_moderator"])
    page = tree.hanoi_page
    page.save_revision(user=people["moha_editor"])  # unpublished changes a bulk publish would push out
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={page.pk}&next=/admin/", {})
    page.refresh_from_db()
    assert page.has_unpublished_changes


@pytest.mark.django_db
def test_nobody_approves_their_own_submission(client, tree, people):
    page = tree.hanoi_page
    _edit(client, people["moha_moderator"], page, title="Tự soạn, tự duyệt")
    page.refresh_from_db()
    task = page.current_workflow_task.specific
    assert task.get_actions(page, people["moha_moderator"]) == []
    assert task.get_task_states_user_can_moderate(people["moha_moderator"]).count() == 0
    assert task.get_task_states_user_can_moderate(people["moha_moderator_2"]).count() == 1

    response = _approve(client, people["moha_moderator"], page)
    page.refresh_from_db()
    assert page.title == "Giới thiệu Hà Nội" and page.current_workflow_state is not None
    assert response.status_code in (302, 403)

    _approve(client, people["moha_moderator_2"], page)
    page.refresh_from_db()
    assert page.title == "Tự soạn, tự duyệt"


@pytest.mark.django_db
def test_province_moderator_cannot_approve_another_province(client, tree, people):
    page = tree.haiphong_page
    _edit(client, people["haiphong_editor"], page, title="Tin Hải Phòng chờ duyệt")
    page.refresh_from_db()
    task = page.current_workflow_task.specific
    assert task.get_actions(page, people["hanoi_moderator"]) == []
    _approve(client, people["hanoi_moderator"], page)
    page.refresh_from_db()
    assert page.title == "Giới thiệu Hải Phòng"
    _approve(client, people["haiphong_moderator"], page)
    page.refresh_from_db()
    assert page.title == "Tin Hải Phòng chờ duyệt"


@pytest.mark.django_db
def test_scheduled_publish_and_unpublish_run_by_publish_scheduled(client, tree, people):
    page = tree.hanoi_page
    go_live = timezone.localtime() + timedelta(days=2)
    form = {"go_live_at": go_live.strftime("%Y-%m-%d %H:%M"), "expire_at": ""}
    _edit(client, people["hanoi_editor"], page, title="Đăng theo lịch", **form)
    _approve(client, people["hanoi_moderator"], page)
    page.refresh_from_db()
    assert page.title == "Giới thiệu Hà Nội"  # approved, but waiting for its time
    scheduled = page.revisions.get(approved_go_live_at__isnull=False)

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.title == "Giới thiệu Hà Nội"

    # Let two days pass: the approved time and the revision's own go-live time are both due now.
    due = timezone.now() - timedelta(minutes=1)
    scheduled.approved_go_live_at = due
    scheduled.content["go_live_at"] = due.isoformat()
    scheduled.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.title == "Đăng theo lịch" and page.live

    page.expire_at = timezone.now() - timedelta(minutes=1)
    page.save(update_fields=["expire_at"])
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired


@pytest.mark.django_db
def test_a_moderators_edit_during_review_needs_another_moderator(client, tree, people):
    page = tree.hanoi_page
    _edit(client, people["hanoi_editor"], page, title="Bản của biên tập viên")
    # A moderator rewrites the submitted page, then tries to approve what is now their own text.
    _edit(client, people["moha_moderator"], page, title="Bản kiểm duyệt viên sửa", action="action-save")
    page.refresh_from_db()
    task = page.current_workflow_task.specific
    assert task.get_actions(page, people["moha_moderator"]) == []
    _approve(client, people["moha_moderator"], page)
    page.refresh_from_db()
    assert page.title == "Giới thiệu Hà Nội"

    _approve(client, people["moha_moderator_2"], page)
    page.refresh_from_db()
    assert page.title == "Bản kiểm duyệt viên sửa"
