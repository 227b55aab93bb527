"""Finnish personal identity codes (henkilötunnus): recognise them, also inside running text.

A code is DDMMYY, a century sign, a three-digit individual number and a check character:
`131052-308T`. The century sign is `+` (1800s), `-` or `Y X W V U` (1900s), `A B C D E F` (2000s);
the check character is the nine digits DDMMYYNNN as a number modulo 31, read from
"0123456789ABCDEFHJKLMNPRSTUVWXY". Only a real date with a matching check character counts, so a
phone number, a date (12.10.2025) or a mistyped lookalike is not taken for a code. Temporary numbers
(individual number 900–999) identify a person too and are recognised as well.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
CENTURIES = {
    "+": 1800,
    **dict.fromkeys("-YXWVU", 1900),
    **dict.fromkeys("ABCDEF", 2000),
}

# Word processors turn a typed hyphen into a dash; the code is the same code to a reader.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))

# Not preceded or followed by a digit: a code is not part of a longer number. Letters around it do
# not stop a match ("hetu:131052-308T", "131052-308T:n"): a missed code costs more than a lookalike,
# and a lookalike must also pass the date and the check character.
_CODE = re.compile(
    r"(?<![0-9])([0-9]{2})([0-9]{2})([0-9]{2})([-+ABCDEFYXWVU])([0-9]{3})([0-9A-FHJ-NPR-Y])(?![0-9])",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    # NFKC folds full-width digits and letters to ASCII.
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def _is_valid(day: str, month: str, year: str, sign: str, individual: str, check: str) -> bool:
    if int(individual) < 2:  # 000 and 001 are never given
        return False
    try:
        datetime.date(CENTURIES[sign.upper()] + int(year), int(month), int(day))
    except ValueError:
        return False
    return CHECK_CHARACTERS[int(day + month + year + individual) % 31] == check.upper()


def is_identity_code(value: str) -> bool:
    """Whether `value` (and nothing else, surrounding spaces aside) is a valid identity code."""
    match = _CODE.fullmatch(_normalise(value).strip())
    return match is not None and _is_valid(*match.groups())


def find_identity_codes(text: str) -> list[str]:
    """The valid identity codes inside `text`, upper-cased, in the order they appear."""
    if not text:
        return []
    return [
        match.group(0).upper() for match in _CODE.finditer(_normalise(text)) if _is_valid(*match.groups())
    ]


def contains_identity_code(text: str) -> bool:
    return bool(find_identity_codes(text))
