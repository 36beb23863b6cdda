"""Render step: Pelican turns content/ into the static site in output/."""

import json
import logging
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pelican import Pelican
from pelican.log import console as pelican_console
from pelican.settings import read_settings

from cms.publish.config import BuildConfig, BuildError
from cms.publish.progress import console, say


@dataclass(frozen=True)
class RenderResult:
    output_dir: Path
    files: int
    seconds: float
    written: int = 0
    removed: int = 0

    def describe(self) -> str:
        return f"{self.written} tệp ghi mới, {self.removed} gỡ bỏ, {self.files} tệp trên trang"


def pelican_settings(config: BuildConfig, overrides: dict | None = None) -> dict:
    """Pelican's settings with every path absolute (read_settings resolves relative ones oddly)."""
    paths = {
        "PATH": str(config.content_dir),
        "OUTPUT_PATH": str(config.output_dir),
        "THEME": str(config.root / "themes" / "cchc"),
        "PLUGIN_PATHS": [str(config.root / "site" / "plugins")],
        "SEARCH_MANIFEST_PATH": str(config.manifest_path),
        "API_BASE_URL": config.api_base_url,
        "CACHE_PATH": str(config.var_dir / "pelican-cache"),
        "INCREMENTAL_STATE_PATH": str(config.var_dir / "render-state.json"),
        "INCREMENTAL_CHANGES_PATH": str(changes_path(config)),
        "RENDER_WORKERS": config.render_workers,
    }
    if config.site_url:
        paths["SITEURL"] = config.site_url
    return read_settings(str(config.pelican_settings), override={**paths, **(overrides or {})})


def changes_path(config: BuildConfig) -> Path:
    """The render step's list of written and removed output files (JSON), read by index and deploy."""
    return config.var_dir / "render-changes.json"


@contextmanager
def quiet_pelican() -> Iterator[None]:
    """Keep Pelican to warnings; its English "Done: …" line is replaced by our own summary."""
    logging.getLogger("pelican").setLevel(logging.WARNING)
    pelican_console.quiet = True
    try:
        yield
    finally:
        pelican_console.quiet = False


def run(config: BuildConfig, *, full: bool = False) -> RenderResult:
    """Render the site with Pelican into config.output_dir: only pages whose inputs changed, unless full."""
    config.content_dir.mkdir(parents=True, exist_ok=True)
    if full:
        (config.var_dir / "render-state.json").unlink(missing_ok=True)
        shutil.rmtree(config.var_dir / "pelican-cache", ignore_errors=True)
    changes_path(config).unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        with quiet_pelican():
            if config.quiet:
                Pelican(pelican_settings(config)).run()
            else:
                with console.status("Đang dựng trang tĩnh bằng Pelican…"):
                    Pelican(pelican_settings(config)).run()
    except Exception as exc:  # noqa: BLE001 - Pelican raises anything; report it as a build error
        raise BuildError(f"Pelican không dựng được trang: {exc}") from exc
    seconds = time.perf_counter() - started
    changes = read_changes(config)
    written, removed = len(changes["written"]), len(changes["removed"])
    result = RenderResult(config.output_dir, changes.get("total", 0), seconds, written, removed)
    say(f"Dựng trang: {result.describe()} ({seconds:.1f} giây).", quiet=config.quiet)
    return result


def read_changes(config: BuildConfig) -> dict[str, list[str]]:
    """The output files the last render wrote and removed (site/plugins/incremental)."""
    try:
        return json.loads(changes_path(config).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"written": [], "removed": [], "total": 0}
