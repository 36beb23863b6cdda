"""With JavaScript off the site is still readable: menu, listings, documents; widgets say they need it."""

import re

import pytest

from tests.browser import test_site

pytestmark = [*test_site.pytestmark, pytest.mark.django_db]

# Pages that may need JavaScript: the search results and the question form.
WIDGET_TEMPLATES = {"search", "ask", "consultation", "status"}


@pytest.fixture
def no_js(chromium):
    context = chromium.new_context(java_script_enabled=False, locale="vi-VN")
    yield context.new_page()
    context.close()


def test_every_page_type_reads_without_javascript(demo_site, no_js):
    for template, url in demo_site.pages.items():
        assert no_js.goto(demo_site.origin + url).ok, url
        assert no_js.get_by_role("heading", level=1).first.is_visible(), url
        assert no_js.get_by_role("navigation", name="Điều hướng chính").is_visible(), url
        if template in WIDGET_TEMPLATES:
            notice = no_js.locator("main noscript p").filter(has_text="cần JavaScript")
            assert notice.first.is_visible(), f"{url}: no Vietnamese <noscript> notice"


def test_menu_leads_to_every_section_without_javascript(demo_site, no_js):
    no_js.goto(demo_site.origin + "/")
    menu = no_js.get_by_role("navigation", name="Điều hướng chính")
    names = menu.get_by_role("link").all_inner_texts()
    assert len(names) >= 5, names
    for name in names:
        no_js.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name=name, exact=True
        ).click()
        no_js.wait_for_load_state()
        current = no_js.get_by_role("navigation", name="Điều hướng chính").locator("[aria-current]")
        assert current.inner_text() == name, no_js.url
        assert no_js.get_by_role("heading", level=1).is_visible(), no_js.url


def test_a_document_reads_without_javascript(demo_site, no_js):
    no_js.goto(demo_site.origin + "/")
    no_js.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Văn bản").click()
    first = no_js.get_by_role("table").get_by_role("link").first
    title = first.inner_text()
    first.click()
    no_js.wait_for_url(re.compile(r"/van-ban/[^/]+/$"))
    assert no_js.get_by_role("heading", level=1).inner_text() == title
    assert no_js.get_by_role("row", name="Số ký hiệu").is_visible()
    assert no_js.get_by_role("region", name="Văn bản liên quan").is_visible()


def test_news_listing_pages_without_javascript(demo_site, no_js):
    no_js.goto(demo_site.origin + "/")
    no_js.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tin tức").click()
    no_js.wait_for_url(demo_site.origin + "/tin-tuc/")
    first_page = no_js.locator(".article-card__title a").all_inner_texts()
    no_js.get_by_role("navigation", name="Phân trang").get_by_role("link", name="Trang sau").click()
    no_js.wait_for_url(demo_site.origin + "/tin-tuc/trang-2/")
    second_page = no_js.locator(".article-card__title a").all_inner_texts()
    assert second_page and not set(first_page) & set(second_page)
    no_js.get_by_role("navigation", name="Phân trang").get_by_role("link", name="Trang trước").click()
    no_js.wait_for_url(demo_site.origin + "/tin-tuc/")
    no_js.get_by_role("link", name=first_page[0], exact=True).click()
    assert no_js.get_by_role("heading", level=1).inner_text() == first_page[0]


def test_search_without_javascript_says_it_needs_javascript(demo_site, no_js):
    no_js.goto(demo_site.origin + "/gioi-thieu/")
    no_js.get_by_role("searchbox", name="Tìm kiếm").fill("cải cách")
    no_js.keyboard.press("Enter")
    no_js.wait_for_url(re.compile(r"/tim-kiem/\?q="))
    # Playwright's text and role queries skip <noscript>, so find the notice by CSS.
    notice = no_js.locator("main noscript p").filter(has_text="Chức năng tìm kiếm cần JavaScript")
    assert notice.is_visible()
    # The notice offers a way on that does not need JavaScript.
    notice.locator("a").click()
    no_js.wait_for_load_state()
    assert no_js.get_by_role("heading", level=1).is_visible()
    assert "/tim-kiem/" not in no_js.url
