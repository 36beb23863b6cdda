"""Wagtail's "Xem trước" shows a page as the static site will: same export, Pelican and theme."""

import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import querydict_from_html

from cms.documents.models import DocumentRelation
from cms.publish import export, render
from tests.publish import sample

pytestmark = pytest.mark.django_db
TITLE = "<script>alert(1)</script> Quyết định ban hành Kế hoạch"


def meta_table(html: str) -> str:
    start = html.index('<table class="doc-meta">')
    return html[start : html.index("</table>", start) + len("</table>")]


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("bientap", "b@localhost", "mat-khau-thu-nghiem")
    client.force_login(user)
    return client


@pytest.fixture
def pages():
    return sample.build()


def test_admin_preview_matches_the_static_page_and_escapes(pages, editor_client, build_config):
    export.run(build_config)
    render.run(build_config)
    built = (build_config.output_dir / "van-ban" / "115-qd-bnv" / "index.html").read_text(encoding="utf-8")

    url = f"/admin/pages/{pages.decision.id}/edit/"
    form = querydict_from_html(editor_client.get(url).content.decode(), form_id="page-edit-form")
    form["title"] = TITLE
    posted = editor_client.post(f"{url}preview/", form)
    assert posted.json() == {"is_valid": True, "is_available": True}
    response = editor_client.get(f"{url}preview/")
    assert response.status_code == 200
    html = response.content.decode()

    assert meta_table(html) == meta_table(built)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Quyết định ban hành Kế hoạch" in html
    # The inverse relation and the original file are there too, the file at the CMS's own URL.
    assert '<a href="/van-ban/2-2025-tt-bnv/">2/2025/TT-BNV' in html
    assert f'href="{pages.pdf.url}"' in html
    # The theme's stylesheet is inlined: the admin does not serve /theme/.
    assert "<style>" in html and 'href="/theme/css/site.css"' not in html
    pages.decision.refresh_from_db()
    assert pages.decision.title != TITLE  # previewing saved nothing


def test_preview_of_a_never_published_draft(pages, rf):
    draft = sample.legal_document(
        title=TITLE, slug="du-thao-qd", number="9/QĐ-BNV", issued_on=date(2025, 5, 5), live=False
    )
    draft.relations.add(DocumentRelation(kind="thay-the", target=pages.decision))
    pages.index.add_child(instance=draft)
    draft.save_revision()

    html = draft.serve_preview(rf.get("/"), "").content.decode()

    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td>(.*?)</td>', meta_table(html)))
    assert rows["Số ký hiệu"] == "9/QĐ-BNV"
    assert rows["Ngày ban hành"] == '<time datetime="2025-05-05">05/05/2025</time>'
    assert '<h3 class="related__label">Thay thế</h3>' in html
    assert '<a href="/van-ban/115-qd-bnv/">115/QĐ-BNV' in html
    assert '<li aria-current="page">9/QĐ-BNV</li>' in html


def test_preview_of_a_consultation_anchors_articles(pages, rf):
    html = pages.consultation.serve_preview(rf.get("/"), "").content.decode()
    for block_id in sample.ARTICLE_IDS:
        assert f'id="{block_id}"' in html and f'href="#{block_id}"' in html


def test_preview_of_a_listing_shows_its_published_children(pages, rf):
    html = pages.index.serve_preview(rf.get("/"), "").content.decode()
    assert 'href="/van-ban/115-qd-bnv/"' in html and 'href="/van-ban/2-2025-tt-bnv/"' in html
