"""The importer's pieces: reading files, matching taxonomy spellings, rich text, slugs, row checks."""

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from cms.documents.importing.columns import COLUMNS, columns_help
from cms.documents.importing.lookups import lookups_load
from cms.documents.importing.reading import ImportAborted, SourceRow, source_read
from cms.documents.importing.richtext import rich_text_from
from cms.documents.importing.rows import Rejected, document_validate, row_parse
from cms.documents.importing.tree import slug_for

DOCS = Path(__file__).resolve().parents[3] / "docs" / "import_documents.md"


def source(**values: object) -> SourceRow:
    base = {"so_ky_hieu": "876/QĐ-BNV", "co_quan_ban_hanh": "bnv"}
    return SourceRow(7, "Dòng 7", {**base, **values})


@pytest.fixture
def lookups(db):
    with translation.override("vi"):
        yield lookups_load()


@pytest.mark.parametrize(
    ("spelling", "slug"),
    [
        ("Bộ Nội vụ", "bnv"),
        ("BỘ NỘI VỤ", "bnv"),
        (unicodedata.normalize("NFD", "Bộ Nội vụ"), "bnv"),
        ("  Bộ   Nội vụ ", "bnv"),
        ("BNV", "bnv"),
        ("Bo Noi vu", "bnv"),
        ("thu-tuong-chinh-phu", "thu-tuong-chinh-phu"),
    ],
)
def test_issuers_match_by_name_slug_or_unit_code_whatever_the_case_and_normal_form(lookups, spelling, slug):
    from cms.documents.models import Issuer

    assert lookups.issuers.get(spelling) == Issuer.objects.get(slug=slug).pk


def test_a_spelling_shared_by_two_issuers_matches_neither(lookups):
    # The Government and the Prime Minister are both unit CP: "CP" is not a guess worth making.
    assert lookups.issuers.get("CP") is None


@pytest.mark.parametrize("spelling", ["Quyết định", "quyết định", "quyet-dinh", "QĐ", "qđ", "Quyet dinh"])
def test_kinds_match_by_name_slug_or_abbreviation(lookups, spelling):
    from cms.documents.models import DocumentKind

    assert lookups.kinds.get(spelling) == DocumentKind.objects.get(slug="quyet-dinh").pk


def test_statuses_and_scopes_by_label_or_value(lookups):
    assert lookups.statuses.get("hết hiệu lực MỘT PHẦN") == "het-hieu-luc-mot-phan"
    assert lookups.statuses.get("ngung-hieu-luc") == "ngung-hieu-luc"
    assert lookups.scopes.get("Bộ, ngành") == "bo-nganh"
    assert lookups.statuses.get("Còn hiệu lực một nửa") is None


def test_dates_in_both_forms_and_impossible_dates_rejected(lookups):
    row = row_parse(source(ngay_ban_hanh="5/3/2024", ngay_co_hieu_luc="2024-03-20"), lookups, None)
    assert (row.values["issued_on"], row.values["effective_on"]) == (date(2024, 3, 5), date(2024, 3, 20))
    for bad in ("2024-02-30", "31/04/2024", "03-05-2024", "hôm qua"):
        with pytest.raises(Rejected, match="ngay_ban_hanh: ngày «.*» không hợp lệ"):
            row_parse(source(ngay_ban_hanh=bad), lookups, None)


def test_a_row_collects_every_problem_at_once(lookups):
    with pytest.raises(Rejected) as raised:
        row_parse(
            source(
                co_quan_ban_hanh="",
                loai_van_ban="Sắc lệnh",
                linh_vuc=["the-che", "vu-tru"],
                pham_vi="Thế giới",
            ),
            lookups,
            None,
        )
    reasons = raised.value.reasons
    assert "loai_van_ban: không có loại văn bản «Sắc lệnh» trong danh mục." in reasons
    assert "linh_vuc: không có lĩnh vực «vu-tru» trong danh mục." in reasons
    assert any(
        r.startswith("pham_vi: giá trị «Thế giới» không hợp lệ (chọn một trong: Toàn quốc") for r in reasons
    )
    assert "co_quan_ban_hanh: Trường này không được để trắng." in reasons


def test_attachment_names_are_plain_file_names_of_allowed_types(lookups, tmp_path):
    (tmp_path / "chay.exe").write_bytes(b"MZ")
    for name, reason in [
        ("../bi-mat.pdf", "không được chứa đường dẫn thư mục"),
        ("chay.exe", "không được phép"),
        ("khong-co.pdf", "không tìm thấy tệp"),
    ]:
        with pytest.raises(Rejected, match=reason):
            row_parse(source(tep_dinh_kem=[name]), lookups, tmp_path)
    with pytest.raises(Rejected, match="không có --attachments"):
        row_parse(source(tep_dinh_kem=["a.pdf"]), lookups, None)


@pytest.mark.django_db  # Wagtail's Page() looks its content type up
def test_model_rules_give_the_model_messages():
    base = {"title": "Trích yếu", "kind_id": 1, "issued_on": date(2024, 1, 10), "number": "1/QĐ-BNV"}
    with translation.override("vi"), pytest.raises(Rejected) as raised:
        document_validate(
            {**base, "expires_on": date(2024, 1, 10), "summary": "x" * 601, "status": "con-hieu-luc"}
        )
    assert raised.value.reasons[0] == (
        "ngay_het_hieu_luc: Ngày hết hiệu lực phải sau ngày có hiệu lực (hoặc ngày ban hành)."
    )
    assert raised.value.reasons[1].startswith("tom_tat: ") and "600" in raised.value.reasons[1]
    with (
        translation.override("vi"),
        pytest.raises(Rejected, match="trich_yeu: Trường này không được để trắng"),
    ):
        document_validate({**base, "title": "", "status": "con-hieu-luc", "scope": "toan-quoc"})


def test_rich_text_from_plain_text_and_html():
    assert rich_text_from("Điều 1. A & B\nĐiều 2.\n\n\nChương II") == (
        "<p>Điều 1. A &amp; B<br/>Điều 2.</p><p>Chương II</p>"
    )
    assert rich_text_from("Hệ số <k> và x < y") == "<p>Hệ số &lt;k&gt; và x &lt; y</p>"
    simple = "<h2>Chương I</h2><p>Điều 1. <b>Phạm vi</b></p><ul><li>a</li></ul>"
    assert rich_text_from(simple) == simple
    cleaned = rich_text_from(
        '<div class="x">Điều 1.<script>alert(1)</script></div><p onclick="x()">Điều 2.</p>'
    )
    assert cleaned == "<p>Điều 1.</p><p>Điều 2.</p>"
    assert rich_text_from("   ") == ""


def test_slugs_come_from_the_number_and_stay_unique_among_siblings():
    taken = {"876-qd-bnv"}
    assert slug_for("876/QĐ-BNV", 2024, taken) == "876-qd-bnv-2024"
    assert slug_for("876/QĐ-BNV", 2024, taken) == "876-qd-bnv-2024-2"
    assert slug_for("202/2025/QH15", 2025, taken) == "202-2025-qh15"
    assert slug_for("202/2025/QH15", 2025, taken) == "202-2025-qh15-2"
    assert slug_for("34/2017/NĐ-CP", 2017, taken) == "34-2017-nd-cp"


def test_csv_reading_keeps_physical_line_numbers_and_accepts_semicolons(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(
        'so_ky_hieu;co_quan_ban_hanh;toan_van;linh_vuc\n1/QĐ-BNV;bnv;"dòng 1\ndòng 2";"a; b ;"\n'
        "\n2/QĐ-BNV;bnv;;\n",
        encoding="utf-8",
    )
    rows = source_read(path).rows
    assert [(r.line, r.where) for r in rows] == [(2, "Dòng 2"), (5, "Dòng 5")]
    assert rows[0].values["linh_vuc"] == ["a", "b"] and rows[0].values["toan_van"] == "dòng 1\ndòng 2"


def test_csv_rows_with_extra_cells_are_reported(tmp_path):
    path = tmp_path / "thua.csv"
    path.write_text("so_ky_hieu,co_quan_ban_hanh\n1/QĐ-BNV,bnv,thừa\n", encoding="utf-8")
    assert source_read(path).rows[0].problem == "Có 3 ô, nhiều hơn 2 cột tiêu đề."


def test_unknown_columns_are_named_and_duplicate_columns_refused(tmp_path):
    path = tmp_path / "cot.csv"
    path.write_text("so_ky_hieu,co_quan_ban_hanh,ghi_chu\n", encoding="utf-8")
    assert source_read(path).unknown_columns == ["ghi_chu"]
    path.write_text("so_ky_hieu,co_quan_ban_hanh,so_ky_hieu\n", encoding="utf-8")
    with pytest.raises(ImportAborted, match="cột trùng tên"):
        source_read(path)


def test_every_column_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"`{column.name}`" in text
        assert column.name in columns_help()
