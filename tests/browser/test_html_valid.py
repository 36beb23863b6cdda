"""Every HTML file of the built demo site passes the Nu Html Checker (vnu.jar) without errors."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import VNU_JAR, require_tool

pytestmark = pytest.mark.django_db


def java() -> str:
    exe = shutil.which("java")
    if exe is None:
        reason = "no Java runtime for vnu.jar (apt-get install default-jre-headless)"
        if os.environ.get("CCHC_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return exe


def vnu_errors(files: list[Path]) -> list[str]:
    """Check all files in one JVM run; one "file:line: message" per error."""
    require_tool(VNU_JAR, "vnu-jar")
    run = subprocess.run(  # noqa: S603 - fixed arguments, files we wrote
        [java(), "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(run.stderr)["messages"]
    if run.returncode and not messages:
        pytest.fail(f"vnu.jar failed: {run.stderr[-2000:]}")
    return [
        f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine', '?')}: {m['message']}" for m in messages
    ]


def test_the_checker_reports_invalid_html(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="vi"><head><title>x</title></head>'
        '<body><p id="a"><div>khối</div></p><span id="a"></span></body></html>',
        encoding="utf-8",
    )
    errors = vnu_errors([bad])
    assert any("Duplicate ID" in e for e in errors), errors
    assert all(e.startswith(f"{bad}:1: ") for e in errors), errors


def test_every_page_of_the_demo_site_is_valid_html(demo_site):
    files = sorted(demo_site.output_dir.rglob("*.html"))
    assert {demo_site.file(url) for url in demo_site.pages.values()} <= set(files)
    errors = vnu_errors(files)
    assert not errors, f"vnu.jar found {len(errors)} errors:\n" + "\n".join(errors)
