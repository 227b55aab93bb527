"""The identity-code detector: real codes (date and check character right) are found, also inside text,
in lower case and with a word processor's dash; lookalikes and ordinary numbers are not."""

from __future__ import annotations

import pytest

from core.identity_codes import contains_identity_code, find_identity_codes, is_identity_code

VALID = [
    "131052-308T",  # 1900s with "-"
    "010594Y9032",  # 1900s with one of the new signs (Y X W V U)
    "311299-9872",  # 31 December, temporary individual number
    "010101A123N",  # 2000s
    "020516C903K",  # 2000s with one of the new signs (B–F)
    "010100+123D",  # 1800s
]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_of_every_century_are_recognised(code):
    assert is_identity_code(code)
    assert is_identity_code(code.lower())
    assert find_identity_codes(f"Oppilas {code.lower()} kävi terveydenhoitajalla.") == [code]


@pytest.mark.parametrize(
    "text",
    [
        "hetu:131052-308T, soita huoltajalle",
        "131052-308T:n asia",
        "(131052–308T)",  # an en dash from a word processor
        "Kaksi: 010101A123N\nja 131052-308T",
        "１３１０５２-３０８Ｔ",  # full-width digits and letter
    ],
)
def test_codes_are_found_inside_text(text):
    assert contains_identity_code(text)


@pytest.mark.parametrize(
    "text",
    [
        "131052-308U",  # wrong check character
        "010101A1238",
        "131052-308",  # no check character
        "311199-9873",  # wrong check character
        "310252-308T",  # 31 February
        "130052-308T",  # month 0
        "131052G308T",  # no such century sign
        "131052-001X",  # individual number 001 is never given
        "1131052-308T",  # part of a longer number
        "131052-308T5",
        "Palaveri 12.10.2025 klo 14–15",
        "Soita 040 123 4567 tai +358 40 1234567",
        "Puhelin 09-310 12345, huone 121025-1234",
        "Ryhmäyttäminen 7. luokissa, lokakuu 2025",
        "",
    ],
)
def test_lookalikes_and_ordinary_numbers_are_not_codes(text):
    assert not contains_identity_code(text)


def test_every_code_in_a_text_is_listed_in_order():
    text = "010101a123n ja 131052-308t; taas 010101A123N"
    assert find_identity_codes(text) == ["010101A123N", "131052-308T", "010101A123N"]
