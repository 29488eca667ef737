"""Student glossary pages: search, browse by letter, one entry."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render

from courses import access
from courses.text import KAZAKH_ALPHABET, LATIN_ALPHABET
from glossary import search as glossary_search
from glossary.models import Definition, Entry

PAGE_SIZE = 30


def _course_and_entries(request, slug: str):
    course = get_object_or_404(access.visible_courses(request.user).prefetch_related("teachers"), slug=slug)
    entries = Entry.objects.filter(course=course)
    is_teacher = access.teaches(request.user, course)
    if not is_teacher:
        entries = entries.filter(is_published=True).filter(Exists(Definition.objects.filter(entry=OuterRef("pk"))))
    return course, entries, is_teacher


@login_required
def glossary_index(request, slug: str):
    course, entries, is_teacher = _course_and_entries(request, slug)
    query = request.GET.get("q", "").strip()[:200]
    letter = request.GET.get("letter", "").strip()[:1].upper()
    letters_used = set(entries.order_by().values_list("letter", flat=True).distinct())
    if query:
        results = glossary_search.search(entries, query)
    elif letter:
        results = entries.filter(letter=letter).order_by("sort_key", "term")
    else:
        results = entries.order_by("sort_key", "term")
    results = results.prefetch_related(
        "aliases", Prefetch("definitions", queryset=Definition.objects.order_by("position", "pk"))
    )
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    letter_bar = [(char, char in letters_used) for char in KAZAKH_ALPHABET]
    letter_bar += [(char, True) for char in LATIN_ALPHABET if char in letters_used]
    if "#" in letters_used:
        letter_bar.append(("#", True))
    return render(
        request,
        "glossary/index.html",
        {
            "course": course,
            "page": page,
            "query": query,
            "letter": letter if not query else "",
            "letter_bar": letter_bar,
            "is_teacher": is_teacher,
        },
    )


@login_required
def entry_detail(request, slug: str, entry_slug: str):
    course, entries, is_teacher = _course_and_entries(request, slug)
    visible_lectures = access.visible_lectures(request.user, course).only("course_id", "title", "slug", "position")
    entry = get_object_or_404(
        entries.prefetch_related(
            "aliases",
            Prefetch("definitions", queryset=Definition.objects.select_related("lecture").order_by("position", "pk")),
            Prefetch("lectures", queryset=visible_lectures.order_by("position")),
        ),
        slug=entry_slug,
    )
    return render(request, "glossary/entry.html", {"course": course, "entry": entry, "is_teacher": is_teacher})
