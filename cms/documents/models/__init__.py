"""Models of the legal-document database."""

from cms.documents.models.pages import DocumentIndexPage, LegalDocumentFile, LegalDocumentPage
from cms.documents.models.relations import DocumentRelation, RelationKind, ValidityEvent
from cms.documents.models.taxonomy import DocumentKind, Issuer, SignerTitle, ValidityStatus

__all__ = [
    "DocumentIndexPage",
    "DocumentKind",
    "DocumentRelation",
    "Issuer",
    "LegalDocumentFile",
    "LegalDocumentPage",
    "RelationKind",
    "SignerTitle",
    "ValidityEvent",
    "ValidityStatus",
]
