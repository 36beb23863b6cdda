"""The fast path for well-formed submissions: what a national campaign sends, at a fraction of the cost.

A valid question costs the full DRF path about 7 ms of CPU (request wrapping, negotiation, the
serializer, two throttle round trips, three ORM queries); the public API must take 1,000 of them
a second on two cores. `fast_submit` answers a submission only when everything about it is
ordinary: a JSON object of known string fields under the size limit, a good stamp, no honeypot,
within both rate limits, a new client key. It validates with the very serializer fields of the
endpoint, counts both throttles in one Redis round trip and stores the row with one SQL statement
that also computes the near-duplicate flag. The statement runs in autocommit, so the row is
committed before the 201 is sent.

Anything else (a malformed body, a refused field, a bad stamp, a honeypot, a throttled client, a
replayed key, a rare tracking-code collision) returns None and the request goes through the full
DRF path, which gives the same Vietnamese answers as before. The body is read once: Django keeps
it for DRF's parser. `CCHC_API_FAST_PATH=0` turns the fast path off.
"""

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from rest_framework import serializers

from cms.api.abuse import fingerprint, stamp_problem, within_limits
from cms.api.base import client_ip_hash
from cms.search.analysis import normalize

ANTI_ABUSE_FIELDS = ("stamp", "website")


def read_object(request: HttpRequest) -> dict[str, Any] | None:
    """The JSON object of an ordinary POST, or None (let DRF's parser explain what is wrong)."""
    if request.method != "POST" or not request.content_type == "application/json":
        return None
    declared = request.META.get("CONTENT_LENGTH", "")
    if not declared.isdigit() or int(declared) > settings.CCHC_API_MAX_BODY:
        return None
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def validated(data: dict[str, Any], fields: dict[str, serializers.Field]) -> dict[str, Any] | None:
    """Run each serializer field on its value (defaults for the missing ones); None on any refusal.

    Only strings are taken: a value of another JSON type is left to the full path's messages.
    """
    if not data.keys() <= fields.keys():
        return None
    out = {}
    for name, field in fields.items():
        value = data.get(name, serializers.empty)
        if value is not serializers.empty and not isinstance(value, str):
            return None
        try:
            value = field.run_validation(value)
        except (serializers.ValidationError, serializers.SkipField):
            return None
        out[name] = normalize(value) if isinstance(value, str) else value
    return out


def ordinary(request: HttpRequest, view, fields: dict[str, serializers.Field]) -> dict[str, Any] | None:
    """The validated fields of an ordinary submission, its stamp checked and its client counted."""
    data = read_object(request)
    if data is None:
        return None
    values = validated(data, fields)
    if values is None or values.pop("website", ""):
        return None  # refused, or a honeypot: the full path stores it as spam
    if stamp_problem(values["client_key"], values.pop("stamp", "")) is not None:
        return None
    request.ip_hash = client_ip_hash(request)
    if not within_limits(request, view):
        return None  # the full path counts once more and answers 429
    return values


def created(payload: dict[str, str]) -> HttpResponse:
    """The 201 the full path sends (DRF's compact UTF-8 JSON, its Allow header)."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, status=201, content_type="application/json")
    response["Allow"] = "POST, OPTIONS"
    return response


_FIELDS: dict[type, dict[str, serializers.Field]] = {}


def input_fields(serializer_class: type[serializers.Serializer]) -> dict[str, serializers.Field]:
    """A serializer's bound fields, built once per process (building them deep-copies every field)."""
    if serializer_class not in _FIELDS:
        _FIELDS[serializer_class] = dict(serializer_class().fields)
    return _FIELDS[serializer_class]


def enabled() -> bool:
    return settings.CCHC_API_FAST_PATH


def fast_submit(
    request: HttpRequest, view, fields: dict[str, serializers.Field], store: Callable[..., dict | None]
) -> HttpResponse | None:
    """Answer an ordinary submission with `store(**values, ip_hash=..., fingerprint=...)`, else None."""
    if not enabled():
        return None
    values = ordinary(request, view, fields)
    if values is None:
        return None
    values.update(ip_hash=request.ip_hash, fingerprint=fingerprint(values.get("body", "")))
    # Django checks a kept connection with an extra round trip at each request's first query
    # (CONN_HEALTH_CHECKS); here the statement itself is the check: on a dead connection it fails,
    # and is sent once more on a new one. A row committed just before the failure makes the retry
    # a replay, which the full path answers with that row.
    connection.health_check_done = True
    try:
        try:
            stored = store(**values)
        except (OperationalError, InterfaceError):
            if connection.in_atomic_block:
                raise
            connection.close()
            stored = store(**values)
    except DatabaseError:
        # A tracking-code collision, or the database still away: the full path tries in its own way.
        connection.close_if_unusable_or_obsolete()
        return None
    return None if stored is None else created(stored)


def insert_new(model, values: dict[str, Any], *, returning: tuple[str, ...]) -> dict[str, Any] | None:
    """Insert one submission with one statement (autocommit); None when its client key exists.

    `values` holds field names and values; other fields get their defaults (`auto_now` ones the time).
    The near-duplicate flag is computed in the same statement, with the rule of
    cms.api.abuse.near_duplicate: the CCHC_DUPLICATE_THRESHOLD-th text with the same fingerprint, or
    the CCHC_SAME_SOURCE_THRESHOLD-th submission from one address hash, within the window, in this
    table. The caller passes a non-empty fingerprint and ip_hash.
    """
    now = timezone.now()
    since = now - timedelta(hours=settings.CCHC_DUPLICATE_WINDOW_HOURS)
    table = connection.ops.quote_name(model._meta.db_table)
    q = connection.ops.quote_name
    columns, params = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname == "flagged":
            continue
        if field.attname in values:
            value = values[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        columns.append(q(field.column))
        params.append(field.get_db_prep_save(value, connection))
    created_at = model._meta.get_field("created_at").get_db_prep_save(since, connection)
    # Identifiers come from the model's meta, quoted; every value is a parameter.
    recent = f"SELECT 1 FROM {table} WHERE {{}} = %s AND {q('created_at')} >= %s LIMIT %s"  # noqa: S608
    text_need = settings.CCHC_DUPLICATE_THRESHOLD - 1
    source_need = settings.CCHC_SAME_SOURCE_THRESHOLD - 1
    sql = (
        f"WITH same_text AS (SELECT count(*) AS n FROM ({recent.format(q('fingerprint'))}) t), "  # noqa: S608
        f"same_source AS (SELECT count(*) AS n FROM ({recent.format(q('ip_hash'))}) s) "
        f"INSERT INTO {table} ({', '.join(columns)}, {q('flagged')}) "
        f"SELECT {', '.join(['%s'] * len(params))}, (same_text.n >= %s OR same_source.n >= %s) "
        f"FROM same_text, same_source WHERE true "
        f"ON CONFLICT ({q('client_key')}) DO NOTHING "
        f"RETURNING {', '.join(q(name) for name in returning)}"
    )
    args = [
        values["fingerprint"],
        created_at,
        text_need,
        values["ip_hash"],
        created_at,
        source_need,
        *params,
        text_need,
        source_need,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        row = cursor.fetchone()
    return None if row is None else dict(zip(returning, row, strict=True))
