"""Spreadsheet cells: CSV text that cannot start a formula, xlsx cells with the right types."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from courses import spreadsheets
from courses.spreadsheets import safe_cell


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        " =1+1",
        "\t\t+1",
        "\n-2",
        "\r\n@x",
        "\xa0=1",
        "\u2002=1",
        "\u2003+1",
        "\u202f@x",
        "\u3000-1",
        "\u200b=1",
        "\ufeff=1",
        " \u200b\xa0=1",
    ],
)
def test_csv_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Әбілов Әли", " Әли", "a=b", "1+1", "", "e-mail", " x -1"])
def test_ordinary_text_is_unchanged(text):
    assert safe_cell(text) == text


def test_numbers_stay_numbers_and_none_is_empty():
    assert safe_cell(-5) == -5 and safe_cell(Decimal("-1.5")) == Decimal("-1.5") and safe_cell(None) == ""


def read_back(table, title="Sheet"):
    return list(load_workbook(io.BytesIO(spreadsheets.xlsx_bytes(table, title))).active.iter_rows())


def test_xlsx_cells_keep_their_types():
    moment = timezone.make_aware(datetime(2026, 11, 25, 9, 30, 15), timezone.get_fixed_timezone(0))
    (row,) = read_back([["=1+1", "+7 701", 3, Decimal("57.50"), 2.5, date(2026, 1, 2), moment, None, True]])
    text, phone, integer, decimal, real, day, when, empty, flag = row
    assert (text.value, text.data_type) == ("=1+1", "s")
    assert (phone.value, phone.data_type) == ("+7 701", "s")
    assert (integer.value, integer.data_type) == (3, "n")
    assert (decimal.value, decimal.data_type) == (57.5, "n")
    assert real.value == 2.5
    assert day.is_date and day.value == datetime(2026, 1, 2) and day.number_format == "yyyy-mm-dd"
    local = timezone.localtime(moment).replace(tzinfo=None)
    assert when.is_date and when.value == local and when.number_format == "yyyy-mm-dd hh:mm:ss"
    assert empty.value is None
    assert flag.value is True


def test_xlsx_drops_characters_excel_refuses_and_keeps_the_rest():
    (row,) = read_back([["Бел\x07гі\x00 Әли\x1b", "tab\tand\nnewline"]])
    assert row[0].value == "Белгі Әли"
    assert row[1].value == "tab\tand\nnewline"


def test_xlsx_sheet_title_is_cut_and_cleaned():
    workbook = load_workbook(io.BytesIO(spreadsheets.xlsx_bytes([["x"]], "a/b*c?" + "ұ" * 40)))
    assert workbook.active.title == ("abc" + "ұ" * 40)[:31]
