"""documents_import: read, check, match and write a file of legal documents, row by row all or nothing."""

import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import translation
from wagtail.models import Collection, Page

from cms.core.models import ReformArea
from cms.documents.importing.lookups import Lookups, lookups_load
from cms.documents.importing.parents import DEFAULT_TITLE, document_index_resolve
from cms.documents.importing.plan import (
    Action,
    Existing,
    Planned,
    document_hashes,
    duplicate_reason,
    pages_load,
    plan_row,
)
from cms.documents.importing.reading import SourceFile, source_read
from cms.documents.importing.report import ImportResult
from cms.documents.importing.rows import ParsedRow, Rejected, row_parse
from cms.documents.importing.targets import Targets, dependency_order
from cms.documents.importing.tree import WriteContext
from cms.documents.importing.writing import batch_write

Progress = Callable[..., Iterable]
BATCH_SIZE = 500


def _no_progress(items: Iterable, **_: object) -> Iterable:
    return items


def documents_import(
    *,
    path: Path,
    attachments_dir: Path | None = None,
    parent: str | None = None,
    publish: bool = True,
    dry_run: bool = False,
    user: object | None = None,
    progress: Progress = _no_progress,
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Import the file; raise ImportAborted if it cannot be read or --parent is wrong."""
    started = time.perf_counter()
    with translation.override(settings.LANGUAGE_CODE):
        source = source_read(path)
        index = document_index_resolve(parent, create=not dry_run)
        result = ImportResult(path=path, rows=len(source.rows), dry_run=dry_run, columns=source.columns)
        result.parent_label = index.title if index else f"{DEFAULT_TITLE} (sẽ được tạo)"
        if source.unknown_columns:
            result.warnings.append(f"bỏ qua các cột không dùng: {', '.join(source.unknown_columns)}")
        parsed = _parse_all(source, lookups_load(), attachments_dir, result, progress)
        ctx = None if dry_run else _context(index, publish, user)
        label = "Đối chiếu với CSDL" if dry_run else "Ghi vào CSDL"
        existing, claimed = Existing(), {}
        targets = Targets(existing.pages, ((row, _found(existing, row)) for row in parsed))
        parsed = dependency_order(parsed, targets)
        batches = _batches(progress(parsed, total=len(parsed), label=label), batch_size)
        for batch in batches:
            planned = _plan_batch(batch, existing, targets, claimed, publish, result)
            if ctx is not None:
                _write(planned, ctx, result)
            else:
                _count(planned, result)
    result.seconds = time.perf_counter() - started
    return result


def _parse_all(
    source: SourceFile,
    lookups: Lookups,
    attachments_dir: Path | None,
    result: ImportResult,
    progress: Progress,
) -> list[ParsedRow]:
    """Every row parsed; a row repeating a document (number, issuer, year) seen earlier is rejected."""
    seen: dict[tuple, ParsedRow] = {}
    for source_row in progress(source.rows, total=len(source.rows), label="Đọc và kiểm tra"):
        try:
            row = row_parse(source_row, lookups, attachments_dir)
            if row.key in seen:
                raise duplicate_reason(row, seen[row.key], row.year)
        except Rejected as exc:
            result.reject(source_row, exc.reasons)
            continue
        seen[row.key] = row
    return list(seen.values())


def _found(existing: Existing, row: ParsedRow) -> int | None:
    try:
        return existing.find(row)
    except Rejected:
        return None  # rejected again, with its reason, when its batch is planned


def _batches(rows: Iterable[ParsedRow], size: int) -> Iterator[list[ParsedRow]]:
    batch: list[ParsedRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _plan_batch(
    batch: list[ParsedRow],
    existing: Existing,
    targets: Targets,
    claimed: dict[int, ParsedRow],
    publish: bool,
    result: ImportResult,
) -> list[Planned]:
    """Match and validate a batch; `claimed` remembers which row took which page, across batches."""
    found: dict[int, int | None] = {}
    for row in batch:
        try:
            found[id(row)] = existing.find(row)
        except Rejected as exc:
            result.reject(row.source, exc.reasons)
    wanted = [pk for pk in found.values() if pk is not None]
    pages = {page.pk: page for page in pages_load(wanted, from_drafts=not publish)}
    hashes = document_hashes(pages.values())
    planned = []
    for row in batch:
        if id(row) not in found:
            continue
        page = pages.get(found[id(row)])
        try:
            if page is not None and page.pk in claimed:
                raise duplicate_reason(row, claimed[page.pk], page.issued_on.year)
            planned.append(plan_row(row, page, hashes, targets))
        except Rejected as exc:
            result.reject(row.source, exc.reasons)
            continue
        if page is not None:
            claimed[page.pk] = row
    return planned


def _context(index: Page, publish: bool, user: object | None) -> WriteContext:
    siblings = Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
    return WriteContext(
        parent=index,
        publish=publish,
        user=user,
        collection=Collection.get_first_root_node(),
        areas=ReformArea.objects.in_bulk(),
        sibling_slugs=set(siblings.values_list("slug", flat=True)),
    )


def _count(planned: list[Planned], result: ImportResult) -> None:
    for item in planned:
        if item.action is Action.CREATE:
            result.created += 1
        elif item.action is Action.UPDATE:
            result.updated += 1
        else:
            result.unchanged += 1


def _write(planned: list[Planned], ctx: WriteContext, result: ImportResult) -> None:
    """One transaction for the batch; if it fails, each row again in its own, so only bad rows are lost."""
    todo = [item for item in planned if item.action is not Action.UNCHANGED]
    result.unchanged += len(planned) - len(todo)
    if not todo:
        return
    mark, slugs, written = ctx.stored.mark(), set(ctx.sibling_slugs), dict(ctx.written)
    try:
        with transaction.atomic():
            rejected = batch_write(todo, ctx)
    except (DatabaseError, OSError, ValueError, ValidationError) as exc:
        ctx.stored.discard_since(mark)
        ctx.sibling_slugs, ctx.written = slugs, written
        if len(todo) == 1:
            result.reject(todo[0].row.source, [f"lỗi khi ghi vào cơ sở dữ liệu: {exc}"])
        else:
            for item in todo:
                _write([item], ctx, result)
        return
    failed = {id(item) for item, _ in rejected}
    for item, exc in rejected:
        result.reject(item.row.source, exc.reasons)
    _count([item for item in todo if id(item) not in failed], result)
