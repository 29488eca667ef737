"""Searching a course glossary, ranked, on the stored normalised columns.

SQLite's LIKE folds only ASCII, so case-insensitive Cyrillic search cannot
rely on the database: the query goes through ``courses.text.normalize`` and
is compared with columns normalised the same way when the entry was saved.
Ranks: 1 exact term, 2 term prefix, 3 alias, 4 word in the term, 5 word in a
definition. An alias equal to the query counts as an exact term: it is another
name of the same thing ("мәслихат" is "жергілікті өкілді орган"). Inflected
queries ("әкімдіктің") also try each possible base form.
"""

from __future__ import annotations

import re

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from courses import text
from glossary.models import Alias, Entry

EXACT, PREFIX, ALIAS, TERM_WORD, DEFINITION_WORD = 1, 2, 3, 4, 5


def query_variants(query: str) -> list[str]:
    """The normalised query and, for its last word, every base form it may inflect."""
    query_words = text.words(query)
    if not query_words:
        return []
    head = query_words[:-1]
    variants = {" ".join([*head, stem]) for stem in text.stems(query_words[-1])}
    return sorted(variants, key=len, reverse=True)


def _word_start(field: str, phrase: str) -> Q:
    """``phrase`` at the start of a word in a column of space- and line-separated words."""
    return (
        Q(**{f"{field}__startswith": phrase})
        | Q(**{f"{field}__contains": f" {phrase}"})
        | Q(**{f"{field}__contains": f"\n{phrase}"})
    )


def search(entries: QuerySet[Entry], query: str) -> QuerySet[Entry]:
    """Entries matching ``query``, annotated with ``rank`` and ordered by rank, then alphabetically."""
    variants = query_variants(query)
    if not variants:
        return entries.none()
    whole = " ".join(text.words(query))
    alias_exact = Exists(Alias.objects.filter(entry=OuterRef("pk"), key__in=variants))
    alias_match = Exists(Alias.objects.filter(entry=OuterRef("pk"), key__startswith=whole))
    term_word = Q()
    definition_word = Q()
    for variant in variants:
        term_word |= Q(term_words__contains=f" {variant}")
        definition_word |= _word_start("search_text", variant)
    exact = Q(term_key__in=variants) | alias_exact
    prefix = Q(term_key__startswith=whole)
    return (
        entries.filter(exact | prefix | alias_match | term_word | definition_word)
        .annotate(
            rank=Case(
                When(exact, then=Value(EXACT)),
                When(prefix, then=Value(PREFIX)),
                When(alias_match, then=Value(ALIAS)),
                When(term_word, then=Value(TERM_WORD)),
                default=Value(DEFINITION_WORD),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "sort_key", "term")
    )


def _pattern(query: str) -> re.Pattern | None:
    bases = sorted({stem for word in text.words(query) for stem in text.stems(word)}, key=len, reverse=True)
    if not bases:
        return None
    alternatives = []
    for base in bases:
        escaped = re.escape(base).replace("е", "[её]")
        alternatives.append(escaped)
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(alternatives)})[^\W_]*", re.IGNORECASE)


def highlight(value: str, query: str) -> SafeString:
    """``value`` escaped, with the words matching ``query`` wrapped in <mark>."""
    pattern = _pattern(query)
    if pattern is None:
        return escape(value)
    pieces, last = [], 0
    for match in pattern.finditer(value):
        pieces.append(escape(value[last : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    pieces.append(escape(value[last:]))
    return mark_safe("".join(pieces))
