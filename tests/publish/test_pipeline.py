"""export → render → index, run for real into a temporary folder."""

import json
from collections import Counter

import pytest
from whoosh import index as whoosh_index

from cms.consultations.models import ConsultationPage
from cms.core.models import StandardPage
from cms.documents.models import LegalDocumentPage
from cms.news.models import NewsArticlePage
from cms.publish import export, index, render
from cms.qa.models import Question, QuestionPage
from cms.search.query import site_search


@pytest.mark.django_db
def test_export_writes_published_news_as_markdown(demo_content, build_config):
    result = export.run(build_config)
    files = sorted((build_config.content_dir / "tin-tuc").glob("*.md"))
    pages = sorted((build_config.content_dir / "trang").rglob("*.md"))
    assert len(files) == NewsArticlePage.objects.live().count() >= 3
    assert result.written == len(files) + len(pages)
    for path in files:
        text = path.read_text(encoding="utf-8")
        header = dict(line.split(": ", 1) for line in text.split("\n\n", 1)[0].splitlines())
        assert {"Title", "Date", "Slug", "Category", "Summary", "Data"} <= header.keys()
        # The category is the section the article sits in, however deep.
        article = NewsArticlePage.objects.get(slug=header["Slug"])
        assert header["Category"] == article.get_parent().title


@pytest.mark.django_db
def test_export_is_incremental_and_removes_unpublished(demo_content, build_config):
    export.run(build_config)
    again = export.run(build_config)
    assert again.written == 0 and again.unchanged > 0
    page = NewsArticlePage.objects.live().first()
    page.unpublish()
    after = export.run(build_config)
    assert after.removed == 1
    assert not (build_config.content_dir / "tin-tuc" / f"{page.slug}.md").exists()


@pytest.mark.django_db
def test_drafts_and_citizen_data_never_reach_content(demo_content, build_config):
    from cms.core.models import SectionPage

    section = SectionPage.objects.get(slug="tin-tuc")
    section.add_child(
        instance=NewsArticlePage(title="Bản nháp chưa duyệt", slug="ban-nhap", body="x", live=False)
    )
    Question.objects.create(
        client_key="8b1e7bd0-5f8e-4a4e-9f3c-1f0d5b9c2a11", body="Câu hỏi riêng", email="dan@x.vn"
    )
    export.run(build_config)
    everything = "".join(p.read_text(encoding="utf-8") for p in build_config.content_dir.rglob("*.md"))
    assert "Bản nháp chưa duyệt" not in everything
    assert "dan@x.vn" not in everything and "Câu hỏi riêng" not in everything


@pytest.mark.django_db
def test_render_builds_pages_and_manifest(demo_content, build_config):
    export.run(build_config)
    result = render.run(build_config)
    out = build_config.output_dir
    assert (out / "index.html").exists() and (out / "tim-kiem" / "index.html").exists()
    assert (out / "hoi-dap" / "gui-cau-hoi" / "index.html").exists()
    page = NewsArticlePage.objects.live().first()
    html = (out / "tin-tuc" / page.slug / "index.html").read_text(encoding="utf-8")
    assert page.title in html
    assert 'lang="vi"' in html
    assert 'name="cchc-api-base" content="http://127.0.0.1:8000"' in html
    records = [
        json.loads(line) for line in build_config.manifest_path.read_text(encoding="utf-8").splitlines()
    ]
    # Every searchable page, and no listing page: news, documents, consultations, Q&A, information pages.
    by_type = Counter(r["type"] for r in records)
    assert by_type == {
        "news": NewsArticlePage.objects.live().count(),
        "document": LegalDocumentPage.objects.live().count(),
        "consultation": ConsultationPage.objects.live().count(),
        "question": QuestionPage.objects.live().count(),
        "page": StandardPage.objects.live().count(),
    }
    news = {r["url"] for r in records if r["type"] == "news"}
    assert news == {f"/tin-tuc/{p.slug}/" for p in NewsArticlePage.objects.live()}
    document = next(r for r in records if r["number"] == "876/QĐ-BNV")
    assert document["kind"] == [["quyet-dinh", "Quyết định"]] and document["year"] == [["2022", "2022"]]
    assert document["status"] and document["issuer"][0][1] == "Bộ Nội vụ"
    assert result.files > len(records)


@pytest.mark.django_db
def test_titles_are_escaped_in_html(demo_content, build_config):
    page = NewsArticlePage.objects.live().first()
    page.title = "Tiêu đề <b>in đậm</b> & ký hiệu"
    page.save_revision().publish()
    export.run(build_config)
    render.run(build_config)
    html = (build_config.output_dir / "tin-tuc" / page.slug / "index.html").read_text(encoding="utf-8")
    assert "<b>in đậm</b>" not in html
    assert "&lt;b&gt;in đậm&lt;/b&gt;" in html


@pytest.mark.django_db
def test_index_swaps_in_a_new_index_atomically(demo_content, build_config):
    export.run(build_config)
    render.run(build_config)
    first = index.run(build_config)
    link = build_config.search_index_dir
    assert link.is_symlink() and whoosh_index.exists_in(str(link))
    before = link.resolve()
    second = index.run(build_config)
    assert link.resolve() != before
    records = build_config.manifest_path.read_text(encoding="utf-8").splitlines()
    assert first.documents == second.documents == len(records) > NewsArticlePage.objects.live().count()
    hits = site_search(index_dir=link, q="cai cach hanh chinh").hits
    assert hits and any("cải cách hành chính" in h.title.lower() for h in hits)


def test_index_without_render_is_a_clear_error(build_config):
    from cms.publish.config import BuildError

    with pytest.raises(BuildError, match="render"):
        index.run(build_config)
