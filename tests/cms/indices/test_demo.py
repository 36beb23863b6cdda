"""The demo data: only published figures, consistent with the checks, loaded idempotently."""

import json
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from cms.indices.computation import RankedRow, rank_conflicts
from cms.indices.demo import DEMO_FILE, index_demo_load
from cms.indices.models import ComponentValue, IndexComponent, IndexEdition, IndexResult, RegionalAverage


def _state():
    return (
        sorted(IndexEdition.objects.values_list("slug", "national_value", "source_note")),
        sorted(
            IndexResult.objects.values_list("edition__slug", "unit__code", "value", "rank", "group", "note")
        ),
        sorted(IndexComponent.objects.values_list("edition__slug", "code", "name", "national_value")),
        sorted(RegionalAverage.objects.values_list("edition__slug", "region", "value", "computed")),
    )


@pytest.mark.django_db
def test_load_is_idempotent():
    out = StringIO()
    call_command("load_index_demo", stdout=out)
    assert "Đã nạp 15 kỳ công bố" in out.getvalue()
    first = _state()
    index_demo_load()
    assert _state() == first
    assert IndexEdition.objects.count() == 15


@pytest.mark.django_db
def test_known_figures():
    index_demo_load()
    par = IndexEdition.objects.get(slug="par-2024-tinh")
    assert (par.national_value, par.published_on.isoformat(), par.methodology) == (
        D("88.37"),
        "2025-04-06",
        "876/QĐ-BNV",
    )
    hai_phong = par.results.get(rank=1)
    assert (hai_phong.unit.short_name, hai_phong.value, hai_phong.change) == (
        "Hải Phòng",
        D("96.17"),
        D("4.30"),
    )
    assert hai_phong.unit.valid_to.isoformat() == "2025-06-30"  # the pre-merger unit
    hanoi = par.results.get(unit__short_name="Hà Nội")
    assert (hanoi.value, hanoi.rank) == (None, 3)  # a known rank with no known value
    assert par.regional_averages.get(region="dong_bang_song_hong").value == D("90.17")
    sipas = IndexEdition.objects.get(slug="sipas-2023-tinh")
    assert sipas.results.get(rank=63).value == D("75.03")
    assert sipas.components.get(code="5").national_value == D("82.27")
    ministries = IndexEdition.objects.get(slug="par-2023-bo")
    assert ministries.results.get(rank=1).unit.code == "BTP" and ministries.national_value == D("84.38")
    assert IndexEdition.objects.get(slug="par-2020-tinh").national_value_derived
    assert "[S6] https://" in par.source_note


@pytest.mark.django_db
def test_missing_stays_missing():
    index_demo_load()
    assert IndexEdition.objects.get(slug="sipas-2021-tinh").national_value is None
    assert not IndexEdition.objects.filter(year=2024, scope="ministries").exists()
    assert not ComponentValue.objects.exists()
    assert not IndexComponent.objects.exclude(max_points=None).exists()
    assert not RegionalAverage.objects.filter(computed=True).exists()
    # No more values than the file holds: nothing was filled in.
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    in_file = sum(1 for e in data["editions"] for r in e["results"] if r.get("value") is not None)
    assert IndexResult.objects.exclude(value=None).count() == in_file
    inferred = IndexComponent.objects.filter(edition__slug="par-2024-tinh", code="1").get()
    assert "suy ra" in inferred.note


@pytest.mark.django_db
def test_demo_data_passes_the_import_checks():
    index_demo_load()
    for edition in IndexEdition.objects.all():
        results = list(edition.results.select_related("unit"))
        rows = [RankedRow(r.unit.code, r.value, r.rank) for r in results]
        assert rank_conflicts(rows, unit_count=edition.unit_count) == [], edition.slug
        for result in results:
            result.full_clean()
            assert result.unit.valid_from is None  # pre-merger units
