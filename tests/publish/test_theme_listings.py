"""The theme's listings: pagination with rel=prev/next, document browse pages, Atom and RSS feeds."""

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses only what this build wrote
from dataclasses import replace
from datetime import date

import pytest

from cms.publish import export, render
from cms.publish.config import ROOT
from tests.publish import sample

pytestmark = pytest.mark.django_db


def parse_xml(path):
    return ET.parse(path).getroot()  # noqa: S314 - a file this build wrote


ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def html(config, url: str) -> str:
    return (config.output_dir / url.strip("/") / "index.html").read_text(encoding="utf-8")


def main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def head(page: str) -> str:
    return page[: page.index("</head>")]


def one_per_page(tmp_path, config):
    """Settings that put one item on each listing page, so two items make two pages."""
    conf = tmp_path / "one_per_page.py"
    conf.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'site')!r})\n"
        "from pelicanconf import *\n"
        "PAGINATED_TEMPLATES = {key: 1 for key in PAGINATED_TEMPLATES}\n",
        encoding="utf-8",
    )
    return replace(config, pelican_settings=conf)


@pytest.fixture
def site(build_config):
    pages = sample.build()
    export.run(build_config)
    render.run(build_config)
    return pages


def test_document_index_is_paginated_with_prev_next(tmp_path, build_config):
    sample.build()
    config = one_per_page(tmp_path, build_config)
    export.run(config)
    render.run(config)
    first, second = html(config, "/van-ban/"), html(config, "/van-ban/trang-2/")
    assert "2/2025/TT-BNV" in main(first) and "115/QĐ-BNV" not in main(first)
    assert "115/QĐ-BNV" in main(second) and "2/2025/TT-BNV" not in main(second)
    assert '<link rel="next" href="/van-ban/trang-2/">' in head(first) and 'rel="prev"' not in head(first)
    assert '<link rel="prev" href="/van-ban/">' in head(second) and 'rel="next"' not in head(second)
    nav = second[second.index('<nav class="pagination" aria-label="Phân trang">') :]
    nav = nav[: nav.index("</nav>")]
    assert '<a href="/van-ban/" rel="prev">Trang trước</a>' in nav
    assert re.search(r'<a href="/van-ban/trang-2/" aria-current="page">.*?2</a>', nav)
    assert "Trang 2 – " in second[: second.index("</title>")]
    assert not (config.output_dir / "van-ban" / "trang-3").exists()
    # Facets only on the first page of the index; each facet value paginates too.
    assert "Tra cứu văn bản theo" in first and "Tra cứu văn bản theo" not in second
    assert (config.output_dir / "van-ban/co-quan/bnv/trang-2/index.html").exists()


def test_section_and_question_listings_are_paginated(tmp_path, build_config):
    pages = sample.build()
    later = sample.NewsArticlePage(
        title="Tin thứ hai", slug="tin-thu-hai", body="<p>x</p>", date=date(2030, 1, 1)
    )
    sample.publish(pages.news.get_parent(), later)
    second = sample.QuestionPage(
        title="Câu hỏi thứ hai?",
        slug="cau-hoi-thu-hai",
        question="Hỏi lần hai về thủ tục.",
        asked_on=date(2025, 5, 1),
        answer="<p>Trả lời.</p>",
        answering_unit=pages.question.answering_unit,
        answered_on=date(2025, 5, 2),
    )
    sample.publish(pages.questions, second)
    config = one_per_page(tmp_path, build_config)
    export.run(config)
    render.run(config)
    for section in ("/tin-tuc/", "/tin-tuc/tin-dia-phuong/"):
        assert 'href="/tin-tuc/tin-thu-hai/"' in main(html(config, section))
        assert 'href="/tin-tuc/tin-o-tinh/"' in main(html(config, section + "trang-2/"))
    assert 'href="/hoi-dap/cau-hoi-thu-hai/"' in main(html(config, "/hoi-dap/"))
    assert 'href="/hoi-dap/thoi-han-giai-quyet/"' in main(html(config, "/hoi-dap/trang-2/"))
    assert '<link rel="prev" href="/hoi-dap/">' in head(html(config, "/hoi-dap/trang-2/"))


def test_browse_pages_list_the_right_documents_with_counts(site, build_config):
    expected = {
        "loai/quyet-dinh": ["115/QĐ-BNV"],
        "loai/thong-tu": ["2/2025/TT-BNV"],
        "co-quan/bnv": ["2/2025/TT-BNV", "115/QĐ-BNV"],
        "nam/2025": ["2/2025/TT-BNV", "115/QĐ-BNV"],
        "linh-vuc/thu-tuc-hanh-chinh": ["115/QĐ-BNV"],
        "hieu-luc/het-hieu-luc-mot-phan": ["115/QĐ-BNV"],
        "hieu-luc/con-hieu-luc": ["2/2025/TT-BNV"],
    }
    for path, numbers in expected.items():
        page = main(html(build_config, f"/van-ban/{path}/"))
        assert re.findall(r'<td class="nowrap">([^<]+)</td>', page) == numbers, path
        assert f"{len(numbers)} văn bản." in page
    kinds = main(html(build_config, "/van-ban/loai/"))
    assert (
        '<a href="/van-ban/loai/quyet-dinh/">Quyết định</a> <span class="facet-list__count">(1 văn bản)'
        in kinds
    )
    overview = main(html(build_config, "/van-ban/"))
    assert (
        '<a href="/van-ban/co-quan/bnv/">Bộ Nội vụ</a> <span class="facet-list__count">(2)</span>' in overview
    )
    assert '<a href="/van-ban/nam/2025/">2025</a> <span class="facet-list__count">(2)</span>' in overview
    for facet in ("loai", "co-quan", "linh-vuc", "nam", "hieu-luc"):
        assert f'href="/van-ban/{facet}/"' in overview
    document = html(build_config, "/van-ban/115-qd-bnv/")
    assert '<a href="/van-ban/loai/quyet-dinh/">Quyết định</a>' in document


def test_feeds_parse_and_carry_the_sections_news(site, build_config):
    out = build_config.output_dir
    for path in ("feeds/tat-ca.atom.xml", "tin-tuc/atom.xml", "tin-tuc/tin-dia-phuong/atom.xml"):
        feed = parse_xml(out / path)
        assert feed.get(XML_LANG) == "vi"
        links = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
        assert links == ["http://127.0.0.1:8080/tin-tuc/tin-o-tinh/"], path
        assert feed.find(f"{ATOM}entry/{ATOM}title").text == "Tin ở tỉnh"
    rss = parse_xml(out / "tin-tuc/tin-dia-phuong/rss.xml")
    assert rss.find("channel/language").text == "vi"
    assert [item.find("link").text for item in rss.iter("item")] == [
        "http://127.0.0.1:8080/tin-tuc/tin-o-tinh/"
    ]
    section = head(html(build_config, "/tin-tuc/tin-dia-phuong/"))
    assert 'type="application/atom+xml" title="Tin địa phương' in section
    assert (
        'href="/tin-tuc/tin-dia-phuong/atom.xml"' in section
        and 'href="/tin-tuc/tin-dia-phuong/rss.xml"' in section
    )
    assert 'href="/feeds/tat-ca.atom.xml"' in head(html(build_config, "/"))
    # A section without news has no feed.
    assert (
        not (out / "hoi-dap" / "atom.xml").exists() and not (out / "lay-y-kien-du-thao" / "atom.xml").exists()
    )


def test_feeds_use_the_public_site_url_in_production(build_config):
    sample.build()
    config = replace(
        build_config, pelican_settings=ROOT / "site" / "publishconf.py", site_url="https://cchc.example.vn"
    )
    export.run(config)
    render.run(config)
    feed = parse_xml(config.output_dir / "feeds" / "tat-ca.atom.xml")
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href") == "https://cchc.example.vn/tin-tuc/tin-o-tinh/"
    assert '<link rel="canonical" href="https://cchc.example.vn/van-ban/">' in html(config, "/van-ban/")


def test_home_page_shows_news_documents_and_open_consultations(build_config):
    sample.build(consultation_closed=False)
    export.run(build_config)
    render.run(build_config)
    home = main((build_config.output_dir / "index.html").read_text(encoding="utf-8"))
    news, documents = home.index('id="tc-tin-moi"'), home.index('id="tc-van-ban"')
    consultations = home.index('id="tc-lay-y-kien"')
    assert 'href="/lay-y-kien-du-thao/du-thao-quy-che/"' in home[consultations:news]
    assert 'href="/tin-tuc/tin-o-tinh/"' in home[news:documents]
    assert home.index("2/2025/TT-BNV", documents) < home.index("115/QĐ-BNV", documents)
    assert not (build_config.output_dir / "trang-2").exists()


def test_not_found_page_offers_search_and_sections(site, build_config):
    page = (build_config.output_dir / "404.html").read_text(encoding="utf-8")
    assert 'role="search"' in page and 'action="/tim-kiem/"' in page
    for link in ("/tin-tuc/", "/van-ban/", "/hoi-dap/gui-cau-hoi/"):
        assert f'href="{link}"' in main(page)
    assert 'rel="canonical"' not in page and '<meta name="robots" content="noindex">' in page
