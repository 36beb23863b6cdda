"""Writes of the build queue: enqueue a request, claim the pending ones for a run, record the outcome."""

import contextvars
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from cms.builds.models import BuildRequest, BuildRun
from cms.publish.pipeline import BuildReport

_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar("build_requests_suppressed", default=False)

STALE_ERROR = (
    "Lần dựng bị gián đoạn: tiến trình dựng trang đã dừng giữa chừng. Một lần dựng mới đã được xếp lịch."
)


@contextmanager
def build_requests_suppressed() -> Iterator[None]:
    """Page signals queue nothing inside (a bulk import queues one request itself at the end)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def build_requests_are_suppressed() -> bool:
    return _suppressed.get()


def build_request_enqueue(
    *, action: str, page_id: int | None = None, page_title: str = "", user: object | None = None
) -> BuildRequest:
    """Record that the public site changed; the worker's next run picks it up."""
    return BuildRequest.objects.create(
        action=action,
        page_id=page_id,
        page_title=page_title[:255],
        user=user if getattr(user, "pk", None) else None,
    )


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _pending_ids() -> list[int] | None:
    """Ids of pending requests, row-locked where the database can skip rows another worker holds.

    None on databases without SKIP LOCKED (SQLite): there the UPDATE below is atomic on its own,
    because SQLite runs one writing transaction at a time.
    """
    if not connection.features.has_select_for_update_skip_locked:
        return None
    pending = BuildRequest.objects.filter(run__isnull=True).select_for_update(skip_locked=True)
    return list(pending.values_list("pk", flat=True))


def build_claim(*, worker: str) -> BuildRun | None:
    """Take every pending request (and a run put back in the queue) into one running run.

    Returns None when there is nothing to build. Two workers never claim the same request.
    """
    if not (
        BuildRequest.objects.filter(run__isnull=True).exists()
        or BuildRun.objects.filter(status=BuildRun.Status.QUEUED).exists()
    ):
        return None
    with transaction.atomic():
        ids = _pending_ids()
        queued = BuildRun.objects.filter(status=BuildRun.Status.QUEUED).order_by("pk").first()
        run = queued or BuildRun.objects.create(status=BuildRun.Status.QUEUED)
        pending = BuildRequest.objects.filter(run__isnull=True)
        attached = pending.filter(pk__in=ids).update(run=run) if ids is not None else pending.update(run=run)
        claimed = BuildRun.objects.filter(pk=run.pk, status=BuildRun.Status.QUEUED).update(
            status=BuildRun.Status.RUNNING, started_at=timezone.now(), worker=worker[:200]
        )
        if not claimed or (queued is None and not attached):
            transaction.set_rollback(True)
            return None
    run.refresh_from_db()
    return run


def build_finish(*, run: BuildRun, report: BuildReport) -> BuildRun:
    """Record what the pipeline reported: the steps it finished and the error that stopped it."""
    run.steps = [{"name": s.name, "seconds": round(s.seconds, 3), "summary": s.summary} for s in report.steps]
    run.failed_step = report.failed_step or ""
    run.error = report.error or ""
    run.status = BuildRun.Status.SUCCEEDED if report.ok else BuildRun.Status.FAILED
    return _finish(run)


def build_fail(*, run: BuildRun, error: str) -> BuildRun:
    run.status, run.error = BuildRun.Status.FAILED, error
    return _finish(run)


def _finish(run: BuildRun) -> BuildRun:
    run.finished_at = timezone.now()
    run.seconds = (run.finished_at - run.started_at).total_seconds() if run.started_at else None
    run.save(update_fields=["status", "steps", "failed_step", "error", "finished_at", "seconds"])
    return run


def build_requeue(*, run: BuildRun) -> None:
    """Another build held the lock: the run waits in the queue with its requests, nothing failed."""
    BuildRun.objects.filter(pk=run.pk).update(status=BuildRun.Status.QUEUED, started_at=None, worker="")


def _worker_gone(worker: str) -> bool:
    """True when the run's worker was a process on this host that no longer exists."""
    host, _, pid = worker.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def builds_fail_stale(*, older_than: timedelta) -> int:
    """Mark failed the runs whose worker died mid-build, and queue one build to make up for them."""
    running = BuildRun.objects.filter(status=BuildRun.Status.RUNNING)
    cutoff = timezone.now() - older_than
    stale = [
        run for run in running if (run.started_at and run.started_at < cutoff) or _worker_gone(run.worker)
    ]
    for run in stale:
        build_fail(run=run, error=STALE_ERROR)
    if stale:
        build_request_enqueue(action=BuildRequest.Action.RETRY, page_title="")
    return len(stale)
