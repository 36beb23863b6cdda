"""survey_results: counts, percentages, means and skips per question, by province with small cells grouped."""

import pytest

from cms.surveys.models import SurveyPage
from cms.surveys.selectors import survey_results
from cms.units.selectors import unit_get
from tests.cms.surveys.survey_data import by_kind, response_add, survey_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey() -> SurveyPage:
    page = survey_make()
    q = by_kind(page)
    single = [cid for cid, _ in q["single"].choices]
    multiple = [cid for cid, _ in q["multiple"].choices]
    hanoi, hue = unit_get(code="01"), unit_get(code="46")
    # Hà Nội: 5 responses (shown on its own); Huế: 2 and no province: 1 (grouped as "Khác").
    rows = [
        (hanoi, single[0], [multiple[0], multiple[1]], 5, "Kỹ sư"),
        (hanoi, single[0], [multiple[0]], 4, None),
        (hanoi, single[1], None, 4, None),
        (hanoi, single[0], [multiple[1]], 3, None),
        (hanoi, single[2], [multiple[0]], 5, "Giáo viên"),
        (hue, single[1], [multiple[3]], 1, None),
        (hue, single[1], None, 2, None),
        (None, single[0], [multiple[0]], 5, None),
    ]
    for province, s, m, scale, text in rows:
        answers = {q["single"].id: s, q["scale"].id: scale}
        if m:
            answers[q["multiple"].id] = m
        if text:
            answers[q["short_text"].id] = text
        response_add(page, answers, province=province)
    # Not counted: spam and flagged responses, whatever they say.
    response_add(page, {q["single"].id: single[2], q["scale"].id: 1}, province=hanoi, is_spam=True)
    response_add(page, {q["single"].id: single[2], q["scale"].id: 1}, province=hue, flagged=True)
    return page


def question(results: dict, kind: str) -> dict:
    return next(q for q in results["questions"] if q["kind"] == kind)


def counts(q: dict) -> list[int]:
    return [o["count"] for o in q["options"]]


def test_counts_percentages_and_skips_per_question(survey):
    results = survey_results(survey=survey)
    assert results["total"] == 8
    single = question(results, "single")
    assert (counts(single), single["answered"], single["skipped"]) == ([4, 3, 1], 8, 0)
    assert [o["percent"] for o in single["options"]] == [50.0, 37.5, 12.5]
    multiple = question(results, "multiple")
    assert (counts(multiple), multiple["answered"], multiple["skipped"]) == ([4, 2, 0, 1], 6, 2)
    assert multiple["options"][0]["percent"] == 66.7  # of those who answered; sums may pass 100
    scale = question(results, "scale")
    assert [o["label"] for o in scale["options"]] == ["1", "2", "3", "4", "5"]
    assert counts(scale) == [1, 1, 1, 2, 3]
    assert scale["mean"] == round((1 + 2 + 3 + 8 + 15) / 8, 2)


def test_text_answers_are_counted_never_shown(survey):
    results = survey_results(survey=survey)
    short = question(results, "short_text")
    assert (short["answered"], short["skipped"], short["options"], short["mean"]) == (2, 6, [], None)
    assert "Kỹ sư" not in str(results) and "Giáo viên" not in str(results)


def test_provinces_with_fewer_than_five_responses_are_grouped_as_other(survey):
    groups = survey_results(survey=survey)["by_province"]
    assert [(g["code"], g["name"], g["total"]) for g in groups] == [
        ("01", "Thành phố Hà Nội", 5),
        ("", "Khác", 3),
    ]
    hanoi, other = groups
    assert counts(question(hanoi, "single")) == [3, 1, 1]
    assert counts(question(other, "single")) == [1, 2, 0]
    assert question(other, "scale")["mean"] == round((1 + 2 + 5) / 3, 2)
    assert question(other, "multiple")["skipped"] == 1


def test_no_breakdown_when_the_survey_does_not_ask_the_province(survey):
    SurveyPage.objects.filter(pk=survey.pk).update(ask_province=False)
    survey.refresh_from_db()
    assert survey_results(survey=survey)["by_province"] == []


def test_empty_survey_has_zero_counts():
    page = survey_make(slug="trong")
    results = survey_results(survey=page)
    assert results["total"] == 0 and results["by_province"] == []
    assert all(q["answered"] == 0 and q["mean"] is None for q in results["questions"])
    assert all(o["percent"] == 0.0 for q in results["questions"] for o in q["options"])


def test_results_are_read_in_one_query(survey, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):  # the page's questions are in memory: counts + province names
        survey_results(survey=survey)
