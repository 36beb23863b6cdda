"""Read an index results file (CSV or XLSX, first sheet) into rows of cells keyed by column."""

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
XLSX_MAGIC = b"PK\x03\x04"
XLSX_MAX_LINES = MAX_ROWS * 2  # blank lines included

Cell = str | int | float | None


class ImportAborted(Exception):
    """The file cannot be read at all (missing, too big, not CSV or XLSX, not UTF-8): exit code 2."""


@dataclass(frozen=True)
class Table:
    format: str  # "csv" or "xlsx"
    columns: tuple[str, ...]  # folded header names, in file order
    rows: list[tuple[int, dict[str, Cell]]]  # (line number in the file, cells by column)


def fold(name: object) -> str:
    """A header as a key: "Mã đơn vị" → "ma_don_vi" (lower case, no diacritics, _ for spaces)."""
    if isinstance(name, float) and name.is_integer():
        name = int(name)
    text = unicodedata.normalize("NFD", str(name or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if not unicodedata.combining(c)).strip().lower()
    return "_".join(text.replace("-", " ").split())


def table_read(*, content: bytes, file_name: str) -> Table:
    """Parse the bytes of an uploaded or local file; raise ImportAborted when they are not a table."""
    if len(content) > MAX_BYTES:
        raise ImportAborted(f"Tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB.")
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix == "xlsx" or content.startswith(XLSX_MAGIC):
        table = _xlsx_read(content)
    elif suffix in ("csv", "txt", ""):
        table = _csv_read(content)
    else:
        raise ImportAborted("Chỉ nhận tệp CSV (UTF-8) hoặc Excel .xlsx.")
    if len(table.rows) > MAX_ROWS:
        raise ImportAborted(f"Tệp có {len(table.rows)} dòng dữ liệu, nhiều hơn giới hạn {MAX_ROWS}.")
    return table


def _rows(lines: list[tuple[int, list[Cell]]]) -> tuple[tuple[str, ...], list]:
    """The first non-empty line is the header; blank lines are skipped."""
    lines = [(n, cells) for n, cells in lines if any(_present(c) for c in cells)]
    if not lines:
        raise ImportAborted("Tệp trống: không có dòng tiêu đề.")
    (_, header), body = lines[0], lines[1:]
    columns = tuple(fold(name) for name in header)
    rows = []
    for number, cells in body:
        cells = list(cells) + [None] * (len(columns) - len(cells))
        # Data beyond the header, or under a column without a name, would be silently lost.
        unnamed = [c for name, c in zip(columns, cells, strict=False) if not name and _present(c)]
        extra = [c for c in cells[len(columns) :] if _present(c)] + unnamed
        row = {name: cell for name, cell in zip(columns, cells, strict=False) if name}
        if extra:
            row["__extra__"] = len(cells)
        rows.append((number, row))
    return columns, rows


def _present(cell: Cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _csv_read(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportAborted("Tệp CSV không phải UTF-8; hãy lưu lại dưới dạng «CSV UTF-8».") from exc
    text = unicodedata.normalize("NFC", text)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    lines = []
    try:
        for cells in reader:
            lines.append((reader.line_num, [cell.strip() for cell in cells]))
    except csv.Error as exc:
        raise ImportAborted(f"Tệp CSV hỏng ở dòng {reader.line_num}: {exc}.") from exc
    return Table("csv", *_rows(lines))


def _xlsx_read(content: bytes) -> Table:
    # openpyxl parses with defusedxml when it is installed (it is): no entity expansion.
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportAborted("Tệp Excel hỏng hoặc không phải định dạng .xlsx.") from exc
    try:
        sheet = book.worksheets[0]
        # A sheet formatted down to row 1,048,576 is read no further than the limit allows.
        rows = sheet.iter_rows(max_row=XLSX_MAX_LINES + 1, values_only=True)
        lines = [(number, [_xlsx_cell(c) for c in cells]) for number, cells in enumerate(rows, start=1)]
        if len(lines) > XLSX_MAX_LINES and any(_present(c) for c in lines[-1][1]):
            raise ImportAborted(f"Trang tính dài hơn {XLSX_MAX_LINES} dòng.")
    finally:
        book.close()
    return Table("xlsx", *_rows(lines))


def _xlsx_cell(cell: object) -> Cell:
    if cell is None or isinstance(cell, int | float) and not isinstance(cell, bool):
        return cell
    return unicodedata.normalize("NFC", str(cell)).strip()
