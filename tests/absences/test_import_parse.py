"""Reading files: encodings, delimiters, Excel, and files that cannot be read."""

from __future__ import annotations

import datetime

import pytest

from absences.importing.mapping import DAY_FORMAT_MAPPING, WILMA_HEADER, WILMA_MAPPING, guess
from absences.importing.parse import ParseError, parse
from absences.importing.validate import parse_date, validate

from .helpers import DAY_HEADER, day_file, xlsx_file

ROWS = ["1001;Äijä;Öhman;7A;2026-09-01;6;2;0;0", "1002;Åsa;Strömberg;7B;2.9.2026;5;0;1;0"]
YEAR = {"starts_on": datetime.date(2026, 8, 10), "ends_on": datetime.date(2027, 7, 31)}


@pytest.mark.parametrize(
    ("encoding", "delimiter", "stored"),
    [
        ("utf-8", ";", "utf-8"),
        ("utf-8-sig", ",", "utf-8-sig"),
        ("cp1252", ";", "cp1252"),
        ("cp1252", "\t", "cp1252"),
        ("utf-8", "\t", "utf-8"),
        ("utf-8", "|", "utf-8"),
    ],
)
def test_csv_encoding_and_delimiter_are_detected(encoding, delimiter, stored):
    parsed = parse("poissa.csv", day_file(ROWS, encoding=encoding, delimiter=delimiter))
    assert (parsed.encoding, parsed.delimiter) == (stored, delimiter)
    assert parsed.header == DAY_HEADER.split(";")
    assert parsed.rows[0] == (2, ROWS[0].split(";"))
    assert parsed.rows[1][1][1] == "Åsa"


def test_utf16_is_refused_clearly():
    with pytest.raises(ParseError, match="UTF-16"):
        parse("poissa.csv", day_file(ROWS, encoding="utf-16"))


def test_empty_and_old_excel_files_are_refused():
    with pytest.raises(ParseError, match="empty"):
        parse("poissa.csv", b"")
    with pytest.raises(ParseError, match="xls"):
        parse("poissa.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100)


def test_xlsx_is_read_with_dates_and_numbers_as_text():
    content = xlsx_file(
        DAY_HEADER.split(";"), [["1001", "Aino", "Aalto", "7A", datetime.datetime(2026, 9, 1), 6, 2, 0, 0.0]]
    )
    parsed = parse("poissa.xlsx", content)
    assert parsed.kind == "xlsx"
    assert parsed.rows == [(2, ["1001", "Aino", "Aalto", "7A", "2026-09-01", "6", "2", "0", "0"])]


def test_the_day_format_and_wilma_are_recognised_by_their_headers():
    assert guess(DAY_HEADER.split(";"))["columns"] == DAY_FORMAT_MAPPING["columns"]
    assert guess(WILMA_HEADER) == {"columns": WILMA_MAPPING["columns"], "values": WILMA_MAPPING["values"]}


def test_english_and_swedish_headers_are_guessed():
    header = ["Elev ID", "Förnamn", "Efternamn", "Klass", "Datum", "Frånvarotyp"]
    columns = guess(header)["columns"]
    assert columns == {
        "pupil_id": "Elev ID", "first_name": "Förnamn", "last_name": "Efternamn", "group_name": "Klass",
        "date": "Datum", "absence_class": "Frånvarotyp",
    }  # fmt: skip


def test_dates_in_finnish_and_iso_forms():
    assert parse_date("1.9.2026") == datetime.date(2026, 9, 1)
    assert parse_date("01.09.26") == datetime.date(2026, 9, 1)
    assert parse_date("2026-09-01") == datetime.date(2026, 9, 1)
    assert parse_date("09/31/2026") is None
    assert parse_date("eilen") is None


def test_wilma_lesson_rows_are_summed_per_pupil_and_day():
    rows = [
        "A1;Aalto;Aino;7A;Ope;1.9.2026;1;MA;Selvitetty;sairas",
        "A1;Aalto;Aino;7A;Ope;1.9.2026;2;ÄI;Selvitetty;sairas",
        "A1;Aalto;Aino;7A;Ope;1.9.2026;3;EN;Luvaton;",
        "A1;Aalto;Aino;7A;Ope;2.9.2026;1;MA;Muu;",
    ]
    parsed = parse("wilma.csv", day_file(rows, header=";".join(WILMA_HEADER)))
    checked = validate(parsed, WILMA_MAPPING, **YEAR)
    assert checked.errors == []
    first = checked.days[("A1", datetime.date(2026, 9, 1))]
    assert (first.excused, first.unexcused, first.other, first.lessons_held) == (2, 1, 0, None)
    assert checked.days[("A1", datetime.date(2026, 9, 2))].other == 1
    assert checked.pupils["A1"].first_name == "Aino"


def test_every_row_error_is_reported_with_its_line():
    rows = [
        "1001;Aino;Aalto;7A;2026-09-01;6;2;0;0",
        "1002;Eero;Eskola;7A;31.2.2026;6;0;0;0",  # line 3: no such date
        "1003;Ilona;Ilola;7A;2026-06-01;6;0;0;0",  # line 4: before the school year
        "1004;Olli;Oja;7A;2026-09-01;6;-1;0;0",  # line 5: negative
        "1005;Ulla;Uusi;7A;2026-09-01;4;3;2;0",  # line 6: over lessons held
        ";Nimi;Puuttuu;7A;2026-09-01;6;0;0;0",  # line 7: no pupil id
        "1006;Kalle;Kivi;7A;2026-09-01;40;0;0;0",  # line 8: impossible count
    ]
    checked = validate(parse("x.csv", day_file(rows)), DAY_FORMAT_MAPPING, **YEAR)
    assert [e["line"] for e in checked.errors] == [3, 4, 5, 6, 7, 8]
    assert "outside the school year" in checked.errors[1]["message"]
    assert "negative" in checked.errors[2]["message"]
    assert "more than the lessons held" in checked.errors[3]["message"]


def test_missing_columns_and_unknown_class_values():
    checked = validate(parse("x.csv", b"oppilas_id;pvm\n1;2026-09-01\n"), DAY_FORMAT_MAPPING, **YEAR)
    assert checked.errors and all(e["line"] == 1 for e in checked.errors)
    assert any("not in the file" in e["message"] for e in checked.errors)
    rows = ["A1;Aalto;Aino;7A;Ope;1.9.2026;1;MA;Kummallinen;"]
    checked = validate(parse("w.csv", day_file(rows, header=";".join(WILMA_HEADER))), WILMA_MAPPING, **YEAR)
    assert checked.errors == [{"line": 2, "message": "Unknown absence class: Kummallinen."}]
