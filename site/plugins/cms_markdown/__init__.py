"""Pelican plugin: Markdown written by the CMS's editors is text, never raw HTML; headings get Vietnamese ids.

Wagtail's Markdown escapes a typed "<b>" as "\\<b>", but Python-Markdown does not treat "\\<" as an
escape and passes "<b>" (or "<script>") through as HTML. NoRawHtmlExtension turns raw HTML off and
makes "\\<" a literal "<", so everything an editor typed reaches the page as text. Heading anchors
("Điều 1" → "dieu-1") fold diacritics and đ instead of dropping the letters.
"""

import re
import unicodedata

from markdown import Markdown
from markdown.extensions import Extension
from pelican import signals


class NoRawHtmlExtension(Extension):
    """Raw HTML (blocks and inline tags) is shown as text; "\\<" is an escaped "<"."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        for registry, name in ((md.preprocessors, "html_block"), (md.inlinePatterns, "html")):
            if name in registry:
                registry.deregister(name)
        if "<" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("<")


def slugify(value: str, separator: str) -> str:
    """Heading ids: "Điều 1. Phạm vi" → "dieu-1-pham-vi"."""
    value = unicodedata.normalize("NFKD", value.replace("đ", "d").replace("Đ", "D"))
    value = "".join(c for c in value if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", separator, value).strip(separator)


def configure(pelican) -> None:
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    configs = markdown.setdefault("extension_configs", {})
    configs.setdefault("markdown.extensions.toc", {})["slugify"] = slugify
    extensions = markdown.setdefault("extensions", [])
    # Pelican's reader appends the configured extensions later; list them now so ours comes after
    # "extra" (whose md_in_html registers raw HTML again) and undoes it.
    extensions.extend(name for name in list(configs) if name not in extensions)
    if not any(isinstance(e, NoRawHtmlExtension) for e in extensions):
        extensions.append(NoRawHtmlExtension())


def register() -> None:
    signals.initialized.connect(configure)
