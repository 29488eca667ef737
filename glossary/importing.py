"""Glossary entries from an imported lecture's definitions and key terms.

``courses`` does not know the glossary: ``glossary/apps.py`` connects two
receivers to its signals. ``fill_glossary`` runs on
``courses.signals.lecture_saved`` (inside ``save_lecture``'s transaction) and
calls ``update_glossary_from_lecture``; ``warn_too_long`` runs on
``courses.signals.lecture_checked`` and adds the preview's warnings about
terms too long to store.

Terms are matched through ``courses.text.normalize`` against existing terms
and aliases, so importing a lecture again, or a second lecture defining the
same term, adds what is new (an alias, another definition with its source)
instead of a duplicate entry.

A term or alias longer than its column (``term_fits``, ``alias_fits``) is left
out and listed in the report: a key-term line without commas can be any
length, and PostgreSQL refuses what does not fit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from courses.text import normalize
from glossary.models import Alias, Definition, Entry, EntryLecture

GLOSSARY_EXCERPT_LENGTH = 60


def max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def term_fits(term: str) -> bool:
    """Whether an entry can store ``term``: the term and its normalised key (case folding can lengthen: ß → ss)."""
    return len(term) <= max_length(Entry, "term") and len(normalize(term)) <= max_length(Entry, "term_key")


def alias_fits(alias: str) -> bool:
    return len(alias) <= max_length(Alias, "text") and len(normalize(alias)) <= max_length(Alias, "key")


@dataclass
class GlossaryReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    needs_definition: list[str] = field(default_factory=list)
    too_long: list[str] = field(default_factory=list)  # terms and aliases left out


class CourseGlossary:
    """The course's entries indexed by normalised term and alias, loaded once."""

    def __init__(self, course):
        self.course = course
        self.by_key: dict[str, Entry] = {}
        self.definitions: dict[int, set[str]] = {}
        for entry in Entry.objects.filter(course=course).prefetch_related("aliases", "definitions"):
            self.by_key[entry.term_key] = entry
            self.definitions[entry.pk] = {normalize(definition.text) for definition in entry.definitions.all()}
            for alias in entry.aliases.all():
                self.by_key.setdefault(alias.key, entry)

    def find(self, term: str, alias: str = "") -> Entry | None:
        """The entry with this term, or with the alias as its term or one of its aliases."""
        return self.by_key.get(normalize(term)) or (self.by_key.get(normalize(alias)) if alias else None)

    def create(self, term: str) -> Entry:
        entry = Entry.objects.create(course=self.course, term=term)
        self.by_key[entry.term_key] = entry
        self.definitions[entry.pk] = set()
        return entry

    def add_definition(self, entry: Entry, text: str, source: str, lecture) -> bool:
        known = self.definitions[entry.pk]
        if normalize(text) in known:
            return False
        Definition.objects.create(entry=entry, text=text, source=source, lecture=lecture, position=len(known) + 1)
        known.add(normalize(text))
        return True

    def add_alias(self, entry: Entry, alias: str) -> bool:
        key = normalize(alias)
        if not key or key == entry.term_key or key in self.by_key:
            return False  # already known, here or as another entry's term
        Alias.objects.create(entry=entry, text=alias)
        self.by_key[key] = entry
        return True


def _display_term(term: str, numbered: bool) -> str:
    """An inline definition starts a sentence ("Жергілікті өзін-өзі басқару — …"): drop that capital."""
    if not numbered and len(term) > 1 and term[1:2].islower():
        return term[0].lower() + term[1:]
    return term


def _fitting_alias(alias: str, report: GlossaryReport) -> str:
    """The alias, or "" (noted in the report) when it is too long to store."""
    if alias and not alias_fits(alias):
        report.too_long.append(alias)
        return ""
    return alias


@transaction.atomic
def update_glossary_from_lecture(lecture) -> GlossaryReport:
    glossary = CourseGlossary(lecture.course)
    report = GlossaryReport()
    key_term_ids: set[int] = set()
    used_ids: set[int] = set()

    for found in lecture.definitions:
        term = _display_term(found["term"], bool(found.get("number")))
        alias = _fitting_alias(found.get("alias", ""), report)
        if not term_fits(term):
            report.too_long.append(term)
            continue
        entry = glossary.find(term, alias)
        changed = False
        if entry is None:
            entry = glossary.create(term)
            report.created.append(entry.term)
        if alias:
            changed |= glossary.add_alias(entry, alias)
        changed |= glossary.add_definition(entry, found["text"], found.get("source", ""), lecture)
        if changed and entry.term not in report.created:
            report.updated.append(entry.term)
        used_ids.add(entry.pk)

    for key_term in lecture.key_terms:
        alias = _fitting_alias(key_term.get("alias", ""), report)
        if not term_fits(key_term["term"]):
            report.too_long.append(key_term["term"])
            continue
        entry = glossary.find(key_term["term"], alias)
        if entry is None:
            entry = glossary.create(key_term["term"])
            report.created.append(entry.term)
        if alias:
            glossary.add_alias(entry, alias)
        if not glossary.definitions[entry.pk]:
            report.needs_definition.append(entry.term)
        key_term_ids.add(entry.pk)

    existing = {link.entry_id: link for link in EntryLecture.objects.filter(lecture=lecture)}
    for entry_id in used_ids | key_term_ids:
        is_key_term = entry_id in key_term_ids
        link = existing.get(entry_id)
        if link is None:
            EntryLecture.objects.create(entry_id=entry_id, lecture=lecture, is_key_term=is_key_term)
        elif link.is_key_term != is_key_term:
            link.is_key_term = is_key_term
            link.save(update_fields=["is_key_term"])
    return report


def too_long_for_glossary(parsed) -> list[tuple[str, int]]:
    """Terms and aliases of a ``courses.importing.ParsedLecture`` the glossary leaves out, each with its column's limit."""
    found: dict[str, int] = {}
    for item in [*parsed.definitions, *parsed.key_terms]:
        if not term_fits(item.term):
            found[item.term] = max_length(Entry, "term")
        if item.alias and not alias_fits(item.alias):
            found[item.alias] = max_length(Alias, "text")
    return list(found.items())


def warn_too_long(sender, *, parsed, warnings: list[str], **kwargs) -> None:
    """Receiver of ``courses.signals.lecture_checked``: the import preview says what the glossary will leave out."""
    warnings.extend(
        _("“%(start)s…” is longer than %(max)d characters and is left out of the glossary.")
        % {"start": text[:GLOSSARY_EXCERPT_LENGTH], "max": limit}
        for text, limit in too_long_for_glossary(parsed)
    )


def fill_glossary(sender, *, lecture, **kwargs) -> None:
    """Receiver of ``courses.signals.lecture_saved``: the saved lecture's definitions and key terms become entries."""
    update_glossary_from_lecture(lecture)
