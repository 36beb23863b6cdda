"""The queue: pending requests coalesce into one run; a run put back waits; dead workers' runs fail."""

import os
import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.builds.models import BuildRequest, BuildRun
from cms.builds.services import (
    STALE_ERROR,
    build_claim,
    build_request_enqueue,
    build_requeue,
    builds_fail_stale,
)

pytestmark = pytest.mark.django_db
Action = BuildRequest.Action


def _enqueue(title: str) -> BuildRequest:
    return build_request_enqueue(action=Action.PUBLISH, page_id=1, page_title=title)


def test_nothing_pending_claims_nothing():
    assert build_claim(worker="w") is None
    assert not BuildRun.objects.exists()


def test_requests_made_during_a_build_become_one_next_run():
    first = _enqueue("Tin 1")
    running = build_claim(worker="w")
    assert running.status == BuildRun.Status.RUNNING
    assert list(running.requests.all()) == [first]

    later = [_enqueue(f"Tin {n}") for n in range(2, 7)]  # editors keep publishing meanwhile
    assert set(BuildRequest.objects.filter(run__isnull=True)) == set(later)

    following = build_claim(worker="w")
    assert following.pk != running.pk
    assert set(following.requests.all()) == set(later)
    assert BuildRun.objects.count() == 2
    assert not BuildRequest.objects.filter(run__isnull=True).exists()
    assert build_claim(worker="w") is None


def test_a_requeued_run_is_claimed_again_with_its_requests_and_new_ones():
    first = _enqueue("Tin 1")
    run = build_claim(worker="w")
    build_requeue(run=run)  # another build held the lock: nothing failed
    run.refresh_from_db()
    assert (run.status, run.started_at) == (BuildRun.Status.QUEUED, None)

    second = _enqueue("Tin 2")
    again = build_claim(worker="w")
    assert again.pk == run.pk and again.status == BuildRun.Status.RUNNING
    assert set(again.requests.all()) == {first, second}
    assert BuildRun.objects.count() == 1


def test_runs_of_a_killed_worker_fail_and_one_build_is_queued_to_make_up():
    _enqueue("Tin 1")
    old = build_claim(worker="may-khac:1")
    BuildRun.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(hours=2))
    _enqueue("Tin 2")
    # A worker process of this host that no longer exists (pid beyond the kernel's maximum).
    dead = build_claim(worker=f"{socket.gethostname()}:4194305")
    _enqueue("Tin 3")
    alive = build_claim(worker=f"{socket.gethostname()}:{os.getpid()}")
    _enqueue("Tin 4")
    recent_elsewhere = build_claim(worker="may-khac:2")

    assert builds_fail_stale(older_than=timedelta(hours=1)) == 2

    statuses = dict(BuildRun.objects.values_list("pk", "status"))
    assert statuses == {
        old.pk: BuildRun.Status.FAILED,
        dead.pk: BuildRun.Status.FAILED,
        alive.pk: BuildRun.Status.RUNNING,
        recent_elsewhere.pk: BuildRun.Status.RUNNING,
    }
    assert BuildRun.objects.get(pk=old.pk).error == STALE_ERROR
    assert list(BuildRequest.objects.filter(run__isnull=True).values_list("action", flat=True)) == [
        Action.RETRY
    ]


def test_duration_reads_in_vietnamese():
    assert BuildRun(seconds=None).duration_display == "—"
    assert BuildRun(seconds=12.34).duration_display == "12,3 giây"
    assert BuildRun(seconds=125).duration_display == "2 phút 5 giây"
