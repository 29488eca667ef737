"""The seed lecture fills the glossary; importing again adds nothing twice."""

import pytest

from courses.importing import parse_lecture, save_lecture
from glossary.models import Alias, Definition, Entry, EntryLecture

pytestmark = pytest.mark.django_db


def entry(course, term):
    return Entry.objects.get(course=course, term_key=term)


def test_the_law_definitions_become_entries(seed_course):
    law = Definition.objects.filter(entry__course=seed_course, source__contains="заңы")
    assert law.count() == 19
    assert law.get(entry__term="әкім").source.endswith(", 1")
    assert law.get(entry__term="әлеуметтік инфрақұрылым").source.endswith(", 3-1")


def test_aliases_from_parentheses(seed_course):
    assert [a.text for a in entry(seed_course, "жергілікті өкілді орган").aliases.all()] == ["мәслихат"]
    assert [a.text for a in entry(seed_course, "жергілікті атқарушы орган").aliases.all()] == ["әкімдік"]


def test_a_term_defined_twice_is_one_entry_with_both_definitions(seed_course):
    self_government = entry(seed_course, "жергілікті өзін-өзі басқару")
    texts = list(self_government.definitions.values_list("text", flat=True))
    assert len(texts) == 2
    assert texts[0].startswith("мемлекеттегі белгілі бір") and texts[1].startswith("халық тікелей жүзеге асыратын")
    assert self_government.term == "жергілікті өзін-өзі басқару", "the sentence capital is dropped"


def test_key_term_without_definition_is_an_entry_that_needs_one(seed_course):
    missing = entry(seed_course, "орталық мемлекеттік органның аумақтық бөлімшесі")
    assert not missing.definitions.exists()
    assert EntryLecture.objects.get(entry=missing).is_key_term


def test_key_term_flags(seed_course):
    flags = dict(EntryLecture.objects.filter(entry__course=seed_course).values_list("entry__term", "is_key_term"))
    assert sum(flags.values()) == 13
    assert flags["әкім"] is True and flags["әлеуметтік инфрақұрылым"] is False


def test_reimport_creates_no_duplicates(seed_course, seed_lecture):
    counts = (Entry.objects.count(), Alias.objects.count(), Definition.objects.count(), EntryLecture.objects.count())
    lecture = seed_course.lectures.get()
    save_lecture(parse_lecture("lecture-01.kk.txt", seed_lecture), course=seed_course, lecture=lecture)
    assert (
        Entry.objects.count(),
        Alias.objects.count(),
        Definition.objects.count(),
        EntryLecture.objects.count(),
    ) == counts
    assert counts[0] == 20


def test_another_lecture_adds_a_definition_to_the_existing_entry(seed_course):
    text = "1) Әкім - облыстың бірінші басшысы;\n2) аким (глава) - представитель Президента;"
    save_lecture(parse_lecture("other.txt", text.encode()), course=seed_course, title="Дәріс 2")
    akim = entry(seed_course, "әкім")
    assert akim.definitions.count() == 2
    assert Entry.objects.filter(course=seed_course, term="аким").exists()


def test_glossaries_of_different_courses_are_separate(seed_course, seed_lecture):
    from tests.factories import make_course

    other = make_course()
    save_lecture(parse_lecture("lecture-01.kk.txt", seed_lecture), course=other, title="Копия")
    assert Entry.objects.filter(course=other).count() == 20
    assert Entry.objects.filter(course=seed_course).count() == 20


@pytest.mark.usefixtures("english")
def test_terms_and_aliases_too_long_for_the_glossary_are_left_out_with_a_warning(seed_course):
    term_limit = Entry._meta.get_field("term").max_length
    alias_limit = Alias._meta.get_field("text").max_length
    long_term = "ұзын " * (term_limit // 5 + 1)
    long_alias = "қ" * (alias_limit + 1)
    text = (
        f"Негізгі терминдер: қысқа термин ({long_alias}), {long_term.strip()}, қалыпты термин.\n"
        "1) қысқа термин - анықтамасы бар;\n"
    )
    parsed = parse_lecture("long.txt", text.encode())
    warnings = [warning for warning in parsed.warnings if "glossary" in warning]
    assert len(warnings) == 2
    assert all("left out of the glossary" in warning for warning in warnings)
    assert all(len(warning) < 200 for warning in warnings), "the warning quotes only the beginning"

    save_lecture(parsed, course=seed_course, title="Ұзын")
    assert not Entry.objects.filter(term__startswith="ұзын ұзын").exists()
    assert not Alias.objects.filter(text__startswith="ққ").exists()
    short = entry(seed_course, "қысқа термин")
    assert short.definitions.count() == 1 and not short.aliases.exists()
    assert Entry.objects.filter(course=seed_course, term="қалыпты термин").exists()
