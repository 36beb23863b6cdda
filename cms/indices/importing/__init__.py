"""Import of an edition's results from CSV or XLSX (python -m cms import_index, and the admin upload)."""

from cms.indices.importing.reading import ImportAborted, Table, table_read
from cms.indices.importing.rows import COLUMNS, RowError

__all__ = ["COLUMNS", "ImportAborted", "RowError", "Table", "table_read"]
