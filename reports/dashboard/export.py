"""The dashboard as a file: CSV for Finnish Excel and XLSX (openpyxl).

CSV: UTF-8 with a byte-order mark (so Excel reads å ä ö right), `;` between fields and a decimal comma
(Excel with Finnish regional settings expects both; a `,` delimiter would split decimals). Hidden
values stay "<5", missing ones are empty. XLSX: numbers are numbers, "<5" is text, the header row is
frozen. Both carry exactly the table's columns, in the page's filter and sort.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from .figures import Column, Dashboard, SchoolRow

CSV_DELIMITER = ";"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    """A text a spreadsheet would run as a formula (a school named "=HYPERLINK(...)") is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cells(board: Dashboard, rows: list[SchoolRow], cols: list[Column]) -> list[list]:
    return [[_safe(c.export_value(r)) for c in cols] for r in rows]


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return str(value)


def as_csv(board: Dashboard, rows: list[SchoolRow], cols: list[Column]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([c.label for c in cols])
    for line in _cells(board, rows, cols):
        writer.writerow([_csv_value(v) for v in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(board: Dashboard, rows: list[SchoolRow], cols: list[Column], *, title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([c.label for c in cols])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in _cells(board, rows, cols):
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in line])
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 32
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
