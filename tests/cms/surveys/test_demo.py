"""The demo surveys: an open one with every question type, a closed one with published results."""

import pytest

from cms.core.services import home_page_ensure
from cms.surveys.blocks import QuestionKind
from cms.surveys.demo import surveys_demo_ensure
from cms.surveys.models import SurveyPage, SurveyStatus

pytestmark = pytest.mark.django_db


def test_demo_surveys_are_loaded_once():
    home = home_page_ensure()
    assert surveys_demo_ensure(home=home) == 3  # the "Khảo sát trực tuyến" section and two surveys
    assert surveys_demo_ensure(home=home) == 0
    opened = SurveyPage.objects.get(title="Khảo sát mức độ hài lòng về dịch vụ công trực tuyến")
    assert opened.live and opened.status_on() == SurveyStatus.OPEN
    assert {q.kind for q in opened.survey_questions()} == set(QuestionKind.values)
    assert len(opened.survey_questions()) == 6 and not opened.responses.exists()
    closed = SurveyPage.objects.exclude(pk=opened.pk).get()
    assert closed.status_on() == SurveyStatus.CLOSED and closed.results_published
    results = closed.results
    assert results["total"] == closed.responses.count() == 240
    groups = results["by_province"]
    assert groups[-1]["name"] == "Khác" and all(g["total"] >= 5 for g in groups[:-1])
    assert sum(g["total"] for g in groups) == 240
