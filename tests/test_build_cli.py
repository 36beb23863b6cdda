"""build.py: steps by name, clear errors, non-zero exit on failure."""

import re

import pytest

import build


def test_unknown_step_is_refused(capsys):
    with pytest.raises(SystemExit) as exit_info:
        build.main(["publish"])
    assert exit_info.value.code == 2
    assert "bước không hợp lệ: publish" in capsys.readouterr().err


def test_deploy_without_bucket_fails_with_message(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("S3_BUCKET", raising=False)
    monkeypatch.setenv("CCHC_OUTPUT_DIR", str(tmp_path))
    assert build.main(["deploy", "--quiet"]) == 1
    assert "S3_BUCKET" in capsys.readouterr().err


@pytest.mark.django_db
def test_full_build_from_the_command_line(demo_content, monkeypatch, tmp_path, settings, capsys):
    monkeypatch.setenv("CCHC_CONTENT_DIR", str(tmp_path / "content"))
    monkeypatch.setenv("CCHC_OUTPUT_DIR", str(tmp_path / "output"))
    monkeypatch.setenv("CCHC_VAR_DIR", str(tmp_path / "var"))
    assert build.main([]) == 0
    assert (tmp_path / "output" / "index.html").exists()
    assert (tmp_path / "var" / "search-index").is_symlink()
    err = capsys.readouterr().err  # progress and the summary table go to stderr, as rich prints them
    assert "Kết quả dựng trang" in err
    assert re.search(r"export .*\d+ trang đọc từ CMS", err)
    # A second run finds nothing new to fetch; --full fetches everything again.
    assert build.main(["export"]) == 0
    assert "Xuất: 0 trang đọc từ CMS" in capsys.readouterr().err
    assert build.main(["export", "--full"]) == 0
    assert "Xuất: 0 trang đọc từ CMS" not in capsys.readouterr().err


def test_dry_run_lists_without_uploading(monkeypatch, tmp_path, capsys, moto_server):
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "t",
        "AWS_SECRET_ACCESS_KEY": "t",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    boto3.client("s3", endpoint_url=moto_server).create_bucket(Bucket="cchc-dry-run")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "index.html").write_text("<!doctype html><title>Trang chủ</title>", "utf-8")
    monkeypatch.setenv("CCHC_OUTPUT_DIR", str(tmp_path / "output"))
    monkeypatch.setenv("CCHC_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("S3_BUCKET", "cchc-dry-run")
    monkeypatch.setenv("S3_ENDPOINT_URL", moto_server)
    assert build.main(["deploy", "--dry-run", "--quiet"]) == 0
    assert "tải lên  index.html" in capsys.readouterr().out
    listing = boto3.client("s3", endpoint_url=moto_server).list_objects_v2(Bucket="cchc-dry-run")
    assert listing.get("KeyCount", 0) == 0
