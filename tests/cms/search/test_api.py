"""GET /api/v1/search answers from the index the build wrote, with or without diacritics."""

import pytest
from rest_framework.test import APIClient

from tests.conftest import build_site

URL = "/api/v1/search"


@pytest.fixture
def built(demo_content, build_config):
    return build_site(build_config)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["cai cach hanh chinh", "cải cách hành chính", "CẢI CÁCH HÀNH CHÍNH"])
def test_finds_articles_with_or_without_diacritics(built, query):
    response = APIClient().get(URL, {"q": query})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] >= 2
    assert any("cải cách hành chính" in r["title"].lower() for r in data["results"])
    assert all(r["url"].startswith("/tin-tuc/") for r in data["results"])
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.django_db
def test_d_finds_đ(built):
    results = APIClient().get(URL, {"q": "dieu tra xa hoi hoc"}).json()["results"]
    assert results
    found = APIClient().get(URL, {"q": "điều tra xã hội học"}).json()["results"]
    assert [r["url"] for r in results] == [r["url"] for r in found]


@pytest.mark.django_db
def test_unknown_word_finds_nothing(built):
    data = APIClient().get(URL, {"q": "xylophone"}).json()
    assert data == {"query": "xylophone", "total": 0, "page": 1, "results": []}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{}, {"q": ""}, {"q": "x" * 201}, {"q": "cai", "page": "0"}, {"q": "cai", "page": "a"}]
)
def test_bad_parameters_get_vietnamese_400(built, params):
    response = APIClient().get(URL, params)
    assert response.status_code == 400
    assert "errors" in response.json()
    assert "hợp lệ" in response.json()["detail"]


@pytest.mark.django_db
def test_no_index_yet_is_503_not_500(settings, tmp_path):
    settings.SEARCH_INDEX_DIR = tmp_path / "nowhere"
    response = APIClient().get(URL, {"q": "cai cach"})
    assert response.status_code == 503
    assert "chưa sẵn sàng" in response.json()["detail"]
