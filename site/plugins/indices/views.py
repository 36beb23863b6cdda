"""What each index page shows, worked out from IndexData: plain dicts and lists, plus SVG charts.

Templates get only these values (no global lists), so the incremental writer's signature of a page
is exactly the data it shows: a changed edition re-renders that edition's pages and nothing else.
"""

import re
from collections import Counter
from typing import Any

from .charts import Bar, Reference, Series, bar_chart, line_chart, number
from .data import BASE, GROUP_LABELS, IndexData

SCOPES = {"provinces": "tỉnh, thành phố", "ministries": "bộ, cơ quan ngang bộ"}
SHORT_INDEX = {"par": "Chỉ số CCHC", "sipas": "SIPAS"}
# What each chart shows, for screen readers (<desc>); the figures are in the table beside it.
DESC = {
    "national": "Biểu đồ đường, mỗi đường là một chỉ số và phạm vi đánh giá (khác nhau về màu, "
    "kiểu nét và hình điểm), trục ngang là năm, trục dọc là giá trị (%). "
    "Số liệu ở bảng ngay dưới biểu đồ.",
    "unit": "Biểu đồ đường, trục ngang là năm, trục dọc là giá trị (%); "
    "năm chưa có dữ liệu làm đứt đoạn đường. Số liệu ở bảng dưới.",
    "components": "Biểu đồ cột ngang, mỗi cột là một chỉ số thành phần, ghi giá trị (%). "
    "Số liệu ở bảng dưới.",
    "predecessors": "Biểu đồ đường, mỗi đường là một đơn vị cũ (khác nhau về màu, kiểu nét và "
    "hình điểm), trục ngang là năm, trục dọc là giá trị (%). Số liệu ở các bảng dưới.",
}


def day(iso: str) -> str:
    """2025-07-01 → 01/07/2025."""
    return "/".join(reversed(iso[:10].split("-")))


def _column_label(index: str, scope: str) -> str:
    return f"{SHORT_INDEX.get(index, index.upper())} – {SCOPES.get(scope, scope)}"


def edition_href(slug: str) -> str:
    return f"{BASE}/{slug}/"


# --- overview --------------------------------------------------------------------------------


def overview(data: IndexData) -> dict[str, Any]:
    order = {"par": 0, "sipas": 1, "provinces": 0, "ministries": 1}
    columns = sorted(
        {(e["index"], e["scope"]) for e in data.editions},
        key=lambda c: (order.get(c[0], 9), order.get(c[1], 9)),
    )
    by_cell = {(e["index"], e["scope"], e["year"]): e for e in data.editions}
    years = sorted({e["year"] for e in data.editions})
    rows = [
        {
            "year": year,
            "cells": [
                {
                    "value": by_cell[(i, s, year)].get("national_value"),
                    "derived": bool(by_cell[(i, s, year)].get("national_value_derived")),
                    "href": edition_href(by_cell[(i, s, year)]["slug"]),
                }
                if (i, s, year) in by_cell
                else None
                for i, s in columns
            ],
        }
        for year in years
    ]
    series = [
        Series(
            _column_label(i, s),
            [(y, by_cell[(i, s, y)].get("national_value")) for y in years if (i, s, y) in by_cell],
        )
        for i, s in columns
    ]
    chart = line_chart(
        series,
        chart_id="chi-so-quoc-gia",
        title="Giá trị trung bình cả nước qua các năm",
        desc=DESC["national"],
    )
    groups = []
    for index in sorted({e["index"] for e in data.editions}, key=lambda i: order.get(i, 9)):
        editions = [dict(e, href=edition_href(e["slug"])) for e in data.editions if e["index"] == index]
        groups.append({"index": index, "label": data.index_label(index), "editions": editions})
    return {
        "columns": [_column_label(i, s) for i, s in columns],
        "rows": rows,
        "chart": chart,
        "groups": groups,
        "has_units": bool(data.profiles),
        "has_derived": any(e.get("national_value_derived") for e in data.editions),
    }


# --- an edition ------------------------------------------------------------------------------


URL = re.compile(r"(https?://[^\s<>\"]+[^\s<>\".,;:)\]])")


def note_parts(text: str) -> list[dict[str, str]]:
    """A source note as text and links, for the template to escape and link: [{"text", "url"}]."""
    text = re.sub(r"^\s*Nguồn\s*:\s*", "", text or "")
    return [{"text": part, "url": part if n % 2 else ""} for n, part in enumerate(URL.split(text)) if part]


def _neighbours(data: IndexData, edition: dict[str, Any]) -> dict[str, Any]:
    same = sorted(
        (e for e in data.editions if e["index"] == edition["index"] and e["scope"] == edition["scope"]),
        key=lambda e: e["year"],
    )
    at = next((n for n, e in enumerate(same) if e["slug"] == edition["slug"]), None)
    if at is None:
        return {"previous": None, "next": None}
    pick = lambda e: {"title": e["title"], "year": e["year"], "href": edition_href(e["slug"])}  # noqa: E731
    return {
        "previous": pick(same[at - 1]) if at > 0 else None,
        "next": pick(same[at + 1]) if at + 1 < len(same) else None,
    }


def _group_label(group: str, value: float | None, thresholds: dict[str, float] | None) -> str:
    """The group letter; below the lowest group's threshold "dưới 70%"; "" when not known."""
    if group or value is None or not thresholds or "C" not in thresholds:
        return group
    return f"dưới {number(thresholds['C'], 0)}%" if value < thresholds["C"] else ""


def _group_names(thresholds: dict[str, float] | None) -> dict[str, str]:
    if not thresholds or not {"A", "B", "C"} <= thresholds.keys():
        return GROUP_LABELS
    a, b, c = (number(thresholds[g], 0) for g in "ABC")
    return {
        "A": f"Nhóm A (từ {a}% trở lên)",
        "B": f"Nhóm B (từ {b}% đến dưới {a}%)",
        "C": f"Nhóm C (từ {c}% đến dưới {b}%)",
    }


def _rows(data: IndexData, edition: dict[str, Any]) -> list[dict[str, Any]]:
    components = [str(c["code"]) for c in edition.get("components") or []]
    thresholds = edition.get("group_thresholds")
    rows = []
    for result in edition.get("results") or []:
        unit = result.get("unit") or {}
        key = data.result_key(unit, int(edition["year"]))
        values = result.get("components") or {}
        rows.append(
            {
                "code": unit.get("code", ""),
                "name": unit.get("name", ""),
                "short_name": unit.get("short_name") or unit.get("name", ""),
                "region_label": unit.get("region_label", ""),
                "href": data.unit_href(key),
                "value": result.get("value"),
                "rank": result.get("rank"),
                "group": result.get("group") or "",
                "group_label": _group_label(result.get("group") or "", result.get("value"), thresholds),
                "change": result.get("change"),
                "components": [values.get(code) for code in components],
                "note": result.get("note") or "",
            }
        )
    return rows


def _groups(rows: list[dict[str, Any]], thresholds: dict[str, float] | None) -> list[dict[str, Any]]:
    names = _group_names(thresholds)
    counts = Counter(row["group"] for row in rows if row["group"])
    return [{"group": g, "label": names.get(g, f"Nhóm {g}"), "count": counts[g]} for g in sorted(counts)]


def _edition_charts(edition: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any]:
    national = edition.get("national_value")
    what = f"{edition.get('index_label', '')} năm {edition['year']}"
    bars = [Bar(r["short_name"], r["value"], f"hạng {r['rank']}" if r["rank"] else "") for r in rows]
    chart = bar_chart(
        bars,
        chart_id=f"ky-{edition['slug']}",
        title=f"Giá trị {what} của từng đơn vị",
        desc="Biểu đồ cột ngang theo thứ tự xếp hạng, mỗi cột ghi giá trị (%) và hạng của đơn vị"
        + (
            f"; đường nét đứt là giá trị trung bình cả nước {number(national)}%."
            if national is not None
            else "."
        )
        + " Số liệu ở bảng xếp hạng.",
        reference=Reference("Cả nước", national) if national is not None else None,
    )
    regional = edition.get("regional_averages") or []
    regional_chart = bar_chart(
        [Bar(r.get("region_label", ""), r.get("value")) for r in regional],
        chart_id=f"vung-{edition['slug']}",
        title=f"Giá trị trung bình theo vùng, {what}",
        desc="Biểu đồ cột ngang, mỗi cột là một vùng kinh tế - xã hội, ghi giá trị trung bình (%). "
        "Số liệu ở bảng bên cạnh.",
        reference=Reference("Cả nước", national) if national is not None else None,
    )
    return {"chart": chart, "regional_chart": regional_chart}


def edition(data: IndexData, slug: str) -> dict[str, Any]:
    detail = data.details[slug]
    rows = _rows(data, detail)
    summary = {k: v for k, v in detail.items() if k not in ("results", "components", "regional_averages")}
    summary["source_parts"] = note_parts(detail.get("source_note") or "")
    return {
        "summary": summary,
        "rows": rows,
        "components": detail.get("components") or [],
        "has_component_values": any(v is not None for row in rows for v in row["components"]),
        "regional": detail.get("regional_averages") or [],
        "groups": _groups(rows, detail.get("group_thresholds")),
        "has_regions": any(row["region_label"] for row in rows),
        "csv": f"{BASE}/{slug}.csv",
        "json": f"{BASE}/{slug}.json",
        **_neighbours(data, detail),
        **_edition_charts(detail, rows),
    }
