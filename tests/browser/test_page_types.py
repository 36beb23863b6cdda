"""Document and consultation pages of the built site in Chromium: relation links, article anchors."""

import pytest

from tests.browser import test_site
from tests.conftest import build_site
from tests.publish import sample

# The same Chromium, launch flags and skip rule as the other browser tests.
pytestmark = test_site.pytestmark
browser_page = test_site.browser_page


@pytest.fixture
def sample_site(db, build_config, static_server):
    pages = sample.build()
    build_site(build_config)
    return static_server(build_config.output_dir), pages


def test_inverse_relation_link_leads_to_the_guiding_document(sample_site, browser_page):
    origin, pages = sample_site
    page = browser_page
    page.goto(origin + "/van-ban/115-qd-bnv/")
    assert page.locator("h1").inner_text() == pages.decision.title
    assert page.get_by_role("row", name="Tình trạng hiệu lực").inner_text().endswith("Hết hiệu lực một phần")
    related = page.get_by_role("region", name="Văn bản liên quan")
    related.get_by_role("heading", name="Được hướng dẫn bởi").wait_for()
    related.get_by_role("link", name="2/2025/TT-BNV – Thông tư hướng dẫn Quyết định 115").click()
    page.wait_for_url(origin + "/van-ban/2-2025-tt-bnv/")
    assert page.locator("h1").inner_text() == pages.circular.title
    # And back again through the outgoing relation.
    page.get_by_role("region", name="Văn bản liên quan").get_by_role(
        "link", name="115/QĐ-BNV", exact=False
    ).click()
    page.wait_for_url(origin + "/van-ban/115-qd-bnv/")


def test_table_of_contents_jumps_to_an_article(sample_site, browser_page):
    origin, _ = sample_site
    page = browser_page
    page.goto(origin + "/lay-y-kien-du-thao/du-thao-quy-che/")
    toc = page.get_by_role("navigation", name="Mục lục dự thảo")
    toc.get_by_role("link", name="Điều 2. Đối tượng áp dụng").click()
    assert page.url.endswith("#" + sample.ARTICLE_IDS[1])
    assert page.evaluate("document.querySelector(':target').id") == sample.ARTICLE_IDS[1]
    target = page.locator(f"[id='{sample.ARTICLE_IDS[1]}']")
    assert target.get_by_role("heading").inner_text() == "Điều 2. Đối tượng áp dụng"
