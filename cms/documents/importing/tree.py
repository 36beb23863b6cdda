"""Write page rows in bulk: new pages at the end of the parent's children, and updated documents."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Collection, Page

from cms.core.models import ReformArea
from cms.documents.importing.attachments import StoredFiles
from cms.documents.importing.plan import SCALARS, Planned
from cms.documents.importing.rows import ParsedRow
from cms.documents.models import DocumentRelation, LegalDocumentFile, LegalDocumentPage, ValidityEvent

# Fields on the page row that follow the content when an update is published.
PUBLISH_FIELDS = ("draft_title", "live", "has_unpublished_changes", "expired")
PUBLISH_FIELDS += ("first_published_at", "last_published_at", "latest_revision_created_at")
AREAS = LegalDocumentPage._meta.get_field("reform_areas")


@dataclass
class WriteContext:
    """What every batch of one run shares."""

    parent: Page
    publish: bool
    user: object | None
    collection: Collection
    areas: dict[int, ReformArea]
    sibling_slugs: set[str]
    stored: StoredFiles = field(default_factory=StoredFiles)
    # id(row) → page id of the rows of the file created so far, for relations pointing at them.
    written: dict[int, int] = field(default_factory=dict)
    now: datetime = field(default_factory=timezone.now)


def slug_for(number: str, year: int, taken: set[str]) -> str:
    """876/QĐ-BNV → 876-qd-bnv; when a sibling has it (numbers restart every year) the year is
    added, 876-qd-bnv-2024, then a counter."""
    base = slugify(number.replace("đ", "d").replace("Đ", "D").replace("/", "-"))[:240] or "van-ban"
    candidates = [base] if str(year) in base else [base, f"{base}-{year}"]
    slug = next((c for c in candidates if c not in taken), None)
    suffix = 1
    while slug is None or slug in taken:
        suffix += 1
        slug = f"{candidates[-1]}-{suffix}"
    taken.add(slug)
    return slug


def relations_set(page: LegalDocumentPage, item: Planned, document_ids: list[int], ctx: WriteContext) -> None:
    """Put the row's reform areas and files on the page in memory (saved by relations_save)."""
    if item.changed("reform_areas"):
        page.reform_areas = [ctx.areas[pk] for pk in item.values["reform_areas"]]
    if item.changed("files"):
        page.files = [LegalDocumentFile(document_id=pk, sort_order=n) for n, pk in enumerate(document_ids)]


def links_set(items: list[tuple[Planned, LegalDocumentPage]], ctx: WriteContext) -> None:
    """Put the row's relations and validity history on the page in memory, once every page of the
    batch has its id (saved by relations_save; the revision's content has them too)."""
    for item, page in items:
        if item.changed("relations"):
            page.relations = [
                DocumentRelation(kind=kind, target_id=target_pk(target, ctx), note=note, sort_order=n)
                for n, (kind, target, note) in enumerate(item.values["relations"])
            ]
        if item.changed("validity_history"):
            page.validity_history = [
                ValidityEvent(date=day, status=status, note=note, sort_order=n)
                for n, (day, status, note) in enumerate(item.values["validity_history"])
            ]


def target_pk(target: int | ParsedRow, ctx: WriteContext) -> int:
    if not isinstance(target, ParsedRow):
        return target
    if id(target) not in ctx.written:
        # Not expected after missing_targets(); the batch is then retried row by row.
        raise ValueError(f"quan_he: văn bản {target.number} ({target.source.where}) chưa được ghi.")
    return ctx.written[id(target)]


def missing_target(item: Planned, ctx: WriteContext, coming: set[int]) -> ParsedRow | None:
    """A row of the file the item relates to that is neither written nor in this write."""
    if not item.changed("relations"):
        return None
    for _, target, _ in item.values["relations"]:
        if isinstance(target, ParsedRow) and id(target) not in ctx.written and id(target) not in coming:
            return target
    return None


def page_new(item: Planned, document_ids: list[int], ctx: WriteContext) -> LegalDocumentPage:
    values, parent = item.values, ctx.parent
    slug = slug_for(item.row.number, values["issued_on"].year, ctx.sibling_slugs)
    published_at = ctx.now if ctx.publish else None
    page = LegalDocumentPage(
        **{name: values[name] for name in SCALARS},
        draft_title=values["title"],
        slug=slug,
        url_path=f"{parent.url_path}{slug}/",
        locale_id=parent.locale_id,
        live=ctx.publish,
        has_unpublished_changes=not ctx.publish,
        first_published_at=published_at,
        last_published_at=published_at,
        latest_revision_created_at=ctx.now,
        owner=ctx.user,
    )
    page.relations, page.validity_history, page.wagtail_admin_comments = [], [], []
    relations_set(page, item, document_ids, ctx)
    return page


def page_change(item: Planned, document_ids: list[int], ctx: WriteContext) -> LegalDocumentPage:
    """Apply the row to the existing page (or its latest draft) in memory."""
    page = item.page
    for name in SCALARS:
        setattr(page, name, item.values[name])
    page.draft_title = page.title
    page.latest_revision_created_at = ctx.now
    if ctx.publish:
        page.live, page.has_unpublished_changes, page.expired = True, False, False
        page.last_published_at = ctx.now
        page.first_published_at = page.first_published_at or ctx.now
    relations_set(page, item, document_ids, ctx)
    return page


def pages_insert(pages: list[LegalDocumentPage], ctx: WriteContext) -> None:
    """Insert new pages as the parent's last children: treebeard paths, depth and numchild kept right."""
    if not pages:
        return
    parent = ctx.parent
    # Locks the parent on PostgreSQL, so two imports into one folder cannot take the same paths.
    Page.objects.select_for_update().filter(pk=parent.pk).values_list("pk").first()
    depth = parent.depth + 1
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=depth)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = Page._str2int(last[-Page.steplen :]) if last else 0
    if step + len(pages) >= len(Page.alphabet) ** Page.steplen:
        raise ValueError(f"Trang cha {parent.title} đã hết chỗ cho trang con.")
    for n, page in enumerate(pages, start=1):
        page.depth, page.numchild = depth, 0
        page.path = Page._get_path(parent.path, depth, step + n)
    # Django cannot bulk-create a multi-table model: insert the Page rows (which returns their ids),
    # then the LegalDocumentPage rows pointing at them.
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
    local_fields = LegalDocumentPage._meta.local_concrete_fields
    LegalDocumentPage.objects.all()._batched_insert(pages, fields=local_fields, batch_size=None)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


def pages_update(pages: list[LegalDocumentPage]) -> None:
    names = [name.removesuffix("_id") for name in SCALARS] + list(PUBLISH_FIELDS)
    LegalDocumentPage.objects.bulk_update(pages, names)


def relations_save(items: list[tuple[Planned, LegalDocumentPage]]) -> None:
    """Replace the saved reform areas, files, relations and history of pages whose rows changed them."""
    through = AREAS.remote_field.through
    source, target = f"{AREAS.m2m_field_name()}_id", f"{AREAS.m2m_reverse_field_name()}_id"
    area_pages = [page for item, page in items if item.changed("reform_areas")]
    file_pages = [page for item, page in items if item.changed("files")]
    through.objects.filter(**{f"{source}__in": [p.pk for p in area_pages if p.pk]}).delete()
    LegalDocumentFile.objects.filter(page_id__in=[p.pk for p in file_pages]).delete()
    links = [through(**{source: p.pk, target: a.pk}) for p in area_pages for a in p.reform_areas.all()]
    through.objects.bulk_create(links)
    files = [f for p in file_pages for f in p.files.all()]
    for page in file_pages:
        for file in page.files.all():
            file.page_id = page.pk
    LegalDocumentFile.objects.bulk_create(files)
    for name, model, key in (
        ("relations", DocumentRelation, "source"),
        ("validity_history", ValidityEvent, "page"),
    ):
        _children_replace([page for item, page in items if item.changed(name)], name, model, key)


def _children_replace(pages: list[LegalDocumentPage], name: str, model: type, key: str) -> None:
    """Delete the pages' saved children of one kind and bulk-create those held in memory."""
    model.objects.filter(**{f"{key}_id__in": [p.pk for p in pages]}).delete()
    children = []
    for page in pages:
        for child in getattr(page, name).all():
            setattr(child, f"{key}_id", page.pk)
            children.append(child)
    model.objects.bulk_create(children)
