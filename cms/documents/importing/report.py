"""The outcome of an import: counts, rejected rows, and their Vietnamese summary and CSV."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from cms.documents.importing.columns import REJECT_COLUMNS
from cms.documents.importing.reading import SourceRow


@dataclass(frozen=True)
class RejectedRow:
    source: SourceRow
    reasons: list[str]


@dataclass
class ImportResult:
    path: Path
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejects: list[RejectedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False
    parent_label: str = ""
    columns: tuple[str, ...] = ()

    @property
    def rejected(self) -> int:
        return len(self.rejects)

    def reject(self, source: SourceRow, reasons: list[str]) -> None:
        self.rejects.append(RejectedRow(source, reasons))

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def summary_lines(result: ImportResult, *, max_rejects: int = 50) -> list[str]:
    """The end-of-run report in Vietnamese."""
    lines = [f"Cảnh báo: {warning}" for warning in result.warnings]
    for rejected in sorted(result.rejects, key=lambda r: r.source.line)[:max_rejects]:
        lines.append(f"{rejected.source.where}: {'; '.join(rejected.reasons)}")
    if result.rejected > max_rejects:
        lines.append(
            f"… và {result.rejected - max_rejects} dòng bị từ chối khác (ghi đủ bằng --rejects TỆP)."
        )
    verb = "Chạy thử (không ghi gì)" if result.dry_run else "Đã nhập"
    lines.append(f"{verb} {result.path.name} vào «{result.parent_label}»: {result.rows} dòng dữ liệu.")
    lines.append(
        f"Tạo mới: {result.created} · Cập nhật: {result.updated} · "
        f"Không đổi: {result.unchanged} · Bị từ chối: {result.rejected}"
    )
    lines.append(f"Thời gian: {result.seconds:.1f} giây · {result.rows_per_second:.0f} dòng/giây")
    return lines


def rejects_write(result: ImportResult, path: Path) -> None:
    """The rejected rows with their reasons and original values, ready to be fixed and imported again."""
    columns = [*REJECT_COLUMNS, *[c for c in result.columns if c not in REJECT_COLUMNS]]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for rejected in sorted(result.rejects, key=lambda r: r.source.line):
            values = {k: _cell(k, v) for k, v in rejected.source.values.items()}
            row = {"dong": rejected.source.where, "ly_do": "; ".join(rejected.reasons), **values}
            writer.writerow([row.get(column, "") for column in columns])


# How an object of a JSON list is written back in CSV form (see columns.py).
CSV_PARTS = {
    "quan_he": ("quan_he", "so_ky_hieu", "ghi_chu"),
    "lich_su_hieu_luc": ("ngay", "tinh_trang", "ghi_chu"),
}


def _cell(column: str, value: object) -> str:
    """A value as a CSV cell the importer reads back: list items «;»-joined, objects «:»-joined."""
    if not isinstance(value, list):
        return str(value)
    return "; ".join(_part(column, item) if isinstance(item, dict) else item for item in value)


def _part(column: str, item: dict) -> str:
    values = dict(item)
    if values.get("nam"):
        values["so_ky_hieu"] = f"{values.get('so_ky_hieu', '')} ({values['nam']})"
    parts = [str(values.get(key, "")) for key in CSV_PARTS.get(column, tuple(item))]
    return ": ".join(parts).removesuffix(": ")
