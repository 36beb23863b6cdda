"""Bodies of the open data API for indices (/tmp contract, issue 7), for the site's tests.

Values, ranks and national and regional figures are the published ones of domain.md §4; unknown
ones are null, as the API gives them. Component values of single units are NOT published anywhere:
the few here (Quảng Ninh and Hải Phòng, SIPAS 2023) are made up to exercise the component tables
and exist only in these tests, never in demo data.

`write(content_dir)` lays the bodies out as cms/publish/indices_export.py does.
"""

import copy
import json
from pathlib import Path
from typing import Any

REGIONS = {
    "trung_du_mien_nui_phia_bac": "Trung du và miền núi phía Bắc",
    "dong_bang_song_hong": "Đồng bằng sông Hồng",
    "bac_trung_bo_duyen_hai_mien_trung": "Bắc Trung Bộ và duyên hải miền Trung",
    "tay_nguyen": "Tây Nguyên",
    "dong_nam_bo": "Đông Nam Bộ",
    "dong_bang_song_cuu_long": "Đồng bằng sông Cửu Long",
}
MERGER = "Nghị quyết số 202/2025/QH15"
PROVINCES_NOTE = "Từ ngày 01/07/2025 các tỉnh được sắp xếp lại; kết quả năm 2024 là của 63 đơn vị cũ."
SIPAS_NOTE = "Phương pháp điều tra SIPAS thay đổi từ năm 2022; không so sánh trực tiếp với 2017–2021."
OLD_END, NEW_START = "2025-06-30", "2025-07-01"


def _unit(code, name, short, kind, region="", valid_from=None, valid_to=None) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "short_name": short,
        "kind": kind,
        "region": region,
        "region_label": REGIONS.get(region, ""),
        "valid_from": valid_from,
        "valid_to": valid_to,
    }


# Reference "CODE" = the row with an open start, "CODE@DATE" = the row starting that day (cms/units).
UNITS = {
    "01": _unit("01", "Thành phố Hà Nội", "Hà Nội", "thanh_pho_tw", "dong_bang_song_hong"),
    "04": _unit("04", "Tỉnh Cao Bằng", "Cao Bằng", "tinh", "trung_du_mien_nui_phia_bac"),
    "22": _unit("22", "Tỉnh Quảng Ninh", "Quảng Ninh", "tinh", "dong_bang_song_hong"),
    "24": _unit("24", "Tỉnh Bắc Giang", "Bắc Giang", "tinh", "trung_du_mien_nui_phia_bac", valid_to=OLD_END),
    "27": _unit("27", "Tỉnh Bắc Ninh", "Bắc Ninh", "tinh", "dong_bang_song_hong", valid_to=OLD_END),
    "24@2025-07-01": _unit("24", "Tỉnh Bắc Ninh", "Bắc Ninh", "tinh", valid_from=NEW_START),
    "30": _unit("30", "Tỉnh Hải Dương", "Hải Dương", "tinh", "dong_bang_song_hong", valid_to=OLD_END),
    "31": _unit(
        "31", "Thành phố Hải Phòng", "Hải Phòng", "thanh_pho_tw", "dong_bang_song_hong", valid_to=OLD_END
    ),
    "31@2025-07-01": _unit("31", "Thành phố Hải Phòng", "Hải Phòng", "thanh_pho_tw", valid_from=NEW_START),
    "77": _unit("77", "Tỉnh Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", "tinh", "dong_nam_bo", valid_to=OLD_END),
    "75": _unit("75", "Tỉnh Đồng Nai", "Đồng Nai", "tinh", "dong_nam_bo", valid_to=OLD_END),
    "BTP": _unit("BTP", "Bộ Tư pháp", "", "bo"),
    "BCT": _unit("BCT", "Bộ Công Thương", "", "bo"),
}
SUCCESSIONS = {"31@2025-07-01": ["31", "30"], "24@2025-07-01": ["27", "24"]}

PAR_PROVINCE_AREAS = [
    "Công tác chỉ đạo, điều hành CCHC",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng, phát triển Chính quyền điện tử, Chính quyền số",
    "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH của tỉnh",
]
SIPAS_ELEMENTS = [
    ("Tiếp cận dịch vụ", 83.00),
    ("Thủ tục hành chính", 83.02),
    ("Công chức giải quyết công việc", 83.12),
    ("Kết quả giải quyết công việc", 83.03),
    ("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", 82.27),
]
PAR = ("par", "Chỉ số CCHC (PAR Index)")
SIPAS = ("sipas", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)")
PROVINCES = ("provinces", "Tỉnh, thành phố trực thuộc trung ương", "tinh", 63)
MINISTRIES = ("ministries", "Bộ, cơ quan ngang bộ", "bo", 17)


def _result(ref, value, rank, group="", change=None, components=None, note="") -> dict[str, Any]:
    unit = {k: UNITS[ref][k] for k in ("code", "name", "short_name", "region", "region_label")}
    return {
        "unit": unit,
        "value": value,
        "rank": rank,
        "group": group,
        "change": change,
        "components": components or {},
        "note": note,
        "_ref": ref,
    }


def _edition(index, scope, year, national, methodology, published_on, results, **extra) -> dict[str, Any]:
    scope_key, scope_label, suffix, count = scope
    what = "Chỉ số cải cách hành chính" if index[0] == "par" else "Chỉ số hài lòng về sự phục vụ hành chính"
    whom = (
        "các tỉnh, thành phố trực thuộc trung ương"
        if scope_key == "provinces"
        else "các bộ, cơ quan ngang bộ"
    )
    return {
        "slug": f"{index[0]}-{year}-{suffix}",
        "index": index[0],
        "index_label": index[1],
        "year": year,
        "scope": scope_key,
        "scope_label": scope_label,
        "title": f"{what} năm {year} của {whom}",
        "methodology": methodology,
        "published_on": published_on,
        "national_value": national,
        "unit_count": count,
        "result_count": len(results),
        "comparability_note": extra.pop("comparability_note", ""),
        "source_note": extra.pop("source_note", "domain.md §4"),
        "components": extra.pop("components", []),
        "results": sorted(results, key=lambda r: (r["rank"] is None, r["rank"] or 0, r["unit"]["code"])),
        "regional_averages": extra.pop("regional_averages", []),
    }


def _regional(values: dict[str, float | None], computed: bool = False) -> list[dict[str, Any]]:
    return [
        {"region": k, "region_label": REGIONS[k], "value": v, "computed": computed} for k, v in values.items()
    ]


def _par_areas() -> list[dict[str, Any]]:
    return [
        {"code": str(n), "name": name, "max_points": None, "national_value": None}
        for n, name in enumerate(PAR_PROVINCE_AREAS, start=1)
    ]


def editions() -> list[dict[str, Any]]:
    """Full edition bodies (with the private key "_ref" on results: stripped by detail())."""
    return [
        _edition(
            PAR,
            PROVINCES,
            2024,
            88.37,
            "876/QĐ-BNV",
            "2025-04-06",
            [
                _result("31", 96.17, 1, "A", 4.30),
                _result("77", None, 2),
                _result("01", None, 3),
                _result("75", 90.69, 8, "A"),
                _result("04", None, 63),
            ],
            components=_par_areas(),
            regional_averages=_regional(
                {
                    "dong_bang_song_hong": 90.17,
                    "dong_nam_bo": 89.44,
                    "trung_du_mien_nui_phia_bac": 88.20,
                    "bac_trung_bo_duyen_hai_mien_trung": 88.51,
                    "dong_bang_song_cuu_long": 87.37,
                    "tay_nguyen": 85.63,
                }
            ),
            comparability_note=PROVINCES_NOTE,
        ),
        _edition(
            PAR,
            PROVINCES,
            2023,
            86.98,
            "876/QĐ-BNV",
            "2024-04-17",
            [
                _result("22", 92.18, 1, "A"),
                _result("31", 91.87, 2, "A"),
                _result("01", 91.43, 3, "A"),
                _result("24", 91.16, 4, "A"),
                _result("77", 91.03, 5, "A"),
                _result("30", 87.84, 22, "B"),
                _result("75", 87.04, 32, "B"),
            ],
            components=_par_areas(),
            regional_averages=_regional(
                {"dong_bang_song_hong": 88.33, "dong_nam_bo": 87.79, "tay_nguyen": None}
            ),
        ),
        _edition(
            PAR,
            MINISTRIES,
            2023,
            84.38,
            "876/QĐ-BNV",
            "2024-04-17",
            [_result("BTP", 89.95, 1, "B"), _result("BCT", 78.03, 17, "C")],
        ),
        _edition(SIPAS, PROVINCES, 2024, 83.94, "1001/QĐ-BNV", "2025-04-06", []),
        _edition(
            SIPAS,
            PROVINCES,
            2023,
            82.66,
            "1001/QĐ-BNV",
            "2024-04-17",
            [
                _result("22", 90.61, 1, components={"1": 91.0, "2": 90.5, "3": None, "4": 90.9, "5": 89.7}),
                _result("30", 90.23, 3),
                _result("31", 88.09, 5, components={"1": 88.4, "2": 87.9, "3": 88.6, "4": 88.0, "5": 87.1}),
            ],
            components=[
                {"code": str(n), "name": name, "max_points": None, "national_value": value}
                for n, (name, value) in enumerate(SIPAS_ELEMENTS, start=1)
            ],
            comparability_note=SIPAS_NOTE,
        ),
    ]


def detail(edition: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(edition)
    for result in body["results"]:
        result.pop("_ref")
    return body


def summary(edition: dict[str, Any]) -> dict[str, Any]:
    return {
        k: v for k, v in detail(edition).items() if k not in ("components", "results", "regional_averages")
    }


def _series(ref: str, all_editions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for e in sorted(all_editions, key=lambda e: (e["index"], e["year"])):
        for r in e["results"]:
            if r["_ref"] == ref:
                found.append(
                    {
                        "edition": e["slug"],
                        "index": e["index"],
                        "year": e["year"],
                        "value": r["value"],
                        "rank": r["rank"],
                        "group": r["group"],
                        "unit_count": e["unit_count"],
                        "components": r["components"],
                    }
                )
    return found


def profiles() -> dict[str, dict[str, Any]]:
    """Reference → the body of GET /api/v1/indices/units/<code>, for every listed unit."""
    all_editions = editions()
    successor_of = {old: new for new, olds in SUCCESSIONS.items() for old in olds}
    found = {}
    for ref, unit in UNITS.items():
        predecessors = [
            {
                "unit": UNITS[old],
                "effective_on": NEW_START,
                "legal_basis": MERGER,
                "series": _series(old, all_editions),
            }
            for old in SUCCESSIONS.get(ref, [])
        ]
        successor = None
        if ref in successor_of:
            new = UNITS[successor_of[ref]]
            successor = {"code": new["code"], "name": new["name"], "effective_on": NEW_START}
        profile = {
            "unit": unit,
            "series": _series(ref, all_editions),
            "predecessors": predecessors,
            "successor": successor,
        }
        if profile["series"] or any(p["series"] for p in predecessors):
            found[ref] = profile
    return found


def units() -> list[dict[str, Any]]:
    return [{**p["unit"], "has_results": True} for p in profiles().values()]


def bodies() -> dict[str, Any]:
    """API path → body, as the CMS serves them."""
    all_editions = editions()
    found: dict[str, Any] = {"/api/v1/indices/editions": {"results": [summary(e) for e in all_editions]}}
    for e in all_editions:
        found[f"/api/v1/indices/editions/{e['slug']}"] = detail(e)
    found["/api/v1/indices/units"] = {"results": units()}
    for ref, profile in profiles().items():
        found[f"/api/v1/indices/units/{ref}"] = profile
    return found


def write(content_dir: Path, changes: dict[str, Any] | None = None) -> Path:
    """Write the files export writes (content/chi-so/…); `changes` replaces bodies by API path."""
    root = content_dir / "chi-so"
    found = {**bodies(), **(changes or {})}
    for path, body in found.items():
        target = root / (path.removeprefix("/api/v1/indices/") + ".json")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return root
