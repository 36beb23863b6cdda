"""Fixtures for the site-wide checks: the demo site built once per run, one page per template."""

import functools
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from cms.publish.config import ROOT, BuildConfig
from tests.browser.test_site import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import _QuietHandler, build_demo_rolled_back

NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# A rendered page names its template on <body data-template="…">; base.html writes it.
_TEMPLATE_MARK = re.compile(r'<body[^>]*\bdata-template="([^"]+)"')


def require_tool(path: Path, what: str) -> None:
    """Skip without the npm tool, as the browser tests skip without Chromium; CI must have it."""
    if path.exists():
        return
    reason = f"{what} is not installed at {path.relative_to(ROOT)} (run `make install`, i.e. npm ci)"
    if os.environ.get("CCHC_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass(frozen=True)
class DemoSite:
    output_dir: Path
    origin: str
    # Template name → root-relative URL of one page rendered with it ("/" for the home page).
    pages: dict[str, str]

    def file(self, url: str) -> Path:
        path = self.output_dir / url.lstrip("/")
        return path / "index.html" if url.endswith("/") else path


def pages_by_template(output_dir: Path) -> dict[str, str]:
    """One page of each template, plus a second page of each paginated listing.

    Of the pages of one template the largest is taken: it shows the most of the template's parts.
    """
    found: dict[str, tuple[int, str]] = {}
    for path in output_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        match = _TEMPLATE_MARK.search(text)
        rel = path.relative_to(output_dir).as_posix()
        url = "/" + rel.removesuffix("index.html")
        if match is None or ("/trang-" in url and "/trang-2/" not in url):
            continue
        key = match.group(1) + (" (trang 2)" if "/trang-2/" in url else "")
        if len(text) > found.get(key, (-1, ""))[0]:
            found[key] = (len(text), url)
    return {key: url for key, (_, url) in sorted(found.items(), key=lambda item: item[1][1])}


# Small pages, so that every paginated listing of the demo has a second page to check and follow.
# The real settings are loaded as a named module: Pelican's content cache pickles their functions.
_SETTINGS = """import importlib.util
import sys

_spec = importlib.util.spec_from_file_location("cchc_pelicanconf", {real!r})
_conf = sys.modules[_spec.name] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conf)
globals().update({{name: getattr(_conf, name) for name in dir(_conf) if name.isupper()}})
PAGINATED_TEMPLATES = {{name: min(size, 5) for name, size in PAGINATED_TEMPLATES.items()}}
DEFAULT_PAGINATION = 5
"""


@pytest.fixture(scope="session")
def demo_site(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[DemoSite]:
    """The demo content built into a static site and served over HTTP, once for the whole run.

    The content is loaded in a transaction that is rolled back after the build: the rendered files
    are all the checks need, and the other tests get their database back untouched.
    """
    tmp = tmp_path_factory.mktemp("demo-site")
    settings = tmp / "pelicanconf.py"
    settings.write_text(_SETTINGS.format(real=str(ROOT / "site" / "pelicanconf.py")), encoding="utf-8")
    config = BuildConfig(
        pelican_settings=settings,
        content_dir=tmp / "content",
        output_dir=tmp / "output",
        var_dir=tmp / "var",
        search_index_dir=tmp / "var" / "search-index",
        quiet=True,
    )
    build_demo_rolled_back(django_db_blocker, config)
    handler = functools.partial(_QuietHandler, directory=str(config.output_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield DemoSite(
            config.output_dir,
            f"http://127.0.0.1:{server.server_address[1]}",
            pages_by_template(config.output_dir),
        )
    finally:
        server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def chromium() -> Iterator:
    """A Chromium for one test, which opens its own pages or contexts.

    Function scope, as in test_site: Playwright's sync API marks its event loop as running in this
    thread for as long as it is started, and Django then keeps database connections per context.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
