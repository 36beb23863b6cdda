"""`make run` publishes scheduled pages on its own, as cron does in production."""

import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.core.management.commands.serve_demo import run_scheduler
from cms.core.models import StandardPage
from cms.core.services import home_page_ensure


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_demo_scheduler_thread_publishes_due_revisions():
    home = home_page_ensure()
    page = home.add_child(
        instance=StandardPage(title="Chưa đăng", slug="theo-lich", body="<p>x</p>", live=False)
    )
    due = timezone.now() - timedelta(seconds=1)
    page.title = "Đăng theo lịch"
    page.go_live_at = due
    revision = page.save_revision()
    revision.approved_go_live_at = due
    revision.save(update_fields=["approved_go_live_at"])

    stop = threading.Event()
    thread = threading.Thread(target=run_scheduler, args=(stop,), kwargs={"every": 0.05}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not StandardPage.objects.filter(pk=page.pk, live=True).exists():
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=5)
    page.refresh_from_db()
    assert page.live and page.title == "Đăng theo lịch"
    assert not thread.is_alive()
