"""Index step: build the whoosh index from the render manifest and swap it in atomically."""

import json
import os
import shutil
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from whoosh import index as whoosh_index

from cms.publish.config import BuildConfig, BuildError
from cms.publish.progress import say, track
from cms.search.analysis import normalize
from cms.search.schema import site_schema


@dataclass(frozen=True)
class IndexResult:
    index_dir: Path
    documents: int
    seconds: float


def _read_manifest(path: Path) -> list[dict]:
    if not path.exists():
        raise BuildError(f"Chưa có danh mục trang để lập chỉ mục ({path}); hãy chạy bước render trước.")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _swap_in(new_dir: Path, link: Path) -> None:
    """Point `link` at new_dir in one rename, so a reader never sees a half-built index."""
    tmp_link = link.with_name(link.name + ".swap")
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    tmp_link.symlink_to(new_dir.name)
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)  # an index from before the symlink layout
    old = os.path.realpath(link) if link.is_symlink() else None
    os.replace(tmp_link, link)
    for stale in link.parent.glob(link.name + "-*"):
        if stale != new_dir and str(stale) != old:
            shutil.rmtree(stale, ignore_errors=True)  # keep the previous index for readers still on it


def run(config: BuildConfig) -> IndexResult:
    """Index every rendered article into a fresh index next to config.search_index_dir."""
    started = time.perf_counter()
    records = _read_manifest(config.manifest_path)
    link = config.search_index_dir
    link.parent.mkdir(parents=True, exist_ok=True)
    new_dir = link.with_name(f"{link.name}-{time.time_ns()}")
    new_dir.mkdir()
    idx = whoosh_index.create_in(str(new_dir), site_schema())
    with idx.writer(limitmb=128) as writer:
        for rec in track(records, total=len(records), label="Lập chỉ mục tìm kiếm", quiet=config.quiet):
            fields = {
                "id": rec["id"],
                "url": rec["url"],
                "type": rec.get("type", ""),
                "title": normalize(rec["title"]),
                "summary": normalize(rec.get("summary", "")),
                "body": normalize(rec.get("body", "")),
            }
            if rec.get("date"):
                fields["date"] = datetime.fromisoformat(rec["date"])
            writer.add_document(**fields)
    _swap_in(new_dir, link)
    seconds = time.perf_counter() - started
    say(f"Chỉ mục: {len(records)} tài liệu ({seconds:.1f} giây).", quiet=config.quiet)
    return IndexResult(index_dir=link, documents=len(records), seconds=seconds)
