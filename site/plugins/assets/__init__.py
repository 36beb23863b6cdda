"""Pelican plugin: content-hashed copies of the theme's static files and an `asset()` template global.

`asset("css/site.css")` → "{SITEURL}/theme/css/site.3f2a9c1b0d.css", where the 10 hex digits are the
start of the SHA-256 of the file as written; the deploy step sends `Cache-Control: immutable` for
names of that shape. Pelican still copies the un-hashed originals (harmless, and what the CMS
preview inlines). A stylesheet's relative `url(…)` references (the fonts) are rewritten to the
hashed names before the stylesheet itself is hashed, so a new font gives the CSS a new name too.

Hashes are worked out once when Pelican starts (templates need them before the static files are
copied); the hashed files are written at the end of the output step, only when missing or changed.
"""

import hashlib
import posixpath
import re
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

HASH_LENGTH = 10
_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def hashed_name(rel: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    folder, name = posixpath.split(rel)
    stem, dot, ext = name.rpartition(".")
    hashed = f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}"
    return posixpath.join(folder, hashed)


def _rewrite_css(rel: str, text: str, names: dict[str, str]) -> str:
    """Relative url(…) references of the stylesheet at rel, pointed at the hashed files."""
    folder = posixpath.dirname(rel)

    def replace(match: re.Match) -> str:
        target = match.group(2).strip()
        if target.startswith(("data:", "/", "#")) or "://" in target:
            return match.group(0)
        path, _, suffix = target.partition("?")
        resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved not in names:
            return match.group(0)
        relative = posixpath.relpath(names[resolved], folder or ".")
        return f'url("{relative}{"?" + suffix if suffix else ""}")'

    return _URL.sub(replace, text)


def build_manifest(static_dirs: list[Path]) -> dict[str, tuple[str, bytes]]:
    """{"css/site.css": ("css/site.<hash>.css", bytes to write)} for every file of the static folders."""
    files: dict[str, bytes] = {}
    for root in static_dirs:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    names: dict[str, str] = {}
    manifest: dict[str, tuple[str, bytes]] = {}
    # Stylesheets last: they name the other files' hashes.
    for rel in sorted(files, key=lambda r: (r.endswith(".css"), r)):
        content = files[rel]
        if rel.endswith(".css"):
            content = _rewrite_css(rel, content.decode("utf-8"), names).encode("utf-8")
        names[rel] = hashed_name(rel, content)
        manifest[rel] = (names[rel], content)
    return manifest


def _static_dirs(settings: dict[str, Any]) -> list[Path]:
    theme = Path(settings["THEME"])
    return [theme / p for p in settings.get("THEME_STATIC_PATHS", []) if (theme / p).is_dir()]


def configure(pelican: Any) -> None:
    pelican.settings["ASSET_MANIFEST"] = build_manifest(_static_dirs(pelican.settings))


@pass_context
def asset(context: Any, rel: str) -> str:
    """The URL of a theme file by its path under static/; hashed when the build wrote a hashed copy."""
    manifest = context.get("ASSET_MANIFEST") or {}
    name = manifest[rel][0] if rel in manifest else rel
    return f"{context.get('SITEURL', '')}/{context.get('THEME_STATIC_DIR', 'theme')}/{name}"


def add_global(generator: Any) -> None:
    generator.env.globals["asset"] = asset


class AssetsGenerator(Generator):
    """Writes the hashed copies (binary files: not pages, so not through the page writer)."""

    def generate_context(self) -> None:
        return None

    def generate_output(self, writer: Any) -> None:
        target = Path(self.output_path) / self.settings.get("THEME_STATIC_DIR", "theme")
        for name, content in (self.settings.get("ASSET_MANIFEST") or {}).values():
            path = target / name
            if path.is_file() and path.read_bytes() == content:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def get_generators(_pelican: Any) -> type[Generator]:
    return AssetsGenerator


def register() -> None:
    signals.initialized.connect(configure)
    signals.generator_init.connect(add_global)
    signals.get_generators.connect(get_generators)
