"""What a unit's page and the comparison page show (see views.py for the other pages)."""

from typing import Any

from .charts import Bar, Series, bar_chart, line_chart
from .data import BASE, KIND_LABELS, IndexData, unit_key
from .views import DESC, day, edition_href

# --- a unit ----------------------------------------------------------------------------------


def _indexes(series: list[dict[str, Any]]) -> list[str]:
    return sorted({s["index"] for s in series}, key=lambda i: (i != "par", i))


def _index_tables(
    data: IndexData, series: list[dict[str, Any]], name: str, chart_id: str | None
) -> list[dict[str, Any]]:
    """One table per index of a unit's series, with its line chart unless chart_id is None."""
    tables = []
    for index in _indexes(series):
        rows = [
            {
                **s,
                "href": edition_href(s["edition"]) if s.get("edition") in data.details else None,
                "title": data.details.get(s.get("edition"), {}).get("title", ""),
            }
            for s in sorted(series, key=lambda s: s["year"])
            if s["index"] == index
        ]
        label = data.index_label(index)
        chart = (
            line_chart(
                [Series(name, [(r["year"], r.get("value")) for r in rows])],
                chart_id=f"{chart_id}-{index}",
                title=f"{label} của {name} qua các năm",
                desc=DESC["unit"],
            )
            if chart_id
            else ""
        )
        tables.append({"index": index, "label": label, "rows": rows, "chart": chart})
    return tables


def _components(data: IndexData, series: list[dict[str, Any]], chart_id: str) -> list[dict[str, Any]]:
    """The latest result with component values, per index, with the components' names."""
    found = []
    for index in _indexes(series):
        latest = next(
            (
                s
                for s in sorted(series, key=lambda s: s["year"], reverse=True)
                if s["index"] == index and any(v is not None for v in (s.get("components") or {}).values())
            ),
            None,
        )
        if latest is None:
            continue
        edition = data.details.get(latest.get("edition"), {})
        named = {str(c["code"]): c for c in edition.get("components") or []}
        codes = list(named) or sorted(latest["components"])
        items = [
            {
                "code": code,
                "name": named.get(code, {}).get("name", f"Thành phần {code}"),
                "max_points": named.get(code, {}).get("max_points"),
                "national_value": named.get(code, {}).get("national_value"),
                "value": latest["components"].get(code),
            }
            for code in codes
        ]
        title = f"Chỉ số thành phần, {data.index_label(index)} năm {latest['year']}"
        chart = bar_chart(
            [Bar(f"{i['code']}. {i['name']}", i["value"]) for i in items],
            chart_id=f"{chart_id}-tp-{index}",
            title=title,
            desc=DESC["components"],
        )
        found.append({"title": title, "year": latest["year"], "parts": items, "chart": chart})
    return found


def _predecessor_charts(data: IndexData, predecessors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per index, one line chart of all predecessors' values, to compare the former units."""
    charts = []
    for index in _indexes([s for p in predecessors for s in p.get("series") or []]):
        label = data.index_label(index)
        lines = [
            Series(
                (p["unit"].get("short_name") or p["unit"].get("name", "")) + " (cũ)",
                [(s["year"], s.get("value")) for s in p.get("series") or [] if s["index"] == index],
            )
            for p in predecessors
        ]
        chart = line_chart(
            [line for line in lines if line.points],
            chart_id=f"cu-{index}",
            title=f"{label} của các đơn vị cũ qua các năm",
            desc=DESC["predecessors"],
        )
        if chart:
            charts.append({"label": label, "chart": chart})
    return charts


def _unit(data: IndexData, unit: dict[str, Any]) -> dict[str, Any]:
    key = unit_key(unit)
    kind = unit.get("kind_label") or KIND_LABELS.get(unit.get("kind", ""), "")
    return {**unit, "kind_label": kind, "href": data.unit_href(key)}


def _merger_note(unit: dict[str, Any], predecessors: list[dict[str, Any]]) -> str:
    if not predecessors:
        return ""
    names = [
        p["unit"]["name"] + (" (cũ)" if p["unit"]["name"] == unit.get("name") else "") for p in predecessors
    ]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]
    basis = next((p.get("legal_basis") for p in predecessors if p.get("legal_basis")), "")
    year = next((p["effective_on"][:4] for p in predecessors if p.get("effective_on")), "2025")
    verb = "hợp nhất" if len(names) > 1 else "sắp xếp lại"
    return (
        f"Đơn vị hình thành từ việc {verb} {joined}"
        + (f" theo {basis}" if basis else "")
        + f"; số liệu trước năm {year} là của các đơn vị cũ."
    )


def unit(data: IndexData, key: str) -> dict[str, Any]:
    profile = data.profiles[key]
    own = profile.get("unit") or {}
    name = own.get("short_name") or own.get("name", "")
    predecessors = []
    for p in profile.get("predecessors") or []:
        old = p.get("unit") or {}
        old_name = old.get("short_name") or old.get("name", "")
        predecessors.append(
            {
                "unit": _unit(data, old),
                "effective_on": p.get("effective_on"),
                "legal_basis": p.get("legal_basis", ""),
                "tables": _index_tables(data, p.get("series") or [], f"{old_name} (cũ)", None),
            }
        )
    successor = profile.get("successor")
    if successor:
        successor = {**successor, "href": data.unit_href(data.successor_key(successor))}
    return {
        "key": key,
        "unit": _unit(data, own),
        "tables": _index_tables(data, profile.get("series") or [], name, "don-vi"),
        "components": _components(data, profile.get("series") or [], "don-vi"),
        "predecessors": predecessors,
        "predecessor_charts": _predecessor_charts(data, profile.get("predecessors") or []),
        "merger_note": _merger_note(own, profile.get("predecessors") or []),
        "successor": successor,
        "json": f"{BASE}/don-vi/{key}.json",
    }


# --- comparison ------------------------------------------------------------------------------


def comparison(data: IndexData) -> dict[str, Any]:
    """The units that have results of their own (choices), and every profile (links without JS)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    profiles = []
    for key, profile in sorted(data.profiles.items(), key=lambda kv: kv[1]["unit"].get("name", "")):
        own = profile["unit"]
        kind = own.get("kind", "")
        if kind in ("bo", "co_quan_ngang_bo", "chinh_phu"):
            group = "Bộ, cơ quan ngang bộ"
        elif own.get("valid_from"):
            group = f"Tỉnh, thành phố từ ngày {day(own['valid_from'])}"
        else:
            group = "Tỉnh, thành phố"
        label = own.get("name", key)
        if own.get("valid_to"):
            label += f" (đến {day(own['valid_to'])})"
        elif own.get("valid_from"):
            label += f" (từ {day(own['valid_from'])})"
        entry = {
            "key": key,
            "label": label,
            "href": f"{BASE}/don-vi/{key}/",
            "json": f"{BASE}/don-vi/{key}.json",
        }
        profiles.append(entry)
        if profile.get("series"):
            groups.setdefault(group, []).append(entry)
    order = ["Tỉnh, thành phố", "Bộ, cơ quan ngang bộ"]
    ordered = sorted(groups.items(), key=lambda g: (order.index(g[0]) if g[0] in order else 1.5, g[0]))
    labels = {index: data.index_label(index) for index in {e["index"] for e in data.editions}}
    return {"groups": [{"label": g, "units": u} for g, u in ordered], "profiles": profiles, "labels": labels}
