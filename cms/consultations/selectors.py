"""Reads for consultations: the opinions counted per article, for moderators and the outcome report."""

from typing import Any, NamedTuple

from django.db.models import Count, Q
from django.utils.html import strip_tags

from cms.consultations.models import ConsultationPage, ConsultationStatus, Opinion
from cms.qa.services import question_redact


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


def consultation_outcome(*, consultation: ConsultationPage) -> list[dict[str, Any]]:
    """The outcome report's table, per article: opinions received and the drafting body's responses.

    Empty until the consultation has closed and its outcome report is published. Spam and rejected
    opinions are not counted; a response is shown only for an approved opinion, next to the
    opinion's text as moderated (`public_body`: by default the text with e-mail addresses, phone
    numbers and the sender's name replaced by "[…]").
    Nothing else of the sender leaves the admin.
    """
    if consultation.pk is None:  # a new page in preview has no opinions yet
        return []
    if consultation.status_on() != ConsultationStatus.CLOSED or not _has_text(consultation.outcome_report):
        return []
    opinions = (
        Opinion.objects.filter(consultation=consultation)
        .exclude(status__in=[Opinion.Status.SPAM, Opinion.Status.REJECTED])
        .order_by("created_at", "pk")
        .only(
            "article_id",
            "article_label",
            "status",
            "body",
            "public_body",
            "response",
            "name",
            "email",
            "phone",
        )
    )
    by_article: dict[str, list[Opinion]] = {}
    for opinion in opinions:
        by_article.setdefault(opinion.article_id, []).append(opinion)
    rows = [(a.id, a.label, by_article.pop(a.id, [])) for a in consultation.draft_articles()]
    for article_id, sent in by_article.items():
        rows.append((article_id, f"{sent[0].article_label or article_id} (không còn trong dự thảo)", sent))
    return [
        {
            "article_id": article_id,
            "label": label,
            "opinion_count": len(sent),
            "responses": [
                _response(o) for o in sent if o.status == Opinion.Status.APPROVED and o.response.strip()
            ],
        }
        for article_id, label, sent in rows
    ]


def _has_text(html: str) -> bool:
    return bool(strip_tags(html or "").strip())


def _response(opinion: Opinion) -> dict[str, str]:
    # public_body is set on approval; the redaction covers rows approved before it existed.
    text = opinion.public_body.strip() or question_redact(
        text=opinion.body, name=opinion.name, email=opinion.email, phone=opinion.phone
    )
    return {"opinion": text, "response": opinion.response.strip()}
