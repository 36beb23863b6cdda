"""Parse and resolve a row's relations to other documents (quan_he) and its validity history."""

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from cms.documents.importing.lookups import Vocabulary
from cms.documents.importing.reading import Value
from cms.documents.models import ValidityStatus
from cms.documents.models.pages import normalize_number
from cms.documents.models.relations import RelationKind

# «979/QĐ-BNV (2020)»: the year in parentheses is optional.
TARGET = re.compile(r"^(?P<number>[^()]+?)\s*(?:\((?P<year>\d{4})\))?$")


@cache
def _vocabularies() -> tuple[Vocabulary, Vocabulary]:
    """Relation kinds and statuses by slug or Vietnamese label (built once, at first use)."""
    kinds = Vocabulary((c.value, (c.value, str(c.label))) for c in RelationKind)
    return kinds, Vocabulary((c.value, (c.value, str(c.label))) for c in ValidityStatus)


@dataclass(frozen=True)
class RelationSpec:
    """One relation as written in the file: the target is still a number (and perhaps a year)."""

    kind: str
    number: str
    year: int | None
    note: str

    @property
    def label(self) -> str:
        return f"{self.number} ({self.year})" if self.year else self.number


def relations_parse(value: Value) -> tuple[RelationSpec, ...]:
    """`can-cu: 979/QĐ-BNV (2020): Điều 3; thay-the: 1149/QĐ-BNV`, or JSON objects; raise ValueError."""
    specs = tuple(_relation(item) for item in _items(value))
    seen: set[tuple] = set()
    for spec in specs:
        key = (spec.kind, spec.number.casefold(), spec.year)
        if key in seen:
            raise ValueError(f"quan hệ «{spec.kind}» với văn bản {spec.label} được ghi hai lần.")
        seen.add(key)
    return specs


def history_parse(value: Value, parse_date) -> tuple[tuple[date, str, str], ...]:  # noqa: ANN001
    """`10/11/2022: het-hieu-luc-toan-bo: Bị thay thế bởi 876/QĐ-BNV; …`, or JSON objects."""
    events = []
    for item in _items(value):
        if isinstance(item, dict):
            day, status, note = (item.get(k, "") for k in ("ngay", "tinh_trang", "ghi_chu"))
        else:
            day, status, note = ([*(part.strip() for part in item.split(":", 2)), "", ""])[:3]
        when = parse_date(day)
        if when is None:
            raise ValueError(f"thay đổi hiệu lực «{_shown(item)}» thiếu ngày.")
        found = _vocabularies()[1].get(status) if status else None
        if found is None:
            raise ValueError(f"tình trạng hiệu lực «{status}» không hợp lệ ở «{_shown(item)}».")
        events.append((when, found, _note(note)))
    return tuple(events)


def _items(value: Value) -> list:
    if isinstance(value, list):
        return [item for item in value if item]
    return [item.strip() for item in value.split(";") if item.strip()]


def _relation(item: str | dict) -> RelationSpec:
    if isinstance(item, dict):
        kind, target, note = (item.get(k, "") for k in ("quan_he", "so_ky_hieu", "ghi_chu"))
        year = item.get("nam", "")
        target = f"{target} ({year})" if year else target
    else:
        kind, target, note = ([*(part.strip() for part in item.split(":", 2)), "", ""])[:3]
    found = _vocabularies()[0].get(kind) if kind else None
    if found is None:
        labels = ", ".join(f"{c.value} ({c.label})" for c in RelationKind)
        raise ValueError(f"loại quan hệ «{kind}» không hợp lệ (chọn một trong: {labels}).")
    match = TARGET.match(target.strip())
    number = normalize_number(match["number"]) if match else ""
    if not number:
        raise ValueError(f"quan hệ «{_shown(item)}» không ghi rõ số ký hiệu «{target}».")
    return RelationSpec(found, number, int(match["year"]) if match["year"] else None, _note(note))


def _note(note: str) -> str:
    note = " ".join(str(note).split())
    if len(note) > 255:
        raise ValueError(f"ghi chú «{note[:40]}…» dài quá 255 ký tự.")
    return note


def _shown(item: str | dict) -> str:
    return item if isinstance(item, str) else ", ".join(f"{k}: {v}" for k, v in item.items())
