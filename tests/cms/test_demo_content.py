"""The demo content `make run` loads: idempotent, faithful to the seed documents, valid, no personal data."""

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Revision

from cms.consultations.models import ConsultationPage, ConsultationStatus
from cms.core.models import HomePage, SectionPage, StandardPage
from cms.core.services import demo_content_load, home_page_ensure
from cms.documents.models import DocumentIndexPage, DocumentRelation, LegalDocumentPage, ValidityStatus
from cms.news.models import NewsArticlePage
from cms.qa.models import QuestionIndexPage, QuestionPage
from cms.surveys.models import SurveyPage

DEMO_DIR = Path(__file__).resolve().parents[2] / "cms" / "core" / "demo"
PAGE_TYPES = [
    SectionPage,
    NewsArticlePage,
    DocumentIndexPage,
    LegalDocumentPage,
    ConsultationPage,
    QuestionIndexPage,
    QuestionPage,
    StandardPage,
    SurveyPage,
]
DOCUMENTS_API = "/api/v2/pages/?type=documents.LegalDocumentPage&fields=*&limit=100"
QUESTIONS_API = "/api/v2/pages/?type=qa.QuestionPage&fields=*&limit=100"

# The five documents of shared/seeds: number, issuer, issue date, signer.
SEED_DOCUMENTS = [
    ("243/QĐ-BNV", "bnv", date(2020, 4, 3), "Nguyễn Trọng Thừa"),
    ("23/BNV-CCHC", "bnv", date(2022, 1, 4), "Nguyễn Trọng Thừa"),
    ("115/QĐ-BNV", "bnv", date(2022, 2, 24), "Nguyễn Trọng Thừa"),
    ("000/QĐ-BNV", "bnv", date(2023, 1, 1), ""),  # the 2023 plan: number and day blank in the seed
    ("174/QĐ-BNV", "bnv", date(2026, 4, 11), "Nguyễn Văn Hồi"),
]
CITED_DOCUMENTS = [
    ("979/QĐ-BNV", date(2020, 11, 18)),
    ("76/NQ-CP", date(2021, 7, 15)),
    ("876/QĐ-BNV", date(2022, 11, 10)),
    ("1001/QĐ-BNV", date(2023, 12, 11)),
    ("202/2025/QH15", date(2025, 6, 12)),
    ("34/2017/NĐ-CP", date(2017, 4, 3)),
    ("2640/QĐ-BNV", date(2017, 10, 10)),
]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in PAGE_TYPES} | {
        "relations": DocumentRelation.objects.count(),
        "revisions": Revision.objects.count(),
    }


def by_number(items: list[dict]) -> dict[str, dict]:
    return {item["number"]: item for item in items}


@pytest.mark.django_db
def test_loading_twice_adds_nothing():
    first_added = demo_content_load()
    first = counts()
    assert first_added == sum(first[model.__name__] for model in PAGE_TYPES) == 51
    assert demo_content_load() == 0
    assert counts() == first
    assert first["NewsArticlePage"] == 13 and first["LegalDocumentPage"] == 18
    assert first["ConsultationPage"] == 1 and first["QuestionPage"] >= 6 and first["StandardPage"] == 1
    assert first["SurveyPage"] == 2


@pytest.mark.django_db
def test_a_database_with_the_first_demo_gets_the_new_parts():
    home = home_page_ensure()
    news = home.add_child(instance=SectionPage(title="Tin tức", slug="tin-tuc"))
    old = json.loads((DEMO_DIR / "news.json").read_text(encoding="utf-8"))[:6]
    for item in old:
        fields = {key: item[key] for key in ("title", "slug", "summary", "body")}
        article = news.add_child(instance=NewsArticlePage(date=date.fromisoformat(item["date"]), **fields))
        article.save_revision().publish()
    old_ids = dict(NewsArticlePage.objects.values_list("slug", "pk"))

    assert demo_content_load() == 51 - 1 - 6  # all but the "Tin tức" section and the six articles
    assert dict(NewsArticlePage.objects.filter(slug__in=old_ids).values_list("slug", "pk")) == old_ids
    for item in old:
        article = NewsArticlePage.objects.get(slug=item["slug"])
        assert article.get_parent().slug == item["section"] != "tin-tuc"
        assert article.unit is not None and article.tags.exists() and article.live
    upgraded = counts()
    demo_content_load()
    assert counts() == upgraded


@pytest.fixture(scope="class")
def demo_portal(django_db_setup, django_db_blocker):
    """The demo loaded once for a class of read-only tests (a load takes seconds), rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_content_load()
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_portal")
class TestDemoPortal:
    def test_section_tree(self):
        home = HomePage.objects.get()
        news = SectionPage.objects.child_of(home).get(slug="tin-tuc")
        subsections = {s.slug: s for s in SectionPage.objects.child_of(news)}
        assert subsections["hoat-dong-cai-cach-hanh-chinh-cua-bo-noi-vu"].unit.code == "BNV"
        assert subsections["cai-cach-hanh-chinh-o-dia-phuong"].unit.kind in ("tinh", "thanh_pho_tw")
        assert {"chi-so-cai-cach-hanh-chinh", "chi-so-hai-long"} <= subsections.keys()
        assert all(NewsArticlePage.objects.child_of(s).exists() for s in subsections.values())
        # Articles are published at /tin-tuc/<slug>/, next to the sub-sections: no slug may repeat.
        slugs = list(NewsArticlePage.objects.values_list("slug", flat=True))
        assert len(slugs) == len(set(slugs)) and not set(slugs) & subsections.keys()
        assert all(a.reform_areas.exists() and a.tags.exists() for a in NewsArticlePage.objects.all())
        assert {p.slug for p in Page.objects.child_of(home)} >= {
            "tin-tuc",
            "van-ban",
            "hoi-dap",
            "gioi-thieu",
        }

    @pytest.mark.parametrize(("number", "issuer", "issued_on", "signer"), SEED_DOCUMENTS)
    def test_seed_documents(self, number, issuer, issued_on, signer):
        page = LegalDocumentPage.objects.get(number=number)
        assert (page.issuer.slug, page.issued_on, page.signer_name) == (issuer, issued_on, signer)
        assert page.live and page.get_parent().slug == "van-ban"
        assert page.signer_title is None if not signer else page.signer_title.name == "Thứ trưởng"

    def test_cited_documents_and_validity(self):
        for number, issued_on in CITED_DOCUMENTS:
            assert LegalDocumentPage.objects.get(number=number).issued_on == issued_on
        replaced = LegalDocumentPage.objects.get(number="1149/QĐ-BNV")
        assert replaced.status == ValidityStatus.EXPIRED and replaced.expires_on == date(2022, 11, 10)
        assert replaced.validity_history.get().status == ValidityStatus.EXPIRED
        scheme = LegalDocumentPage.objects.get(number="2640/QĐ-BNV")
        assert scheme.status == ValidityStatus.EXPIRED and scheme.validity_history.exists()
        assert LegalDocumentPage.objects.get(number="876/QĐ-BNV").status == ValidityStatus.IN_FORCE

    def test_relations_and_inverses_in_the_api(self, client):
        docs = by_number(client.get(DOCUMENTS_API).json()["items"])
        assert len(docs) == 18

        def outgoing(number: str) -> set[tuple[str, str]]:
            return {(r["kind"], r["document"]["number"]) for r in docs[number]["relations"]}

        def incoming(number: str) -> set[tuple[str, str]]:
            return {(r["label"], r["document"]["number"]) for r in docs[number]["related_from"]}

        assert {("can-cu", "2640/QĐ-BNV"), ("can-cu", "34/2017/NĐ-CP")} <= outgoing("243/QĐ-BNV")
        assert ("Là căn cứ của", "243/QĐ-BNV") in incoming("2640/QĐ-BNV")
        assert ("trien-khai", "838/QĐ-BNV") in outgoing("23/BNV-CCHC")
        assert ("thay-the", "1149/QĐ-BNV") in outgoing("876/QĐ-BNV")
        assert ("Bị thay thế bởi", "876/QĐ-BNV") in incoming("1149/QĐ-BNV")
        assert {("can-cu", "76/NQ-CP"), ("trien-khai", "979/QĐ-BNV")} <= outgoing("174/QĐ-BNV")
        implementing = {n for label, n in incoming("979/QĐ-BNV") if label == "Được triển khai bởi"}
        assert {"115/QĐ-BNV", "000/QĐ-BNV", "174/QĐ-BNV"} <= implementing
        # Every relation runs from the citing document to an older one.
        for relation in DocumentRelation.objects.select_related("source", "target"):
            assert relation.target.issued_on < relation.source.issued_on
        assert docs["1149/QĐ-BNV"]["validity_history"][0]["status"] == ValidityStatus.EXPIRED

    def test_the_consultation_is_open(self, client):
        page = ConsultationPage.objects.get()
        now = timezone.now()
        assert page.opens_at < now < page.closes_at
        assert 25 <= (page.closes_at - now).days <= 31
        assert page.status == ConsultationStatus.OPEN and page.drafting_unit.code == "BNV"
        assert "Nội dung minh họa" in page.introduction and "Nội dung minh họa" in page.summary
        blocks = [block.block_type for block in page.draft]
        assert blocks.count("chapter") == 2 and blocks.count("article") >= 5
        assert all(block.value["clauses"] for block in page.draft if block.block_type == "article")
        assert len(page.article_ids()) == blocks.count("article")
        assert page.get_parent().title == "Lấy ý kiến dự thảo"
        item = client.get("/api/v2/pages/?type=consultations.ConsultationPage&fields=status").json()["items"][
            0
        ]
        assert item["status"] == ConsultationStatus.OPEN

    def test_questions_carry_no_personal_data(self, client):
        items = client.get(QUESTIONS_API).json()["items"]
        assert len(items) >= 6
        for item in items:
            assert not {"name", "email", "ip_hash", "source_question", "tracking_code"} & item.keys()
            assert set(item["asker_province"]) == {"code", "name"}
            assert item["answering_unit"]["name"] == "Bộ Nội vụ"
            assert item["question"] and item["answer"] and item["answered_on"] >= item["asked_on"]
            assert "@" not in item["question"] + item["answer"]
        index = QuestionIndexPage.objects.get()
        # The static site serves the ask form at /hoi-dap/gui-cau-hoi/: no question may take that URL.
        assert index.url_path.endswith("/hoi-dap/")
        assert not QuestionPage.objects.filter(slug="gui-cau-hoi").exists()

    def test_every_page_is_valid_published_and_nfc(self):
        home = HomePage.objects.get()
        pages = [page.specific for page in Page.objects.descendant_of(home)]
        assert len(pages) > 40
        for page in pages:
            page.full_clean()
            assert page.live and page.live_revision_id is not None, page
            for text in (page.title, page.summary, getattr(page, "body", "") or ""):
                assert unicodedata.is_normalized("NFC", str(text)), page


def test_demo_files_are_nfc_json():
    for path in DEMO_DIR.glob("*.json"):
        text = path.read_text(encoding="utf-8")
        json.loads(text)
        assert unicodedata.is_normalized("NFC", text), path.name
