"""Deploy step: sync output/ to the S3 bucket, uploading only what changed, assets before pages.

See docs/deploy.md for the state file, full vs incremental deploys, the order and the dry run.
"""

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any

from cms.publish import deploy_state
from cms.publish.config import BuildConfig, BuildError
from cms.publish.deploy_cdn import MAX_PATHS, invalidate, invalidation_paths
from cms.publish.deploy_files import LocalFile, cache_control, content_type, local_files, md5_hex
from cms.publish.deploy_s3 import (
    MAX_SINGLE_PUT,
    Upload,
    client_config,
    delete_keys,
    remote_etags,
    upload_in_phases,
)
from cms.publish.deploy_state import Entry, TargetState
from cms.publish.index_ship import is_index_key, ship
from cms.publish.progress import say, track

__all__ = ["DeployOptions", "DeployResult", "cache_control", "content_type", "make_s3_client", "run"]
STATE_FILE = "deploy-state.json"
NO_STAT = -1  # an entry made from the bucket's listing: its stat never matches, so the file is hashed


@dataclass(frozen=True)
class DeployOptions:
    """How to deploy. `full` ignores the saved state and compares against the bucket's listing."""

    dry_run: bool = False
    full: bool = False
    cloudfront_distribution_id: str = ""
    max_attempts: int = 5
    invalidation_limit: int = MAX_PATHS


@dataclass(frozen=True)
class DeployResult:
    uploaded: int
    unchanged: int
    deleted: int
    bytes_uploaded: int
    seconds: float
    uploaded_keys: tuple[str, ...] = ()
    deleted_keys: tuple[str, ...] = ()
    dry_run: bool = False
    invalidation_id: str | None = None

    def describe(self) -> str:
        verb = "sẽ tải lên" if self.dry_run else "tải lên"
        return (
            f"{self.uploaded} tệp {verb} ({self.bytes_uploaded / 1024:.0f} KB), {self.unchanged} không đổi, "
            f"{self.deleted} {'sẽ xóa' if self.dry_run else 'đã xóa'}"
        )


@dataclass
class Plan:
    """What to PUT and delete, and the state entries of the files already in place."""

    uploads: list[Upload]
    stale: list[str]
    kept: dict[str, Entry] = field(default_factory=dict)
    previous: dict[str, Entry] = field(default_factory=dict)


@dataclass
class Applied:
    """What really reached the bucket so far: the state entries to save and the keys sent and deleted."""

    entries: dict[str, Entry]
    uploaded: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    sent: int = 0


def make_s3_client(config: BuildConfig, *, max_attempts: int = 5) -> Any:
    """A boto3 S3 client for the configured endpoint, with retries; credentials from boto3's usual sources."""
    import boto3

    settings = client_config(workers=config.upload_workers, max_attempts=max_attempts)
    return boto3.client("s3", endpoint_url=config.s3_endpoint_url, config=settings)


def make_cloudfront_client(*, max_attempts: int = 5) -> Any:
    import boto3

    return boto3.client("cloudfront", config=client_config(workers=1, max_attempts=max_attempts))


def _key(config: BuildConfig, rel: str) -> str:
    return f"{config.s3_prefix}/{rel}" if config.s3_prefix else rel


def _rel(config: BuildConfig, key: str) -> str:
    return key.removeprefix(f"{config.s3_prefix}/") if config.s3_prefix else key


def _target(config: BuildConfig) -> str:
    return deploy_state.target_id(config.s3_endpoint_url, config.s3_bucket, config.s3_prefix)


def _known(config: BuildConfig, client: Any, options: DeployOptions) -> TargetState:
    """What the bucket holds: the saved state, or (first deploy, or full) the bucket's listing."""
    saved = deploy_state.load(config.var_dir / STATE_FILE, _target(config))
    if saved is not None and not options.full:
        return saved
    say("Không dùng trạng thái đã lưu: liệt kê kho để so sánh từng tệp.", quiet=config.quiet)
    prefix = f"{config.s3_prefix}/" if config.s3_prefix else ""
    etags = remote_etags(client, config.s3_bucket, prefix)
    listed = {key: Entry(etag, NO_STAT, NO_STAT) for key, etag in etags.items()}
    return TargetState(listed, saved.pending_invalidation if saved else ())


def _plan(config: BuildConfig, files: dict[str, LocalFile], known: dict[str, Entry]) -> Plan:
    """Hash only files whose size or mtime differ from what was recorded, then compare the MD5s."""
    same_stat = {
        rel
        for rel, f in files.items()
        if (e := known.get(_key(config, rel))) and (e.size, e.mtime_ns) == (f.size, f.mtime_ns)
    }
    to_hash = [f for rel, f in files.items() if rel not in same_stat]
    with ThreadPoolExecutor(max_workers=max(1, config.upload_workers)) as pool:
        hashed = track(
            zip(to_hash, pool.map(lambda f: md5_hex(f.path), to_hash), strict=True),
            total=len(to_hash),
            label="So sánh tệp",
            quiet=config.quiet,
        )
        plan = Plan(uploads=[], stale=[], previous=known)
        try:
            for f, md5 in hashed:
                key = _key(config, f.rel)
                if (e := known.get(key)) and e.md5 == md5:
                    plan.kept[key] = Entry(md5, f.size, f.mtime_ns)
                else:
                    plan.uploads.append(Upload(f, key, md5))
        except OSError as exc:
            raise BuildError(f"Không đọc được tệp {exc.filename}: {exc.strerror}") from exc
    plan.kept.update({_key(config, rel): known[_key(config, rel)] for rel in same_stat})
    wanted = {_key(config, rel) for rel in files}
    # The search index's archives are shipped by index_ship, not by the output folder.
    plan.stale = sorted(key for key in known if key not in wanted and not is_index_key(config, key))
    too_big = [u.key for u in plan.uploads if u.file.size > MAX_SINGLE_PUT]
    if too_big:
        raise BuildError(f"Tệp quá 5 GB, không tải lên được bằng một lần PUT: {', '.join(too_big)}")
    return plan


def _upload(config: BuildConfig, client: Any, plan: Plan, applied: Applied) -> None:
    """PUT the plan's files in order, recording each success in `applied`; raise when any failed."""
    failures: list[tuple[str, Exception]] = []
    outcomes = upload_in_phases(client, config.s3_bucket, plan.uploads, workers=max(1, config.upload_workers))
    for outcome in track(outcomes, total=len(plan.uploads), label="Tải lên S3", quiet=config.quiet):
        item = outcome.upload
        if outcome.error is not None:
            failures.append((item.key, outcome.error))
            continue
        applied.entries[item.key] = Entry(item.md5, item.file.size, item.file.mtime_ns)
        applied.uploaded.append(item.key)
        applied.sent += item.file.size
    if failures:
        key, error = failures[0]
        more = f" (và {len(failures) - 1} tệp khác)" if len(failures) > 1 else ""
        raise BuildError(
            f"Không tải lên được {key}{more}: {error}. "
            "Chưa xóa tệp nào trên kho; hãy chạy lại bước triển khai."
        )


def _delete(config: BuildConfig, client: Any, stale: list[str], applied: Applied) -> str | None:
    """Delete the stale keys; returns the error to report (after the CDN is told), if any."""
    deleted, errors = delete_keys(client, config.s3_bucket, stale)
    for key in deleted:
        applied.entries.pop(key, None)
    applied.deleted += deleted
    if errors:
        key, message = next(iter(errors.items()))
        return f"Không xóa được {len(errors)} tệp cũ trên kho, ví dụ {key}: {message}"
    return None


def _invalidate(
    config: BuildConfig, options: DeployOptions, cdn_client: Any, state: TargetState
) -> str | None:
    """Invalidate every path changed since the last successful invalidation, then forget them."""
    if not state.pending_invalidation:
        return None
    cdn = cdn_client or make_cloudfront_client(max_attempts=options.max_attempts)
    paths = invalidation_paths(state.pending_invalidation, limit=options.invalidation_limit)
    invalidation_id = invalidate(cdn, options.cloudfront_distribution_id, paths)
    deploy_state.save(config.var_dir / STATE_FILE, _target(config), TargetState(state.entries))
    return invalidation_id


def _dry_run(config: BuildConfig, plan: Plan, total: int, started: float) -> DeployResult:
    would = tuple(u.key for u in plan.uploads)
    for label, keys in (("Sẽ tải lên", would), ("Sẽ xóa", plan.stale)):
        shown = "\n".join(f"  {key}" for key in keys[:50])
        rest = f"\n  … và {len(keys) - 50} tệp khác" if len(keys) > 50 else ""
        say(
            f"{label} ({len(keys)} tệp):\n{shown}{rest}" if keys else f"{label}: không có tệp nào.",
            quiet=config.quiet,
        )
    size = sum(u.file.size for u in plan.uploads)
    seconds = time.perf_counter() - started
    return DeployResult(
        len(would), total - len(would), len(plan.stale), size, seconds, would, tuple(plan.stale), True
    )


def _check(config: BuildConfig) -> None:
    if not config.s3_bucket:
        raise BuildError("Chưa đặt S3_BUCKET: không biết triển khai lên kho nào.")
    if not config.output_dir.is_dir():
        raise BuildError(f"Không có thư mục trang tĩnh {config.output_dir}; hãy dựng trang trước.")


def run(
    config: BuildConfig,
    client: Any | None = None,
    *,
    options: DeployOptions | None = None,
    cdn_client: Any | None = None,
) -> DeployResult:
    """Upload new and changed files (assets, then pages), then delete stale keys if every upload succeeded."""
    options = options or DeployOptions()
    _check(config)
    started = time.perf_counter()
    client = client or make_s3_client(config, max_attempts=options.max_attempts)
    files = local_files(config.output_dir)
    known = _known(config, client, options)
    plan = _plan(config, files, known.entries)
    if options.dry_run:
        return _dry_run(config, plan, len(files), started)
    # Until it succeeds, a PUT or delete leaves the previous entry: the next deploy retries it.
    applied = Applied(entries=plan.previous | plan.kept)
    # The distribution comes from the options, else from the environment (CLOUDFRONT_DISTRIBUTION_ID).
    options = replace(
        options,
        cloudfront_distribution_id=options.cloudfront_distribution_id or config.cloudfront_distribution_id,
    )
    cdn_id = options.cloudfront_distribution_id
    try:
        _upload(config, client, plan, applied)
        delete_error = _delete(config, client, plan.stale, applied)
    finally:
        changed = [_rel(config, key) for key in applied.uploaded + applied.deleted]
        state = TargetState(applied.entries, (*known.pending_invalidation, *changed) if cdn_id else ())
        deploy_state.save(config.var_dir / STATE_FILE, _target(config), state)
    invalidation_id = _invalidate(config, options, cdn_client, state) if cdn_id else None
    if delete_error:
        raise BuildError(delete_error)
    shipped = ship(config, client)
    if shipped and shipped.uploaded:
        say(f"Chỉ mục tìm kiếm đã gửi lên kho cho máy chủ API: {shipped.archive}.", quiet=config.quiet)
    seconds = time.perf_counter() - started
    result = DeployResult(
        uploaded=len(applied.uploaded),
        unchanged=len(files) - len(applied.uploaded),
        deleted=len(applied.deleted),
        bytes_uploaded=applied.sent,
        seconds=seconds,
        uploaded_keys=tuple(applied.uploaded),
        deleted_keys=tuple(applied.deleted),
        invalidation_id=invalidation_id,
    )
    say(f"Triển khai: {result.describe()}, {seconds:.1f} giây.", quiet=config.quiet)
    return result
