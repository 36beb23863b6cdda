"""The admin: the "Trang tĩnh" dashboard panel, the report of runs, and the permission-checked rebuild."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from cms.builds.models import BuildRequest, BuildRun
from cms.builds.services import build_request_enqueue
from tests.cms.admin_text import english_texts

pytestmark = pytest.mark.django_db
Action = BuildRequest.Action


def _run(status: str, *, started: datetime, title: str, error: str = "", user=None) -> BuildRun:
    run = BuildRun.objects.create(
        status=status,
        started_at=started,
        finished_at=started,
        seconds=12.34,
        steps=[{"name": "export", "seconds": 1.5, "summary": "3 trang ghi mới"}],
        failed_step="render" if error else "",
        error=error,
    )
    BuildRequest.objects.create(action=Action.PUBLISH, page_id=1, page_title=title, user=user, run=run)
    return run


def _english_data() -> set[str]:
    return set(Permission.objects.values_list("name", flat=True))


def test_dashboard_panel_shows_the_last_run_in_vietnamese(client, editor):
    _run("succeeded", started=datetime(2025, 1, 1, 1, 0, tzinfo=UTC), title="Tin cũ")
    _run(
        "failed",
        started=datetime(2025, 3, 2, 17, 30, tzinfo=UTC),
        title="Hội nghị sơ kết CCHC",
        error="Pelican không dựng được trang: <thiếu mẫu>",
        user=editor,
    )
    build_request_enqueue(action=Action.MANUAL)
    client.force_login(editor)

    html = client.get("/admin/").content.decode()

    assert "Trang tĩnh" in html
    assert "Thất bại" in html and "Hội nghị sơ kết CCHC" in html and "bientap-thu" in html
    assert "00:30, 03/03/2025 (giờ Việt Nam)" in html  # 17:30 UTC is 00:30 the next day in Hà Nội
    assert "12,3 giây" in html
    assert "Lỗi ở bước Dựng trang" in html
    assert "&lt;thiếu mẫu&gt;" in html and "<thiếu mẫu>" not in html  # error text is escaped
    assert "Đang chờ dựng: 1 yêu cầu." in html
    assert "Tin cũ" not in html  # only the last run
    assert 'href="/admin/trang-tinh/"' in html
    english = english_texts(html, data=_english_data())
    assert not english, english


def test_report_lists_runs_newest_first_paginated_in_vietnamese(client, editor):
    for day in range(1, 26):
        _run("succeeded", started=datetime(2025, 4, day, 3, 0, tzinfo=UTC), title=f"Bài số {day}")
    client.force_login(editor)

    first = client.get("/admin/trang-tinh/").content.decode()
    second = client.get("/admin/trang-tinh/?p=2").content.decode()

    assert "Bài số 25" in first and "Bài số 6" in first and "Bài số 5" not in first
    assert "Bài số 5" in second and "Bài số 1" in second
    assert first.index("Bài số 25") < first.index("Bài số 24")
    assert "Xuất nội dung: 1.5 giây" in first or "Xuất nội dung: 1,5 giây" in first
    assert "Dựng lại ngay" in first
    for html in (first, second):
        english = english_texts(html, data=_english_data())
        assert not english, english


def test_report_without_runs_says_so(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/trang-tinh/").content.decode()
    assert "Chưa có lần dựng nào." in html
    assert not english_texts(html, data=_english_data())


def test_editors_can_queue_a_rebuild(client, editor):
    client.force_login(editor)
    response = client.post("/admin/trang-tinh/dung-lai/")
    assert response.status_code == 302 and response["Location"] == "/admin/trang-tinh/"
    request = BuildRequest.objects.get()
    assert (request.action, request.user, request.run) == (Action.MANUAL, editor, None)
    page = client.get(response["Location"]).content.decode()
    assert "Đã xếp lịch dựng lại trang tĩnh" in page and "Đang chờ dựng: 1 yêu cầu." in page


def test_rebuild_needs_rights_on_pages(client, admin_only_user):
    client.force_login(admin_only_user)
    assert "Dựng lại ngay" not in client.get("/admin/trang-tinh/").content.decode()
    response = client.post("/admin/trang-tinh/dung-lai/")
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "no permission"
    assert not BuildRequest.objects.exists()


def test_rebuild_permission_can_be_given_to_another_group(client, admin_only_user):
    admin_only_user.groups.first().permissions.add(Permission.objects.get(codename="rebuild_site"))
    client.force_login(admin_only_user)
    assert client.post("/admin/trang-tinh/dung-lai/").status_code == 302
    assert BuildRequest.objects.filter(action=Action.MANUAL, user=admin_only_user).exists()


def test_rebuild_is_post_only_and_csrf_protected(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get("/admin/trang-tinh/dung-lai/").status_code == 405
    assert client.post("/admin/trang-tinh/dung-lai/").status_code == 403
    assert not BuildRequest.objects.exists()


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.post("/admin/trang-tinh/dung-lai/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert not BuildRequest.objects.exists()
