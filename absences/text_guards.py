"""The pupil-name guard: communal groups' agendas and minutes, yearclock entries and practical acts never
name a pupil of the schools they are about (issue 11, item 7).

Registered in `core.registries.text_guards` by `AbsencesConfig.ready()`; groups, yearclock and roles pass
a `core.registries.TextContext` (municipality, schools) and never import this app.

Matching: the pupil's first name as a word (all given names, or only the first one), then the last name
with a Finnish case ending. Case-insensitive. The last name may be inflected (`_last_name_stems`):

- any ending of at most `MAX_ENDING` letters after the whole name (Koskela → Koskelan, Koskelalle;
  Lindholm → Lindholmille; Virtanen → Virtanenkin);
- "-nen" names take the "-se-/-s-" stem (Virtanen → Virtasen, Virtaselle, Virtasta);
- a name ending in a vowel may lose it (Salmi → Salmen, Lahti → Lahtea), and weak consonant gradation
  of the consonants before it is tried (Lahti → Lahden, Lehto → Lehdon, Ranta → Rannan,
  Aalto → Aallon, Kauppi → Kaupin);
- "Virtanen, Matti" and "Virtanen Matti" (the last name first, as in lists) are found too.

Limits (documented, not bugs): stems shorter than three letters are not tried (Mäki → Mäen is missed,
Mäkelle/Mäkeä... are found through "mäk"); consonant-final names with a stem change other than "-nen"
(Kangas → Kankaan, Rajamies → Rajamiehen) are found only in their basic form or with a plain ending; a
nickname or a misspelling is not found; a first name followed by an unrelated word starting with the
last name's stem (e.g. a pupil "Matti Aho" and "Matti ahkera") is refused: the writer rephrases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext as _

from core.registries import TextContext, TextGuard, register_text_guard
from core.text import PUPIL_NAMES_GUARD
from schools.models import User

from .models import Pupil

# Letters a Finnish case ending (with a possessive suffix or a clitic) adds to a last name's stem.
MAX_ENDING = 5
MIN_STEM = 3
_VOWELS = "aeiouyäöå"
# Weak grade of the consonants before a stem's last vowel (strong → weak), longest first.
_GRADATION = (
    ("kk", "k"),
    ("pp", "p"),
    ("tt", "t"),
    ("nk", "ng"),
    ("mp", "mm"),
    ("lt", "ll"),
    ("nt", "nn"),
    ("rt", "rr"),
    ("ht", "hd"),
    ("t", "d"),
    ("p", "v"),
)
# A word: letters, with inner hyphens or apostrophes (Nieminen-Korhonen, O'Brien).
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def _fold(word: str) -> str:
    return word.casefold()


def _last_name_stems(last: str) -> tuple[tuple[str, int], ...]:
    """(stem, fewest letters after it) pairs an inflected form of the last word of a last name starts
    with."""
    stems: dict[str, int] = {last: 0}
    if last.endswith("nen") and len(last) - 3 >= MIN_STEM - 1:
        stems.setdefault(last[:-3] + "s", 1)  # Virtanen → Virtas|en, Virtas|ta, Virtas|elle
    if last[-1:] in _VOWELS and len(last) - 1 >= MIN_STEM:
        base = last[:-1]
        stems.setdefault(base, 1)  # Salmi → Salm|en
        for strong, weak in _GRADATION:
            if base.endswith(strong) and (len(base) - len(strong) + len(weak)) >= MIN_STEM:
                stems.setdefault(base[: -len(strong)] + weak, 1)  # Lahti → Lahd|en
                break
    return tuple(stems.items())


@dataclass(frozen=True)
class _Name:
    first: tuple[str, ...]  # given names, folded
    last: tuple[str, ...]  # words of the last name, folded; the last one is inflected
    stems: tuple[tuple[str, int], ...]
    full: tuple[str, str]  # as written, folded: (first name, last name) for comparing with staff


class _Index:
    """The names of a set of pupils, found by their first given name (and by their last name, for the
    "Virtanen, Matti" order). Built from one query."""

    def __init__(self, names: list[tuple[str, str]]) -> None:
        self.by_first: dict[str, list[_Name]] = {}
        self.by_last: dict[str, list[_Name]] = {}
        for first_name, last_name in names:
            first = tuple(_fold(w) for w in _WORD.findall(first_name))
            last = tuple(_fold(w) for w in _WORD.findall(last_name))
            if not first or not last:
                continue
            name = _Name(first, last, _last_name_stems(last[-1]), (_fold(first_name), _fold(last_name)))
            self.by_first.setdefault(first[0], []).append(name)
            if len(last) == 1:
                self.by_last.setdefault(last[0], []).append(name)

    def __bool__(self) -> bool:
        return bool(self.by_first)

    def matches(self, text: str) -> set[tuple[str, str]]:
        """The (first, last) names of the pupils named in `text`."""
        words = [(_fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]
        found: set[tuple[str, str]] = set()

        def adjacent(i: int) -> bool:  # word i+1 follows word i across blanks only (or ", ")
            gap = text[words[i][2] : words[i + 1][1]]
            return gap.strip() in ("", ",") and "\n" not in gap

        for i, (word, _start, _end) in enumerate(words):
            for name in self.by_first.get(word, ()):
                j = i + 1
                # All given names, or only the first one, may be written.
                rest = name.first[1:]
                written = [w for w, *_ in words[j : j + len(rest)]]
                if rest and written == list(rest) and all(adjacent(k) for k in range(i, i + len(rest))):
                    j += len(rest)
                if self._last_at(words, j, name, adjacent):
                    found.add(name.full)
            for name in self.by_last.get(word, ()):
                if i + 1 < len(words) and adjacent(i) and words[i + 1][0] == name.first[0]:
                    found.add(name.full)
        return found

    @staticmethod
    def _last_at(words: list, j: int, name: _Name, adjacent) -> bool:  # noqa: ANN001
        if j + len(name.last) > len(words) or not adjacent(j - 1):
            return False
        for k, part in enumerate(name.last[:-1]):  # "af", "von": written as they are
            if words[j + k][0] != part or not adjacent(j + k):
                return False
        word = words[j + len(name.last) - 1][0]
        return any(
            word.startswith(stem) and least <= len(word) - len(stem) <= MAX_ENDING
            for stem, least in name.stems
        )


def _index_for(context: TextContext) -> _Index:
    """The pupils' names of the context's schools: one query per context (a service call checking
    twenty texts loads them once)."""
    cached = context.cache.get(PUPIL_NAMES_GUARD)
    if cached is None:
        pupils = Pupil.objects.filter(municipality_id=context.municipality_id, is_active=True)
        if context.school_ids is not None:
            pupils = pupils.filter(school_id__in=context.school_ids)
        cached = context.cache[PUPIL_NAMES_GUARD] = _Index(
            list(pupils.values_list("first_name", "last_name"))
        )
    return cached


def _staff_names(context: TextContext, names: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of `names` are also the names of staff (an active membership in the municipality)."""
    same_last = reduce(or_, (Q(last_name__iexact=last) for _first, last in names))
    rows = User.objects.filter(
        same_last,
        memberships__municipality_id=context.municipality_id,
        memberships__is_active=True,
        is_active=True,
    ).values_list("first_name", "last_name")
    return {(_fold(first), _fold(last)) for first, last in rows}


def refuse_pupil_names(text: str, context: TextContext | None) -> str | None:
    """Refuse a text naming a pupil of the context's schools. Without a context (a text not about a
    school: a role's name, a section) the guard has nothing to compare with and lets the text pass."""
    if context is None:
        return None
    index = _index_for(context)
    if not index:
        return None
    named = index.matches(text)
    if not named:
        return None
    if context.allow_staff_names and named <= _staff_names(context, named):
        return None
    return _(
        "The text contains the name of a pupil of the school. Communal groups never handle an individual "
        "pupil's matters: write about it in general terms."
    )


def register() -> None:
    # "group": agendas and minutes; "shared": yearclock entries and practical acts (with a context).
    register_text_guard(
        TextGuard(
            name=PUPIL_NAMES_GUARD,
            check=refuse_pupil_names,
            scopes=frozenset({"group", "shared"}),
            wants_context=True,
        )
    )
