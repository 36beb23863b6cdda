"""The Vietnamese analyzer folds tones, marks, đ and case, and survives decomposed input."""

import unicodedata

import pytest

from cms.search.analysis import fold, vietnamese_analyzer


def tokens(text: str) -> list[str]:
    return [t.text for t in vietnamese_analyzer()(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cải cách hành chính", ["cai", "cach", "hanh", "chinh"]),
        ("CẢI CÁCH HÀNH CHÍNH", ["cai", "cach", "hanh", "chinh"]),
        ("Điều tra xã hội học", ["dieu", "tra", "xa", "hoi", "hoc"]),
        ("đổi mới, Đà Nẵng!", ["doi", "moi", "da", "nang"]),
        ("Quyết định 876/QĐ-BNV", ["quyet", "dinh", "876", "qd", "bnv"]),
        ("hoà hòa thuỷ thủy", ["hoa", "hoa", "thuy", "thuy"]),
    ],
)
def test_analyzer_folds_vietnamese(text, expected):
    assert tokens(text) == expected


def test_decomposed_input_forms_whole_syllables():
    nfd = unicodedata.normalize("NFD", "Cải cách hành chính")
    assert nfd != "Cải cách hành chính"
    assert tokens(nfd) == ["cai", "cach", "hanh", "chinh"]


def test_fold_matches_analyzer_output():
    assert fold("Chỉ số hài lòng ĐẠT") == "chi so hai long dat"
