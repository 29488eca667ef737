"""Saving: a ``ParsedLecture`` written as a lecture with its sections and plan, and the addresses it may take.

``save_lecture`` stores everything in one transaction and updates the lecture
when the same document is imported into it again; then it sends
``courses.signals.lecture_saved``, on which the glossary adds the lecture's
definitions and key terms.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.text import slugify

from courses.importing.base import ParsedLecture, Section
from courses.signals import lecture_saved
from courses.text import normalize


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
    lecture_saved.send(sender=Lecture, lecture=lecture, parsed=parsed)  # the glossary fills itself from it
    return lecture
