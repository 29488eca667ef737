"""Glossary CSV import: every cell fits its column, and a file that is not CSV is an error per line, never a crash."""

import csv

import pytest

from glossary.exchange import GlossaryFileError, parse_glossary_csv
from glossary.models import Alias, Definition, Entry

pytestmark = pytest.mark.usefixtures("english")


def max_length(model, field_name):
    return model._meta.get_field(field_name).max_length


def problems(data: str | bytes) -> list[str]:
    with pytest.raises(GlossaryFileError) as raised:
        parse_glossary_csv(data.encode() if isinstance(data, str) else data)
    return raised.value.messages()


def csv_text(*rows: list[str]) -> str:
    return "\r\n".join(",".join(f'"{cell}"' for cell in row) for row in rows) + "\r\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (["т" * (max_length(Entry, "term") + 1)], "the term is longer than 255 characters"),
        (["ß" * 200], "the term is longer than 255 characters"),  # 200 letters, but 400 once case-folded
        (["термин", "қысқа | " + "а" * (max_length(Alias, "text") + 1)], "an alias is longer than 255 characters"),
        (
            ["термин", "", "анықтама", "з" * (max_length(Definition, "source") + 1)],
            "the source is longer than 500 characters",
        ),
        (
            ["термин", "", "", "", "с" * (max_length(Entry, "category") + 1)],
            "the category is longer than 100 characters",
        ),
    ],
)
def test_a_cell_longer_than_its_column_is_reported_on_its_line(row, message):
    found = problems(csv_text(["term", "aliases", "definition", "source", "category"], ["жақсы"], row))
    assert found == [f"line 3: {message}"]


def test_cells_exactly_at_the_limit_are_accepted():
    row = [
        "т" * max_length(Entry, "term"),
        "а" * max_length(Alias, "text"),
        "анықтама",
        "з" * max_length(Definition, "source"),
        "с" * max_length(Entry, "category"),
    ]
    (parsed,) = parse_glossary_csv(csv_text(row).encode())
    assert (parsed.term, parsed.aliases, parsed.source, parsed.category) == (row[0], (row[1],), row[3], row[4])


def test_a_cell_the_csv_reader_refuses_is_an_error_on_its_line():
    huge = "жақсы,анықтама\n" + '"' + "ұ" * (csv.field_size_limit() + 10) + "\nкейінгі,жол\n"
    (message,) = problems(huge)
    assert message.startswith("line 2: ")
    assert "cannot be read" in message and "quotation mark" in message


@pytest.mark.parametrize("bad", ["ә\x00кім", "\x00", "әкім\x07", "\x1b[31mқызыл"])
def test_nul_and_other_control_characters_are_refused_by_line(bad):
    assert problems(f"жақсы,\n{bad},анықтама\n") == [
        "line 2: the row contains a control character (such as a NUL byte) that cannot be saved"
    ]


def test_tabs_and_line_breaks_inside_quotes_are_ordinary_text():
    (row,) = parse_glossary_csv('ұғым,,"бірінші жол\nекінші\tжол"\n'.encode())
    assert row.definition == "бірінші жол\nекінші\tжол"
