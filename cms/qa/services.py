"""Writes for Q&A."""

import uuid

from django.db import IntegrityError, transaction

from cms.qa.models import Question


class ClientKeyConflict(Exception):
    """The same client key was sent again with a different question."""


@transaction.atomic
def question_submit(
    *, client_key: uuid.UUID, body: str, name: str = "", email: str = "", ip_hash: str = ""
) -> Question:
    """Store a question for moderation; a repeated client key returns the first record.

    The row is committed before this returns, so the caller may acknowledge it.
    """
    existing = Question.objects.filter(client_key=client_key).first()
    if existing is not None:
        if existing.body != body:
            raise ClientKeyConflict
        return existing
    try:
        with transaction.atomic():
            return Question.objects.create(
                client_key=client_key, body=body, name=name, email=email, ip_hash=ip_hash
            )
    except IntegrityError:
        # A concurrent request with the same key won the race; answer with its record.
        existing = Question.objects.get(client_key=client_key)
        if existing.body != body:
            raise ClientKeyConflict from None
        return existing
