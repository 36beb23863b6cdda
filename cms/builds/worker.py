"""The build worker: claims pending requests, runs the pipeline once for all of them, records the outcome."""

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from django.db import DatabaseError, close_old_connections

from cms.builds.models import BuildRun
from cms.builds.services import (
    build_claim,
    build_fail,
    build_finish,
    build_requeue,
    builds_fail_stale,
    worker_name,
)
from cms.publish.config import BuildConfig, BuildError
from cms.publish.pipeline import DEFAULT_STEPS, build_lock, run_build

log = logging.getLogger("cms.builds")

ConfigFactory = Callable[[], BuildConfig]


class Round(enum.Enum):
    IDLE = "idle"  # nothing pending
    BUSY = "busy"  # another build holds the lock; try again later
    BUILT = "built"  # a run finished (succeeded or failed)


def config_from_env() -> BuildConfig:
    """The configuration build.py would use, without progress bars (the worker logs instead)."""
    return replace(BuildConfig.from_env(), quiet=True)


def steps_for(config: BuildConfig) -> tuple[str, ...]:
    """Export, render and index; and deploy when a bucket is configured."""
    return (*DEFAULT_STEPS, "deploy") if config.s3_bucket else DEFAULT_STEPS


def _lock_busy(config: BuildConfig) -> bool:
    try:
        with build_lock(config, wait=False):
            return False
    except BuildError:
        return True


def _describe(run: BuildRun) -> str:
    titles = [r.page_title or r.get_action_display() for r in run.requests.all()[:5]]
    return ", ".join(titles) or "không có trang"


def build_next(*, config_factory: ConfigFactory = config_from_env, worker: str = "") -> Round:
    """Run one build for everything pending, if anything is."""
    config = config_factory()
    if _lock_busy(config):
        return Round.BUSY
    run = build_claim(worker=worker or worker_name())
    if run is None:
        return Round.IDLE
    log.info("Bắt đầu dựng trang tĩnh (lần #%s): %s", run.pk, _describe(run))
    try:
        report = run_build(config, steps_for(config))
    except Exception as exc:  # noqa: BLE001 - a bug in a step must not leave the run "running" forever
        log.exception("Lần dựng #%s gặp lỗi không mong đợi", run.pk)
        build_fail(run=run, error=f"Lỗi không mong đợi: {type(exc).__name__}: {exc}")
        return Round.BUILT
    if not report.ok and report.failed_step is None:  # the lock, taken in between by build.py or a worker
        build_requeue(run=run)
        log.info("Lần dựng #%s chờ: %s", run.pk, report.error)
        return Round.BUSY
    build_finish(run=run, report=report)
    if report.ok:
        log.info("Đã dựng xong trang tĩnh (lần #%s) trong %.1f giây.", run.pk, run.seconds or 0)
    else:
        log.error("Lần dựng #%s thất bại ở bước %s: %s", run.pk, report.failed_step, report.error)
    return Round.BUILT


def worker_run(
    *,
    stop: threading.Event,
    poll: float,
    once: bool = False,
    stale_after: timedelta = timedelta(hours=1),
    config_factory: ConfigFactory = config_from_env,
) -> int:
    """Build until `stop` is set (or, with `once`, until nothing is pending); returns how many runs."""
    name = worker_name()
    failed = builds_fail_stale(older_than=stale_after)
    if failed:
        log.warning("Đã đánh dấu thất bại %s lần dựng bị gián đoạn.", failed)
    built = 0
    while not stop.is_set():
        try:
            outcome = build_next(config_factory=config_factory, worker=name)
        except DatabaseError as exc:  # the database restarting must not end the worker
            log.error("Không đọc được hàng đợi dựng trang: %s", exc)
            outcome = Round.IDLE
        if outcome is Round.BUILT:
            built += 1
            continue
        if once:
            break
        close_old_connections()  # between rounds, like between requests; never inside a test's transaction
        stop.wait(poll)
    return built
