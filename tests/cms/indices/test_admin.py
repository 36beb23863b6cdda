"""The "Chỉ số" admin: editions, results and the upload screen, in Vietnamese, for permitted users."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.indices.demo import index_demo_load
from cms.indices.models import IndexEdition, IndexResult
from tests.cms.admin_text import english_texts
from tests.cms.indices.conftest import csv_bytes, xlsx_bytes

IMPORT_URL = "/admin/chi-so/nhap/"


@pytest.fixture
def demo(db):
    index_demo_load()


def _screens() -> dict[str, str]:
    edition = IndexEdition.objects.get(slug="par-2024-tinh")
    result = edition.results.get(rank=1)
    return {
        "editions": "/admin/chi-so/ky-cong-bo/",
        "editions filtered": "/admin/chi-so/ky-cong-bo/?index=par&scope=provinces",
        "edition add": "/admin/chi-so/ky-cong-bo/new/",
        "edition edit": f"/admin/chi-so/ky-cong-bo/edit/{edition.pk}/",
        "edition delete": f"/admin/chi-so/ky-cong-bo/delete/{edition.pk}/",
        "results": f"/admin/chi-so/ket-qua/?edition={edition.pk}",
        "results search": "/admin/chi-so/ket-qua/?q=Hải",
        "result add": "/admin/chi-so/ket-qua/new/",
        "result edit": f"/admin/chi-so/ket-qua/edit/{result.pk}/",
        "import": IMPORT_URL,
    }


def _english_data() -> set[str]:
    return set(Permission.objects.values_list("name", flat=True))


def test_screens_render_in_vietnamese(admin_client, demo):
    for name, url in _screens().items():
        response = admin_client.get(url)
        assert response.status_code == 200, f"{name}: {response.status_code}"
        html = response.content.decode()
        assert not english_texts(html, data=_english_data()), f"{name} shows English: {english_texts(html)}"
    menu = admin_client.get("/admin/").content.decode()
    for label in ("Chỉ số", "Kỳ công bố", "Kết quả của đơn vị", "Nhập từ tệp CSV, XLSX"):
        assert json.dumps(label)[1:-1] in menu


def test_invalid_forms_show_vietnamese_errors(admin_client, demo):
    for url in ("/admin/chi-so/ky-cong-bo/new/", "/admin/chi-so/ket-qua/new/", IMPORT_URL):
        html = admin_client.post(url, {}).content.decode()
        assert not english_texts(html, data=_english_data()), f"{url}: {english_texts(html)}"
    assert "Hãy chọn tệp cần nhập." in admin_client.post(IMPORT_URL, {}).content.decode()


def test_result_edit_form_refuses_a_wrong_group(admin_client, demo):
    result = IndexResult.objects.get(edition__slug="par-2024-tinh", rank=1)
    data = {
        "edition": result.edition_id, "unit": result.unit_id, "value": "96.17", "rank": "1", "group": "C",
        "change": "", "note": "", "component_values-TOTAL_FORMS": "0", "component_values-INITIAL_FORMS": "0",
        "component_values-MIN_NUM_FORMS": "0", "component_values-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    html = admin_client.post(f"/admin/chi-so/ket-qua/edit/{result.pk}/", data).content.decode()
    assert "thuộc nhóm A" in html
    result.refresh_from_db()
    assert result.group == "A"


def _upload(client, edition, content: bytes, name: str, **extra):
    file = SimpleUploadedFile(name, content)
    return client.post(IMPORT_URL, {"edition": edition.pk, "file": file, **extra})


def test_upload_good_file_imports(admin_client, par_edition):
    rows = [["ma_don_vi", "chi_so", "xep_hang"], ["31", "96.17", "1"], ["22", "92.18", "2"]]
    response = _upload(admin_client, par_edition, xlsx_bytes(rows), "ket-qua.xlsx")
    assert response.status_code == 200
    assert "Đã nhập 2 kết quả" in response.content.decode()
    assert par_edition.results.count() == 2


def test_upload_dry_run_writes_nothing(admin_client, par_edition):
    rows = [["ma_don_vi", "chi_so"], ["31", "96.17"]]
    html = _upload(admin_client, par_edition, csv_bytes(rows), "a.csv", dry_run="on").content.decode()
    assert "Tệp hợp lệ: 1 dòng" in html
    assert not par_edition.results.exists()


def test_upload_bad_file_lists_row_errors_and_writes_nothing(admin_client, par_edition):
    rows = [
        ["ma_don_vi", "chi_so", "xep_hang"],
        ["31", "96.17", "2"],
        ["22", "<b>x</b>", "1"],
        ["99", "90", ""],
    ]
    html = _upload(admin_client, par_edition, csv_bytes(rows), "a.csv").content.decode()
    assert "Tệp bị từ chối" in html
    assert "Dòng 3, cột «chi_so»: «&lt;b&gt;x&lt;/b&gt;» không phải là số." in html  # escaped
    assert "Dòng 4, cột «ma_don_vi»: không có đơn vị mã «99»" in html
    assert not par_edition.results.exists()
    assert not english_texts(html, data=_english_data())


def test_upload_unreadable_file_is_a_field_error(admin_client, par_edition):
    html = _upload(admin_client, par_edition, b"\x00\x01", "a.xls").content.decode()
    assert "Chỉ nhận tệp CSV (UTF-8) hoặc Excel .xlsx." in html


@pytest.mark.django_db
def test_import_needs_permission(client, par_edition):
    user = get_user_model().objects.create_user("bientap-chi-so", password="mat-khau")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 302  # Wagtail's "no permission" redirect
    menu_label = json.dumps("Nhập từ tệp CSV, XLSX")[1:-1]  # the menu is \u-escaped JSON
    assert menu_label not in client.get("/admin/").content.decode()
    assert client.get("/admin/chi-so/ky-cong-bo/").status_code == 302
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_indexresult", "delete_indexresult"])
    )
    assert client.get(IMPORT_URL).status_code == 200
    assert menu_label in client.get("/admin/").content.decode()
