"""Pelican settings for the CCHC public site (development defaults).

build.py passes PATH, OUTPUT_PATH, THEME, API_BASE_URL and SEARCH_MANIFEST_PATH as
absolute overrides; the values here only make `pelican -s site/pelicanconf.py` usable by hand.
"""

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent

SITENAME = "Cổng thông tin Cải cách hành chính"
SITESUBTITLE = "Bộ Nội vụ – Cải cách hành chính nhà nước"
SITEURL = ""
RELATIVE_URLS = False
AUTHOR = "Bộ Nội vụ"
DEFAULT_LANG = "vi"
LOCALE = ("C.UTF-8",)
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"

PATH = str(_ROOT / "content")
OUTPUT_PATH = str(_ROOT / "output")
THEME = str(_ROOT / "themes" / "cchc")
DELETE_OUTPUT_DIRECTORY = False
ARTICLE_PATHS = ["tin-tuc"]
# Every page other than news, at its Wagtail URL path (each file sets its own Url and Save_as).
PAGE_PATHS = ["trang"]
# Files of documents, copied from the CMS by export.
STATIC_PATHS = ["tep"]
READERS = {"html": None, "rst": None}
# One language: no two pages are translations of each other, whatever their slugs.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

# Where the public API lives (widgets and search post there). Empty = same origin.
API_BASE_URL = "http://127.0.0.1:8000"
# Proof-of-work difficulty the forms' script solves (leading zero bits); at least the API's CCHC_POW_BITS.
CCHC_POW_BITS = 14

# URLs are Vietnamese slugs; every page is a folder with index.html so links stay clean.
ARTICLE_URL = "tin-tuc/{slug}/"
ARTICLE_SAVE_AS = "tin-tuc/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}/index.html"
DEFAULT_CATEGORY = "Tin tức"
USE_FOLDER_AS_CATEGORY = False
SLUGIFY_SOURCE = "basename"

# Outputs the portal does not publish (yet): no authors, tags or date archives.
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

DIRECT_TEMPLATES = ["index", "search", "ask", "status", "404"]
INDEX_SAVE_AS = "index.html"
SEARCH_SAVE_AS = "tim-kiem/index.html"
SEARCH_URL = "tim-kiem/"
ASK_SAVE_AS = "hoi-dap/gui-cau-hoi/index.html"
ASK_URL = "hoi-dap/gui-cau-hoi/"
# Where a citizen looks a tracking code up (?ma=HD-XXXXXXXX); js/forms.js asks the API.
STATUS_SAVE_AS = "tra-cuu/index.html"
STATUS_URL = "tra-cuu/"
DEFAULT_PAGINATION = 20
DEFAULT_ORPHANS = 0


def _newest_first(article):
    """Newest first; on one day, the later Wagtail page first (the CMS preview orders news the same way)."""
    return (-article.date.timestamp(), -int(article.metadata.get("wagtail_id") or 0))


ARTICLE_ORDER_BY = _newest_first
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang-{number}/", "{base_name}/trang-{number}/index.html"),
)

# "chi-so" is written by site/plugins/indices (PAR Index and SIPAS pages). The others are
# Wagtail pages below the home page with these slugs: the "tin-tuc" and "lay-y-kien-du-thao"
# sections, the "van-ban" document index and the "hoi-dap" question index.
MENUITEMS = (
    ("Trang chủ", "/"),
    ("Tin tức", "/tin-tuc/"),
    ("Văn bản", "/van-ban/"),
    ("Chỉ số", "/chi-so/"),
    ("Lấy ý kiến", "/lay-y-kien-du-thao/"),
    ("Hỏi – đáp", "/hoi-dap/"),
    ("Tìm kiếm", "/tim-kiem/"),
)
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

# Where `make run` serves the site. Feeds, the sitemap, robots.txt, canonical and Open Graph URLs
# must be absolute: they use SITEURL when it is absolute (publishconf.py, SITE_URL), else this.
PUBLIC_SITEURL = "http://127.0.0.1:8080"
FEED_DOMAIN = PUBLIC_SITEURL
# Pelican's own feeds would link relatively while SITEURL is empty: site/plugins/listings writes
# every feed (all news, and each section with news at its own URL) with absolute links.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
NEWS_FEED_ATOM = "feeds/tat-ca.atom.xml"
NEWS_FEED_RSS = "feeds/tat-ca.rss.xml"
SECTION_FEED_ATOM = "{url}atom.xml"
SECTION_FEED_RSS = "{url}rss.xml"
FEED_MAX_ITEMS = 50

# Listings paginated by site/plugins/listings (and Pelican's categories), items per page. The home
# page is not paginated: it shows the latest news, documents and consultations.
PAGINATED_TEMPLATES = {
    "category": 20,
    "section": 20,
    "document_index": 50,
    "document_browse": 50,
    "question_index": 20,
}
# Pages left out of sitemap.xml (they say noindex).
SITEMAP_EXCLUDE = ("404.html", "tim-kiem/index.html")

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {},
    },
    "output_format": "html5",
}
TYPOGRIFY = False
FORMATTED_FIELDS = ["summary"]

PLUGIN_PATHS = [str(_ROOT / "site" / "plugins")]
# Order matters: page_data links children before listings plans; seo reads what listings planned.
# incremental: renders only outputs whose inputs changed (state and change list below).
# indices: the PAR Index and SIPAS pages and downloads from content/chi-so/ (export writes it).
PLUGINS = [
    "cms_markdown",
    "page_data",
    "listings",
    "seo",
    "assets",
    "search_manifest",
    "indices",
    "incremental",
]
# The search_manifest plugin writes one JSON line per article here (outside OUTPUT_PATH).
SEARCH_MANIFEST_PATH = str(_ROOT / "var" / "search-manifest.jsonl")
# Parsed Markdown is cached per file (by mtime: export rewrites only changed files).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
INCREMENTAL_STATE_PATH = str(_ROOT / "var" / "render-state.json")
INCREMENTAL_CHANGES_PATH = str(_ROOT / "var" / "render-changes.json")
RENDER_WORKERS = 0  # one per core

# The CMS preview sets this to the stylesheet's text (the admin does not serve the theme's files).
THEME_INLINE_CSS = ""

# Titles and other metadata are escaped; HTML bodies are marked |safe in the templates.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# Vietnamese slugs: đ does not decompose under NFKD, so map it before Pelican's defaults.
SLUG_REGEX_SUBSTITUTIONS = [
    (r"[đĐ]", "d"),
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]
