"""Test settings: fast hashing, isolated folders, SQLite unless DATABASE_URL is set."""

import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"
IP_HASH_SALT = "test-only-salt"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
_TMP = Path(tempfile.mkdtemp(prefix="cchc-test-"))
MEDIA_ROOT = _TMP / "media"
SEARCH_INDEX_DIR = _TMP / "search-index"
if not DATABASE_URL:
    DATABASES["default"]["NAME"] = _TMP / "test.sqlite3"
    # A file, not Django's shared-cache in-memory test database: threads (live server, the demo's
    # scheduler) then wait on SQLite's busy timeout instead of failing with "table is locked".
    DATABASES["default"]["TEST"] = {"NAME": _TMP / "test-db.sqlite3"}
# Threads in tests (live server, scheduler) must not keep connections that block dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "1000/min"),
}
# Tests change surveys between requests: read the definition every time (one test turns this on).
CCHC_SURVEY_CACHE_SECONDS = 0
# A light proof-of-work keeps the browser tests quick; production asks for 14 bits.
CCHC_POW_BITS = 8
