"""Turning abuse away without CAPTCHA or cookies: proof of work with a time trap, honeypot, throttles, flags.

- A submission carries `stamp = "<t>:<nonce>"`: `t` is when the form was first shown (milliseconds since
  the epoch) and `sha256("<client_key>:<t>:<nonce>")` must start with CCHC_POW_BITS zero bits. The client
  key is new for every submission, so each one costs the sender the work, and checking costs one hash.
  A stamp younger than CCHC_MIN_FILL_SECONDS is refused (people do not fill a form that fast); an old one is
  accepted for CCHC_STAMP_MAX_AGE_DAYS, because an offline outbox may send days later.
- The honeypot `website` is hidden from people; a filled one is answered normally and stored as spam.
- Throttles count in the cache (Redis in production, shared by every worker) with one atomic increment.
- Texts that are the same up to case, diacritics, punctuation and spacing share a fingerprint; many of them
  (or many from one source) in a day are flagged for moderators, not refused.
"""

import hashlib
import re
import secrets
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import serializers
from rest_framework.throttling import BaseThrottle

from cms.api.base import PublicApiView, client_ip_hash
from cms.api.fields import StrictCharField
from cms.search.analysis import fold

STAMP_RE = re.compile(r"^(\d{1,15}):([0-9a-z]{1,20})$")
FUTURE_SKEW_MS = 60_000
NULL_BODY = "Dữ liệu không hợp lệ: cần một đối tượng JSON nhưng nhận được null."
STAMP_MESSAGES = {
    "missing": "Thiếu mã chống gửi tự động. Vui lòng tải lại trang rồi gửi lại.",
    "malformed": "Mã chống gửi tự động không hợp lệ. Vui lòng tải lại trang rồi gửi lại.",
    "too_fast": "Biểu mẫu được gửi quá nhanh. Vui lòng đợi vài giây rồi gửi lại.",
    "expired": "Biểu mẫu đã mở quá lâu. Vui lòng tải lại trang rồi gửi lại.",
    "future": "Đồng hồ của thiết bị lệch quá nhiều. Vui lòng chỉnh lại giờ rồi gửi lại.",
    "work": "Mã chống gửi tự động không đúng. Vui lòng tải lại trang rồi gửi lại.",
}


class ClientKeyConflict(Exception):
    """The same client key (idempotency key) was sent again with a different submission."""


class SubmissionInput(serializers.Serializer):
    """Fields every citizen submission carries besides its own."""

    client_key = serializers.UUIDField()
    stamp = StrictCharField(max_length=40, required=False, allow_blank=True, default="")
    website = StrictCharField(
        max_length=500, required=False, allow_blank=True, default="", trim_whitespace=False
    )


def _digest(client_key: uuid.UUID | str, issued_ms: int, nonce: str) -> bytes:
    return hashlib.sha256(f"{client_key}:{issued_ms}:{nonce}".encode()).digest()


def _leading_zero_bits(digest: bytes) -> int:
    value = int.from_bytes(digest[:8], "big")
    return 64 - value.bit_length()


def stamp_problem(client_key: uuid.UUID | str, stamp: str, *, now_ms: int | None = None) -> str | None:
    """The reason a stamp is refused (a key of STAMP_MESSAGES), or None when it is good."""
    if not stamp:
        return "missing"
    match = STAMP_RE.match(stamp)
    if match is None:
        return "malformed"
    issued_ms, nonce = int(match[1]), match[2]
    now_ms = int(time.time() * 1000) if now_ms is None else now_ms
    age_ms = now_ms - issued_ms
    if age_ms < -FUTURE_SKEW_MS:
        return "future"
    if age_ms < settings.CCHC_MIN_FILL_SECONDS * 1000:
        return "too_fast"
    if age_ms > settings.CCHC_STAMP_MAX_AGE_DAYS * 86_400_000:
        return "expired"
    if _leading_zero_bits(_digest(client_key, issued_ms, nonce)) < settings.CCHC_POW_BITS:
        return "work"
    return None


def solve_stamp(client_key: uuid.UUID | str, *, issued_ms: int | None = None, bits: int | None = None) -> str:
    """A valid stamp for `client_key` (issued 10 s ago by default): for tests and benchmarks."""
    issued_ms = int(time.time() * 1000) - 10_000 if issued_ms is None else issued_ms
    bits = settings.CCHC_POW_BITS if bits is None else bits
    counter = 0
    while True:
        nonce = format(counter, "x")
        if _leading_zero_bits(_digest(client_key, issued_ms, nonce)) >= bits:
            return f"{issued_ms}:{nonce}"
        counter += 1


def submission_guard(data: dict) -> bool:
    """Check the stamp of validated input, drop the anti-abuse fields, and say whether it is spam."""
    problem = stamp_problem(data["client_key"], data.pop("stamp", ""))
    if problem is not None:
        raise serializers.ValidationError({"stamp": [STAMP_MESSAGES[problem]]})
    return bool(data.pop("website", ""))


# --- Near-identical submissions -------------------------------------------------------------------
_NON_WORD = re.compile(r"[\W_]+")


def fingerprint(*texts: str) -> str:
    """A key shared by texts equal up to case, diacritics, punctuation and spacing; "" for no text."""
    words = " ".join(" ".join(_NON_WORD.sub(" ", fold(text)).split()) for text in texts if text).strip()
    return hashlib.sha1(words.encode(), usedforsecurity=False).hexdigest() if words else ""


def _recent(queryset: QuerySet) -> QuerySet:
    since = timezone.now() - timedelta(hours=settings.CCHC_DUPLICATE_WINDOW_HOURS)
    return queryset.filter(created_at__gte=since)


def near_duplicate(queryset: QuerySet, *, fingerprint: str, ip_hash: str) -> bool:
    """Whether a new submission to this form repeats recent ones (same text, or many from one source).

    Counts are bounded (LIMIT threshold) so a flood costs no more to check than a trickle.
    """
    recent = _recent(queryset)
    if fingerprint:
        need = settings.CCHC_DUPLICATE_THRESHOLD - 1
        if recent.filter(fingerprint=fingerprint).values("pk")[:need].count() >= need:
            return True
    if ip_hash:
        need = settings.CCHC_SAME_SOURCE_THRESHOLD - 1
        if recent.filter(ip_hash=ip_hash).values("pk")[:need].count() >= need:
            return True
    return False


def flag_matches(queryset: QuerySet, *, fingerprint: str) -> int:
    """Flag the recent submissions sharing a fingerprint, so moderators see the whole group."""
    if not fingerprint:
        return 0
    return _recent(queryset).filter(fingerprint=fingerprint, flagged=False).update(flagged=True)


# --- Throttles --------------------------------------------------------------------------------------
# Fixed-window counters: increment each key, give a new key its window as time to live, return the counts.
_COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call('INCR', key)
  if counts[i] == 1 then redis.call('EXPIRE', key, ARGV[1]) end
end
return counts
"""


def _redis_counter(cache: RedisCache):
    """The counting script on the cache's writing Redis client, made once per process."""
    script = getattr(cache, "_cchc_counter", None)
    if script is None:
        client = cache._cache.get_client(write=True)  # noqa: SLF001 - one round trip per request
        script = client.register_script(_COUNT_SCRIPT)
        cache._cchc_counter = script
    return script


def _counts(keys: list[str], window: int) -> list[int]:
    """Increment fixed-window counters atomically and return them (one round trip on Redis)."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        full_keys = [cache.make_and_validate_key(key) for key in keys]
        return [int(n) for n in _redis_counter(cache)(keys=full_keys, args=[window])]
    counts = []
    for key in keys:
        cache.add(key, 0, window)
        try:
            counts.append(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
            counts.append(1)
    return counts


def _rate(scope: str) -> tuple[int, int]:
    """A scope's rate from the settings ("20/min") as (count, window in seconds)."""
    text = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(scope, "")
    count, _, period = text.partition("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


class _WindowThrottle(BaseThrottle):
    """A fixed-window limit per client (salted address hash) and key; rates like DRF's ("20/min")."""

    scope = ""

    def key(self, request, view) -> str:
        raise NotImplementedError

    def counter(self, request, view) -> tuple[str, int, int]:
        """This request's counter key, the limit and the window (seconds)."""
        limit, window = _rate(self.scope)
        if not hasattr(request, "ip_hash"):
            request.ip_hash = client_ip_hash(request)
        now = int(time.time())
        self.wait_seconds = window - now % window
        slot = now // window
        return f"thr:{self.scope}:{self.key(request, view)}:{request.ip_hash[:32]}:{slot}", limit, window

    def allow_request(self, request, view) -> bool:
        key, limit, window = self.counter(request, view)
        counted = getattr(request, "cchc_within_limits", None)
        if counted is not None:  # the fast path counted this request already (cms/api/fastpath.py)
            return counted
        return _counts([key], window)[0] <= limit

    def wait(self) -> float:
        return self.wait_seconds


class ClientRateThrottle(_WindowThrottle):
    """All submissions of one client, across every form."""

    scope = "submit"

    def key(self, request, view) -> str:
        return "all"


class FormRateThrottle(_WindowThrottle):
    """Submissions of one client to one form (a consultation, a survey, the question form)."""

    scope = "submit_form"

    def key(self, request, view) -> str:
        form_key = getattr(view, "throttle_form_key", None)
        if form_key is not None:
            return str(form_key(request))
        return type(view).__name__ + ":" + ":".join(f"{k}={v}" for k, v in sorted(view.kwargs.items()))


def within_limits(request, view) -> bool:
    """Count a submission in both throttles (one round trip) and say whether it is within both.

    The same counters as ClientRateThrottle and FormRateThrottle, for the fast path (cms/api/fastpath.py).
    """
    counters = [throttle().counter(request, view) for throttle in (ClientRateThrottle, FormRateThrottle)]
    windows = {window for _, _, window in counters}
    if len(windows) == 1:
        counts = _counts([key for key, _, _ in counters], windows.pop())
    else:
        counts = [_counts([key], window)[0] for key, _, window in counters]
    return all(n <= limit for n, (_, limit, _) in zip(counts, counters, strict=True))


class PublicSubmitApi(PublicApiView):
    """Base for endpoints that accept citizens' submissions."""

    throttle_classes = [ClientRateThrottle, FormRateThrottle]

    def submission(self, request) -> tuple[dict, bool]:
        """The validated fields (stamp checked, anti-abuse fields dropped) and whether it is spam."""
        if request.data is None:  # JSON null: DRF's own message for it is English and untranslatable
            raise serializers.ValidationError({"non_field_errors": [NULL_BODY]})
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        return fields, submission_guard(fields)

    def ip_hash(self) -> str:
        if not hasattr(self.request, "ip_hash"):
            self.request.ip_hash = client_ip_hash(self.request)
        return self.request.ip_hash


def new_client_key() -> uuid.UUID:
    """A client key as the widget makes one: for tests and benchmarks."""
    return uuid.UUID(bytes=secrets.token_bytes(16), version=4)
