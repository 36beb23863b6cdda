"""`python -m cms build_worker` as production runs it: a process that builds, then stops on SIGTERM."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from cms.builds.models import BuildRun
from cms.core.models import StandardPage
from cms.core.services import home_page_ensure

ROOT = Path(__file__).resolve().parents[3]


def _database_url() -> str:
    """The test database, for the worker process (same settings module, same database)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
    return f"postgres://{auth}{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_process_builds_what_is_published_and_stops_on_sigterm(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": _database_url(),
        "CCHC_CONTENT_DIR": str(tmp_path / "content"),
        "CCHC_OUTPUT_DIR": str(tmp_path / "output"),
        "CCHC_VAR_DIR": str(tmp_path / "var"),
        "CCHC_SEARCH_INDEX_DIR": str(tmp_path / "var" / "search-index"),
        "CCHC_BUILD_POLL_SECONDS": "0.2",
    }
    env.pop("S3_BUCKET", None)
    home = home_page_ensure()  # replaces Wagtail's live placeholder page: that deletion queues a build too
    worker = subprocess.Popen(
        [sys.executable, "-m", "cms", "build_worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = home.add_child(
            instance=StandardPage(
                title="Tin từ tiến trình dựng", slug="tien-trinh", body="<p>x</p>", live=False
            )
        )
        page.save_revision().publish()
        runs = BuildRun.objects.filter(requests__page_id=page.pk).exclude(finished_at=None)
        built = _wait_for(runs.exists, 90)
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert built, output
    run = runs.get()
    assert run.status == BuildRun.Status.SUCCEEDED, run.error
    assert any(
        "Tin từ tiến trình dựng" in p.read_text("utf-8") for p in (tmp_path / "output").rglob("*.html")
    )
    assert worker.returncode == 0, output
    assert "Đã dựng xong trang tĩnh" in output and "dừng tiến trình dựng trang" in output
