"""import_documents: relations between documents (quan_he), validity history and the unit."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import querydict_from_html

from cms.documents.importing import documents_import
from cms.documents.models import DocumentRelation, LegalDocumentPage, ValidityEvent

pytestmark = pytest.mark.django_db

HEADER = ["so_ky_hieu", "co_quan_ban_hanh", "loai_van_ban", "ngay_ban_hanh", "trich_yeu"]
# 876 names one document earlier in the file (979) and one later (1149).
ROWS = [
    ["979/QĐ-BNV", "bnv", "QĐ", "18/11/2020", "Kế hoạch cải cách hành chính 2021–2030", "", "", ""],
    [
        "876/QĐ-BNV",
        "bnv",
        "QĐ",
        "10/11/2023",
        "Đề án Chỉ số cải cách hành chính",
        "can-cu: 979/QĐ-BNV (2020); Thay thế: 1149/QĐ-BNV: Điều 1",
        "01/01/2024: Còn hiệu lực; 10/11/2025: het-hieu-luc-mot-phan: Bị sửa đổi bởi 9/2025/QĐ-BNV",
        "BNV",
    ],
    ["1149/QĐ-BNV", "bnv", "QĐ", "30/12/2020", "Đề án Chỉ số cải cách hành chính (cũ)", "", "", ""],
]


def write(
    tmp_path: Path, rows: list[list[str]], extra: tuple[str, ...] = ("quan_he", "lich_su_hieu_luc", "don_vi")
):
    path = tmp_path / f"van-ban-{len(list(tmp_path.iterdir()))}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*HEADER, *extra])
        writer.writerows(row[: len(HEADER) + len(extra)] for row in rows)
    return path


def run(path: Path, *args: str, status: int = 0) -> str:
    out = io.StringIO()
    if status:
        with pytest.raises(CommandError) as raised:
            call_command("import_documents", str(path), *args, stdout=out, verbosity=0)
        assert raised.value.returncode == status, str(raised.value)
    else:
        call_command("import_documents", str(path), *args, stdout=out, verbosity=0)
    return out.getvalue()


def doc(number: str) -> LegalDocumentPage:
    return LegalDocumentPage.objects.get(number=number)


def relations(number: str) -> list[tuple[str, str, str]]:
    found = DocumentRelation.objects.filter(source=doc(number)).order_by("sort_order")
    return [(r.kind, r.target.number, r.note) for r in found.select_related("target")]


def test_relations_history_and_unit_are_imported_and_shown_both_ways(tmp_path, client):
    output = run(write(tmp_path, ROWS))

    assert "Tạo mới: 3 · Cập nhật: 0 · Không đổi: 0 · Bị từ chối: 0" in output
    assert relations("876/QĐ-BNV") == [("can-cu", "979/QĐ-BNV", ""), ("thay-the", "1149/QĐ-BNV", "Điều 1")]
    events = ValidityEvent.objects.filter(page=doc("876/QĐ-BNV")).order_by("sort_order")
    assert [(e.date, e.status, e.note) for e in events] == [
        (date(2024, 1, 1), "con-hieu-luc", ""),
        (date(2025, 11, 10), "het-hieu-luc-mot-phan", "Bị sửa đổi bởi 9/2025/QĐ-BNV"),
    ]
    assert doc("876/QĐ-BNV").unit.code == "BNV" and doc("979/QĐ-BNV").unit is None

    old = client.get(f"/api/v2/pages/{doc('1149/QĐ-BNV').pk}/", {"fields": "*"}).json()
    assert [(r["label"], r["document"]["number"], r["note"]) for r in old["related_from"]] == [
        ("Bị thay thế bởi", "876/QĐ-BNV", "Điều 1")
    ]
    new = client.get(f"/api/v2/pages/{doc('876/QĐ-BNV').pk}/", {"fields": "*"}).json()
    assert [r["document"]["number"] for r in new["relations"]] == ["979/QĐ-BNV", "1149/QĐ-BNV"]
    assert [e["status"] for e in new["validity_history"]] == ["con-hieu-luc", "het-hieu-luc-mot-phan"]
    assert all(not problems for problems in Page.find_problems())


def test_the_published_revision_holds_them_so_the_admin_keeps_them(tmp_path, client):
    run(write(tmp_path, ROWS))
    page = doc("876/QĐ-BNV")
    content = page.live_revision.content
    assert [(r["kind"], r["target"]) for r in content["relations"]] == [
        ("can-cu", doc("979/QĐ-BNV").pk),
        ("thay-the", doc("1149/QĐ-BNV").pk),
    ]
    assert content["relations"][0]["pk"] == DocumentRelation.objects.filter(source=page).first().pk
    assert len(content["validity_history"]) == 2 and content["unit"] == page.unit_id

    admin = get_user_model().objects.create_superuser("bientap", "b@localhost", "mat-khau-thu-nghiem")
    client.force_login(admin)
    url = f"/admin/pages/{page.pk}/edit/"
    form = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    assert form["relations-TOTAL_FORMS"] == "2" and form["validity_history-TOTAL_FORMS"] == "2"
    form["title"] = "Đề án (biên tập viên sửa)"
    form["action-submit" if page.get_workflow() else "action-publish"] = "1"
    response = client.post(url, dict(form.lists()))

    assert response.status_code == 302, response.context and response.context["form"].errors
    latest = page.get_latest_revision().as_object()
    assert [r.target_id for r in latest.relations.all()] == [doc("979/QĐ-BNV").pk, doc("1149/QĐ-BNV").pk]
    assert latest.validity_history.count() == 2


def test_a_second_run_changes_nothing(tmp_path):
    path = write(tmp_path, ROWS)
    run(path)
    counts = (Revision.objects.count(), DocumentRelation.objects.count(), ValidityEvent.objects.count())

    assert "Tạo mới: 0 · Cập nhật: 0 · Không đổi: 3 · Bị từ chối: 0" in run(path)
    assert (
        Revision.objects.count(),
        DocumentRelation.objects.count(),
        ValidityEvent.objects.count(),
    ) == counts


def test_a_changed_column_replaces_them_and_a_missing_column_keeps_them(tmp_path):
    run(write(tmp_path, ROWS))
    first = DocumentRelation.objects.get(source=doc("876/QĐ-BNV"), kind="can-cu").pk
    changed = [row[:] for row in ROWS]
    changed[1][5] = "can-cu: 979/QĐ-BNV; bai-bo: 1149/QĐ-BNV (2020)"
    changed[1][6] = "10/11/2025: Hết hiệu lực toàn bộ"
    changed[1][7] = ""

    output = run(write(tmp_path, changed))

    assert "Tạo mới: 0 · Cập nhật: 1 · Không đổi: 2" in output
    assert relations("876/QĐ-BNV") == [("can-cu", "979/QĐ-BNV", ""), ("bai-bo", "1149/QĐ-BNV", "")]
    assert first not in DocumentRelation.objects.values_list("pk", flat=True)
    assert list(doc("876/QĐ-BNV").validity_history.values_list("status", flat=True)) == [
        "het-hieu-luc-toan-bo"
    ]
    assert doc("876/QĐ-BNV").unit is None
    assert doc("876/QĐ-BNV").live_revision.content["relations"][1]["kind"] == "bai-bo"

    status_only = tmp_path / "tinh-trang.csv"
    status_only.write_text(
        "so_ky_hieu,co_quan_ban_hanh,tinh_trang_hieu_luc\n876/QĐ-BNV,bnv,ngung-hieu-luc\n", encoding="utf-8"
    )
    assert "Cập nhật: 1" in run(status_only)
    assert len(relations("876/QĐ-BNV")) == 2 and doc("876/QĐ-BNV").validity_history.count() == 1
    assert len(doc("876/QĐ-BNV").live_revision.content["relations"]) == 2


def test_an_unknown_or_ambiguous_target_rejects_the_row_with_its_line(tmp_path):
    rows = [
        *ROWS,
        ["5/QĐ-BNV", "bnv", "QĐ", "05/01/2024", "Văn bản thiếu căn cứ", "huong-dan: 404/QĐ-BNV (2019)"],
        ["6/QĐ-BNV", "bnv", "QĐ", "06/01/2024", "Quan hệ lạ", "sao-chep: 979/QĐ-BNV"],
        ["979/QĐ-BNV", "bnv", "QĐ", "03/02/2021", "Cùng số, năm khác", ""],
        ["7/QĐ-BNV", "bnv", "QĐ", "07/01/2024", "Không ghi năm", "can-cu: 979/QĐ-BNV"],
    ]
    output = run(write(tmp_path, rows, extra=("quan_he",)), status=1)

    assert (
        "Dòng 5: quan_he: không tìm thấy văn bản 404/QĐ-BNV (2019) (quan hệ «Hướng dẫn») "
        "trong cơ sở dữ liệu hay trong tệp." in output
    )
    assert "Dòng 6: quan_he: loại quan hệ «sao-chep» không hợp lệ" in output
    assert "Dòng 8: quan_he: có 2 văn bản số 979/QĐ-BNV (năm 2020, 2021); ghi năm trong ngoặc" in output
    assert "Tạo mới: 4 · Cập nhật: 0 · Không đổi: 0 · Bị từ chối: 3" in output
    assert not LegalDocumentPage.objects.filter(number__in=["5/QĐ-BNV", "6/QĐ-BNV", "7/QĐ-BNV"]).exists()


def test_a_row_relating_to_a_rejected_row_is_rejected_too(tmp_path):
    rows = [
        ["1/QĐ-BNV", "bnv", "QĐ", "05/01/2024", "Có hiệu lực trước khi ban hành", "", "01/01/2024"],
        ["2/QĐ-BNV", "bnv", "QĐ", "06/01/2024", "Căn cứ văn bản hỏng", "can-cu: 1/QĐ-BNV", ""],
        ["3/QĐ-BNV", "bnv", "QĐ", "07/01/2024", "Độc lập", "", ""],
    ]
    output = run(write(tmp_path, rows, extra=("quan_he", "ngay_co_hieu_luc")), status=1)

    assert "Dòng 2: ngay_co_hieu_luc:" in output
    assert "Dòng 3: quan_he: văn bản liên quan 1/QĐ-BNV (dòng 2) chưa nhập được." in output
    assert list(LegalDocumentPage.objects.values_list("number", flat=True)) == ["3/QĐ-BNV"]


def test_targets_later_in_the_file_work_across_batches(tmp_path):
    """The rows are ordered so a target is written first; each row still in its own batch."""
    path = write(tmp_path, list(reversed(ROWS)))
    result = documents_import(path=write(tmp_path, [ROWS[1], ROWS[0], ROWS[2]]), batch_size=1)

    assert (result.created, result.rejected) == (3, 0)
    assert [n for _, n, _ in relations("876/QĐ-BNV")] == ["979/QĐ-BNV", "1149/QĐ-BNV"]
    assert documents_import(path=path, batch_size=1).unchanged == 3


def test_json_lists_of_objects(tmp_path):
    path = tmp_path / "van-ban.json"
    base = {"co_quan_ban_hanh": "bnv", "loai_van_ban": "QĐ"}
    documents = [
        {**base, "so_ky_hieu": "979/QĐ-BNV", "ngay_ban_hanh": "2020-11-18", "trich_yeu": "Kế hoạch"},
        {
            **base,
            "so_ky_hieu": "876/QĐ-BNV",
            "ngay_ban_hanh": "2023-11-10",
            "trich_yeu": "Đề án",
            "quan_he": [{"quan_he": "Căn cứ", "so_ky_hieu": "979/QĐ-BNV", "nam": 2020, "ghi_chu": "Mục II"}],
            "lich_su_hieu_luc": [{"ngay": "2023-11-10", "tinh_trang": "con-hieu-luc", "ghi_chu": "Ký"}],
            "don_vi": "BNV",
        },
    ]
    path.write_text(json.dumps(documents, ensure_ascii=False), encoding="utf-8")

    assert "Tạo mới: 2" in run(path)
    assert relations("876/QĐ-BNV") == [("can-cu", "979/QĐ-BNV", "Mục II")]
    assert doc("876/QĐ-BNV").validity_history.get().note == "Ký"
    assert "Không đổi: 2" in run(path)


def test_unit_codes_are_looked_up_on_the_date_of_issue(tmp_path):
    rows = [
        ["10/QĐ-UBND", "bnv", "QĐ", "10/03/2024", "Trước sáp nhập", "24"],
        ["11/QĐ-UBND", "bnv", "QĐ", "10/08/2025", "Sau sáp nhập", "24"],
        ["12/QĐ-UBND", "bnv", "QĐ", "10/08/2025", "Mã không có", "XYZ"],
    ]
    output = run(write(tmp_path, rows, extra=("don_vi",)), status=1)

    assert doc("10/QĐ-UBND").unit.name == "Tỉnh Bắc Giang"
    assert doc("11/QĐ-UBND").unit.name == "Tỉnh Bắc Ninh"
    assert "Dòng 4: don_vi: không có đơn vị mã «XYZ» vào ngày 10/08/2025 (ngày ban hành)." in output


def test_rejected_json_relations_are_written_back_in_csv_form(tmp_path):
    path = tmp_path / "sai.json"
    item = {"so_ky_hieu": "8/QĐ-BNV", "co_quan_ban_hanh": "bnv", "loai_van_ban": "QĐ"}
    item |= {"ngay_ban_hanh": "2024-01-08", "trich_yeu": "Thiếu văn bản"}
    item["quan_he"] = [{"quan_he": "can-cu", "so_ky_hieu": "404/QĐ-BNV", "nam": 2019}]
    path.write_text(json.dumps([item], ensure_ascii=False), encoding="utf-8")
    rejects = tmp_path / "loi.csv"

    run(path, "--rejects", str(rejects), status=1)

    with rejects.open(encoding="utf-8-sig") as handle:
        row = next(csv.DictReader(handle))
    assert row["quan_he"] == "can-cu: 404/QĐ-BNV (2019)"


def test_a_draft_import_puts_new_relations_in_the_draft_only(tmp_path):
    run(write(tmp_path, ROWS))
    changed = [row[:] for row in ROWS]
    changed[1][5] = "bai-bo: 1149/QĐ-BNV"
    path = write(tmp_path, changed)

    assert "Cập nhật: 1" in run(path, "--draft")
    assert relations("876/QĐ-BNV") == [("can-cu", "979/QĐ-BNV", ""), ("thay-the", "1149/QĐ-BNV", "Điều 1")]
    draft = doc("876/QĐ-BNV").get_latest_revision().as_object()
    assert [(r.kind, r.target.number) for r in draft.relations.all()] == [("bai-bo", "1149/QĐ-BNV")]
    assert "Không đổi: 3" in run(path, "--draft")
