"""The anti-abuse building blocks: stamps (proof of work + time trap), fingerprints, throttles."""

import time
import uuid

import pytest
import redis
from django.core.cache import cache, caches
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIRequestFactory

from cms.api import abuse

KEY = uuid.UUID("1b4e28ba-2fa1-41d2-883f-0016d3cca427")


def now_ms() -> int:
    return int(time.time() * 1000)


def test_solved_stamp_is_accepted_and_costs_the_configured_work(settings):
    settings.CCHC_POW_BITS = 12
    stamp = abuse.solve_stamp(KEY)
    issued, nonce = stamp.split(":")
    assert abuse.stamp_problem(KEY, stamp) is None
    assert abuse._leading_zero_bits(abuse._digest(KEY, int(issued), nonce)) >= 12


def test_stamp_is_bound_to_its_client_key(settings):
    settings.CCHC_POW_BITS = 16
    stamp = abuse.solve_stamp(KEY)
    other = uuid.UUID("00000000-0000-4000-8000-000000000000")
    # A 16-bit proof for one key passes for another with probability 1/65536: this nonce does not.
    assert abuse.stamp_problem(other, stamp) == "work"


@pytest.mark.parametrize(
    ("stamp", "problem"),
    [
        ("", "missing"),
        ("abc", "malformed"),
        ("12:<script>", "malformed"),
        ("1:" + "a" * 21, "malformed"),
    ],
)
def test_malformed_stamps(stamp, problem):
    assert abuse.stamp_problem(KEY, stamp) == problem


def test_time_trap_refuses_a_form_sent_within_seconds_and_accepts_an_old_outbox_entry(settings):
    settings.CCHC_POW_BITS = 4
    fast = abuse.solve_stamp(KEY, issued_ms=now_ms() - 1000)
    assert abuse.stamp_problem(KEY, fast) == "too_fast"
    ten_days = abuse.solve_stamp(KEY, issued_ms=now_ms() - 10 * 86_400_000)
    assert abuse.stamp_problem(KEY, ten_days) is None
    stale = abuse.solve_stamp(KEY, issued_ms=now_ms() - 31 * 86_400_000)
    assert abuse.stamp_problem(KEY, stale) == "expired"
    future = abuse.solve_stamp(KEY, issued_ms=now_ms() + 120_000)
    assert abuse.stamp_problem(KEY, future) == "future"


def test_guard_pops_the_fields_reports_spam_and_raises_in_vietnamese():
    data = {"client_key": KEY, "stamp": abuse.solve_stamp(KEY), "website": "http://spam", "body": "x"}
    assert abuse.submission_guard(data) is True
    assert data == {"client_key": KEY, "body": "x"}
    with pytest.raises(ValidationError) as caught:
        abuse.submission_guard({"client_key": KEY, "stamp": "", "website": ""})
    assert "chống gửi tự động" in str(caught.value.detail["stamp"][0])


def test_fingerprint_ignores_case_diacritics_punctuation_and_spacing():
    a = abuse.fingerprint("Đề nghị   sửa Điều 5, khoản 2!")
    assert a == abuse.fingerprint("de nghi sua dieu 5 khoan 2")
    assert a == abuse.fingerprint("ĐỀ NGHỊ SỬA ĐIỀU 5 — KHOẢN 2")
    assert a != abuse.fingerprint("Đề nghị sửa Điều 6, khoản 2")
    assert abuse.fingerprint("", "  ") == ""
    assert len(a) == 40


class FakeView:
    kwargs = {"page_id": 7}


def _request(ip: str):
    return APIRequestFactory().post("/api/v1/x", REMOTE_ADDR=ip)


def test_form_throttle_counts_per_client_and_per_form(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"submit_form": "3/min"}}
    cache.clear()
    throttle = abuse.FormRateThrottle()
    view = FakeView()
    assert [throttle.allow_request(_request("10.0.0.1"), view) for _ in range(4)] == [True, True, True, False]
    assert 0 < throttle.wait() <= 60
    # Another client, and the same client on another form, have their own counters.
    assert throttle.allow_request(_request("10.0.0.2"), view)
    other_form = FakeView()
    other_form.kwargs = {"page_id": 8}
    assert throttle.allow_request(_request("10.0.0.1"), other_form)


def test_counters_are_shared_through_redis_with_one_atomic_increment(settings):
    redis_url = "redis://127.0.0.1:6379/15"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    caches["default"].clear()
    assert [abuse._counts(["thr:test", "thr:other"], 60) for _ in range(3)] == [[1, 1], [2, 2], [3, 3]]
    assert abuse._counts(["thr:other"], 60) == [4]
    client = redis.Redis.from_url(redis_url)
    keys = client.keys("*thr:*")
    assert len(keys) == 2 and all(0 < client.ttl(key) <= 60 for key in keys)
    caches["default"].clear()
