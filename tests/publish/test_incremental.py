"""Incremental builds: after one change, only what shows it is fetched, rendered and re-indexed."""

import json
import shutil
from dataclasses import replace

import pytest

from cms.publish import export, index, render
from cms.search.query import site_search
from tests.publish import sample
from tests.publish.test_theme_listings import one_per_page

pytestmark = pytest.mark.django_db


def changes(config) -> dict[str, list[str]]:
    return render.read_changes(config)


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def built(build_config):
    pages = sample.build()
    for step in (export, render, index):
        step.run(build_config)
    return pages


def test_nothing_changed_means_nothing_fetched_or_written(built, build_config):
    output = tree(build_config.output_dir)
    assert export.run(build_config).fetched == 0
    result = render.run(build_config)
    written = set(changes(build_config)["written"])
    # Only the direct templates (home, search, 404…), which may show any page, are rendered again.
    assert written <= {
        "index.html",
        "404.html",
        "tim-kiem/index.html",
        "hoi-dap/gui-cau-hoi/index.html",
        "tra-cuu/index.html",
    }
    assert result.removed == 0
    assert tree(build_config.output_dir) == output
    assert index.run(build_config).updated == 0


def test_editing_one_document_fetches_it_and_the_documents_that_show_it(built, build_config):
    built.circular.title = "Thông tư hướng dẫn Quyết định 115 (sửa đổi)"
    built.circular.save_revision().publish()
    result = export.run(build_config)
    # The circular, and the decision whose "Được hướng dẫn bởi" list shows the circular's title.
    assert result.fetched == 2
    decision = (build_config.content_dir / "trang/van-ban/115-qd-bnv.md").read_text(encoding="utf-8")
    assert "Thông tư hướng dẫn Quyết định 115 (sửa đổi)" in decision
    render.run(build_config)
    written = set(changes(build_config)["written"])
    assert {
        "van-ban/2-2025-tt-bnv/index.html",
        "van-ban/115-qd-bnv/index.html",
        "van-ban/index.html",
    } <= written
    assert "tin-tuc/" + built.news.slug + "/index.html" not in written
    assert "hoi-dap/thoi-han-giai-quyet/index.html" not in written
    page = (build_config.output_dir / "van-ban/2-2025-tt-bnv/index.html").read_text(encoding="utf-8")
    assert "(sửa đổi)" in page


def test_unpublishing_removes_the_page_and_its_output(built, build_config):
    built.question.unpublish()
    export.run(build_config)
    assert not (build_config.content_dir / "trang/hoi-dap/thoi-han-giai-quyet.md").exists()
    result = render.run(build_config)
    assert "hoi-dap/thoi-han-giai-quyet/index.html" in changes(build_config)["removed"]
    assert not (build_config.output_dir / "hoi-dap/thoi-han-giai-quyet/index.html").exists()
    assert result.removed >= 1
    assert "hoi-dap/index.html" in changes(build_config)["written"]  # the list no longer shows it


def test_index_updates_only_the_changed_record(built, build_config, monkeypatch):
    monkeypatch.setattr(index, "REBUILD_SHARE", 1.0)  # the sample has one news item: update, don't rebuild
    built.news.title = "Hội nghị trực tuyến về chuyển đổi số"
    built.news.save_revision().publish()
    export.run(build_config)
    render.run(build_config)
    result = index.run(build_config)
    assert not result.rebuilt and result.updated == 1 and result.removed == 0
    found = site_search(index_dir=build_config.search_index_dir, q="chuyen doi so")
    assert [hit.title for hit in found.hits] == ["Hội nghị trực tuyến về chuyển đổi số"]
    assert site_search(index_dir=build_config.search_index_dir, q="Tin ở tỉnh").total == 0


def test_incremental_build_equals_a_full_build(built, build_config, tmp_path):
    built.circular.title = "Thông tư số 2 (đã sửa)"
    built.circular.save_revision().publish()
    built.question.unpublish()
    for step in (export, render):
        step.run(build_config)
    fresh = replace(
        build_config, content_dir=tmp_path / "full/content", output_dir=tmp_path / "full/output",
        var_dir=tmp_path / "full/var", search_index_dir=tmp_path / "full/var/search-index",
    )  # fmt: skip
    export.run(fresh, full=True)
    render.run(fresh, full=True)
    assert tree(build_config.content_dir) == tree(fresh.content_dir)
    assert tree(build_config.output_dir).keys() == tree(fresh.output_dir).keys()
    assert tree(build_config.output_dir) == tree(fresh.output_dir)


def test_a_theme_change_renders_every_page_again(built, build_config, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(build_config.root / "themes" / "cchc", theme)
    count = len(json.loads((build_config.var_dir / "render-state.json").read_text())["outputs"])
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- v2 --></body>"), "utf-8")
    settings = render.pelican_settings(build_config, {"THEME": str(theme)})
    from pelican import Pelican

    with render.quiet_pelican():
        Pelican(settings).run()
    written = changes(build_config)["written"]
    assert len(written) >= count - 2  # every output page, whatever its content
    assert "<!-- v2 -->" in (build_config.output_dir / "van-ban/115-qd-bnv/index.html").read_text("utf-8")


def test_one_changed_document_renders_only_the_listing_pages_showing_it(tmp_path, build_config):
    pages = sample.build()
    config = one_per_page(tmp_path, build_config)  # the circular on page 1, the decision on page 2
    export.run(config)
    render.run(config)
    pages.decision.body = "<p>Nội dung được sửa đổi, bổ sung.</p>"
    pages.decision.save_revision().publish()
    export.run(config)
    render.run(config)
    written = set(changes(config)["written"])
    assert {"van-ban/115-qd-bnv/index.html", "van-ban/trang-2/index.html"} <= written
    assert "van-ban/co-quan/bnv/trang-2/index.html" in written
    assert (
        not {"van-ban/index.html", "van-ban/co-quan/bnv/index.html", "van-ban/2-2025-tt-bnv/index.html"}
        & written
    )
    page = (config.output_dir / "van-ban/115-qd-bnv/index.html").read_text(encoding="utf-8")
    assert "Nội dung được sửa đổi, bổ sung." in page
