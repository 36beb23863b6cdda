"""Which pages the public site has, where they sit and when each was last published.

Export compares this index with the previous export's to fetch only what changed. Next to the CMS
(the usual case) it is one database query; against a CMS on another host it walks Wagtail's API.
Both give the same entries: a page is on the site when it is live, public and reachable from the
home page through live container pages (sections, the document index, the question index).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from cms.publish.config import BuildError
from cms.publish.pagefile import CONTAINER_TYPES, NEWS_DIR, NEWS_TYPE, RESERVED_PATHS, Place
from cms.publish.progress import say
from cms.publish.sources import InProcessTransport, Transport, published_pages


@dataclass(frozen=True)
class Entry:
    id: int
    type: str  # "app_label.ModelName", as the API names it
    title: str
    slug: str
    place: Place
    published: str  # last_published_at, ISO 8601 ("" when unknown)


@dataclass(frozen=True)
class SiteIndex:
    entries: dict[int, Entry]
    news_slugs: dict[int, str]

    def paths(self) -> dict[int, str]:
        """Static URL path (no leading slash) of every page."""
        found = {page_id: entry.place.path for page_id, entry in self.entries.items()}
        found.update({page_id: f"{NEWS_DIR}/{slug}/" for page_id, slug in self.news_slugs.items()})
        return found


@dataclass(frozen=True)
class _Row:
    id: int
    parent: int
    type: str
    title: str
    slug: str
    published: str


def _place_rows(home_ids: Iterable[int], rows: Iterable[_Row], *, quiet: bool) -> dict[int, Entry]:
    """Rows in tree order (parents first) → entries below the home pages, as the walk would find them."""
    places: dict[int, tuple[Place, str, str]] = {home: (Place(""), "", "core.HomePage") for home in home_ids}
    entries: dict[int, Entry] = {}
    for row in rows:
        parent = places.get(row.parent)
        if parent is None or parent[2] not in CONTAINER_TYPES:
            continue  # below an unpublished or non-container page: not on the site
        parent_place, parent_title, _ = parent
        parents = (*parent_place.parents, (parent_title, parent_place.path)) if parent_place.path else ()
        place = Place(f"{parent_place.path}{row.slug}/", parents)
        if row.type != NEWS_TYPE and place.path.startswith(RESERVED_PATHS):
            say(f"Bỏ qua trang «{row.title}»: địa chỉ /{place.path} dành cho trang tĩnh.", quiet=quiet)
            continue
        places[row.id] = (place, row.title, row.type)
        entries[row.id] = Entry(row.id, row.type, row.title, row.slug, place, row.published)
    return entries


def _rows_from_database() -> tuple[list[int], list[_Row]]:
    from django.apps import apps
    from wagtail.models import Page

    from cms.core.models import HomePage

    homes = list(HomePage.objects.live().public().values_list("id", "path"))
    if not homes:
        return [], []
    names = {}
    pages = Page.objects.live().public().filter(depth__gt=min(len(p) for _, p in homes) // Page.steplen)
    by_path: dict[str, int] = {path: page_id for page_id, path in homes}
    rows = []
    fields = ("id", "path", "title", "slug", "content_type__app_label", "content_type__model")
    for values in pages.order_by("path").values_list(*fields, "last_published_at"):
        page_id, path, title, slug, app_label, model, published = values
        by_path[path] = page_id
        parent = by_path.get(path[: -Page.steplen])
        if parent is None:
            continue
        if (app_label, model) not in names:
            names[(app_label, model)] = f"{app_label}.{apps.get_model(app_label, model).__name__}"
        rows.append(
            _Row(
                page_id,
                parent,
                names[(app_label, model)],
                title,
                slug,
                published.isoformat() if published else "",
            )
        )
    return [page_id for page_id, _ in homes], rows


def _rows_from_api(transport: Transport) -> tuple[list[int], list[_Row]]:
    homes = [home["id"] for home in published_pages(transport, "core.HomePage", fields="title")]
    rows, stack = [], list(homes)
    while stack:
        parent = stack.pop()
        children = published_pages(
            transport, "wagtailcore.Page", fields="title,last_published_at", child_of=str(parent)
        )
        for child in children:
            meta = child["meta"]
            rows.append(_Row(child["id"], parent, meta["type"], child["title"], meta["slug"],
                             child.get("last_published_at") or ""))  # fmt: skip
            if meta["type"] in CONTAINER_TYPES:
                stack.append(child["id"])
    return homes, _tree_order(homes, rows)


def _tree_order(homes: list[int], rows: list[_Row]) -> list[_Row]:
    children: dict[int, list[_Row]] = {}
    for row in rows:
        children.setdefault(row.parent, []).append(row)
    ordered, stack = [], [row for home in homes for row in reversed(children.get(home, []))]
    while stack:
        row = stack.pop()
        ordered.append(row)
        stack.extend(reversed(children.get(row.id, [])))
    return ordered


def site_index(transport: Transport, *, quiet: bool) -> SiteIndex:
    try:
        homes, rows = (
            _rows_from_database() if isinstance(transport, InProcessTransport) else _rows_from_api(transport)
        )
    except KeyError as exc:
        raise BuildError(f"API của CMS thiếu trường {exc}: CMS chưa cập nhật?") from exc
    entries = _place_rows(homes, rows, quiet=quiet)
    # News live at /tin-tuc/<slug>/: a slug taken by a page below the "tin-tuc" section gets the id added.
    taken = {
        e.place.path.split("/")[1]
        for e in entries.values()
        if e.type != NEWS_TYPE and e.place.path.startswith(f"{NEWS_DIR}/") and e.place.path.count("/") == 2
    }
    news_slugs: dict[int, str] = {}
    for entry in sorted((e for e in entries.values() if e.type == NEWS_TYPE), key=lambda e: e.id):
        slug = f"{entry.slug}-{entry.id}" if entry.slug in taken else entry.slug
        taken.add(slug)
        news_slugs[entry.id] = slug
    return SiteIndex(entries, news_slugs)
