"""Ship the search index to API hosts through the bucket: deploy uploads it, each API host pulls it.

The build host uploads the live index as one archive under `_search-index/` next to the site, then a
small pointer (`_search-index/current.json`: archive name, SHA-256). An API host runs
`python -m cms pull_search_index` (every minute from a timer, or `--watch`): when the pointer names a
new archive, it downloads it, checks the digest, unpacks it beside the live index and swaps the
symlink in one rename; the search API opens the new index on its next query. Deploy never deletes
keys under `_search-index/`; old archives are removed here, keeping the previous one for hosts that
are still downloading it. The archive holds only published text (what the site shows); still, the
CDN need not serve `_search-index/*` (see docs/deploy.md).
"""

import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cms.publish.config import BuildConfig, BuildError
from cms.publish.index import swap_in

INDEX_DIR = "_search-index"
POINTER = f"{INDEX_DIR}/current.json"
PULLED_STATE = "search-index-pulled.json"


@dataclass(frozen=True)
class Shipped:
    archive: str
    sha256: str
    uploaded: bool


def _key(prefix: str, rel: str) -> str:
    return f"{prefix}/{rel}" if prefix else rel


def is_index_key(config: BuildConfig, key: str) -> bool:
    return key.startswith(_key(config.s3_prefix, INDEX_DIR + "/"))


def _pointer(client: Any, bucket: str, prefix: str) -> dict | None:
    try:
        body = client.get_object(Bucket=bucket, Key=_key(prefix, POINTER))["Body"].read()
    except client.exceptions.NoSuchKey:
        return None
    return json.loads(body)


def _archive(folder: Path) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for path in sorted(folder.iterdir()):
            tar.add(path, arcname=path.name)
    return buffer.getvalue()


def ship(config: BuildConfig, client: Any) -> Shipped | None:
    """Upload the live index and point at it, unless the bucket already has this one."""
    link = config.search_index_dir
    if not link.exists():
        return None
    live = Path(os.path.realpath(link))
    archive = f"{live.name}.tar.gz"
    current = _pointer(client, config.s3_bucket, config.s3_prefix)
    if current and current.get("archive") == archive:
        return Shipped(archive, current["sha256"], uploaded=False)
    data = _archive(live)
    digest = hashlib.sha256(data).hexdigest()
    bucket, prefix = config.s3_bucket, config.s3_prefix
    client.put_object(
        Bucket=bucket, Key=_key(prefix, f"{INDEX_DIR}/{archive}"), Body=data, ContentType="application/gzip"
    )
    pointer = {"archive": archive, "sha256": digest, "bytes": len(data), "shipped_at": int(time.time())}
    client.put_object(
        Bucket=bucket,
        Key=_key(prefix, POINTER),
        Body=json.dumps(pointer).encode(),
        ContentType="application/json",
        CacheControl="no-cache",
    )
    keep = {archive, (current or {}).get("archive")}
    listed = client.list_objects_v2(Bucket=bucket, Prefix=_key(prefix, INDEX_DIR + "/")).get("Contents", [])
    for item in listed:
        name = item["Key"].rsplit("/", 1)[-1]
        if name.endswith(".tar.gz") and name not in keep:
            client.delete_object(Bucket=bucket, Key=item["Key"])
    return Shipped(archive, digest, uploaded=True)


def pull(config: BuildConfig, client: Any, index_link: Path) -> str | None:
    """Install the index the bucket points at, if it is new here; the archive's name, else None."""
    current = _pointer(client, config.s3_bucket, config.s3_prefix)
    if current is None:
        raise BuildError("Kho chưa có chỉ mục tìm kiếm (_search-index/current.json); hãy chạy deploy trước.")
    state_path = index_link.parent / PULLED_STATE
    try:
        pulled = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pulled = {}
    if pulled.get("sha256") == current["sha256"] and index_link.exists():
        return None
    key = _key(config.s3_prefix, f"{INDEX_DIR}/{current['archive']}")
    data = client.get_object(Bucket=config.s3_bucket, Key=key)["Body"].read()
    if hashlib.sha256(data).hexdigest() != current["sha256"]:
        raise BuildError(f"Tệp chỉ mục tải về không khớp mã băm SHA-256 ({current['archive']}).")
    index_link.parent.mkdir(parents=True, exist_ok=True)
    target = index_link.with_name(f"{index_link.name}-{time.time_ns()}")
    with tempfile.TemporaryDirectory(dir=index_link.parent) as tmp:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            tar.extractall(tmp, filter="data")
        os.replace(tmp, target)
        os.mkdir(tmp)  # TemporaryDirectory removes its (now empty) folder on exit
    swap_in(target, index_link)
    state_path.write_text(json.dumps(current), encoding="utf-8")
    return current["archive"]
