"""The glossary on a lecture page: courses' ``lecture_detail.html`` loads these, as courses cannot import glossary.

``{% linked_lecture lecture as linked %}`` gives ``linked.intro`` (HTML) and
``linked.sections``, pairs of (section, HTML), with glossary terms linked
(cached: ``glossary.linking.lecture_sections_html``). It reads
``lecture.sections.all()``, so the view prefetches the sections.

``{% lecture_key_terms lecture course %}`` shows the lecture's key terms,
linked to their published entries, or as plain words before the glossary has
them.
"""

from dataclasses import dataclass

from django import template

from glossary.linking import lecture_sections_html
from glossary.models import EntryLecture

register = template.Library()


@dataclass(frozen=True)
class LinkedLecture:
    intro: str
    sections: list[tuple[object, str]]  # (courses' Section, its HTML)


@register.simple_tag
def linked_lecture(lecture) -> LinkedLecture:
    sections = list(lecture.sections.all())
    intro_html, section_html = lecture_sections_html(lecture, sections)
    return LinkedLecture(intro_html, [(section, section_html[section.pk]) for section in sections])


@register.inclusion_tag("glossary/lecture_key_terms.html")
def lecture_key_terms(lecture, course) -> dict:
    links = (
        EntryLecture.objects.filter(lecture=lecture, is_key_term=True, entry__is_published=True)
        .select_related("entry")
        .order_by("entry__sort_key")
    )
    return {"lecture": lecture, "course": course, "key_terms": links}
