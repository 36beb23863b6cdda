"""Check every row of a results file against its edition; errors name the line and the column."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from cms.indices.computation import (
    RankConflict,
    RankedRow,
    RankProblem,
    group_conflict,
    par_group,
    rank_conflicts,
)
from cms.indices.importing.reading import Cell, Table, fold
from cms.indices.models import IndexComponent, IndexEdition
from cms.indices.text import group_message, vn_number
from cms.units.models import Unit

# Canonical column → the folded header names accepted for it.
COLUMNS: dict[str, tuple[str, ...]] = {
    "ma_don_vi": ("ma_don_vi", "ma", "ma_dv", "unit", "unit_code"),
    "ten_don_vi": ("ten_don_vi", "ten", "don_vi", "name"),  # for the reader only, not imported
    "chi_so": ("chi_so", "gia_tri", "value"),
    "xep_hang": ("xep_hang", "thu_hang", "hang", "rank"),
    "nhom": ("nhom", "xep_loai", "group"),
    "thay_doi": ("thay_doi", "change"),
    "ghi_chu": ("ghi_chu", "note"),
}
ALIASES = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
EMPTY = ("", "-", "—")
NOTE_MAX = 300


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: the header
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = f"Dòng {self.line}" if self.line is not None else "Dòng tiêu đề"
        return f"{where}, cột «{self.column}»: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class ParsedRow:
    line: int
    unit: Unit | None = None
    value: Decimal | None = None
    rank: int | None = None
    group: str = ""
    change: Decimal | None = None
    note: str = ""
    components: dict[str, Decimal] = field(default_factory=dict)


class CellError(ValueError):
    pass


def header_map(
    columns: tuple[str, ...], components: list[IndexComponent]
) -> tuple[dict[str, str], list[RowError]]:
    """Folded header → canonical column, or the component's code; errors for the header row."""
    by_code = {fold(c.code): c.code for c in components}
    mapping, errors = {}, []
    for name in columns:
        if not name:
            continue
        target = by_code.get(name) or ALIASES.get(name)
        if target is None:
            known = ", ".join([*COLUMNS, *by_code.values()])
            errors.append(
                RowError(None, f"cột «{name}» không có trong kỳ công bố này (các cột nhận: {known}).")
            )
        elif target in mapping.values():
            errors.append(RowError(None, f"cột «{name}» trùng với một cột khác ({target})."))
        else:
            mapping[name] = target
    if "ma_don_vi" not in mapping.values():
        errors.append(RowError(None, "thiếu cột mã đơn vị (ma_don_vi)."))
    return mapping, errors


def _text(cell: Cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return "" if cell is None else str(cell).strip()


def _decimal(cell: Cell, *, low: Decimal, high: Decimal, what: str, unit: str = "%") -> Decimal | None:
    """A number of at most 2 decimals within [low, high]; None for an empty cell."""
    text = _text(cell)
    if text in EMPTY:
        return None
    if isinstance(cell, float):
        text = repr(round(cell, 9))
    text = text.removesuffix("%").strip().replace("\u2212", "-")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(f"«{_text(cell)}» không phải là số.") from None
    if not number.is_finite():
        raise CellError(f"«{_text(cell)}» không phải là số.")
    if number.normalize().as_tuple().exponent < -2:
        raise CellError(f"{what} {vn_number(number)} có quá 2 chữ số thập phân.")
    if number > high:
        raise CellError(f"{what} {vn_number(number)}{unit} vượt mức tối đa {vn_number(high)}{unit}.")
    if number < low:
        raise CellError(f"{what} {vn_number(number)}{unit} thấp hơn mức tối thiểu {vn_number(low)}{unit}.")
    return number.quantize(Decimal("0.01"))


def _rank(cell: Cell, unit_count: int | None) -> int | None:
    number = _decimal(cell, low=Decimal(1), high=Decimal(unit_count or 1000), what="xếp hạng", unit="")
    if number is None:
        return None
    if number != number.to_integral():
        raise CellError(f"xếp hạng {vn_number(number)} phải là số nguyên.")
    return int(number)


def _code(cell: Cell) -> str:
    code = _text(cell).upper()
    # Excel drops the leading zero of province codes ("01" → 1).
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


class RowChecker:
    """Parses rows one by one, then checks the whole table (duplicates, ranks)."""

    def __init__(self, *, edition: IndexEdition, components: list[IndexComponent], units: dict[str, Unit]):
        self.edition = edition
        self.components = {c.code: c for c in components}
        self.units = units
        self.errors: list[RowError] = []
        self.rows: list[ParsedRow] = []

    def check(self, table: Table, mapping: dict[str, str]) -> list[ParsedRow]:
        seen: dict[int, int] = {}
        for line, cells in table.rows:
            row = self._parse(line, {mapping[k]: v for k, v in cells.items() if k in mapping}, cells)
            if row.unit is not None:
                if row.unit.pk in seen:
                    self._error(line, f"đơn vị mã «{row.unit.code}» đã có ở dòng {seen[row.unit.pk]}.")
                seen.setdefault(row.unit.pk, line)
            self.rows.append(row)
        if not table.rows:
            self.errors.append(RowError(None, "tệp không có dòng dữ liệu nào."))
        self._check_ranks()
        return self.rows

    def _error(self, line: int | None, message: str, column: str = "") -> None:
        self.errors.append(RowError(line, message, column))

    def _parse(self, line: int, cells: dict[str, Cell], raw: dict) -> ParsedRow:
        row = ParsedRow(line)
        if "__extra__" in raw:
            self._error(line, "có ô dữ liệu nằm ngoài các cột có tiêu đề.")
        row.unit = self._unit(line, _code(cells.get("ma_don_vi")))
        row.value = self._number(line, cells, "chi_so", low=Decimal(0), high=Decimal(100), what="chỉ số")
        try:
            row.rank = _rank(cells.get("xep_hang"), self.edition.unit_count)
        except CellError as exc:
            self._error(line, str(exc), "xep_hang")
        row.change = self._number(
            line, cells, "thay_doi", low=Decimal(-100), high=Decimal(100), what="mức thay đổi", unit=" điểm %"
        )
        row.note = _text(cells.get("ghi_chu"))
        if len(row.note) > NOTE_MAX:
            self._error(line, f"ghi chú dài hơn {NOTE_MAX} ký tự.", "ghi_chu")
        row.group = self._group(line, _text(cells.get("nhom")).upper(), row.value)
        for code, component in self.components.items():
            unit = " điểm" if component.max_points is not None else "%"
            what = f"thành phần «{component.name}»"
            high = component.upper_bound
            value = self._number(line, cells, code, low=Decimal(0), high=high, what=what, unit=unit)
            if value is not None:
                row.components[code] = value
        return row

    def _number(self, line: int, cells: dict[str, Cell], column: str, **bounds) -> Decimal | None:
        """The cell's number, or None after recording the cell's error."""
        try:
            return _decimal(cells.get(column), **bounds)
        except CellError as exc:
            self._error(line, str(exc), column)
            return None

    def _unit(self, line: int, code: str) -> Unit | None:
        if not code:
            self._error(line, "thiếu mã đơn vị.", "ma_don_vi")
            return None
        unit = self.units.get(code)
        if unit is None:
            scope = self.edition.get_scope_display().lower()
            shown = code if len(code) <= 20 else code[:20] + "…"
            self._error(
                line, f"không có đơn vị mã «{shown}» trong {scope} năm {self.edition.year}.", "ma_don_vi"
            )
        return unit

    def _group(self, line: int, group: str, value: Decimal | None) -> str:
        edition = self.edition
        group = "" if group in EMPTY else group.removeprefix("NHÓM ").removeprefix("NHOM ").strip()
        if not edition.has_groups:
            if group:
                self._error(line, "chỉ số SIPAS không phân nhóm; để trống cột này.", "nhom")
            return ""
        if group not in ("", "A", "B", "C"):
            self._error(line, f"nhóm «{group}» không hợp lệ (A, B, C hoặc để trống).", "nhom")
            return ""
        if value is None:
            return group
        expected = group_conflict(value, group, edition.thresholds) if group else None
        if expected is not None:
            self._error(line, group_message(value, expected, edition.thresholds), "nhom")
        return par_group(value, edition.thresholds)

    def _check_ranks(self) -> None:
        ranked = [RankedRow(r.line, r.value, r.rank) for r in self.rows]
        for conflict in rank_conflicts(ranked, unit_count=self.edition.unit_count):
            self._error(conflict.row.key, _rank_message(conflict), "xep_hang")


def _rank_message(conflict: RankConflict) -> str:
    row, other = conflict.row, conflict.other
    here = f"hạng {row.rank} với chỉ số {vn_number(row.value)}%"
    if conflict.kind == RankProblem.TIE_SPLIT:
        return (
            f"{here} bằng chỉ số của dòng {other.key} nhưng khác hạng ({other.rank}): "
            "cùng chỉ số phải cùng hạng."
        )
    if conflict.kind == RankProblem.ORDER:
        return (
            f"{here} mâu thuẫn với dòng {other.key} (hạng {other.rank}, chỉ số {vn_number(other.value)}%): "
            "đơn vị có chỉ số cao hơn phải xếp trên."
        )
    if conflict.kind == RankProblem.TOO_HIGH:
        return (
            f"{here} nhưng tệp có {conflict.units_above} đơn vị chỉ số cao hơn: "
            f"hạng phải từ {conflict.units_above + 1} trở đi."
        )
    return (
        f"{here}: bảng đủ các đơn vị nên hạng phải là {conflict.units_above + 1} "
        "(1 + số đơn vị có chỉ số cao hơn; đồng hạng kiểu 1, 2, 2, 4)."
    )
