"""The theme's SEO and assets: sitemap, robots.txt, JSON-LD, canonical and Open Graph, hashed assets."""

import hashlib
import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses only what this build wrote
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import Page

from cms.publish import export, render
from tests.publish import sample

pytestmark = pytest.mark.django_db
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def parse_xml(path):
    return ET.parse(path).getroot()  # noqa: S314 - a file this build wrote


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = "http://127.0.0.1:8080"
HASHED = re.compile(r"^/theme/[\w/-]+\.[0-9a-f]{10}\.\w+$")


@pytest.fixture
def site(build_config):
    pages = sample.build()
    pages.circular.title = "</script><script>alert(1)</script> Thông tư"
    pages.circular.save_revision().publish()
    export.run(build_config)
    render.run(build_config)
    return pages


def html_files(output: Path) -> dict[str, str]:
    return {p.relative_to(output).as_posix(): p.read_text(encoding="utf-8") for p in output.rglob("*.html")}


def json_ld(page: str) -> dict[str, dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return {obj["@type"]: obj for obj in map(json.loads, blocks)}


def test_sitemap_lists_every_html_page_written(site, build_config):
    out = build_config.output_dir
    root = parse_xml(out / "sitemap.xml")
    locs = {url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod") for url in root}
    written = {
        BASE + "/" + name.removesuffix("index.html")
        for name in html_files(out)
        if name not in ("404.html", "tim-kiem/index.html")
    }
    assert set(locs) == written
    assert {f"{BASE}/van-ban/loai/quyet-dinh/", f"{BASE}/hoi-dap/gui-cau-hoi/", f"{BASE}/"} <= set(locs)
    # lastmod is when the CMS last published the page; a listing takes its newest page's.
    decision = Page.objects.get(url_path__endswith="/van-ban/115-qd-bnv/")
    published = decision.last_published_at.astimezone(VIETNAM).isoformat()
    assert locs[f"{BASE}/van-ban/115-qd-bnv/"].text == published
    documents = Page.objects.filter(url_path__contains="/van-ban/", depth__gt=3)
    newest = max(p.last_published_at for p in documents)
    assert locs[f"{BASE}/van-ban/nam/2025/"].text <= newest.astimezone(VIETNAM).isoformat()
    assert locs[f"{BASE}/van-ban/nam/2025/"].text >= published
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}/sitemap.xml" in robots.splitlines()


def test_json_ld_has_the_right_type_on_each_page_type(site, build_config):
    out = build_config.output_dir
    read = lambda url: (out / url / "index.html").read_text(encoding="utf-8")  # noqa: E731
    law = json_ld(read("van-ban/115-qd-bnv"))
    assert law["Legislation"]["legislationIdentifier"] == "115/QĐ-BNV"
    assert law["Legislation"]["legislationDate"] == "2025-02-10"
    assert law["Legislation"]["legislationLegalForce"] == "https://schema.org/PartiallyInForce"
    assert law["Legislation"]["legislationPassedBy"]["name"] == "Bộ Nội vụ"
    crumbs = [item["name"] for item in law["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Trang chủ", "Văn bản", site.decision.title]
    news = json_ld(read("tin-tuc/tin-o-tinh"))["NewsArticle"]
    assert news["headline"] == "Tin ở tỉnh" and news["url"] == f"{BASE}/tin-tuc/tin-o-tinh/"
    qa = json_ld(read("hoi-dap/thoi-han-giai-quyet"))["QAPage"]
    assert qa["mainEntity"]["acceptedAnswer"]["text"].strip() == "Thời hạn theo quy định của từng thủ tục."
    assert json_ld(read("van-ban"))["CollectionPage"]["url"] == f"{BASE}/van-ban/"
    assert "SearchAction" in json.dumps(json_ld((out / "index.html").read_text(encoding="utf-8"))["WebSite"])
    browse = json_ld(read("van-ban/loai/quyet-dinh"))
    assert [i["name"] for i in browse["BreadcrumbList"]["itemListElement"]][-2:] == [
        "Loại văn bản",
        "Quyết định",
    ]


def test_json_ld_cannot_close_its_script_element(site, build_config):
    page = (build_config.output_dir / "van-ban/2-2025-tt-bnv/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page
    law = json_ld(page)["Legislation"]
    assert law["name"] == "</script><script>alert(1)</script> Thông tư"


def test_every_page_has_canonical_and_open_graph(site, build_config):
    for name, page in html_files(build_config.output_dir).items():
        if name == "404.html":
            continue
        url = BASE + "/" + name.removesuffix("index.html")
        assert f'<link rel="canonical" href="{url}">' in page, name
        assert f'<meta property="og:url" content="{url}">' in page, name
        assert (
            '<meta property="og:title" content="' in page
            and '<meta property="og:locale" content="vi_VN">' in page
        )
    article = (build_config.output_dir / "tin-tuc/tin-o-tinh/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:type" content="article">' in article


def test_assets_are_hashed_and_served_from_the_site_itself(site, build_config):
    out = build_config.output_dir
    css = list((out / "theme/css").glob("site.*.css"))
    assert len(css) == 1 and re.fullmatch(r"site\.[0-9a-f]{10}\.css", css[0].name)
    assert css[0].name.split(".")[1] == hashlib.sha256(css[0].read_bytes()).hexdigest()[:10]
    for name, page in html_files(out).items():
        refs = re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"', page)
        refs += re.findall(r'<script src="([^"]+)"', page)
        assert refs and all(HASHED.match(ref) for ref in refs), (name, refs)
        assert all((out / ref.lstrip("/")).is_file() for ref in refs)
        tags = re.findall(r"<(?:link|script|img|source|iframe)\b[^>]*>", page)
        foreign = [t for t in tags if re.search(r'(?:src|href)="(?:https?:)?//', t) and "alternate" not in t]
        assert [t for t in foreign if 'rel="canonical"' not in t] == [], name
    assert re.search(
        r'<script src="/theme/js/search\.[0-9a-f]{10}\.js" defer>', html_files(out)["tim-kiem/index.html"]
    )
    fonts = re.findall(r'url\("([^"]+)"\)', css[0].read_text(encoding="utf-8"))
    assert len(fonts) == 6 and all(re.search(r"\.[0-9a-f]{10}\.woff2$", f) for f in fonts)
    assert all((css[0].parent / font).resolve().is_file() for font in fonts)
    assert any("vietnamese" in font for font in fonts)
    text = css[0].read_text(encoding="utf-8")
    assert "@import" not in text and not [u for u in re.findall(r"url\(([^)]*)\)", text) if "//" in u]


def test_stylesheet_has_a_print_version(site, build_config):
    css = next((build_config.output_dir / "theme/css").glob("site.*.css")).read_text(encoding="utf-8")
    printing = css[css.index("@media print") :]
    for hidden in (".site-nav", ".site-search", "form"):
        assert hidden in printing[: printing.index("display: none")]
    assert 'content: " (" attr(href) ")"' in printing and "color: #000" in printing
