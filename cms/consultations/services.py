"""Writes for consultations: citizens' opinions on a draft, one article (or clause) each."""

import uuid
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.log_actions import get_active_log_context

from cms.api.abuse import ClientKeyConflict, fingerprint, flag_matches, near_duplicate
from cms.builds.models import BuildRequest
from cms.builds.services import build_request_enqueue, build_requests_are_suppressed
from cms.consultations.models import ConsultationPage, ConsultationStatus, DraftArticle, Opinion


class ConsultationNotFound(Exception):
    """No published consultation has this id."""


class ConsultationNotOpen(Exception):
    """The consultation is not taking opinions now (not yet open, or closed)."""

    def __init__(self, status: ConsultationStatus):
        super().__init__(status.value)
        self.status = status


class UnknownArticle(Exception):
    """The article (or clause) is not in the draft; `field` names the input at fault."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


def _same(opinion: Opinion, *, consultation_id: int, article_id: str, clause_id: str, body: str) -> bool:
    return (opinion.consultation_id, opinion.article_id, opinion.clause_id, opinion.body) == (
        consultation_id,
        article_id,
        clause_id,
        body,
    )


def _replayed(client_key: uuid.UUID, **sent) -> Opinion | None:
    """The opinion this key already stored, if it is the same one; a different one is a conflict."""
    existing = Opinion.objects.filter(client_key=client_key).first()
    if existing is not None and not _same(existing, **sent):
        raise ClientKeyConflict
    return existing


def _target(page: ConsultationPage, *, article_id: str, clause_id: str) -> DraftArticle:
    article = next((a for a in page.draft_articles() if a.id == article_id), None)
    if article is None:
        raise UnknownArticle("article_id")
    if clause_id and clause_id not in article.clause_ids:
        raise UnknownArticle("clause_id")
    return article


def _label(article: DraftArticle, clause_id: str) -> str:
    if not clause_id:
        return article.label[:320]
    position = article.clause_ids.index(clause_id) + 1
    return f"Khoản {position}, {article.label}"[:320]


@transaction.atomic
def opinion_submit(
    *,
    consultation_id: int,
    client_key: uuid.UUID,
    article_id: str,
    body: str,
    clause_id: str = "",
    name: str = "",
    email: str = "",
    phone: str = "",
    ip_hash: str = "",
    is_spam: bool = False,
) -> Opinion:
    """Store an opinion for moderation; a repeated client key returns the first record.

    A replay is answered before the dates are checked, so a retry from an outbox after closing
    still learns its tracking code. The row is committed before this returns.
    """
    page = ConsultationPage.objects.live().filter(pk=consultation_id).first()
    if page is None:
        raise ConsultationNotFound
    sent = {"consultation_id": page.pk, "article_id": article_id, "clause_id": clause_id, "body": body}
    existing = _replayed(client_key, **sent)
    if existing is not None:
        return existing
    status = page.status_on(timezone.now())
    if status != ConsultationStatus.OPEN:
        raise ConsultationNotOpen(status)
    article = _target(page, article_id=article_id, clause_id=clause_id)
    fields = {"name": name, "email": email, "phone": phone, "ip_hash": ip_hash}
    key = fingerprint(body)
    same_form = Opinion.objects.filter(consultation_id=page.pk)
    flagged = not is_spam and near_duplicate(same_form, fingerprint=key, ip_hash=ip_hash)
    try:
        with transaction.atomic():
            opinion = Opinion.objects.create(
                consultation=page,
                client_key=client_key,
                article_id=article_id,
                clause_id=clause_id,
                article_label=_label(article, clause_id),
                body=body,
                status=Opinion.Status.SPAM if is_spam else Opinion.Status.NEW,
                fingerprint=key,
                flagged=flagged,
                **fields,
            )
            if flagged:
                flag_matches(same_form, fingerprint=key)
            return opinion
    except IntegrityError:
        # A concurrent request with the same key won the race; answer with its record.
        existing = _replayed(client_key, **sent)
        if existing is None:
            raise
        return existing


def consultation_outcome_changed(*, consultation_id: int) -> bool:
    """A moderated opinion changed: rebuild the consultation's page if it shows the outcome already.

    The outcome per article is computed from the opinions, so the page is not republished when a
    moderator approves an opinion or edits a response; this queues the build instead (export keys
    a consultation by a digest of its outcome, so the page is fetched again).
    """
    page = ConsultationPage.objects.live().filter(pk=consultation_id).first()
    if (
        page is None
        or page.status_on() != ConsultationStatus.CLOSED
        or not strip_tags(page.outcome_report).strip()
    ):
        return False
    if build_requests_are_suppressed():
        return False
    enqueue = partial(
        build_request_enqueue,
        action=BuildRequest.Action.PUBLISH,
        page_id=page.pk,
        page_title=page.title,
        user=get_active_log_context().user,
    )
    transaction.on_commit(enqueue)
    return True
