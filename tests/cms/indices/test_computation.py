"""The worked examples of docs/indices.md, and the checks the import relies on."""

from decimal import Decimal as D

import pytest

from cms.indices.computation import (
    AreaScore,
    Ballot,
    ElementMethod,
    GroupThresholds,
    RankedRow,
    RankProblem,
    competition_ranks,
    group_conflict,
    par_area_index,
    par_compute,
    par_group,
    publish_round,
    rank_conflicts,
    sipas_element,
    sipas_item_share,
    sipas_national,
    sipas_unit,
)

# docs/indices.md, "Worked example (PAR, province)": (code, max, appraised, XHH, expected area index)
PAR_AREAS = [
    ("1", "8", "6.50", "1.00", "93.75"),
    ("2", "10", "7.25", "1.50", "87.50"),
    ("3", "12", "9.00", "2.00", "91.67"),
    ("4", "8", "5.50", "1.25", "84.38"),
    ("5", "12", "8.00", "2.25", "85.42"),
    ("6", "10", "7.00", "1.50", "85.00"),
    ("7", "15", "10.50", "2.50", "86.67"),
    ("8", "25", "0", "21.40", "85.60"),
]


def test_par_worked_example():
    areas = [AreaScore(code, D(mx), D(appraised), D(xhh)) for code, mx, appraised, xhh, _ in PAR_AREAS]
    result = par_compute(areas)
    assert result.areas == {code: D(expected) for code, *_, expected in PAR_AREAS}
    assert result.area_points["4"] == D("6.75")
    assert result.total_points == D("87.15")
    assert result.value == D("87.15")
    assert par_group(result.value) == "B"


def test_par_refuses_inconsistent_points():
    with pytest.raises(ValueError, match="add up"):
        par_compute([AreaScore("1", D(50), D(40))])
    with pytest.raises(ValueError, match="outside"):
        par_area_index(points=D("10.5"), max_points=D(10))


def test_ranking_and_groups_worked_example():
    values = {"P": D("91.20"), "Q": D("88.50"), "R": D("88.504"), "S": D("79.99"), "T": D("69.99"), "U": None}
    assert competition_ranks(values) == {"P": 1, "Q": 2, "R": 2, "S": 4, "T": 5, "U": None}
    groups = {k: par_group(v) for k, v in values.items() if v is not None}
    assert groups == {"P": "A", "Q": "B", "R": "B", "S": "C", "T": ""}


@pytest.mark.parametrize(
    ("value", "group"),
    [("90", "A"), ("89.995", "A"), ("89.99", "B"), ("80", "B"), ("79.99", "C"), ("70", "C"), ("69.99", "")],
)
def test_group_boundaries_use_the_published_value(value, group):
    assert par_group(D(value)) == group


def test_group_thresholds_are_configurable_and_checked():
    stricter = GroupThresholds(a=D(95), b=D(85), c=D(75))
    assert par_group(D("92"), stricter) == "B"
    assert group_conflict(D("92"), "A", stricter) == "B"
    assert group_conflict(D("92"), "B", stricter) is None
    with pytest.raises(ValueError):
        GroupThresholds(a=D(80), b=D(90))


def test_publish_round_is_half_up():
    assert publish_round(D("84.375")) == D("84.38")
    assert publish_round(65.625) == D("65.63")
    assert publish_round(71.375) == D("71.38")


def _rows(*triples):
    return [RankedRow(key, None if v is None else D(v), r) for key, v, r in triples]


def test_consistent_ranks_pass():
    rows = _rows((2, "91.2", 1), (3, "88.5", 2), (4, "88.5", 2), (5, "85", 4), (6, None, 3), (7, "84", None))
    assert rank_conflicts(rows) == []


def test_higher_value_ranked_below_is_a_conflict():
    conflicts = rank_conflicts(_rows((2, "91.2", 2), (3, "88.5", 1)))
    assert [(c.kind, c.row.key, c.other.key) for c in conflicts] == [(RankProblem.ORDER, 3, 2)]


def test_split_tie_and_shared_rank_for_different_values_are_conflicts():
    assert rank_conflicts(_rows((2, "88.5", 2), (3, "88.50", 3)))[0].kind == RankProblem.TIE_SPLIT
    assert rank_conflicts(_rows((2, "90", 2), (3, "88", 2)))[0].kind == RankProblem.ORDER


def test_rank_leaves_room_for_unranked_higher_values():
    conflicts = rank_conflicts(_rows((2, "95", None), (3, "94", None), (4, "90", 2)))
    assert [(c.kind, c.row.key, c.units_above) for c in conflicts] == [(RankProblem.TOO_HIGH, 4, 2)]


def test_complete_table_must_follow_competition_ranking():
    rows = _rows((2, "91", 1), (3, "90", 2), (4, "90", 2), (5, "80", 5))
    assert rank_conflicts(rows) == []  # a partial table: a unit missing from the file may be 4th
    conflicts = rank_conflicts(rows, unit_count=4)
    assert [(c.kind, c.row.key, c.units_above) for c in conflicts] == [(RankProblem.NOT_COMPETITION, 5, 3)]


# docs/indices.md, "Worked example (SIPAS)"
BALLOTS = [
    Ballot(1.0, {"i1": 5, "i2": 4, "j1": 3}),
    Ballot(1.5, {"i1": 4, "i2": 4, "j1": 5}),
    Ballot(0.5, {"i1": 2, "i2": 5, "j1": 4}),
    Ballot(1.0, {"i1": 3, "i2": None, "j1": 1}),
]
ELEMENTS = {"E1": ["i1", "i2"], "E2": ["j1"]}


def test_sipas_worked_example():
    assert sipas_item_share(BALLOTS, "i1") == pytest.approx(62.5)
    assert sipas_item_share(BALLOTS, "i2") == pytest.approx(100.0)
    assert sipas_item_share(BALLOTS, "j1") == pytest.approx(50.0)
    unit = sipas_unit(BALLOTS, ELEMENTS)
    assert unit.elements == pytest.approx({"E1": 81.25, "E2": 50.0})
    assert publish_round(unit.value) == D("65.63")
    assert unit.sample_weight == pytest.approx(4.0)


def test_sipas_variants_of_the_worked_example():
    pooled = sipas_element(BALLOTS, ELEMENTS["E1"], method=ElementMethod.POOLED)
    assert publish_round(pooled) == D("78.57")
    unweighted = [Ballot(1.0, b.scores) for b in BALLOTS]
    assert publish_round(sipas_unit(unweighted, ELEMENTS).value) == D("62.50")
    assert publish_round(sipas_unit(BALLOTS, ELEMENTS, satisfied_min=5).value) == D("29.17")


def test_sipas_national_worked_example():
    units = {"A": 65.625, "B": 80.0}
    assert publish_round(sipas_national(units, {"A": 4.0, "B": 6.0})) == D("74.25")
    assert publish_round(sipas_national(units, {"A": 0.6, "B": 0.4})) == D("71.38")
    assert publish_round(sipas_national(units, {"A": 1, "B": 1})) == D("72.81")
    with pytest.raises(ValueError, match="no weight"):
        sipas_national(units, {"A": 1.0})


def test_sipas_rejects_answers_off_the_scale_and_empty_items():
    with pytest.raises(ValueError):
        Ballot(1.0, {"i1": 6})
    with pytest.raises(ValueError):
        Ballot(-1.0, {"i1": 4})
    assert sipas_item_share([Ballot(1.0, {"i1": None})], "i1") is None
