"""axe-core on one page of every template of the built demo site, and no sideways scrolling at 320 px."""

import pytest

from tests.browser import test_site
from tests.browser.conftest import AXE_JS, require_tool

pytestmark = [*test_site.pytestmark, pytest.mark.django_db]

# The templates the demo content must exercise; new templates are picked up from the output as well.
EXPECTED_TEMPLATES = {
    "index",
    "section",
    "section (trang 2)",
    "category",
    "article",
    "standard",
    "document_index",
    "document_index (trang 2)",
    "document",
    "consultation",
    "question_index",
    "question",
    "search",
    "ask",
    "status",
    "survey",
    "404",
    "chi_so_tong_quan",
    "chi_so_ky",
    "chi_so_don_vi",
    "chi_so_so_sanh",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
NARROW = {"width": 320, "height": 640}


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("tags => axe.run(document, {runOnly: tags})", AXE_TAGS)
    return result["violations"]


def describe(url: str, violations: list[dict]) -> list[str]:
    """One line per failing element: page, rule, impact, element and what the rule asks for."""
    return [
        f"{url}: {v['id']} ({v['impact']}) {node['target']} – {v['help']}"
        for v in violations
        for node in v["nodes"]
    ]


def test_axe_reports_what_it_should(chromium):
    require_tool(AXE_JS, "axe-core")
    page = chromium.new_page()
    page.set_content(
        '<html lang="vi"><head><title>Thử</title></head><body><main><h1>Thử</h1>'
        '<input type="text"><p style="color:#bbb">chữ nhạt</p></main></body></html>'
    )
    found = {v["id"] for v in axe_violations(page)}
    page.close()
    assert {"label", "color-contrast"} <= found, found


def test_demo_site_has_a_page_of_every_template(demo_site):
    assert EXPECTED_TEMPLATES <= demo_site.pages.keys(), sorted(demo_site.pages)
    consultation = demo_site.file(demo_site.pages["consultation"]).read_text(encoding="utf-8")
    assert "badge--dang-lay-y-kien" in consultation, "the checked consultation should be open"


@pytest.mark.parametrize("viewport", [None, NARROW], ids=["desktop", "320px"])
def test_every_template_passes_axe(demo_site, chromium, viewport):
    require_tool(AXE_JS, "axe-core")
    page = chromium.new_page(locale="vi-VN", viewport=viewport)
    found = []
    for url in demo_site.pages.values():
        page.goto(demo_site.origin + url)
        found += describe(url, axe_violations(page))
    page.close()
    assert not found, f"axe-core found {len(found)} problems:\n" + "\n".join(found)


# The widest element that sticks out on the right, to name in the failure message.
_WIDEST = """() => {
  let worst = null;
  for (const el of document.body.querySelectorAll('*')) {
    const right = el.getBoundingClientRect().right;
    if (right > innerWidth && (!worst || right > worst.right)) {
      worst = {right, tag: el.tagName.toLowerCase(), cls: el.className, text: el.textContent.slice(0, 60)};
    }
  }
  return worst;
}"""


def test_no_page_scrolls_sideways_at_320_px(demo_site, chromium):
    page = chromium.new_page(locale="vi-VN", viewport=NARROW)
    wide = []
    for url in demo_site.pages.values():
        page.goto(demo_site.origin + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            wide.append(f"{url}: {width}px wide, widest: {page.evaluate(_WIDEST)}")
    page.close()
    assert not wide, "pages wider than 320 px:\n" + "\n".join(wide)
