"""End to end: publishing a page updates the S3 bucket by itself (real moto_server, real pipeline)."""

import io
import uuid

import boto3
import pytest
from django.core.management import call_command

from cms.builds.models import BuildRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket_env(moto_server, monkeypatch, tmp_path, settings) -> tuple[object, str]:
    """The environment a production worker reads: S3 settings and its own folders."""
    bucket = f"cchc-{uuid.uuid4().hex[:20]}"
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": moto_server,
        "CCHC_CONTENT_DIR": str(tmp_path / "content"),
        "CCHC_OUTPUT_DIR": str(tmp_path / "output"),
        "CCHC_VAR_DIR": str(tmp_path / "var"),
        "CCHC_SEARCH_INDEX_DIR": str(tmp_path / "var" / "search-index"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings.SEARCH_INDEX_DIR = tmp_path / "var" / "search-index"
    s3 = boto3.client("s3", endpoint_url=moto_server)
    s3.create_bucket(Bucket=bucket)
    return s3, bucket


def _object_with(s3, bucket: str, slug: str) -> str:
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    (key,) = [k for k in keys if slug in k and k.endswith(".html")]
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")


def test_publishing_a_page_in_django_updates_the_bucket_by_itself(
    page, bucket_env, django_capture_on_commit_callbacks
):
    s3, bucket = bucket_env
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    call_command("build_worker", "--once", stdout=io.StringIO())
    assert "Giới thiệu Cổng" in _object_with(s3, bucket, page.slug)

    page.title = "Giới thiệu Cổng thông tin CCHC năm 2026"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    call_command("build_worker", "--once", stdout=io.StringIO())

    html = _object_with(s3, bucket, page.slug)
    assert "Giới thiệu Cổng thông tin CCHC năm 2026" in html
    runs = list(BuildRun.objects.order_by("pk"))
    assert [r.status for r in runs] == [BuildRun.Status.SUCCEEDED] * 2, [r.error for r in runs]
    assert [s["name"] for s in runs[-1].steps] == ["export", "render", "index", "deploy"]
