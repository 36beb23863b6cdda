"""Publishing, unpublishing, moving and deleting a live page queue one build request, after commit only."""

from contextlib import suppress

import pytest
from django.db import transaction
from wagtail.log_actions import LogContext

from cms.builds.models import BuildRequest
from cms.builds.services import build_requests_suppressed

pytestmark = pytest.mark.django_db
Action = BuildRequest.Action


def test_publishing_a_revision_queues_exactly_one_request_after_commit(
    page, django_capture_on_commit_callbacks
):
    page.title = "Giới thiệu Cổng (sửa đổi)"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.save_revision().publish()
        assert not BuildRequest.objects.exists(), (
            "a request before commit would let a worker build stale data"
        )

    assert len(callbacks) == 1
    request = BuildRequest.objects.get()
    assert (request.action, request.page_id, request.page_title) == (
        Action.PUBLISH,
        page.pk,
        "Giới thiệu Cổng (sửa đổi)",
    )
    assert request.run is None  # pending: the worker builds it, never the editor's request


def test_unpublishing_queues_one_request_with_the_admin_user(
    page, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), LogContext(user=editor):
        page.unpublish()

    request = BuildRequest.objects.get()
    assert (request.action, request.page_id, request.user) == (Action.UNPUBLISH, page.pk, editor)


def test_deleting_a_live_page_is_recorded_as_a_deletion(page, django_capture_on_commit_callbacks):
    page_id = page.pk
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()

    request = BuildRequest.objects.get()
    assert (request.action, request.page_id, request.page_title) == (
        Action.DELETE,
        page_id,
        "Giới thiệu Cổng",
    )


def test_deleting_a_draft_queues_nothing(home, django_capture_on_commit_callbacks):
    from cms.core.models import StandardPage

    draft = home.add_child(instance=StandardPage(title="Nháp", slug="nhap", body="<p>x</p>", live=False))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        draft.delete()
    assert callbacks == []
    assert not BuildRequest.objects.exists()


def test_moving_a_live_page_queues_a_request(page, section, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.move(section, pos="last-child")

    assert list(BuildRequest.objects.values_list("action", "page_id")) == [(Action.MOVE, page.pk)]


def test_a_rolled_back_publish_queues_nothing(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with suppress(RuntimeError), transaction.atomic():
            page.save_revision().publish()
            raise RuntimeError("the editor's request failed after publishing")
    assert callbacks == []
    assert not BuildRequest.objects.exists()


def test_suppressed_signals_queue_nothing(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, build_requests_suppressed():
        page.save_revision().publish()
        page.unpublish()
    assert callbacks == []
    assert not BuildRequest.objects.exists()


def test_unpublishing_in_the_admin_queues_a_build_for_that_user(
    client, admin_user, page, django_capture_on_commit_callbacks
):
    """The real admin view: the moderator's click commits, then one request waits for the worker."""
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{page.pk}/unpublish/")

    assert response.status_code == 302
    request = BuildRequest.objects.get()
    assert (request.action, request.page_id, request.user) == (Action.UNPUBLISH, page.pk, admin_user)
