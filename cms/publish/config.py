"""The build's configuration, read once from the environment."""

import os
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


class BuildError(Exception):
    """A build step failed for a reason the user can act on."""


@dataclass(frozen=True)
class BuildConfig:
    root: Path = ROOT
    content_dir: Path = ROOT / "content"
    output_dir: Path = ROOT / "output"
    var_dir: Path = ROOT / "var"
    search_index_dir: Path = ROOT / "var" / "search-index"
    pelican_settings: Path = ROOT / "site" / "pelicanconf.py"
    api_base_url: str = "http://127.0.0.1:8000"
    site_url: str = ""
    cms_api_url: str = ""
    cms_host: str = "localhost"
    s3_bucket: str = ""
    s3_endpoint_url: str | None = None
    s3_prefix: str = ""
    upload_workers: int = 8
    cloudfront_distribution_id: str = ""
    render_workers: int = 0  # 0: one per core
    quiet: bool = False

    @property
    def manifest_path(self) -> Path:
        """One JSON line per rendered article, written by the Pelican plugin, read by the index step."""
        return self.var_dir / "search-manifest.jsonl"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: object) -> "BuildConfig":
        env = dict(os.environ if env is None else env)
        var_dir = Path(env.get("CCHC_VAR_DIR", ROOT / "var"))
        production = env.get("CCHC_BUILD_PROFILE", "dev") == "production"
        config = cls(
            content_dir=Path(env.get("CCHC_CONTENT_DIR", ROOT / "content")),
            output_dir=Path(env.get("CCHC_OUTPUT_DIR", ROOT / "output")),
            var_dir=var_dir,
            search_index_dir=Path(env.get("CCHC_SEARCH_INDEX_DIR", var_dir / "search-index")),
            pelican_settings=ROOT / "site" / ("publishconf.py" if production else "pelicanconf.py"),
            api_base_url=env.get("API_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            site_url=env.get("SITE_URL", "").rstrip("/"),
            cms_api_url=env.get("CMS_API_URL", "").rstrip("/"),
            cms_host=env.get("CMS_HOST", "localhost"),
            s3_bucket=env.get("S3_BUCKET", ""),
            s3_endpoint_url=env.get("S3_ENDPOINT_URL") or None,
            s3_prefix=env.get("S3_PREFIX", "").strip("/"),
            upload_workers=int(env.get("CCHC_UPLOAD_WORKERS", "8")),
            cloudfront_distribution_id=env.get("CLOUDFRONT_DISTRIBUTION_ID", "").strip(),
            render_workers=int(env.get("CCHC_RENDER_WORKERS", "0")),
        )
        return replace(config, **overrides)  # type: ignore[arg-type]
