"""Export step: published pages from Wagtail's API to Pelican Markdown files in content/."""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cms.publish.config import BuildConfig
from cms.publish.progress import say, track
from cms.publish.sources import Transport, published_pages, transport_for
from cms.search.analysis import normalize

NEWS_DIR = "tin-tuc"


@dataclass(frozen=True)
class ExportResult:
    written: int
    unchanged: int
    removed: int

    @property
    def total(self) -> int:
        return self.written + self.unchanged


def _one_line(value: str) -> str:
    """Metadata values are single lines: collapse every run of whitespace."""
    return re.sub(r"\s+", " ", normalize(value or "")).strip()


def _article_markdown(item: dict[str, Any], *, category: str, slug: str) -> str:
    meta = {
        "Title": _one_line(item["title"]),
        "Date": item["date"],
        "Slug": slug,
        "Category": _one_line(category),
        "Summary": _one_line(item.get("summary", "")),
        "Wagtail_id": str(item["id"]),
        "Page_type": "news",
    }
    header = "".join(f"{key}: {value}\n" for key, value in meta.items() if value)
    return f"{header}\n{normalize(item.get('body') or '').strip()}\n"


def _write_if_changed(path: Path, text: str) -> bool:
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def _news_files(transport: Transport) -> dict[str, str]:
    """Relative path → file text for every published news article, slugs made unique."""
    files: dict[str, str] = {}
    for section in published_pages(transport, "core.SectionPage", fields="title"):
        for item in published_pages(transport, "news.NewsArticlePage", child_of=str(section["id"])):
            slug = item["meta"]["slug"]
            if f"{NEWS_DIR}/{slug}.md" in files:
                slug = f"{slug}-{item['id']}"
            files[f"{NEWS_DIR}/{slug}.md"] = _article_markdown(item, category=section["title"], slug=slug)
    return files


def run(config: BuildConfig, transport: Transport | None = None) -> ExportResult:
    """Write every published page to config.content_dir; only changed files are rewritten."""
    transport = transport or transport_for(config)
    files = _news_files(transport)
    written = unchanged = 0
    for rel, text in track(
        sorted(files.items()), total=len(files), label="Xuất nội dung", quiet=config.quiet
    ):
        if _write_if_changed(config.content_dir / rel, text):
            written += 1
        else:
            unchanged += 1
    removed = 0
    for path in sorted((config.content_dir / NEWS_DIR).glob("*.md")):
        if path.relative_to(config.content_dir).as_posix() not in files:
            path.unlink()
            removed += 1
    say(f"Xuất: {written} tệp ghi mới, {unchanged} không đổi, {removed} gỡ bỏ.", quiet=config.quiet)
    return ExportResult(written=written, unchanged=unchanged, removed=removed)
