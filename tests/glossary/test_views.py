"""Student glossary pages: access, search, letters, pagination, entry page, query counts."""

import pytest
from django.urls import reverse

from glossary.models import Definition, Entry
from tests.factories import make_course, make_user

pytestmark = pytest.mark.django_db


def index_url(course):
    return reverse("glossary:index", args=[course.slug])


def test_only_people_of_the_course_see_its_glossary(client, seed_course):
    assert client.get(index_url(seed_course)).status_code == 302
    client.force_login(make_user("student"))
    assert client.get(index_url(seed_course)).status_code == 404
    entry = Entry.objects.get(course=seed_course, term="әкім")
    assert client.get(entry.get_absolute_url()).status_code == 404


def test_search_page_finds_and_highlights(student_client, seed_course):
    response = student_client.get(index_url(seed_course), {"q": "МӘСЛИХАТ"})
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["page"].object_list[0].term == "жергілікті өкілді орган"
    assert "<mark>мәслихат</mark>" in page
    assert 'lang="kk"' in page


def test_inflected_query_on_the_page(student_client, seed_course):
    response = student_client.get(index_url(seed_course), {"q": "әкімдіктің"})
    assert response.context["page"].object_list[0].term == "жергілікті атқарушы орган"


def test_all_entries_in_kazakh_order_without_the_undefined_one(student_client, seed_course):
    from courses.text import sort_key

    listed = [entry.term for entry in student_client.get(index_url(seed_course)).context["page"].object_list]
    assert listed == sorted(listed, key=sort_key)
    assert len(listed) == 19
    assert "орталық мемлекеттік органның аумақтық бөлімшесі" not in listed


def test_teacher_sees_entries_that_need_a_definition(teacher_client, seed_course):
    response = teacher_client.get(index_url(seed_course), {"letter": "О"})
    assert [entry.term for entry in response.context["page"].object_list] == [
        "орталық мемлекеттік органның аумақтық бөлімшесі"
    ]


def test_letter_bar_links_only_letters_with_entries(student_client, seed_course):
    response = student_client.get(index_url(seed_course), {"letter": "Ж"})
    bar = dict(response.context["letter_bar"])
    assert bar["Ә"] and bar["Ж"] and bar["М"]
    assert not bar["Б"] and not bar["Я"]
    assert list(bar)[:3] == ["А", "Ә", "Б"]
    assert {entry.letter for entry in response.context["page"].object_list} == {"Ж"}
    page = response.content.decode()
    assert 'href="?letter=%D0%96"' in page  # Ж links
    assert "?letter=%D0%91" not in page  # Б has no entries, so no link


def test_pagination(student_client, seed_course):
    for number in range(40):
        entry = Entry.objects.create(course=seed_course, term=f"сөз {number:02d}")
        Definition.objects.create(entry=entry, text="анықтама")
    first = student_client.get(index_url(seed_course))
    assert first.context["page"].paginator.num_pages == 2
    second = student_client.get(index_url(seed_course), {"page": 2})
    assert len(second.context["page"].object_list) == 59 - 30
    assert student_client.get(index_url(seed_course), {"page": "zzz"}).status_code == 200


@pytest.mark.parametrize("extra", [0, 60])
def test_constant_number_of_queries(student_client, seed_course, extra, django_assert_max_num_queries):
    for number in range(extra):
        entry = Entry.objects.create(course=seed_course, term=f"сөз {number:02d}")
        Definition.objects.create(entry=entry, text="анықтама мәслихат")
    for params in ({}, {"q": "мәслихат"}, {"letter": "Ж"}):
        with django_assert_max_num_queries(10):
            assert student_client.get(index_url(seed_course), params).status_code == 200


def test_entry_page_shows_both_definitions_sources_and_lectures(
    student_client, seed_course, django_assert_max_num_queries
):
    entry = Entry.objects.get(course=seed_course, term="жергілікті өзін-өзі басқару")
    with django_assert_max_num_queries(10):
        response = student_client.get(entry.get_absolute_url())
    page = response.content.decode()
    assert page.count('<li class="mb-3">') == 2
    assert "туралы" in page and ", 9" in page
    assert "Дәріс 1" in page


def test_entry_of_another_course_is_404(student_client, seed_course):
    other = make_course()
    foreign = Entry.objects.create(course=other, term="бөтен")
    response = student_client.get(reverse("glossary:entry", args=[seed_course.slug, foreign.slug]))
    assert response.status_code == 404
