"""Index step: the whoosh index of the render manifest, updated or rebuilt, swapped in atomically.

The manifest has one record per indexed page. The index step remembers a digest of each record
(var/index-state.json): when few changed, it copies the live index, deletes and re-adds only the
changed records and swaps the copy in; otherwise, or with `full`, it builds a new index. Readers
(the search API) keep the index they opened until they reopen the symlink.
"""

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index

from cms.publish.config import BuildConfig, BuildError
from cms.publish.progress import counter, say
from cms.search.engine import LABELS_FILE
from cms.search.schema import document_fields, facet_pairs, site_schema
from cms.search.writer import bulk_build

# Past this share of changed records, building a new index is as quick as updating a copy.
REBUILD_SHARE = 0.3


@dataclass(frozen=True)
class IndexResult:
    index_dir: Path
    documents: int
    seconds: float
    updated: int = 0
    removed: int = 0
    rebuilt: bool = True

    def describe(self) -> str:
        if self.rebuilt:
            return f"{self.documents} tài liệu, lập mới"
        return f"{self.documents} tài liệu, {self.updated} cập nhật, {self.removed} gỡ bỏ"


def _read_manifest(path: Path) -> list[dict]:
    if not path.exists():
        raise BuildError(f"Chưa có danh mục trang để lập chỉ mục ({path}); hãy chạy bước render trước.")
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def swap_in(new_dir: Path, link: Path) -> None:
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


def _digest(rec: dict) -> str:
    text = json.dumps(rec, ensure_ascii=False, sort_keys=True)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def _load_state(path: Path, link: Path) -> dict[str, str] | None:
    """Digests of the records in the live index, if that index is still there."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not link.is_symlink() or os.path.realpath(link) != str(link.parent / state.get("dir", "")):
        return None
    return state.get("records")


def _save_state(path: Path, index_dir: Path, digests: dict[str, str]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"dir": index_dir.name, "records": digests}), encoding="utf-8")
    os.replace(tmp, path)


def run(config: BuildConfig, *, full: bool = False) -> IndexResult:
    """Bring the index next to config.search_index_dir up to date with the render manifest."""
    started = time.perf_counter()
    records = {rec["id"]: rec for rec in _read_manifest(config.manifest_path)}
    digests = {rec_id: _digest(rec) for rec_id, rec in records.items()}
    link = config.search_index_dir
    link.parent.mkdir(parents=True, exist_ok=True)
    state_path = config.var_dir / "index-state.json"
    previous = None if full else _load_state(state_path, link)
    new_dir = link.with_name(f"{link.name}-{time.time_ns()}")
    changed = [rec_id for rec_id, digest in digests.items() if previous and previous.get(rec_id) != digest]
    removed = [rec_id for rec_id in previous or {} if rec_id not in records]
    rebuild = previous is None or len(changed) + len(removed) > REBUILD_SHARE * max(len(records), 1)
    todo = set(records) if rebuild else set(changed)
    labels: dict[str, dict[str, str]] = {}
    # Labels of every facet value on the site (cheap); full fields only for what gets written.
    for rec in records.values():
        for name, pairs in facet_pairs(rec).items():
            labels.setdefault(name, {}).update(pairs)
    docs = [document_fields(records[rec_id]) for rec_id in records if rec_id in todo]
    with counter(total=len(docs), label="Lập chỉ mục tìm kiếm", quiet=config.quiet) as advance:
        if rebuild:
            new_dir.mkdir()
            bulk_build(new_dir, site_schema(), docs, processes=os.cpu_count() or 1, progress=advance)
        else:
            shutil.copytree(os.path.realpath(link), new_dir)
            with whoosh_index.open_dir(str(new_dir)).writer(limitmb=256) as writer:
                for rec_id in (*removed, *changed):
                    writer.delete_by_term("id", rec_id)
                for fields in docs:
                    writer.add_document(**fields)
                    advance(1)
    (new_dir / LABELS_FILE).write_text(
        json.dumps(labels, ensure_ascii=False, sort_keys=True), encoding="utf-8"
    )
    swap_in(new_dir, link)
    _save_state(state_path, new_dir, digests)
    seconds = time.perf_counter() - started
    result = IndexResult(link, len(records), seconds, len(changed), len(removed), rebuild)
    say(f"Chỉ mục: {result.describe()} ({seconds:.1f} giây).", quiet=config.quiet)
    return result
