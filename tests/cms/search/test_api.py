"""GET /api/v1/search: results, facets, highlighted and escaped snippets, paging, clear 400s, no 500."""

import pytest
from rest_framework.test import APIClient

from cms.search.query import site_search
from tests.cms.search.conftest import record

URL = "/api/v1/search"
pytestmark = pytest.mark.django_db


def get(params):
    return APIClient().get(URL, params)


@pytest.mark.parametrize("query", ["cai cach hanh chinh", "cải cách hành chính", "CẢI CÁCH HÀNH CHÍNH"])
def test_finds_pages_with_or_without_diacritics(demo_api, query):
    response = get({"q": query})
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    data = response.json()
    assert data["total"] > 10
    assert data["page"] == 1 and data["page_size"] == 10 and data["pages"] == -(-data["total"] // 10)
    assert len(data["results"]) == 10
    first = data["results"][0]
    assert "<mark>cải cách hành chính</mark>" in first["title_html"].lower()
    assert set(first) >= {"id", "url", "type", "type_label", "title", "snippet_html", "date", "number"}
    assert {f["value"] for f in data["facets"]["type"]} >= {"document", "news", "question"}


def test_document_number_first(demo_api):
    for q in ["876/QĐ-BNV", "qd 876"]:
        first = get({"q": q}).json()["results"][0]
        assert first["number"] == "876/QĐ-BNV"
        assert first["url"] == "/van-ban/quyet-dinh-876-qd-bnv/"
        assert first["kind_label"] == "Quyết định" and first["issuer_label"] == "Bộ Nội vụ"
        assert first["status_label"]


def test_filters_facets_and_sort(demo_api):
    data = get({"q": "chỉ số", "type": "document", "sort": "newest"}).json()
    assert data["filters"] == {"type": "document"}
    assert {r["type"] for r in data["results"]} == {"document"}
    dates = [r["date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True)
    assert [f["value"] for f in data["facets"]["type"]] == ["document"]
    years = [f["value"] for f in data["facets"]["year"]]
    assert years == sorted(years, reverse=True)
    kind = data["facets"]["kind"][0]
    narrowed = get({"q": "chỉ số", "type": "document", "kind": kind["value"]}).json()
    assert narrowed["total"] == kind["count"]


def test_paging(demo_api):
    first = get({"q": "chỉ số"}).json()
    second = get({"q": "chỉ số", "page": 2}).json()
    assert first["pages"] >= 2
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({}, "q", "Vui lòng nhập"),
        ({"q": ""}, "q", "Vui lòng nhập"),
        ({"q": "x" * 201}, "q", "200 ký tự"),
        ({"q": "///"}, "q", "chữ hoặc chữ số"),
        ({"q": "cai", "page": "0"}, "page", "Số trang"),
        ({"q": "cai", "page": "a"}, "page", "Số trang"),
        ({"q": "cai", "page": "99"}, "page", "chỉ có"),
        ({"q": "cai", "sort": "oldest"}, "sort", "sắp xếp"),
        ({"q": "cai", "type": "video"}, "type", "loại nội dung"),
        ({"q": "cai", "kind": "khong-co"}, "kind", "loại văn bản"),
        ({"q": "cai", "year": "1890"}, "year", "năm"),
        ({"q": "cai", "status": "x" * 500}, "status", "tình trạng"),
    ],
)
def test_bad_parameters_get_a_vietnamese_400(demo_api, params, field, words):
    response = get(params)
    assert response.status_code == 400
    body = response.json()
    assert words in body["detail"]
    assert field in body["errors"]


def test_no_index_yet_is_503_not_500(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "nowhere"
    response = get({"q": "cai cach"})
    assert response.status_code == 503
    assert "chưa sẵn sàng" in response.json()["detail"]


def test_text_is_escaped_and_only_mark_is_markup(tiny_index, settings):
    hostile = '<img src=x onerror="alert(1)"> Cải cách <script>alert(2)</script> & "trích dẫn"'
    settings.SEARCH_INDEX_DIR = tiny_index([record("news:1", hostile, hostile, summary=hostile)])
    result = get({"q": "cải cách"}).json()["results"][0]
    for html in (result["title_html"], result["snippet_html"]):
        assert "<img" not in html and "<script" not in html
        assert "&lt;img" in html or "&lt;script" in html
        assert html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert "<mark>Cải cách</mark>" in result["title_html"]
    assert result["title"] == hostile  # plain text field: the page sets it with textContent


def test_a_new_index_is_picked_up_without_restart(tiny_index, settings):
    settings.SEARCH_INDEX_DIR = tiny_index([record("news:1", "Tin thứ nhất", "alpha")])
    assert get({"q": "alpha"}).json()["total"] == 1
    tiny_index([record("news:1", "Tin thứ nhất", "alpha"), record("news:2", "Tin thứ hai", "alpha beta")])
    assert get({"q": "alpha"}).json()["total"] == 2


def test_the_result_cache_is_per_index(tiny_index):
    index_dir = tiny_index([record("news:1", "Tin", "alpha")])
    assert site_search(index_dir=index_dir, q="alpha").total == 1
    tiny_index([record("news:1", "Tin", "beta")])
    assert site_search(index_dir=index_dir, q="alpha").total == 0
