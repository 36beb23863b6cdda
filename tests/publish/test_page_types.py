"""Each page type through export and render: files, metadata, relations, anchors, no personal data."""

import json
import re
from pathlib import Path

import pytest
from pelican.settings import read_settings

from cms.consultations.models import ConsultationStatus
from cms.documents.models import ValidityStatus
from cms.documents.models.pages import Scope
from cms.publish import export, render
from cms.publish.config import ROOT
from tests.publish import sample

pytestmark = pytest.mark.django_db


def header(path: Path) -> dict[str, str]:
    head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def data(path: Path) -> dict:
    return json.loads(header(path)["Data"])


def html(config, url: str) -> str:
    return (config.output_dir / url.strip("/") / "index.html").read_text(encoding="utf-8")


def section(page: str, heading_id: str) -> str:
    """The <section> labelled by heading_id."""
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def site(build_config):
    pages = sample.build()
    export.run(build_config)
    render.run(build_config)
    return pages


def test_each_page_type_gets_its_file_and_template(site, build_config):
    content = build_config.content_dir
    expected = {
        "trang/gioi-thieu.md": "standard",
        "trang/tin-tuc.md": "section",
        "trang/tin-tuc/tin-dia-phuong.md": "section",
        "trang/van-ban.md": "document_index",
        "trang/van-ban/115-qd-bnv.md": "document",
        "trang/van-ban/2-2025-tt-bnv.md": "document",
        "trang/lay-y-kien-du-thao.md": "section",
        "trang/lay-y-kien-du-thao/du-thao-quy-che.md": "consultation",
        "trang/hoi-dap.md": "question_index",
        "trang/hoi-dap/thoi-han-giai-quyet.md": "question",
    }
    for rel, template in expected.items():
        meta = header(content / rel)
        url = rel.removeprefix("trang/").removesuffix(".md") + "/"
        assert (meta["Template"], meta["Url"], meta["Save_as"]) == (template, url, f"{url}index.html")
        assert (build_config.output_dir / url / "index.html").exists()
    assert sorted(p.relative_to(content).as_posix() for p in content.glob("trang/**/*.md")) == sorted(
        expected
    )


def test_news_keep_their_url_and_take_the_nearest_section_as_category(site, build_config):
    meta = header(build_config.content_dir / "tin-tuc" / "tin-o-tinh.md")
    assert meta["Category"] == "Tin địa phương"
    page = html(build_config, "/tin-tuc/tin-o-tinh/")
    assert 'href="/chuyen-muc/tin-dia-phuong/"' in page
    for section_url in ("/tin-tuc/tin-dia-phuong/", "/tin-tuc/"):
        assert 'href="/tin-tuc/tin-o-tinh/"' in html(build_config, section_url)


def test_document_page_has_the_vbpl_metadata_table(site, build_config):
    page = html(build_config, "/van-ban/115-qd-bnv/")
    table = page[page.index('<table class="doc-meta">') : page.index("</table>")]
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td>(.*?)</td>', table, re.S)
    assert [label for label, _ in rows] == [
        "Số ký hiệu",
        "Loại văn bản",
        "Cơ quan ban hành",
        "Người ký",
        "Ngày ban hành",
        "Ngày có hiệu lực",
        "Ngày hết hiệu lực",
        "Tình trạng hiệu lực",
        "Lĩnh vực",
        "Phạm vi",
    ]
    values = dict(rows)
    assert values["Số ký hiệu"] == "115/QĐ-BNV"
    assert values["Người ký"].strip() == "Phạm Thị Thanh Trà (Bộ trưởng)"
    assert '<time datetime="2025-02-10">10/02/2025</time>' in values["Ngày ban hành"]
    assert values["Tình trạng hiệu lực"] == "Hết hiệu lực một phần"
    assert values["Lĩnh vực"].strip() == "Cải cách thủ tục hành chính"
    assert "&lt;Kế hoạch&gt;" in section(page, "vb-toan-van")


def test_relations_show_both_ways_with_inverse_labels(site, build_config):
    decision = section(html(build_config, "/van-ban/115-qd-bnv/"), "vb-lien-quan")
    assert "Được hướng dẫn bởi" in decision
    assert (
        '<a href="/van-ban/2-2025-tt-bnv/">2/2025/TT-BNV – Thông tư hướng dẫn Quyết định 115</a>' in decision
    )
    assert "(Điều 3)" in decision
    circular = section(html(build_config, "/van-ban/2-2025-tt-bnv/"), "vb-lien-quan")
    assert '<h3 class="related__label">Hướng dẫn</h3>' in circular
    assert 'href="/van-ban/115-qd-bnv/"' in circular


def test_validity_history_and_original_files(site, build_config):
    page = html(build_config, "/van-ban/115-qd-bnv/")
    history = section(page, "vb-lich-su")
    assert re.findall(r"<th scope=\"col\">([^<]+)</th>", history) == ["Ngày", "Tình trạng", "Ghi chú"]
    assert history.index("Ban hành") < history.index("Điều 3 được sửa đổi")
    files = section(page, "vb-tep-goc")
    href = f"/tep/{site.pdf.id}/{Path(site.pdf.file.name).name}"
    assert f'<a href="{href}">Quyết định 115 (bản ký)</a>' in files
    assert (build_config.output_dir / href.strip("/")).read_bytes() == b"%PDF-1.4 ban goc"


def test_consultation_articles_are_anchored_by_block_id(site, build_config):
    page = html(build_config, "/lay-y-kien-du-thao/du-thao-quy-che/")
    toc = page[page.index('<nav class="toc"') : page.index("</nav>", page.index('<nav class="toc"'))]
    for block_id in (sample.CHAPTER_ID, *sample.ARTICLE_IDS):
        assert f'href="#{block_id}"' in toc
        assert page.count(f'id="{block_id}"') == 1
    assert f'<li id="{sample.ARTICLE_IDS[0]}-k2">' in page
    assert "Việc công bố &lt;kết quả&gt;." in page
    assert "Cơ quan chủ trì soạn thảo</dt><dd>Bộ Nội vụ" in page
    assert 'class="badge badge--da-ket-thuc">Đã kết thúc' in page
    assert "Kết luận: đã tiếp thu 12 ý kiến." in section(page, "dt-bao-cao")
    assert f'href="/tep/{site.pdf.id}/{Path(site.pdf.file.name).name}"' in section(page, "dt-tep")


def test_open_consultation_keeps_its_outcome_report_back(build_config):
    sample.build(consultation_closed=False)
    export.run(build_config)
    render.run(build_config)
    text = (build_config.content_dir / "trang/lay-y-kien-du-thao/du-thao-quy-che.md").read_text(
        encoding="utf-8"
    )
    assert (
        data(build_config.content_dir / "trang/lay-y-kien-du-thao/du-thao-quy-che.md")["outcome_report"] == ""
    )
    assert "Kết luận" not in text
    page = html(build_config, "/lay-y-kien-du-thao/du-thao-quy-che/")
    assert "Đang lấy ý kiến" in page and "dt-bao-cao" not in page
    listing = html(build_config, "/lay-y-kien-du-thao/")
    assert (
        'class="badge badge--dang-lay-y-kien"' in listing
        and 'href="/lay-y-kien-du-thao/du-thao-quy-che/"' in listing
    )


def test_document_listing_is_a_table_newest_first(site, build_config):
    page = html(build_config, "/van-ban/")
    assert re.findall(r'<th scope="col">([^<]+)</th>', page) == [
        "Số ký hiệu",
        "Ngày ban hành",
        "Trích yếu",
        "Tình trạng",
    ]
    assert page.index("2/2025/TT-BNV") < page.index("115/QĐ-BNV")
    assert 'href="/van-ban/115-qd-bnv/"' in page


def test_question_listing_page_and_ask_form(site, build_config):
    listing = html(build_config, "/hoi-dap/")
    assert 'href="/hoi-dap/thoi-han-giai-quyet/"' in listing and 'href="/hoi-dap/gui-cau-hoi/"' in listing
    page = html(build_config, "/hoi-dap/thoi-han-giai-quyet/")
    assert "Thời hạn theo quy định của từng thủ tục." in section(page, "hd-tra-loi")
    assert "Thành phố Hà Nội" in page and "Bộ Nội vụ" in page
    assert (build_config.output_dir / "hoi-dap" / "gui-cau-hoi" / "index.html").exists()


def test_no_personal_data_of_the_asker_reaches_content_or_site(site, build_config):
    everything = "".join(
        p.read_text(encoding="utf-8")
        for folder in (build_config.content_dir, build_config.output_dir)
        for p in folder.rglob("*")
        if p.suffix in {".md", ".html"}
    )
    assert "source_question" not in everything
    for value in sample.ASKER.values():
        assert value not in everything
    question = data(build_config.content_dir / "trang/hoi-dap/thoi-han-giai-quyet.md")
    assert set(question) == {
        *("type", "id", "parent", "breadcrumbs", "summary", "modified", "question", "topic"),
        *("asker_province", "asked_on", "answering_unit", "answered_on"),
    }


def test_user_text_is_escaped_everywhere(build_config):
    pages = sample.build()
    pages.circular.title = "<script>alert(1)</script> Thông tư"
    pages.circular.body = "<p>Gõ &lt;script&gt;alert(2)&lt;/script&gt; vào nội dung</p>"
    pages.circular.save_revision().publish()
    export.run(build_config)
    render.run(build_config)
    for url in ("/van-ban/2-2025-tt-bnv/", "/van-ban/115-qd-bnv/", "/van-ban/"):
        page = html(build_config, url)
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Thông tư" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html(build_config, "/van-ban/2-2025-tt-bnv/")


def test_menu_links_lead_to_pages(site, build_config):
    settings = read_settings(str(ROOT / "site" / "pelicanconf.py"))
    for title, link in settings["MENUITEMS"]:
        assert (build_config.output_dir / link.strip("/") / "index.html").exists(), title


def test_unpublishing_removes_the_page_and_its_links(site, build_config):
    again = export.run(build_config)
    assert again.written == 0 and again.removed == 0
    site.circular.unpublish()
    after = export.run(build_config)
    assert after.removed == 1
    assert not (build_config.content_dir / "trang/van-ban/2-2025-tt-bnv.md").exists()
    assert data(build_config.content_dir / "trang/van-ban/115-qd-bnv.md")["related"] == []


def test_a_news_slug_taken_by_a_section_gets_the_id(site, build_config):
    clash = sample.NewsArticlePage(title="Trùng địa chỉ", slug="tin-dia-phuong", body="<p>x</p>")
    sample.publish(site.news.get_parent(), clash)
    export.run(build_config)
    assert (build_config.content_dir / "tin-tuc" / f"tin-dia-phuong-{clash.id}.md").exists()
    assert header(build_config.content_dir / "trang/tin-tuc/tin-dia-phuong.md")["Template"] == "section"


def test_choice_labels_come_from_the_models(client):
    """Export shows the models' own labels, carried by the API next to each value."""
    pages = sample.build()
    document = client.get(f"/api/v2/pages/{pages.decision.pk}/").json()
    assert document["status_label"] == dict(ValidityStatus.choices)[document["status"]]
    assert document["scope_label"] == dict(Scope.choices)[document["scope"]]
    assert [e["status_label"] for e in document["validity_history"]] == [
        dict(ValidityStatus.choices)[e["status"]] for e in document["validity_history"]
    ]
    consultation = client.get(f"/api/v2/pages/{pages.consultation.pk}/").json()
    assert consultation["status_label"] == dict(ConsultationStatus.choices)[consultation["status"]]


def test_rich_text_links_point_at_static_urls(build_config):
    pages = sample.build()
    hidden = sample.publish(pages.home, sample.StandardPage(title="Ẩn", slug="an", body="<p>x</p>"))
    hidden.unpublish()
    pages.standard.body = (
        f'<p><a linktype="page" id="{pages.circular.id}">Thông tư</a>, '
        f'<a linktype="page" id="{pages.news.id}">tin</a>, '
        f'<a linktype="document" id="{pages.pdf.id}">bản gốc</a> và '
        f'<a linktype="page" id="{hidden.id}">trang đã gỡ</a>.</p>'
    )
    pages.standard.save_revision().publish()
    export.run(build_config)
    render.run(build_config)
    page = html(build_config, "/gioi-thieu/")
    assert '<a href="/van-ban/2-2025-tt-bnv/">Thông tư</a>' in page
    assert '<a href="/tin-tuc/tin-o-tinh/">tin</a>' in page
    assert f'<a href="/tep/{pages.pdf.id}/{Path(pages.pdf.file.name).name}">bản gốc</a>' in page
    assert "và trang đã gỡ." in page and "wagtail://" not in page


def test_a_page_on_a_url_of_the_static_site_is_left_out(build_config):
    pages = sample.build()
    sample.publish(
        pages.home, sample.StandardPage(title="Trùng trang tìm kiếm", slug="tim-kiem", body="<p>x</p>")
    )
    export.run(build_config)
    render.run(build_config)
    assert not (build_config.content_dir / "trang" / "tim-kiem.md").exists()
    assert 'id="search-form"' in html(build_config, "/tim-kiem/")
