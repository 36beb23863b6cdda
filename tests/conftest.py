"""Shared fixtures: demo content, a built site, a real S3 server, a static file server."""

import functools
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from cms.publish import export, index, render  # noqa: E402
from cms.publish.config import BuildConfig  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo_content(db):
    from cms.core.services import demo_content_load

    demo_content_load()


@pytest.fixture
def build_config(tmp_path, settings) -> BuildConfig:
    """A build into a temporary folder; the search API reads the index this build writes."""
    var = tmp_path / "var"
    settings.SEARCH_INDEX_DIR = var / "search-index"
    return BuildConfig(
        content_dir=tmp_path / "content",
        output_dir=tmp_path / "output",
        var_dir=var,
        search_index_dir=var / "search-index",
        quiet=True,
    )


@dataclass(frozen=True)
class BuiltSite:
    config: BuildConfig
    export: export.ExportResult
    render: render.RenderResult
    index: index.IndexResult


def build_site(config: BuildConfig) -> BuiltSite:
    return BuiltSite(config, export.run(config), render.run(config), index.run(config))


def build_demo_rolled_back(django_db_blocker, config: BuildConfig) -> BuiltSite:
    """Build the demo content into config's folders for a whole session, leaving the database as it was.

    The content is loaded in a transaction that is rolled back after the build: the built files are
    all the session fixtures need, and the other tests get their database back untouched.
    """
    from django.core.cache import caches
    from django.db import transaction

    from cms.core.services import demo_content_load

    with django_db_blocker.unblock(), transaction.atomic():
        demo_content_load()
        built = build_site(config)
        transaction.set_rollback(True)
    # Wagtail caches the sites' root paths; the rolled-back home page must not stay in them.
    caches["default"].clear()
    return built


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        return


@pytest.fixture
def static_server() -> Iterator:
    """Serve a folder over HTTP on a free loopback port, as the CDN would: start(folder) → origin."""
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """A real S3-protocol server (moto_server) in its own process on a free loopback port."""
    exe = shutil.which("moto_server", path=str(Path(sys.executable).parent)) or shutil.which("moto_server")
    if exe is None:
        pytest.fail("moto_server is not installed (pip install 'moto[server]')")
    port = free_port()
    proc = subprocess.Popen(
        [exe, "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)  # noqa: S310 - loopback test server
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail("moto_server did not start")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
