"""Reads for consultations: the opinions counted per article, for moderators and the outcome report."""

from typing import NamedTuple

from django.db.models import Count, Q

from cms.consultations.models import ConsultationPage, Opinion


class ArticleCount(NamedTuple):
    article_id: str
    number: str
    title: str
    approved: int
    received: int


def opinion_counts(*, consultation: ConsultationPage) -> list[ArticleCount]:
    """Per article of the draft, in order: approved opinions and all received (spam left out).

    Opinions on a clause count for its article. Opinions on an article since removed from the
    draft are counted last, under the label they were sent with.
    """
    rows = (
        Opinion.objects.filter(consultation=consultation)
        .exclude(status=Opinion.Status.SPAM)
        .values("article_id")
        .annotate(received=Count("pk"), approved=Count("pk", filter=Q(status=Opinion.Status.APPROVED)))
    )
    counted = {row["article_id"]: row for row in rows}
    result = []
    for article in consultation.draft_articles():
        row = counted.pop(article.id, {"approved": 0, "received": 0})
        result.append(
            ArticleCount(article.id, article.number, article.title, row["approved"], row["received"])
        )
    for article_id, row in counted.items():
        sent = Opinion.objects.filter(consultation=consultation, article_id=article_id)
        label = sent.values_list("article_label", flat=True).first() or article_id
        title = f"{label} (không còn trong dự thảo)"
        result.append(ArticleCount(article_id, "", title, row["approved"], row["received"]))
    return result
