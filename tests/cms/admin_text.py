"""Find English interface text in rendered admin HTML, using the English msgids of Wagtail and Django."""

import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import django
import wagtail

SITE_PACKAGES = Path(wagtail.__file__).parent.parent
WAGTAIL_DIR = SITE_PACKAGES / "wagtail"
# Catalogues whose messages the admin shows. A msgid is English whatever the language of its file,
# so a package without an `en` catalogue is read from another one.
CATALOGUES = (
    *sorted(WAGTAIL_DIR.glob("**/locale/en/LC_MESSAGES/django.po")),
    *(
        Path(django.__file__).parent / part / "locale/en/LC_MESSAGES/django.po"
        for part in ("conf", "contrib/admin", "contrib/auth", "contrib/contenttypes", "contrib/humanize")
    ),
    SITE_PACKAGES / "taggit/locale/en/LC_MESSAGES/django.po",
    SITE_PACKAGES / "django_filters/locale/fr/LC_MESSAGES/django.po",
)

# Text that stays as it is in a Vietnamese admin.
ALLOWED = frozenset(
    {
        "Wagtail",  # brand names
        "Draftail",
        "JavaScript",
        "English",  # the language picker names each language in its own language
    }
)
# Messages whose Vietnamese reads the same: "80 byte" (Vietnamese has no plural "bytes").
SAME_IN_VIETNAMESE = frozenset({"%(size)d byte"})

# English words Vietnamese uses as they are, and the names of keyboard keys.
LOANWORDS = frozenset({"byte", "menu", "meta", "web", "alt", "ctrl", "esc", "shift"})

# English that Wagtail 8.0.1 hard-codes (not marked for translation, or Python's None printed by a
# template), so no catalogue can change it. The named group `en` is cut out before checking; each
# needs a template, form or view override in the project (listed in the catalogue's report).
# The rest are fixed by the copies of Wagtail's templates in cms/templates/, so they are not listed.
UNTRANSLATABLE = tuple(
    re.compile(pattern)
    for pattern in (
        # wagtail/sites/views.py:22-24: columns without a label, named after the model's fields
        r"<th >\s*(?P<en>Site name|Root page)\s*</th>",
        r'ordering=-?port" title="[^"]*?(?P<en>Port)',
        r'ordering=-?port" title="[^"]*" class="[^"]*">\s*(?P<en>Port)\s*</a>',
    )
)

# The second check: a node made mostly of these (and English function words) is English text.
UI_WORDS = frozenset(
    """
    add actions address all apply approve back body cancel choose clear close collection comment
    comments copy create created date delete document documents draft edit edited editor email field
    file filter group groups help hide history image images label link live lock locked login logout
    more move name next number page pages password phone port preview previous publish published
    redirects reject remove reports reset revisions root save search select settings show site sites
    snippets sort status subject submit tag tags task tasks text title type unlock unpublish updated
    upload user users value view workflow workflows yes
    """.split()
)
FUNCTION_WORDS = frozenset(
    "a an and are as at be by for from in is it no not of on or the this to with you your".split()
)

WORD = re.compile(r"[^\W\d_]+")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdif]|\{\w*(?::[^}]*)?\}")
# One Vietnamese syllable written without its diacritics: such a word may be Vietnamese, not English.
VIETNAMESE_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?"
)
NOT_PROSE = re.compile(PLACEHOLDER.pattern + r"|\([^)]*\)|\S*[./:]\S+|\S*_\S*")
VISIBLE_ATTRIBUTES = (
    "placeholder",
    "title",
    "aria-label",
    "aria-description",
    "alt",
    # shown by Wagtail's Stimulus controllers: a tooltip, a button's busy label, the focal point field
    "data-w-tooltip-content-value",
    "data-w-progress-active-value",
    "data-focal-input-label",
)


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def po_entries(path: Path) -> Iterator[tuple[str, str | None]]:
    """(msgid, msgid_plural or None) of each message of a .po file (a small reader, ignoring msgctxt)."""
    fields: dict[str, str] = {}
    key = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if line.startswith('"') and key:
            fields[key] += json.loads(line)
            continue
        match = re.match(r"^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) (\".*\")$", line)
        if match and match[1] in ("msgid", "msgctxt") and fields.get("msgid"):
            yield fields["msgid"], fields.get("msgid_plural")
        if match and match[1] in ("msgid", "msgctxt") and "msgid" in fields:
            fields = {}
        key = match[1] if match else None
        if match:
            fields[key] = json.loads(match[2])
    if fields.get("msgid"):
        yield fields["msgid"], fields.get("msgid_plural")


def po_msgids(path: Path) -> Iterator[str]:
    for msgid, plural in po_entries(path):
        yield msgid
        if plural:
            yield plural


def words(text: str) -> list[str]:
    return WORD.findall(text)


def is_ui_phrase(msgid: str) -> bool:
    """Worth looking for: two words or more, or one word of at least four letters."""
    found = words(PLACEHOLDER.sub(" ", msgid))
    return len(found) >= 2 or (len(found) == 1 and len(found[0]) >= 4)


def is_identifier(text: str) -> bool:
    """A slug, file name, dotted model name, time zone or token: data, not a sentence."""
    return " " not in text and any(c in text for c in "./_-@0123456789")


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Catalogue:
    exact: frozenset[str]
    patterns: dict[str, list[re.Pattern]]  # msgids with placeholders, by first literal word
    vocabulary: frozenset[str]  # the msgids' words that cannot be Vietnamese

    def matches(self, text: str) -> bool:
        if text in self.exact or text.rstrip(":…. ") in self.exact:
            return True
        candidates = {w.lower() for w in words(text)}
        return any(p.fullmatch(text) for w in candidates for p in self.patterns.get(w, ()))

    def english_words(self, text: str) -> list[str]:
        """English words inside other text (as in "0 minutes trước").

        Left alone: acronyms, placeholders, addresses and a term glossed in brackets ("khung (frame)").
        """
        text = NOT_PROSE.sub(" ", text)
        return [w for w in words(text) if not w.isupper() and w.lower() in self.vocabulary]


@functools.cache
def english_catalogue() -> Catalogue:
    exact: set[str] = set()
    patterns: dict[str, list[re.Pattern]] = {}
    vocabulary: set[str] = set()
    for path in CATALOGUES:
        for msgid in po_msgids(path):
            msgid = normalize(msgid)
            if not is_ui_phrase(msgid) or msgid in ALLOWED or msgid in SAME_IN_VIETNAMESE:
                continue
            literal = PLACEHOLDER.sub(" ", msgid)
            # Acronyms ("CSV", "URL") also name file types and data: they are left out.
            vocabulary.update(w.lower() for w in words(literal) if len(w) >= 3 and not w.isupper())
            parts = PLACEHOLDER.split(msgid)
            if len(parts) == 1:
                # Model fields' lowercase names show with a capital first letter.
                exact.update((msgid, capfirst(msgid)))
                continue
            regex = re.compile("(?s)" + ".+?".join(re.escape(part) for part in parts), re.I)
            patterns.setdefault(words(literal)[0].lower(), []).append(regex)
    allowed = {w.lower() for w in ALLOWED} | LOANWORDS
    vocabulary = {w for w in vocabulary if w not in allowed and not VIETNAMESE_SYLLABLE.fullmatch(w)}
    return Catalogue(frozenset(exact), patterns, frozenset(vocabulary))


def looks_english(text: str) -> bool:
    """Mostly common English interface words, in plain ASCII (Vietnamese has diacritics)."""
    if not text.isascii():
        return False
    found = [w.lower() for w in words(text)]
    ui = sum(w in UI_WORDS for w in found)
    function = sum(w in FUNCTION_WORDS for w in found)
    return ui >= 1 and (ui + function) * 2 >= len(found)


class _TextCollector(HTMLParser):
    """Visible text: text nodes (also joined across inline tags), some attributes, embedded JSON."""

    INLINE = frozenset(
        "a abbr b bdi cite code em i kbd mark q s small span strong sub sup time u var".split()
    )
    CODE = frozenset({"code", "kbd", "samp"})  # literal names (a CSV column, a key): not to translate

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.json_texts: list[str] = []
        self.run: list[str] = []
        self.script_type: str | None = None
        self.script_data: list[str] = []
        self.code_depth = 0

    def _flush_run(self) -> None:
        joined = normalize("".join(self.run))
        if joined:
            self.texts.append(joined)
        self.run = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self.script_type = attrs.get("type") or tag
            self.script_data = []
        self.code_depth += tag in self.CODE
        if tag not in self.INLINE:
            self._flush_run()
        for name, value in attrs.items():
            if not value:
                continue
            if name in VISIBLE_ATTRIBUTES or (
                name == "value" and tag == "input" and attrs.get("type") in ("submit", "button", "reset")
            ):
                self.texts.append(normalize(value))
            elif name.startswith("data-") and value.lstrip()[:1] in ("{", "["):
                self._add_json(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            if self.script_type == "application/json":
                self._add_json("".join(self.script_data))
            self.script_type = None
        elif tag in self.CODE:
            self.code_depth = max(0, self.code_depth - 1)
        elif tag not in self.INLINE:
            self._flush_run()

    def handle_data(self, data):
        if self.script_type is not None:
            self.script_data.append(data)
            return
        if self.code_depth:
            self.run.append(" ")
            return
        text = normalize(data)
        if text:
            self.texts.append(text)
        self.run.append(data)

    def _add_json(self, raw: str) -> None:
        try:
            value = json.loads(raw)
        except ValueError:
            return
        for text in _json_strings(value):
            if "<" in text and ">" in text:
                inner = visible_texts(text)
                self.json_texts.extend(inner.texts + inner.json_texts)
            else:
                self.json_texts.append(normalize(text))


def _json_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


@dataclass(frozen=True)
class VisibleText:
    texts: list[str]
    json_texts: list[str]  # strings of embedded JSON (config, sidebar, block definitions)


def visible_texts(html: str) -> VisibleText:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    collector._flush_run()
    return VisibleText(collector.texts, collector.json_texts)


def _cut_untranslatable(html: str) -> str:
    def cut(match: re.Match) -> str:
        start, end = (i - match.start() for i in match.span("en"))
        return match[0][:start] + match[0][end:]

    for pattern in UNTRANSLATABLE:
        html = pattern.sub(cut, html)
    return html


def _is_english(text: str, catalogue: Catalogue) -> bool:
    if text in ALLOWED or is_identifier(text):
        return False
    return catalogue.matches(text) or looks_english(text) or bool(catalogue.english_words(text))


def english_texts(html: str, data: Iterable[str] = ()) -> list[str]:
    """Every distinct piece of visible text that is (or holds) one of the admin's English messages.

    `data` is text the database holds in English, such as permission names: it is left out.
    """
    catalogue = english_catalogue()
    data = sorted(data, key=len, reverse=True)
    visible = visible_texts(_cut_untranslatable(html))
    # JSON also holds icon names, block types and constants ("DOCUMENT"): only labels count there.
    labels = [t for t in visible.json_texts if t[:1].isupper() and not t.isupper()]
    found = set()
    for text in set(visible.texts + labels):
        rest = text
        for item in data:
            if item in rest:
                rest = rest.replace(item, " ")
        if rest.strip() and _is_english(normalize(rest), catalogue):
            found.add(text)
    return sorted(found)
