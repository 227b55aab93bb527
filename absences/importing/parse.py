"""Read an uploaded file's bytes into a header and rows with their line numbers.

CSV: UTF-8 (with or without BOM), else Windows-1252 (the encoding of Excel's "CSV" on Finnish Windows);
other encodings are refused with a message, never guessed. The delimiter is sniffed among ; , tab and |.
XLSX: the first sheet, read-only (openpyxl), every value turned into text.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

DELIMITERS = ";,\t|"
XLSX_MAGIC = b"PK\x03\x04"
# Bytes Windows-1252 leaves undefined: a file containing them is in some other encoding.
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


class ParseError(ValueError):
    """The file cannot be read at all (not a row-level error)."""


@dataclass
class Parsed:
    kind: str  # "csv" or "xlsx"
    encoding: str
    delimiter: str
    header: list[str]
    # (line number in the file, cells); the header is line 1.
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def detect_encoding(content: bytes) -> tuple[str, str]:
    """(encoding name to store, decoded text)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", content[3:].decode("utf-8", errors="strict")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content[:4096]:
        raise ParseError(_("The file is in UTF-16 or another unsupported encoding: save it as UTF-8 CSV."))
    try:
        return "utf-8", content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if any(b in _CP1252_UNDEFINED for b in content):
        raise ParseError(_("The file's encoding is neither UTF-8 nor Windows-1252: save it as UTF-8 CSV."))
    return "cp1252", content.decode("cp1252")


def detect_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        # One column, or a sniffer at a loss: the header's most frequent candidate.
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        if counts[best] == 0:
            raise ParseError(_("No column delimiter found: use ; , tab or | between the columns.")) from None
        return best


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_xlsx(content: bytes) -> Parsed:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken zip
        raise ParseError(_("The Excel file cannot be read: %(error)s") % {"error": error}) from None
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(lines, start=1):
            cells = [_cell_text(v) for v in values]
            if header is None:
                header = cells
                while header and not header[-1]:
                    header.pop()
                continue
            if any(cells):
                rows.append((number, cells[: len(header)]))
    finally:
        workbook.close()
    if not header:
        raise ParseError(_("The file is empty."))
    return Parsed("xlsx", "", "", header, rows)


def parse_csv(content: bytes) -> Parsed:
    encoding, text = detect_encoding(content)
    if not text.strip():
        raise ParseError(_("The file is empty."))
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            number = reader.line_num
            cells = [c.strip() for c in cells]
            if header is None:
                header = cells
                continue
            if any(cells):
                rows.append((number, cells))
    except csv.Error as error:
        raise ParseError(
            _("Line %(line)s cannot be read: %(error)s") % {"line": reader.line_num, "error": error}
        ) from None
    if not header or not any(header):
        raise ParseError(_("The file is empty."))
    return Parsed("csv", encoding, delimiter, header, rows)


def parse(filename: str, content: bytes) -> Parsed:
    """CSV or XLSX by content (the name is only a hint); an old .xls is refused."""
    if not content:
        raise ParseError(_("The file is empty."))
    if content.startswith(XLSX_MAGIC):
        return parse_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseError(_("Old Excel files (.xls) are not supported: save the file as .xlsx or CSV."))
    if filename.lower().endswith((".xlsx", ".xls", ".pdf", ".zip")):
        raise ParseError(_("Unknown file format: upload a CSV or an .xlsx file."))
    return parse_csv(content)
