"""What the importer's modules share: the rejection, the read lines and the recognised lecture.

A reader (``readers.py``) turns a file into ``Line``s; recognition
(``recognition.py``) turns the lines into a ``ParsedLecture`` of ``Section``s
and ``Block``s; saving (``saving.py``) writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

from django.utils.translation import gettext as _

from courses.signals import lecture_checked
from courses.text import normalize

BlockKind = Literal["paragraph", "bullet", "definition"]


class ImportRejected(Exception):
    """The document cannot be imported at all; the message says why, for the teacher."""


@dataclass(frozen=True)
class Definition:
    term: str
    text: str
    alias: str = ""
    number: str = ""  # the law's item number ("3-1"); empty for an inline definition
    source: str = ""  # citation, e.g. the law's title with the item number


@dataclass(frozen=True)
class KeyTerm:
    term: str
    alias: str = ""


@dataclass(frozen=True)
class Line:
    """One paragraph of the source document, before recognition."""

    markdown: str  # inline Markdown, safe to render (escaped, bold kept)
    plain: str
    style: Literal["paragraph", "heading", "title", "list"] = "paragraph"


@dataclass(frozen=True)
class Block:
    number: int  # 1-based position in the body, used by the preview's choices
    kind: BlockKind
    markdown: str
    plain: str
    definition: Definition | None = None


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Repeat:
    """A body block that repeats an earlier one, verbatim or nearly."""

    number: int
    original: int
    verbatim: bool
    excerpt: str


@dataclass
class ParsedLecture:
    title: str
    plan: list[str]
    goal: str
    key_terms: list[KeyTerm]
    sections: list[Section]
    repeats: list[Repeat] = field(default_factory=list)
    source_name: str = ""

    @property
    def blocks(self) -> list[Block]:
        return [block for section in self.sections for block in section.blocks]

    @property
    def definitions(self) -> list[Definition]:
        """Distinct definitions in document order (a repeated paragraph defines nothing new)."""
        seen, found = set(), []
        for block in self.blocks:
            definition = block.definition
            if definition and (key := (normalize(definition.term), normalize(definition.text))) not in seen:
                seen.add(key)
                found.append(definition)
        return found

    @property
    def undefined_key_terms(self) -> list[KeyTerm]:
        defined = set()
        for definition in self.definitions:
            defined.add(normalize(definition.term))
            if definition.alias:
                defined.add(normalize(definition.alias))
        return [
            term
            for term in self.key_terms
            if normalize(term.term) not in defined and not (term.alias and normalize(term.alias) in defined)
        ]

    @property
    def warnings(self) -> list[str]:
        """For the teacher, in the active language; receivers of ``courses.signals.lecture_checked`` add theirs."""
        messages = []
        for repeat in self.repeats:
            template = (
                _("Paragraph %(number)d repeats paragraph %(original)d word for word.")
                if repeat.verbatim
                else _("Paragraph %(number)d nearly repeats paragraph %(original)d (some words differ).")
            )
            messages.append(template % {"number": repeat.number, "original": repeat.original})
        messages.extend(
            _("Key term “%(term)s” has no definition in the document.") % {"term": term.term}
            for term in self.undefined_key_terms
        )
        # The apps above courses add theirs here (the glossary: terms too long to store).
        lecture_checked.send(sender=ParsedLecture, parsed=self, warnings=messages)
        if not self.plan:
            messages.append(_("No numbered plan was found at the top of the document."))
        if not self.goal:
            messages.append(_("No goal line (“Дәрістің мақсаты – …”) was found."))
        return messages

    def summary(self) -> dict[str, int]:
        numbered = sum(1 for definition in self.definitions if definition.number)
        return {
            "plan_items": len(self.plan),
            "goal": int(bool(self.goal)),
            "key_terms": len(self.key_terms),
            "definitions": len(self.definitions),
            "numbered_definitions": numbered,
            "sections": len(self.sections),
            "paragraphs": len(self.blocks),
        }

    def without(self, numbers: set[int]) -> ParsedLecture:
        """The same lecture with the given body blocks left out (the teacher's choice in the preview)."""
        sections = [
            Section(section.title, [block for block in section.blocks if block.number not in numbers])
            for section in self.sections
        ]
        repeats = [repeat for repeat in self.repeats if repeat.number not in numbers]
        return replace(self, sections=sections, repeats=repeats)
