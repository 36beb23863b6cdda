"""Wagtail's page signals queue a build once the editor's transaction commits; nothing builds in the request.

Deleting a live page sends `page_unpublished` too (Wagtail unpublishes it in `pre_delete`), so a
request made from that signal is recorded as a deletion when the page is gone at commit time.
"""

from functools import partial

from django.db import transaction
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.builds.models import BuildRequest
from cms.builds.services import build_request_enqueue, build_requests_are_suppressed

Action = BuildRequest.Action


def _record(*, action: str, page_id: int, page_title: str, user: object | None) -> None:
    if action == Action.UNPUBLISH and not Page.objects.filter(pk=page_id).exists():
        action = Action.DELETE
    build_request_enqueue(action=action, page_id=page_id, page_title=page_title, user=user)


def _queue(action: str, page: Page) -> None:
    if build_requests_are_suppressed():
        return
    user = get_active_log_context().user  # the admin user whose request this is; None for commands
    transaction.on_commit(partial(_record, action=action, page_id=page.pk, page_title=page.title, user=user))


def on_page_published(sender, instance: Page, **kwargs) -> None:
    _queue(Action.PUBLISH, instance)


def on_page_unpublished(sender, instance: Page, **kwargs) -> None:
    _queue(Action.UNPUBLISH, instance)


def on_page_moved(sender, instance: Page, **kwargs) -> None:
    if instance.live or instance.get_descendants().live().exists():
        _queue(Action.MOVE, instance)


def connect() -> None:
    page_published.connect(on_page_published, dispatch_uid="builds_page_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="builds_page_unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="builds_page_moved")
