"""Settings shared by every environment; the only place that reads the environment."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("CCHC_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "cms.core",
    "cms.units",
    "cms.news",
    "cms.documents",
    "cms.consultations",
    "cms.qa",
    "cms.surveys",
    "cms.indices",
    "cms.search",
    "cms.api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Publish on save; before cms.editorial, so its "rebuild_site" permission exists for the roles set-up.
    "cms.builds",
    # Last: its post_migrate set-up needs every other app's permissions to exist.
    "cms.editorial",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# CMS_ROLE=api serves only the public API (public hosts); "cms" adds the admin (internal host).
CMS_ROLE = os.environ.get("CMS_ROLE", "cms")
if CMS_ROLE not in {"cms", "api"}:
    raise ImproperlyConfigured("CMS_ROLE must be 'cms' or 'api'")
ROOT_URLCONF = "cms.api.urls" if CMS_ROLE == "api" else "cms.urls"
if CMS_ROLE == "api":
    # Public hosts keep no session, user, message or CSRF cookie and answer in Vietnamese only:
    # the other middleware cost time on every submission (bench/README.md).
    MIDDLEWARE = [
        "corsheaders.middleware.CorsMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
    ]
    # The admin is installed (migrations, models) but not routed on public hosts.
    SILENCED_SYSTEM_CHECKS = ["admin.E408", "admin.E409", "admin.E410"]
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    if DATABASE_URL
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "cchc.sqlite3",
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            # Transactions take the write lock when they begin, so concurrent writers (API workers,
            # the demo's scheduler and build threads) wait on the busy timeout instead of failing.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cchc"}
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# --- Wagtail -------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Cổng thông tin Cải cách hành chính"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]
WAGTAILADMIN_USER_LOGIN_FORM = "cms.core.admin_forms.VietnameseLoginForm"
# Original files of legal documents and drafts; nothing executable or scriptable (no HTML, SVG).
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "doc",
    "docx",
    "odt",
    "rtf",
    "xls",
    "xlsx",
    "ods",
    "csv",
    "ppt",
    "pptx",
    "zip",
]  # noqa: E501
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILAPI_LIMIT_MAX = 500

# --- The public API ------------------------------------------------------------------------
REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "cms.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "submit": os.environ.get("CCHC_SUBMIT_RATE", "20/min"),
        "search": os.environ.get("CCHC_SEARCH_RATE", "120/min"),
        "submit_form": os.environ.get("CCHC_SUBMIT_FORM_RATE", "6/min"),
        "status": os.environ.get("CCHC_STATUS_RATE", "60/min"),
    },
    "NUM_PROXIES": int(os.environ.get("CCHC_NUM_PROXIES", "0")) or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API công khai của Cổng thông tin CCHC",
    "VERSION": "1",
    "DESCRIPTION": (
        "API công khai duy nhất mà trang tĩnh gọi tới: gửi câu hỏi, góp ý dự thảo, trả lời khảo sát, "
        "tra cứu trạng thái, tìm kiếm và dữ liệu chỉ số. Chỉ nhận và trả JSON, không dùng cookie; "
        'mọi lỗi trả lời bằng tiếng Việt dạng {"detail": ..., "errors": {...}}.'
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page loads Swagger UI from our own static files: it works without internet access.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_AUTHENTICATION": [],
}
# Anti-abuse (cms/api/abuse.py): proof-of-work difficulty, the time trap, how long an offline
# outbox may hold a submission, and when repeated texts or one source's volume get flagged.
CCHC_POW_BITS = int(os.environ.get("CCHC_POW_BITS", "14"))
CCHC_MIN_FILL_SECONDS = int(os.environ.get("CCHC_MIN_FILL_SECONDS", "3"))
CCHC_STAMP_MAX_AGE_DAYS = int(os.environ.get("CCHC_STAMP_MAX_AGE_DAYS", "30"))
CCHC_DUPLICATE_WINDOW_HOURS = int(os.environ.get("CCHC_DUPLICATE_WINDOW_HOURS", "24"))
CCHC_DUPLICATE_THRESHOLD = int(os.environ.get("CCHC_DUPLICATE_THRESHOLD", "3"))
CCHC_SAME_SOURCE_THRESHOLD = int(os.environ.get("CCHC_SAME_SOURCE_THRESHOLD", "30"))
# Largest JSON body the public API reads, in bytes.
CCHC_API_MAX_BODY = int(os.environ.get("CCHC_API_MAX_BODY", str(64 * 1024)))
# Ordinary submissions skip DRF's machinery (cms/api/fastpath.py); "0" sends every one through DRF.
CCHC_API_FAST_PATH = os.environ.get("CCHC_API_FAST_PATH", "1") == "1"
# How long an API worker keeps a survey's definition for the fast path (0: read it every time).
CCHC_SURVEY_CACHE_SECONDS = int(os.environ.get("CCHC_SURVEY_CACHE_SECONDS", "30"))

# The static site's origin is the only one allowed to call the API from a browser.
SITE_ORIGIN = os.environ.get("SITE_ORIGIN", "http://127.0.0.1:8080")
CORS_ALLOWED_ORIGINS = [o for o in SITE_ORIGIN.split(",") if o]
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "POST", "OPTIONS"]

# Salt for hashing citizens' IP addresses; never store a raw address.
IP_HASH_SALT = os.environ.get("CCHC_IP_HASH_SALT", "")
# Days citizens' personal data (name, e-mail, phone, IP hash) is kept: `python -m cms purge_personal_data`.
CCHC_PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("CCHC_PERSONAL_DATA_RETENTION_DAYS", "365"))

# Where the whoosh index lives; build.py writes it, the search API reads it.
SEARCH_INDEX_DIR = Path(os.environ.get("CCHC_SEARCH_INDEX_DIR", VAR_DIR / "search-index"))
# Each API worker keeps the latest answers in memory until a new index is swapped in ("0": off).
SEARCH_RESULT_CACHE = os.environ.get("CCHC_SEARCH_RESULT_CACHE", "1") != "0"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CCHC_LOG_LEVEL", "WARNING")},
    # The build worker says what it does (in Vietnamese) even when the rest logs only warnings.
    "loggers": {"cms.builds": {"level": os.environ.get("CCHC_BUILD_LOG_LEVEL", "INFO")}},
}

# --- Publish on save (cms.builds) -----------------------------------------------------------
# How often the build worker looks for pending build requests, in seconds.
BUILD_POLL_SECONDS = float(os.environ.get("CCHC_BUILD_POLL_SECONDS", "5"))
# A run still "running" after this long (its worker was killed) is marked failed when a worker starts.
BUILD_STALE_MINUTES = float(os.environ.get("CCHC_BUILD_STALE_MINUTES", "60"))
