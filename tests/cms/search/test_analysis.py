"""One Vietnamese normalizer: folding, tone placement, document numbers, decomposed input."""

import unicodedata

import pytest

from cms.search.analysis import (
    bigrams,
    canonical_tones,
    exact_tokens,
    fold,
    fold_ascii,
    fold_same_length,
    folded_tokens,
    number_key,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cải cách hành chính", ["cai", "cach", "hanh", "chinh"]),
        ("CẢI CÁCH HÀNH CHÍNH", ["cai", "cach", "hanh", "chinh"]),
        ("Điều tra xã hội học", ["dieu", "tra", "xa", "hoi", "hoc"]),
        ("đổi mới, Đà Nẵng!", ["doi", "moi", "da", "nang"]),
        ("Quyết định 876/QĐ-BNV", ["quyet", "dinh", "876", "qd", "bnv"]),
        ("hoà hòa thuỷ thủy", ["hoa", "hoa", "thuy", "thuy"]),
        ("snake_case under_score", ["snake", "case", "under", "score"]),
    ],
)
def test_folded_tokens(text, expected):
    assert folded_tokens(text) == expected


def test_decomposed_input_forms_whole_syllables():
    nfd = unicodedata.normalize("NFD", "Cải cách hành chính")
    assert nfd != "Cải cách hành chính"
    assert folded_tokens(nfd) == ["cai", "cach", "hanh", "chinh"]
    assert exact_tokens(nfd) == exact_tokens("Cải cách hành chính")


@pytest.mark.parametrize(
    ("old", "new"),
    [("hòa", "hoà"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("Hòa Bình", "Hoà Bình"), ("ủy ban", "uỷ ban")],
)
def test_old_and_new_tone_placement_are_one_exact_token(old, new):
    assert old != new
    assert exact_tokens(old) == exact_tokens(new)
    assert folded_tokens(old) == folded_tokens(new)


@pytest.mark.parametrize(
    "word",
    ["người", "quốc", "giữa", "hoàng", "khuỷu", "quý", "già", "của", "tuyến", "huỳnh", "ngoài", "mùa", "gì"],
)
def test_canonical_tones_keeps_words_that_have_one_spelling(word):
    assert canonical_tones(word) == word


def test_exact_tokens_keep_diacritics_and_skip_plain_ascii():
    assert exact_tokens("Hoa và hòa, SIPAS 2024") == ["và", "hoà"]
    assert exact_tokens("hoà") != exact_tokens("hóa")


def test_document_numbers():
    assert number_key("876/QĐ-BNV") == number_key("876/qd-bnv") == number_key("876 QD BNV") == "876qdbnv"
    assert number_key("30c/NQ-CP") == "30cnqcp"


def test_bigrams_and_fast_folds():
    assert bigrams(["hanh", "chinh", "cong"]) == ["hanh chinh", "chinh cong"]
    assert fold_ascii("Dịch vụ HÀNH CHÍNH công; đất đai") == "dich vu hanh chinh cong; dat dai"
    text = "Đề án “Đo lường” SỰ HÀI LÒNG"
    assert fold_same_length(text) == "de an “do luong” su hai long"
    assert len(fold_same_length(text)) == len(text)


def test_fold():
    assert fold("Chỉ số hài lòng ĐẠT") == "chi so hai long dat"
