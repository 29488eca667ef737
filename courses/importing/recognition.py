"""Recognising the structure: what the paragraphs of a lecture document are.

``parse_lecture`` reads the document (``readers.read_document``) and finds the
title, the numbered plan, the goal line, the key terms, the definitions (the
law's numbered ones such as ``3-1) term – text;`` and inline
``Term — text.``), the sections, and repeated paragraphs. Recognised words are
Kazakh, Russian and English, as lecture notes mix them.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from django.utils.translation import gettext as _

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
from courses.importing.readers import _BULLET, _PLAN_ITEM, escape_markdown, read_document
from courses.text import normalize

TITLE_MAX_LENGTH = 200

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
_ALIAS = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
_LAW_CITATION = re.compile(
    r"[«\"“](?P<title>[^»\"”]{10,300})[»\"”]\s*(?P<kind>заңы|заңында|закона?|law)", re.IGNORECASE
)
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(\s|$)")
_STOP_WORDS = {"және", "мен", "пен", "бен", "туралы", "и", "в", "на", "о", "of", "and", "the"}


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
