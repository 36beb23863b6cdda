"""POST /api/v1/surveys/<id>/responses: answers checked against the survey, one row per key, 4xx."""

import json
import uuid
from datetime import timedelta

import pytest
from django.test import Client

from cms.api.abuse import solve_stamp
from cms.surveys.models import SurveyResponse
from tests.cms.surveys.survey_data import by_kind, good_answers, survey_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> Client:
    return Client(REMOTE_ADDR="203.0.113.7")


@pytest.fixture
def survey():
    return survey_make()


def url(page_id: int) -> str:
    return f"/api/v1/surveys/{page_id}/responses"


def body(answers: dict, *, key: uuid.UUID | None = None, **extra) -> dict:
    key = key or uuid.uuid4()
    return {"client_key": str(key), "stamp": solve_stamp(key), "answers": answers, **extra}


def post(api: Client, page_id: int, data) -> tuple[int, dict]:
    raw = data if isinstance(data, (str, bytes)) else json.dumps(data)
    response = api.post(url(page_id), raw, content_type="application/json")
    return response.status_code, response.json()


def assert_vietnamese(payload: dict) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    assert payload["detail"]
    assert any(c in text for c in "ảãạăắằẳẵặâấầẩẫậđẻẽẹêếềểễệỉĩịỏõọôốồổỗộơớờởỡợủũụưứừửữựỷỹỵ"), text
    for word in ("Expected", "This field", "Invalid", "valid integer", "required."):
        assert word not in text, text


def test_good_response_is_stored_and_answered_with_a_tracking_code(api, survey):
    q = by_kind(survey)
    answers = good_answers(survey, long_text="  Cần  giao diện đơn giản hơn.  ")
    answers[q["long_text"].id] = "Cần giao die\u0323\u0302n đơn giản hơn."  # decomposed input
    status, payload = post(api, survey.pk, body(answers, province="01"))
    assert status == 201, payload
    assert payload["tracking_code"].startswith("KS-") and len(payload["tracking_code"]) == 11
    row = SurveyResponse.objects.get()
    assert row.tracking_code == payload["tracking_code"]
    assert row.answers[q["long_text"].id] == "Cần giao diện đơn giản hơn."  # NFC
    assert row.answers[q["scale"].id] == 4 and row.province.code == "01"
    assert len(row.ip_hash) == 64 and "203.0.113.7" not in row.ip_hash
    assert not row.flagged and not row.is_spam


def test_optional_questions_may_be_skipped_and_are_not_stored(api, survey):
    q = by_kind(survey)
    answers = good_answers(survey, multiple=[], short_text="   ")
    answers[q["long_text"].id] = None
    status, _ = post(api, survey.pk, body(answers))
    assert status == 201
    assert set(SurveyResponse.objects.get().answers) == {q["single"].id, q["scale"].id}


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("single", ["x"], "Cần chọn một phương án"),
        ("single", "khong-co", "Phương án này không có trong câu hỏi."),
        ("multiple", "a", "Cần một danh sách"),
        ("multiple", [1, 2], "Cần một danh sách"),
        ("multiple", "REPEAT", "Mỗi phương án chỉ được chọn một lần."),
        ("multiple", "THREE", "Chỉ được chọn tối đa 2 phương án."),
        ("multiple", ["khong-co"], "Phương án này không có trong câu hỏi."),
        ("scale", 6, "Cần một số nguyên từ 1 đến 5."),
        ("scale", 0, "Cần một số nguyên từ 1 đến 5."),
        ("scale", "3", "Cần một số nguyên từ 1 đến 5."),
        ("scale", 3.5, "Cần một số nguyên từ 1 đến 5."),
        ("scale", True, "Cần một số nguyên từ 1 đến 5."),
        ("short_text", 12, "Câu trả lời phải là văn bản."),
        ("short_text", "x" * 301, "Câu trả lời dài tối đa 300 ký tự (hiện có 301 ký tự)."),
        ("long_text", "đ" * 5001, "Câu trả lời dài tối đa 5000 ký tự (hiện có 5001 ký tự)."),
        ("long_text", {"a": 1}, "Câu trả lời phải là văn bản."),
        ("long_text", "có\x00ký tự rỗng", "Câu trả lời chứa ký tự không hợp lệ."),
        ("short_text", "nửa cặp \ud800", "Câu trả lời chứa ký tự không hợp lệ."),
    ],
)
def test_each_wrong_answer_gets_its_own_vietnamese_message(api, survey, kind, value, message):
    q = by_kind(survey)
    ids = [cid for cid, _ in q["multiple"].choices]
    value = (
        {"REPEAT": [ids[0], ids[0]], "THREE": ids[:3]}.get(value, value) if isinstance(value, str) else value
    )
    status, payload = post(api, survey.pk, body(good_answers(survey, **{kind: value})))
    assert status == 400, payload
    assert_vietnamese(payload)
    assert message in payload["errors"][f"answers.{q[kind].id}"][0]
    assert not SurveyResponse.objects.exists()


def test_unknown_question_and_missing_required_answers(api, survey):
    q = by_kind(survey)
    answers = good_answers(survey)
    del answers[q["single"].id]
    answers["khong-co-cau-nay"] = "x"
    answers[q["scale"].id] = None
    status, payload = post(api, survey.pk, body(answers))
    assert status == 400
    assert_vietnamese(payload)
    assert payload["errors"] == {
        "answers.khong-co-cau-nay": ["Câu hỏi này không có trong phiếu khảo sát."],
        f"answers.{q['single'].id}": ["Câu hỏi này bắt buộc trả lời."],
        f"answers.{q['scale'].id}": ["Câu hỏi này bắt buộc trả lời."],
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"answers": {}}, "client_key"),
        ({"client_key": "khong-phai-uuid", "answers": {}}, "client_key"),
        ("ANSWERS_LIST", "answers"),
        ("NO_STAMP", "stamp"),
        ("BAD_STAMP", "stamp"),
        ("PROVINCE_UNKNOWN", "province"),
        ("PROVINCE_NUMBER", "province"),
    ],
)
def test_malformed_bodies_are_refused_in_vietnamese(api, survey, data, field):
    key = uuid.uuid4()
    good = body(good_answers(survey), key=key)
    data = (
        {
            "ANSWERS_LIST": {**good, "answers": ["a", "b"]},
            "NO_STAMP": {**good, "stamp": ""},
            "BAD_STAMP": {**good, "stamp": "1700000000000:zz"},
            "PROVINCE_UNKNOWN": {**good, "province": "99"},
            "PROVINCE_NUMBER": {**good, "province": 1},
        }.get(data, data)
        if isinstance(data, str)
        else data
    )
    status, payload = post(api, survey.pk, data)
    assert status == 400, payload
    assert_vietnamese(payload)
    assert field in payload["errors"]


@pytest.mark.parametrize("raw", ["{không phải json", "null", "[1, 2]", '"chuỗi"'])
def test_not_an_object_is_refused_in_vietnamese(api, survey, raw):
    status, payload = post(api, survey.pk, raw)
    assert status == 400, payload
    assert_vietnamese(payload)


def test_oversized_body_is_refused(api, survey, settings):
    settings.CCHC_API_MAX_BODY = 4096
    status, payload = post(api, survey.pk, body(good_answers(survey, long_text="a" * 5000)))
    assert status == 413
    assert_vietnamese(payload)


def test_province_is_refused_when_the_survey_does_not_ask_it(api):
    page = survey_make(ask_province=False, slug="khong-hoi-tinh")
    status, payload = post(api, page.pk, body(good_answers(page), province="01"))
    assert status == 400
    assert payload["errors"]["province"] == ["Khảo sát này không hỏi tỉnh, thành phố."]


@pytest.mark.parametrize("page_id", [0, 999999, 2**40])
def test_unknown_survey_is_404_in_vietnamese(api, survey, page_id):
    status, payload = post(api, page_id, body({}))
    assert status == 404
    assert payload["detail"] == "Không tìm thấy khảo sát này."


def test_unpublished_survey_is_404(api):
    page = survey_make(live=False, slug="ban-nhap")
    status, payload = post(api, page.pk, body(good_answers(page)))
    assert (status, payload["detail"]) == (404, "Không tìm thấy khảo sát này.")


@pytest.mark.parametrize(
    ("opens_in", "closes_in", "message"),
    [
        (timedelta(days=1), timedelta(days=5), "Khảo sát chưa bắt đầu."),
        (-timedelta(days=5), -timedelta(minutes=1), "Khảo sát đã kết thúc"),
    ],
)
def test_survey_not_open_is_409_in_vietnamese(api, opens_in, closes_in, message):
    page = survey_make(opens_in=opens_in, closes_in=closes_in, slug="khong-mo")
    status, payload = post(api, page.pk, body(good_answers(page)))
    assert status == 409
    assert payload["detail"].startswith(message)
    assert not SurveyResponse.objects.exists()


def test_same_key_same_answers_gives_the_same_answer_and_one_row(api, survey):
    data = body(good_answers(survey), province="01")
    first = post(api, survey.pk, data)
    second = post(api, survey.pk, data)
    assert first[0] == second[0] == 201
    assert first[1] == second[1]
    assert SurveyResponse.objects.count() == 1


def test_same_key_other_answers_is_409(api, survey):
    key = uuid.uuid4()
    assert post(api, survey.pk, body(good_answers(survey), key=key))[0] == 201
    status, payload = post(api, survey.pk, body(good_answers(survey, scale=1), key=key))
    assert status == 409
    assert payload["detail"] == "Mã gửi (client_key) này đã được dùng cho một phiếu trả lời khác."
    assert SurveyResponse.objects.count() == 1


def test_replay_after_closing_still_learns_its_tracking_code(api, survey):
    data = body(good_answers(survey))
    code = post(api, survey.pk, data)[1]["tracking_code"]
    SurveyResponse.objects.update()  # nothing changes but the calendar:
    type(survey).objects.filter(pk=survey.pk).update(closes_at=survey.opens_at + timedelta(seconds=1))
    assert post(api, survey.pk, data) == (201, {"tracking_code": code})


def test_honeypot_is_answered_normally_and_stored_as_spam(api, survey):
    status, payload = post(api, survey.pk, body(good_answers(survey), website="http://spam.example"))
    assert status == 201 and payload["tracking_code"].startswith("KS-")
    assert SurveyResponse.objects.get().is_spam


def test_near_identical_text_answers_are_flagged(api, survey, settings):
    settings.CCHC_DUPLICATE_THRESHOLD = 3
    texts = ["Dịch vụ quá chậm!", "dich vu qua cham", "DỊCH VỤ  quá chậm."]
    for n, text in enumerate(texts):
        client = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        assert post(client, survey.pk, body(good_answers(survey, long_text=text)))[0] == 201
    rows = list(SurveyResponse.objects.order_by("created_at"))
    assert [r.flagged for r in rows] == [True, True, True]  # the third flags the earlier two too
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert post(other, survey.pk, body(good_answers(survey, long_text="Một ý kiến khác hẳn")))[0] == 201
    assert not SurveyResponse.objects.order_by("-created_at").first().flagged


def test_html_and_script_are_stored_as_text(api, survey):
    script = "<script>alert('x')</script>"
    status, _ = post(api, survey.pk, body(good_answers(survey, long_text=script)))
    assert status == 201
    assert script in SurveyResponse.objects.get().answers.values()


def test_status_lookup_shows_receipt_and_no_answers(api, survey):
    code = post(api, survey.pk, body(good_answers(survey, short_text="Nông dân ở xã A")))[1]["tracking_code"]
    response = api.get(f"/api/v1/status/{code}")
    assert response.status_code == 200
    payload = response.json()
    assert (payload["kind"], payload["status"], payload["status_label"]) == (
        "survey",
        "received",
        "Đã ghi nhận",
    )
    assert payload["answer"] is None
    assert "Nông dân" not in response.content.decode()
