"""Turn a teacher's lecture notes (.docx, .txt, .md) into a lecture.

``parse_lecture`` reads a document into a ``ParsedLecture``: the numbered plan,
the goal line, the key terms, definitions (the law's numbered ones such as
``3-1) term – text;`` and inline ``Term — text.``), and the body split into
sections. It also collects warnings for the teacher (repeated paragraphs, key
terms without a definition). Nothing is written until ``save_lecture``, which
stores everything in one transaction and updates the lecture when the same
document is imported into it again.

Recognised words are Kazakh, Russian and English, as lecture notes mix them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import PurePath
from typing import Literal

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.text import slugify
from django.utils.translation import gettext as _

from courses.text import normalize
from courses.uploads import UploadRejected, check_zip
from glossary.importing import alias_fits, max_length, term_fits, update_glossary_from_lecture
from glossary.models import Alias, Entry

MAX_FILE_SIZE = 5 * 1024 * 1024
TITLE_MAX_LENGTH = 200
GLOSSARY_EXCERPT_LENGTH = 60
SUPPORTED_EXTENSIONS = (".docx", ".txt", ".md")
# A .doc, or a .docx saved with a password, is an OLE compound file, not a zip.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_CONVERSION_LEFTOVERS = re.compile(r"\[bookmark:\s*[^\]]*\]|\{#[^}]*\}|\[\]\{#[^}]*\}")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_PLAN_ITEM = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_PLAN_HEADER = re.compile(r"^(жоспар|дәріс жоспары|план|план лекции|plan|lecture plan)\s*[:.]?$", re.IGNORECASE)
_GOAL = re.compile(
    r"^(дәрістің мақсаты|дәріс мақсаты|цель лекции|lecture goal|goal of the lecture|goal)\s*[-–—:]*\s*(\S.*)$",
    re.IGNORECASE,
)
_KEY_TERMS = re.compile(
    r"^(негізгі терминдер|негізгі ұғымдар|ключевые термины|ключевые понятия|key terms)\s*[-–—:]+\s*(\S.*)$",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^(дәріс|лекция|lecture)\s*(№\s*)?\d+\s*[.:–—-]\s*(\S.*)$", re.IGNORECASE)
# "3-1) term (alias) - definition;" as in Kazakhstan's laws.
_NUMBERED_DEFINITION = re.compile(r"^(\d{1,3}(?:-\d{1,3})?)\)\s+(.+?)\s+[-–—]\s+(\S.*?)\s*[;.]?$")
# "Term — definition." : a short term (no digits or sentence punctuation), a spaced dash.
_INLINE_DEFINITION = re.compile(r"^([^\W\d_][^\d.,:;!?()]{0,80}?(?:\([^)\d]{1,40}\))?)\s+[–—-]\s+(\S.*)$")
_BULLET = re.compile(r"^[·•▪●○◦■\-–—*]\s*(.*)$")
_ALIAS = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
_LAW_CITATION = re.compile(
    r"[«\"“](?P<title>[^»\"”]{10,300})[»\"”]\s*(?P<kind>заңы|заңында|закона?|law)", re.IGNORECASE
)
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(\s|$)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_MD_INLINE = re.compile(r"(\*\*|__|\*|_|`)")
_STOP_WORDS = {"және", "мен", "пен", "бен", "туралы", "и", "в", "на", "о", "of", "and", "the"}

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
    def too_long_for_glossary(self) -> list[tuple[str, int]]:
        """Terms and aliases the glossary leaves out, each with its column's limit."""
        found: dict[str, int] = {}
        for item in [*self.definitions, *self.key_terms]:
            if not term_fits(item.term):
                found[item.term] = max_length(Entry, "term")
            if item.alias and not alias_fits(item.alias):
                found[item.alias] = max_length(Alias, "text")
        return list(found.items())

    @property
    def warnings(self) -> list[str]:
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
        messages.extend(
            _("“%(start)s…” is longer than %(max)d characters and is left out of the glossary.")
            % {"start": text[:GLOSSARY_EXCERPT_LENGTH], "max": limit}
            for text, limit in self.too_long_for_glossary
        )
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


# Reading the formats ------------------------------------------------------------------------------


def clean(text: str) -> str:
    """Drop Word-conversion leftovers and collapse runs of spaces."""
    text = _CONVERSION_LEFTOVERS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def escape_markdown(text: str) -> str:
    """Make plain text render as itself in Markdown."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_{}\[\]#|!])", r"\\\1", text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)


def decode_text(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(
            _("The file is not UTF-8 text. Save it again choosing the “UTF-8” encoding, or upload the .docx.")
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_txt(data: bytes) -> list[Line]:
    """Plain text from Word: one paragraph per line."""
    lines = []
    for raw in decode_text(data).split("\n"):
        text = clean(raw)
        if text or _BULLET.match(raw.strip() or "x"):
            lines.append(Line(markdown=escape_markdown(text), plain=text))
    return lines


def _strip_inline_markdown(text: str) -> str:
    return _MD_INLINE.sub("", text)


def read_md(data: bytes) -> list[Line]:
    """Markdown: headings, bullets, and paragraphs that may wrap over several lines."""
    lines: list[Line] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            text = clean(" ".join(paragraph))
            lines.append(Line(markdown=text, plain=_strip_inline_markdown(text)))
            paragraph.clear()

    for raw in decode_text(data).split("\n"):
        stripped = raw.strip()
        if heading := _MD_HEADING.match(stripped):
            flush()
            text = clean(heading.group(2))
            style = "title" if len(heading.group(1)) == 1 and not lines else "heading"
            lines.append(Line(markdown=text, plain=_strip_inline_markdown(text), style=style))
        elif bullet := _MD_BULLET.match(raw):
            flush()
            text = clean(bullet.group(1))
            lines.append(Line(markdown=text, plain=_strip_inline_markdown(text), style="list"))
        elif not stripped or _PLAN_ITEM.match(stripped):
            flush()
            if stripped:
                text = clean(stripped)
                lines.append(Line(markdown=escape_markdown(text), plain=text))
        else:
            paragraph.append(stripped)
    flush()
    return lines


def read_docx(data: bytes) -> list[Line]:
    """Word: paragraph styles give headings and lists; bold runs stay bold."""
    if data.startswith(_OLE_SIGNATURE):
        raise ImportRejected(
            _(
                "This Word file is password-protected or in the old .doc format. "
                "Remove the password or save it as .docx, then upload it again."
            )
        )
    try:
        check_zip(data)  # before python-docx inflates anything: a small .docx can unpack to gigabytes
    except UploadRejected as error:
        raise ImportRejected(str(error)) from None
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        # zip, lxml and python-docx fail on a broken file in many ways; each means "unreadable".
        unreadable = isinstance(error, PackageNotFoundError | zipfile.BadZipFile | KeyError | ValueError | OSError)
        if unreadable or error.__class__.__module__.startswith(("lxml", "zipfile", "docx")):
            raise ImportRejected(
                _("The Word file is damaged and cannot be read. Open it in Word and save it again.")
            ) from None
        raise

    lines = []
    for paragraph in document.paragraphs:
        plain = clean(paragraph.text)
        style_name = (paragraph.style.name if paragraph.style is not None else "") or ""
        is_list = "List" in style_name or (paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None)
        if not plain and not is_list:
            continue
        markdown = _docx_runs_markdown(paragraph) or escape_markdown(plain)
        if style_name == "Title":
            style = "title"
        elif style_name.startswith("Heading"):
            style = "heading"
        elif is_list:
            style = "list"
        else:
            style = "paragraph"
        lines.append(Line(markdown=markdown, plain=plain, style=style))
    return lines


def _docx_runs_markdown(paragraph) -> str:
    parts = []
    for run in paragraph.runs:
        text = _CONVERSION_LEFTOVERS.sub("", run.text)
        if not text:
            continue
        escaped = escape_markdown(_SPACES.sub(" ", text))
        if run.bold and escaped.strip():
            leading = " " if escaped[0] == " " else ""
            trailing = " " if escaped[-1] == " " else ""
            escaped = f"{leading}**{escaped.strip()}**{trailing}"
        parts.append(escaped)
    return _SPACES.sub(" ", "".join(parts)).strip()


READERS = {".txt": read_txt, ".md": read_md, ".docx": read_docx}


def check_size(size: int) -> None:
    """Refuse a file over the limit (the upload form asks before reading it into memory)."""
    if size > MAX_FILE_SIZE:
        raise ImportRejected(
            _("The file is larger than %(size)d MB. Remove large pictures or split the lecture.")
            % {"size": MAX_FILE_SIZE // (1024 * 1024)}
        )


def read_document(name: str, data: bytes) -> list[Line]:
    extension = PurePath(name).suffix.lower()
    if extension not in READERS:
        raise ImportRejected(
            _("“%(name)s” is not a supported file. Upload a .docx, .txt or .md file.") % {"name": PurePath(name).name}
        )
    check_size(len(data))
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportRejected(_("The file is empty."))
    lines = READERS[extension](data)
    if not any(line.plain for line in lines):
        raise ImportRejected(_("The file has no text in it."))
    return lines


# Recognising the structure ------------------------------------------------------------------------


def split_terms(text: str) -> list[KeyTerm]:
    """Split "әкім, жергілікті өкілді орган (мәслихат), …" on commas outside parentheses."""
    terms, depth, current = [], 0, []
    for char in text.rstrip(" .;"):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char in ",;" and depth == 0:
            terms.append("".join(current))
            current = []
        else:
            current.append(char)
    terms.append("".join(current))
    return [term_with_alias(term) for term in terms if term.strip()]


def term_with_alias(text: str) -> KeyTerm:
    text = text.strip()
    if match := _ALIAS.match(text):
        return KeyTerm(term=match.group(1).strip(), alias=match.group(2).strip())
    return KeyTerm(term=text)


def _numbered_definition(plain: str, citation: str) -> Definition | None:
    match = _NUMBERED_DEFINITION.match(plain)
    if not match or len(match.group(2).split()) > 12:
        return None
    number, term_text, text = match.groups()
    term = term_with_alias(term_text)
    source = f"{citation}, {number}" if citation else ""
    return Definition(term=term.term, alias=term.alias, text=text.strip(), number=number, source=source)


def _inline_definition(plain: str) -> Definition | None:
    match = _INLINE_DEFINITION.match(plain)
    if not match or len(match.group(1).split()) > 8 or not match.group(1)[0].isupper():
        return None
    sentence = _FIRST_SENTENCE.match(match.group(2))
    text = (sentence.group(1) if sentence else match.group(2)).strip()
    term = term_with_alias(match.group(1))
    return Definition(term=term.term, alias=term.alias, text=text)


def parse_lecture(name: str, data: bytes) -> ParsedLecture:
    """Read and recognise a whole document; raise ImportRejected if it cannot be imported."""
    lines = read_document(name, data)
    title, plan, goal, key_terms = "", [], "", []
    position = 0

    if lines and (lines[0].style == "title" or _TITLE.match(lines[0].plain)):
        match = _TITLE.match(lines[0].plain)
        title = match.group(3) if match else lines[0].plain
        position = 1
    if position < len(lines) and _PLAN_HEADER.match(lines[position].plain):
        position += 1
    while position < len(lines):
        line = lines[position]
        match = _PLAN_ITEM.match(line.plain)
        if match and not _NUMBERED_DEFINITION.match(line.plain):
            plan.append(match.group(2).strip())
        elif line.style == "list" and not _GOAL.match(line.plain):
            plan.append(line.plain)  # a Word numbered list: the numbers are not in the text
        else:
            break
        position += 1

    body_lines: list[Line] = []
    for line in lines[position:]:
        if not goal and (match := _GOAL.match(line.plain)):
            goal = match.group(2).strip()
        elif not key_terms and (match := _KEY_TERMS.match(line.plain)):
            key_terms = split_terms(match.group(2))
        else:
            body_lines.append(line)

    sections = _sections(body_lines, plan)
    parsed = ParsedLecture(
        title=title[:TITLE_MAX_LENGTH].strip(),
        plan=plan,
        goal=goal,
        key_terms=key_terms,
        sections=sections,
        source_name=PurePath(name).name,
    )
    if not (plan or goal or key_terms or parsed.blocks):
        raise ImportRejected(_("The file has no text in it."))
    parsed.repeats = find_repeats(parsed.blocks)
    return parsed


def _classify(lines: list[Line]) -> list[tuple[Line, Block | None]]:
    """Pair each body line with its block; headings pair with None."""
    result: list[tuple[Line, Block | None]] = []
    citation = ""
    previous: Block | None = None
    number = 0
    for line in lines:
        if line.style in ("heading", "title"):
            result.append((line, None))
            previous = None
            continue
        plain, markdown = line.plain, line.markdown
        if not plain:
            continue  # an empty list item carries nothing
        if law := _LAW_CITATION.search(plain):
            citation = f"«{law.group('title').strip()}» {law.group('kind')}"
        kind: BlockKind = "paragraph"
        definition = None
        if line.style == "list":
            kind = "bullet"
        elif bullet := _BULLET.match(plain):
            plain = bullet.group(1).strip()
            if not plain:
                continue  # an empty bullet carries nothing
            kind, markdown = "bullet", escape_markdown(plain)
        elif (
            plain.endswith(";") and previous is not None and (previous.kind == "bullet" or previous.plain.endswith(":"))
        ):
            kind = "bullet"  # a list whose first item lost its bullet in conversion

        if definition := _numbered_definition(plain, citation):
            kind = "definition"
            label = f"{definition.number}) {definition.term}"
            if definition.alias:
                label += f" ({definition.alias})"
            markdown = f"**{escape_markdown(label)}** – {escape_markdown(definition.text)}"
        elif kind == "paragraph" and (definition := _inline_definition(plain)):
            term, rest = _INLINE_DEFINITION.match(plain).groups()
            markdown = f"**{escape_markdown(term.strip())}** – {escape_markdown(rest)}"
        number += 1
        block = Block(number=number, kind=kind, markdown=markdown, plain=plain, definition=definition)
        result.append((line, block))
        previous = block
    return result


def _distinctive_prefixes(plan: list[str], index: int) -> set[str]:
    """Word beginnings of plan item ``index`` that the other items do not share."""

    def words(text: str) -> set[str]:
        return {word for word in re.findall(r"\w+", normalize(text)) if len(word) >= 4 and word not in _STOP_WORDS}

    others = set().union(*(words(item) for number, item in enumerate(plan) if number != index))
    other_prefixes = {word[:5] for word in others}
    return {word[:5] for word in words(plan[index]) if word[:5] not in other_prefixes}


def _opens_with(block: Block, prefixes: set[str]) -> bool:
    opening = re.findall(r"\w+", normalize(block.plain))[:3]
    return any(word.startswith(prefix) for word in opening for prefix in prefixes)


def _sections(lines: list[Line], plan: list[str]) -> list[Section]:
    """Split the body at headings; without headings, at the block where each plan item begins."""
    classified = _classify(lines)
    if any(block is None for _line, block in classified):
        sections = [Section("")]
        for line, block in classified:
            if block is None:
                sections.append(Section(line.plain))
            else:
                sections[-1].blocks.append(block)
        return [section for section in sections if section.title or section.blocks]

    blocks = [block for _line, block in classified if block is not None]
    if len(plan) < 2:
        return [Section(plan[0] if plan else "", blocks)]
    sections = [Section(plan[0])]
    next_item = 1
    for block in blocks:
        if next_item < len(plan) and _opens_with(block, _distinctive_prefixes(plan, next_item)):
            sections.append(Section(plan[next_item]))
            next_item += 1
        sections[-1].blocks.append(block)
    return sections


def find_repeats(blocks: list[Block], *, min_length: int = 80, similarity: float = 0.8) -> list[Repeat]:
    """Long paragraphs that repeat an earlier one word for word or nearly (word-set overlap)."""
    repeats: list[Repeat] = []
    earlier: list[tuple[Block, str, set[str]]] = []
    for block in blocks:
        text = normalize(block.plain)
        if len(text) < min_length:
            continue
        words = set(re.findall(r"\w+", text))
        for original, original_text, original_words in earlier:
            overlap = len(words & original_words) / len(words | original_words)
            if text == original_text or overlap >= similarity:
                excerpt = block.plain[:120] + ("…" if len(block.plain) > 120 else "")
                repeats.append(Repeat(block.number, original.number, text == original_text, excerpt))
                break
        else:
            earlier.append((block, text, words))
    return repeats


# Saving ---------------------------------------------------------------------------------------------


def section_markdown(section: Section) -> str:
    """Blocks as Markdown: paragraphs apart, consecutive bullets as one list."""
    parts: list[str] = []
    for block in section.blocks:
        if block.kind == "bullet":
            item = f"- {block.markdown}"
            if parts and parts[-1].startswith("- "):
                parts[-1] += "\n" + item
            else:
                parts.append(item)
        elif block.definition and block.definition.number:
            anchor = "def-" + block.definition.number
            parts.append(f"{block.markdown}\n{{: #{anchor} .definition }}")
        elif block.definition:
            parts.append(f"{block.markdown}\n{{: .definition }}")
        else:
            parts.append(block.markdown)
    return "\n\n".join(parts)


# Addresses -----------------------------------------------------------------------------------------

COURSE_PAGE = "courses:course"
_CONVERTER = re.compile(r"<[^>]*>")


def reserved_course_slugs() -> frozenset[str]:
    """Addresses a course may not take: fixed pages next to the course page (``courses/join/``)."""
    return _reserved_slugs(get_resolver())[0]


def reserved_lecture_slugs() -> frozenset[str]:
    """Addresses a lecture may not take: the first fixed segment of every page under a course
    (``courses/<slug>/gradebook/``), which the lecture page ``courses/<slug>/<lecture>/`` would hide."""
    return _reserved_slugs(get_resolver())[1]


def _routes(patterns, prefix: str = "", namespace: str = ""):
    """(route, name) of every URL pattern, routes joined through includes, converters shown as ``<>``."""
    for entry in patterns:
        route = prefix + _CONVERTER.sub("<>", str(entry.pattern).removeprefix("^").removesuffix("$"))
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield route, f"{namespace}{entry.name}" if entry.name else ""


def _first_fixed_segments(routes: list[str], prefix: str) -> frozenset[str]:
    segments = (route.removeprefix(prefix).split("/", 1)[0] for route in routes if route.startswith(prefix))
    return frozenset(segment for segment in segments if segment and "<" not in segment)


@lru_cache(maxsize=4)
def _reserved_slugs(resolver) -> tuple[frozenset[str], frozenset[str]]:
    """Read once per URL configuration (the resolver is itself cached, and replaced when ROOT_URLCONF changes)."""
    named_routes = list(_routes(resolver.url_patterns))
    course_page = next((route for route, name in named_routes if name == COURSE_PAGE), None)
    if course_page is None:
        return frozenset(), frozenset()
    routes = [route for route, _name in named_routes]
    return _first_fixed_segments(routes, course_page.removesuffix("<>/")), _first_fixed_segments(routes, course_page)


def unique_slug(text: str, taken: set[str], fallback: str = "lecture", max_length: int = 40) -> str:
    """A short Unicode slug cut at a word boundary ("жергілікті-басқару"), unique among ``taken``."""
    base = slugify(text, allow_unicode=True)
    if len(base) > max_length:
        base = base[: max_length + 1].rsplit("-", 1)[0]
    base = base.strip("-") or fallback
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


@transaction.atomic
def save_lecture(parsed: ParsedLecture, *, course, title: str = "", lecture=None, match_file_name: bool = True):
    """Create the lecture, or replace the content of ``lecture`` when re-importing into it.

    Without an explicit ``lecture``, the course's lecture imported from a file of
    the same name is updated, unless ``match_file_name`` is off.
    """
    from courses.models import Lecture, PlanItem
    from courses.models import Section as SectionModel

    if lecture is None and match_file_name and parsed.source_name:
        lecture = Lecture.objects.filter(course=course, source_name=parsed.source_name).first()
    title = title or (lecture.title if lecture else "") or parsed.title or parsed.source_name
    if lecture is None:
        taken = reserved_lecture_slugs() | set(Lecture.objects.filter(course=course).values_list("slug", flat=True))
        last = Lecture.objects.filter(course=course).order_by("-position").values_list("position", flat=True).first()
        lecture = Lecture(course=course, slug=unique_slug(title, taken), position=(last or 0) + 1)
    lecture.title = title[:200]
    lecture.goal = parsed.goal
    lecture.body = ""
    lecture.source_name = parsed.source_name
    lecture.key_terms = [{"term": term.term, "alias": term.alias} for term in parsed.key_terms]
    lecture.definitions = [
        {
            "term": definition.term,
            "alias": definition.alias,
            "text": definition.text,
            "number": definition.number,
            "source": definition.source,
        }
        for definition in parsed.definitions
    ]
    lecture.save()

    lecture.sections.all().delete()
    lecture.plan_items.all().delete()
    taken: set[str] = set()
    saved_sections = []
    for position, section in enumerate(parsed.sections, start=1):
        anchor = unique_slug(section.title, taken, fallback=f"section-{position}")
        taken.add(anchor)
        saved = SectionModel(
            lecture=lecture, position=position, title=section.title[:300], anchor=anchor, body=section_markdown(section)
        )
        saved.save()
        saved_sections.append(saved)
    by_title = {normalize(section.title): section for section in saved_sections if section.title}
    PlanItem.objects.bulk_create(
        PlanItem(lecture=lecture, position=position, title=item[:300], section=by_title.get(normalize(item)))
        for position, item in enumerate(parsed.plan, start=1)
    )
    update_glossary_from_lecture(lecture)
    return lecture
