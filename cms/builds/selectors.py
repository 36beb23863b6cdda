"""Reads of the build queue for the admin: the last run, recent runs, what waits, who may rebuild."""

from django.db.models import QuerySet
from wagtail.admin.auth import user_has_any_page_permission

from cms.builds.models import BuildRequest, BuildRun


def build_runs_recent() -> QuerySet[BuildRun]:
    """Runs, newest first, with the requests each one covered (and who made them)."""
    return BuildRun.objects.order_by("-created_at", "-pk").prefetch_related("requests__user")


def build_run_last() -> BuildRun | None:
    return build_runs_recent().first()


def build_requests_pending() -> QuerySet[BuildRequest]:
    return BuildRequest.objects.filter(run__isnull=True).order_by("requested_at", "pk")


def user_can_rebuild(*, user: object) -> bool:
    """Editors, moderators (anyone with rights on pages, as cms.editorial sets them up) and superusers,
    plus any group given the "rebuild_site" permission explicitly."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.has_perm("builds.rebuild_site") or user_has_any_page_permission(user)
