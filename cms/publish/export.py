"""Export step: every published page from Wagtail's API to Pelican Markdown files in content/.

It lists the pages on the site (cms.publish.site_index), fetches from Wagtail's API the pages that
changed since the previous export (cms.publish.export_state), turns each into its file with
cms.publish.pagefile, copies the original files of documents into content/tep/ (so the static site
never depends on the CMS), rewrites only changed files and removes files of pages no longer published.
"""

import re
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cms.publish import indices_export
from cms.publish.config import BuildConfig, BuildError
from cms.publish.export_state import ExportState
from cms.publish.files import remove_stale, write_if_changed
from cms.publish.pagefile import (
    FILES_DIR,
    NEWS_DIR,
    NEWS_TYPE,
    PAGE_TYPES,
    PAGES_DIR,
    RICH_TEXT_FORMAT,
    Links,
    attached_documents,
    page_file,
    rich_text_references,
)
from cms.publish.progress import say, track
from cms.publish.site_index import site_index
from cms.publish.sources import HttpTransport, InProcessTransport, Transport, published_pages, transport_for

# Up to this many changed pages are fetched one by one; more, by listing every page of each type.
DETAIL_LIMIT = 300


@dataclass(frozen=True)
class ExportResult:
    written: int
    unchanged: int
    removed: int
    files: int = 0
    fetched: int = 0
    indices: int = 0  # files of index data written (cms.publish.indices_export)

    def describe(self) -> str:
        return (
            f"Xuất: {self.fetched} trang đọc từ CMS, {self.written} tệp ghi mới, {self.unchanged} không đổi, "
            f"{self.removed} gỡ bỏ; {self.files} tệp văn bản."
        )


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


def _document_sources(transport: Transport, items: Iterable[Mapping[str, Any]]) -> dict[int, str]:
    """Document id → its download URL on the CMS, for every document a published page refers to."""
    found: dict[int, str] = {}
    linked: set[int] = set()
    for item in items:
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
            write_if_changed(path, data)
        paths[doc_id] = path
    return paths


def run(config: BuildConfig, transport: Transport | None = None, *, full: bool = False) -> ExportResult:
    """Write every published page to config.content_dir, fetching and rewriting only what changed.

    The previous export's state (var/export-state.json) says when each page was last published,
    where it sat and which pages it shows (related documents, links): a page is fetched again when
    it was published since, moved, or shows a page that changed. `full` fetches everything.
    """
    transport = transport or transport_for(config)
    index = site_index(transport, quiet=config.quiet)
    state = ExportState.load(config, index, full=full, transport=transport)
    items = _fetch(transport, state.plan(index), config)
    for extra in state.dependants_of_fetched(items, index) - items.keys():  # new relations this time
        items.update(_fetch(transport, {extra}, config))
    copied = _copy_documents(config, transport, _document_sources(transport, items.values()))
    document_urls = {
        doc_id: urllib.parse.quote(path.relative_to(config.content_dir).as_posix())
        for doc_id, path in copied.items()
    }
    links = Links(pages=index.paths(), documents={**state.documents(), **document_urls})
    files = {
        item["id"]: page_file(
            item, index.entries[item["id"]].place, links, news_slug=index.news_slugs.get(item["id"])
        )
        for item in items.values()
    }
    written = unchanged = 0
    for rel, text in track(
        sorted(files.values()), total=len(files), label="Xuất nội dung", quiet=config.quiet
    ):
        if write_if_changed(config.content_dir / rel, text.encode("utf-8")):
            written += 1
        else:
            unchanged += 1
    state.record(index, items, {page_id: rel for page_id, (rel, _) in files.items()}, document_urls)
    keep = {config.content_dir / rel for rel in state.files()}
    removed = sum(remove_stale(config.content_dir / d, keep) for d in (NEWS_DIR, PAGES_DIR))
    remove_stale(
        config.content_dir / FILES_DIR,
        {config.content_dir / urllib.parse.unquote(u) for u in state.documents().values()},
    )
    state.save()
    indices = indices_export.run(config, transport)
    result = ExportResult(
        written=written,
        unchanged=unchanged + len(index.entries) - len(files),
        removed=removed,
        files=len(state.documents()),
        fetched=len(items),
        indices=indices.written,
    )
    say(result.describe(), quiet=config.quiet)
    return result


def _fetch(transport: Transport, ids: set[int], config: BuildConfig) -> dict[int, dict[str, Any]]:
    """Full API items of the pages with these ids: one request each, or typed listings for many."""
    if not ids:
        return {}
    if len(ids) <= DETAIL_LIMIT:
        params = {"fields": "*", "rich_text_format": RICH_TEXT_FORMAT}
        items = (transport.get(f"/api/v2/pages/{page_id}/", params) for page_id in sorted(ids))
        return {
            item["id"]: item for item in track(items, total=len(ids), label="Đọc trang", quiet=config.quiet)
        }
    found: dict[int, dict[str, Any]] = {}
    for page_type in [NEWS_TYPE, *PAGE_TYPES]:
        listed = published_pages(transport, page_type, rich_text_format=RICH_TEXT_FORMAT)
        for item in track(listed, total=None, label=f"Đọc {page_type}", quiet=config.quiet):
            if item["id"] in ids:
                found[item["id"]] = item
    return found
