"""Preview: a page exactly as the static site will show it, through export, Pelican and the theme.

The page being edited (unsaved) is serialized with the serializer Wagtail's pages endpoint builds for
its model (all api_fields, rich text as Markdown), turned into the file export would write, and that
file is rendered by Pelican into a temporary folder with the real settings and theme. A listing (a
section, the document index, the question index, the home page) also needs its published children:
their files are added without their bodies and marked not to be written, and at most LISTING_LIMIT
of them are read (the newest), so a listing of thousands of documents still previews in a second.
The stylesheet is inlined: the admin does not serve the theme's files.
"""

import logging
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from pelican import Pelican

from cms.publish import pagefile, render
from cms.publish.config import ROOT, BuildConfig, BuildError

logger = logging.getLogger(__name__)

THEME_CSS = ROOT / "themes" / "cchc" / "static" / "css" / "site.css"
# A section and the home page list their latest ten news (section.html, index.html's first page).
LATEST_NEWS = 10
LISTING_LIMIT = 200
# A listing shows none of its children's long fields: leave them out of the children's files.
LISTED_ONLY = (
    "body",
    "introduction",
    "answer",
    "outcome_report",
    "draft",
    "relations",
    "related_from",
    "outcome_by_article",
)


def api_item(page: Any, request: HttpRequest, *, leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """The page as GET /api/v2/pages/?type=…&fields=* gives it, with rich text as export asks for it."""
    from wagtail.api.v2.views import PagesAPIViewSet

    from cms.urls import headless_api

    # detail_url is left out: an unsaved page has no id to reverse, and export does not use it.
    available = PagesAPIViewSet.get_available_fields(type(page))
    skipped = [name for name in ("detail_url", *leave_out) if name in available]
    fields = [("*", False, None), *((name, True, None) for name in skipped)]
    serializer_class = PagesAPIViewSet._get_serializer_class(headless_api, type(page), fields)
    context = {
        "request": request,
        "view": PagesAPIViewSet(),
        "router": headless_api,
        "_wagtail_rich_text_format": pagefile.RICH_TEXT_FORMAT,
    }
    return serializer_class(context=context).to_representation(page)


def _home() -> Any:
    from cms.core.models import HomePage

    return HomePage.objects.only("depth", "url_path").first()


def place_of(page: Any, home: Any) -> pagefile.Place:
    """Where the page sits, from the tree (a headless Wagtail has no page URLs of its own)."""
    parents: list[tuple[str, str]] = []
    path = ""
    for ancestor in page.get_parent().get_ancestors(inclusive=True).filter(depth__gt=home.depth):
        path = f"{path}{ancestor.slug}/"
        parents.append((ancestor.title, path))
    return pagefile.Place(path=f"{path}{page.slug}/", parents=tuple(parents))


def _links(items: Iterable[Mapping[str, Any]], home: Any) -> pagefile.Links:
    """Static URLs of the live pages the items link to; documents at the CMS's own URL."""
    from wagtail.documents import get_document_model
    from wagtail.models import Page

    from cms.news.models import NewsArticlePage

    page_ids: set[int] = set()
    doc_ids: set[int] = set()
    for item in items:
        refs = pagefile.rich_text_references(item)
        page_ids |= refs["page"]
        doc_ids |= refs["document"] | {doc["id"] for doc in pagefile.attached_documents(item)}
        page_ids |= {
            rel["document"]["id"] for rel in (item.get("relations") or []) + (item.get("related_from") or [])
        }
    pages = {}
    for page in Page.objects.filter(id__in=page_ids).live().public():
        is_news = page.specific_class is NewsArticlePage
        pages[page.id] = (
            f"{pagefile.NEWS_DIR}/{page.slug}/" if is_news else page.url_path.removeprefix(home.url_path)
        )
    documents = {d.id: d.url for d in get_document_model().objects.filter(id__in=doc_ids)}
    return pagefile.Links(pages=pages, documents=documents)


def _children(page: Any) -> tuple[list[Any], list[Any]]:
    """(children listed under page, news listed on it), both published, newest first."""
    from cms.core.models import HomePage, SectionPage
    from cms.documents.models import DocumentIndexPage, LegalDocumentPage
    from cms.news.models import NewsArticlePage
    from cms.qa.models import QuestionIndexPage, QuestionPage

    news = NewsArticlePage.objects.live().public().order_by("-date", "-id")
    if isinstance(page, HomePage):
        return [], list(news[:LATEST_NEWS])
    if page.pk is None:
        return [], []
    if isinstance(page, DocumentIndexPage):
        children = LegalDocumentPage.objects.child_of(page).order_by("-issued_on", "-id")
    elif isinstance(page, QuestionIndexPage):
        children = QuestionPage.objects.child_of(page).order_by("-answered_on", "-id")
    elif isinstance(page, SectionPage):
        others = page.get_children().not_type(NewsArticlePage).live().public().specific()
        return list(others[:LISTING_LIMIT]), list(news.descendant_of(page)[:LATEST_NEWS])
    else:
        return [], []
    return list(children.live().public()[:LISTING_LIMIT]), []


def _listed_only(text: str) -> str:
    """A child's file as a listing reads it: an empty Save_as tells Pelican not to write its page."""
    head, body = text.split("\n\n", 1)
    lines = [line for line in head.splitlines() if not line.startswith("Save_as: ")]
    return "\n".join([*lines, "Save_as:"]) + "\n\n" + body


def preview_files(page: Any, request: HttpRequest) -> tuple[dict[str, str], str]:
    """(content files, output path) to preview page: its own file, and its listing's files."""
    from cms.core.models import HomePage
    from cms.news.models import NewsArticlePage

    home = _home()
    children, news = _children(page)
    entries: list[tuple[dict[str, Any], pagefile.Place]] = []
    if isinstance(page, HomePage):
        output = "index.html"
    else:
        place = place_of(page, home)
        below = (*place.parents, (page.title, place.path))
        entries.append((api_item(page, request), place))
        entries += [
            (
                api_item(child, request, leave_out=LISTED_ONLY),
                pagefile.Place(f"{place.path}{child.slug}/", below),
            )
            for child in children
        ]
        is_news = isinstance(page, NewsArticlePage)
        output = f"{pagefile.NEWS_DIR}/{page.slug}/index.html" if is_news else f"{place.path}index.html"
    entries += [
        (api_item(article, request, leave_out=LISTED_ONLY), place_of(article, home)) for article in news
    ]
    links = _links((item for item, _ in entries), home)
    files = [pagefile.page_file(item, place, links) for item, place in entries]
    first_listed = 0 if isinstance(page, HomePage) else 1
    files[first_listed:] = [(rel, _listed_only(text)) for rel, text in files[first_listed:]]
    return dict(files), output


def render_files(files: Mapping[str, str], output: str) -> str:
    """Render content files with Pelican, the real settings and theme; return one page's HTML."""
    with tempfile.TemporaryDirectory(prefix="cchc-preview-") as tmp:
        root = Path(tmp)
        config = BuildConfig(
            content_dir=root / "content", output_dir=root / "output", var_dir=root / "var", quiet=True
        )
        for rel, text in files.items():
            path = config.content_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        settings = render.pelican_settings(
            config,
            overrides={
                "DIRECT_TEMPLATES": ["index"] if output == "index.html" else [],
                "CATEGORY_SAVE_AS": "",
                "THEME_STATIC_PATHS": [],
                "STATIC_PATHS": [],
                "THEME_INLINE_CSS": THEME_CSS.read_text(encoding="utf-8"),
            },
        )
        with render.quiet_pelican():
            Pelican(settings).run()
        target = config.output_dir / output
        if not target.exists():
            raise BuildError(f"Pelican không dựng được trang xem trước {output}")
        return target.read_text(encoding="utf-8")


def page_preview_html(page: Any, request: HttpRequest) -> str:
    """The HTML the static site would show for page, as it stands in the editor's form."""
    started = time.perf_counter()
    files, output = preview_files(page, request)
    html = render_files(files, output)
    logger.info("Xem trước %s: %d tệp, %.0f ms", output, len(files), (time.perf_counter() - started) * 1000)
    return html


def page_preview_response(page: Any, request: HttpRequest) -> HttpResponse:
    return HttpResponse(page_preview_html(page, request), content_type="text/html; charset=utf-8")
