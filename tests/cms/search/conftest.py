"""The demo content built and indexed once for the search tests; a tiny index for ranking rules."""

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from cms.publish import index
from cms.publish.config import BuildConfig
from tests.conftest import build_demo_rolled_back


@pytest.fixture(scope="session")
def demo_index(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Path]:
    """The demo site's search index (built once, the content rolled back as in tests/browser)."""
    tmp = tmp_path_factory.mktemp("demo-search")
    config = BuildConfig(
        content_dir=tmp / "content",
        output_dir=tmp / "output",
        var_dir=tmp / "var",
        search_index_dir=tmp / "var" / "search-index",
        quiet=True,
    )
    build_demo_rolled_back(django_db_blocker, config)
    yield config.search_index_dir
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def demo_api(demo_index, settings) -> Path:
    settings.SEARCH_INDEX_DIR = demo_index
    return demo_index


def record(rec_id: str, title: str, body: str = "", **fields) -> dict:
    """A search-manifest record, as site/plugins/search_manifest writes it."""
    kind, number = rec_id.split(":")[0], fields.pop("number", "")
    return {
        "id": rec_id,
        "url": f"/{kind}/{rec_id.split(':')[1]}/",
        "type": kind,
        "title": title,
        "number": number,
        "summary": fields.pop("summary", ""),
        "date": fields.pop("date", "2024-01-01"),
        "body": body,
        **{name: fields.pop(name, []) for name in ("kind", "issuer", "field", "unit", "year", "status")},
    }


@pytest.fixture
def tiny_index(tmp_path) -> callable:
    """index_of(records) → the index directory of exactly these records, built by the index step."""

    def index_of(records: list[dict]) -> Path:
        config = BuildConfig(
            var_dir=tmp_path / "var", search_index_dir=tmp_path / "var" / "search-index", quiet=True
        )
        config.var_dir.mkdir(parents=True, exist_ok=True)
        with config.manifest_path.open("w", encoding="utf-8") as out:
            for rec in records:
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return index.run(config).index_dir

    return index_of
