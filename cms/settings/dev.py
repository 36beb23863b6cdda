"""Local development and the one-command demo: SQLite, DEBUG, throwaway secrets."""

from .base import *

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-not-for-production"
IP_HASH_SALT = IP_HASH_SALT or "dev-only-salt"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "testserver"]

# The demo's SQLite file, search index and media live here; a fresh clone has no var/ yet.
VAR_DIR.mkdir(parents=True, exist_ok=True)
