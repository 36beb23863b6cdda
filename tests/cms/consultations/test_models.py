"""Consultations: status from the dates, closing after opening, articles addressable by id."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.consultations.models import ConsultationPage, ConsultationStatus
from cms.core.models import SectionPage
from cms.core.services import home_page_ensure
from cms.units.selectors import unit_get

DRAFT = [
    ("chapter", {"number": "Chương I", "title": "Quy định chung"}),
    (
        "article",
        {
            "number": "Điều 1",
            "title": "Phạm vi điều chỉnh",
            "text": "",
            "clauses": [{"number": "1", "text": "Quy chế này quy định việc đo lường sự hài lòng."}],
        },
    ),
    ("article", {"number": "Điều 2", "title": "Đối tượng áp dụng", "text": "Các bộ, ngành.", "clauses": []}),
]


@pytest.fixture
def consultation(db) -> ConsultationPage:
    section = home_page_ensure().add_child(instance=SectionPage(title="Lấy ý kiến", slug="lay-y-kien"))
    now = timezone.now()
    page = ConsultationPage(
        title="Dự thảo Quy chế",
        slug="du-thao",
        drafting_unit=unit_get(code="BNV"),
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        draft=DRAFT,
    )
    page.full_clean(exclude=["path", "depth"])
    return section.add_child(instance=page)


@pytest.mark.django_db
def test_status_follows_the_dates(consultation):
    assert consultation.status == ConsultationStatus.OPEN
    assert consultation.status_on(consultation.opens_at - timedelta(seconds=1)) == ConsultationStatus.UPCOMING
    assert consultation.status_on(consultation.closes_at) == ConsultationStatus.CLOSED


@pytest.mark.django_db
def test_closing_must_follow_opening(consultation):
    consultation.closes_at = consultation.opens_at
    with pytest.raises(ValidationError) as caught:
        consultation.full_clean()
    assert caught.value.message_dict["closes_at"] == [
        "Thời điểm kết thúc phải sau thời điểm bắt đầu lấy ý kiến."
    ]


@pytest.mark.django_db
def test_each_article_has_a_stable_id(consultation):
    ids = consultation.article_ids()
    assert len(ids) == 2
    consultation.refresh_from_db()
    assert consultation.article_ids() == ids
