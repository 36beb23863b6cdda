"""build.py: steps by name, clear errors, non-zero exit on failure."""

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
    assert "Xong: export" in capsys.readouterr().out
