"""Reads for units: which existed on a day, and who succeeded whom."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from cms.units.models import Unit


def units_current(*, on: date | None = None, level: str | None = None) -> QuerySet[Unit]:
    """Units in existence on `on` (default today), optionally of one level (Unit.Level)."""
    units = Unit.objects.current(on or timezone.localdate())
    if level == Unit.Level.CENTRAL:
        return units.central()
    if level == Unit.Level.PROVINCIAL:
        return units.provincial()
    return units


def provinces_current(*, on: date | None = None) -> QuerySet[Unit]:
    """The provincial units (tỉnh and thành phố trực thuộc trung ương) in existence on `on`."""
    return units_current(on=on, level=Unit.Level.PROVINCIAL)


def ministries_par_assessed(*, on: date | None = None) -> QuerySet[Unit]:
    """Ministries and ministerial-level agencies in the PAR Index scope (QĐ 876/QĐ-BNV) on `on`."""
    return units_current(on=on).ministries().filter(par_assessed=True)


def unit_get(*, code: str, on: date | None = None) -> Unit:
    """The unit holding `code` on `on`: codes are reused after a merger (e.g. "24")."""
    return Unit.objects.current(on or timezone.localdate()).get(code=code)


def unit_successors(*, unit: Unit) -> QuerySet[Unit]:
    """The units that took `unit` over (empty for a unit that continues)."""
    return Unit.objects.filter(predecessor_links__predecessor=unit)


def unit_predecessors(*, unit: Unit) -> QuerySet[Unit]:
    """The units that `unit` took over, including the one whose name it kept."""
    return Unit.objects.filter(successor_links__successor=unit)
