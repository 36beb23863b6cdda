"""A published survey with one question of each kind, open or not: data for the survey tests."""

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone

from cms.core.models import SectionPage
from cms.core.services import home_page_ensure
from cms.surveys.models import SurveyPage, SurveyQuestion, SurveyResponse
from cms.units.selectors import unit_get

QUESTIONS = [
    (
        "question",
        {
            "text": "Anh/chị đã dùng dịch vụ công trực tuyến qua kênh nào?",
            "hint": "",
            "kind": "single",
            "required": True,
            "choices": ["Cổng Dịch vụ công quốc gia", "Cổng dịch vụ công của tỉnh", "Ứng dụng VNeID"],
            "max_choices": None,
        },
    ),
    (
        "question",
        {
            "text": "Những khó khăn anh/chị gặp phải?",
            "hint": "Chọn tối đa hai phương án.",
            "kind": "multiple",
            "required": False,
            "choices": ["Đăng nhập", "Thanh toán", "Tải hồ sơ", "Tra cứu kết quả"],
            "max_choices": 2,
        },
    ),
    (
        "question",
        {
            "text": "Mức độ hài lòng chung của anh/chị?",
            "hint": "1: rất không hài lòng; 5: rất hài lòng.",
            "kind": "scale",
            "required": True,
            "choices": [],
            "max_choices": None,
        },
    ),
    (
        "question",
        {
            "text": "Nghề nghiệp của anh/chị?",
            "hint": "",
            "kind": "short_text",
            "required": False,
            "choices": [],
            "max_choices": None,
        },
    ),
    (
        "question",
        {
            "text": "Góp ý để cải thiện dịch vụ",
            "hint": "",
            "kind": "long_text",
            "required": False,
            "choices": [],
            "max_choices": None,
        },
    ),
]


def survey_make(
    *,
    opens_in: timedelta = -timedelta(days=1),
    closes_in: timedelta = timedelta(days=30),
    slug: str = "khao-sat",
    ask_province: bool = True,
    results_published: bool = False,
    live: bool = True,
) -> SurveyPage:
    home = home_page_ensure()
    section = SectionPage.objects.filter(slug="khao-sat-truc-tuyen").first() or home.add_child(
        instance=SectionPage(title="Khảo sát trực tuyến", slug="khao-sat-truc-tuyen")
    )
    now = timezone.now()
    page = SurveyPage(
        title=f"Khảo sát mức độ hài lòng {slug}",
        slug=slug,
        responsible_unit=unit_get(code="BNV"),
        opens_at=now + opens_in,
        closes_at=now + closes_in,
        ask_province=ask_province,
        questions=QUESTIONS,
        results_published=results_published,
        intro="<p>Xin mời anh/chị trả lời.</p>",
    )
    section.add_child(instance=page)
    if live:
        page.save_revision().publish()
    else:
        page.live = False
        page.save()
    return SurveyPage.objects.get(pk=page.pk)


def by_kind(page: SurveyPage) -> dict[str, SurveyQuestion]:
    return {q.kind: q for q in page.survey_questions()}


def good_answers(page: SurveyPage, **overrides: Any) -> dict[str, Any]:
    q = by_kind(page)
    answers = {
        q["single"].id: q["single"].choices[0][0],
        q["multiple"].id: [q["multiple"].choices[1][0]],
        q["scale"].id: 4,
        q["short_text"].id: "Kỹ sư",
    }
    for kind, value in overrides.items():
        answers[q[kind].id] = value
    return answers


def response_add(page: SurveyPage, answers: dict[str, Any], **fields: Any) -> SurveyResponse:
    return SurveyResponse.objects.create(survey=page, client_key=uuid.uuid4(), answers=answers, **fields)
