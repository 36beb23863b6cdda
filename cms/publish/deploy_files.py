"""What the deploy sends for each file: Content-Type, Cache-Control and its place in the upload order."""

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISREG

SHORT_CACHE = "public, max-age=300"
DEFAULT_CACHE = "public, max-age=86400"
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"

# Explicit so the result does not depend on the host's /etc/mime.types.
TYPES_BY_SUFFIX = {
    ".html": "text/html",
    ".htm": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".svg": "image/svg+xml",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ico": "image/vnd.microsoft.icon",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".zip": "application/zip",
}
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/atom+xml", "application/rss+xml")
UTF8_TYPES = TEXT_TYPES + ("image/svg+xml", "application/manifest+json")

# Pelican names feeds "<name>.atom.xml" / "<name>.rss.xml".
FEED_SUFFIXES = (".atom.xml", ".rss.xml", ".atom", ".rss")
# Data downloads (.csv, .json) change with each edition's data: short cache too.
SHORT_CACHE_SUFFIXES = (".html", ".htm", ".xml", ".json", ".csv", ".webmanifest") + FEED_SUFFIXES
SHORT_CACHE_NAMES = ("robots.txt",)
# theme/<dir>/<name>.<hash>.<ext>: the theme renames an asset whenever its content changes.
HASHED_ASSET = re.compile(r"^theme/(?:[^/]+/)*[^/]+\.[0-9a-f]{8,16}\.[A-Za-z0-9]+$")
PAGE_SUFFIXES = (".html", ".htm", ".xml") + FEED_SUFFIXES
LAST_PAGES = ("index.html", "404.html")

ASSETS, PAGES, ENTRY_PAGES = 0, 1, 2
PHASES = (ASSETS, PAGES, ENTRY_PAGES)


def content_type(rel: str) -> str:
    """The Content-Type header for a file at `rel` (its path inside output/), UTF-8 for text."""
    name = rel.rsplit("/", 1)[-1].lower()
    if name.endswith((".atom.xml", ".atom")):
        guessed = "application/atom+xml"
    elif name.endswith((".rss.xml", ".rss")):
        guessed = "application/rss+xml"
    else:
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        guessed = TYPES_BY_SUFFIX.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith(UTF8_TYPES) else guessed


def cache_control(rel: str) -> str:
    """Short for pages and feeds, a year for content-hashed theme assets, a day for the rest."""
    name = rel.rsplit("/", 1)[-1].lower()
    if HASHED_ASSET.match(rel):
        return IMMUTABLE_CACHE
    if name.endswith(SHORT_CACHE_SUFFIXES) or rel.lower() in SHORT_CACHE_NAMES:
        return SHORT_CACHE
    return DEFAULT_CACHE


def phase(rel: str) -> int:
    """Assets, then pages and feeds, then the home page and 404: no page links to a file not yet there."""
    if rel in LAST_PAGES:
        return ENTRY_PAGES
    if rel.lower().endswith(PAGE_SUFFIXES) or rel.lower() in SHORT_CACHE_NAMES:
        return PAGES
    return ASSETS


@dataclass(frozen=True)
class LocalFile:
    """One file of output/: where it is and its stat when the deploy looked at it."""

    rel: str
    path: Path
    size: int
    mtime_ns: int


def local_files(output_dir: Path) -> dict[str, LocalFile]:
    """Every file under output_dir by its POSIX path relative to it (stat only, no reading)."""
    found: dict[str, LocalFile] = {}
    for path in sorted(output_dir.rglob("*")):
        stat = path.stat()
        if S_ISREG(stat.st_mode):
            rel = path.relative_to(output_dir).as_posix()
            found[rel] = LocalFile(rel, path, stat.st_size, stat.st_mtime_ns)
    return found


def md5_hex(path: Path) -> str:
    """The MD5 of a file read in chunks (the ETag S3 gives a single-part PUT)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, lambda: hashlib.md5(usedforsecurity=False)).hexdigest()
