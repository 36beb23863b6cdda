"""Export step: every published page from Wagtail's API to Pelican Markdown files in content/.

It walks the tree from the home page, turns each page into its file with cms.publish.pagefile,
copies the original files of documents into content/tep/ (so the static site never depends on the
CMS), rewrites only changed files and removes files of pages no longer published.
"""

import re
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cms.publish.config import BuildConfig, BuildError
from cms.publish.pagefile import (
    CONTAINER_TYPES,
    FILES_DIR,
    NEWS_DIR,
    NEWS_TYPE,
    PAGE_TYPES,
    PAGES_DIR,
    RESERVED_PATHS,
    RICH_TEXT_FORMAT,
    Links,
    Place,
    attached_documents,
    page_file,
    rich_text_references,
)
from cms.publish.progress import say, track
from cms.publish.sources import HttpTransport, InProcessTransport, Transport, published_pages, transport_for


@dataclass(frozen=True)
class ExportResult:
    written: int
    unchanged: int
    removed: int
    files: int = 0

    @property
    def total(self) -> int:
        return self.written + self.unchanged


# --- walking the published site --------------------------------------------------------------


@dataclass
class _Site:
    """Everything published and reachable from the home page, as the API gave it."""

    items: list[dict[str, Any]] = field(default_factory=list)
    places: dict[int, Place] = field(default_factory=dict)
    news_slugs: dict[int, str] = field(default_factory=dict)

    def links(self, documents: Mapping[int, str]) -> Links:
        pages = {page_id: place.path for page_id, place in self.places.items()}
        pages.update({page_id: f"{NEWS_DIR}/{slug}/" for page_id, slug in self.news_slugs.items()})
        return Links(pages=pages, documents=documents)


def _walk(transport: Transport, *, quiet: bool) -> dict[int, tuple[Place, str]]:
    """Place and type of every page reachable from the home page: one API listing per container page."""
    found: dict[int, tuple[Place, str]] = {}
    stack = [
        (home["id"], "", Place("")) for home in published_pages(transport, "core.HomePage", fields="title")
    ]
    while stack:
        parent_id, parent_title, parent = stack.pop()
        parents = (*parent.parents, (parent_title, parent.path)) if parent.path else ()
        for child in published_pages(transport, "wagtailcore.Page", fields="title", child_of=str(parent_id)):
            place, page_type = Place(f"{parent.path}{child['meta']['slug']}/", parents), child["meta"]["type"]
            if page_type != NEWS_TYPE and place.path.startswith(RESERVED_PATHS):
                say(
                    f"Bỏ qua trang «{child['title']}»: địa chỉ /{place.path} dành cho trang tĩnh.",
                    quiet=quiet,
                )
                continue
            found[child["id"]] = (place, page_type)
            if page_type in CONTAINER_TYPES:
                stack.append((child["id"], child["title"], place))
    return found


def _collect(transport: Transport, *, quiet: bool) -> _Site:
    walked = _walk(transport, quiet=quiet)
    site = _Site(places={page_id: place for page_id, (place, _) in walked.items()})
    # News live at /tin-tuc/<slug>/: a slug taken by a page below the "tin-tuc" section gets the id added.
    taken = {
        place.path.split("/")[1]
        for place, page_type in walked.values()
        if page_type != NEWS_TYPE and place.path.startswith(f"{NEWS_DIR}/") and place.path.count("/") == 2
    }
    for page_type in [NEWS_TYPE, *PAGE_TYPES]:
        for item in published_pages(transport, page_type, rich_text_format=RICH_TEXT_FORMAT):
            if item["id"] not in site.places:
                continue  # below an unpublished page: not on the site
            site.items.append(item)
            if page_type == NEWS_TYPE:
                slug = item["meta"]["slug"]
                slug = f"{slug}-{item['id']}" if slug in taken else slug
                taken.add(slug)
                site.news_slugs[item["id"]] = slug
    return site


# --- files of documents ----------------------------------------------------------------------


def _file_name(url: str) -> str:
    name = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
    return re.sub(r"[\\/\x00-\x1f]", "_", name).lstrip(".") or "tep"


def _download(transport: Transport, url: str) -> bytes | None:
    """The bytes of a document the CMS serves at url (Wagtail's /documents/<id>/<name> view).

    None when the CMS does not hand it out to the public (a private collection redirects to a login).
    """
    if isinstance(transport, InProcessTransport):
        response = transport.client.get(urllib.parse.urlsplit(url).path)
        if response.status_code in {301, 302, 401, 403, 404}:
            return None
        if response.status_code != 200:
            raise BuildError(f"CMS trả lời {response.status_code} khi tải tệp {url}")
        return b"".join(response.streaming_content) if response.streaming else response.content
    if isinstance(transport, HttpTransport):
        parts = urllib.parse.urlsplit(url)
        if parts.path.startswith("/documents/"):
            # Served by the CMS itself: the API names it by the Site's host, we reach it at CMS_API_URL.
            url = transport.base_url + urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))
        if not url.startswith(("http://", "https://")):
            raise BuildError(f"Địa chỉ tệp không hợp lệ: {url}")
        try:
            with urllib.request.urlopen(url, timeout=transport.timeout) as response:  # noqa: S310 - checked
                return response.read()
        except OSError as exc:
            raise BuildError(f"Không tải được tệp {url}: {exc}") from exc
    raise BuildError(f"Không tải được tệp qua {type(transport).__name__}")


def _document_sources(transport: Transport, site: _Site) -> dict[int, str]:
    """Document id → its download URL on the CMS, for every document a published page refers to."""
    found: dict[int, str] = {}
    linked: set[int] = set()
    for item in site.items:
        found.update({doc["id"]: doc["meta"]["download_url"] for doc in attached_documents(item)})
        linked |= rich_text_references(item)["document"]
    for doc_id in sorted(linked - found.keys()):
        found[doc_id] = transport.get(f"/api/v2/documents/{doc_id}/", {})["meta"]["download_url"]
    return found


def _copy_documents(config: BuildConfig, transport: Transport, sources: Mapping[int, str]) -> dict[int, Path]:
    """Copy each document to content/tep/<id>/<name>, once: Wagtail gives a replaced file a new name."""
    paths: dict[int, Path] = {}
    for doc_id, source in track(sorted(sources.items()), total=len(sources), label="Tệp", quiet=config.quiet):
        path = config.content_dir / FILES_DIR / str(doc_id) / _file_name(source)
        if not path.exists():
            data = _download(transport, source)
            if data is None:
                say(f"Bỏ qua tệp {source}: CMS không cho tải công khai.", quiet=config.quiet)
                continue
            _write_if_changed(path, data)
        paths[doc_id] = path
    return paths


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def _remove_stale(root: Path, keep: set[Path]) -> int:
    """Delete files under root that this export did not produce, then the folders left empty."""
    if not root.exists():
        return 0
    stale = [p for p in root.rglob("*") if p.is_file() and p not in keep]
    for path in stale:
        path.unlink()
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return len(stale)


def run(config: BuildConfig, transport: Transport | None = None) -> ExportResult:
    """Write every published page to config.content_dir; only changed files are rewritten."""
    transport = transport or transport_for(config)
    site = _collect(transport, quiet=config.quiet)
    copied = _copy_documents(config, transport, _document_sources(transport, site))
    documents = {
        doc_id: urllib.parse.quote(path.relative_to(config.content_dir).as_posix())
        for doc_id, path in copied.items()
    }
    links = site.links(documents)
    files = dict(
        page_file(item, site.places[item["id"]], links, news_slug=site.news_slugs.get(item["id"]))
        for item in site.items
    )
    written = unchanged = 0
    for rel, text in track(
        sorted(files.items()), total=len(files), label="Xuất nội dung", quiet=config.quiet
    ):
        if _write_if_changed(config.content_dir / rel, text.encode("utf-8")):
            written += 1
        else:
            unchanged += 1
    keep = {config.content_dir / rel for rel in files}
    removed = sum(_remove_stale(config.content_dir / d, keep) for d in (NEWS_DIR, PAGES_DIR))
    _remove_stale(config.content_dir / FILES_DIR, set(copied.values()))
    say(
        f"Xuất: {written} trang ghi mới, {unchanged} không đổi, {removed} gỡ bỏ; {len(copied)} tệp văn bản.",
        quiet=config.quiet,
    )
    return ExportResult(written=written, unchanged=unchanged, removed=removed, files=len(copied))
