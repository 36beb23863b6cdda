"""Every template of the built sample site fits a 320 px wide screen (WCAG 1.4.10 reflow) in Chromium."""

import re

import pytest

from cms.publish import export, render
from tests.browser.test_site import CHROMIUM_ARGS
from tests.browser.test_site import pytestmark as browser_marks
from tests.publish import sample

pytestmark = [pytest.mark.django_db, *browser_marks]

TEMPLATE = re.compile(r'<body[^>]*\bdata-template="([^"]+)"')


def one_page_per_template(output) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(output.rglob("*.html")):
        match = TEMPLATE.search(path.read_text(encoding="utf-8"))
        if match:
            found.setdefault(
                match.group(1), "/" + path.relative_to(output).as_posix().removesuffix("index.html")
            )
    return found


def test_no_page_scrolls_sideways_at_320_px(build_config, static_server):
    from playwright.sync_api import sync_playwright

    from tests.browser.test_site import CHROMIUM

    sample.build()
    export.run(build_config)
    render.run(build_config)
    origin = static_server(build_config.output_dir)
    pages = one_page_per_template(build_config.output_dir)
    assert {"document", "document_index", "document_browse", "section", "question", "index", "404"} <= set(
        pages
    )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 320, "height": 640}, locale="vi-VN")
        wide = {}
        for template, url in pages.items():
            tab.goto(origin + url)
            width = tab.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[template] = width
        # The document's metadata table scrolls inside its own focusable region, not the page.
        tab.goto(origin + "/van-ban/115-qd-bnv/")
        region = tab.locator(".table-scroll").first
        assert region.get_attribute("tabindex") == "0" and region.get_attribute("role") == "region"
        font = tab.evaluate("getComputedStyle(document.body).fontFamily")
        browser.close()
    assert wide == {}
    assert font.startswith('"Be Vietnam Pro"')
