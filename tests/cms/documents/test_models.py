"""Legal documents: Vietnamese validation messages, and relations that show from both sides."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cms.core.services import home_page_ensure
from cms.documents.models import (
    DocumentIndexPage,
    DocumentKind,
    DocumentRelation,
    Issuer,
    LegalDocumentPage,
    RelationKind,
)


@pytest.fixture
def folder(db) -> DocumentIndexPage:
    home = home_page_ensure()
    folder = home.add_child(instance=DocumentIndexPage(title="Văn bản", slug="van-ban"))
    folder.save_revision().publish()
    return folder


def document(folder, number: str, *, issued: date, issuer: str = "bnv", **fields) -> LegalDocumentPage:
    return LegalDocumentPage(
        title=fields.pop("title", f"Văn bản {number}"),
        slug=fields.pop("slug", number.lower().replace("/", "-").replace("đ", "d")),
        number=number,
        kind=DocumentKind.objects.get(slug=fields.pop("kind", "quyet-dinh")),
        issuer=Issuer.objects.get(slug=issuer),
        issued_on=issued,
        **fields,
    )


def publish(folder, page: LegalDocumentPage) -> LegalDocumentPage:
    validate(page)
    folder.add_child(instance=page)
    page.save_revision().publish()
    return page


def validate(page) -> None:
    """What the page editor's form validates (tree fields are set when the page is added)."""
    page.full_clean(exclude=["path", "depth"])


def errors_of(page) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        validate(page)
    return caught.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize(
    "number", ["876/QĐ-BNV", "202/2025/QH15", "34/2017/NĐ-CP", "23/BNV-CCHC", "13/CT-TTg"]
)
def test_real_numbers_are_accepted(folder, number):
    validate(document(folder, number, issued=date(2022, 6, 15)))


@pytest.mark.django_db
@pytest.mark.parametrize("number", ["QĐ-BNV/876", "876", "876/qđ-bnv", "876//QĐ-BNV", "876/QĐ-BNV-"])
def test_malformed_numbers_are_refused_in_vietnamese(folder, number):
    assert (
        "Số ký hiệu không đúng định dạng"
        in errors_of(document(folder, number, issued=date(2022, 6, 15)))["number"][0]
    )


@pytest.mark.django_db
def test_number_is_normalised_before_checking(folder):
    page = document(folder, " 876 / QĐ-BNV ", issued=date(2022, 6, 15), slug="876")
    validate(page)
    assert page.number == "876/QĐ-BNV"


@pytest.mark.django_db
def test_effective_date_not_before_issue_date(folder):
    page = document(folder, "1/QĐ-BNV", issued=date(2022, 6, 15), effective_on=date(2022, 6, 14))
    assert errors_of(page)["effective_on"] == ["Ngày có hiệu lực không được trước ngày ban hành."]
    page.effective_on = date(2022, 6, 15)
    page.expires_on = date(2022, 6, 15)
    assert "Ngày hết hiệu lực phải sau" in errors_of(page)["expires_on"][0]


@pytest.mark.django_db
def test_same_number_twice_in_a_year_for_one_issuer_is_refused(folder):
    publish(folder, document(folder, "876/QĐ-BNV", issued=date(2022, 6, 15), slug="a"))
    duplicate = document(folder, " 876 / QĐ-BNV", issued=date(2022, 6, 15), slug="b")
    assert errors_of(duplicate)["number"] == [
        "Cơ quan ban hành này đã có văn bản số 876/QĐ-BNV ban hành năm 2022."
    ]
    # Numbering restarts each year: the same number in another year is another document.
    validate(document(folder, "876/QĐ-BNV", issued=date(2023, 1, 5), slug="d"))
    # Another issuer may use the same number.
    validate(document(folder, "876/QĐ-BNV", issued=date(2022, 6, 15), issuer="btp", slug="c"))


@pytest.mark.django_db
def test_relation_shows_its_inverse_on_the_target(folder, client):
    cited = publish(folder, document(folder, "979/QĐ-BNV", issued=date(2020, 11, 18), slug="979"))
    citing = document(folder, "115/QĐ-BNV", issued=date(2022, 2, 24), slug="115")
    citing.relations = [
        DocumentRelation(kind=RelationKind.IMPLEMENTS, target=cited, note="Kế hoạch năm 2022")
    ]
    publish(folder, citing)

    def api(page):
        return client.get(f"/api/v2/pages/{page.pk}/").json()

    outgoing = api(citing)["relations"]
    assert [(r["kind"], r["label"], r["document"]["number"]) for r in outgoing] == [
        ("trien-khai", "Triển khai thực hiện", "979/QĐ-BNV")
    ]
    incoming = api(cited)["related_from"]
    assert [(r["label"], r["document"]["number"], r["note"]) for r in incoming] == [
        ("Được triển khai bởi", "115/QĐ-BNV", "Kế hoạch năm 2022")
    ]
    assert api(cited)["relations"] == [] and api(citing)["related_from"] == []


@pytest.mark.django_db
def test_inverse_hides_relations_from_unpublished_documents(folder, client):
    cited = publish(folder, document(folder, "2640/QĐ-BNV", issued=date(2017, 10, 10), slug="2640"))
    draft = document(folder, "243/QĐ-BNV", issued=date(2020, 4, 3), slug="243")
    draft.relations = [DocumentRelation(kind=RelationKind.BASIS, target=cited)]
    publish(folder, draft)
    draft.unpublish()
    assert client.get(f"/api/v2/pages/{cited.pk}/").json()["related_from"] == []
