"""The search page against a stand-in API (playwright routes) that answers in the contract's shape.

The end-to-end checks against the real API are in test_site; these cover the page's states: results
with facets and highlights, hostile text, filters, sort and pages in the URL, errors and keyboard use.
"""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import test_site
from tests.browser.conftest import AXE_JS, require_tool
from tests.browser.test_accessibility import NARROW, axe_violations, describe

pytestmark = [*test_site.pytestmark, pytest.mark.django_db]

API = re.compile(r"/api/v1/search\?")
BROWSE = ["/van-ban/", "/van-ban/loai/", "/van-ban/co-quan/", "/van-ban/linh-vuc/", "/van-ban/nam/"]
BROWSE += ["/tin-tuc/", "/hoi-dap/"]
HOSTILE = '<img src=x onerror="window.hacked=1">'

FACETS = {
    "type": [
        {"value": "document", "label": "Văn bản", "count": 20},
        {"value": "news", "label": "Tin tức", "count": 3},
    ],
    "kind": [
        {"value": "quyet-dinh", "label": "Quyết định", "count": 12},
        {"value": "thong-tu", "label": "Thông tư", "count": 5},
        {"value": "nghi-dinh", "label": "Nghị định", "count": 3},
    ],
    # More values than the panel shows at first: the rest is behind "Xem thêm".
    "issuer": [{"value": f"co-quan-{i}", "label": f"Cơ quan số {i}", "count": 10 - i} for i in range(9)],
    "year": [{"value": "2024", "label": "2024", "count": 12}, {"value": "2023", "label": "2023", "count": 8}],
    "status": [{"value": "con-hieu-luc", "label": "Còn hiệu lực", "count": 18}],
}


def document_hit(n: int) -> dict:
    return {
        "id": f"document:{n}",
        "url": f"/van-ban/quyet-dinh-{n}/",
        "type": "document",
        "type_label": "Văn bản",
        "title": f"Quyết định số {n}/QĐ-BNV về cải cách hành chính",
        "title_html": f"Quyết định số {n}/QĐ-BNV về <mark>cải cách hành chính</mark>",
        "snippet_html": "… phê duyệt Đề án Chỉ số <mark>cải cách hành chính</mark> của các bộ &amp; tỉnh …",
        "date": "2023-11-10",
        "number": f"{n}/QĐ-BNV",
        "kind_label": "Quyết định",
        "issuer_label": "Bộ Nội vụ",
        "status_label": "Còn hiệu lực",
    }


NEWS_HIT = {
    "id": "news:7",
    "url": "/tin-tuc/hoi-nghi-cchc/",
    "type": "news",
    "type_label": "Tin tức",
    "title": "Hội nghị CCHC",
    "title_html": "Hội nghị CCHC",
    "snippet_html": "Hội nghị tổng kết <mark>cải cách hành chính</mark>",
    "date": None,
    "number": "",
    "kind_label": "",
    "issuer_label": "",
    "status_label": "",
}


def answer(params: dict[str, str], total: int = 23, results: list | None = None) -> dict:
    """A 200 body of the contract for these parameters: 10 results a page."""
    page = int(params.get("page", "1"))
    if results is None:
        first = (page - 1) * 10
        results = [document_hit(876 + i) for i in range(first, min(first + 10, total))]
    filters = {k: v for k, v in params.items() if k not in {"q", "sort", "page"}}
    return {
        "query": params["q"],
        "total": total,
        "page": page,
        "pages": -(-total // 10),
        "page_size": 10,
        "sort": params.get("sort", "relevance"),
        "filters": filters,
        "results": results,
        "facets": FACETS if total else {},
    }


class FakeApi:
    """Answers the page's search requests and keeps their parameters, newest last."""

    def __init__(self, page, respond):
        self.requests: list[dict[str, str]] = []
        self.respond = respond
        page.route(API, self.handle)

    def handle(self, route):
        query = parse_qs(urlsplit(route.request.url).query)
        params = {key: values[0] for key, values in query.items()}
        self.requests.append(params)
        result = self.respond(params)
        if result == "down":
            route.abort("connectionrefused")
            return
        status, body = result
        route.fulfill(
            status=status,
            content_type="application/json",
            headers={"Access-Control-Allow-Origin": "*"},
            body=body if isinstance(body, str) else json.dumps(body),
        )


def ok(params):
    return 200, answer(params)


@pytest.fixture
def page(chromium):
    page = chromium.new_page(locale="vi-VN")
    yield page
    page.close()


def open_search(page, demo_site, respond=ok, query="?q=c%E1%BA%A3i+c%C3%A1ch+h%C3%A0nh+ch%C3%ADnh"):
    api = FakeApi(page, respond)
    page.goto(demo_site.origin + "/tim-kiem/" + query)
    return api


def status_text(page) -> str:
    """The live region's text once the page has said something other than "searching"."""
    status = page.locator("#search-status")
    status.filter(has_text=re.compile(r"^(?!Đang tìm kiếm)\S")).wait_for()
    return status.inner_text()


def results(page):
    return page.locator("#search-results > li")


def test_results_show_highlights_details_facets_and_the_total(demo_site, page):
    api = open_search(page, demo_site)
    assert status_text(page) == "Tìm thấy 23 kết quả cho «cải cách hành chính», trang 1/3."
    assert api.requests == [{"q": "cải cách hành chính"}]
    assert page.locator("ol#search-results > li").count() == 10
    first = results(page).first
    link = first.get_by_role("link")
    assert link.inner_text() == "Quyết định số 876/QĐ-BNV về cải cách hành chính"
    assert link.get_attribute("href") == "/van-ban/quyet-dinh-876/"
    assert first.locator("h3 a mark").inner_text() == "cải cách hành chính"
    assert first.locator(".search-result__snippet mark").inner_text() == "cải cách hành chính"
    assert "của các bộ & tỉnh" in first.locator(".search-result__snippet").inner_text()
    meta = first.locator(".search-result__meta").inner_text()
    for part in ["876/QĐ-BNV", "Quyết định", "Bộ Nội vụ", "Còn hiệu lực", "10/11/2023"]:
        assert part in meta, meta
    assert first.locator("time").get_attribute("datetime") == "2023-11-10"
    assert first.locator(".search-result__type").text_content() == "Văn bản"
    assert page.title().startswith("Kết quả tìm kiếm: cải cách hành chính – Tìm kiếm")
    # One labelled group per facet; each value is a link whose name carries its count.
    for name in ["Loại nội dung", "Loại văn bản", "Cơ quan ban hành", "Năm", "Tình trạng hiệu lực"]:
        assert page.get_by_role("group", name=name).is_visible(), name
    assert page.get_by_role("group", name="Lĩnh vực").count() == 0  # no values, no group
    assert page.get_by_role("link", name="Quyết định (12)", exact=True).is_visible()
    issuers = page.get_by_role("group", name="Cơ quan ban hành")
    assert issuers.get_by_role("link", name="Cơ quan số 8 (2)").is_hidden()
    issuers.get_by_text("Xem thêm 3 mục").click()
    assert issuers.get_by_role("link", name="Cơ quan số 8 (2)").is_visible()


def test_a_result_without_number_or_date_shows_what_it_has(demo_site, page):
    open_search(page, demo_site, lambda p: (200, answer(p, total=1, results=[NEWS_HIT])))
    assert status_text(page) == "Tìm thấy 1 kết quả cho «cải cách hành chính»."
    item = results(page).first
    assert item.locator(".search-result__meta").count() == 0
    assert item.get_by_role("link").inner_text() == "Hội nghị CCHC"
    assert page.get_by_role("navigation", name="Phân trang kết quả tìm kiếm").is_hidden()


def test_hostile_text_from_the_api_stays_text(demo_site, page):
    hit = document_hit(1) | {
        "title": HOSTILE,
        # Escaped as the contract says: must show as text.
        "title_html": "&lt;img src=x onerror=&quot;window.hacked=1&quot;&gt; <mark>cải cách</mark>",
        # Not escaped (a broken API): the markup must be dropped, never run.
        "snippet_html": f'{HOSTILE}<script>window.hacked=2</script><b onclick="x()">đậm</b> <mark>x</mark>',
        "url": "javascript:window.hacked=3",
        "kind_label": "<i>Quyết định</i>",
    }
    sneaky = document_hit(2) | {"url": "/\t/evil.example/"}  # browsers drop the tab: "//evil.example/"
    facets = {"kind": [{"value": "x", "label": "<svg onload=window.hacked=4>", "count": 1}]}
    open_search(
        page, demo_site, lambda p: (200, answer(p, total=2, results=[hit, sneaky]) | {"facets": facets})
    )
    status_text(page)
    item = results(page).first
    assert item.locator("h3").inner_text() == HOSTILE + " cải cách"
    assert item.locator("a").get_attribute("href") is None
    assert results(page).nth(1).locator("a").get_attribute("href") is None
    assert item.locator(".search-result__snippet").inner_text() == "đậm x"
    assert "<i>Quyết định</i>" in item.locator(".search-result__meta").inner_text()
    assert page.get_by_role("link", name="<svg onload=window.hacked=4> (1)").is_visible()
    assert (
        page.locator(
            "#search-layout img, #search-layout script, #search-layout svg, #search-layout b"
        ).count()
        == 0
    )
    assert page.locator("#search-results mark").count() == 4
    assert page.evaluate("window.hacked") is None


def test_a_facet_link_filters_updates_the_url_and_back_returns(demo_site, page):
    api = open_search(page, demo_site)
    status_text(page)
    page.get_by_role("link", name="Quyết định (12)", exact=True).click()
    page.wait_for_url(re.compile(r"kind=quyet-dinh"))
    assert status_text(page).startswith("Tìm thấy 23 kết quả")
    assert api.requests[-1] == {"q": "cải cách hành chính", "kind": "quyet-dinh"}
    assert page.evaluate("document.activeElement.id") == "search-results-heading"
    # The chosen value is shown, not linked, and can be removed.
    kinds = page.get_by_role("group", name="Loại văn bản")
    assert kinds.get_by_role("link", name="Quyết định (12)").count() == 0
    assert "Quyết định (12)" in kinds.locator("[aria-current='true']").inner_text()
    selected = page.locator("#search-selected")
    assert "Loại văn bản: Quyết định" in selected.inner_text()
    page.get_by_role("link", name="2024 (12)").click()
    page.wait_for_url(re.compile(r"year=2024"))
    assert api.requests[-1] == {"q": "cải cách hành chính", "kind": "quyet-dinh", "year": "2024"}
    status_text(page)
    page.get_by_role("link", name="Bỏ lọc Loại văn bản: Quyết định").click()
    page.wait_for_url(lambda url: "kind=" not in url)
    assert api.requests[-1] == {"q": "cải cách hành chính", "year": "2024"}
    page.go_back()
    page.wait_for_url(re.compile(r"kind=quyet-dinh&year=2024"))
    page.get_by_role("link", name="Bỏ tất cả bộ lọc").wait_for()
    page.go_back()
    page.wait_for_url(re.compile(r"kind=quyet-dinh$"))
    page.go_back()
    page.wait_for_url(lambda url: "kind=" not in url and "year=" not in url)
    page.get_by_role("link", name="Quyết định (12)", exact=True).wait_for()
    assert api.requests[-1] == {"q": "cải cách hành chính"}
    assert page.locator("#search-selected").is_hidden()


def test_pages_and_sort_live_in_the_url(demo_site, page, chromium):
    api = open_search(page, demo_site)
    status_text(page)
    pager = page.get_by_role("navigation", name="Phân trang kết quả tìm kiếm")
    assert pager.locator("[aria-current='page']").text_content() == "Trang 1"
    assert pager.get_by_role("link", name="Trang 3").is_visible()
    assert pager.get_by_role("link", name="Trang trước").count() == 0
    pager.get_by_role("link", name="Trang sau").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert status_text(page).endswith("trang 2/3.")
    assert api.requests[-1] == {"q": "cải cách hành chính", "page": "2"}
    assert pager.locator("[aria-current='page']").text_content() == "Trang 2"
    assert page.locator("#search-results").get_attribute("start") == "11"
    assert results(page).first.get_by_role("link").inner_text().startswith("Quyết định số 886/")
    assert page.title().startswith("Kết quả tìm kiếm: cải cách hành chính, trang 2 – ")
    # A new sort starts again at page 1.
    page.get_by_role("group", name="Sắp xếp kết quả").get_by_role("link", name="Mới nhất").click()
    page.wait_for_url(re.compile(r"sort=newest$"))
    status_text(page)
    assert api.requests[-1] == {"q": "cải cách hành chính", "sort": "newest"}
    assert page.locator("#search-sort [aria-current='true']").inner_text() == "Mới nhất"
    # A shared link gives the same search.
    other = chromium.new_page(locale="vi-VN")
    again = FakeApi(other, ok)
    other.goto(page.url.replace("sort=newest", "sort=newest&page=3&kind=thong-tu"))
    other.get_by_role("navigation", name="Phân trang kết quả tìm kiếm").locator(
        "[aria-current='page']"
    ).wait_for()
    assert again.requests == [{"q": "cải cách hành chính", "kind": "thong-tu", "sort": "newest", "page": "3"}]
    assert results(other).count() == 3
    other.close()


def test_a_new_query_keeps_the_sort_and_drops_the_filters(demo_site, page):
    api = open_search(page, demo_site, query="?q=thu+tuc&kind=thong-tu&sort=newest&page=2")
    status_text(page)
    assert page.get_by_role("searchbox", name="Tìm kiếm").input_value() == "thu tuc"
    page.get_by_role("searchbox", name="Tìm kiếm").fill("  876/QĐ-BNV ")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?q=876%2FQ%C4%90-BNV&sort=newest$"))
    status_text(page)
    assert api.requests[-1] == {"q": "876/QĐ-BNV", "sort": "newest"}


def test_an_empty_query_gives_a_hint_without_a_request(demo_site, page):
    api = open_search(page, demo_site, query="?q=+++")
    assert "Vui lòng nhập từ khóa" in status_text(page)
    page.get_by_role("button", name="Tìm").click()
    assert "Vui lòng nhập từ khóa" in status_text(page)
    assert page.evaluate("document.activeElement.id") == "search-q"
    assert api.requests == []
    assert results(page).count() == 0
    assert page.locator("#search-filters").is_hidden()


def test_no_results_suggest_dropping_filters_and_plain_letters(demo_site, page):
    api = open_search(page, demo_site, lambda p: (200, answer(p, total=0)), query="?q=xyz&type=news")
    assert status_text(page) == "Không tìm thấy kết quả nào cho «xyz»."
    message = page.locator("#search-message")
    assert "không dấu" in message.inner_text()
    message.get_by_role("link", name="Bỏ bộ lọc").click()
    page.wait_for_url(re.compile(r"\?q=xyz$"))
    status_text(page)
    assert api.requests[-1] == {"q": "xyz"}
    assert page.locator("#search-sort").is_hidden()


def test_a_bad_request_shows_the_api_message(demo_site, page):
    detail = "Giá trị bộ lọc «kind» không hợp lệ."
    open_search(page, demo_site, lambda p: (400, {"detail": detail}), query="?q=a&kind=khong-co")
    assert status_text(page) == detail
    assert page.locator("#search-fallback").is_hidden()
    assert page.get_by_role("link", name="Bỏ lọc Loại văn bản: khong-co").is_visible()


def assert_offers_browse_pages(page, demo_site):
    fallback = page.locator("#search-fallback")
    assert fallback.is_visible()
    hrefs = fallback.get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [h.removeprefix(demo_site.origin) for h in hrefs] == BROWSE
    fallback.get_by_role("link", name="Văn bản theo loại").click()
    page.wait_for_url(demo_site.origin + "/van-ban/loai/")
    assert page.get_by_role("heading", level=1).is_visible()


def test_api_down_says_so_and_offers_the_browse_pages(demo_site, page):
    open_search(page, demo_site, lambda p: "down")
    assert status_text(page) == "Chức năng tìm kiếm tạm thời không hoạt động. Vui lòng thử lại sau."
    assert page.locator("#search-status.is-error").count() == 1
    assert results(page).count() == 0
    # Without facets the message takes the whole width, not the facet column.
    assert page.locator("#search-status").bounding_box()["width"] > 600
    assert_offers_browse_pages(page, demo_site)


def test_index_not_ready_503_shows_the_detail_and_the_browse_pages(demo_site, page):
    detail = "Chỉ mục tìm kiếm chưa sẵn sàng. Vui lòng thử lại sau."
    open_search(page, demo_site, lambda p: (503, {"detail": detail}))
    assert status_text(page) == detail
    assert_offers_browse_pages(page, demo_site)


def test_a_server_error_page_counts_as_down(demo_site, page):
    open_search(page, demo_site, lambda p: (502, "<html>Bad gateway</html>"))
    assert "tạm thời không hoạt động" in status_text(page)
    assert page.locator("#search-fallback").is_visible()


def test_an_api_that_does_not_answer_times_out(demo_site, page):
    page.clock.install()
    stuck = []
    page.route(API, lambda route: stuck.append(route))
    page.goto(demo_site.origin + "/tim-kiem/?q=cai+cach")
    page.locator("#search-status").filter(has_text="Đang tìm kiếm").wait_for()
    page.clock.run_for(11_000)
    assert "tạm thời không hoạt động" in status_text(page)
    assert len(stuck) == 1


def test_keyboard_only_search_filter_and_page(demo_site, page):
    api = open_search(page, demo_site, query="")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("cai cach")
    page.keyboard.press("Enter")
    status_text(page)
    assert page.evaluate("document.activeElement.id") == "search-results-heading"
    assert api.requests == [{"q": "cai cach"}]
    # Shift+Tab walks back into the facet panel: the last facet value comes before the heading.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Còn hiệu lực (18)"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "no visible focus"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"status=con-hieu-luc"))
    status_text(page)
    assert page.evaluate("document.activeElement.id") == "search-results-heading"
    # Forward from the heading: remove the filter, the sort, then the first result.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Bỏ lọc Tình trạng hiệu lực: Còn hiệu lực"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Mới nhất"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('h3') !== null")
    page.get_by_role("link", name="Trang sau").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"page=2"))
    status_text(page)
    assert api.requests[-1] == {"q": "cai cach", "status": "con-hieu-luc", "page": "2"}
    assert page.evaluate("document.activeElement.id") == "search-results-heading"


@pytest.mark.parametrize("viewport", [None, NARROW], ids=["desktop", "320px"])
def test_results_page_passes_axe_and_fits(demo_site, page, viewport):
    require_tool(AXE_JS, "axe-core")
    if viewport:
        page.set_viewport_size(viewport)
    open_search(page, demo_site, query="?q=c%E1%BA%A3i+c%C3%A1ch&kind=quyet-dinh&page=2")
    status_text(page)
    page.locator("#search-filters").evaluate("details => { details.open = true; }")
    page.locator(".search-facet__more").first.evaluate("details => { details.open = true; }")
    found = describe("/tim-kiem/", axe_violations(page))
    assert not found, f"axe-core found {len(found)} problems:\n" + "\n".join(found)
    if viewport:
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


def test_filters_start_closed_on_a_phone_and_open_on_a_desktop(demo_site, page, chromium):
    page.set_viewport_size(NARROW)
    open_search(page, demo_site)
    status_text(page)
    assert page.locator("#search-filters").get_attribute("open") is None
    page.get_by_text("Lọc kết quả").click()
    assert page.get_by_role("link", name="Quyết định (12)", exact=True).is_visible()
    wide = chromium.new_page(locale="vi-VN")
    FakeApi(wide, ok)
    wide.goto(page.url)
    assert wide.get_by_role("link", name="Quyết định (12)", exact=True).is_visible()
    wide.close()


def test_without_javascript_the_page_offers_the_browse_pages(demo_site, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    page.goto(demo_site.origin + "/tim-kiem/?q=cai+cach")
    # Playwright's role queries skip <noscript>, so read the links by CSS.
    hrefs = page.locator("main noscript a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [h.removeprefix(demo_site.origin) for h in hrefs] == ["/van-ban/", *BROWSE]
    assert page.locator("#search-layout").is_hidden()
    context.close()
