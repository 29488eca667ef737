"""Search on both databases: any letter case, inflected queries, ranking, highlighting, speed."""

import time

import pytest

from glossary.models import Alias, Definition, Entry
from glossary.search import DEFINITION_WORD, EXACT, PREFIX, highlight, search
from tests.factories import make_course

pytestmark = pytest.mark.django_db


def found(course, query):
    return [(entry.term, entry.rank) for entry in search(Entry.objects.filter(course=course), query)]


def terms(course, query):
    return [term for term, _rank in found(course, query)]


def test_upper_case_alias_query_finds_the_council(seed_course):
    results = terms(seed_course, "МӘСЛИХАТ")
    assert results[0] == "жергілікті өкілді орган"  # an exact alias is another name: it ranks as exact
    assert {"мәслихат аппараты", "мәслихат сессиясы"} <= set(results)


def test_mixed_case_exact_term_ranks_first_then_prefix(seed_course):
    results = found(seed_course, "Әкім")
    assert results[0] == ("әкім", EXACT)
    assert ("әкім аппараты", PREFIX) in results


def test_inflected_query_finds_the_entry_by_its_alias(seed_course):
    assert terms(seed_course, "әкімдіктің")[0] == "жергілікті атқарушы орган"
    assert terms(seed_course, "мәслихатқа")[0] == "жергілікті өкілді орган"
    assert terms(seed_course, "ӘКІМНІҢ")[0] == "әкім"


def test_multi_word_inflected_query(seed_course):
    assert terms(seed_course, "жергілікті қоғамдастықтың")[0] == "жергілікті қоғамдастық"


def test_word_in_a_definition_ranks_last(seed_course):
    results = found(seed_course, "профилактикасы")
    assert results[0] == ("әлеуметтік сипаттағы төтенше жағдайлардың профилактикасы", 4)
    deep = found(seed_course, "инфрақұрылым")
    assert deep[0][0] == "әлеуметтік инфрақұрылым"
    assert all(rank <= DEFINITION_WORD for _term, rank in deep)
    assert found(seed_course, "коммуналдық")[0][1] == DEFINITION_WORD


def test_no_match_and_empty_query(seed_course):
    assert terms(seed_course, "квант") == []
    assert terms(seed_course, "   ") == []
    assert terms(seed_course, "!!!") == []


def test_ties_are_in_kazakh_alphabetical_order(seed_course):
    results = [term for term, rank in found(seed_course, "жергілікті") if rank == PREFIX]
    from courses.text import sort_key

    assert results == sorted(results, key=sort_key)


def test_highlight_marks_inflected_words_and_escapes_the_rest():
    html = highlight("Облыс <b>ӘКІМІНІҢ</b> және әкімдіктің", "әкім")
    assert "<mark>ӘКІМІНІҢ</mark>" in html and "&lt;b&gt;" in html
    assert "әкімдіктің" in html  # a prefix of another word is still highlighted as the same stem
    assert highlight("Ёлка", "елка") == "<mark>Ёлка</mark>"


def test_twenty_thousand_entries_answer_in_milliseconds(django_assert_max_num_queries):
    course = make_course()
    Entry.objects.bulk_create(
        Entry(
            course=course,
            term=f"термин {number}",
            slug=f"t-{number}",
            term_key=f"термин {number}",
            term_words=f" термин {number} ",
            search_text=f"термин {number}\nанықтама мәтіні сөз{number} жергілікті басқару",
            sort_key=f"{number:08d}",
            letter="Т",
        )
        for number in range(20_000)
    )
    target = Entry.objects.create(course=course, term="мәслихат")
    Alias.objects.create(entry=target, text="маслихат")
    Definition.objects.create(entry=target, text="өкілді орган")
    entries = Entry.objects.filter(course=course)
    started = time.perf_counter()
    with django_assert_max_num_queries(1):
        results = list(search(entries, "МӘСЛИХАТТЫҢ")[:30])
    elapsed = time.perf_counter() - started
    assert results[0].term == "мәслихат"
    assert elapsed < 1.0, f"search took {elapsed * 1000:.0f} ms"
