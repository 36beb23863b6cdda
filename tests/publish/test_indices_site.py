"""The index data pages (site/plugins/indices) and their export (cms/publish/indices_export)."""

import csv
import html as html_lib
import io
import json
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from cms.publish import export, indices_export, render
from cms.publish.config import ROOT, BuildError
from cms.publish.sources import HttpTransport
from tests.publish import indices_fixtures as fx

sys.path.insert(0, str(ROOT / "site" / "plugins"))
from indices import charts  # noqa: E402 - a Pelican plugin, found through PLUGIN_PATHS
from indices.data import IndexData, edition_csv, unit_key  # noqa: E402

TITLE = "Chỉ số cải cách hành chính năm {} của các tỉnh, thành phố trực thuộc trung ương"


def html(config, url: str) -> str:
    return (config.output_dir / url.strip("/") / "index.html").read_text(encoding="utf-8")


def main(page: str) -> str:
    """The page's <main>, white space collapsed."""
    return re.sub(r"\s+", " ", page[page.index("<main") : page.index("</main>")])


def rows(page: str, caption: str) -> list[str]:
    """The text of each body row of the table with this caption start."""
    table = page[page.index(f"<caption>{caption}") :]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in body.split("</tr>")[:-1]]


@pytest.fixture
def built(build_config):
    fx.write(build_config.content_dir)
    render.run(build_config)
    return build_config


# --- charts ----------------------------------------------------------------------------------


def test_numbers_are_written_the_vietnamese_way():
    assert charts.number(88.37) == "88,37"
    assert charts.number(90.1) == "90,10"
    assert charts.number(1234.5) == "1.234,50"
    assert charts.number(80, 0) == "80"
    assert charts.signed(4.3) == "+4,30" and charts.signed(-1.6) == "-1,60"
    assert charts.number(None) == ""


def test_bar_chart_is_a_named_image_with_values_as_text():
    svg = charts.bar_chart(
        [charts.Bar("Hải Phòng", 96.17, "hạng 1"), charts.Bar("<b>Hà Nội</b>", None, "hạng 3")],
        chart_id="t",
        title="Giá trị & hạng",
        desc="Mô tả",
        reference=charts.Reference("Cả nước", 88.37),
    )
    assert svg.startswith('<svg class="chart" viewBox="0 0 ')
    assert 'role="img" aria-labelledby="t-title t-desc"' in svg
    assert '<title id="t-title">Giá trị &amp; hạng</title>' in svg and '<desc id="t-desc">Mô tả</desc>' in svg
    assert "96,17 (hạng 1)" in svg  # the value is text, not only a bar length
    assert "&lt;b&gt;Hà Nội&lt;/b&gt;" in svg and "<b>" not in svg
    assert "chưa có dữ liệu (hạng 3)" in svg
    assert svg.count('class="chart__bar"') == 1  # no bar for an unknown value
    assert "Cả nước: 88,37" in svg and 'class="chart__reference"' in svg
    assert charts.bar_chart([], chart_id="x", title="", desc="") == ""


def test_line_chart_breaks_at_missing_years_and_tells_series_apart_by_shape_and_dash():
    svg = charts.line_chart(
        [
            charts.Series("PAR", [(2020, 83.72), (2021, 86.37), (2022, None), (2023, 86.98), (2024, 88.37)]),
            charts.Series("SIPAS", [(2022, 80.08), (2023, 82.66)]),
        ],
        chart_id="q",
        title="Cả nước",
        desc="Hai đường",
    )
    assert svg.count("<polyline") == 3  # PAR in two runs (2022 unknown), SIPAS in one
    lonely = [charts.Series("A", [(2021, 80.0), (2022, None), (2023, 81.0), (2024, 82.0)])]
    assert charts.line_chart(lonely, chart_id="l", title="", desc="").count("<polyline") == 1
    assert "<circle" in svg and "<rect" in svg  # a marker shape per series
    assert 'stroke-dasharray="7 4"' in svg  # and a dash pattern
    assert "<title>PAR, 2024: 88,37</title>" in svg
    for year in ("2021", "2022", "2023", "2024"):
        assert f">{year}</text>" in svg
    one_year = [charts.Series("A", [(2024, 90.0)])]
    assert charts.line_chart(one_year, chart_id="o", title="", desc="") == ""


# --- data, downloads -------------------------------------------------------------------------


def test_a_unit_is_named_by_its_key_code_and_start_date(tmp_path):
    data = IndexData.load(fx.write(tmp_path))
    assert unit_key(fx.UNITS["31"]) == "31" and unit_key(fx.UNITS["BTP"]) == "btp"
    assert unit_key(fx.UNITS["31@2025-07-01"]) == "31-2025-07-01"
    assert unit_key({**fx.UNITS["31@2025-07-01"], "key": "31-2025-07-01"}) == "31-2025-07-01"
    assert set(data.profiles) == {unit_key(u) for u in fx.units()}
    # Without keys, a result (which names no dates) belongs to the unit of the edition's year.
    assert data.result_key({"code": "24"}, 2023) == "24"
    assert data.result_key({"code": "24", "key": "24"}, 2023) == "24"
    assert data.successor_key({"code": "24", "effective_on": "2025-07-01"}) == "24-2025-07-01"


def test_edition_csv_opens_in_excel_and_keeps_unknown_values_empty():
    detail = fx.detail(fx.editions()[4])  # SIPAS 2023, with components
    text = edition_csv(detail)
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    assert table[0][:7] == [
        "Mã đơn vị",
        "Đơn vị",
        "Vùng",
        "Giá trị (%)",
        "Hạng",
        "Nhóm",
        "Thay đổi so với năm trước",
    ]
    assert table[0][7] == "1. Tiếp cận dịch vụ" and table[0][-1] == "Ghi chú"
    assert table[1][:5] == ["22", "Tỉnh Quảng Ninh", "Đồng bằng sông Hồng", "90.61", "1"]
    assert table[1][9] == ""  # component 3 of Quảng Ninh: null
    assert table[2][7:12] == ["", "", "", "", ""]  # Hải Dương: no component values
    assert text.count("\r\n") == len(table)


def test_every_page_and_download_is_built(built):
    out = built.output_dir / "chi-so"
    for slug in ("par-2024-tinh", "par-2023-tinh", "par-2023-bo", "sipas-2024-tinh", "sipas-2023-tinh"):
        assert (out / slug / "index.html").is_file()
        detail = json.loads((out / f"{slug}.json").read_text(encoding="utf-8"))
        assert detail == json.loads((built.content_dir / "chi-so/editions" / f"{slug}.json").read_text())
        assert (out / f"{slug}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    for key in ("31", "31-2025-07-01", "24", "24-2025-07-01", "22", "01", "btp"):
        assert (out / "don-vi" / key / "index.html").is_file(), key
        assert json.loads((out / "don-vi" / f"{key}.json").read_text(encoding="utf-8"))["unit"]
    assert not (out / "don-vi" / "27").exists()  # old Bắc Ninh has no result: no page, no link
    assert (out / "so-sanh" / "index.html").is_file() and (out / "chuoi-quoc-gia.csv").is_file()
    sitemap = (built.output_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "/chi-so/</loc>" in sitemap and "/chi-so/don-vi/31-2025-07-01/</loc>" in sitemap
    assert ".csv</loc>" not in sitemap


# --- pages -----------------------------------------------------------------------------------


def test_edition_ranking_is_plain_html_in_rank_order_with_unknown_values_said(built):
    page = main(html(built, "/chi-so/par-2024-tinh/"))
    ranking = rows(page, "Bảng xếp hạng")
    assert [r.split(" ")[0] for r in ranking] == ["1", "2", "3", "8", "63"]
    assert ranking[0] == "1 Thành phố Hải Phòng Đồng bằng sông Hồng 96,17 A +4,30"
    assert ranking[2].startswith("3 Thành phố Hà Nội Đồng bằng sông Hồng chưa có dữ liệu")
    assert '<a href="/chi-so/don-vi/31/">Thành phố Hải Phòng</a>' in page  # 2024: the former city
    assert 'aria-sort="ascending"' in page and "data-sortable" in page
    assert "Nhóm A (từ 90% trở lên): <strong>2</strong>" in page
    assert "Quyết định số 876/QĐ-BNV" in page and "88,37%" in page
    assert rows(page, "Giá trị trung bình (%) của các vùng")[0] == "Đồng bằng sông Hồng 90,17"
    assert 'role="img"' in page and "Cả nước: 88,37" in page
    assert '<a href="/chi-so/par-2024-tinh.csv" type="text/csv">' in page
    assert '<a href="/chi-so/par-2023-tinh/" rel="prev">Năm 2023</a>' in page
    assert '"@type":"Dataset"' in html(built, "/chi-so/par-2024-tinh/")


def test_components_and_empty_editions(built):
    page = main(html(built, "/chi-so/sipas-2023-tinh/"))
    assert rows(page, "Các chỉ số thành phần")[0] == "1 Tiếp cận dịch vụ chưa có dữ liệu 83,00"
    matrix = rows(page, "Giá trị (%) từng chỉ số thành phần")
    assert matrix[0] == "Quảng Ninh 91,00 90,50 chưa có dữ liệu 90,90 89,70"
    assert "Phương pháp điều tra SIPAS thay đổi từ năm 2022" in page
    empty = main(html(built, "/chi-so/sipas-2024-tinh/"))
    assert "Chưa có kết quả của từng đơn vị trong kỳ này." in empty


def test_overview_has_the_national_series_every_edition_and_downloads(built):
    page = main(html(built, "/chi-so/"))
    series = rows(page, "Giá trị trung bình cả nước")
    assert series == ["2023 86,98 84,38 82,66", "2024 88,37 chưa có dữ liệu 83,94"]
    assert page.count('class="edition-list"') == 2
    for slug in ("par-2024-tinh", "par-2023-bo", "sipas-2023-tinh"):
        assert f'href="/chi-so/{slug}/"' in page
    assert 'aria-labelledby="chi-so-quoc-gia-title chi-so-quoc-gia-desc"' in page
    assert "/chi-so/chuoi-quoc-gia.csv" in page and "/chi-so/so-sanh/" in page


def test_a_merged_unit_shows_its_predecessors_with_the_note(built):
    page = main(html(built, "/chi-so/don-vi/31-2025-07-01/"))
    note = (
        "Đơn vị hình thành từ việc hợp nhất Thành phố Hải Phòng (cũ) và Tỉnh Hải Dương theo "
        "Nghị quyết số 202/2025/QH15; số liệu trước năm 2025 là của các đơn vị cũ."
    )
    assert note in page
    assert '<a href="/chi-so/don-vi/31/">Thành phố Hải Phòng</a> (đến 30/06/2025)' in page
    assert rows(page, "Chỉ số CCHC (PAR Index) của Hải Phòng (cũ)") == [
        f"2023 91,87 2 /63 A {TITLE.format(2023)}",
        f"2024 96,17 1 /63 A {TITLE.format(2024)}",
    ]
    assert 'aria-labelledby="cu-par-title cu-par-desc"' in page  # one chart of both former units
    bac_ninh = main(html(built, "/chi-so/don-vi/24-2025-07-01/"))
    assert "hợp nhất Tỉnh Bắc Ninh (cũ) và Tỉnh Bắc Giang" in bac_ninh
    assert "Tỉnh Bắc Ninh (đến 30/06/2025)" in bac_ninh and 'href="/chi-so/don-vi/27/"' not in bac_ninh


def test_a_former_unit_links_to_its_successor_and_shows_its_components(built):
    page = main(html(built, "/chi-so/don-vi/31/"))
    assert 'được sắp xếp vào <a href="/chi-so/don-vi/31-2025-07-01/">Thành phố Hải Phòng</a>' in page
    assert 'aria-labelledby="don-vi-par-title don-vi-par-desc"' in page  # 2023 and 2024: a line
    assert "Chỉ số thành phần, Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) năm 2023" in page
    assert (
        rows(page, "Chỉ số thành phần, ")[2] == "3 Công chức giải quyết công việc 88,60 83,12 chưa có dữ liệu"
    )
    assert "/chi-so/don-vi/31.json" in page and "/chi-so/so-sanh/?a=31" in page


def test_comparison_lists_units_with_results_and_every_profile(built):
    page = main(html(built, "/chi-so/so-sanh/"))
    assert "<noscript>" in page and "cần JavaScript" in page
    assert '<form id="chi-so-so-sanh" class="compare-form" method="get" hidden' in page
    labels = json.loads(html_lib.unescape(re.search(r'data-labels="([^"]*)"', page)[1]))
    assert labels == {"par": fx.PAR[1], "sipas": fx.SIPAS[1]}
    assert (
        '<option value="31" data-json="/chi-so/don-vi/31.json">Thành phố Hải Phòng (đến 30/06/2025)</option>'
        in page
    )
    assert 'value="31-2025-07-01"' not in page  # no results of its own: nothing to compare
    assert '<a href="/chi-so/don-vi/31-2025-07-01/">Thành phố Hải Phòng (từ 01/07/2025)</a>' in page


def test_text_from_the_data_is_escaped(build_config):
    editions = fx.editions()
    evil = fx.detail(editions[2])
    evil["title"] = "<script>alert(1)</script> Bộ"
    evil["results"][0]["unit"]["short_name"] = "<img src=x>"
    fx.write(build_config.content_dir, {"/api/v1/indices/editions/par-2023-bo": evil})
    render.run(build_config)
    page = html(build_config, "/chi-so/par-2023-bo/")
    assert "<script>alert" not in page and "<img src=x>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Bộ" in page and "&lt;img src=x&gt;" in page


def test_without_data_the_overview_says_so(build_config):
    render.run(build_config)
    page = main(html(build_config, "/chi-so/"))
    assert "Chưa có dữ liệu chỉ số nào được công bố trên cổng." in page
    assert not (build_config.output_dir / "chi-so" / "so-sanh").exists()


# --- incremental -----------------------------------------------------------------------------


def test_unchanged_data_renders_nothing_and_a_changed_edition_only_its_pages(built):
    render.run(built)
    assert not [f for f in render.read_changes(built)["written"] if f.startswith("chi-so")]
    changed = fx.detail(fx.editions()[2])  # PAR 2023, ministries
    changed["results"][1]["note"] = "Xếp cuối."
    fx.write(built.content_dir, {"/api/v1/indices/editions/par-2023-bo": changed})
    render.run(built)
    written = {f for f in render.read_changes(built)["written"] if f.startswith("chi-so")}
    assert written == {"chi-so/par-2023-bo/index.html", "chi-so/par-2023-bo.csv", "chi-so/par-2023-bo.json"}
    assert "Xếp cuối." in html(built, "/chi-so/par-2023-bo/")


def test_a_changed_unit_rerenders_its_page_and_a_dropped_edition_is_removed(built):
    profiles = fx.profiles()
    profiles["22"]["series"][0]["value"] = 92.2
    body = fx.bodies()["/api/v1/indices/editions"]
    body["results"] = [e for e in body["results"] if e["slug"] != "sipas-2024-tinh"]
    (built.content_dir / "chi-so/editions/sipas-2024-tinh.json").unlink()
    fx.write(
        built.content_dir, {"/api/v1/indices/units/22": profiles["22"], "/api/v1/indices/editions": body}
    )
    render.run(built)
    changes = render.read_changes(built)
    written = {f for f in changes["written"] if f.startswith("chi-so")}
    assert {"chi-so/don-vi/22/index.html", "chi-so/don-vi/22.json", "chi-so/index.html"} <= written
    assert "chi-so/don-vi/31/index.html" not in written and "chi-so/par-2024-tinh/index.html" not in written
    assert {"chi-so/sipas-2024-tinh/index.html", "chi-so/sipas-2024-tinh.csv"} <= set(changes["removed"])
    assert not (built.output_dir / "chi-so/sipas-2024-tinh/index.html").exists()


# --- export ----------------------------------------------------------------------------------


class FakeApi:
    """The contract's bodies by path, as a Transport; unknown paths answer 404 like the CMS."""

    def __init__(self, bodies):
        self.bodies, self.asked = bodies, []

    def get(self, path, params):
        self.asked.append(path)
        if path not in self.bodies:
            raise BuildError(f"API của CMS trả lời 404 cho {path}")
        return self.bodies[path]


class _ApiHandler(BaseHTTPRequestHandler):
    """Answers the contract's bodies by path, 404 with a Vietnamese detail for anything else."""

    bodies: dict = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        body = self.bodies.get(urllib.parse.unquote(self.path.split("?")[0]))
        data = json.dumps(body if body is not None else {"detail": "Không có."}).encode()
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        return


@pytest.fixture
def api_server():
    """The contract's bodies over real HTTP."""
    handler = type("Handler", (_ApiHandler,), {"bodies": fx.bodies()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler.bodies
    server.shutdown()


def test_export_writes_the_api_bodies_over_http_and_rewrites_nothing_unchanged(api_server, build_config):
    url, bodies = api_server
    result = indices_export.run(build_config, HttpTransport(url))
    assert (result.editions, result.units) == (5, len(fx.profiles()))
    root = build_config.content_dir / "chi-so"
    assert (
        json.loads((root / "editions.json").read_text(encoding="utf-8")) == bodies["/api/v1/indices/editions"]
    )
    # A code two listed units share is asked for and written with the new unit's start date.
    assert json.loads((root / "units/31@2025-07-01.json").read_text())["unit"]["valid_from"] == "2025-07-01"
    assert json.loads((root / "units/31.json").read_text())["unit"]["valid_to"] == "2025-06-30"
    again = indices_export.run(build_config, HttpTransport(url))
    assert (again.written, again.removed) == (0, 0)
    del bodies["/api/v1/indices/units/22"]  # listed, but 404: skipped, the rest is kept
    assert indices_export.run(build_config, HttpTransport(url)).removed == 1
    bodies.clear()  # a CMS without the indices API: no index data
    gone = indices_export.run(build_config, HttpTransport(url))
    assert gone.editions == 0 and not root.exists()


def test_export_drops_what_the_api_no_longer_lists_and_all_without_the_api(build_config):
    bodies = fx.bodies()
    indices_export.run(build_config, FakeApi(bodies))
    root = build_config.content_dir / "chi-so"
    bodies["/api/v1/indices/units"] = {"results": [u for u in fx.units() if u["code"] != "22"]}
    result = indices_export.run(build_config, FakeApi(bodies))
    assert result.removed == 1 and not (root / "units/22.json").exists()
    api = FakeApi({})
    with pytest.raises(BuildError):  # another failure than 404 (here: the fake's) stops the build
        indices_export.run(build_config, api)


@pytest.mark.django_db
def test_export_with_the_pages_reads_the_real_api_in_process(build_config):
    from django.core.management import call_command

    call_command("load_index_demo", verbosity=0)
    result = export.run(build_config)
    root = build_config.content_dir / "chi-so"
    listed = json.loads((root / "units.json").read_text(encoding="utf-8"))["results"]
    assert result.indices == 2 + len(list((root / "editions").iterdir())) + len(listed)
    assert {p.stem for p in (root / "units").iterdir()} == {u["key"] for u in listed}
    render.run(build_config)
    page = main(html(build_config, "/chi-so/par-2024-tinh/"))
    assert "96,17" in page and "88,37%" in page and "chưa có dữ liệu" in page
    assert '<a href="/chi-so/don-vi/31/">Thành phố Hải Phòng</a>' in page
    merged = main(html(build_config, "/chi-so/don-vi/31-2025-07-01/"))
    assert "theo Nghị quyết số 202/2025/QH15; số liệu trước năm 2025 là của các đơn vị cũ." in merged
    assert '<a href="/chi-so/don-vi/30/">Tỉnh Hải Dương</a>' in merged
    again = export.run(build_config)
    assert again.indices == 0
