"""The worker runs the real pipeline once for everything pending, and records how it went."""

import io
import socket
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import call_command

from cms.builds.models import BuildRequest, BuildRun
from cms.builds.services import build_request_enqueue
from cms.builds.worker import Round, build_next
from cms.publish.pipeline import build_lock

pytestmark = pytest.mark.django_db
Action = BuildRequest.Action


def _worker_once(config_factory) -> str:
    out = io.StringIO()
    call_command("build_worker", "--once", config_factory=config_factory, stdout=out)
    return out.getvalue()


def _site_text(output: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(output.rglob("*.html")))


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_worker_once_builds_everything_pending_in_one_run(page, build_config, config_factory):
    requests = [
        build_request_enqueue(action=Action.PUBLISH, page_id=page.pk, page_title=page.title),
        build_request_enqueue(action=Action.MOVE, page_id=page.pk, page_title=page.title),
        build_request_enqueue(action=Action.MANUAL),
    ]

    printed = _worker_once(config_factory)

    run = BuildRun.objects.get()
    assert run.status == BuildRun.Status.SUCCEEDED, run.error
    assert set(run.requests.all()) == set(requests)
    assert [step["name"] for step in run.steps] == ["export", "render", "index"]  # no bucket: no deploy
    assert run.seconds > 0 and run.finished_at >= run.started_at
    assert "Giới thiệu Cổng" in _site_text(build_config.output_dir)
    assert "Đã chạy 1 lần dựng" in printed


def test_a_failing_build_records_its_error_and_leaves_the_site_as_it_was(page, build_config, tmp_path):
    build_config.output_dir.mkdir(parents=True)
    (build_config.output_dir / "index.html").write_text("<h1>Trang đang phục vụ</h1>", encoding="utf-8")
    before = _snapshot(build_config.output_dir)
    with socket.socket() as s:  # a CMS API address where nothing listens
        s.bind(("127.0.0.1", 0))
        unreachable = f"http://127.0.0.1:{s.getsockname()[1]}"
    broken = replace(build_config, cms_api_url=unreachable)
    build_request_enqueue(action=Action.PUBLISH, page_id=page.pk, page_title=page.title)

    assert build_next(config_factory=lambda: broken) is Round.BUILT

    run = BuildRun.objects.get()
    assert (run.status, run.failed_step) == (BuildRun.Status.FAILED, "export")
    assert "Không đọc được API của CMS" in run.error
    assert _snapshot(build_config.output_dir) == before

    # The next request builds again, with everything that changed.
    build_request_enqueue(action=Action.MANUAL)
    assert build_next(config_factory=lambda: build_config) is Round.BUILT
    latest = BuildRun.objects.order_by("-pk").first()
    assert latest.status == BuildRun.Status.SUCCEEDED, latest.error
    assert "Giới thiệu Cổng" in _site_text(build_config.output_dir)


def test_while_another_build_holds_the_lock_requests_wait_instead_of_failing(build_config, config_factory):
    request = build_request_enqueue(action=Action.MANUAL)
    with build_lock(build_config):  # build.py, or a worker in another process
        assert build_next(config_factory=config_factory) is Round.BUSY
        printed = _worker_once(config_factory)

    request.refresh_from_db()
    assert request.run is None
    assert not BuildRun.objects.exists()
    assert "Đã chạy 0 lần dựng" in printed
