"""The index data pages in a real Chromium: axe, 320 px, sorting by keyboard, the comparison."""

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from cms.publish import render
from cms.publish.config import BuildConfig
from tests.browser import test_site
from tests.browser.conftest import AXE_JS, require_tool
from tests.browser.test_accessibility import _WIDEST, NARROW, axe_violations, describe
from tests.conftest import _QuietHandler
from tests.publish import indices_fixtures as fx

pytestmark = test_site.pytestmark

PAGES = {
    "overview": "/chi-so/",
    "edition": "/chi-so/par-2024-tinh/",
    "edition with components": "/chi-so/sipas-2023-tinh/",
    "unit": "/chi-so/don-vi/31/",
    "merged unit": "/chi-so/don-vi/31-2025-07-01/",
    "comparison": "/chi-so/so-sanh/?a=31&b=22",
}


@pytest.fixture(scope="module")
def origin(tmp_path_factory) -> Iterator[str]:
    """The fixture data (the API's bodies) built into a static site, served over HTTP."""
    tmp: Path = tmp_path_factory.mktemp("indices-site")
    config = BuildConfig(
        content_dir=tmp / "content",
        output_dir=tmp / "output",
        var_dir=tmp / "var",
        search_index_dir=tmp / "var" / "search-index",
        quiet=True,
    )
    fx.write(config.content_dir)
    render.run(config)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(config.output_dir))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def compared(page) -> None:
    """Wait until the comparison (started from ?a=…&b=…) has drawn its tables."""
    page.wait_for_selector("#chi-so-so-sanh-ket-qua table")


@pytest.mark.parametrize("viewport", [None, NARROW], ids=["desktop", "320px"])
def test_index_pages_pass_axe_and_fit_320_px(origin, chromium, viewport):
    require_tool(AXE_JS, "axe-core")
    page = chromium.new_page(locale="vi-VN", viewport=viewport)
    found, wide = [], []
    for url in PAGES.values():
        page.goto(origin + url)
        if "so-sanh" in url:
            compared(page)
        found += describe(url, axe_violations(page))
        width = page.evaluate("document.documentElement.scrollWidth")
        if viewport and width > NARROW["width"]:
            wide.append(f"{url}: {width}px wide, widest: {page.evaluate(_WIDEST)}")
    page.close()
    assert not found, f"axe-core found {len(found)} problems:\n" + "\n".join(found)
    assert not wide, "pages wider than 320 px:\n" + "\n".join(wide)


def column(page, n: int) -> list[str]:
    cells = page.locator("table[data-sortable]").first.locator(f"tbody tr > :nth-child({n})")
    return [text.strip() for text in cells.all_inner_texts()]


def test_ranking_sorts_by_keyboard_with_aria_sort(origin, chromium):
    page = chromium.new_page(locale="vi-VN")
    page.goto(origin + PAGES["edition"])
    value = page.get_by_role("columnheader", name="Giá trị (%)")
    button = value.get_by_role("button")
    button.focus()
    page.keyboard.press("Enter")
    assert value.get_attribute("aria-sort") == "ascending"
    assert page.get_by_role("columnheader", name="Hạng").get_attribute("aria-sort") is None
    # Known values in order, unknown ones last (in their former order).
    assert column(page, 4) == ["90,69", "96,17", "chưa có dữ liệu", "chưa có dữ liệu", "chưa có dữ liệu"]
    assert column(page, 1) == ["8", "1", "2", "3", "63"]
    page.keyboard.press("Space")
    assert value.get_attribute("aria-sort") == "descending"
    assert column(page, 4)[:2] == ["96,17", "90,69"]
    assert "giảm dần" in page.get_by_role("status").first.inner_text()
    name = page.get_by_role("columnheader", name="Đơn vị").get_by_role("button")
    name.focus()
    page.keyboard.press("Enter")
    assert column(page, 2)[:2] == ["Thành phố Hà Nội", "Thành phố Hải Phòng"]
    page.close()


def test_comparison_shows_both_units_by_year(origin, chromium):
    page = chromium.new_page(locale="vi-VN")
    page.goto(origin + "/chi-so/so-sanh/")
    page.get_by_label("Đơn vị thứ nhất", exact=True).select_option("31")
    page.get_by_label("Đơn vị thứ hai", exact=True).select_option("22")
    page.get_by_role("button", name="So sánh").click()
    compared(page)
    status = page.locator("#chi-so-so-sanh-trang-thai")
    assert status.inner_text() == "Đã so sánh Thành phố Hải Phòng (đến 30/06/2025) và Tỉnh Quảng Ninh."
    par = page.get_by_role("region", name="Bảng so sánh Chỉ số CCHC (PAR Index)")
    rows = [" | ".join(r.split("\t")) for r in par.locator("tbody tr").all_inner_texts()]
    assert rows == [
        "2023 | 91,87 (hạng 2/63) | 92,18 (hạng 1/63) | -0,31",
        "2024 | 96,17 (hạng 1/63) | chưa có dữ liệu | chưa có dữ liệu",
    ]
    chart = page.get_by_role(
        "img",
        name="Chỉ số CCHC (PAR Index): Thành phố Hải Phòng (đến 30/06/2025) và Tỉnh Quảng Ninh qua các năm",
    )
    assert chart.locator("polyline").count() == 1  # Quảng Ninh has one year: a point, no line
    assert page.url.endswith("/chi-so/so-sanh/?a=31&b=22")
    page.get_by_label("Đơn vị thứ hai", exact=True).select_option("31")
    page.get_by_role("button", name="So sánh").click()
    assert status.inner_text() == "Vui lòng chọn hai đơn vị khác nhau."
    page.close()


def test_comparison_without_javascript_lists_the_profiles(origin, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(origin + "/chi-so/so-sanh/")
    assert page.locator("main noscript p").filter(has_text="cần JavaScript").is_visible()
    assert not page.locator("#chi-so-so-sanh").is_visible()
    page.get_by_role("link", name="Tỉnh Quảng Ninh").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tỉnh Quảng Ninh"
    assert page.get_by_role("table").first.is_visible()
    context.close()
