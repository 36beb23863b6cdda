"""CloudFront invalidation of the paths a deploy changed or deleted."""

import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from botocore.exceptions import BotoCoreError, ClientError

from cms.publish.config import BuildError

# CloudFront bills invalidation paths past 1,000 a month; one wildcard counts as one path.
MAX_PATHS = 1000


def invalidation_paths(rels: Iterable[str], *, limit: int = MAX_PATHS) -> list[str]:
    """URL paths for the changed files (a page also as its folder URL), or ["/*"] past `limit`."""
    paths: set[str] = set()
    for rel in rels:
        path = "/" + quote(rel, safe="/")
        paths.add(path)
        if rel == "index.html" or rel.endswith("/index.html"):
            paths.add(path.removesuffix("index.html"))
    if len(paths) > limit:
        return ["/*"]
    return sorted(paths)


def invalidate(client: Any, distribution_id: str, paths: list[str]) -> str | None:
    """Create one invalidation for all paths; returns its id (None when there is nothing to do)."""
    if not paths:
        return None
    try:
        answer = client.create_invalidation(
            DistributionId=distribution_id,
            InvalidationBatch={
                "Paths": {"Quantity": len(paths), "Items": paths},
                "CallerReference": f"cchc-deploy-{uuid.uuid4()}",
            },
        )
    except (BotoCoreError, ClientError) as exc:
        raise BuildError(
            f"Đã tải trang lên nhưng không xóa được bộ nhớ đệm CDN (CloudFront {distribution_id}): {exc}"
        ) from exc
    return answer["Invalidation"]["Id"]
