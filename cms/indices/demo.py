"""Load the published PAR Index and SIPAS figures of data/demo.json (python -m cms load_index_demo)."""

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from cms.indices.computation import par_group
from cms.indices.models import IndexComponent, IndexEdition, IndexResult, RegionalAverage
from cms.units.models import Unit

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo.json"

TITLES = {
    (
        "par",
        "provinces",
    ): "Chỉ số cải cách hành chính năm {year} của các tỉnh, thành phố trực thuộc trung ương",
    ("par", "ministries"): "Chỉ số cải cách hành chính năm {year} của các bộ, cơ quan ngang bộ",
    (
        "sipas",
        "provinces",
    ): "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính "
    "nhà nước năm {year} (SIPAS {year})",
}

ASSUMPTIONS = {
    "par": "Ngưỡng nhóm A từ 90%, B từ 80%, C từ 70% theo định nghĩa năm 2015: giả định, có thể cấu hình.",
    "sipas": "Hài lòng là mức 4 hoặc 5 trên thang 1–5; giá trị yếu tố là trung bình các câu hỏi; giá trị cả "
    "nước theo tổng trọng số mẫu: giả định, có thể cấu hình, chỉ dùng khi tính từ phiếu trả lời. "
    "Số liệu kỳ này lấy từ công bố, không tính lại.",
}


@dataclass(frozen=True)
class DemoLoadResult:
    editions: int
    results: int


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _unit(ref: str) -> Unit:
    """A unit reference as in cms/units/data: "31" (open start) or "31@2025-07-01"."""
    code, _, start = ref.partition("@")
    return Unit.objects.get(code=code, valid_from=date.fromisoformat(start) if start else None)


def _source_note(row: dict, sources: dict[str, str]) -> str:
    cited = "; ".join(f"[{key}] {sources[key]}" for key in row.get("sources", []))
    extra = row.get("source_extra", "")
    return " ".join(part for part in (extra, f"Nguồn: {cited}." if cited else "") if part)


def _edition_save(row: dict, sources: dict[str, str]) -> IndexEdition:
    edition = IndexEdition(index=row["index"], year=row["year"], scope=row["scope"])
    fields = {
        "title": TITLES[row["index"], row["scope"]].format(year=row["year"]),
        "methodology": row.get("methodology", ""),
        "published_on": date.fromisoformat(row["published_on"]) if row.get("published_on") else None,
        "national_value": _decimal(row.get("national_value")),
        "national_value_derived": row.get("national_value_derived", False),
        "unit_count": row.get("unit_count"),
        "comparability_note": row.get("comparability_note", ""),
        "source_note": _source_note(row, sources),
        "assumptions_note": ASSUMPTIONS[row["index"]],
    }
    keys = {"index": row["index"], "year": row["year"], "scope": row["scope"]}
    edition, _ = IndexEdition.objects.update_or_create(slug=edition.default_slug(), defaults=fields | keys)
    return edition


def _components_save(edition: IndexEdition, row: dict, sets: dict[str, list[dict]]) -> None:
    components = row.get("components", [])
    components = sets[components] if isinstance(components, str) else components
    notes = row.get("component_notes", {})
    edition.components.exclude(code__in=[c["code"] for c in components]).delete()
    for order, component in enumerate(components):
        note = " ".join(n for n in (component.get("note", ""), notes.get(component["code"], "")) if n)
        IndexComponent.objects.update_or_create(
            edition=edition,
            code=component["code"],
            defaults={
                "name": component["name"],
                "sort_order": order,
                "max_points": _decimal(component.get("max_points")),
                "national_value": _decimal(component.get("national_value")),
                "note": note,
            },
        )


def _results_save(edition: IndexEdition, row: dict) -> int:
    """Replace the edition's results; a PAR group follows from a known value (docs/indices.md)."""
    edition.results.all().delete()
    results = []
    for item in row.get("results", []):
        value = _decimal(item.get("value"))
        group = item.get("group", "")
        if value is not None and edition.has_groups:
            group = par_group(value, edition.thresholds)
        results.append(
            IndexResult(
                edition=edition,
                unit=_unit(item["unit"]),
                value=value,
                rank=item.get("rank"),
                group=group,
                change=_decimal(item.get("change")),
                note=item.get("note", ""),
            )
        )
    for result in results:
        result.full_clean(exclude=["edition", "unit"], validate_unique=False)
        result.clean()
    IndexResult.objects.bulk_create(results)
    return len(results)


def _averages_save(edition: IndexEdition, row: dict) -> None:
    averages = row.get("regional_averages", {})
    edition.regional_averages.exclude(region__in=list(averages)).delete()
    for region, value in averages.items():
        RegionalAverage.objects.update_or_create(
            edition=edition, region=region, defaults={"value": _decimal(value), "computed": False}
        )


@transaction.atomic
def index_demo_load(*, path: Path = DEMO_FILE) -> DemoLoadResult:
    """Create or update every edition of the file with its components, results and averages.

    Idempotent: a second run leaves the same rows (results are replaced, components and averages
    updated in place). Only the editions in the file are touched.
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    total = 0
    for row in data["editions"]:
        edition = _edition_save(row, data["sources"])
        _components_save(edition, row, data["component_sets"])
        total += _results_save(edition, row)
        _averages_save(edition, row)
    return DemoLoadResult(editions=len(data["editions"]), results=total)
