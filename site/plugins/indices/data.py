"""The index data export wrote under content/chi-so/: reading it, naming its pages, its downloads.

Files (the open data API's bodies, cms/publish/indices_export.py): editions.json,
editions/<slug>.json, units.json and units/<key>.json. A unit code alone does not identify a
unit (a province formed on 01/07/2025 often took the code of a former one), so a unit's page is
named by the API's unit `key`: the code for a unit with an open start, `<code>-<valid_from>`
otherwise (`31-2025-07-01`), in lower case. Data without keys (the contract's first shape) gets the
same keys from code and valid_from; its results, which name no dates, belong to the unit that
existed in the edition's year.
"""

import csv
import io
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
BASE = "chi-so"
GROUP_LABELS = {
    "A": "Nhóm A (từ 90% trở lên)",
    "B": "Nhóm B (từ 80% đến dưới 90%)",
    "C": "Nhóm C (từ 70% đến dưới 80%)",
}
KIND_LABELS = {
    "tinh": "Tỉnh",
    "thanh_pho_tw": "Thành phố trực thuộc trung ương",
    "bo": "Bộ",
    "co_quan_ngang_bo": "Cơ quan ngang bộ",
    "chinh_phu": "Chính phủ",
}
INDEX_LABELS = {"par": "Chỉ số CCHC (PAR Index)", "sipas": "Chỉ số hài lòng (SIPAS)"}


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"Không đọc được tệp dữ liệu chỉ số {path}: {exc}") from exc


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def unit_key(unit: dict[str, Any]) -> str:
    """The page key of a unit: the API's `key`, or the same worked out from code and valid_from."""
    code, start = str(unit.get("code", "")), unit.get("valid_from")
    return _slug(str(unit.get("key") or (f"{code}-{start}" if start else code)))


@dataclass
class IndexData:
    """Everything under content/chi-so/, as the API gave it; unit profiles by page key."""

    editions: list[dict[str, Any]] = field(default_factory=list)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)  # slug → edition
    units: list[dict[str, Any]] = field(default_factory=list)  # units.json "results"
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → profile

    @classmethod
    def load(cls, root: Path) -> "IndexData":
        data = cls()
        if not (root / "editions.json").is_file():
            return data
        for edition in _read(root / "editions.json").get("results", []):
            slug = str(edition.get("slug", ""))
            if not SLUG.match(slug):
                logger.warning("Bỏ qua kỳ chỉ số có mã không hợp lệ: %r", slug)
                continue
            detail_path = root / "editions" / f"{slug}.json"
            data.editions.append(edition)
            data.details[slug] = _read(detail_path) if detail_path.is_file() else {**edition, "results": []}
        if (root / "units.json").is_file():
            data.units = list(_read(root / "units.json").get("results", []))
        listed = {unit_key(u) for u in data.units}
        for path in sorted((root / "units").glob("*.json")) if (root / "units").is_dir() else []:
            profile = _read(path)
            key = unit_key(profile.get("unit") or {})
            if not key or key not in listed:
                logger.warning("Hồ sơ đơn vị %s không có trong danh sách đơn vị; bỏ qua.", path.name)
                continue
            data.profiles[key] = profile
        return data

    def unit_href(self, key: str | None) -> str | None:
        """The URL of a unit's page, when it has one."""
        return f"{BASE}/don-vi/{key}/" if key and key in self.profiles else None

    def _listed_on(self, code: str, start: str, end: str) -> str | None:
        found = sorted(
            (
                u
                for u in self.units
                if str(u.get("code")) == code
                and (not u.get("valid_from") or u["valid_from"] <= end)
                and (not u.get("valid_to") or u["valid_to"] >= start)
            ),
            key=lambda u: u.get("valid_from") or "",
        )
        return unit_key(found[0]) if found else None

    def result_key(self, unit: dict[str, Any], year: int) -> str | None:
        """The page key of a result's unit: its `key`, else the listed unit with its code that year."""
        if unit.get("key"):
            return unit_key(unit)
        return self._listed_on(str(unit.get("code", "")), f"{year}-01-01", f"{year}-12-31")

    def successor_key(self, successor: dict[str, Any]) -> str | None:
        """The page key of the unit that took a unit over, on the day it did."""
        if successor.get("key"):
            return unit_key(successor)
        day = successor.get("effective_on") or ""
        return self._listed_on(str(successor.get("code", "")), day, day)

    def index_label(self, index: str) -> str:
        for edition in self.editions:
            if edition.get("index") == index and edition.get("index_label"):
                return edition["index_label"]
        return INDEX_LABELS.get(index, index.upper())


# --- downloads -------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    return "" if value is None else str(value)


def edition_csv(edition: dict[str, Any]) -> str:
    """One row per result, as Excel opens it: UTF-8 with a byte-order mark, comma-separated,
    decimal point (machine-readable), empty cell = no data."""
    components = edition.get("components") or []
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = ["Mã đơn vị", "Đơn vị", "Vùng", "Giá trị (%)", "Hạng", "Nhóm", "Thay đổi so với năm trước"]
    header += [f"{c['code']}. {c['name']}" for c in components] + ["Ghi chú"]
    writer.writerow(header)
    for result in edition.get("results") or []:
        unit = result.get("unit") or {}
        values = result.get("components") or {}
        writer.writerow(
            [
                unit.get("code", ""),
                unit.get("name", ""),
                unit.get("region_label", ""),
                _cell(result.get("value")),
                _cell(result.get("rank")),
                result.get("group") or "",
                _cell(result.get("change")),
                *(_cell(values.get(str(c["code"]))) for c in components),
                result.get("note") or "",
            ]
        )
    return "\ufeff" + buffer.getvalue()


def national_csv(editions: list[dict[str, Any]]) -> str:
    """The national value of every edition, one row each."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Năm", "Chỉ số", "Phạm vi", "Mã kỳ", "Giá trị cả nước (%)", "Số đơn vị", "Ngày công bố"])
    for e in sorted(editions, key=lambda e: (e.get("index", ""), e.get("year", 0), e.get("scope", ""))):
        writer.writerow(
            [
                e.get("year"),
                e.get("index_label", ""),
                e.get("scope_label", ""),
                e.get("slug"),
                _cell(e.get("national_value")),
                _cell(e.get("unit_count")),
                e.get("published_on") or "",
            ]
        )
    return "\ufeff" + buffer.getvalue()


def as_json(body: Any) -> str:
    """An API body as a download: the same JSON, UTF-8, readable."""
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"
