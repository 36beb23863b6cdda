"""`make run`: the demo's worker thread rebuilds the static site on :8080 when an editor publishes."""

import threading
import time

import pytest

from cms.builds.models import BuildRun
from cms.core.management.commands.serve_demo import run_build_worker
from cms.core.models import StandardPage
from cms.core.services import home_page_ensure


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_thread_rebuilds_the_site_after_a_publish(tmp_path, monkeypatch, settings):
    monkeypatch.setenv("CCHC_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("CCHC_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CCHC_SEARCH_INDEX_DIR", str(tmp_path / "var" / "search-index"))
    monkeypatch.delenv("S3_BUCKET", raising=False)
    settings.SEARCH_INDEX_DIR = tmp_path / "var" / "search-index"
    site_dir = tmp_path / "site"
    home = home_page_ensure()  # replaces Wagtail's live placeholder page: that deletion queues a build too
    stop = threading.Event()
    thread = threading.Thread(
        target=run_build_worker, args=(stop,), kwargs={"every": 0.1, "site_dir": site_dir}, daemon=True
    )
    thread.start()
    try:
        page = home.add_child(
            instance=StandardPage(
                title="Đăng là có trên trang tĩnh", slug="dang-ngay", body="<p>x</p>", live=False
            )
        )
        page.save_revision().publish()  # autocommit: the request is committed at once
        built = BuildRun.objects.filter(requests__page_id=page.pk).exclude(finished_at=None)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not built.exists():
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(timeout=30)
    run = built.get()
    assert run.status == BuildRun.Status.SUCCEEDED, run.error
    pages = [p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html")]
    assert any("Đăng là có trên trang tĩnh" in html for html in pages)
    assert not thread.is_alive()
