"""deploy against a real S3-protocol server (moto_server in its own process)."""

import boto3
import pytest

from cms.publish import deploy
from cms.publish.config import BuildConfig, BuildError


@pytest.fixture
def s3(moto_server, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return boto3.client("s3", endpoint_url=moto_server)


@pytest.fixture
def site(tmp_path, s3, moto_server, request):
    bucket = f"cchc-{request.node.name.replace('_', '-')[:40]}"
    s3.create_bucket(Bucket=bucket)
    out = tmp_path / "output"
    (out / "tin-tuc" / "a").mkdir(parents=True)
    (out / "theme" / "css").mkdir(parents=True)
    (out / "index.html").write_text("<!doctype html><title>Trang chủ</title>", encoding="utf-8")
    (out / "tin-tuc" / "a" / "index.html").write_text("<p>Cải cách hành chính</p>", encoding="utf-8")
    (out / "theme" / "css" / "site.css").write_text("body{color:#222}", encoding="utf-8")
    config = BuildConfig(output_dir=out, s3_bucket=bucket, s3_endpoint_url=moto_server, quiet=True)
    return config


def keys(s3, bucket: str) -> set[str]:
    return {o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])}


def test_first_deploy_uploads_everything_with_types(s3, site):
    result = deploy.run(site, deploy.make_s3_client(site))
    assert result.uploaded == 3 and result.unchanged == 0
    assert keys(s3, site.s3_bucket) == {"index.html", "tin-tuc/a/index.html", "theme/css/site.css"}
    head = s3.head_object(Bucket=site.s3_bucket, Key="tin-tuc/a/index.html")
    assert head["ContentType"] == "text/html; charset=utf-8"
    assert head["CacheControl"] == "public, max-age=300"
    body = s3.get_object(Bucket=site.s3_bucket, Key="tin-tuc/a/index.html")["Body"].read().decode()
    assert body == "<p>Cải cách hành chính</p>"


def test_second_deploy_uploads_nothing(s3, site):
    deploy.run(site, deploy.make_s3_client(site))
    again = deploy.run(site, deploy.make_s3_client(site))
    assert again.uploaded == 0 and again.unchanged == 3 and again.deleted == 0


def test_changed_file_is_uploaded_and_stale_key_deleted(s3, site):
    deploy.run(site, deploy.make_s3_client(site))
    (site.output_dir / "theme" / "css" / "site.css").write_text("body{color:#000}", encoding="utf-8")
    (site.output_dir / "tin-tuc" / "a" / "index.html").unlink()
    result = deploy.run(site, deploy.make_s3_client(site))
    assert (result.uploaded, result.deleted) == (1, 1)
    assert keys(s3, site.s3_bucket) == {"index.html", "theme/css/site.css"}


def test_prefix_keeps_other_keys(s3, site):
    from dataclasses import replace

    s3.put_object(Bucket=site.s3_bucket, Key="other/keep.txt", Body=b"x")
    prefixed = replace(site, s3_prefix="site")
    deploy.run(prefixed, deploy.make_s3_client(prefixed))
    assert "site/index.html" in keys(s3, site.s3_bucket)
    assert "other/keep.txt" in keys(s3, site.s3_bucket)


def test_missing_bucket_setting_is_a_clear_error(site):
    from dataclasses import replace

    with pytest.raises(BuildError, match="S3_BUCKET"):
        deploy.run(replace(site, s3_bucket=""))
