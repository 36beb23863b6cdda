"""Pure computation of the PAR Index and SIPAS, and the checks an import runs (docs/indices.md).

No Django here: plain values in, plain values out, so the worked examples of the docs are tests.
PAR (QĐ 876/QĐ-BNV, QĐ 1149/QĐ-BNV) uses Decimal points; SIPAS (QĐ 2640/QĐ-BNV, QĐ 1001/QĐ-BNV)
works on weighted answers in float and is rounded once, when published.
"""

from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def publish_round(value: Decimal | float) -> Decimal:
    """Round to the 2 decimals results are published with, half away from zero (96.175 → 96.18)."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


# --- PAR Index -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaScore:
    """One area (lĩnh vực) of one unit: appraised self-assessment points plus survey (XHH) points."""

    code: str
    max_points: Decimal
    appraised: Decimal
    survey: Decimal = Decimal(0)

    @property
    def points(self) -> Decimal:
        return self.appraised + self.survey


def par_area_index(*, points: Decimal, max_points: Decimal) -> Decimal:
    """Component index of an area: points achieved / the area's maximum × 100 (unrounded)."""
    if max_points <= 0:
        raise ValueError("max_points must be positive")
    if not 0 <= points <= max_points:
        raise ValueError(f"{points} points is outside 0–{max_points}")
    return points / max_points * HUNDRED


def par_total_index(*, total_points: Decimal, scale: Decimal = HUNDRED) -> Decimal:
    """The index in %: total points / the scale (100 points) × 100."""
    if not 0 <= total_points <= scale:
        raise ValueError(f"{total_points} points is outside 0–{scale}")
    return total_points / scale * HUNDRED


@dataclass(frozen=True)
class ParResult:
    areas: dict[str, Decimal]  # code → area index in %, published precision
    area_points: dict[str, Decimal]
    total_points: Decimal
    value: Decimal  # the index in %, published precision


def par_compute(areas: Sequence[AreaScore], *, scale: Decimal = HUNDRED) -> ParResult:
    """A unit's PAR Index from its areas; the areas' maxima must add up to the scale."""
    if sum(area.max_points for area in areas) != scale:
        raise ValueError(f"the areas' maximum points do not add up to {scale}")
    total = sum((area.points for area in areas), Decimal(0))
    return ParResult(
        areas={
            a.code: publish_round(par_area_index(points=a.points, max_points=a.max_points)) for a in areas
        },
        area_points={a.code: a.points for a in areas},
        total_points=total,
        value=publish_round(par_total_index(total_points=total, scale=scale)),
    )


@dataclass(frozen=True)
class GroupThresholds:
    """Lower bounds of the groups, in % (2015 definition, domain.md §2.6; configurable per edition)."""

    a: Decimal = Decimal(90)
    b: Decimal = Decimal(80)
    c: Decimal = Decimal(70)

    def __post_init__(self) -> None:
        if not self.a > self.b > self.c:
            raise ValueError("group thresholds must decrease from A to C")


def par_group(value: Decimal, thresholds: GroupThresholds = GroupThresholds()) -> str:
    """The group letter A, B or C; "" below C's threshold (published as "dưới 70%", no letter)."""
    value = publish_round(value)
    if value >= thresholds.a:
        return "A"
    if value >= thresholds.b:
        return "B"
    if value >= thresholds.c:
        return "C"
    return ""


def competition_ranks(values: Mapping[Hashable, Decimal | float | None]) -> dict[Hashable, int | None]:
    """Standard competition ranking (1, 2, 2, 4) on the published 2-decimal values; no value, no rank."""
    rounded = {key: publish_round(v) for key, v in values.items() if v is not None}
    ordered = sorted(rounded.values(), reverse=True)
    first_place = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {key: first_place[rounded[key]] if key in rounded else None for key in values}


# --- Checks used by the import ------------------------------------------------------------------


@dataclass(frozen=True)
class RankedRow:
    key: Hashable  # e.g. the row's line number
    value: Decimal | None
    rank: int | None


class RankProblem(StrEnum):
    TIE_SPLIT = "tie_split"  # equal values, different ranks
    ORDER = "order"  # the higher value ranked below (or level with) the lower one
    TOO_HIGH = "too_high"  # better rank than the units with higher values allow
    NOT_COMPETITION = "not_competition"  # a complete table whose ranks are not 1 + number above


@dataclass(frozen=True)
class RankConflict:
    kind: RankProblem
    row: RankedRow
    other: RankedRow | None = None
    units_above: int = 0  # units with a higher value (TOO_HIGH, NOT_COMPETITION)


def rank_conflicts(rows: Sequence[RankedRow], *, unit_count: int | None = None) -> list[RankConflict]:
    """Rows whose rank contradicts the values: a higher value is never ranked below a lower one,
    equal values share a rank, and a rank leaves room for every unit with a higher value.

    Rows with a rank but no value (a published rank whose value was not found) are not compared.
    When every unit of the edition has both (`unit_count` rows), ranks must be exactly 1 + the
    number of units above.
    """
    known = sorted((r for r in rows if r.value is not None and r.rank is not None), key=_value_desc)
    conflicts = []
    for higher, lower in zip(known, known[1:], strict=False):
        hv, lv = publish_round(higher.value), publish_round(lower.value)
        if hv == lv and higher.rank != lower.rank:
            conflicts.append(RankConflict(RankProblem.TIE_SPLIT, lower, higher))
        elif hv > lv and higher.rank >= lower.rank:
            conflicts.append(RankConflict(RankProblem.ORDER, lower, higher))
    if conflicts:
        return conflicts
    valued = sorted(publish_round(r.value) for r in rows if r.value is not None)
    complete = unit_count is not None and len(known) == len(rows) == unit_count
    for row in known:
        above = len(valued) - _count_le(valued, publish_round(row.value))
        if row.rank < above + 1:
            conflicts.append(RankConflict(RankProblem.TOO_HIGH, row, units_above=above))
        elif complete and row.rank != above + 1:
            conflicts.append(RankConflict(RankProblem.NOT_COMPETITION, row, units_above=above))
    return conflicts


def _value_desc(row: RankedRow) -> tuple[Decimal, int]:
    return (-publish_round(row.value), row.rank)


def _count_le(ascending: list[Decimal], value: Decimal) -> int:
    return bisect_right(ascending, value)


def group_conflict(value: Decimal | None, group: str, thresholds: GroupThresholds) -> str | None:
    """The group the value calls for, when the given group differs from it; None when consistent."""
    if value is None:
        return None
    expected = par_group(value, thresholds)
    return expected if group != expected else None


# --- SIPAS ------------------------------------------------------------------------------------

SCALE = range(1, 6)  # answers on a 1–5 scale (rất không hài lòng … rất hài lòng)


@dataclass(frozen=True)
class Ballot:
    """One respondent's questionnaire: a sampling weight and a score per item (None = no answer)."""

    weight: float
    scores: Mapping[str, int | None]

    def __post_init__(self) -> None:
        if self.weight < 0:
            raise ValueError("a sampling weight cannot be negative")
        wrong = [s for s in self.scores.values() if s is not None and s not in SCALE]
        if wrong:
            raise ValueError(f"scores {wrong} are outside the 1–5 scale")


class ElementMethod(StrEnum):
    ITEMS_MEAN = "items_mean"  # an element = the mean of its items' shares (default, assumed)
    POOLED = "pooled"  # an element = the weighted share over all its items' answers


def _weighted_counts(
    ballots: Iterable[Ballot], items: Sequence[str], satisfied_min: int
) -> tuple[float, float]:
    satisfied = base = 0.0
    for ballot in ballots:
        for item in items:
            score = ballot.scores.get(item)
            if score is None:
                continue
            base += ballot.weight
            if score >= satisfied_min:
                satisfied += ballot.weight
    return satisfied, base


def sipas_item_share(ballots: Iterable[Ballot], item: str, *, satisfied_min: int = 4) -> float | None:
    """Weighted share (%) of the item's answers at or above `satisfied_min`; None when nobody answered."""
    satisfied, base = _weighted_counts(ballots, (item,), satisfied_min)
    return satisfied / base * 100 if base else None


def sipas_element(
    ballots: Sequence[Ballot],
    items: Sequence[str],
    *,
    satisfied_min: int = 4,
    method: ElementMethod = ElementMethod.ITEMS_MEAN,
) -> float | None:
    """An element's value (%) from the answers to its items."""
    if method == ElementMethod.POOLED:
        satisfied, base = _weighted_counts(ballots, items, satisfied_min)
        return satisfied / base * 100 if base else None
    shares = [sipas_item_share(ballots, item, satisfied_min=satisfied_min) for item in items]
    known = [s for s in shares if s is not None]
    return sum(known) / len(known) if known else None


def weighted_mean(values: Mapping[Hashable, float | None], weights: Mapping[Hashable, float]) -> float | None:
    """Σ wᵢ·xᵢ / Σ wᵢ over the entries with a value; a missing weight counts as 1 (equal weights)."""
    pairs = [(v, weights.get(k, 1.0)) for k, v in values.items() if v is not None]
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total if total else None


@dataclass(frozen=True)
class SipasUnitResult:
    items: dict[str, float | None]  # item → share
    elements: dict[str, float | None]
    value: float | None
    sample_weight: float  # Σ weights of the unit's ballots (the "sample" national weighting)


def sipas_unit(
    ballots: Sequence[Ballot],
    elements: Mapping[str, Sequence[str]],
    *,
    satisfied_min: int = 4,
    method: ElementMethod = ElementMethod.ITEMS_MEAN,
    element_weights: Mapping[str, float] | None = None,
) -> SipasUnitResult:
    """A unit's SIPAS value: its elements (element → item codes) combined with `element_weights`
    (default: equal)."""
    items = {
        item: sipas_item_share(ballots, item, satisfied_min=satisfied_min)
        for element_items in elements.values()
        for item in element_items
    }
    values = {
        element: sipas_element(ballots, element_items, satisfied_min=satisfied_min, method=method)
        for element, element_items in elements.items()
    }
    return SipasUnitResult(
        items=items,
        elements=values,
        value=weighted_mean(values, element_weights or {}),
        sample_weight=sum(b.weight for b in ballots),
    )


def sipas_national(units: Mapping[Hashable, float | None], weights: Mapping[Hashable, float]) -> float | None:
    """The national value: the units' values weighted (e.g. population share or Σ sample weights)."""
    missing = [k for k, v in units.items() if v is not None and k not in weights]
    if missing:
        raise ValueError(f"no weight for {missing}")
    return weighted_mean(units, weights)
