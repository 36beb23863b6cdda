"""The deploy's memory of what it uploaded, so an unchanged redeploy neither hashes nor lists everything."""

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSION = 1


@dataclass(frozen=True)
class Entry:
    """What we PUT under one key: the content's MD5 and the local file's size and mtime at that time."""

    md5: str
    size: int
    mtime_ns: int


def target_id(endpoint: str | None, bucket: str, prefix: str) -> str:
    """One state per destination: the same output/ may go to several buckets or prefixes."""
    return f"{endpoint or 'aws'}|{bucket}|{prefix}"


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    return data


@dataclass(frozen=True)
class TargetState:
    """The entries of one target, and the paths uploaded or deleted but not yet invalidated on the CDN."""

    entries: dict[str, Entry]
    pending_invalidation: tuple[str, ...] = ()


def load(path: Path, target: str) -> TargetState | None:
    """What was recorded for `target`, or None when nothing was (or the file is unreadable)."""
    saved = _read(path).get("targets", {}).get(target)
    if not isinstance(saved, dict) or not isinstance(saved.get("objects"), dict):
        return None
    try:
        entries = {
            key: Entry(e["md5"], int(e["size"]), int(e["mtime_ns"])) for key, e in saved["objects"].items()
        }
        return TargetState(entries, tuple(str(p) for p in saved.get("pending_invalidation", [])))
    except (KeyError, TypeError, ValueError):
        return None


def save(path: Path, target: str, state: TargetState) -> None:
    """Replace `target`'s state, keeping other targets, in one atomic rename (never a half-written file)."""
    data = _read(path) or {"version": VERSION}
    targets = data.setdefault("targets", {})
    objects = {
        key: {"md5": e.md5, "size": e.size, "mtime_ns": e.mtime_ns}
        for key, e in sorted(state.entries.items())
    }
    targets[target] = {"objects": objects, "pending_invalidation": sorted(set(state.pending_invalidation))}
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, separators=(",", ":"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the state holds no secret
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
