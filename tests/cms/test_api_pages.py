"""Wagtail's API v2 (what export reads) carries every page type with its metadata, and nothing private."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cms.consultations.models import ConsultationPage
from cms.core.models import ReformArea, SectionPage, StandardPage
from cms.core.services import home_page_ensure
from cms.documents.models import DocumentIndexPage, DocumentKind, Issuer, LegalDocumentPage, ValidityEvent
from cms.news.models import NewsArticlePage
from cms.qa.models import Question, QuestionIndexPage, QuestionPage
from cms.units.selectors import unit_get


def _child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def one_of_each(db):
    home = home_page_ensure()
    bnv, hanoi = unit_get(code="BNV"), unit_get(code="01")
    area = ReformArea.objects.get(slug="thu-tuc-hanh-chinh")
    section = _child(home, SectionPage(title="Tin Bộ Nội vụ", slug="tin-bnv", unit=bnv))
    news = NewsArticlePage(title="Tin", slug="tin", body="<p>Nội dung</p>", unit=bnv, date=date(2024, 5, 1))
    news.reform_areas = [area]
    news.tags.add("SIPAS")
    folder = _child(home, DocumentIndexPage(title="Văn bản", slug="van-ban"))
    doc = LegalDocumentPage(
        title="Phê duyệt Đề án",
        slug="979",
        number="979/QĐ-BNV",
        kind=DocumentKind.objects.get(slug="quyet-dinh"),
        issuer=Issuer.objects.get(slug="bnv"),
        issued_on=date(2020, 11, 18),
        body="<p>Toàn văn</p>",
    )
    doc.validity_history = [ValidityEvent(date=date(2020, 11, 18), status="con-hieu-luc")]
    now = timezone.now()
    consultation = ConsultationPage(
        title="Dự thảo",
        slug="du-thao",
        drafting_unit=bnv,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
        draft=[("article", {"number": "Điều 1", "title": "Phạm vi", "text": "", "clauses": []})],
    )
    qa = _child(home, QuestionIndexPage(title="Hỏi – đáp", slug="hoi-dap-cchc"))
    asked = Question.objects.create(
        client_key="0b7f5f7e-1a7e-4f4e-9f59-5e2f6f0d7a10",
        body="Câu hỏi gốc",
        name="Nguyễn Văn A",
        email="a@x.vn",
    )
    question = QuestionPage(
        title="Chỉ số CCHC tính thế nào?",
        slug="chi-so",
        question="Chỉ số CCHC được tính như thế nào?",
        topic=area,
        asker_province=hanoi,
        asked_on=date(2025, 1, 2),
        answer="<p>Theo Quyết định số 876/QĐ-BNV.</p>",
        answering_unit=bnv,
        answered_on=date(2025, 1, 9),
        source_question=asked,
    )
    return {
        "core.SectionPage": section,
        "core.StandardPage": _child(
            home, StandardPage(title="Giới thiệu", slug="gioi-thieu", body="<p>a</p>")
        ),
        "news.NewsArticlePage": _child(section, news),
        "documents.LegalDocumentPage": _child(folder, doc),
        "consultations.ConsultationPage": _child(section, consultation),
        "qa.QuestionPage": _child(qa, question),
    }


EXPECTED = {
    "core.SectionPage": {"unit": {"code": "BNV", "name": "Bộ Nội vụ"}},
    "news.NewsArticlePage": {"tags": ["SIPAS"], "date": "2024-05-01"},
    "documents.LegalDocumentPage": {
        "number": "979/QĐ-BNV",
        "issued_on": "2020-11-18",
        "status": "con-hieu-luc",
    },
    "consultations.ConsultationPage": {"status": "dang-lay-y-kien"},
    "qa.QuestionPage": {
        "asker_province": {"code": "01", "name": "Thành phố Hà Nội"},
        "answered_on": "2025-01-09",
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("page_type", sorted(EXPECTED) + ["core.StandardPage"])
def test_every_page_type_with_its_metadata(client, one_of_each, page_type):
    page = one_of_each[page_type]
    listing = client.get("/api/v2/pages/", {"type": page_type, "fields": "*"}).json()
    assert [item["id"] for item in listing["items"]] == [page.pk]
    item = listing["items"][0]
    declared = {field.name for field in type(page).api_fields}
    assert declared <= set(item), declared - set(item)
    for key, value in EXPECTED.get(page_type, {}).items():
        assert item[key] == value


@pytest.mark.django_db
def test_question_page_exposes_no_personal_data(client, one_of_each):
    page = one_of_each["qa.QuestionPage"]
    text = client.get(f"/api/v2/pages/{page.pk}/", {"fields": "*"}).content.decode()
    assert "source_question" not in text
    assert "Nguyễn Văn A" not in text and "a@x.vn" not in text and "Câu hỏi gốc" not in text


@pytest.mark.django_db
def test_drafts_are_not_in_the_api(client, one_of_each):
    page = one_of_each["documents.LegalDocumentPage"]
    page.unpublish()
    listing = client.get("/api/v2/pages/", {"type": "documents.LegalDocumentPage"}).json()
    assert listing["meta"]["total_count"] == 0


@pytest.mark.django_db
def test_listing_documents_reads_related_rows_in_bulk(client, django_assert_max_num_queries):
    """Export lists 20,000 documents: the query count must not grow with the number listed."""
    from tests.publish import sample

    pages = sample.build()
    for n in range(1, 11):
        doc = sample.legal_document(title=f"Thông báo số {n}", slug=f"tb-{n}", number=f"{n}/QĐ-BNV")
        sample.publish(pages.index, doc)
    params = {"type": "documents.LegalDocumentPage", "fields": "*", "limit": "50"}
    with django_assert_max_num_queries(30):
        items = client.get("/api/v2/pages/", params).json()["items"]
    assert len(items) == 12
    decision = next(item for item in items if item["number"] == "115/QĐ-BNV")
    assert [rel["document"]["number"] for rel in decision["related_from"]] == ["2/2025/TT-BNV"]
