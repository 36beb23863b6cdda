"""Read an import file (CSV with a header row, or JSON) into source rows of NFC strings."""

import codecs
import csv
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cms.documents.importing.columns import (
    BY_NAME,
    KEY_COLUMNS,
    LIST_COLUMNS,
    REJECT_COLUMNS,
    STRUCTURED_COLUMNS,
)

# Full texts of long laws run to megabytes; the csv module's default cap is 128 KiB per field.
FIELD_SIZE_LIMIT = 64 * 1024 * 1024

Value = str | list[str] | list[str | dict[str, str]]


class ImportAborted(Exception):
    """The import cannot start: the file is missing, not UTF-8 or malformed, or --parent is wrong (exit 2)."""


@dataclass(frozen=True)
class SourceRow:
    """One record as read: its place in the file and the values of the columns present."""

    line: int
    where: str
    values: dict[str, Value] = field(default_factory=dict)
    problem: str = ""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    format: str
    columns: tuple[str, ...]
    rows: list[SourceRow]

    @property
    def unknown_columns(self) -> list[str]:
        return [name for name in self.columns if name not in BY_NAME and name not in REJECT_COLUMNS]


def source_read(path: Path) -> SourceFile:
    """Read a CSV or JSON import file; raise ImportAborted when it cannot be read at all."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024).removeprefix(codecs.BOM_UTF8).lstrip()
        is_json = path.suffix.lower() == ".json" or head[:1] in (b"[", b"{")
        source = _json_read(path) if is_json else _csv_read(path)
    except FileNotFoundError as exc:
        raise ImportAborted(f"Không tìm thấy tệp {path}.") from exc
    except UnicodeDecodeError as exc:
        raise ImportAborted(f"Tệp {path} không phải UTF-8; hãy lưu lại dưới dạng UTF-8 (CSV UTF-8).") from exc
    except OSError as exc:
        raise ImportAborted(f"Không đọc được tệp {path}: {exc.strerror}.") from exc
    missing = [name for name in KEY_COLUMNS if name not in source.columns]
    if missing and (source.rows or source.format == "csv"):
        raise ImportAborted(f"Tệp {path} thiếu cột bắt buộc: {', '.join(missing)}.")
    return source


def _clean(name: str, value: object) -> Value:
    if value is None:
        return [] if name in LIST_COLUMNS else ""
    if isinstance(value, list):
        items = [_item(item) for item in value if item is not None]
        return [item for item in items if item]
    text = unicodedata.normalize("NFC", str(value)).strip()
    if name in LIST_COLUMNS:
        return [item.strip() for item in text.split(";") if item.strip()]
    return text


def _item(item: object) -> str | dict[str, str]:
    """A list item: text, or (in quan_he and lich_su_hieu_luc) an object of texts."""
    if isinstance(item, dict):
        return {_header_name(str(k)): _item(v) if v is not None else "" for k, v in item.items()}
    return unicodedata.normalize("NFC", str(item)).strip()


def _header_name(raw: str) -> str:
    return unicodedata.normalize("NFC", raw).strip().lower()


def _csv_read(path: Path) -> SourceFile:
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    # Read as a stream: holding the whole text besides its cells would double the memory used.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first_line = handle.readline()
        handle.seek(0)
        delimiter = max(",;\t", key=first_line.count)
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        try:
            header = [_header_name(name) for name in next(reader, [])]
            if not any(header):
                raise ImportAborted(f"Tệp {path} trống hoặc không có dòng tiêu đề.")
            if len(set(header)) != len(header):
                raise ImportAborted(f"Tệp {path} có cột trùng tên trong dòng tiêu đề.")
            rows = list(_csv_rows(reader, header))
        except csv.Error as exc:
            raise ImportAborted(f"Tệp CSV {path} hỏng ở dòng {reader.line_num}: {exc}.") from exc
    return SourceFile(path=path, format="csv", columns=tuple(header), rows=rows)


def _csv_rows(reader, header: list[str]):  # noqa: ANN202 - a generator of SourceRow
    end_of_previous = reader.line_num
    for cells in reader:
        line, end_of_previous = end_of_previous + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        where = f"Dòng {line}"
        if len(cells) > len(header):
            yield SourceRow(line, where, problem=f"Có {len(cells)} ô, nhiều hơn {len(header)} cột tiêu đề.")
            continue
        cells = cells + [""] * (len(header) - len(cells))
        yield SourceRow(
            line, where, {name: _clean(name, cell) for name, cell in zip(header, cells, strict=True)}
        )


def _json_read(path: Path) -> SourceFile:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise ImportAborted(f"Tệp JSON {path} không hợp lệ ở dòng {exc.lineno}: {exc.msg}.") from exc
    items = data.get("documents") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ImportAborted(f'Tệp JSON {path} phải là một danh sách hoặc {{"documents": [...]}}.')
    rows, columns = [], {}
    for number, item in enumerate(items, start=1):
        where = f"Mục {number}"
        if not isinstance(item, dict):
            rows.append(SourceRow(number, where, problem="Mục này không phải một đối tượng JSON."))
            continue
        values = {_header_name(str(key)): value for key, value in item.items()}
        columns.update(dict.fromkeys(values))
        wrong = [k for k, v in values.items() if isinstance(v, dict | bool) or _nested_list(k, v)]
        if wrong:
            rows.append(
                SourceRow(number, where, problem=f"Giá trị không hợp lệ ở trường: {', '.join(wrong)}.")
            )
            continue
        rows.append(SourceRow(number, where, {k: _clean(k, v) for k, v in values.items()}))
    return SourceFile(path=path, format="json", columns=tuple(columns), rows=rows)


def _nested_list(name: str, value: object) -> bool:
    if not isinstance(value, list):
        return False
    if name in STRUCTURED_COLUMNS:
        return not all(isinstance(item, str) or _flat_object(item) for item in value)
    return name not in LIST_COLUMNS or any(isinstance(item, list | dict) for item in value)


def _flat_object(item: object) -> bool:
    return isinstance(item, dict) and not any(isinstance(v, list | dict | bool) for v in item.values())
