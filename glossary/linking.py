"""Glossary terms in lecture HTML become links with the definition as a tooltip.

Matching is whole words in Unicode (Kazakh letters are word characters, so
ASCII ``\\b`` would split "әкім"), longest term first, and accepts inflected
forms of a term's last word (``courses.text.phrase_matches``). Text inside
headings, links, code, and the bold label of a definition is left alone. Each
entry is linked once per section, at its first occurrence, so a paragraph of
definitions does not turn into a wall of links.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser

from django.db import models
from django.urls import reverse

from courses import text

_SKIP_INSIDE = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "mark"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
TOOLTIP_LENGTH = 220


@dataclass(frozen=True)
class LinkTarget:
    words: tuple[str, ...]
    entry_id: int
    url: str
    tooltip: str


def tooltip_text(definition: str) -> str:
    definition = " ".join(definition.split())
    return definition if len(definition) <= TOOLTIP_LENGTH else definition[: TOOLTIP_LENGTH - 1].rsplit(" ", 1)[0] + "…"


class TermLinker:
    """Finds glossary terms in text; build once per lecture page and reuse for every section."""

    def __init__(self, targets: list[LinkTarget]):
        self.by_prefix: dict[str, list[LinkTarget]] = defaultdict(list)
        for target in targets:
            if target.words:
                self.by_prefix[target.words[0][:2]].append(target)
        for candidates in self.by_prefix.values():
            candidates.sort(key=lambda target: (len(target.words), sum(map(len, target.words))), reverse=True)

    def link_html(self, fragment: str) -> str:
        """The fragment with each entry linked at its first occurrence."""
        if not self.by_prefix or not fragment:
            return fragment
        parser = _LinkingParser(self)
        parser.feed(fragment)
        parser.close()
        return "".join(parser.out)

    def link_text(self, value: str, linked: set[int]) -> str:
        """Escaped ``value`` with links inserted."""
        tokens = list(_WORD.finditer(value))
        normalized = [text.normalize(token.group()) for token in tokens]
        out, last, index = [], 0, 0
        while index < len(tokens):
            target = self._match(normalized, index, linked)
            if target is None:
                index += 1
                continue
            start, end = tokens[index].start(), tokens[index + len(target.words) - 1].end()
            out.append(html.escape(value[last:start], quote=False))
            out.append(
                f'<a class="glossary-term" href="{html.escape(target.url)}" data-bs-toggle="tooltip" '
                f'title="{html.escape(target.tooltip)}">{html.escape(value[start:end], quote=False)}</a>'
            )
            linked.add(target.entry_id)
            last = end
            index += len(target.words)
        out.append(html.escape(value[last:], quote=False))
        return "".join(out)

    def _match(self, normalized: list[str], index: int, linked: set[int]) -> LinkTarget | None:
        for target in self.by_prefix.get(normalized[index][:2], ()):
            if target.entry_id in linked:
                continue
            window = normalized[index : index + len(target.words)]
            if text.phrase_matches(window, list(target.words)):
                return target
        return None


class _LinkingParser(HTMLParser):
    def __init__(self, linker: TermLinker):
        super().__init__(convert_charrefs=True)
        self.linker = linker
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skip inside)
        self.linked: set[int] = set()

    def _skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in _VOID:
            return
        parent_is_definition = bool(self.stack) and self.stack[-1][0] == "p.definition"
        skip = tag in _SKIP_INSIDE or (tag in ("strong", "b") and parent_is_definition)
        classes = (dict(attrs).get("class") or "").split()
        self.stack.append((f"{tag}.definition" if "definition" in classes else tag, skip))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0].split(".")[0] == tag:
                del self.stack[position:]
                break

    def handle_data(self, data):
        if self._skipping():
            self.out.append(html.escape(data, quote=False))
        else:
            self.out.append(self.linker.link_text(data, self.linked))

    def handle_comment(self, data):
        pass


CACHE_SECONDS = 24 * 60 * 60


def lecture_sections_html(lecture, sections) -> tuple[str, dict[int, str]]:
    """The lecture's introduction and section HTML with glossary terms linked, cached.

    The cache key holds the lecture's and the glossary's last change, so any
    edit to either shows at once; nothing needs deleting by hand.
    """
    from django.core.cache import cache

    from glossary.models import Definition, Entry

    course = lecture.course
    if not lecture.link_glossary_terms:
        return lecture.body_html, {section.pk: section.body_html for section in sections}
    key = f"lecture-html:{lecture.pk}:{lecture.updated_at.timestamp()}:{course.glossary_changed_at.timestamp()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    entries = (
        Entry.objects.filter(course=course, is_published=True, definitions__isnull=False)
        .distinct()
        .prefetch_related(
            "aliases", models.Prefetch("definitions", queryset=Definition.objects.order_by("position", "pk"))
        )
    )
    targets = []
    for entry in entries:
        url = reverse("glossary:entry", args=[course.slug, entry.slug])
        tooltip = tooltip_text(entry.definitions.all()[0].text)
        for phrase in [entry.term, *(alias.text for alias in entry.aliases.all())]:
            targets.append(LinkTarget(tuple(text.words(phrase)), entry.pk, url, tooltip))
    linker = TermLinker(targets)
    result = (
        linker.link_html(lecture.body_html),
        {section.pk: linker.link_html(section.body_html) for section in sections},
    )
    cache.set(key, result, CACHE_SECONDS)
    return result
