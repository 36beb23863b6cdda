"""Write one batch of planned rows in the current transaction, as Wagtail's own save and publish would."""

from django.utils import timezone
from wagtail.models import Revision

from cms.documents.importing import history
from cms.documents.importing.attachments import Document, document_ids, files_store
from cms.documents.importing.plan import Action, Planned
from cms.documents.importing.rows import Rejected
from cms.documents.importing.tree import (
    WriteContext,
    links_set,
    missing_target,
    page_change,
    page_new,
    pages_insert,
    pages_update,
    relations_save,
)
from cms.documents.models import LegalDocumentPage

# (page, revision, log action, log data), as wagtail.log_actions.log() would get them.
Entry = tuple[LegalDocumentPage, Revision | None, str, dict]


def batch_write(items: list[Planned], ctx: WriteContext) -> list[tuple[Planned, Rejected]]:
    """Write the rows; a row whose attachments cannot be stored is left out and returned."""
    ctx.now = timezone.now()
    items, rejected = _with_targets(items, ctx)
    ready = []
    for item in items:
        try:
            ready.append((item, _files_for(item, ctx)))
        except Rejected as exc:
            rejected.append((item, exc))
    documents = [f for _, files in ready for f in files if isinstance(f, Document) and f.pk is None]
    Document.objects.bulk_create(documents)
    history.search_index_update(Document, documents)
    history.references_create(Document, documents)
    new, changed, renamed = [], [], {}
    for item, files in ready:
        if item.action is Action.CREATE:
            new.append((item, page_new(item, document_ids(files), ctx)))
        else:
            old_label = str(item.page)
            page = page_change(item, document_ids(files), ctx)
            if str(page) != old_label:
                renamed[page.pk] = old_label
            changed.append((item, page))
    pages_insert([page for _, page in new], ctx)
    ctx.written.update((id(item.row), page.pk) for item, page in new)
    links_set(new + changed, ctx)
    if ctx.publish:
        pages_update([page for _, page in changed])
    relations_save(new + changed if ctx.publish else new)
    _history([page for _, page in new], [page for _, page in changed], renamed, ctx)
    return rejected


def _with_targets(
    items: list[Planned], ctx: WriteContext
) -> tuple[list[Planned], list[tuple[Planned, Rejected]]]:
    """Leave out rows relating to a row of the file that was rejected (and rows relating to those)."""
    rejected: list[tuple[Planned, Rejected]] = []
    while True:
        coming = {id(item.row) for item in items}
        missing = [(item, missing_target(item, ctx, coming)) for item in items]
        if not any(target for _, target in missing):
            return items, rejected
        items = [item for item, target in missing if target is None]
        rejected += [
            (
                item,
                Rejected(
                    [f"quan_he: văn bản liên quan {t.number} ({t.source.where.lower()}) chưa nhập được."]
                ),
            )
            for item, t in missing
            if t is not None
        ]


def _files_for(item: Planned, ctx: WriteContext) -> list[Document | int]:
    """The row's files, stored now; if one cannot be stored, the row's stored files go and it is rejected."""
    if item.row.attachments is None or not item.changed("files"):
        return []
    mark = ctx.stored.mark()
    try:
        return files_store(item, collection=ctx.collection, user=ctx.user, stored=ctx.stored)
    except OSError as exc:
        ctx.stored.discard_since(mark)
        raise Rejected([f"tep_dinh_kem: không lưu được tệp ({exc.strerror or exc})."]) from exc


def _history(
    new: list[LegalDocumentPage], changed: list[LegalDocumentPage], renamed: dict[int, str], ctx: WriteContext
) -> None:
    revisions = history.revisions_create(new + changed, ctx)
    by_page = {int(revision.object_id): revision for revision in revisions}
    history.pointers_save(new + changed if ctx.publish else new, ctx, draft_of_existing=False)
    if not ctx.publish:
        history.pointers_save(changed, ctx, draft_of_existing=True)
    entries: list[Entry] = []
    for page in new:
        entries.append((page, None, "wagtail.create", {}))
        if ctx.publish:
            entries.append((page, by_page[page.pk], "wagtail.publish", {}))
    for page in changed:
        entries.extend(_change_entries(page, by_page[page.pk], renamed.get(page.pk), ctx))
    history.log_entries_create(entries, ctx)
    history.search_index_update(LegalDocumentPage, new + changed if ctx.publish else new)
    history.references_create(LegalDocumentPage, new)
    if ctx.publish:
        history.references_update(changed)
        history.workflows_cancel(changed, ctx)


def _change_entries(
    page: LegalDocumentPage, revision: Revision, old_label: str | None, ctx: WriteContext
) -> list[Entry]:
    if not ctx.publish:
        return [(page, revision, "wagtail.edit", {})]
    data = {"title": {"old": old_label, "new": str(page)}} if old_label else {}
    rename = [(page, revision, "wagtail.rename", data)] if old_label else []
    return [*rename, (page, revision, "wagtail.publish", data)]
