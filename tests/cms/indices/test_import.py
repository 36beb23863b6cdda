"""Import of an edition's results: good files in CSV and XLSX, each kind of bad row, all or nothing."""

import subprocess
import sys
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.builds.models import BuildRequest
from cms.indices.importing import ImportAborted
from cms.indices.models import IndexResult, RegionalAverage
from cms.indices.services import index_results_import
from tests.cms.indices.conftest import csv_bytes, xlsx_bytes

HEADER = ["Mã đơn vị", "Tên đơn vị", "Chỉ số", "Xếp hạng", "Nhóm", "Thay đổi", "1", "2", "8", "Ghi chú"]
GOOD = [
    HEADER,
    ["31", "Hải Phòng", "96,17", "1", "A", "4,30", "7,5", "9", "90", ""],
    ["77", "Bà Rịa - Vũng Tàu", "92.50", "2", "", "", "", "", "", ""],
    ["01", "Hà Nội", "", "3", "", "", "", "", "", "Chưa có giá trị"],
    ["75", "Đồng Nai", "90.69", "8", "", "", "", "", "", ""],
    ["04", "Cao Bằng", "", "63", "", "", "", "", "", ""],
]


def _import(edition, rows, *, fmt="csv", dry_run=False):
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    return index_results_import(edition=edition, content=content, file_name=f"ket-qua.{fmt}", dry_run=dry_run)


def _snapshot(edition):
    """Every result of the edition as comparable tuples, with its component values."""
    results = edition.results.select_related("unit").prefetch_related("component_values__component")
    return sorted((r.unit.code, r.value, r.rank, r.group, r.change, r.note, _components(r)) for r in results)


def _components(result) -> tuple:
    return tuple(sorted((v.component.code, v.value) for v in result.component_values.all()))


def _number(text: str) -> float | None:
    return float(text.replace(",", ".")) if text else None


def test_good_csv_is_imported(par_edition):
    report = _import(par_edition, GOOD)
    assert report.ok and report.written == 5 and report.format == "csv"
    hp = par_edition.results.get(unit__code="31")
    assert (hp.value, hp.rank, hp.group, hp.change) == (D("96.17"), 1, "A", D("4.30"))
    assert {v.component.code: v.value for v in hp.component_values.all()} == {
        "1": D("7.50"),
        "2": D(9),
        "8": D(90),
    }
    assert par_edition.results.get(unit__code="77").group == "A"  # filled in from the value
    hanoi = par_edition.results.get(unit__code="01")
    assert (hanoi.value, hanoi.rank, hanoi.group, hanoi.note) == (None, 3, "", "Chưa có giá trị")
    assert BuildRequest.objects.count() == 0  # the service writes; the command and the view announce


def test_good_xlsx_with_numbers_is_imported_like_the_csv(par_edition):
    csv_result = (_import(par_edition, GOOD), _snapshot(par_edition))
    # As Excel stores them: numbers as numbers (the code "01" becomes 1), empty cells as None.
    rows = [HEADER] + [
        [int(r[0]), r[1], _number(r[2]), int(r[3]), r[4] or None, *map(_number, r[5:9]), r[9] or None]
        for r in GOOD[1:]
    ]
    report = _import(par_edition, rows, fmt="xlsx")
    assert report.ok and report.format == "xlsx" and report.replaced == 5
    assert _snapshot(par_edition) == csv_result[1]
    assert par_edition.results.filter(unit__code="01", unit__valid_from=None).exists()  # 1 → "01"


def test_semicolon_csv_with_bom_and_vietnamese_decimals(par_edition):
    content = "\ufeff".encode() + csv_bytes([["ma_don_vi", "chi_so"], ["31", "96,17%"], ["22", "92,18"]], ";")
    report = index_results_import(edition=par_edition, content=content, file_name="a.csv")
    assert report.ok
    assert par_edition.results.get(unit__code="22").value == D("92.18")


def test_reimport_replaces_and_is_idempotent(par_edition):
    _import(par_edition, GOOD)
    first = _snapshot(par_edition)
    report = _import(par_edition, GOOD)
    assert report.replaced == 5 and report.written == 5
    assert _snapshot(par_edition) == first
    _import(par_edition, [["ma_don_vi", "chi_so"], ["22", "92.18"]])
    assert [r[0] for r in _snapshot(par_edition)] == ["22"]


def test_dry_run_writes_nothing(par_edition):
    report = _import(par_edition, GOOD, dry_run=True)
    assert report.ok and report.dry_run and report.written == 0
    assert not IndexResult.objects.exists()


def _with(row: dict) -> list[list]:
    """GOOD with one row (line 3) changed: {column index: value}."""
    rows = [list(r) for r in GOOD]
    for index, value in row.items():
        rows[2][index] = value
    return rows


BAD = {
    "unknown unit": (_with({0: "99"}), 3, "ma_don_vi", "không có đơn vị mã «99»"),
    "ministry in a provinces edition": (_with({0: "BTP"}), 3, "ma_don_vi", "không có đơn vị mã «BTP»"),
    "unit created after the year": (_with({0: "31-2025-07-01"}), 3, "ma_don_vi", "không có đơn vị mã"),
    "value over 100": (_with({2: "100.5"}), 3, "chi_so", "vượt mức tối đa 100%"),
    "value below 0": (_with({2: "-1"}), 3, "chi_so", "thấp hơn mức tối thiểu 0%"),
    "value not a number": (_with({2: "chín mươi"}), 3, "chi_so", "«chín mươi» không phải là số"),
    "too many decimals": (_with({2: "92.505"}), 3, "chi_so", "quá 2 chữ số thập phân"),
    "component over its maximum": (_with({6: "8.5"}), 3, "1", "vượt mức tối đa 8 điểm"),
    "percent component over 100": (_with({8: "101"}), 3, "8", "vượt mức tối đa 100%"),
    "component not a number": (_with({7: "9x"}), 3, "2", "«9x» không phải là số"),
    "rank not a whole number": (_with({3: "2.5"}), 3, "xep_hang", "phải là số nguyên"),
    "rank beyond the ranked units": (_with({3: "64"}), 3, "xep_hang", "vượt mức tối đa 63"),
    "rank contradicting values": (_with({3: "9"}), 5, "xep_hang", "mâu thuẫn với dòng 3"),
    "tie with different ranks": (_with({2: "96.17", 3: "2"}), 3, "xep_hang", "cùng chỉ số phải cùng hạng"),
    "group not matching the value": (_with({4: "B"}), 3, "nhom", "thuộc nhóm A"),
    "unknown group": (_with({4: "D"}), 3, "nhom", "nhóm «D» không hợp lệ"),
    "duplicate unit": (_with({0: "31"}), 3, "", "đơn vị mã «31» đã có ở dòng 2"),
    "change out of range": (_with({5: "120"}), 3, "thay_doi", "vượt mức tối đa 100 điểm %"),
    "cell outside the columns": (
        [*GOOD[:2], [*GOOD[2], "thừa"], *GOOD[3:]],
        3,
        "",
        "ngoài các cột có tiêu đề",
    ),
    "unknown column": ([HEADER[:-1] + ["điểm thưởng"], *GOOD[1:]], None, "", "cột «diem_thuong» không có"),
    "no unit column": ([["chi_so"], ["90"]], None, "", "thiếu cột mã đơn vị"),
    "header only": ([HEADER], None, "", "không có dòng dữ liệu"),
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("case", BAD)
def test_bad_rows_are_rejected_and_nothing_is_written(par_edition, case, fmt):
    _import(par_edition, GOOD[:2])  # an earlier import, which must survive the rejected one
    before = _snapshot(par_edition)
    rows, line, column, message = BAD[case]
    report = _import(par_edition, rows, fmt=fmt)
    assert not report.ok and report.written == 0
    matching = [e for e in report.errors if message in e.message]
    assert matching, [str(e) for e in report.errors]
    assert (matching[0].line, matching[0].column) == (line, column)
    where = f"Dòng {line}" if line else "Dòng tiêu đề"
    assert str(matching[0]).startswith(where)
    assert _snapshot(par_edition) == before


def test_several_errors_are_all_reported(par_edition):
    rows = _with({0: "99", 2: "abc"}) + [["01", "", "101", "", "", "", "", "", "", ""]]
    report = _import(par_edition, rows)
    assert {(e.line, e.column) for e in report.errors} >= {(3, "ma_don_vi"), (3, "chi_so"), (7, "chi_so")}


def test_sipas_edition_refuses_groups(sipas_edition):
    report = _import(sipas_edition, [["ma_don_vi", "chi_so", "nhom"], ["22", "90.61", "A"]])
    assert [str(e) for e in report.errors] == [
        "Dòng 2, cột «nhom»: chỉ số SIPAS không phân nhóm; để trống cột này."
    ]
    assert _import(sipas_edition, [["ma_don_vi", "chi_so", "xep_hang"], ["22", "90.61", "1"]]).ok
    assert sipas_edition.results.get().group == ""


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("Mã;Chỉ số\n31;96,17\n".encode("utf-16"), "a.csv", "không phải UTF-8"),
        (b"PK\x03\x04 not really a workbook", "a.xlsx", "Tệp Excel hỏng"),
        (b"\xd0\xcf\x11\xe0", "a.xls", "Chỉ nhận tệp CSV"),
        (b"", "a.csv", "Tệp trống"),
        (b'ma_don_vi\n"31\n', "a.csv", "Tệp CSV hỏng"),
    ],
)
def test_unreadable_files_abort(par_edition, content, name, message):
    with pytest.raises(ImportAborted, match=message):
        index_results_import(edition=par_edition, content=content, file_name=name)


def test_regional_average_computed_only_for_complete_regions(par_edition):
    tay_nguyen = {"62": "84.00", "64": "86.00", "66": "85.50", "67": "83.10", "68": "87.00"}
    rows = [["ma_don_vi", "chi_so"], *[[code, value] for code, value in tay_nguyen.items()], ["31", "96.17"]]
    assert _import(par_edition, rows).ok
    computed = RegionalAverage.objects.get(edition=par_edition)
    assert (computed.region, computed.value, computed.computed) == ("tay_nguyen", D("85.12"), True)
    RegionalAverage.objects.filter(pk=computed.pk).update(value=D("85.63"), computed=False)  # now published
    _import(par_edition, rows)
    published = RegionalAverage.objects.get(edition=par_edition)
    assert (published.value, published.computed) == (D("85.63"), False)


def test_command_imports_and_queues_a_site_build(par_edition, tmp_path):
    path = tmp_path / "ket-qua.xlsx"
    path.write_bytes(xlsx_bytes(GOOD))
    out = StringIO()
    call_command("import_index", str(path), edition=par_edition.slug, stdout=out)
    assert "Đã nhập 5 kết quả" in out.getvalue()
    assert par_edition.results.count() == 5
    assert BuildRequest.objects.filter(action=BuildRequest.Action.IMPORT).count() == 1


def test_command_exit_codes(par_edition, tmp_path):
    good, bad = tmp_path / "tot.csv", tmp_path / "loi.csv"
    good.write_bytes(csv_bytes(GOOD))
    bad.write_bytes(csv_bytes(_with({0: "99"})))
    out = StringIO()
    call_command("import_index", str(good), edition=par_edition.slug, dry_run=True, stdout=out)
    assert "Chưa ghi gì" in out.getvalue() and not IndexResult.objects.exists()
    err = StringIO()
    with pytest.raises(CommandError) as rejected:
        call_command("import_index", str(bad), edition=par_edition.slug, stderr=err)
    assert rejected.value.returncode == 1
    assert "Dòng 3, cột «ma_don_vi»: không có đơn vị mã «99»" in err.getvalue()
    for args, kwargs in [((str(good),), {"edition": "khong-co"}), ((str(tmp_path / "thieu.csv"),), {})]:
        with pytest.raises(CommandError) as usage:
            call_command("import_index", *args, **{"edition": par_edition.slug, **kwargs})
        assert usage.value.returncode == 2
    assert not IndexResult.objects.exists()


def test_command_line_usage_error_exits_2():
    done = subprocess.run(
        [sys.executable, "-m", "cms", "import_index", "tep.csv"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "--edition" in done.stderr


def test_xlsx_is_parsed_without_xml_entity_expansion():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML  # defusedxml (a dependency of Wagtail's Willow) guards openpyxl's parser
