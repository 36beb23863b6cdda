"""Demo legal documents (documents.json): the seed documents, the ones they cite, and the relations."""

from datetime import date
from typing import Any

from wagtail.models import Page

from cms.core.demo.base import child_get, demo_data, publish_child, reform_areas, unit_named
from cms.documents.models import (
    DocumentIndexPage,
    DocumentKind,
    DocumentRelation,
    Issuer,
    LegalDocumentPage,
    SignerTitle,
    ValidityEvent,
)


def documents_ensure(*, home: Page) -> int:
    """The "Văn bản" database with every demo document and relation; returns pages added.

    documents.json lists documents by issue date and relations point at older documents, so a
    new document is created together with its relations; a later pass adds relations that a
    database loaded by an earlier demo lacks.
    """
    index, added = _index_ensure(home)
    specs = demo_data("documents.json")["documents"]
    pages: dict[str, LegalDocumentPage] = {}
    for spec in specs:
        page = LegalDocumentPage.objects.filter(number=spec["number"], issuer__slug=spec["issuer"]).first()
        if page is None:
            page = publish_child(index, _document_build(spec, pages))
            added += 1
        pages[spec["key"]] = page
    for spec in specs:
        _relations_ensure(pages[spec["key"]], spec.get("relations", []), pages)
    return added


def _index_ensure(home: Page) -> tuple[DocumentIndexPage, int]:
    spec = demo_data("pages.json")["documents_index"]
    index = child_get(home, DocumentIndexPage, spec["slug"])
    if index is not None:
        return index, 0
    index = DocumentIndexPage(title=spec["title"], slug=spec["slug"], summary=spec["summary"])
    return publish_child(home, index), 1


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _document_build(spec: dict[str, Any], pages: dict[str, LegalDocumentPage]) -> LegalDocumentPage:
    issued_on = date.fromisoformat(spec["issued_on"])
    page = LegalDocumentPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        number=spec["number"],
        kind=DocumentKind.objects.get(slug=spec["kind"]),
        issuer=Issuer.objects.get(slug=spec["issuer"]),
        signer_name=spec.get("signer_name", ""),
        signer_title=SignerTitle.objects.get(name=spec["signer_title"]) if spec.get("signer_title") else None,
        issued_on=issued_on,
        effective_on=_day(spec.get("effective_on")),
        expires_on=_day(spec.get("expires_on")),
        unit=unit_named(spec.get("unit"), on=issued_on),
        body=spec["body"],
    )
    if spec.get("status"):
        page.status = spec["status"]
    page.reform_areas.set(reform_areas(spec.get("reform_areas", [])))
    page.relations = [_relation(r, pages) for r in spec.get("relations", []) if r["target"] in pages]
    page.validity_history = [
        ValidityEvent(date=date.fromisoformat(e["date"]), status=e["status"], note=e["note"])
        for e in spec.get("validity_history", [])
    ]
    return page


def _relation(spec: dict[str, Any], pages: dict[str, LegalDocumentPage]) -> DocumentRelation:
    return DocumentRelation(kind=spec["kind"], target=pages[spec["target"]], note=spec.get("note", ""))


def _relations_ensure(
    page: LegalDocumentPage, specs: list[dict[str, Any]], pages: dict[str, LegalDocumentPage]
) -> None:
    """Add the relations `page` lacks, as a new published revision (none when nothing is missing)."""
    have = set(DocumentRelation.objects.filter(source=page).values_list("kind", "target_id"))
    missing = [s for s in specs if (s["kind"], pages[s["target"]].pk) not in have]
    if not missing:
        return
    page = LegalDocumentPage.objects.get(pk=page.pk)
    for spec in missing:
        page.relations.add(_relation(spec, pages))
    page.save_revision().publish()
