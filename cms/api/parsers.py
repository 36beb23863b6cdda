"""A JSON parser that refuses oversized bodies before reading them whole."""

import json

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "payload_too_large"

    def __init__(self, limit: int):
        super().__init__(f"Nội dung gửi lên quá lớn (tối đa {limit // 1024} KB).")


class InvalidJson(ParseError):
    default_detail = "Dữ liệu gửi lên không phải JSON hợp lệ (UTF-8)."
    default_code = "invalid_json"


class LimitedJSONParser(JSONParser):
    """Parse a JSON object of at most CCHC_API_MAX_BODY bytes, UTF-8 only."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.CCHC_API_MAX_BODY
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise PayloadTooLarge(limit)
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge(limit)
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise InvalidJson from exc
