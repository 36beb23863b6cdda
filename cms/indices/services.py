"""Writes for the index database: import an edition's results, and compute regional averages."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from cms.builds.models import BuildRequest
from cms.builds.services import build_request_enqueue
from cms.indices.computation import publish_round
from cms.indices.importing.reading import table_read
from cms.indices.importing.rows import RowChecker, RowError, header_map
from cms.indices.models import ComponentValue, IndexEdition, IndexResult, RegionalAverage
from cms.units.models import Unit


@dataclass(frozen=True)
class ImportReport:
    edition: IndexEdition
    format: str
    rows: int
    errors: list[RowError] = field(default_factory=list)
    written: int = 0
    replaced: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def edition_units(*, edition: IndexEdition) -> dict[str, Unit]:
    """The units an edition may hold, by code: those of its scope that existed on its reference date."""
    units = Unit.objects.current(edition.reference_date)
    units = units.provincial() if edition.scope == IndexEdition.Scope.PROVINCES else units.ministries()
    return {unit.code: unit for unit in units}


def index_results_import(
    *, edition: IndexEdition, content: bytes, file_name: str, dry_run: bool = False
) -> ImportReport:
    """Check a CSV or XLSX file of results and, when every row is valid, replace the edition's results.

    All or nothing: one error anywhere and nothing is written. Raises ImportAborted when the file
    cannot be read as a table at all.
    """
    table = table_read(content=content, file_name=file_name)
    components = list(edition.components.all())
    mapping, errors = header_map(table.columns, components)
    checker = RowChecker(edition=edition, components=components, units=edition_units(edition=edition))
    if not errors:
        rows = checker.check(table, mapping)
        errors = checker.errors
    report = ImportReport(
        edition=edition, format=table.format, rows=len(table.rows), errors=errors, dry_run=dry_run
    )
    if errors or dry_run:
        return report
    with transaction.atomic():
        # Serialises two imports of the same edition: the second waits, then replaces the first.
        IndexEdition.objects.select_for_update().filter(pk=edition.pk).first()
        replaced = edition.results.count()
        edition.results.all().delete()
        results = IndexResult.objects.bulk_create(
            IndexResult(
                edition=edition,
                unit=row.unit,
                value=row.value,
                rank=row.rank,
                group=row.group,
                change=row.change,
                note=row.note,
            )
            for row in rows
        )
        by_code = {c.code: c for c in components}
        ComponentValue.objects.bulk_create(
            ComponentValue(result=result, component=by_code[code], value=value)
            for result, row in zip(results, rows, strict=True)
            for code, value in row.components.items()
        )
        regional_averages_compute(edition=edition)
    return ImportReport(
        edition=edition, format=table.format, rows=len(rows), written=len(results), replaced=replaced
    )


def regional_averages_compute(*, edition: IndexEdition) -> list[RegionalAverage]:
    """Replace the computed averages of the regions whose every unit has a value.

    Published averages are kept as they are; a region with a unit still missing gets none (an
    average of the units that happen to be known would be misleading).
    """
    edition.regional_averages.filter(computed=True).delete()
    if edition.scope != IndexEdition.Scope.PROVINCES:
        return []
    published = set(edition.regional_averages.values_list("region", flat=True))
    values = dict(edition.results.filter(value__isnull=False).values_list("unit_id", "value"))
    members: dict[str, list[int]] = {}
    for unit_id, region in edition_units_regions(edition=edition):
        members.setdefault(region, []).append(unit_id)
    created = []
    for region, unit_ids in members.items():
        if region in published or not all(pk in values for pk in unit_ids):
            continue
        mean = sum((values[pk] for pk in unit_ids), Decimal(0)) / len(unit_ids)
        created.append(
            RegionalAverage(edition=edition, region=region, value=publish_round(mean), computed=True)
        )
    return RegionalAverage.objects.bulk_create(created)


def edition_units_regions(*, edition: IndexEdition) -> list[tuple[int, str]]:
    units = Unit.objects.current(edition.reference_date).provincial().exclude(region="")
    return list(units.values_list("pk", "region"))


def results_import_announce(*, report: ImportReport, user: object | None = None) -> None:
    """Queue a rebuild of the static site, whose data pages show the results just imported."""
    build_request_enqueue(
        action=BuildRequest.Action.IMPORT, page_title=f"Kết quả chỉ số: {report.edition.title}", user=user
    )
