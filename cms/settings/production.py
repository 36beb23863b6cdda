"""Production: hardened, and fails at start when a secret or a service is missing."""

from .base import *


def _require(name: str, value: object) -> None:
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production")


_require("DJANGO_SECRET_KEY", SECRET_KEY)
_require("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS)
_require("DATABASE_URL", DATABASE_URL)
_require("REDIS_URL", REDIS_URL)
_require("CCHC_IP_HASH_SALT", IP_HASH_SALT)
_require("SITE_ORIGIN", os.environ.get("SITE_ORIGIN"))

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
