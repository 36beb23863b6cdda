"""One published page of each type, built in the test database (no demo content needed)."""

import json
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Page

from cms.consultations.models import ConsultationFile, ConsultationPage
from cms.core.models import HomePage, ReformArea, SectionPage, StandardPage
from cms.core.services import home_page_ensure
from cms.documents.models import (
    DocumentIndexPage,
    DocumentKind,
    DocumentRelation,
    Issuer,
    LegalDocumentFile,
    LegalDocumentPage,
    SignerTitle,
    ValidityEvent,
)
from cms.news.models import NewsArticlePage
from cms.qa.models import Question, QuestionIndexPage, QuestionPage
from cms.units.models import Unit

CHAPTER_ID = "7f0c2a1e-0000-4000-8000-000000000001"
ARTICLE_IDS = ("7f0c2a1e-0000-4000-8000-000000000002", "7f0c2a1e-0000-4000-8000-000000000003")
ASKER = {"name": "Nguyễn Văn Riêng", "email": "nguoihoi.rieng@example.vn", "body": "Câu hỏi gốc có số nhà 12"}


@dataclass
class Sample:
    home: HomePage
    news: NewsArticlePage
    standard: StandardPage
    index: DocumentIndexPage
    decision: LegalDocumentPage  # 115/QĐ-BNV, guided by the circular
    circular: LegalDocumentPage  # 2/2025/TT-BNV, guides the decision
    consultation: ConsultationPage
    questions: QuestionIndexPage
    question: QuestionPage
    pdf: Document


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def draft_blocks() -> str:
    article = {"number": "Điều {n}", "title": "", "text": "", "clauses": []}
    first = {**article, "number": "Điều 1", "title": "Phạm vi điều chỉnh", "text": "Quy chế này quy định:"}
    first["clauses"] = [
        {"type": "item", "value": {"number": "1", "text": "Việc thu thập dữ liệu."}, "id": "k-1"},
        {"type": "item", "value": {"number": "2", "text": "Việc công bố <kết quả>."}, "id": "k-2"},
    ]
    second = {**article, "number": "Điều 2", "title": "Đối tượng áp dụng", "text": "Các bộ, tỉnh."}
    return json.dumps(
        [
            {"type": "chapter", "value": {"number": "Chương I", "title": "Quy định chung"}, "id": CHAPTER_ID},
            {"type": "article", "value": first, "id": ARTICLE_IDS[0]},
            {"type": "article", "value": second, "id": ARTICLE_IDS[1]},
        ]
    )


def legal_document(**fields) -> LegalDocumentPage:
    defaults = {
        "kind": DocumentKind.objects.get(slug="quyet-dinh"),
        "issuer": Issuer.objects.get(slug="bnv"),
        "signer_name": "Phạm Thị Thanh Trà",
        "signer_title": SignerTitle.objects.get(name="Bộ trưởng"),
        "issued_on": date(2025, 2, 10),
        "scope": "toan-quoc",
    }
    return LegalDocumentPage(**{**defaults, **fields})


def build(*, consultation_closed: bool = True) -> Sample:
    """The sample site; the consultation has closed (outcome report public) unless told otherwise."""
    home = home_page_ensure()
    bnv = Unit.objects.get(code="BNV")
    area = ReformArea.objects.get(slug="thu-tuc-hanh-chinh")
    pdf = Document.objects.create(title="Bản gốc", file=ContentFile(b"%PDF-1.4 ban goc", name="qd-115.pdf"))

    news_root = publish(home, SectionPage(title="Tin tức", slug="tin-tuc"))
    local = publish(news_root, SectionPage(title="Tin địa phương", slug="tin-dia-phuong"))
    news = publish(local, NewsArticlePage(title="Tin ở tỉnh", slug="tin-o-tinh", body="<p>Nội dung tin.</p>"))
    standard = publish(
        home, StandardPage(title="Giới thiệu", slug="gioi-thieu", body="<p>Trang giới thiệu.</p>")
    )

    index = publish(
        home, DocumentIndexPage(title="Văn bản", slug="van-ban", summary="Cơ sở dữ liệu văn bản.")
    )
    decision = legal_document(
        title="Quyết định ban hành Kế hoạch cải cách hành chính năm 2025",
        slug="115-qd-bnv",
        number="115/QĐ-BNV",
        effective_on=date(2025, 2, 10),
        status="het-hieu-luc-mot-phan",
        body="<h2>Điều 1</h2><p>Ban hành kèm theo Quyết định này &lt;Kế hoạch&gt;.</p>",
        unit=bnv,
    )
    decision.files.add(LegalDocumentFile(document=pdf, label="Quyết định 115 (bản ký)"))
    decision.validity_history.add(
        ValidityEvent(date=date(2025, 2, 10), status="con-hieu-luc", note="Ban hành")
    )
    decision.validity_history.add(
        ValidityEvent(date=date(2025, 6, 1), status="het-hieu-luc-mot-phan", note="Điều 3 được sửa đổi")
    )
    decision = publish(index, decision)
    decision.reform_areas.add(area)
    decision.save_revision().publish()

    circular = legal_document(
        title="Thông tư hướng dẫn Quyết định 115",
        slug="2-2025-tt-bnv",
        number="2/2025/TT-BNV",
        kind=DocumentKind.objects.get(slug="thong-tu"),
        issued_on=date(2025, 3, 1),
    )
    circular.relations.add(DocumentRelation(kind="huong-dan", target=decision, note="Điều 3"))
    circular = publish(index, circular)

    now = timezone.now()
    opens, closes = (now - timedelta(days=30), now - timedelta(days=1))
    if not consultation_closed:
        opens, closes = (now - timedelta(days=1), now + timedelta(days=30))
    consultations = publish(home, SectionPage(title="Lấy ý kiến dự thảo", slug="lay-y-kien-du-thao"))
    consultation = ConsultationPage(
        title="Dự thảo Quy chế dữ liệu",
        slug="du-thao-quy-che",
        drafting_unit=bnv,
        opens_at=opens,
        closes_at=closes,
        introduction="<p>Giới thiệu dự thảo.</p>",
        draft=draft_blocks(),
        outcome_report="<p>Kết luận: đã tiếp thu 12 ý kiến.</p>",
    )
    consultation.files.add(ConsultationFile(document=pdf, label="Toàn văn dự thảo"))
    consultation = publish(consultations, consultation)

    questions = publish(home, QuestionIndexPage(title="Hỏi – đáp", slug="hoi-dap"))
    submitted = Question.objects.create(client_key="6f1d8f3e-3c9f-4f43-9b43-0f6f0e3d9a01", **ASKER)
    question = publish(
        questions,
        QuestionPage(
            title="Thời hạn giải quyết thủ tục?",
            slug="thoi-han-giai-quyet",
            question="Xin hỏi thời hạn giải quyết thủ tục hành chính là bao lâu?",
            topic=area,
            asker_province=Unit.objects.get(code="01"),
            asked_on=date(2025, 4, 1),
            answer="<p>Thời hạn theo quy định của từng thủ tục.</p>",
            answering_unit=bnv,
            answered_on=date(2025, 4, 10),
            source_question=submitted,
        ),
    )
    return Sample(home, news, standard, index, decision, circular, consultation, questions, question, pdf)
