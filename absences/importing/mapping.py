"""Which of the file's columns is which field, and which of its absence-class values is which class.

A mapping is plain JSON (stored on the import and remembered per school in `ColumnMapping`):

    {"columns": {"pupil_id": "Oppilas ID", "date": "Päivämäärä", ...},   # field -> the file's header
     "values": {"Selvitetty": "excused", "Luvaton": "unexcused", ...}}   # the file's value -> class

Columns are named by their header text, not position, so a school's next export with its columns in
another order still maps. The absence data comes either from one class column (each row one lesson, or
`lessons_absent` lessons, of that class) or from separate count columns (excused/unexcused/other).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import AbsenceClass


@dataclass(frozen=True)
class Field:
    key: str
    label: object
    required: bool = False


FIELDS: tuple[Field, ...] = (
    Field("pupil_id", _("Pupil id"), required=True),
    Field("first_name", _("First name"), required=True),
    Field("last_name", _("Last name"), required=True),
    Field("group_name", _("Class"), required=True),
    Field("grade", _("Grade")),
    Field("teacher_email", _("Homeroom teacher's e-mail")),
    Field("date", _("Date"), required=True),
    Field("lessons_held", _("Lessons held")),
    Field("lessons_absent", _("Lessons absent")),
    Field("absence_class", _("Absence class")),
    Field("excused", _("Excused lessons")),
    Field("unexcused", _("Unexcused lessons")),
    Field("other", _("Other absent lessons")),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
REQUIRED = tuple(f.key for f in FIELDS if f.required)
COUNT_FIELDS = ("excused", "unexcused", "other")


def _norm(text: str) -> str:
    """Header or value compared without case, accents, spaces and punctuation ("Pidetyt tunnit" =
    "pidetyt_tunnit"; "Selvittämätön" = "selvittamaton")."""
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return re.sub(r"[^a-z0-9@]", "", "".join(c for c in text if not unicodedata.combining(c)))


# Header names per field, Finnish, Swedish and English (compared normalized).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "pupil_id": (
        "oppilas_id", "oppilasid", "oppilaan tunniste", "oppilasnumero", "tunniste", "id", "student id",
        "pupil id", "elev id", "elevnummer", "elevens id", "opiskelijanumero",
    ),
    "first_name": ("etunimi", "etunimet", "first name", "firstname", "given name", "förnamn", "fornamn"),
    "last_name": ("sukunimi", "last name", "lastname", "surname", "family name", "efternamn"),
    "group_name": ("luokka", "ryhmä", "class", "group", "klass", "perusryhmä", "kotiluokka"),
    "grade": ("luokka-aste", "vuosiluokka", "grade", "årskurs", "arskurs", "year"),
    "teacher_email": (
        "luokanvalvoja", "luokanopettaja", "luokanvalvojan sähköposti", "opettajan sähköposti",
        "teacher email", "homeroom teacher", "klassföreståndare", "klasslärare",
    ),
    "date": ("pvm", "päivämäärä", "päivä", "date", "day", "datum", "dag"),
    "lessons_held": (
        "pidetyt_tunnit", "pidetyt tunnit", "tunteja", "oppitunteja", "lessons held", "held",
        "hållna lektioner", "lektioner",
    ),
    "lessons_absent": (
        "poissa", "poissaolotunnit", "tunnit poissa", "poissa tunteja", "lessons absent", "absent",
        "frånvarande lektioner", "frånvaro timmar",
    ),
    "absence_class": (
        "selvitys", "poissaolon syy", "syy", "poissaolon tyyppi", "tyyppi", "absence class", "absence type",
        "type", "reason", "frånvarotyp", "orsak", "typ",
    ),
    "excused": ("poissa_selvitetty", "selvitetty", "excused", "giltig", "utredd", "godkänd frånvaro"),
    "unexcused": (
        "poissa_selvittamaton", "selvittämätön", "luvaton", "unexcused", "ogiltig", "outredd",
        "ogiltig frånvaro",
    ),
    "other": ("poissa_muu", "muu", "other", "annan", "övrig", "övrig frånvaro"),
}  # fmt: skip

# The file's absence-class values (compared normalized) and what they mean.
VALUE_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        [
            "selvitetty",
            "hyväksytty",
            "sairaus",
            "lupa",
            "excused",
            "authorised",
            "giltig",
            "utredd",
            "godkänd",
        ],  # fmt: skip
        AbsenceClass.EXCUSED,
    ),
    **dict.fromkeys(
        ["selvittämätön", "luvaton", "unexcused", "unauthorised", "ogiltig", "outredd", "olovlig"],
        AbsenceClass.UNEXCUSED,
    ),
    **dict.fromkeys(["muu", "other", "annan", "övrig"], AbsenceClass.OTHER),
}
_VALUES = {_norm(k): str(v) for k, v in VALUE_SYNONYMS.items()}


# --- Ready mappings --------------------------------------------------------------------------------

# A typical Wilma absence export ("Poissaolot" report saved as CSV/Excel): one row per absent lesson,
# the class of the absence in "Selvitys". Wilma exports neither lessons held nor the homeroom
# teacher's e-mail ("Luokanvalvoja" is a name): those come from the class settings. See the README.
WILMA_HEADER = [
    "Oppilaan tunniste", "Sukunimi", "Etunimet", "Luokka", "Luokanvalvoja", "Päivämäärä", "Tunti",
    "Kurssi", "Selvitys", "Selite",
]  # fmt: skip
WILMA_MAPPING: dict[str, dict[str, str]] = {
    "columns": {
        "pupil_id": "Oppilaan tunniste",
        "first_name": "Etunimet",
        "last_name": "Sukunimi",
        "group_name": "Luokka",
        "date": "Päivämäärä",
        "absence_class": "Selvitys",
    },
    "values": {
        "Selvitetty": AbsenceClass.EXCUSED.value,
        "Selvittämätön": AbsenceClass.UNEXCUSED.value,
        "Luvaton": AbsenceClass.UNEXCUSED.value,
        "Muu": AbsenceClass.OTHER.value,
    },
}

# Our own documented day-level format: UTF-8, ";" — one row per pupil per school day.
DAY_FORMAT_HEADER = [
    "oppilas_id", "etunimi", "sukunimi", "luokka", "pvm", "pidetyt_tunnit", "poissa_selvitetty",
    "poissa_selvittamaton", "poissa_muu",
]  # fmt: skip
DAY_FORMAT_MAPPING: dict[str, dict[str, str]] = {
    "columns": {
        "pupil_id": "oppilas_id",
        "first_name": "etunimi",
        "last_name": "sukunimi",
        "group_name": "luokka",
        "date": "pvm",
        "lessons_held": "pidetyt_tunnit",
        "excused": "poissa_selvitetty",
        "unexcused": "poissa_selvittamaton",
        "other": "poissa_muu",
    },
    "values": {},
}


def guess(header: list[str], remembered: dict | None = None) -> dict:
    """The remembered mapping when every column it names is in this file; else a guess from the header
    names (each column used once, first synonym match wins)."""
    present = set(header)
    columns_remembered = (remembered or {}).get("columns") or {}
    if columns_remembered and all(col in present for col in columns_remembered.values() if col):
        return {"columns": dict(columns_remembered), "values": dict((remembered or {}).get("values", {}))}
    if set(WILMA_HEADER) <= present:
        return {"columns": dict(WILMA_MAPPING["columns"]), "values": dict(WILMA_MAPPING["values"])}
    by_norm = {_norm(h): h for h in reversed(header) if h}
    used: set[str] = set()
    columns: dict[str, str] = {}
    for key in FIELD_KEYS:
        for synonym in SYNONYMS[key]:
            column = by_norm.get(_norm(synonym))
            if column and column not in used:
                columns[key] = column
                used.add(column)
                break
    # A count column and a class column both matched: counts win only when there is no class column.
    return {"columns": columns, "values": {}}


def value_class(mapping: dict, value: str) -> str | None:
    """The AbsenceClass of a file's class value: the mapping's own values first, then known words."""
    values = mapping.get("values") or {}
    if value in values:
        return values[value] or None
    normalized = {_norm(k): v for k, v in values.items()}
    return normalized.get(_norm(value)) or _VALUES.get(_norm(value))


def missing_columns(mapping: dict, header: list[str]) -> list[str]:
    """Problems with the mapping itself against this header (each a sentence)."""
    columns = mapping.get("columns") or {}
    present = set(header)
    problems = []
    labels = {f.key: f.label for f in FIELDS}
    for key in REQUIRED:
        if not columns.get(key):
            problems.append(gettext("No column is chosen for %(field)s.") % {"field": labels[key]})
    for key, column in columns.items():
        if column and column not in present:
            problems.append(
                gettext("The column %(column)s (%(field)s) is not in the file.")
                % {"column": column, "field": labels.get(key, key)}
            )
    if not columns.get("absence_class") and not any(columns.get(k) for k in COUNT_FIELDS):
        problems.append(
            gettext(
                "Choose either the absence class column or the columns of excused, unexcused and "
                "other lessons."
            )
        )
    return problems


def clean(mapping: dict) -> dict:
    """Keep known fields and valid classes only (input from a form or the API)."""
    columns = {k: str(v) for k, v in (mapping.get("columns") or {}).items() if k in FIELD_KEYS and v}
    values = {str(k): str(v) for k, v in (mapping.get("values") or {}).items() if v in AbsenceClass.values}
    return {"columns": columns, "values": values}
