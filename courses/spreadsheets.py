"""Spreadsheet cells that open safely in Excel and LibreOffice, as CSV and as xlsx.

CSV: a text cell starting with ``=``, ``+``, ``-`` or ``@`` is run as a formula
by spreadsheet programs (CSV injection, OWASP), also when blanks come first
(they skip spaces, line breaks, no-break and other Unicode spaces), and so is a
cell starting with a tab or a carriage return. Such text gets a leading
apostrophe, which the programs show as plain text. Numbers are not text and
stay numbers.

xlsx: every exporter writes through ``xlsx_bytes``, which types each cell
itself: text is stored as text (never a formula, and without a visible
apostrophe), numbers as numbers, dates as dates. Characters that XML cannot
hold (control characters from a pasted name) are dropped instead of failing
the whole workbook.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@")
ALWAYS_QUOTED_STARTS = ("\t", "\r")
EXCEL_BOM = "\ufeff"
# Whitespace and invisible characters a spreadsheet skips before looking for a formula sign.
_LEADING_BLANKS = re.compile(r"^[\s\u180e\u200b-\u200d\u2060\ufeff]+")
CSV_DATETIME_FORMAT = "%Y-%m-%d %H:%M:%S"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
XLSX_DATE_FORMAT = "yyyy-mm-dd"
# openpyxl's ILLEGAL_CHARACTERS_RE, plus what XML 1.0 cannot hold either (lxml refuses both).
_XLSX_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_TITLE_REFUSED = re.compile(r"[\\*?:/\[\]]")
SHEET_TITLE_LENGTH = 31


def starts_formula(text: str) -> bool:
    """True if a spreadsheet program would read ``text`` as a formula."""
    return text.startswith(ALWAYS_QUOTED_STARTS) or _LEADING_BLANKS.sub("", text).startswith(FORMULA_STARTS)


def _local(moment: datetime) -> datetime:
    """Wall-clock time in the site's time zone, as people read it (spreadsheets have no time zones)."""
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def safe_cell(value):
    """A value for a CSV writer: numbers as they are, dates as local text, text that cannot run."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return _local(value).strftime(CSV_DATETIME_FORMAT)
    if isinstance(value, date):
        return value.isoformat()
    value = str(value)
    return "'" + value if starts_formula(value) else value


def xlsx_text(value: object) -> str:
    """Text as an xlsx cell can hold it: characters XML refuses are dropped."""
    return _XLSX_REFUSED.sub("", str(value))


def xlsx_cell(sheet, value):
    """A typed write-only cell: the value's own type decides, never the text's first character."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or isinstance(value, bool | int | float):
        return WriteOnlyCell(sheet, value)
    if isinstance(value, Decimal):
        return WriteOnlyCell(sheet, float(value))
    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, _local(value).replace(tzinfo=None))
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    cell = WriteOnlyCell(sheet, xlsx_text(value))
    cell.data_type = "s"  # "=1+1" or "#N/A" stay text: openpyxl would make them a formula or an error
    return cell


def sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: no ``\\ * ? : / [ ]``, at most 31 characters."""
    title = _SHEET_TITLE_REFUSED.sub("", xlsx_text(title)).strip("' ")
    return title[:SHEET_TITLE_LENGTH] or "Sheet"


def xlsx_bytes(table: Iterable[Iterable], title: str) -> bytes:
    """A one-sheet .xlsx workbook of ``table``'s rows (openpyxl's write-only mode streams them)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    for values in table:
        sheet.append([xlsx_cell(sheet, value) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class RowErrors(Exception):
    """An uploaded table cannot be imported; ``problems`` are (line, message) pairs, line 0 for the file."""

    def __init__(self, problems: list[tuple[int, str]]):
        super().__init__(problems)
        self.problems = problems

    def messages(self) -> list[str]:
        return [
            _("line %(line)s: %(problem)s") % {"line": line, "problem": problem} if line else problem
            for line, problem in self.problems
        ]

    def __str__(self) -> str:
        return "\n".join(self.messages())
