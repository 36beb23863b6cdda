"""Export step, index data: the open data API's bodies for the PAR Index and SIPAS into content/chi-so/.

Writes `editions.json`, `editions/<slug>.json`, `units.json` and `units/<key>.json`, each exactly
the body of GET /api/v1/indices/…, through the same Transport as the pages (in process next to the
CMS, or HTTP). site/plugins/indices turns them into pages and downloads. Units are asked for by the
API's unit `key` (a province formed on 01/07/2025 often took a former one's code: "31" and
"31-2025-07-01"); without keys, by code, or `<code>@<valid_from>` when two listed units share the
code. Files are rewritten only when
their text changed (Pelican and the incremental render look at them), and files of editions or
units no longer listed are removed. A CMS without the indices API (404 on the list) has no index
data: nothing is written and earlier files are removed.
"""

import json
import re
import urllib.error
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from typing import Any

from cms.publish.config import BuildConfig, BuildError
from cms.publish.files import remove_stale, write_if_changed
from cms.publish.progress import say, track
from cms.publish.sources import InProcessTransport, Transport, transport_for

API = "/api/v1/indices"
DIR = "chi-so"
# What may go into a file name: the API's slugs and codes, and the "@" of a dated reference.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9@._-]*$")


@dataclass(frozen=True)
class IndicesExportResult:
    editions: int
    units: int
    written: int
    removed: int

    def describe(self) -> str:
        return (
            f"Xuất dữ liệu chỉ số: {self.editions} kỳ, {self.units} đơn vị; "
            f"{self.written} tệp ghi mới, {self.removed} gỡ bỏ."
        )


def _get(transport: Transport, path: str) -> dict[str, Any] | None:
    """The API body at path, or None for a 404; any other failure is a BuildError."""
    if isinstance(transport, InProcessTransport):
        response = transport.client.get(path)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise BuildError(
                f"API chỉ số trả lời {response.status_code} cho {path}: {response.content[:300]!r}"
            )
        return response.json()
    try:
        return transport.get(path, {})
    except BuildError as exc:
        cause = exc.__cause__
        if isinstance(cause, urllib.error.HTTPError) and cause.code == 404:
            return None
        raise


def _text(body: Any) -> bytes:
    return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _unit_refs(units: list[dict[str, Any]]) -> list[str]:
    """How to ask the API for each listed unit: its `key`, else its code, or code@valid_from when
    another listed unit has the same code (the reference form of cms/units)."""
    counts = Counter(str(u.get("code", "")) for u in units)
    refs = []
    for unit in units:
        code = str(unit.get("code", ""))
        shared = counts[code] > 1 and unit.get("valid_from")
        refs.append(str(unit.get("key") or (f"{code}@{unit['valid_from']}" if shared else code)))
    return refs


def _fetch_all(transport: Transport, config: BuildConfig) -> dict[str, Any] | None:
    """Relative file name → API body, or None when the CMS has no indices API."""
    editions = _get(transport, f"{API}/editions")
    if editions is None:
        return None
    files: dict[str, Any] = {"editions.json": editions}
    slugs = [str(e.get("slug", "")) for e in editions.get("results", [])]
    for slug in track(slugs, total=len(slugs), label="Kỳ chỉ số", quiet=config.quiet):
        body = (
            _get(transport, f"{API}/editions/{urllib.parse.quote(slug)}") if SAFE_NAME.match(slug) else None
        )
        if body is None:
            raise BuildError(f"API chỉ số không trả về kỳ {slug!r} có trong danh sách kỳ")
        files[f"editions/{slug}.json"] = body
    units = _get(transport, f"{API}/units") or {"results": []}
    files["units.json"] = units
    refs = _unit_refs(units.get("results", []))
    for ref in track(refs, total=len(refs), label="Đơn vị", quiet=config.quiet):
        body = (
            _get(transport, f"{API}/units/{urllib.parse.quote(ref, safe='@')}")
            if SAFE_NAME.match(ref)
            else None
        )
        if body is None:
            say(f"Bỏ qua đơn vị {ref!r}: API chỉ số không trả về hồ sơ.", quiet=config.quiet)
            continue
        files[f"units/{ref}.json"] = body
    return files


def run(config: BuildConfig, transport: Transport | None = None) -> IndicesExportResult:
    """Write the index data of the CMS to config.content_dir/chi-so, rewriting only what changed."""
    transport = transport or transport_for(config)
    root = config.content_dir / DIR
    files = _fetch_all(transport, config) or {}
    written = sum(write_if_changed(root / rel, _text(body)) for rel, body in sorted(files.items()))
    removed = remove_stale(root, {root / rel for rel in files})
    if root.exists() and not any(root.iterdir()):
        root.rmdir()
    result = IndicesExportResult(
        editions=sum(rel.startswith("editions/") for rel in files),
        units=sum(rel.startswith("units/") for rel in files),
        written=written,
        removed=removed,
    )
    say(result.describe(), quiet=config.quiet)
    return result
