"""Turn a teacher's lecture notes (.docx, .txt, .md) into a lecture.

``parse_lecture`` reads a document into a ``ParsedLecture``: the numbered plan,
the goal line, the key terms, definitions (the law's numbered ones such as
``3-1) term – text;`` and inline ``Term — text.``), and the body split into
sections. It also collects warnings for the teacher (repeated paragraphs, key
terms without a definition, and what the apps above courses add through
``courses.signals.lecture_checked``). Nothing is written until ``save_lecture``,
which stores everything in one transaction, updates the lecture when the same
document is imported into it again, and sends ``courses.signals.lecture_saved``.

The package is laid out like ``django.core.serializers``:

- ``base.py``: ``ImportRejected`` and the data every step shares (``Line``,
  ``Block``, ``Section``, ``ParsedLecture``…);
- ``readers.py``: one reader per format, file bytes → ``Line``s, with the size
  and zip checks (``READERS``, ``read_document``);
- ``recognition.py``: lines → ``ParsedLecture`` (``parse_lecture``);
- ``saving.py``: ``ParsedLecture`` → ``Lecture`` (``save_lecture``), and the
  addresses a course or lecture may not take.

Callers import from ``courses.importing``; everything public is re-exported here.
"""

from courses.importing.base import (
    Block,
    BlockKind,
    Definition,
    ImportRejected,
    KeyTerm,
    Line,
    ParsedLecture,
    Repeat,
    Section,
)
from courses.importing.readers import (
    MAX_FILE_SIZE,
    READERS,
    SUPPORTED_EXTENSIONS,
    check_size,
    clean,
    decode_text,
    escape_markdown,
    read_document,
    read_docx,
    read_md,
    read_txt,
)
from courses.importing.recognition import TITLE_MAX_LENGTH, find_repeats, parse_lecture, split_terms, term_with_alias
from courses.importing.saving import (
    COURSE_PAGE,
    reserved_course_slugs,
    reserved_lecture_slugs,
    save_lecture,
    section_markdown,
    unique_slug,
)

__all__ = [
    "COURSE_PAGE",
    "MAX_FILE_SIZE",
    "READERS",
    "SUPPORTED_EXTENSIONS",
    "TITLE_MAX_LENGTH",
    "Block",
    "BlockKind",
    "Definition",
    "ImportRejected",
    "KeyTerm",
    "Line",
    "ParsedLecture",
    "Repeat",
    "Section",
    "check_size",
    "clean",
    "decode_text",
    "escape_markdown",
    "find_repeats",
    "parse_lecture",
    "read_document",
    "read_docx",
    "read_md",
    "read_txt",
    "reserved_course_slugs",
    "reserved_lecture_slugs",
    "save_lecture",
    "section_markdown",
    "split_terms",
    "term_with_alias",
    "unique_slug",
]
