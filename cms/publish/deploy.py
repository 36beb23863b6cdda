"""Deploy step: sync output/ to the S3 bucket, uploading only files whose content changed."""

import hashlib
import mimetypes
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cms.publish.config import BuildConfig, BuildError
from cms.publish.progress import say, track

TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


@dataclass(frozen=True)
class DeployResult:
    uploaded: int
    unchanged: int
    deleted: int
    bytes_uploaded: int
    seconds: float


def make_s3_client(config: BuildConfig) -> Any:
    """A boto3 S3 client for the configured endpoint; credentials come from boto3's usual sources."""
    import boto3

    return boto3.client("s3", endpoint_url=config.s3_endpoint_url)


def content_type(path: Path) -> str:
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith(TEXT_TYPES) else guessed


def cache_control(key: str) -> str:
    if key.endswith((".html", ".xml", ".txt", ".json")):
        return "public, max-age=300"
    return "public, max-age=86400"


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


def _remote_etags(client: Any, bucket: str, prefix: str) -> dict[str, str]:
    etags: dict[str, str] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            etags[obj["Key"]] = obj["ETag"].strip('"')
    return etags


def _key(config: BuildConfig, rel: str) -> str:
    return f"{config.s3_prefix}/{rel}" if config.s3_prefix else rel


def run(config: BuildConfig, client: Any | None = None) -> DeployResult:
    """Upload changed files (compared by MD5 against single-part ETags), then delete stale keys."""
    if not config.s3_bucket:
        raise BuildError("Chưa đặt S3_BUCKET: không biết triển khai lên kho nào.")
    if not config.output_dir.is_dir():
        raise BuildError(f"Không có thư mục trang tĩnh {config.output_dir}; hãy dựng trang trước.")
    started = time.perf_counter()
    client = client or make_s3_client(config)
    remote = _remote_etags(client, config.s3_bucket, f"{config.s3_prefix}/" if config.s3_prefix else "")
    local = {
        p.relative_to(config.output_dir).as_posix(): p for p in config.output_dir.rglob("*") if p.is_file()
    }
    changed = sorted(rel for rel, p in local.items() if remote.get(_key(config, rel)) != _md5(p))

    def upload(rel: str) -> int:
        # One PUT per file keeps the ETag equal to the MD5, which the next deploy compares against.
        body = local[rel].read_bytes()
        client.put_object(
            Bucket=config.s3_bucket,
            Key=_key(config, rel),
            Body=body,
            ContentType=content_type(local[rel]),
            CacheControl=cache_control(rel),
        )
        return len(body)

    sent = 0
    with ThreadPoolExecutor(max_workers=config.upload_workers) as pool:
        for size in track(
            pool.map(upload, changed), total=len(changed), label="Tải lên S3", quiet=config.quiet
        ):
            sent += size
    wanted = {_key(config, rel) for rel in local}
    stale = sorted(key for key in remote if key not in wanted)
    for start in range(0, len(stale), 1000):
        batch = [{"Key": key} for key in stale[start : start + 1000]]
        client.delete_objects(Bucket=config.s3_bucket, Delete={"Objects": batch, "Quiet": True})
    seconds = time.perf_counter() - started
    result = DeployResult(len(changed), len(local) - len(changed), len(stale), sent, seconds)
    say(
        f"Triển khai: {result.uploaded} tệp tải lên ({sent / 1024:.0f} KB), {result.unchanged} không đổi, "
        f"{result.deleted} xóa, {seconds:.1f} giây.",
        quiet=config.quiet,
    )
    return result
