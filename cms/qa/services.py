"""Writes for Q&A."""

import re
import unicodedata
import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from cms.api.abuse import ClientKeyConflict, fingerprint, flag_matches, near_duplicate
from cms.api.fastpath import insert_new
from cms.core.models import ReformArea
from cms.qa.models import Question, QuestionIndexPage, QuestionPage
from cms.units.models import Unit


def question_submit(
    *,
    client_key: uuid.UUID,
    body: str,
    name: str = "",
    email: str = "",
    ip_hash: str = "",
    is_spam: bool = False,
) -> Question:
    """Store a question for moderation; a repeated client key returns the first record.

    The row is committed before this returns, so the caller may acknowledge it.
    """
    # Insert first: a replayed key is rare, so it costs the unique-index error instead of every
    # submission paying a look-up.
    key = fingerprint(body)
    flagged = not is_spam and near_duplicate(Question.objects.all(), fingerprint=key, ip_hash=ip_hash)
    try:
        with transaction.atomic():
            question = Question.objects.create(
                client_key=client_key,
                body=body,
                name=name,
                email=email,
                ip_hash=ip_hash,
                status=Question.Status.SPAM if is_spam else Question.Status.NEW,
                fingerprint=key,
                flagged=flagged,
            )
            if flagged:
                flag_matches(Question.objects.all(), fingerprint=key)
        return question
    except IntegrityError:
        # The key was used before (a replay, or a concurrent request that won): answer with its record.
        existing = Question.objects.filter(client_key=client_key).first()
        if existing is None:
            raise
        if existing.body != body:
            raise ClientKeyConflict from None
        return existing


def question_store_new(
    *, client_key: uuid.UUID, body: str, name: str, email: str, ip_hash: str
) -> dict | None:
    """The fast path's write (cms/api/fastpath.py): one statement, committed when it returns.

    Returns the public answer, or None when the client key exists (the full path answers replays).
    """
    if not ip_hash:
        return None
    values = {"client_key": client_key, "body": body, "name": name, "email": email, "ip_hash": ip_hash}
    return insert_new(
        Question, {**values, "fingerprint": fingerprint(body)}, returning=("tracking_code", "status")
    )


# Moderation: what a moderator publishes of a question, and the page it becomes.

REDACTED = "[…]"
ANSWER_DRAFTED = "cchc.question.answer_drafted"
ANSWER_PUBLISHED = "cchc.question.answer_published"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Vietnamese numbers: 0 or +84 then 8–10 digits, in groups split by spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\w+])(?:\+84|84|0)(?:[ .\-]?\d){8,10}(?!\d)")


class QuestionAlreadyPublished(Exception):
    """The question already has its page: edit that page instead."""


class QuestionIndexMissing(Exception):
    """No Q&A section (QuestionIndexPage) to put the answered question in."""


def question_redact(*, text: str, name: str = "", email: str = "", phone: str = "") -> str:
    """The text with e-mail addresses, phone numbers and the sender's name replaced by "[…]"."""
    text = unicodedata.normalize("NFC", text)
    words = unicodedata.normalize("NFC", name).split()
    if words:
        text = re.sub(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", REDACTED, text, flags=re.I)
    if email:
        text = re.sub(re.escape(email), REDACTED, text, flags=re.I)
    digits = re.sub(r"\D", "", phone)
    if len(digits) >= 6:  # the given number, however it is spaced in the text
        text = re.sub(r"[ .\-]?".join(digits), REDACTED, text)
    return _PHONE.sub(REDACTED, _EMAIL.sub(REDACTED, text))


def _slug(title: str, parent: Page) -> str:
    base = slugify(title.replace("đ", "d").replace("Đ", "D"))[:80].strip("-") or "cau-hoi"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def question_answer_draft(
    *,
    question: Question,
    user: AbstractBaseUser,
    title: str,
    text: str,
    answer: str,
    answering_unit: Unit,
    topic: ReformArea | None = None,
    asker_province: Unit | None = None,
) -> QuestionPage:
    """A draft QuestionPage for the question under the first Q&A section, submitted to its workflow.

    Nothing is published here: with the four-eyes workflow a second person approves it, and
    `question_answered` runs when the page goes live. Without a workflow the page stays a draft.
    """
    question = Question.objects.select_for_update().get(pk=question.pk)
    if QuestionPage.objects.filter(source_question=question).exists():
        raise QuestionAlreadyPublished
    parent = QuestionIndexPage.objects.order_by("path").first()
    if parent is None:
        raise QuestionIndexMissing
    page = QuestionPage(
        title=title,
        slug=_slug(title, parent),
        question=text,
        topic=topic,
        asker_province=asker_province,
        asked_on=timezone.localdate(question.created_at),
        answer=answer,
        answering_unit=answering_unit,
        answered_on=timezone.localdate(),
        source_question=question,
        live=False,
        has_unpublished_changes=True,
        owner=user,
    )
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=False)
    log(instance=page, action="wagtail.create", user=user, content_changed=True)
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, user)
    log(instance=question, action=ANSWER_DRAFTED, user=user, data={"page": page.pk})
    return page


def question_answered(*, page: QuestionPage) -> Question | None:
    """The page went live: its source question is answered, with the answer as plain text."""
    if page.source_question_id is None:
        return None
    question = Question.objects.get(pk=page.source_question_id)
    question.status = Question.Status.ANSWERED
    question.answer = get_text_for_indexing(page.answer).strip()
    question.save(update_fields=["status", "answer", "updated_at"])
    log(instance=question, action=ANSWER_PUBLISHED, data={"page": page.pk})
    return question
