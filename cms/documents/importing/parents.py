"""Find (or make) the DocumentIndexPage that new documents go under."""

from django.db import transaction
from wagtail.models import Page, Site

from cms.core.services import home_page_ensure
from cms.documents.importing.reading import ImportAborted
from cms.documents.models import DocumentIndexPage

DEFAULT_TITLE = "Cơ sở dữ liệu văn bản"
DEFAULT_SLUG = "van-ban"


def document_index_resolve(spec: str | None, *, create: bool) -> DocumentIndexPage | None:
    """--parent as a page id or URL path (/van-ban/); by default the first document index, made if none.

    Returns None only when there is no index yet and create is False (a dry run).
    """
    if spec:
        return _from_spec(spec.strip())
    found = DocumentIndexPage.objects.order_by("path").first()
    if found is not None or not create:
        return found
    return _default_create()


def _from_spec(spec: str) -> DocumentIndexPage:
    page = Page.objects.filter(pk=int(spec)).first() if spec.isdigit() else _by_url_path(spec)
    if page is None:
        raise ImportAborted(
            f"Không tìm thấy trang cha «{spec}» (--parent nhận id trang hoặc đường dẫn /van-ban/)."
        )
    page = page.specific
    if not isinstance(page, DocumentIndexPage):
        raise ImportAborted(
            f"Trang «{page.title}» ({spec}) không phải trang Cơ sở dữ liệu văn bản (DocumentIndexPage)."
        )
    return page


def _by_url_path(spec: str) -> Page | None:
    path = "/" + spec.strip("/") + "/"
    candidates = [path]
    for site in Site.objects.select_related("root_page").order_by("-is_default_site"):
        candidates.insert(-1, site.root_page.url_path.rstrip("/") + path)
    pages = {p.url_path: p for p in Page.objects.filter(url_path__in=candidates)}
    return next((pages[c] for c in candidates if c in pages), None)


@transaction.atomic
def _default_create() -> DocumentIndexPage:
    home = home_page_ensure()
    if home.get_children().filter(slug=DEFAULT_SLUG).exists():
        raise ImportAborted(
            f"Trang chủ đã có trang con «{DEFAULT_SLUG}» không phải Cơ sở dữ liệu văn bản; "
            "hãy chỉ rõ --parent."
        )
    index = home.add_child(instance=DocumentIndexPage(title=DEFAULT_TITLE, slug=DEFAULT_SLUG))
    index.save_revision().publish()
    return index
