"""A published consultation with a three-article draft, open or not: data for the opinion tests."""

from datetime import timedelta

from django.utils import timezone

from cms.consultations.models import ConsultationPage
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
            "clauses": [
                {"number": "1", "text": "Quy chế này quy định việc đo lường sự hài lòng."},
                {"number": "2", "text": "Quy chế này không áp dụng cho đơn vị sự nghiệp."},
            ],
        },
    ),
    ("article", {"number": "Điều 2", "title": "Đối tượng áp dụng", "text": "Các bộ, ngành.", "clauses": []}),
    ("article", {"number": "Điều 3", "title": "Giải thích từ ngữ", "text": "Các từ ngữ.", "clauses": []}),
]


def consultation_make(
    *, opens_in: timedelta, closes_in: timedelta, slug: str = "du-thao"
) -> ConsultationPage:
    home = home_page_ensure()
    section = SectionPage.objects.filter(slug="lay-y-kien").first() or home.add_child(
        instance=SectionPage(title="Lấy ý kiến", slug="lay-y-kien")
    )
    now = timezone.now()
    page = ConsultationPage(
        title=f"Dự thảo Quy chế {slug}",
        slug=slug,
        drafting_unit=unit_get(code="BNV"),
        opens_at=now + opens_in,
        closes_at=now + closes_in,
        draft=DRAFT,
    )
    section.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def consultation_open() -> ConsultationPage:
    return consultation_make(opens_in=-timedelta(days=1), closes_in=timedelta(days=30))
