"""Demo surveys: one open (every question type) and one closed with seeded responses and published results."""

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from wagtail.models import Page

from cms.core.demo.base import child_get, publish_child
from cms.core.models import SectionPage
from cms.surveys.models import SurveyPage, SurveyResponse
from cms.units.selectors import provinces_current, unit_get

SECTION = {"title": "Khảo sát trực tuyến", "slug": "khao-sat-truc-tuyen"}
SECTION_SUMMARY = "Khảo sát ý kiến người dân, tổ chức về cải cách hành chính và chất lượng phục vụ."
CHANNELS = ["Cổng Dịch vụ công quốc gia", "Cổng dịch vụ công cấp tỉnh", "Ứng dụng VNeID", "Bộ phận Một cửa"]
DIFFICULTIES = ["Đăng nhập, xác thực tài khoản", "Điền biểu mẫu", "Tải tệp đính kèm", "Thanh toán trực tuyến"]


def _q(text: str, kind: str, *, required: bool = True, choices=(), hint: str = "", max_choices=None) -> tuple:
    value = {"text": text, "hint": hint, "kind": kind, "required": required}
    return ("question", {**value, "choices": list(choices), "max_choices": max_choices})


OPEN_QUESTIONS = [
    _q("Anh/chị thường nộp hồ sơ dịch vụ công qua kênh nào?", "single", choices=CHANNELS),
    _q(
        "Anh/chị gặp khó khăn ở bước nào?",
        "multiple",
        required=False,
        choices=DIFFICULTIES,
        hint="Bỏ qua nếu không gặp khó khăn.",
        max_choices=3,
    ),
    _q(
        "Thông tin hướng dẫn trên cổng dịch vụ công dễ hiểu ở mức nào?",
        "scale",
        hint="1: rất khó hiểu; 5: rất dễ hiểu.",
    ),
    _q(
        "Mức độ hài lòng chung của anh/chị với dịch vụ công trực tuyến?",
        "scale",
        hint="1: rất không hài lòng; 5: rất hài lòng.",
    ),
    _q("Thủ tục hành chính anh/chị thực hiện gần đây nhất là gì?", "short_text", required=False),
    _q("Anh/chị có đề xuất gì để dịch vụ công trực tuyến tốt hơn?", "long_text", required=False),
]
CLOSED_QUESTIONS = [
    _q(
        "Anh/chị biết đến Cổng thông tin cải cách hành chính qua đâu?",
        "single",
        choices=["Báo chí", "Mạng xã hội", "Cơ quan nhà nước", "Người quen"],
    ),
    _q(
        "Anh/chị hài lòng ở mức nào với thời gian giải quyết hồ sơ?",
        "scale",
        hint="1: rất không hài lòng; 5: rất hài lòng.",
    ),
    _q("Anh/chị muốn cổng thông tin bổ sung nội dung gì?", "long_text", required=False),
]


def _section(home: Page) -> tuple[SectionPage, int]:
    """The surveys' section and whether it was added now (0 or 1)."""
    section = child_get(home, SectionPage, SECTION["slug"])
    if section is not None:
        return section, 0
    return publish_child(home, SectionPage(**SECTION, summary=SECTION_SUMMARY, unit=unit_get(code="BNV"))), 1


def _survey(section: SectionPage, slug: str, **fields: Any) -> SurveyPage | None:
    if child_get(section, SurveyPage, slug) is not None:
        return None
    page = publish_child(section, SurveyPage(slug=slug, responsible_unit=unit_get(code="BNV"), **fields))
    return SurveyPage.objects.get(pk=page.pk)


def _seed_responses(page: SurveyPage, *, count: int) -> None:
    """Plausible answers from a few provinces (some below the smallest published cell), reproducibly."""
    rng = random.Random(page.slug)  # noqa: S311 - demo data, not security
    provinces = list(provinces_current().order_by("code")[:6]) + [None]
    weights = [40, 25, 15, 8, 3, 2, 7]
    single, scale, text = page.survey_questions()
    start = page.opens_at
    rows = []
    for n in range(count):
        answers: dict[str, Any] = {
            single.id: rng.choices([cid for cid, _ in single.choices], weights=[3, 5, 2, 1])[0],
            scale.id: rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 5, 9, 6])[0],
        }
        if n % 7 == 0:
            answers[text.id] = "Bổ sung hướng dẫn từng bước cho thủ tục thường gặp."
        rows.append(
            SurveyResponse(
                survey=page,
                client_key=uuid.UUID(int=rng.getrandbits(128), version=4),
                answers=answers,
                province=rng.choices(provinces, weights=weights)[0],
                created_at=start + timedelta(minutes=rng.randrange(60 * 24 * 20)),
            )
        )
    SurveyResponse.objects.bulk_create(rows)


def surveys_demo_ensure(*, home: Page, now: datetime | None = None) -> int:
    """Both demo surveys (idempotent by slug); returns how many pages were added."""
    now = now or timezone.now()
    day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    section, added = _section(home)
    opened = _survey(
        section,
        "khao-sat-muc-do-hai-long-ve-dich-vu-cong-truc-tuyen",
        title="Khảo sát mức độ hài lòng về dịch vụ công trực tuyến",
        summary="Ý kiến của anh/chị giúp cơ quan nhà nước cải thiện dịch vụ công trực tuyến.",
        intro="<p>Phiếu khảo sát gồm 6 câu hỏi, mất khoảng 3 phút. Phiếu không ghi họ tên.</p>",
        opens_at=day - timedelta(days=3) + timedelta(hours=8),
        closes_at=day + timedelta(days=45) + timedelta(hours=17),
        questions=OPEN_QUESTIONS,
    )
    added += opened is not None
    closed = _survey(
        section,
        "khao-sat-nguoi-doc-cong-thong-tin-cai-cach-hanh-chinh",
        title="Khảo sát người đọc Cổng thông tin cải cách hành chính",
        summary="Kết quả khảo sát người đọc về nội dung và cách trình bày của cổng thông tin.",
        intro="<p>Khảo sát nhằm hoàn thiện nội dung của Cổng thông tin cải cách hành chính.</p>",
        opens_at=day - timedelta(days=60) + timedelta(hours=8),
        closes_at=day - timedelta(days=10) + timedelta(hours=17),
        questions=CLOSED_QUESTIONS,
        results_published=True,
        results_note="<p>Đa số người trả lời hài lòng với thời gian giải quyết hồ sơ.</p>",
    )
    if closed is not None:
        _seed_responses(closed, count=240)
        added += 1
    return added
