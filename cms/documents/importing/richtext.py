"""Turn a row's full text (HTML or plain text) into the rich text the body field stores."""

import re
from functools import cache

from django.utils.html import escape
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from cms.core.models import BODY_FEATURES

TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>")
# Tags the body's features allow without attributes: HTML made only of these is stored as it is,
# which saves the whitelister's parse (about 2 ms a document, a minute over 20,000).
PLAIN_TAGS = frozenset(
    {"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ol", "ul", "li", "blockquote", "hr"}
)
# Text is taken for HTML only when it has one of these; "Điều <x>" stays plain text.
HTML_TAGS = PLAIN_TAGS | frozenset(
    "a abbr article b big blockquote body center code div font h1 h5 h6 head html img pre s section "
    "small span style script sub sup table tbody td tfoot th thead tr u".split()
)
BLANK_LINES = re.compile(r"\n\s*\n")


@cache
def _converter() -> EditorHTMLConverter:
    return EditorHTMLConverter(features=BODY_FEATURES)


def rich_text_from(text: str) -> str:
    """HTML is cleaned to the body's features (scripts, styles and unknown tags dropped);
    plain text is escaped, blank lines make paragraphs and single newlines line breaks."""
    text = text.strip()
    if not text:
        return ""
    tags = TAG.findall(text)
    if not any(name.lower() in HTML_TAGS for _, name, _ in tags):
        return _paragraphs(text)
    if "<!" not in text and all(_plain_tag(name, attrs) for _, name, attrs in tags):
        return text
    return _converter().to_database_format(_without_scripts(text))


def _plain_tag(name: str, attrs: str) -> bool:
    return name.lower() in PLAIN_TAGS and attrs.strip() in ("", "/")


def _without_scripts(html: str) -> str:
    return re.sub(r"<(script|style)\b.*?</\1\s*>", "", html, flags=re.IGNORECASE | re.DOTALL)


def _paragraphs(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (p.strip() for p in BLANK_LINES.split(text))
    return "".join(f"<p>{escape(p).replace(chr(10), '<br/>')}</p>" for p in paragraphs if p)
