"""Match parsed rows against the documents already in the database: create, update or leave alone."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

from django.db.models import prefetch_related_objects
from wagtail.documents import get_document_model

from cms.documents.importing.rows import (
    CHILDREN,
    DEFAULTS,
    ParsedRow,
    Rejected,
    document_validate,
    number_key,
)
from cms.documents.importing.targets import Targets
from cms.documents.models import LegalDocumentPage

# The page attributes an import file can set; everything else on a page is left as editors made it.
SCALARS = tuple(k for k in DEFAULTS if k not in CHILDREN) + ("number", "issuer_id")
CHILD_RELATIONS = ("reform_areas", "files", "relations", "validity_history", "wagtail_admin_comments")
CHUNK = 500


class Action(Enum):
    CREATE = "tạo mới"
    UPDATE = "cập nhật"
    UNCHANGED = "không đổi"


@dataclass
class Planned:
    """A valid row and what it will do: its merged values and, for an existing document, its page."""

    row: ParsedRow
    action: Action
    values: dict[str, object]
    page: LegalDocumentPage | None = None
    before: dict[str, object] | None = None
    # The page's own documents by content hash, reused when the same file comes again.
    documents_by_hash: dict[str, int] | None = None

    def changed(self, name: str) -> bool:
        return self.before is None or self.before[name] != self.values[name]


class Existing:
    """Every document's key (number, issuer, year of issue), to match rows against."""

    def __init__(self) -> None:
        self.by_year: dict[tuple[str, int, int], int] = {}
        self.by_number: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
        # (number, year, id) of every page, whatever its issuer: what relations may point at.
        self.pages: list[tuple[str, int, int]] = []
        rows = LegalDocumentPage.objects.order_by("-pk").values_list("pk", "number", "issuer_id", "issued_on")
        # Descending ids: the oldest page wins if legacy data has the same key twice.
        for pk, number, issuer_id, issued_on in rows.iterator(chunk_size=5000):
            self.by_year[(number_key(number), issuer_id, issued_on.year)] = pk
            self.by_number[(number_key(number), issuer_id)][issued_on.year] = pk
            self.pages.append((number_key(number), issued_on.year, pk))

    def find(self, row: ParsedRow) -> int | None:
        """The row's page; a row without a date of issue matches its number if only one year has it."""
        number, issuer_id, year = row.key
        if year is not None:
            return self.by_year.get(row.key)
        years = self.by_number.get((number, issuer_id), {})
        if len(years) > 1:
            listed = ", ".join(str(y) for y in sorted(years))
            raise Rejected(
                [f"ngay_ban_hanh: có {len(years)} văn bản số {row.number} của cơ quan này (năm {listed}); "
                 "cần ngày ban hành để chọn đúng văn bản."]
            )  # fmt: skip
        return next(iter(years.values()), None)


def pages_load(ids: list[int], *, from_drafts: bool) -> Iterator[LegalDocumentPage]:
    """Existing pages with their relations; for a draft import, a page's latest draft when it has one."""
    for start in range(0, len(ids), CHUNK):
        pages = list(LegalDocumentPage.objects.filter(pk__in=ids[start : start + CHUNK]))
        if from_drafts:
            pages = [_latest_draft(page) for page in pages]
        prefetch_related_objects([p for p in pages if p.pk and not _in_memory(p)], *CHILD_RELATIONS)
        yield from pages


def _latest_draft(page: LegalDocumentPage) -> LegalDocumentPage:
    if not page.has_unpublished_changes or page.latest_revision_id is None:
        return page
    draft = page.latest_revision.as_object()
    draft._imported_from_revision = True
    return draft


def _in_memory(page: LegalDocumentPage) -> bool:
    return getattr(page, "_imported_from_revision", False)


def snapshot(page: LegalDocumentPage, hashes: dict[int, str]) -> dict[str, object]:
    """The importable values of a page, in the form row_parse produces them."""
    values = {name: getattr(page, name) for name in SCALARS}
    values["reform_areas"] = tuple(sorted(area.pk for area in page.reform_areas.all()))
    values["files"] = tuple(hashes.get(f.document_id, "") for f in page.files.all())
    values["relations"] = tuple((r.kind, r.target_id, r.note) for r in _ordered(page.relations))
    values["validity_history"] = tuple((e.date, e.status, e.note) for e in _ordered(page.validity_history))
    return values


def _ordered(children) -> list:  # noqa: ANN001 - a child relation's manager
    return sorted(children.all(), key=lambda child: (child.sort_order is None, child.sort_order or 0))


def document_hashes(pages: Iterable[LegalDocumentPage]) -> dict[int, str]:
    ids = {f.document_id for page in pages for f in page.files.all()}
    return dict(get_document_model().objects.filter(pk__in=ids).values_list("pk", "file_hash"))


def plan_row(
    row: ParsedRow, page: LegalDocumentPage | None, hashes: dict[int, str], targets: Targets
) -> Planned:
    """Merge the row over the page (or the defaults) and validate the result; raise Rejected."""
    key_values = {"number": row.number, "issuer_id": row.issuer_id}
    key_values |= _links(row, page, targets)
    if page is None:
        values = DEFAULTS | row.values | key_values
        document_validate(values)
        return Planned(row, Action.CREATE, values)
    before = snapshot(page, hashes)
    values = before | row.values | key_values
    if values == before:
        return Planned(row, Action.UNCHANGED, values, page, before)
    document_validate(values)
    by_hash = {hashes.get(f.document_id, ""): f.document_id for f in page.files.all()}
    return Planned(row, Action.UPDATE, values, page, before, by_hash)


def _links(row: ParsedRow, page: LegalDocumentPage | None, targets: Targets) -> dict[str, object]:
    """The row's relations and unit, found now that the page (and so the date of issue) is known."""
    links: dict[str, object] = {}
    if row.relations is not None:
        links["relations"] = targets.relations(row, page.pk if page else None)
    if row.unit_code is not None:
        issued_on = row.values.get("issued_on") or (page.issued_on if page else None)
        links["unit_id"] = targets.unit_id(row.unit_code, issued_on)
    return links


def duplicate_reason(row: ParsedRow, first: ParsedRow, year: int | None) -> Rejected:
    """The model's own message for a taken number, pointing at the row that took it."""
    where = first.source.where.lower()
    in_year = f" ban hành năm {year}" if year else ""
    return Rejected(
        [f"so_ky_hieu: Cơ quan ban hành này đã có văn bản số {row.number}{in_year} ở {where} của tệp."]
    )
