"""SurveyPage: Vietnamese validation, status from the dates, stable ids, an API without respondent data."""

import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from wagtail.blocks.struct_block import StructBlockValidationError

from cms.surveys.blocks import SurveyQuestionBlock
from cms.surveys.models import SurveyPage, SurveyResponse, SurveyStatus
from tests.cms.surveys.survey_data import QUESTIONS, by_kind, response_add, survey_make

pytestmark = pytest.mark.django_db


def question(**value) -> tuple[str, dict]:
    base = {"text": "Câu hỏi?", "hint": "", "kind": "single", "required": True, "choices": ["A", "B"]}
    return ("question", {**base, "max_choices": None, **value})


def clean_errors(page: SurveyPage) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        page.clean()
    return caught.value.message_dict


def test_closing_must_follow_opening():
    page = survey_make()
    page.closes_at = page.opens_at
    assert clean_errors(page)["closes_at"] == ["Thời điểm kết thúc phải sau thời điểm bắt đầu khảo sát."]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"choices": ["Chỉ một"]}, "Câu 1: Câu hỏi lựa chọn cần ít nhất hai phương án trả lời."),
        ({"kind": "multiple", "choices": []}, "Câu 1: Câu hỏi lựa chọn cần ít nhất hai phương án trả lời."),
        ({"choices": ["Có", " có "]}, "Câu 1: Các phương án trả lời không được trùng nhau."),
        (
            {"kind": "multiple", "max_choices": 3},
            "Câu 1: Số lựa chọn tối đa không được lớn hơn số phương án.",
        ),
        (
            {"kind": "scale", "max_choices": 2},
            "Câu 1: Chỉ câu hỏi chọn nhiều phương án mới có số lựa chọn tối đa.",
        ),
    ],
)
def test_question_definitions_are_checked_in_vietnamese(value, message):
    page = survey_make()
    page.questions = [question(**value)]
    assert clean_errors(page)["questions"] == [message]


def test_the_block_reports_problems_on_its_fields():
    block = SurveyQuestionBlock()
    value = block.to_python({**question(choices=["Một"])[1]})
    with pytest.raises(StructBlockValidationError) as caught:
        block.clean(value)
    assert "choices" in caught.value.block_errors


def test_duplicate_question_ids_are_refused():
    page = survey_make()
    first = dict(page.questions.raw_data[0])
    page.questions = [first, {**first, "value": {**first["value"], "text": "Câu khác?"}}]
    assert "Câu 2: mã câu hỏi bị trùng." in clean_errors(page)["questions"][0]


def test_status_follows_the_dates():
    page = survey_make()
    now = timezone.now()
    assert page.status_on(now) == SurveyStatus.OPEN
    assert page.status_on(page.opens_at - timedelta(seconds=1)) == SurveyStatus.UPCOMING
    assert page.status_on(page.closes_at) == SurveyStatus.CLOSED
    assert page.status_label == "Đang khảo sát"


def test_question_and_choice_ids_stay_stable_across_revisions():
    page = survey_make()
    before = page.survey_questions()
    assert all(q.id for q in before)
    assert all(cid for q in before for cid, _ in q.choices)
    page.title = "Khảo sát đã sửa"
    page.save_revision().publish()
    after = SurveyPage.objects.get(pk=page.pk).survey_questions()
    assert [(q.id, q.choices) for q in after] == [(q.id, q.choices) for q in before]
    assert len(after) == len(QUESTIONS)


def test_tracking_code_and_retention_attributes():
    page = survey_make()
    response = response_add(page, {})
    assert response.tracking_code.startswith("KS-") and len(response.tracking_code) == 11
    assert SurveyResponse.personal_data_fields == ("ip_hash",)
    assert SurveyResponse.retention_date_field == "created_at"


def test_pages_api_gives_the_form_and_results_but_no_respondent_data():
    page = survey_make(results_published=True)
    q = by_kind(page)
    secret = "Nguyễn Văn Riêng, 0912 345 678"
    response_add(
        page, {q["single"].id: q["single"].choices[0][0], q["long_text"].id: secret}, ip_hash="a" * 64
    )
    api = Client()
    response = api.get(f"/api/v2/pages/{page.pk}/", {"fields": "*"})
    assert response.status_code == 200
    item = response.json()
    assert [f["id"] for f in item["form_questions"]] == [q.id for q in page.survey_questions()]
    single = item["form_questions"][0]
    assert single["kind"] == "single" and single["required"] is True
    assert [c["label"] for c in single["choices"]] == QUESTIONS[0][1]["choices"]
    assert {"code": "01", "name": "Thành phố Hà Nội"} in item["province_choices"]
    assert item["results"]["total"] == 1
    text = json.dumps(item, ensure_ascii=False)
    for leaked in (secret, "a" * 64, "tracking_code", "client_key", "ip_hash", "KS-"):
        assert leaked not in text


def test_results_stay_out_of_the_api_until_published():
    page = survey_make()
    item = Client().get(f"/api/v2/pages/{page.pk}/", {"fields": "*"}).json()
    assert item["results"] is None and item["results_published"] is False
