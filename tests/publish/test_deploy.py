"""deploy against a real S3-protocol server (moto_server in its own process)."""

import http.client
import json
import os
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import boto3
import pytest

from cms.publish import deploy, deploy_files
from cms.publish.config import BuildConfig, BuildError
from cms.publish.deploy import DeployOptions
from cms.publish.deploy_cdn import invalidation_paths

SITE = {
    "index.html": "<!doctype html><title>Trang chủ</title>",
    "404.html": "<!doctype html><title>Không tìm thấy trang</title>",
    "tin-tuc/a/index.html": "<p>Cải cách hành chính</p>",
    "tin-tuc/b/index.html": "<p>Chính phủ điện tử</p>",
    "theme/css/site.css": "body{color:#222}",
    "theme/css/site.3f2a9c1b0d.css": "body{color:#111}",
    "theme/js/hoi-dap.js": "console.log('ok')",
    "theme/fonts/inter.woff2": "wOF2",
    "feeds/tat-ca.atom.xml": "<feed/>",
    "sitemap.xml": "<urlset/>",
    "robots.txt": "User-agent: *",
    "site.webmanifest": "{}",
    "tep/quyet-dinh.pdf": "%PDF-1.7",
}
ENTRY_PAGES = {"index.html", "404.html"}


@pytest.fixture
def s3(moto_server, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return boto3.client("s3", endpoint_url=moto_server)


@pytest.fixture
def site(tmp_path, s3, moto_server) -> BuildConfig:
    bucket = f"cchc-{uuid.uuid4().hex[:20]}"
    s3.create_bucket(Bucket=bucket)
    out = tmp_path / "output"
    for rel, text in SITE.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    return BuildConfig(
        output_dir=out,
        var_dir=tmp_path / "var",
        search_index_dir=tmp_path / "var" / "search-index",  # none: these tests ship no index
        s3_bucket=bucket,
        s3_endpoint_url=moto_server,
        quiet=True,
    )


def keys(s3, bucket: str) -> set[str]:
    return {o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}


def etags(s3, bucket: str) -> dict[str, str]:
    return {o["Key"]: o["ETag"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}


def count_calls(client, operation: str) -> Counter:
    """Count an S3 operation's calls through botocore's own event hooks."""
    seen: Counter = Counter()
    client.meta.events.register(f"before-call.s3.{operation}", lambda **kw: seen.update([operation]))
    return seen


def test_first_deploy_uploads_everything_with_types(s3, site):
    result = deploy.run(site, deploy.make_s3_client(site))
    assert (result.uploaded, result.unchanged, result.deleted, result.dry_run) == (len(SITE), 0, 0, False)
    assert set(result.uploaded_keys) == set(SITE) == keys(s3, site.s3_bucket)
    assert result.bytes_uploaded == sum(len(text.encode()) for text in SITE.values())
    body = s3.get_object(Bucket=site.s3_bucket, Key="tin-tuc/a/index.html")["Body"].read().decode()
    assert body == "<p>Cải cách hành chính</p>"


@pytest.mark.parametrize(
    ("key", "content_type", "cache"),
    [
        ("tin-tuc/a/index.html", "text/html; charset=utf-8", "public, max-age=300"),
        ("theme/css/site.css", "text/css; charset=utf-8", "public, max-age=86400"),
        ("theme/css/site.3f2a9c1b0d.css", "text/css; charset=utf-8", "public, max-age=31536000, immutable"),
        ("theme/js/hoi-dap.js", "text/javascript; charset=utf-8", "public, max-age=86400"),
        ("theme/fonts/inter.woff2", "font/woff2", "public, max-age=86400"),
        ("feeds/tat-ca.atom.xml", "application/atom+xml; charset=utf-8", "public, max-age=300"),
        ("sitemap.xml", "application/xml; charset=utf-8", "public, max-age=300"),
        ("robots.txt", "text/plain; charset=utf-8", "public, max-age=300"),
        ("site.webmanifest", "application/manifest+json; charset=utf-8", "public, max-age=300"),
        ("tep/quyet-dinh.pdf", "application/pdf", "public, max-age=86400"),
    ],
)
def test_headers_on_the_bucket(s3, site, key, content_type, cache):
    deploy.run(site, deploy.make_s3_client(site))
    head = s3.head_object(Bucket=site.s3_bucket, Key=key)
    assert (head["ContentType"], head["CacheControl"]) == (content_type, cache)


@pytest.mark.parametrize(
    ("rel", "content_type", "cache"),
    [
        ("feeds/tin-tuc.rss.xml", "application/rss+xml; charset=utf-8", "public, max-age=300"),
        ("api/data.json", "application/json; charset=utf-8", "public, max-age=300"),
        ("anh/logo.svg", "image/svg+xml; charset=utf-8", "public, max-age=86400"),
        ("anh/bia.png", "image/png", "public, max-age=86400"),
        (
            "theme/js/app.0123456789abcdef.js",
            "text/javascript; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        (
            "theme/img/logo.deadbeef.svg",
            "image/svg+xml; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        # Not content-hashed: too short a hash, upper case, outside theme/.
        ("theme/css/site.3f2a9c1.css", "text/css; charset=utf-8", "public, max-age=86400"),
        ("theme/css/site.3F2A9C1B0D.css", "text/css; charset=utf-8", "public, max-age=86400"),
        ("tep/bao-cao.3f2a9c1b0d.css", "text/css; charset=utf-8", "public, max-age=86400"),
        ("tep/ghi-chu.txt", "text/plain; charset=utf-8", "public, max-age=86400"),
        ("tep/khong-ro", "application/octet-stream", "public, max-age=86400"),
        ("chi-so/par-2024-tinh.csv", "text/csv; charset=utf-8", "public, max-age=300"),
    ],
)
def test_content_type_and_cache_rules(rel, content_type, cache):
    assert (deploy_files.content_type(rel), deploy_files.cache_control(rel)) == (content_type, cache)


def test_redeploy_of_unchanged_files_neither_lists_nor_hashes(s3, site, monkeypatch):
    deploy.run(site, deploy.make_s3_client(site))
    client = deploy.make_s3_client(site)
    lists, puts = count_calls(client, "ListObjectsV2"), count_calls(client, "PutObject")
    hashed: list[str] = []
    real_md5 = deploy.md5_hex
    monkeypatch.setattr(deploy, "md5_hex", lambda path: hashed.append(path.name) or real_md5(path))
    again = deploy.run(site, client)
    assert (again.uploaded, again.unchanged, again.deleted) == (0, len(SITE), 0)
    assert (lists["ListObjectsV2"], puts["PutObject"], hashed) == (0, 0, [])


def test_touched_but_identical_file_is_hashed_not_uploaded(s3, site, monkeypatch):
    deploy.run(site, deploy.make_s3_client(site))
    page = site.output_dir / "tin-tuc" / "a" / "index.html"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 5_000_000_000))
    hashed: list[str] = []
    real_md5 = deploy.md5_hex
    monkeypatch.setattr(deploy, "md5_hex", lambda path: hashed.append(path.name) or real_md5(path))
    assert deploy.run(site, deploy.make_s3_client(site)).uploaded == 0
    assert hashed == ["index.html"]
    hashed.clear()
    deploy.run(site, deploy.make_s3_client(site))  # the new mtime was recorded
    assert hashed == []


def test_changed_file_is_uploaded_and_stale_key_deleted(s3, site):
    deploy.run(site, deploy.make_s3_client(site))
    (site.output_dir / "theme" / "css" / "site.css").write_text("body{color:#000}", encoding="utf-8")
    (site.output_dir / "tin-tuc" / "a" / "index.html").unlink()
    result = deploy.run(site, deploy.make_s3_client(site))
    assert (result.uploaded, result.deleted) == (1, 1)
    assert (result.uploaded_keys, result.deleted_keys) == (("theme/css/site.css",), ("tin-tuc/a/index.html",))
    assert keys(s3, site.s3_bucket) == set(SITE) - {"tin-tuc/a/index.html"}
    body = s3.get_object(Bucket=site.s3_bucket, Key="theme/css/site.css")["Body"].read()
    assert body == b"body{color:#000}"


def test_without_state_the_bucket_is_listed_and_compared_by_etag(s3, site):
    deploy.run(site, deploy.make_s3_client(site))
    (site.var_dir / deploy.STATE_FILE).unlink()
    s3.delete_object(Bucket=site.s3_bucket, Key="robots.txt")
    s3.put_object(Bucket=site.s3_bucket, Key="cu/trang.html", Body=b"old")
    client = deploy.make_s3_client(site)
    lists = count_calls(client, "ListObjectsV2")
    result = deploy.run(site, client)
    assert lists["ListObjectsV2"] == 1
    assert (result.uploaded_keys, result.deleted_keys) == (("robots.txt",), ("cu/trang.html",))
    assert keys(s3, site.s3_bucket) == set(SITE)


def test_full_deploy_repairs_what_the_state_does_not_know(s3, site):
    deploy.run(site, deploy.make_s3_client(site))
    s3.put_object(Bucket=site.s3_bucket, Key="sitemap.xml", Body=b"changed behind our back")
    assert deploy.run(site, deploy.make_s3_client(site)).uploaded == 0  # trusts its state
    result = deploy.run(site, deploy.make_s3_client(site), options=DeployOptions(full=True))
    assert result.uploaded_keys == ("sitemap.xml",)
    assert s3.get_object(Bucket=site.s3_bucket, Key="sitemap.xml")["Body"].read() == b"<urlset/>"


def test_unreadable_state_falls_back_to_listing(s3, site):
    deploy.run(site, deploy.make_s3_client(site))
    (site.var_dir / deploy.STATE_FILE).write_text("{not json", encoding="utf-8")
    client = deploy.make_s3_client(site)
    lists = count_calls(client, "ListObjectsV2")
    assert deploy.run(site, client).uploaded == 0
    assert lists["ListObjectsV2"] == 1
    assert json.loads((site.var_dir / deploy.STATE_FILE).read_text(encoding="utf-8"))["version"] == 1


def record_order(client) -> list[tuple[str, str]]:
    """(event, key) in the order S3 calls start and finish, from botocore's event hooks."""
    events: list[tuple[str, str]] = []
    lock = threading.Lock()

    def note(event: str, key: str) -> None:
        with lock:
            events.append((event, key))

    def start(params, context, **kwargs):
        context["deploy_key"] = params.get("Key", "")
        note("start", context["deploy_key"])

    client.meta.events.register("provide-client-params.s3.PutObject", start)
    client.meta.events.register(
        "after-call.s3.PutObject", lambda context, **kw: note("done", context["deploy_key"])
    )
    client.meta.events.register("before-call.s3.DeleteObjects", lambda **kw: note("delete", ""))
    return events


def test_assets_then_pages_then_home_and_404_then_deletions(s3, site):
    s3.put_object(Bucket=site.s3_bucket, Key="cu/trang.html", Body=b"old")
    config = replace(site, upload_workers=4)
    client = deploy.make_s3_client(config)
    events = record_order(client)
    deploy.run(config, client)
    position = {(event, key): i for i, (event, key) in enumerate(events)}
    rels = set(SITE)
    assets = {k for k in rels if deploy_files.phase(k) == deploy_files.ASSETS}
    pages = rels - assets - ENTRY_PAGES
    assert "theme/css/site.css" in assets and "sitemap.xml" in pages and "feeds/tat-ca.atom.xml" in pages
    assert max(position["done", k] for k in assets) < min(position["start", k] for k in pages)
    assert max(position["done", k] for k in pages) < min(position["start", k] for k in ENTRY_PAGES)
    assert events[-1] == ("delete", "") and len(events) == 2 * len(SITE) + 1


class FlakyS3Proxy:
    """A loopback HTTP proxy in front of moto_server that answers 503 to chosen PUTs (a throttled S3)."""

    def __init__(self, upstream: str) -> None:
        self.fail: dict[str, int] = {}  # key → how many PUTs to refuse (-1: all)
        self.puts: Counter = Counter()
        self.upstream = urlsplit(upstream)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):
                return

            def do_GET(self):
                self.relay()

            do_HEAD = do_POST = do_DELETE = do_PUT = do_GET

            def relay(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                key = self.path.split("?")[0].split("/", 2)[-1]
                if self.command == "PUT" and proxy.refuse(key):
                    error = b"<Error><Code>ServiceUnavailable</Code><Message>Thu lai</Message></Error>"
                    self.send_response(503)
                    self.send_header("Content-Length", str(len(error)))
                    self.end_headers()
                    self.wfile.write(error)
                    return
                conn = http.client.HTTPConnection(proxy.upstream.hostname, proxy.upstream.port, timeout=30)
                conn.request(self.command, self.path, body=body, headers=dict(self.headers))
                answer = conn.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)
                conn.close()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def refuse(self, key: str) -> bool:
        self.puts[key] += 1
        left = self.fail.get(key, 0)
        if left > 0:
            self.fail[key] = left - 1
        return left != 0


@pytest.fixture
def flaky(moto_server) -> Iterator[FlakyS3Proxy]:
    proxy = FlakyS3Proxy(moto_server)
    threading.Thread(target=proxy.server.serve_forever, daemon=True).start()
    yield proxy
    proxy.server.shutdown()


def test_transient_503_is_retried(s3, site, flaky):
    config = replace(site, s3_endpoint_url=flaky.url)
    flaky.fail["theme/css/site.css"] = 1
    result = deploy.run(config, deploy.make_s3_client(config, max_attempts=3))
    assert result.uploaded == len(SITE)
    assert flaky.puts["theme/css/site.css"] == 2 and flaky.puts["index.html"] == 1
    assert (
        s3.get_object(Bucket=site.s3_bucket, Key="theme/css/site.css")["Body"].read() == b"body{color:#222}"
    )


def test_failed_asset_stops_before_any_page(s3, site, flaky):
    config = replace(site, s3_endpoint_url=flaky.url)
    flaky.fail["theme/css/site.css"] = -1
    with pytest.raises(BuildError, match="Không tải lên được theme/css/site.css"):
        deploy.run(config, deploy.make_s3_client(config, max_attempts=2))
    assert flaky.puts["theme/css/site.css"] == 2  # botocore's retry, then give up
    uploaded = keys(s3, site.s3_bucket)
    assert "theme/js/hoi-dap.js" in uploaded
    assert not any(key.endswith((".html", ".xml")) for key in uploaded)


def test_failed_upload_deletes_nothing_and_keeps_state_true(s3, site, flaky):
    config = replace(site, s3_endpoint_url=flaky.url)  # the state is kept per endpoint
    deploy.run(config, deploy.make_s3_client(config))
    (site.output_dir / "theme" / "css" / "site.css").write_text("body{color:#000}", encoding="utf-8")
    (site.output_dir / "tin-tuc" / "a" / "index.html").write_text("<p>Bản mới</p>", encoding="utf-8")
    (site.output_dir / "tin-tuc" / "b" / "index.html").unlink()
    flaky.fail["tin-tuc/a/index.html"] = -1
    client = deploy.make_s3_client(config, max_attempts=1)
    deletes = count_calls(client, "DeleteObjects")
    with pytest.raises(BuildError, match="tin-tuc/a/index.html") as error:
        deploy.run(config, client)
    assert "Chưa xóa tệp nào" in str(error.value) and deletes["DeleteObjects"] == 0
    assert "tin-tuc/b/index.html" in keys(s3, site.s3_bucket)
    assert (
        s3.get_object(Bucket=site.s3_bucket, Key="theme/css/site.css")["Body"].read() == b"body{color:#000}"
    )
    assert sorted(p.name for p in site.var_dir.iterdir()) == [deploy.STATE_FILE]  # no temporary left
    flaky.fail.clear()
    again = deploy.run(config, deploy.make_s3_client(config))  # the state knew what had really arrived
    assert (again.uploaded_keys, again.deleted_keys) == (("tin-tuc/a/index.html",), ("tin-tuc/b/index.html",))
    assert (
        s3.get_object(Bucket=site.s3_bucket, Key="tin-tuc/a/index.html")["Body"].read().decode()
        == "<p>Bản mới</p>"
    )


def test_dry_run_changes_nothing(s3, site):
    dry = deploy.run(site, deploy.make_s3_client(site), options=DeployOptions(dry_run=True))
    assert dry.dry_run and set(dry.uploaded_keys) == set(SITE) and keys(s3, site.s3_bucket) == set()
    assert not (site.var_dir / deploy.STATE_FILE).exists()
    deploy.run(site, deploy.make_s3_client(site))
    before_bucket, before_state = etags(s3, site.s3_bucket), (site.var_dir / deploy.STATE_FILE).read_bytes()
    (site.output_dir / "robots.txt").write_text("User-agent: *\nDisallow: /tim-kiem/", encoding="utf-8")
    (site.output_dir / "404.html").unlink()
    client = deploy.make_s3_client(site)
    calls = Counter()
    client.meta.events.register("before-call.s3", lambda model, **kw: calls.update([model.name]))
    dry = deploy.run(site, client, options=DeployOptions(dry_run=True))
    assert (dry.uploaded_keys, dry.deleted_keys, dry.uploaded, dry.deleted) == (
        ("robots.txt",),
        ("404.html",),
        1,
        1,
    )
    assert calls == Counter()  # the saved state answered everything: no call at all
    assert dry.describe().startswith("1 tệp sẽ tải lên")
    assert etags(s3, site.s3_bucket) == before_bucket
    assert (site.var_dir / deploy.STATE_FILE).read_bytes() == before_state


def test_prefix_keeps_other_keys(s3, site):
    s3.put_object(Bucket=site.s3_bucket, Key="other/keep.txt", Body=b"x")
    prefixed = replace(site, s3_prefix="site")
    deploy.run(prefixed, deploy.make_s3_client(prefixed))
    (prefixed.output_dir / "robots.txt").unlink()
    assert deploy.run(prefixed, deploy.make_s3_client(prefixed)).deleted_keys == ("site/robots.txt",)
    assert "site/index.html" in keys(s3, site.s3_bucket)
    assert "other/keep.txt" in keys(s3, site.s3_bucket)
    # One state per target: the same output/ under another prefix is a first deploy there.
    other = replace(site, s3_prefix="site2")
    assert deploy.run(other, deploy.make_s3_client(other)).uploaded == len(SITE) - 1
    assert "site/index.html" in keys(s3, site.s3_bucket)


def test_missing_bucket_setting_is_a_clear_error(site):
    with pytest.raises(BuildError, match="S3_BUCKET"):
        deploy.run(replace(site, s3_bucket=""))


@pytest.fixture
def cloudfront(moto_server, s3):
    client = boto3.client("cloudfront", endpoint_url=moto_server)
    origin = {
        "Id": "s3",
        "DomainName": "cchc.s3.amazonaws.com",
        "S3OriginConfig": {"OriginAccessIdentity": ""},
    }
    config = {
        "CallerReference": uuid.uuid4().hex,
        "Comment": "cchc",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {"TargetOriginId": "s3", "ViewerProtocolPolicy": "redirect-to-https"},
    }
    distribution = client.create_distribution(DistributionConfig=config)["Distribution"]["Id"]
    return client, distribution


def test_cloudfront_invalidates_changed_and_deleted_paths(site, cloudfront):
    client, distribution = cloudfront
    options = DeployOptions(cloudfront_distribution_id=distribution)
    deploy.run(site, deploy.make_s3_client(site))
    (site.output_dir / "tin-tuc" / "a" / "index.html").write_text("<p>Bản mới</p>", encoding="utf-8")
    (site.output_dir / "theme" / "css" / "site.css").unlink()
    result = deploy.run(site, deploy.make_s3_client(site), options=options, cdn_client=client)
    made = client.get_invalidation(DistributionId=distribution, Id=result.invalidation_id)["Invalidation"]
    paths = made["InvalidationBatch"]["Paths"]["Items"]
    assert sorted(paths) == ["/theme/css/site.css", "/tin-tuc/a/", "/tin-tuc/a/index.html"]
    unchanged = deploy.run(site, deploy.make_s3_client(site), options=options, cdn_client=client)
    assert unchanged.invalidation_id is None
    listed = client.list_invalidations(DistributionId=distribution)["InvalidationList"]
    assert listed["Quantity"] == 1


def test_cloudfront_many_paths_become_one_wildcard(site, cloudfront):
    client, distribution = cloudfront
    options = DeployOptions(cloudfront_distribution_id=distribution, invalidation_limit=5)
    result = deploy.run(site, deploy.make_s3_client(site), options=options, cdn_client=client)
    made = client.get_invalidation(DistributionId=distribution, Id=result.invalidation_id)["Invalidation"]
    assert made["InvalidationBatch"]["Paths"]["Items"] == ["/*"]


def test_paths_of_a_failed_deploy_are_invalidated_by_the_next(s3, site, cloudfront, flaky):
    client, distribution = cloudfront
    options = DeployOptions(cloudfront_distribution_id=distribution, max_attempts=1)
    config = replace(site, s3_endpoint_url=flaky.url)
    deploy.run(config, deploy.make_s3_client(config), options=options, cdn_client=client)
    (site.output_dir / "theme" / "css" / "site.css").write_text("body{color:#000}", encoding="utf-8")
    (site.output_dir / "tin-tuc" / "a" / "index.html").write_text("<p>Bản mới</p>", encoding="utf-8")
    flaky.fail["tin-tuc/a/index.html"] = -1
    with pytest.raises(BuildError):
        deploy.run(config, deploy.make_s3_client(config), options=options, cdn_client=client)
    assert client.list_invalidations(DistributionId=distribution)["InvalidationList"]["Quantity"] == 1
    flaky.fail.clear()
    result = deploy.run(config, deploy.make_s3_client(config), options=options, cdn_client=client)
    assert result.uploaded_keys == ("tin-tuc/a/index.html",)
    made = client.get_invalidation(DistributionId=distribution, Id=result.invalidation_id)["Invalidation"]
    paths = made["InvalidationBatch"]["Paths"]["Items"]
    assert sorted(paths) == ["/theme/css/site.css", "/tin-tuc/a/", "/tin-tuc/a/index.html"]


def test_invalidation_paths_are_url_encoded_and_pages_get_their_folder():
    paths = invalidation_paths(["index.html", "tep/quyết định.pdf", "tin-tuc/a/index.html"])
    assert paths == [
        "/",
        "/index.html",
        "/tep/quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.pdf",
        "/tin-tuc/a/",
        "/tin-tuc/a/index.html",
    ]
