"""Where export reads published pages from: Wagtail's API v2, over HTTP or in process."""

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any, Protocol

from cms.publish.config import BuildConfig, BuildError

PAGE_SIZE = 200


class Transport(Protocol):
    def get(self, path: str, params: dict[str, str]) -> dict[str, Any]: ...


class HttpTransport:
    """Reads a CMS on another host (CMS_API_URL)."""

    def __init__(self, base_url: str, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        url = f"{self.base_url}{path}?{urllib.parse.urlencode(params)}"
        if not url.startswith(("http://", "https://")):
            raise BuildError(f"CMS_API_URL phải bắt đầu bằng http:// hoặc https://: {self.base_url}")
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310 - scheme checked
                return json.load(response)
        except OSError as exc:
            raise BuildError(f"Không đọc được API của CMS tại {url}: {exc}") from exc


class InProcessTransport:
    """Calls the API views of the CMS this process runs (the usual case: build next to the CMS)."""

    def __init__(self, host: str):
        from django.test import Client  # the WSGI handler in process: real URLs, views, serializers

        self.client = Client(HTTP_HOST=host)

    def get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        response = self.client.get(path, params)
        if response.status_code != 200:
            raise BuildError(
                f"API của CMS trả lời {response.status_code} cho {path}: {response.content[:300]!r}"
            )
        return response.json()


def transport_for(config: BuildConfig) -> Transport:
    return HttpTransport(config.cms_api_url) if config.cms_api_url else InProcessTransport(config.cms_host)


def published_pages(
    transport: Transport, page_type: str, *, fields: str = "*", **filters: str
) -> Iterator[dict[str, Any]]:
    """Every live, public page of a type, as Wagtail's API gives it, rich text in Markdown."""
    offset = 0
    while True:
        params = {
            "type": page_type,
            "fields": fields,
            "rich_text_format": "markdown",
            "limit": str(PAGE_SIZE),
            "offset": str(offset),
            "order": "id",
            **filters,
        }
        data = transport.get("/api/v2/pages/", params)
        items = data.get("items", [])
        yield from items
        offset += len(items)
        if not items or offset >= data.get("meta", {}).get("total_count", 0):
            return
