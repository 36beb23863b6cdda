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
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from rest_framework import serializers

from cms.api.abuse import flag_matches, stamp_problem, within_limits
from cms.api.base import client_ip_hash
from cms.search.analysis import normalize


def read_object(request: HttpRequest) -> dict[str, Any] | None:
    """The JSON object of an ordinary POST, or None (let DRF's parser explain what is wrong)."""
    if request.method != "POST" or request.content_type != "application/json":
        return None
    declared = request.META.get("CONTENT_LENGTH", "")
    if not declared.isdigit() or int(declared) > settings.CCHC_API_MAX_BODY:
        return None
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def validated(
    data: dict[str, Any], fields: dict[str, serializers.Field], structured: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """Run each serializer field on its value (defaults for the missing ones); None on any refusal.

    Only strings are taken, and JSON objects or arrays for the `structured` fields: a value of
    another type is left to the full path's messages.
    """
    if not data.keys() <= fields.keys():
        return None
    out = {}
    for name, field in fields.items():
        value = data.get(name, serializers.empty)
        if value is not serializers.empty and not isinstance(value, str) and name not in structured:
            return None
        try:
            value = field.run_validation(value)
        except (serializers.ValidationError, serializers.SkipField):
            return None
        out[name] = normalize(value) if isinstance(value, str) else value
    return out


def ordinary(
    request: HttpRequest, view, fields: dict[str, serializers.Field], structured: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """The validated fields of an ordinary submission, its stamp checked and its client counted."""
    data = read_object(request)
    if data is None:
        return None
    values = validated(data, fields, structured)
    if values is None or values.pop("website", ""):
        return None  # refused, or a honeypot: the full path stores it as spam
    if stamp_problem(values["client_key"], values.pop("stamp", "")) is not None:
        return None
    request.ip_hash = client_ip_hash(request)
    # Counted once: the full path's throttles read this instead of counting again.
    request.cchc_within_limits = within_limits(request, view)
    return values if request.cchc_within_limits else None


def created(payload: dict[str, str]) -> HttpResponse:
    """The 201 the full path sends (DRF's compact UTF-8 JSON, its Allow header)."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, status=201, content_type="application/json")
    response["Allow"] = "POST, OPTIONS"
    return response


class FastPathHandler(WSGIHandler):
    """Django's WSGI handler, with ordinary submissions answered before URL resolution and DRF.

    Signals, the configured middleware (CORS, security headers, host checks) and the error handling
    stay Django's; only the innermost step (resolve the URL, build the view, DRF's request) is
    skipped for a POST to a path of `fast_routes()` that `fast_submit` accepts.
    """

    def _get_response(self, request):
        if request.method == "POST":
            for pattern, route in fast_routes():
                match = pattern.fullmatch(request.path_info)
                if match is not None:
                    response = route(request, **match.groupdict())
                    if response is not None:
                        return response
                    break
        return super()._get_response(request)


def fast_routes() -> list[tuple[re.Pattern, Callable[..., HttpResponse | None]]]:
    """(path pattern, fast path) of the endpoints that have one, built once per process."""
    global _ROUTES  # noqa: PLW0603 - a per-process table, built on first use
    if _ROUTES is None:
        from cms.qa.api import QuestionSubmitApi
        from cms.surveys.api import SurveyResponseSubmitApi

        _ROUTES = [
            (re.compile(r"/api/v1/questions"), QuestionSubmitApi.fast_route()),
            (
                re.compile(r"/api/v1/surveys/(?P<page_id>[0-9]{1,10})/responses"),
                SurveyResponseSubmitApi.fast_route(),
            ),
        ]
    return _ROUTES


_ROUTES: list | None = None
_FIELDS: dict[type, dict[str, serializers.Field]] = {}


def input_fields(serializer_class: type[serializers.Serializer]) -> dict[str, serializers.Field]:
    """A serializer's bound fields, built once per process (building them deep-copies every field)."""
    if serializer_class not in _FIELDS:
        _FIELDS[serializer_class] = dict(serializer_class().fields)
    return _FIELDS[serializer_class]


class FastPathView:
    """For a PublicSubmitApi with a fast path: `fast_store(**values, ip_hash=...)` stores an ordinary
    submission and returns its public answer, or None for the full path to answer.

    The WSGI handler calls it through `fast_route()`; `dispatch` tries it too, for requests that did
    not come through that handler (the test client, the CMS host).
    """

    fast_structured: tuple[str, ...] = ()  # fields that take a JSON object or array, not a string

    def fast_store(self, **values) -> dict | None:
        raise NotImplementedError

    @classmethod
    def fast_route(cls) -> Callable[..., HttpResponse | None]:
        def route(request, **kwargs):
            view = cls()
            view.kwargs = {name: int(value) for name, value in kwargs.items()}  # ids, as <int:…> gives
            return view.fast(request)

        return route

    def fast(self, request) -> HttpResponse | None:
        fields = input_fields(self.InputSerializer)
        return fast_submit(request, self, fields, self.fast_store, self.fast_structured)

    def dispatch(self, request, *args, **kwargs):
        return self.fast(request) or super().dispatch(request, *args, **kwargs)


def fast_submit(
    request: HttpRequest,
    view,
    fields: dict[str, serializers.Field],
    store: Callable[..., dict | None],
    structured: tuple[str, ...] = (),
) -> HttpResponse | None:
    """Answer an ordinary submission with `store(**values, ip_hash=...)` (its public answer), else None.

    `store` returns None for what it leaves to the full path (a replayed key, anything unusual).
    """
    if not settings.CCHC_API_FAST_PATH or getattr(request, "cchc_fast_path_tried", False):
        return None
    request.cchc_fast_path_tried = True
    values = ordinary(request, view, fields, structured)
    if values is None:
        return None
    values["ip_hash"] = request.ip_hash
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


_STATEMENTS: dict[tuple, tuple[str, list]] = {}


def _statement(model, returning: tuple[str, ...], scope: str | None) -> tuple[str, list]:
    """The insert statement for a model and how to fill each column, built once per process."""
    key = (model, returning, scope, connection.vendor)
    if key in _STATEMENTS:
        return _STATEMENTS[key]
    q = connection.ops.quote_name
    table = q(model._meta.db_table)
    columns, fill = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname == "flagged":
            continue
        columns.append(q(field.column))
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fill.append((field, "now", None))
        elif field.has_default() and callable(field.default):
            fill.append((field, "call", None))
        else:
            fill.append((field, "constant", field.get_db_prep_save(field.get_default(), connection)))
    # Identifiers come from the model's meta, quoted; every value is a parameter.
    in_scope = f"{q(scope)} = %s AND " if scope else ""
    recent = f"SELECT 1 FROM {table} WHERE {in_scope}{{}} = %s AND {q('created_at')} >= %s LIMIT %s"  # noqa: S608
    sql = (
        f"WITH same_text AS (SELECT count(*) AS n FROM ({recent.format(q('fingerprint'))}) t), "  # noqa: S608
        f"same_source AS (SELECT count(*) AS n FROM ({recent.format(q('ip_hash'))}) s) "
        f"INSERT INTO {table} ({', '.join(columns)}, {q('flagged')}) "
        f"SELECT {', '.join(['%s'] * len(columns))}, (same_text.n >= %s OR same_source.n >= %s) "
        f"FROM same_text, same_source WHERE true "
        f"ON CONFLICT ({q('client_key')}) DO NOTHING "
        f"RETURNING {', '.join(q(name) for name in (*returning, 'flagged'))}"
    )
    _STATEMENTS[key] = (sql, fill)
    return sql, fill


def insert_new(
    model, values: dict[str, Any], *, returning: tuple[str, ...], scope: str | None = None
) -> dict[str, Any] | None:
    """Insert one submission with one statement (autocommit); None when its client key exists.

    `values` holds field names and values; other fields get their defaults (`auto_now` ones the time).
    The near-duplicate flag is computed in the same statement, with the rule of
    cms.api.abuse.near_duplicate: the CCHC_DUPLICATE_THRESHOLD-th text with the same fingerprint, or
    the CCHC_SAME_SOURCE_THRESHOLD-th submission from one address hash, within the window, in this
    table (within one form: rows with the same `scope` column value). An empty fingerprint is never
    a text duplicate, as in near_duplicate; the caller passes a non-empty ip_hash. A flagged row
    flags its earlier look-alikes too (flag_matches). Returns the `returning` fields of the new row.
    """
    sql, fill = _statement(model, returning, scope)
    now = timezone.now()
    params = []
    for field, kind, constant in fill:
        if field.attname in values:
            params.append(field.get_db_prep_save(values[field.attname], connection))
        elif kind == "constant":
            params.append(constant)
        else:
            params.append(field.get_db_prep_save(now if kind == "now" else field.get_default(), connection))
    since = model._meta.get_field("created_at").get_db_prep_save(
        now - timedelta(hours=settings.CCHC_DUPLICATE_WINDOW_HOURS), connection
    )
    text_need = settings.CCHC_DUPLICATE_THRESHOLD - 1
    source_need = settings.CCHC_SAME_SOURCE_THRESHOLD - 1
    # No text: look at no row (LIMIT 0) and ask for one, so it is never a text duplicate.
    text_limit, text_flag = (text_need, text_need) if values["fingerprint"] else (0, 1)
    in_scope = [values[scope]] if scope else []
    args = [
        *in_scope,
        values["fingerprint"],
        since,
        text_limit,
        *in_scope,
        values["ip_hash"],
        since,
        source_need,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*args, *params, text_flag, source_need])
        row = cursor.fetchone()
    if row is None:
        return None
    *answer, flagged = row
    if flagged:
        same_form = model.objects.filter(**{scope: values[scope]}) if scope else model.objects.all()
        flag_matches(same_form, fingerprint=values["fingerprint"])
    return dict(zip(returning, answer, strict=True))
