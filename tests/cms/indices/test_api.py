"""The open data API: shapes of the contract, ordering, 404 in Vietnamese, caching, constant queries."""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.indices.demo import index_demo_load
from cms.indices.models import ComponentValue, IndexEdition, IndexResult
from cms.units.models import Unit

SUMMARY_FIELDS = {
    "slug", "index", "index_label", "year", "scope", "scope_label", "title", "methodology",
    "published_on", "national_value", "national_value_derived", "unit_count", "result_count",
    "comparability_note", "source_note",
}  # fmt: skip
UNIT_BRIEF = {"code", "key", "name", "short_name", "region", "region_label"}
UNIT_FULL = UNIT_BRIEF | {"kind", "kind_label", "valid_from", "valid_to"}
SERIES_FIELDS = {
    "edition",
    "index",
    "scope",
    "year",
    "value",
    "rank",
    "group",
    "change",
    "unit_count",
    "components",
    "note",
}


@pytest.fixture
def demo(db):
    index_demo_load()


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    return response


def test_editions_list(client, demo):
    response = _get(client, "/api/v1/indices/editions")
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Content-Type"] == "application/json"
    editions = response.json()["results"]
    assert set(editions[0]) == SUMMARY_FIELDS
    keys = [(e["index"], -e["year"], e["scope"]) for e in editions]
    assert keys == sorted(keys) and len(keys) == 15
    par = next(e for e in editions if e["slug"] == "par-2024-tinh")
    assert par["index_label"] == "Chỉ số CCHC (PAR Index)"
    assert par["scope_label"] == "Tỉnh, thành phố trực thuộc trung ương"
    assert (par["national_value"], par["unit_count"], par["result_count"]) == (88.37, 63, 7)
    assert par["methodology"] == "876/QĐ-BNV" and par["published_on"] == "2025-04-06"


def test_edition_detail(client, demo):
    body = _get(client, "/api/v1/indices/editions/par-2024-tinh").json()
    assert set(body) == SUMMARY_FIELDS | {"group_thresholds", "components", "results", "regional_averages"}
    assert body["group_thresholds"] == {"A": 90.0, "B": 80.0, "C": 70.0}
    assert [c["code"] for c in body["components"]] == [str(n) for n in range(1, 9)]
    assert set(body["components"][0]) == {"code", "name", "max_points", "national_value", "note"}
    first = body["results"][0]
    assert first["unit"] == {
        "code": "31", "key": "31", "name": "Thành phố Hải Phòng", "short_name": "Hải Phòng",
        "region": "dong_bang_song_hong", "region_label": "Đồng bằng sông Hồng",
    }  # fmt: skip
    assert (first["value"], first["rank"], first["group"], first["change"]) == (96.17, 1, "A", 4.3)
    assert first["components"] == {str(n): None for n in range(1, 9)}
    ranks = [r["rank"] for r in body["results"]]
    assert ranks == [1, 2, 3, 8, 63, None, None]  # by rank, nulls last
    hanoi = body["results"][2]
    assert (hanoi["unit"]["short_name"], hanoi["value"]) == ("Hà Nội", None)
    averages = body["regional_averages"]
    assert averages[1] == {
        "region": "dong_bang_song_hong",
        "region_label": "Đồng bằng sông Hồng",
        "value": 90.17,
        "computed": False,
    }
    assert len(averages) == 6


def test_sipas_edition_has_no_group_thresholds(client, demo):
    body = _get(client, "/api/v1/indices/editions/sipas-2023-tinh").json()
    assert body["group_thresholds"] is None
    assert {c["code"]: c["national_value"] for c in body["components"]}["3"] == 83.12


def test_component_values_are_keyed_by_code(client, par_edition):
    result = IndexResult.objects.create(
        edition=par_edition, unit=Unit.objects.get(code="22"), value=D("92.18")
    )
    ComponentValue.objects.create(
        result=result, component=par_edition.components.get(code="2"), value=D("9.5")
    )
    body = _get(client, f"/api/v1/indices/editions/{par_edition.slug}").json()
    assert body["results"][0]["components"] == {"1": None, "2": 9.5, "8": None}
    assert body["components"][0]["max_points"] == 8.0


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("/api/v1/indices/editions/par-1999-tinh", "Không có kỳ công bố chỉ số «par-1999-tinh»."),
        ("/api/v1/indices/editions/" + "x" * 300, "Không có kỳ công bố chỉ số «" + "x" * 40 + "»."),
        ("/api/v1/indices/units/ZZZ", "Không có đơn vị mang mã «ZZZ»."),
        ("/api/v1/indices/units/31-2031-01-01", "Không có đơn vị mang mã «31-2031-01-01»."),
        ("/api/v1/indices/units/31-2025-13-01", "Không có đơn vị mang mã «31-2025-13-01»."),
        ("/api/v1/indices/units/%3Cscript%3E", "Không có đơn vị mang mã «<script>»."),
    ],
)
def test_unknown_edition_or_unit_is_a_vietnamese_404(client, demo, url, detail):
    response = _get(client, url, status=404)
    assert response.json() == {"detail": detail}
    assert response["Content-Type"] == "application/json"


def test_read_only(client, demo):
    response = client.post("/api/v1/indices/editions", {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json() == {"detail": "Phương thức này không được hỗ trợ."}


def test_unit_profile_of_a_pre_merger_province(client, demo):
    body = _get(client, "/api/v1/indices/units/31").json()
    assert set(body) == {"unit", "series", "predecessors", "successor"}
    assert set(body["unit"]) == UNIT_FULL
    assert (body["unit"]["valid_from"], body["unit"]["valid_to"]) == (None, "2025-06-30")
    assert set(body["series"][0]) == SERIES_FIELDS
    order = [(s["index"], s["year"]) for s in body["series"]]
    assert order == sorted(order)
    par_2024 = next(s for s in body["series"] if s["edition"] == "par-2024-tinh")
    assert (par_2024["value"], par_2024["rank"], par_2024["group"], par_2024["unit_count"]) == (
        96.17,
        1,
        "A",
        63,
    )
    assert body["predecessors"] == []
    assert body["successor"] == {
        "code": "31", "key": "31-2025-07-01", "name": "Thành phố Hải Phòng", "effective_on": "2025-07-01"
    }  # fmt: skip


def test_unit_profile_of_a_merged_province_shows_its_predecessors(client, demo):
    body = _get(client, "/api/v1/indices/units/31-2025-07-01").json()
    assert body["unit"]["valid_from"] == "2025-07-01" and body["series"] == []
    predecessors = {p["unit"]["short_name"]: p for p in body["predecessors"]}
    assert set(predecessors) == {"Hải Phòng", "Hải Dương"}
    assert predecessors["Hải Phòng"]["legal_basis"] == "Nghị quyết số 202/2025/QH15"
    assert predecessors["Hải Phòng"]["effective_on"] == "2025-07-01"
    assert {s["edition"] for s in predecessors["Hải Dương"]["series"]} >= {"par-2022-tinh", "par-2023-tinh"}
    assert body["successor"] is None
    assert _get(client, "/api/v1/indices/units/31@2025-07-01").json() == body


def test_a_ministry_profile_and_a_bare_code_starting_later(client, demo):
    body = _get(client, "/api/v1/indices/units/BTP").json()
    assert [(s["year"], s["rank"]) for s in body["series"]] == [
        (2020, None),
        (2021, 1),
        (2022, None),
        (2023, 1),
    ]
    assert _get(client, "/api/v1/indices/units/BNNMT").json()["unit"]["key"] == "BNNMT-2025-03-01"


def test_units_list(client, demo):
    units = _get(client, "/api/v1/indices/units").json()["results"]
    assert set(units[0]) == UNIT_FULL | {"has_results"}
    by_key = {u["key"]: u for u in units}
    assert by_key["31"]["has_results"] is True
    assert by_key["31-2025-07-01"]["has_results"] is False  # listed for its predecessors' results
    assert "42" not in by_key  # Hà Tĩnh: no published result in the demo data
    assert by_key["BNNMT-2025-03-01"]["has_results"] is False  # took over BTNMT (ranked in 2020)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        _get(client, url)
    return len(captured)


def test_query_count_does_not_grow_with_rows(client, par_edition):
    urls = [
        "/api/v1/indices/editions",
        f"/api/v1/indices/editions/{par_edition.slug}",
        "/api/v1/indices/units",
        "/api/v1/indices/units/22",
    ]
    provinces = Unit.objects.filter(valid_from=None, kind__in=Unit.PROVINCIAL_KINDS).order_by("code")

    def add(units):
        for unit in units:
            result = IndexResult.objects.create(edition=par_edition, unit=unit, value=D("85"))
            for component in par_edition.components.all():
                ComponentValue.objects.create(result=result, component=component, value=D(5))

    add(provinces.filter(code="22"))
    few = [_queries(client, url) for url in urls]
    add(provinces.exclude(code="22")[:30])
    other = IndexEdition.objects.create(index="sipas", year=2024, scope="provinces", title="SIPAS 2024")
    IndexResult.objects.create(edition=other, unit=provinces.get(code="22"), value=D(80))
    assert [_queries(client, url) for url in urls] == few


def test_schema_lists_the_endpoints(client):
    schema = _get(client, "/api/v1/schema/").content.decode()
    for path in (
        "/api/v1/indices/editions",
        "/api/v1/indices/editions/{slug}",
        "/api/v1/indices/units/{key}",
    ):
        assert path in schema
    assert "IndexEditionDetail" in schema
