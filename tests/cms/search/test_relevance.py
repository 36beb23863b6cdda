"""Relevance over the demo corpus: what a citizen types, and what must come first.

Each case names the URL that must be the first result, or the URLs that must all be in the top
results. Queries come with and without diacritics, in capitals, with old and new tone placement, by
document number in the forms people type it, and as phrases.
"""

import pytest

from cms.search.query import site_search

pytestmark = pytest.mark.django_db

DOC = "/van-ban/"
NEWS = "/tin-tuc/"
QA = "/hoi-dap/"

FIRST = [
    # Document numbers, as printed and as typed.
    ("876/QĐ-BNV", DOC + "quyet-dinh-876-qd-bnv/"),
    ("876/qd-bnv", DOC + "quyet-dinh-876-qd-bnv/"),
    ("qd 876", DOC + "quyet-dinh-876-qd-bnv/"),
    ("qđ 876", DOC + "quyet-dinh-876-qd-bnv/"),
    ("876", DOC + "quyet-dinh-876-qd-bnv/"),
    ("Quyết định 876", DOC + "quyet-dinh-876-qd-bnv/"),
    ("QĐ 1149", DOC + "quyet-dinh-1149-qd-bnv/"),
    ("1149/QĐ-BNV", DOC + "quyet-dinh-1149-qd-bnv/"),
    ("30c/NQ-CP", DOC + "nghi-quyet-30c-nq-cp/"),
    ("nghị quyết 30c", DOC + "nghi-quyet-30c-nq-cp/"),
    ("76/NQ-CP", DOC + "nghi-quyet-76-nq-cp-2021/"),
    ("202/2025/QH15", DOC + "nghi-quyet-202-2025-qh15/"),
    ("nghị định 25/2025", DOC + "nghi-dinh-25-2025-nd-cp/"),
    ("34/2017/NĐ-CP", DOC + "nghi-dinh-34-2017-nd-cp/"),
    ("nd 34/2017", DOC + "nghi-dinh-34-2017-nd-cp/"),
    ("4566/BNV-CCHC", DOC + "cong-van-4566-bnv-cchc/"),
    ("công văn 23/BNV-CCHC", DOC + "cong-van-23-bnv-cchc/"),
    ("2640", DOC + "quyet-dinh-2640-qd-bnv/"),
    ("1001/QĐ-BNV", DOC + "quyet-dinh-1001-qd-bnv/"),
    ("qd 243", DOC + "quyet-dinh-243-qd-bnv/"),
    ("225/QĐ-TTg", DOC + "quyet-dinh-225-qd-ttg/"),
    ("979/qd-bnv", DOC + "quyet-dinh-979-qd-bnv/"),
    ("838", DOC + "quyet-dinh-838-qd-bnv/"),
    # Titles and subjects, with and without diacritics.
    ("chương trình tổng thể cải cách hành chính 2021 - 2030", DOC + "nghi-quyet-76-nq-cp-2021/"),
    ("chuong trinh tong the cai cach hanh chinh 2011 2020", DOC + "nghi-quyet-30c-nq-cp/"),
    ("kế hoạch cải cách hành chính nhà nước 2016 - 2020", DOC + "quyet-dinh-225-qd-ttg/"),
    ("điều tra xã hội học", QA + "can-bo-cong-chuc-tham-gia-dieu-tra-xa-hoi-hoc-chi-so-cai-cach-hanh-chinh/"),
    ("dieu tra xa hoi hoc", QA + "can-bo-cong-chuc-tham-gia-dieu-tra-xa-hoi-hoc-chi-so-cai-cach-hanh-chinh/"),
    ("sipas 2024", NEWS + "chi-so-sipas-2024-hon-90-nguoi-dan-khong-gap-cong-chuc-nhung-nhieu/"),
    ("nhũng nhiễu", NEWS + "chi-so-sipas-2024-hon-90-nguoi-dan-khong-gap-cong-chuc-nhung-nhieu/"),
    ("NHUNG NHIEU", NEWS + "chi-so-sipas-2024-hon-90-nguoi-dan-khong-gap-cong-chuc-nhung-nhieu/"),
    (
        "Quảng Ninh dẫn đầu",
        NEWS + "quang-ninh-dan-dau-chi-so-cai-cach-hanh-chinh-va-chi-so-hai-long-nam-2023/",
    ),
    (
        "quang ninh dan dau",
        NEWS + "quang-ninh-dan-dau-chi-so-cai-cach-hanh-chinh-va-chi-so-hai-long-nam-2023/",
    ),
    ("hết thời hạn tự đánh giá nhập bổ sung", QA + "het-thoi-han-tu-danh-gia-co-nhap-bo-sung-duoc-khong/"),
    (
        "quy chế thu thập dữ liệu đánh giá",
        "/lay-y-kien-du-thao/du-thao-quy-che-du-lieu-danh-gia-cai-cach-hanh-chinh/",
    ),
    ("giới thiệu", "/gioi-thieu/"),
    ("lần đầu cả 63 tỉnh đạt trên 80%", NEWS + "cong-bo-chi-so-cai-cach-hanh-chinh-nam-2023/"),
    ("chỉ số sipas lấy ý kiến người dân", QA + "chi-so-sipas-lay-y-kien-nguoi-dan-bang-cach-nao/"),
    # Misspelt or mixed tone marks.
    ("chỉ sô sipas lây y kiên người dân", QA + "chi-so-sipas-lay-y-kien-nguoi-dan-bang-cach-nao/"),
    ("đieu tra xa hôi hoc", QA + "can-bo-cong-chuc-tham-gia-dieu-tra-xa-hoi-hoc-chi-so-cai-cach-hanh-chinh/"),
]

TOP = [
    # Both must be in the first results (the order between them is not the point).
    (
        "sắp xếp đơn vị hành chính cấp tỉnh",
        2,
        [DOC + "nghi-quyet-202-2025-qh15/", NEWS + "34-tinh-thanh-pho"],
    ),
    ("34 tỉnh", 3, [NEWS + "34-tinh-thanh-pho", QA + "sau-sap-xep-34-tinh"]),
    ("phương pháp đo lường sự hài lòng", 2, [DOC + "quyet-dinh-1001-qd-bnv/", NEWS + "ban-hanh-phuong-phap"]),
    ("thử nghiệm hệ thống", 2, [NEWS + "thu-nghiem-he-thong", DOC + "cong-van-4566-bnv-cchc/"]),
    ("góp ý dự thảo", 3, [QA + "lam-the-nao-de-gop-y-du-thao", "/lay-y-kien-du-thao/du-thao-quy-che"]),
]

SAME_RESULTS = [
    ("cải cách hành chính", "cai cach hanh chinh", "CẢI CÁCH HÀNH CHÍNH", "Cải Cách Hành Chính"),
    ("điều tra xã hội học", "dieu tra xa hoi hoc", "ĐIỀU TRA XÃ HỘI HỌC"),
    ("Ủy ban nhân dân", "Uỷ ban nhân dân", "uy ban nhan dan"),
]


def _urls(index_dir, q, **kwargs) -> list[str]:
    return [hit.url for hit in site_search(index_dir=index_dir, q=q, cache=False, **kwargs).hits]


@pytest.mark.parametrize(("query", "expected"), FIRST, ids=[q for q, _ in FIRST])
def test_first_result(demo_index, query, expected):
    urls = _urls(demo_index, query)
    assert urls, f"nothing found for {query!r}"
    assert urls[0].startswith(expected), f"{query!r}: {urls[:3]}"


@pytest.mark.parametrize(("query", "within", "expected"), TOP, ids=[q for q, _, _ in TOP])
def test_top_results(demo_index, query, within, expected):
    urls = _urls(demo_index, query)[:within]
    for prefix in expected:
        assert any(url.startswith(prefix) for url in urls), f"{query!r}: {prefix} not in {urls}"


@pytest.mark.parametrize("queries", SAME_RESULTS, ids=[q[0] for q in SAME_RESULTS])
def test_diacritics_and_case_do_not_change_what_is_found(demo_index, queries):
    found = [set(_urls(demo_index, q, page_size=100)) for q in queries]
    assert found[0]
    assert all(urls == found[0] for urls in found)


def test_cai_cach_hanh_chinh_puts_the_words_together_first(demo_index):
    hits = site_search(index_dir=demo_index, q="cai cach hanh chinh", cache=False).hits
    for hit in hits[:5]:
        shown = (hit.title + " " + hit.snippet_html.replace("<mark>", "").replace("</mark>", "")).lower()
        assert "cải cách hành chính" in shown, hit.url
    assert "cải cách hành chính" in hits[0].title.lower()


def test_exact_diacritics_rank_above_folded_matches(demo_index):
    # "hóa" (mã hóa) and "hòa" (Khánh Hòa, Hòa Bình) fold to the same "hoa".
    with_tone = _urls(demo_index, "Khánh Hoà")
    assert with_tone[0].startswith(NEWS + "34-tinh-thanh-pho")


def test_quoted_phrase_puts_the_phrase_first(demo_index):
    hits = site_search(index_dir=demo_index, q='"hành chính công"', cache=False).hits
    assert "<mark>hành chính công</mark>" in hits[0].snippet_html.lower()


def test_filters_and_facets(demo_index):
    everything = site_search(index_dir=demo_index, q="chỉ số", cache=False)
    documents = site_search(index_dir=demo_index, q="chỉ số", filters={"type": "document"}, cache=False)
    assert 0 < documents.total < everything.total
    assert all(hit.type == "document" for hit in documents.hits)
    types = {f.value: f.count for f in everything.facets["type"]}
    assert types["document"] == documents.total
    assert sum(types.values()) == everything.total
    kinds = {f.value: f.count for f in documents.facets["kind"]}
    assert kinds and sum(kinds.values()) == documents.total
    decisions = site_search(index_dir=demo_index, q="chỉ số", filters={"kind": "quyet-dinh"}, cache=False)
    assert decisions.total == kinds["quyet-dinh"]
    assert all(hit.kind_label == "Quyết định" for hit in decisions.hits)


def test_newest_sort(demo_index):
    hits = site_search(index_dir=demo_index, q="chỉ số", sort="newest", page_size=50, cache=False).hits
    dates = [hit.date for hit in hits if hit.date]
    assert dates == sorted(dates, reverse=True)
    assert len(dates) > 10
