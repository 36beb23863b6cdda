"""The loaded reference data: 63 → 34 provinces as domain.md §5 lists them, and the 19 assessed ministries."""

import unicodedata
from datetime import date

import pytest

from cms.units.models import Unit, UnitSuccession
from cms.units.selectors import (
    ministries_par_assessed,
    provinces_current,
    unit_get,
    unit_predecessors,
    unit_successors,
    units_current,
)

BEFORE, AFTER = date(2025, 6, 30), date(2025, 7, 1)

# domain.md §5, short names: the new unit = the old units, the first-named keeping the name.
UNCHANGED = {
    "Hà Nội", "Huế", "Cao Bằng", "Điện Biên", "Hà Tĩnh", "Lai Châu",
    "Lạng Sơn", "Nghệ An", "Quảng Ninh", "Thanh Hóa", "Sơn La",
}  # fmt: skip
MERGED = {
    "Tuyên Quang": ["Tuyên Quang", "Hà Giang"],
    "Lào Cai": ["Lào Cai", "Yên Bái"],
    "Thái Nguyên": ["Thái Nguyên", "Bắc Kạn"],
    "Phú Thọ": ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Ninh", "Bắc Giang"],
    "Hưng Yên": ["Hưng Yên", "Thái Bình"],
    "Hải Phòng": ["Hải Phòng", "Hải Dương"],
    "Ninh Bình": ["Ninh Bình", "Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Trị", "Quảng Bình"],
    "Đà Nẵng": ["Đà Nẵng", "Quảng Nam"],
    "Quảng Ngãi": ["Quảng Ngãi", "Kon Tum"],
    "Gia Lai": ["Gia Lai", "Bình Định"],
    "Khánh Hòa": ["Khánh Hòa", "Ninh Thuận"],
    "Lâm Đồng": ["Lâm Đồng", "Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Đắk Lắk", "Phú Yên"],
    "TP Hồ Chí Minh": ["TP Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"],
    "Đồng Nai": ["Đồng Nai", "Bình Phước"],
    "Tây Ninh": ["Tây Ninh", "Long An"],
    "Cần Thơ": ["Cần Thơ", "Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Vĩnh Long", "Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Đồng Tháp", "Tiền Giang"],
    "Cà Mau": ["Cà Mau", "Bạc Liêu"],
    "An Giang": ["An Giang", "Kiên Giang"],
}
CITIES = {"Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "TP Hồ Chí Minh", "Cần Thơ"}


def names(units) -> set[str]:
    return {u.short_name for u in units}


def province(short_name: str, on: date) -> Unit:
    return provinces_current(on=on).get(short_name=short_name)


@pytest.mark.django_db
def test_sixty_three_before_and_thirty_four_after_the_merger():
    before, after = provinces_current(on=BEFORE), provinces_current(on=AFTER)
    assert before.count() == 63
    assert after.count() == 34
    assert provinces_current().count() == 34
    assert names(before) == UNCHANGED | {old for olds in MERGED.values() for old in olds}
    assert names(after) == UNCHANGED | set(MERGED)
    assert {u.short_name for u in after if u.kind == Unit.Kind.MUNICIPALITY} == CITIES
    assert Unit.objects.provincial().filter(valid_to=BEFORE).count() == 52
    assert Unit.objects.provincial().filter(valid_from=AFTER).count() == 23


@pytest.mark.django_db
def test_unchanged_units_are_one_row_without_successor():
    for short_name in UNCHANGED:
        unit = Unit.objects.get(short_name=short_name)
        assert unit.valid_from is None and unit.valid_to is None
        assert not unit_successors(unit=unit).exists()
        assert not unit_predecessors(unit=unit).exists()


@pytest.mark.django_db
def test_crosswalk_matches_domain_section_5():
    for new_name, old_names in MERGED.items():
        new = province(new_name, AFTER)
        assert new.valid_from == AFTER
        assert names(unit_predecessors(unit=new)) == set(old_names), new_name
        for old_name in old_names:
            old = province(old_name, BEFORE)
            assert old.valid_to == BEFORE
            assert list(unit_successors(unit=old)) == [new], old_name
    assert UnitSuccession.objects.filter(successor__valid_from=AFTER).count() == 52
    links = UnitSuccession.objects.filter(effective_on=AFTER)
    assert set(links.values_list("legal_basis", flat=True)) == {"Nghị quyết số 202/2025/QH15"}


@pytest.mark.django_db
def test_named_examples():
    hcm = Unit.objects.get(name="Thành phố Hồ Chí Minh", valid_from=AFTER)
    assert names(unit_predecessors(unit=hcm)) == {"TP Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"}
    assert unit_successors(unit=province("Hà Giang", BEFORE)).get().name == "Tỉnh Tuyên Quang"
    for old in ("Sóc Trăng", "Hậu Giang"):
        assert unit_successors(unit=province(old, BEFORE)).get().name == "Thành phố Cần Thơ"
    # Codes are reused: 24 was Bắc Giang's and is the merged Bắc Ninh's.
    assert unit_get(code="24", on=BEFORE).short_name == "Bắc Giang"
    assert unit_get(code="24", on=AFTER).short_name == "Bắc Ninh"


@pytest.mark.django_db
def test_regions_only_for_the_sixty_three():
    before = provinces_current(on=BEFORE)
    assert not before.filter(region="").exists()
    assert before.filter(region=Unit.Region.CENTRAL_HIGHLANDS).count() == 5
    assert not Unit.objects.provincial().filter(valid_from=AFTER).exclude(region="").exists()


@pytest.mark.django_db
def test_nineteen_ministries_assessed_and_seventeen_ranked():
    assessed = ministries_par_assessed(on=date(2024, 12, 31))
    assert assessed.count() == 19
    assert assessed.filter(par_ranked=True).count() == 17
    assert set(assessed.filter(par_ranked=False).values_list("name", flat=True)) == {
        "Ủy ban Dân tộc",
        "Thanh tra Chính phủ",
    }
    assert units_current(on=date(2024, 12, 31), level=Unit.Level.CENTRAL).filter(code="CP").exists()


@pytest.mark.django_db
def test_government_restructuring_of_march_2025():
    day = date(2025, 3, 1)
    agriculture = Unit.objects.get(name="Bộ Nông nghiệp và Môi trường")
    assert agriculture.valid_from == day
    assert set(unit_predecessors(unit=agriculture).values_list("code", flat=True)) == {"BTNMT", "BNNPTNT"}
    finance = unit_get(code="BTC", on=day)
    assert finance.valid_from is None and finance.valid_to is None  # continues under the same name: one row
    assert list(unit_predecessors(unit=finance).values_list("code", flat=True)) == ["BKHDT"]
    assert unit_successors(unit=Unit.objects.get(code="UBDT")).get().name == "Bộ Dân tộc và Tôn giáo"
    assert set(UnitSuccession.objects.filter(effective_on=day).values_list("legal_basis", flat=True)) == {
        "Nghị quyết số 176/2025/QH15"
    }
    assert units_current(on=day).ministries().count() == 14


@pytest.mark.django_db
def test_all_text_is_nfc_and_levels_are_derived():
    for unit in Unit.objects.all():
        for text in (unit.name, unit.short_name, unit.note):
            assert unicodedata.is_normalized("NFC", text), unit.code
        expected = Unit.Level.PROVINCIAL if unit.kind in Unit.PROVINCIAL_KINDS else Unit.Level.CENTRAL
        assert unit.level == expected


@pytest.mark.django_db
def test_save_normalizes_decomposed_names():
    unit = Unit.objects.create(
        code="XX", name=unicodedata.normalize("NFD", "Tỉnh Thử"), kind=Unit.Kind.PROVINCE
    )
    unit.refresh_from_db()
    assert unit.name == unicodedata.normalize("NFC", "Tỉnh Thử")
