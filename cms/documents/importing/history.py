"""What Wagtail records beside a saved page: revisions, log entries, search and reference index rows."""

import copy
import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Model
from django.utils.html import escape
from wagtail.fields import RichTextField
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision, WorkflowState
from wagtail.rich_text import get_text_for_indexing
from wagtail.search.backends import get_search_backends

from cms.documents.importing.tree import WriteContext
from cms.documents.models import LegalDocumentPage


def revisions_create(pages: list[LegalDocumentPage], ctx: WriteContext) -> list[Revision]:
    """One revision per page with its content as save_revision() stores it, then the page's pointers."""
    content_type = ContentType.objects.get_for_model(LegalDocumentPage)
    base_content_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(page.pk),
            created_at=ctx.now,
            user=ctx.user,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions)
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        if ctx.publish:
            page.live_revision = revision
    return revisions


def pointers_save(pages: list[LegalDocumentPage], ctx: WriteContext, *, draft_of_existing: bool) -> None:
    """Point the pages at their new revision (one executemany: bulk_update's CASE is ten times slower)."""
    if not pages:
        return
    if draft_of_existing:
        # Only the row's bookkeeping: the live content stays until an editor publishes the draft.
        columns = (
            "latest_revision_id",
            "latest_revision_created_at",
            "draft_title",
            "has_unpublished_changes",
        )
        for page in pages:
            page.has_unpublished_changes = True
    else:
        columns = ("latest_revision_id", "live_revision_id")
    fields = [Page._meta.get_field(column.removesuffix("_id")) for column in columns]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    # Table and column names come from the model, values are parameters.
    sql = f"UPDATE {quote(Page._meta.db_table)} SET {assignments} WHERE {quote(Page._meta.pk.column)} = %s"  # noqa: S608
    params = [
        [f.get_db_prep_save(getattr(page, f.attname), connection) for f in fields] + [page.pk]
        for page in pages
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def log_entries_create(
    entries: list[tuple[LegalDocumentPage, Revision | None, str, dict]], ctx: WriteContext
) -> None:
    """Log entries as log() writes them; a page's entries share a uuid, as one admin action's do."""
    content_type = ContentType.objects.get_for_model(LegalDocumentPage)
    uuids: dict[int, uuid.UUID] = {}
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type=content_type,
            label=page.get_admin_display_title(),
            action=action,
            timestamp=ctx.now,
            data=data,
            uuid=uuids.setdefault(page.pk, uuid.uuid4()),
            user=ctx.user,
            page_id=page.pk,
            revision=revision if action != "wagtail.create" else None,
            content_changed=action in ("wagtail.create", "wagtail.publish", "wagtail.edit"),
        )
        for page, revision, action, data in entries
    )


def search_index_update(model: type[Model], objects: list[Model]) -> None:
    """The entries the post_save signal would have written, for every auto-updating backend."""
    if objects:
        flattened = _rich_text_flattened(model, objects)
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, flattened)


def _rich_text_flattened(model: type[Model], objects: list[Model]) -> list[Model]:
    """Copies whose rich text is already the plain text the index stores.

    The database backends flatten a rich-text field once per vector they build (three times on
    SQLite, five on PostgreSQL), which was half the import's time; the escaped plain text flattens
    to the same words at no cost, so the index entries are the ones Wagtail would write.
    """
    fields = [f for f in model._meta.concrete_fields if isinstance(f, RichTextField)]
    if not fields:
        return objects
    copies = []
    for obj in objects:
        clone = copy.copy(obj)
        for f in fields:
            setattr(clone, f.attname, escape(get_text_for_indexing(getattr(obj, f.attname) or "")))
        copies.append(clone)
    return copies


def references_create(model: type[Model], objects: list[Model]) -> None:
    """Reference index rows for new objects, as create_or_update_for_object makes them."""
    if not objects or not ReferenceIndex.is_indexed(model):
        return
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    base_content_type = ReferenceIndex._get_base_content_type(model)
    rows = [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=base_content_type,
            object_id=str(obj.pk),
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for obj in objects
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(obj)
        )
    ]
    ReferenceIndex.objects.bulk_create(rows)


def workflows_cancel(pages: list[LegalDocumentPage], ctx: WriteContext) -> None:
    """Publishing cancels a page's workflow in progress (WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH), as
    Wagtail's publish does: the version under review is no longer the latest."""
    if not pages or not getattr(settings, "WAGTAIL_WORKFLOW_CANCEL_ON_PUBLISH", True):
        return
    states = WorkflowState.objects.active().filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=[str(p.pk) for p in pages]
    )
    for state in states:
        state.cancel(user=ctx.user)


def references_update(pages: list[LegalDocumentPage]) -> None:
    if ReferenceIndex.is_indexed(LegalDocumentPage):
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)
