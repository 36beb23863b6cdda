"""`python -m cms import_documents`: rows land as published pages, once, all or nothing per row."""

import codecs
import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError
from wagtail.documents import get_document_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.test.utils.form_data import querydict_from_html

from cms.core.models import HomePage
from cms.core.services import home_page_ensure
from cms.documents.importing import history
from cms.documents.models import DocumentIndexPage, LegalDocumentPage

DATA = Path(__file__).parent / "data"
GOOD = DATA / "van-ban.csv"
MIXED = DATA / "co-loi.csv"
JSON = DATA / "van-ban.json"
FILES = DATA / "tep"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored attachments go to this test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


def run(*args: object, status: int = 0) -> str:
    """Run the command as an operator would; check its exit status; return what it printed."""
    out = io.StringIO()
    argv = [str(a) for a in args]
    if status:
        with pytest.raises(CommandError) as raised:
            call_command("import_documents", *argv, stdout=out, verbosity=0)
        assert raised.value.returncode == status, str(raised.value)
    else:
        call_command("import_documents", *argv, stdout=out, verbosity=0)
    return out.getvalue()


def doc(number: str) -> LegalDocumentPage:
    return LegalDocumentPage.objects.get(number=number)


def test_good_rows_become_published_pages_with_their_metadata():
    output = run(GOOD, "--attachments", FILES)

    assert "Tạo mới: 3 · Cập nhật: 0 · Không đổi: 0 · Bị từ chối: 0" in output
    assert "giây" in output and "dòng/giây" in output
    page = doc("876/QĐ-BNV")
    assert page.title == "Phê duyệt Đề án Xác định Chỉ số cải cách hành chính"
    assert (page.kind.slug, page.issuer.slug, page.signer_title.name) == ("quyet-dinh", "bnv", "Thứ trưởng")
    assert (page.signer_name, page.issued_on, page.effective_on) == (
        "Vũ Đăng Minh",
        date(2023, 11, 10),
        date(2023, 11, 10),
    )
    assert (page.status, page.scope, page.expires_on) == ("con-hieu-luc", "toan-quoc", None)
    assert sorted(page.reform_areas.values_list("slug", flat=True)) == ["the-che", "thu-tuc-hanh-chinh"]
    assert page.summary == "Đề án đo Chỉ số CCHC của bộ và tỉnh."
    assert page.body == "<p>Điều 1. <b>Phê duyệt</b> Đề án.</p><p>Điều 2. Hiệu lực thi hành.</p>"
    files = [(f.document.title, f.document.file_size) for f in page.files.select_related("document")]
    assert files == [("876-QD-BNV.pdf", 56), ("phu-luc.pdf", 42)]
    assert page.files.first().document.file.read().startswith(b"%PDF-1.4")

    assert page.slug == "876-qd-bnv" and page.url_path.endswith("/van-ban/876-qd-bnv/")
    assert page.live and not page.has_unpublished_changes
    assert page.live_revision_id == page.latest_revision_id is not None
    assert page.live_revision.content["number"] == "876/QĐ-BNV"
    assert page.live_revision.content["files"][0]["pk"] == page.files.first().pk
    actions = set(PageLogEntry.objects.filter(page=page).values_list("action", flat=True))
    assert actions == {"wagtail.create", "wagtail.publish"}

    plain = doc("34/2017/NĐ-CP").body
    assert plain == (
        "<p>Chương I. Quy định chung<br/>Điều 1. Vị trí và chức năng</p>"
        "<p>Chương II. Nhiệm vụ &lt;và&gt; quyền hạn</p>"
    )
    assert doc("34/2017/NĐ-CP").status == "het-hieu-luc-toan-bo"
    assert doc("13/CT-TTg").issuer.slug == "thu-tuong-chinh-phu"


def test_default_parent_is_created_under_the_home_page_and_the_tree_stays_sound():
    run(GOOD, "--attachments", FILES)

    index = DocumentIndexPage.objects.get()
    assert (index.title, index.slug, index.live) == ("Cơ sở dữ liệu văn bản", "van-ban", True)
    assert isinstance(index.get_parent().specific, HomePage)
    assert index.numchild == 3 == LegalDocumentPage.objects.child_of(index).count()
    assert all(not problems for problems in Page.find_problems())


def test_pages_are_searchable_and_their_references_indexed():
    run(GOOD, "--attachments", FILES)
    page = doc("876/QĐ-BNV")

    assert list(get_search_backend().search("chỉ số cải cách", LegalDocumentPage)) == [page]
    assert page in get_search_backend().autocomplete("876", LegalDocumentPage)
    document = page.files.first().document
    assert ReferenceIndex.get_references_to(document).count() == 1


def test_index_entries_are_those_wagtail_itself_writes():
    run(GOOD, "--attachments", FILES)
    page = doc("34/2017/NĐ-CP")
    fields = ("title", "autocomplete", "body")
    imported = IndexEntry.objects.filter(object_id=str(page.pk)).values(*fields).get()

    IndexEntry.objects.filter(object_id=str(page.pk)).delete()
    get_search_backend().add(page)

    assert IndexEntry.objects.filter(object_id=str(page.pk)).values(*fields).get() == imported


def test_a_second_run_changes_nothing():
    run(GOOD, "--attachments", FILES)
    counts = (Revision.objects.count(), PageLogEntry.objects.count(), get_document_model().objects.count())

    output = run(GOOD, "--attachments", FILES)

    assert "Tạo mới: 0 · Cập nhật: 0 · Không đổi: 3 · Bị từ chối: 0" in output
    assert (
        Revision.objects.count(),
        PageLogEntry.objects.count(),
        get_document_model().objects.count(),
    ) == counts
    assert LegalDocumentPage.objects.count() == 3


def test_a_changed_row_updates_the_page_with_a_new_published_revision(tmp_path):
    run(GOOD, "--attachments", FILES)
    before = doc("876/QĐ-BNV")
    first_document = before.files.first().document_id
    changed = GOOD.read_text(encoding="utf-8").replace(
        "Phê duyệt Đề án Xác định Chỉ số cải cách hành chính,", "Phê duyệt Đề án Chỉ số CCHC (sửa đổi),"
    )
    changed = changed.replace("10/11/2023,,Còn hiệu lực", "10/11/2023,01/01/2026,Hết hiệu lực một phần")
    changed = changed.replace("876-QD-BNV.pdf;phu-luc.pdf", "876-QD-BNV.pdf")
    path = tmp_path / "sua.csv"
    path.write_text(changed, encoding="utf-8")

    output = run(path, "--attachments", FILES)

    assert "Tạo mới: 0 · Cập nhật: 1 · Không đổi: 2 · Bị từ chối: 0" in output
    page = doc("876/QĐ-BNV")
    assert page.pk == before.pk and LegalDocumentPage.objects.count() == 3
    assert (page.title, page.draft_title) == ("Phê duyệt Đề án Chỉ số CCHC (sửa đổi)",) * 2
    assert (page.status, page.expires_on) == ("het-hieu-luc-mot-phan", date(2026, 1, 1))
    assert list(page.files.values_list("document_id", flat=True)) == [first_document]
    assert page.live_revision_id == page.latest_revision_id != before.latest_revision_id
    assert page.live_revision.content["title"] == page.title
    assert page.revisions.count() == 2
    actions = list(PageLogEntry.objects.filter(page=page).order_by("id").values_list("action", flat=True))
    assert actions[-2:] == ["wagtail.rename", "wagtail.publish"]
    assert list(get_search_backend().search("sửa đổi", LegalDocumentPage)) == [page]


def test_a_file_with_only_some_columns_updates_only_those(tmp_path):
    run(GOOD, "--attachments", FILES)
    path = tmp_path / "hieu-luc.csv"
    path.write_text("so_ky_hieu,co_quan_ban_hanh,tinh_trang_hieu_luc\n876/QĐ-BNV,BNV,Ngưng hiệu lực\n")

    assert "Cập nhật: 1" in run(path)

    page = doc("876/QĐ-BNV")
    assert page.status == "ngung-hieu-luc"
    assert page.title.startswith("Phê duyệt Đề án") and page.files.count() == 2
    assert page.reform_areas.count() == 2


def test_numbers_restart_every_year(tmp_path):
    """76/NQ-CP of 2013 and of 2021 are two resolutions: the key is number, issuer and year."""
    path = tmp_path / "hai-nam.csv"
    path.write_text(
        "so_ky_hieu,loai_van_ban,co_quan_ban_hanh,ngay_ban_hanh,trich_yeu\n"
        "76/NQ-CP,NQ,chinh-phu,13/06/2013,Chương trình tổng thể cải cách hành chính 2011-2020\n"
        "76/NQ-CP,NQ,chinh-phu,15/07/2021,Chương trình tổng thể cải cách hành chính 2021-2030\n",
        encoding="utf-8",
    )
    assert "Tạo mới: 2" in run(path)
    assert sorted(LegalDocumentPage.objects.values_list("slug", flat=True)) == ["76-nq-cp", "76-nq-cp-2021"]
    assert "Không đổi: 2" in run(path)

    status = tmp_path / "hieu-luc.csv"
    status.write_text(
        "so_ky_hieu,co_quan_ban_hanh,tinh_trang_hieu_luc\n76/NQ-CP,CHÍNH PHỦ,Hết hiệu lực toàn bộ\n"
    )
    output = run(status, status=1)
    assert "Dòng 2: ngay_ban_hanh: có 2 văn bản số 76/NQ-CP của cơ quan này (năm 2013, 2021); " in output
    status.write_text(
        "so_ky_hieu,co_quan_ban_hanh,ngay_ban_hanh,tinh_trang_hieu_luc\n"
        "76/NQ-CP,chinh-phu,2013-06-13,Hết hiệu lực toàn bộ\n"
    )
    assert "Cập nhật: 1" in run(status)
    statuses = dict(LegalDocumentPage.objects.values_list("issued_on__year", "status"))
    assert statuses == {2013: "het-hieu-luc-toan-bo", 2021: "con-hieu-luc"}


def test_bad_rows_are_rejected_with_line_and_reason_while_good_rows_land(tmp_path):
    rejects = tmp_path / "bi-tu-choi.csv"
    output = run(MIXED, "--attachments", FILES, "--rejects", rejects, status=1)

    assert "Tạo mới: 2 · Cập nhật: 0 · Không đổi: 0 · Bị từ chối: 7" in output
    assert sorted(LegalDocumentPage.objects.values_list("number", flat=True)) == ["20/QĐ-BNV", "876/QĐ-BNV"]
    expected = [
        "Dòng 4: so_ky_hieu: Số ký hiệu không đúng định dạng (ví dụ: 876/QĐ-BNV, 202/2025/QH15, "
        "23/BNV-CCHC).",
        "Dòng 5: ngay_co_hieu_luc: Ngày có hiệu lực không được trước ngày ban hành.",
        "Dòng 6: co_quan_ban_hanh: không có cơ quan ban hành «Bộ Không Có Thật» trong danh mục.",
        f"Dòng 7: tep_dinh_kem: không tìm thấy tệp «khong-co.pdf» trong {FILES}.",
        "Dòng 8: so_ky_hieu: Cơ quan ban hành này đã có văn bản số 876/QĐ-BNV ban hành năm 2023 ở dòng 2 "
        "của tệp.",
        "Dòng 9: ngay_ban_hanh: ngày «31/02/2024» không hợp lệ (dùng dd/mm/yyyy hoặc yyyy-mm-dd).",
        "Dòng 10: loai_van_ban: không có loại văn bản «Loại lạ» trong danh mục.",
    ]
    for line in expected:
        assert line in output
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["dong"] for row in rows] == [line.split(":")[0] for line in expected]
    assert rows[0]["so_ky_hieu"] == "12 QĐ BNV" and rows[0]["ly_do"].startswith("so_ky_hieu: Số ký hiệu")


def test_csv_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(codecs.BOM_UTF8 + GOOD.read_bytes())

    assert "Tạo mới: 3" in run(path, "--attachments", FILES)
    assert doc("13/CT-TTg").title == "Đẩy mạnh cải cách hành chính"


def test_json_import_reports_items_by_number():
    output = run(JSON, "--attachments", FILES, status=1)

    assert "Tạo mới: 1 · Cập nhật: 0 · Không đổi: 0 · Bị từ chối: 2" in output
    assert (
        "Mục 2: ngay_het_hieu_luc: Ngày hết hiệu lực phải sau ngày có hiệu lực (hoặc ngày ban hành)."
        in output
    )
    assert "Mục 3: Mục này không phải một đối tượng JSON." in output
    page = doc("202/2025/QH15")
    assert (page.kind.slug, page.effective_on, page.signer_title.name) == (
        "luat",
        date(2025, 3, 1),
        "Chủ tịch Quốc hội",
    )
    assert sorted(page.reform_areas.values_list("slug", flat=True)) == ["the-che", "to-chuc-bo-may"]
    assert [f.document.title for f in page.files.all()] == ["phu-luc.pdf"]


def test_json_as_a_plain_list(tmp_path):
    items = json.loads(JSON.read_text(encoding="utf-8"))["documents"][:1]
    path = tmp_path / "danh-sach.json"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")

    assert "Tạo mới: 1" in run(path, "--attachments", FILES)


def test_dry_run_writes_nothing():
    output = run(MIXED, "--attachments", FILES, "--dry-run", status=1)

    assert "Chạy thử (không ghi gì)" in output
    assert "Tạo mới: 2 · Cập nhật: 0 · Không đổi: 0 · Bị từ chối: 7" in output
    assert not LegalDocumentPage.objects.exists()
    assert not DocumentIndexPage.objects.exists()
    assert not get_document_model().objects.exists()


def test_draft_pages_are_not_live_and_wait_for_an_editor(tmp_path):
    run(GOOD, "--attachments", FILES, "--draft")

    page = doc("876/QĐ-BNV")
    assert not page.live and page.has_unpublished_changes
    assert page.latest_revision_id and page.live_revision_id is None
    assert "Không đổi: 3" in run(GOOD, "--attachments", FILES, "--draft")

    path = tmp_path / "sua.csv"
    path.write_text("so_ky_hieu,co_quan_ban_hanh,trich_yeu\n876/QĐ-BNV,bnv,Tiêu đề mới\n", encoding="utf-8")
    run(path, "--draft")
    page.refresh_from_db()
    assert page.title.startswith("Phê duyệt") and page.draft_title == "Tiêu đề mới"
    assert page.get_latest_revision_as_object().title == "Tiêu đề mới"
    assert "Không đổi: 1" in run(path, "--draft")


def test_draft_update_of_a_live_page_keeps_the_live_version(tmp_path):
    run(GOOD, "--attachments", FILES)
    path = tmp_path / "sua.csv"
    path.write_text(
        "so_ky_hieu,co_quan_ban_hanh,trich_yeu\n876/QĐ-BNV,bnv,Tiêu đề chờ duyệt\n", encoding="utf-8"
    )

    assert "Cập nhật: 1" in run(path, "--draft")

    page = doc("876/QĐ-BNV")
    assert page.live and page.has_unpublished_changes and page.title.startswith("Phê duyệt")
    assert page.latest_revision_id != page.live_revision_id
    assert page.get_latest_revision_as_object().title == "Tiêu đề chờ duyệt"


def test_parent_by_url_path_or_id_and_only_a_document_index(tmp_path):
    home = home_page_ensure()
    other = home.add_child(instance=DocumentIndexPage(title="Văn bản của Bộ", slug="van-ban-bo"))

    run(GOOD, "--attachments", FILES, "--parent", "/van-ban-bo/")
    assert LegalDocumentPage.objects.child_of(other).count() == 3
    assert "Không đổi: 3" in run(GOOD, "--attachments", FILES, "--parent", other.pk)

    for parent, message in [
        (home.pk, "không phải trang Cơ sở dữ liệu văn bản"),
        ("/khong-co/", "Không tìm thấy"),
    ]:
        with pytest.raises(CommandError, match=message) as raised:
            call_command("import_documents", str(GOOD), "--parent", str(parent), stdout=io.StringIO())
        assert raised.value.returncode == 2


def test_unreadable_files_exit_with_status_2(tmp_path):
    utf16 = tmp_path / "excel-unicode.csv"
    utf16.write_bytes("so_ky_hieu,co_quan_ban_hanh\n876/QĐ-BNV,Bộ Nội vụ\n".encode("utf-16"))
    missing_columns = tmp_path / "thieu-cot.csv"
    missing_columns.write_text("so,co_quan\n1,2\n", encoding="utf-8")
    broken = tmp_path / "hong.json"
    broken.write_text('{"documents": [', encoding="utf-8")

    for path, message in [
        (utf16, "không phải UTF-8"),
        (missing_columns, "thiếu cột bắt buộc: so_ky_hieu, co_quan_ban_hanh"),
        (broken, "JSON"),
        (tmp_path / "khong-co.csv", "Không tìm thấy tệp"),
    ]:
        with pytest.raises(CommandError, match=message) as raised:
            call_command("import_documents", str(path), stdout=io.StringIO(), verbosity=0)
        assert raised.value.returncode == 2
    assert not LegalDocumentPage.objects.exists()


def test_an_attachment_that_cannot_be_stored_rolls_back_only_its_row(monkeypatch, settings):
    from django.core.files.storage import FileSystemStorage

    original = FileSystemStorage._save

    def failing(self, name, content):
        if "phu-luc" in name:
            raise OSError(28, "No space left on device")
        return original(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", failing)
    output = run(GOOD, "--attachments", FILES, status=1)

    assert "Dòng 2: tep_dinh_kem: không lưu được tệp (No space left on device)." in output
    assert sorted(LegalDocumentPage.objects.values_list("number", flat=True)) == [
        "13/CT-TTg",
        "34/2017/NĐ-CP",
    ]
    assert list(get_document_model().objects.values_list("title", flat=True)) == ["34-2017-ND-CP.pdf"]
    stored = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "documents").iterdir())
    assert stored == ["34-2017-ND-CP.pdf"]


def test_a_database_error_in_a_batch_costs_only_the_failing_row(monkeypatch):
    original = history.log_entries_create

    def failing(entries, ctx):
        if any(page.number == "34/2017/NĐ-CP" for page, *_ in entries):
            raise IntegrityError("giả lập lỗi ràng buộc")
        return original(entries, ctx)

    monkeypatch.setattr(history, "log_entries_create", failing)
    output = run(GOOD, "--attachments", FILES, status=1)

    assert "Dòng 3: lỗi khi ghi vào cơ sở dữ liệu: giả lập lỗi ràng buộc" in output
    assert sorted(LegalDocumentPage.objects.values_list("number", flat=True)) == ["13/CT-TTg", "876/QĐ-BNV"]
    assert doc("13/CT-TTg").slug == "13-ct-ttg"
    assert all(not problems for problems in Page.find_problems())
    assert DocumentIndexPage.objects.get().numchild == 2


def test_the_admin_can_edit_and_publish_an_imported_page(client):
    """An imported page goes through the admin like any other: edited, then published directly or,
    when the editorial workflow is on (cms.editorial), submitted and published on approval."""
    run(GOOD, "--attachments", FILES)
    admin = get_user_model().objects.create_superuser("bientap", "b@localhost", "mat-khau-thu-nghiem")
    client.force_login(admin)
    page = doc("876/QĐ-BNV")
    url = f"/admin/pages/{page.pk}/edit/"
    under_workflow = page.get_workflow() is not None

    form = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    form["title"] = "Phê duyệt Đề án (biên tập viên sửa)"
    form["action-submit" if under_workflow else "action-publish"] = "1"
    response = client.post(url, dict(form.lists()))  # every value of multi-valued fields

    assert response.status_code == 302, response.context and response.context["form"].errors
    page.refresh_from_db()
    assert page.revisions.count() == 2
    if under_workflow:
        assert page.workflow_in_progress and page.title.startswith("Phê duyệt Đề án Xác định")
        page.get_latest_revision().publish()  # what the moderator's approval does
        page.refresh_from_db()
    assert page.title == "Phê duyệt Đề án (biên tập viên sửa)" and page.live
    assert page.live_revision_id == page.latest_revision_id
    assert page.files.count() == 2 and page.reform_areas.count() == 2
    assert all(not problems for problems in Page.find_problems())


def test_publishing_an_update_cancels_a_review_in_progress(tmp_path):
    run(GOOD, "--attachments", FILES)
    page = doc("876/QĐ-BNV")
    workflow = page.get_workflow()
    if workflow is None:
        pytest.skip("no editorial workflow configured")
    editor = get_user_model().objects.create_superuser("bientap", "b@localhost", "mat-khau-thu-nghiem")
    workflow.start(page, editor)
    assert page.workflow_in_progress
    path = tmp_path / "hieu-luc.csv"
    path.write_text("so_ky_hieu,co_quan_ban_hanh,tinh_trang_hieu_luc\n876/QĐ-BNV,bnv,Ngưng hiệu lực\n")

    assert "Cập nhật: 1" in run(path)

    page = doc("876/QĐ-BNV")
    assert not page.workflow_in_progress and page.status == "ngung-hieu-luc"


def test_the_operator_can_be_named_in_the_history():
    operator = get_user_model().objects.create_user("nhap-lieu", "n@localhost", "mat-khau-thu-nghiem")

    run(GOOD, "--attachments", FILES, "--user", "nhap-lieu")

    page = doc("13/CT-TTg")
    assert page.owner == operator and page.live_revision.user == operator
    assert set(PageLogEntry.objects.filter(page=page).values_list("user__username", flat=True)) == {
        "nhap-lieu"
    }
    run(GOOD, "--user", "khong-co-ai", status=2)
