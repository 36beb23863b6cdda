"""Reads for the open data API: editions, their results, and unit profiles, in a fixed number of queries."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from cms.indices.models import ComponentValue, IndexComponent, IndexEdition, IndexResult, RegionalAverage
from cms.units.models import Unit, UnitSuccession

REGION_ORDER = {value: position for position, value in enumerate(Unit.Region.values)}
# "31" is the unit coded 31 with an open start; "31-2025-07-01" (or "31@2025-07-01") the one from that day.
UNIT_KEY = re.compile(r"^(?P<code>[0-9A-Za-z]{1,16})(?:[-@](?P<start>\d{4}-\d{2}-\d{2}))?$")


class UnitNotFound(Exception):
    pass


def unit_key(unit: Unit) -> str:
    """The unit's identifier in the API and on the static site; codes are reused after the 2025 merger."""
    return unit.code if unit.valid_from is None else f"{unit.code}-{unit.valid_from.isoformat()}"


def _results_prefetch() -> Prefetch:
    values = ComponentValue.objects.select_related("component")
    return Prefetch("component_values", queryset=values)


def editions_list() -> QuerySet[IndexEdition]:
    """Every edition with its number of results, by index, then newest year, then scope."""
    return IndexEdition.objects.annotate(result_count=Count("results")).order_by("index", "-year", "scope")


def edition_get(*, slug: str) -> IndexEdition | None:
    """One edition with components, results (units, component values) and regional averages loaded."""
    results = (
        IndexResult.objects.select_related("unit")
        .prefetch_related(_results_prefetch())
        .order_by(F("rank").asc(nulls_last=True), "unit__code", "unit__valid_from")
    )
    edition = (
        IndexEdition.objects.annotate(result_count=Count("results"))
        .prefetch_related(
            Prefetch("components", queryset=IndexComponent.objects.order_by("sort_order", "code")),
            Prefetch("results", queryset=results),
            Prefetch("regional_averages", queryset=RegionalAverage.objects.all()),
        )
        .filter(slug=slug)
        .first()
    )
    if edition is not None:
        edition.regional_averages_sorted = sorted(
            edition.regional_averages.all(), key=lambda a: REGION_ORDER.get(a.region, len(REGION_ORDER))
        )
    return edition


def unit_by_key(*, key: str) -> Unit:
    """The unit a key names; a bare code whose only row starts on a date (e.g. "BNNMT") is accepted too."""
    match = UNIT_KEY.match(key)
    if match is None:
        raise UnitNotFound(key)
    try:
        start = date.fromisoformat(match["start"]) if match["start"] else None
    except ValueError:
        raise UnitNotFound(key) from None
    rows = list(Unit.objects.filter(code=match["code"]).order_by("valid_from")[:2])
    unit = next((u for u in rows if u.valid_from == start), None)
    if unit is None and start is None and len(rows) == 1:
        unit = rows[0]
    if unit is None:
        raise UnitNotFound(key)
    return unit


@dataclass
class UnitProfile:
    unit: Unit
    series: list[IndexResult]
    predecessors: list[tuple[UnitSuccession, list[IndexResult]]] = field(default_factory=list)
    successor: UnitSuccession | None = None


def _series(unit_ids: list[int]) -> dict[int, list[IndexResult]]:
    results = (
        IndexResult.objects.filter(unit_id__in=unit_ids)
        .select_related("edition")
        .prefetch_related(
            _results_prefetch(),
            Prefetch("edition__components", queryset=IndexComponent.objects.order_by("sort_order", "code")),
        )
        .order_by("edition__index", "edition__year", "edition__scope")
    )
    by_unit: dict[int, list[IndexResult]] = {pk: [] for pk in unit_ids}
    for result in results:
        by_unit[result.unit_id].append(result)
    return by_unit


def unit_profile(*, unit: Unit) -> UnitProfile:
    """A unit's results over the years, its predecessors' results, and the unit that took it over."""
    links = list(
        UnitSuccession.objects.filter(successor=unit)
        .select_related("predecessor")
        .order_by("predecessor__code")
    )
    successor = UnitSuccession.objects.filter(predecessor=unit).select_related("successor").first()
    series = _series([unit.pk, *(link.predecessor_id for link in links)])
    return UnitProfile(
        unit=unit,
        series=series[unit.pk],
        predecessors=[(link, series[link.predecessor_id]) for link in links],
        successor=successor,
    )


def units_with_results() -> QuerySet[Unit]:
    """Units with a result of their own, or whose predecessor has one (a unit created by a merger)."""
    own = IndexResult.objects.filter(unit=OuterRef("pk"))
    inherited = IndexResult.objects.filter(unit__successor_links__successor=OuterRef("pk"))
    return (
        Unit.objects.annotate(has_results=Exists(own), inherits_results=Exists(inherited))
        .filter(Q(has_results=True) | Q(inherits_results=True))
        .order_by("code", "valid_from")
    )
