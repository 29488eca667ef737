"""Glossary entries from an imported lecture's definitions and key terms.

``courses.importing.save_lecture`` calls ``update_glossary_from_lecture``.
Terms are matched through ``glossary.text.normalize`` against existing terms
and aliases, so importing a lecture again, or a second lecture defining the
same term, adds what is new (an alias, another definition with its source)
instead of a duplicate entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from glossary.models import Alias, Definition, Entry, EntryLecture
from glossary.text import normalize


@dataclass
class GlossaryReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    needs_definition: list[str] = field(default_factory=list)


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


@transaction.atomic
def update_glossary_from_lecture(lecture) -> GlossaryReport:
    glossary = CourseGlossary(lecture.course)
    report = GlossaryReport()
    key_term_ids: set[int] = set()
    used_ids: set[int] = set()

    for found in lecture.definitions:
        term = _display_term(found["term"], bool(found.get("number")))
        entry = glossary.find(term, found.get("alias", ""))
        changed = False
        if entry is None:
            entry = glossary.create(term)
            report.created.append(entry.term)
        if found.get("alias"):
            changed |= glossary.add_alias(entry, found["alias"])
        changed |= glossary.add_definition(entry, found["text"], found.get("source", ""), lecture)
        if changed and entry.term not in report.created:
            report.updated.append(entry.term)
        used_ids.add(entry.pk)

    for key_term in lecture.key_terms:
        entry = glossary.find(key_term["term"], key_term.get("alias", ""))
        if entry is None:
            entry = glossary.create(key_term["term"])
            report.created.append(entry.term)
        if key_term.get("alias"):
            glossary.add_alias(entry, key_term["alias"])
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
