"""Bulk import of legal documents from CSV or JSON (python -m cms import_documents)."""

from cms.documents.importing.columns import COLUMNS, columns_help
from cms.documents.importing.reading import ImportAborted
from cms.documents.importing.report import ImportResult, rejects_write, summary_lines
from cms.documents.importing.service import documents_import

__all__ = [
    "COLUMNS",
    "ImportAborted",
    "ImportResult",
    "columns_help",
    "documents_import",
    "rejects_write",
    "summary_lines",
]
