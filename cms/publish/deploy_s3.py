"""The deploy's S3 calls: list, single-part PUTs in ordered parallel phases, batched deletes."""

import base64
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from cms.publish.deploy_files import PHASES, LocalFile, cache_control, content_type, phase

# S3 refuses a single PUT above 5 GiB; below that one PUT keeps the ETag equal to the content's MD5.
MAX_SINGLE_PUT = 5 * 1024**3
DELETE_BATCH = 1000
TRANSIENT = (BotoCoreError, ClientError, OSError)


def client_config(*, workers: int, max_attempts: int) -> Config:
    """Retries with exponential backoff and jitter (botocore's standard mode: throttling, 5xx, network).

    Checksums only when required: we send Content-MD5 ourselves, which every S3-compatible store checks.
    """
    return Config(
        # total_max_attempts counts the first try too (botocore's max_attempts counts only retries).
        retries={"mode": "standard", "total_max_attempts": max_attempts},
        max_pool_connections=max(10, workers),
        connect_timeout=10,
        read_timeout=60,
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )


def remote_etags(client: Any, bucket: str, prefix: str) -> dict[str, str]:
    """Every key under prefix with its ETag (the MD5 for single-part uploads)."""
    etags: dict[str, str] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            etags[obj["Key"]] = obj["ETag"].strip('"')
    return etags


@dataclass(frozen=True)
class Upload:
    """One file to PUT: where it goes and its MD5 (sent as Content-MD5, so S3 rejects a torn read)."""

    file: LocalFile
    key: str
    md5: str


@dataclass(frozen=True)
class Outcome:
    upload: Upload
    error: Exception | None = None


def put(client: Any, bucket: str, item: Upload) -> Outcome:
    """One single-part PUT streamed from disk; a failure is returned, not raised, so the others go on."""
    try:
        with item.file.path.open("rb") as body:
            client.put_object(
                Bucket=bucket,
                Key=item.key,
                Body=body,
                ContentMD5=base64.b64encode(bytes.fromhex(item.md5)).decode("ascii"),
                ContentType=content_type(item.file.rel),
                CacheControl=cache_control(item.file.rel),
            )
    except TRANSIENT as exc:  # already retried by botocore
        return Outcome(item, exc)
    return Outcome(item)


def upload_in_phases(client: Any, bucket: str, items: list[Upload], *, workers: int) -> Iterator[Outcome]:
    """PUT assets, then pages, then the home page and 404, each phase finished before the next starts.

    After a phase with a failure no later phase starts: a page must not go live before its assets.
    """
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="deploy") as pool:
        for current in PHASES:
            batch = [item for item in items if phase(item.file.rel) == current]
            failed = False
            for future in as_completed([pool.submit(put, client, bucket, item) for item in batch]):
                outcome = future.result()
                failed = failed or outcome.error is not None
                yield outcome
            if failed:
                return


def delete_keys(client: Any, bucket: str, keys: list[str]) -> tuple[list[str], dict[str, str]]:
    """Delete in batches of 1,000; returns the keys deleted and the errors by key."""
    deleted: list[str] = []
    errors: dict[str, str] = {}
    for start in range(0, len(keys), DELETE_BATCH):
        batch = keys[start : start + DELETE_BATCH]
        try:
            answer = client.delete_objects(
                Bucket=bucket, Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True}
            )
        except (BotoCoreError, ClientError) as exc:
            errors.update(dict.fromkeys(batch, str(exc)))
            continue
        refused = {e["Key"]: e.get("Message", e.get("Code", "")) for e in answer.get("Errors", [])}
        errors.update(refused)
        deleted += [key for key in batch if key not in refused]
    return deleted, errors
