"""opinion_counts: per article of the draft, approved and received opinions, spam left out."""

import uuid
from datetime import timedelta

import pytest

from cms.consultations.models import Opinion
from cms.consultations.selectors import opinion_counts
from tests.cms.consultations.opinion_data import consultation_make, consultation_open


def opinion(
    page, article_id: str, status=Opinion.Status.NEW, clause_id: str = "", label: str = ""
) -> Opinion:
    return Opinion.objects.create(
        consultation=page,
        article_id=article_id,
        clause_id=clause_id,
        article_label=label,
        client_key=uuid.uuid4(),
        body="Một góp ý đủ dài cho điều này.",
        status=status,
    )


@pytest.mark.django_db
def test_counts_follow_the_draft_order_with_clauses_in_their_article():
    page = consultation_open()
    first, second, third = page.draft_articles()
    S = Opinion.Status
    for status in (S.APPROVED, S.APPROVED, S.NEW, S.REJECTED, S.SPAM):
        opinion(page, first.id, status)
    opinion(page, first.id, S.APPROVED, clause_id=first.clause_ids[0])
    opinion(page, third.id, S.NEW)
    other = consultation_make(opens_in=-timedelta(days=1), closes_in=timedelta(days=5), slug="khac")
    opinion(other, other.draft_articles()[0].id, S.APPROVED)

    counts = opinion_counts(consultation=page)

    assert [(c.number, c.title, c.approved, c.received) for c in counts] == [
        ("Điều 1", "Phạm vi điều chỉnh", 3, 5),
        ("Điều 2", "Đối tượng áp dụng", 0, 0),
        ("Điều 3", "Giải thích từ ngữ", 0, 1),
    ]
    assert [c.article_id for c in counts] == [first.id, second.id, third.id]


@pytest.mark.django_db
def test_opinions_on_a_removed_article_are_still_counted():
    page = consultation_open()
    opinion(page, "da-bo", Opinion.Status.APPROVED, label="Điều 9. Điều khoản thi hành")
    counts = opinion_counts(consultation=page)
    assert len(counts) == 4
    assert counts[-1] == ("da-bo", "", "Điều 9. Điều khoản thi hành (không còn trong dự thảo)", 1, 1)


@pytest.mark.django_db
def test_counting_takes_one_query(django_assert_max_num_queries):
    page = consultation_open()
    for article in page.draft_articles():
        opinion(page, article.id, Opinion.Status.APPROVED)
    with django_assert_max_num_queries(1):
        counts = opinion_counts(consultation=page)
    assert [c.approved for c in counts] == [1, 1, 1]
