"""Writing export's files: only when their bytes change, and removing what the export no longer makes."""

from pathlib import Path


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically (a rename) unless the file already holds these bytes; True when written."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def remove_stale(root: Path, keep: set[Path]) -> int:
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
