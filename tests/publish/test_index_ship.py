"""The search index travels to API hosts through the bucket (a real S3 server: moto_server)."""

import json
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.publish import deploy, index
from cms.publish.index_ship import POINTER, pull
from cms.search.query import site_search
from tests.cms.search.conftest import record
from tests.publish.test_deploy import keys, s3, site  # noqa: F401 - fixtures


def _index(config, records) -> None:
    config.var_dir.mkdir(parents=True, exist_ok=True)
    config.manifest_path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    index.run(config)


@pytest.fixture
def build_host(site, tmp_path):  # noqa: F811
    return replace(site, search_index_dir=site.var_dir / "search-index")


def test_deploy_ships_the_index_and_an_api_host_installs_it(s3, build_host, tmp_path):  # noqa: F811
    _index(build_host, [record("news:1", "Cải cách hành chính", "Một cửa liên thông.")])
    deploy.run(build_host, s3)
    names = keys(s3, build_host.s3_bucket)
    assert POINTER in names and any(k.startswith("_search-index/") and k.endswith(".tar.gz") for k in names)

    api_link = tmp_path / "api-host" / "search-index"
    assert pull(build_host, s3, api_link)
    assert site_search(index_dir=api_link, q="mot cua", cache=False).total == 1
    assert pull(build_host, s3, api_link) is None  # nothing new

    _index(
        build_host,
        [record("news:1", "Cải cách hành chính", "Một cửa liên thông."), record("news:2", "Tin", "một cửa")],
    )
    deploy.run(build_host, s3)
    assert pull(build_host, s3, api_link)
    assert site_search(index_dir=api_link, q="mot cua", cache=False).total == 2


def test_full_deploy_keeps_the_index_and_a_redeploy_does_not_upload_it_again(s3, build_host):  # noqa: F811
    _index(build_host, [record("news:1", "Tin", "alpha")])
    deploy.run(build_host, s3)
    shipped = {k for k in keys(s3, build_host.s3_bucket) if k.startswith("_search-index/")}
    deploy.run(build_host, s3, options=deploy.DeployOptions(full=True))
    assert {k for k in keys(s3, build_host.s3_bucket) if k.startswith("_search-index/")} == shipped
    pointer = s3.get_object(Bucket=build_host.s3_bucket, Key=POINTER)["Body"].read()
    deploy.run(build_host, s3)
    assert s3.get_object(Bucket=build_host.s3_bucket, Key=POINTER)["Body"].read() == pointer


def test_a_corrupt_archive_is_refused_and_the_live_index_kept(s3, build_host, tmp_path):  # noqa: F811
    _index(build_host, [record("news:1", "Tin", "alpha")])
    deploy.run(build_host, s3)
    api_link = tmp_path / "api" / "search-index"
    pull(build_host, s3, api_link)
    current = json.loads(s3.get_object(Bucket=build_host.s3_bucket, Key=POINTER)["Body"].read())
    s3.put_object(Bucket=build_host.s3_bucket, Key=POINTER, Body=json.dumps({**current, "sha256": "0" * 64}))
    with pytest.raises(Exception, match="SHA-256"):
        pull(build_host, s3, api_link)
    assert site_search(index_dir=api_link, q="alpha", cache=False).total == 1


def test_pull_command_explains_a_missing_bucket(monkeypatch):
    monkeypatch.delenv("S3_BUCKET", raising=False)
    with pytest.raises(CommandError, match="S3_BUCKET"):
        call_command("pull_search_index")
