"""A course glossary as CSV: export for Excel, import with per-row errors.

One row per definition: ``term, aliases, definition, source, category``.
Aliases are separated by ``|``. An entry with several definitions has several
rows with the same term; an entry without a definition has one row with an
empty definition. Import merges into the course glossary the same way the
lecture importer does: no duplicate entries, aliases and definitions added.

Import checks every cell against its column's ``max_length`` and refuses
control characters (PostgreSQL cannot store NUL), so a bad file is a list of
line-numbered problems and nothing is saved, never a database error.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from courses.limits import CONTROL_CHARACTERS
from courses.people import detect_delimiter
from courses.spreadsheets import RowErrors, safe_cell
from glossary.importing import CourseGlossary, alias_fits, max_length, term_fits
from glossary.models import Alias, Definition, Entry

HEADER = ["term", "aliases", "definition", "source", "category"]


@dataclass(frozen=True)
class GlossaryRow:
    line: int
    term: str
    aliases: tuple[str, ...]
    definition: str
    source: str
    category: str


class GlossaryFileError(RowErrors):
    """The glossary file cannot be imported; every bad row is listed."""


def export_rows(entries: Iterable[Entry]) -> Iterator[list]:
    """Header, then rows; entries need ``aliases`` and ``definitions`` prefetched."""
    yield HEADER
    for entry in entries:
        aliases = " | ".join(alias.text for alias in entry.aliases.all())
        definitions = list(entry.definitions.all()) or [None]
        for definition in definitions:
            yield [
                safe_cell(value)
                for value in (
                    entry.term,
                    aliases,
                    definition.text if definition else "",
                    definition.source if definition else "",
                    entry.category,
                )
            ]


def export_csv(entries: Iterable[Entry]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(export_rows(entries))
    return buffer.getvalue()


def parse_glossary_csv(data: bytes) -> list[GlossaryRow]:
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GlossaryFileError([(0, _("The file is not in UTF-8. In Excel, save it as “CSV UTF-8”."))]) from None
    rows, problems = [], []
    for line, cells in _csv_rows(content, problems):
        cells = [cell.replace("\xa0", " ").strip() for cell in cells]
        if not any(cells):
            continue
        if not rows and not problems and cells[0].casefold() in {"term", "термин"}:
            continue
        if len(cells) > len(HEADER):
            problems.append((line, _("expected at most 5 columns, found %(count)d") % {"count": len(cells)}))
            continue
        if any(CONTROL_CHARACTERS.search(cell) for cell in cells):
            problems.append((line, _("the row contains a control character (such as a NUL byte) that cannot be saved")))
            continue
        term, aliases, definition, source, category = [*cells, "", "", "", ""][: len(HEADER)]
        row = GlossaryRow(
            line=line,
            term=term.lstrip("'"),
            aliases=tuple(alias.strip() for alias in aliases.split("|") if alias.strip()),
            definition=definition.lstrip("'"),
            source=source.lstrip("'"),
            category=category,
        )
        if problem := _cell_problem(row):
            problems.append((line, problem))
        else:
            rows.append(row)
    if not rows and not problems:
        problems.append((0, _("The file has no glossary rows in it.")))
    if problems:
        raise GlossaryFileError(problems)
    return rows


def _csv_rows(content: str, problems: list[tuple[int, str]]) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) per row; a row the csv module refuses is a problem on its line and ends the reading."""
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=detect_delimiter(content))
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:  # a cell over the csv module's limit: usually a quotation mark never closed
            problems.append(
                (
                    reader.line_num,
                    _(
                        "this row cannot be read: a cell is longer than %(max)d characters, "
                        "or a quotation mark is not closed"
                    )
                    % {"max": csv.field_size_limit()},
                )
            )
            return
        yield reader.line_num, cells


def _cell_problem(row: GlossaryRow) -> str | None:
    """Why the row does not fit the glossary's columns, or None (limits read from the models)."""
    if not row.term:
        return _("the term is empty")
    if not term_fits(row.term):
        return _("the term is longer than %(max)d characters") % {"max": max_length(Entry, "term")}
    if not all(alias_fits(alias) for alias in row.aliases):
        return _("an alias is longer than %(max)d characters") % {"max": max_length(Alias, "text")}
    if len(row.source) > max_length(Definition, "source"):
        return _("the source is longer than %(max)d characters") % {"max": max_length(Definition, "source")}
    if len(row.category) > max_length(Entry, "category"):
        return _("the category is longer than %(max)d characters") % {"max": max_length(Entry, "category")}
    return None


@dataclass
class GlossaryImportReport:
    created: int = 0
    updated: int = 0


@transaction.atomic
def import_glossary(course, rows: list[GlossaryRow]) -> GlossaryImportReport:
    glossary = CourseGlossary(course)
    report = GlossaryImportReport()
    touched: set[int] = set()
    for row in rows:
        entry = glossary.find(row.term, row.aliases[0] if row.aliases else "")
        created = entry is None
        if created:
            entry = glossary.create(row.term)
            report.created += 1
        changed = False
        for alias in row.aliases:
            changed |= glossary.add_alias(entry, alias)
        if row.definition:
            changed |= glossary.add_definition(entry, row.definition, row.source, None)
        if row.category and entry.category != row.category:
            entry.category = row.category
            entry.save(update_fields=["category"])
            changed = True
        if changed and not created and entry.pk not in touched:
            report.updated += 1
        touched.add(entry.pk)
    return report
