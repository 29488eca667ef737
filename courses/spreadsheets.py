"""CSV cells that open safely in Excel and LibreOffice.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is run as a formula by spreadsheet programs (CSV injection, OWASP). Such
text gets a leading apostrophe, which the programs show as plain text. Numbers
are not text and stay numbers.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_BOM = "\ufeff"


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


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
