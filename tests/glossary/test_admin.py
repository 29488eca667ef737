"""The glossary in the teacher's workspace: isolation, search, filters, CSV out and in."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from glossary.models import Alias, Definition, Entry
from tests.factories import make_course, make_user

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:glossary_entry_changelist"


@pytest.fixture(autouse=True)
def _english_admin(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def listed(response):
    return [entry.term for entry in response.context["cl"].result_list]


def test_teacher_sees_only_own_course_entries(teacher_client, seed_course):
    other = make_course(teachers=[make_user("teacher")])
    foreign = Entry.objects.create(course=other, term="бөтен термин")
    terms = listed(teacher_client.get(reverse(CHANGELIST)))
    assert "әкім" in terms and "бөтен термин" not in terms
    assert teacher_client.get(reverse("admin:glossary_entry_change", args=[foreign.pk])).status_code == 302


def test_admin_search_is_kazakh_aware(teacher_client, seed_course):
    response = teacher_client.get(reverse(CHANGELIST), {"q": "МӘСЛИХАТҚА"})
    assert listed(response)[0] == "жергілікті өкілді орган"


def test_needs_definition_filter(teacher_client, seed_course):
    response = teacher_client.get(reverse(CHANGELIST), {"needs_definition": "yes"})
    assert listed(response) == ["орталық мемлекеттік органның аумақтық бөлімшесі"]


def test_lecture_filter(teacher_client, seed_course):
    lecture = seed_course.lectures.get()
    response = teacher_client.get(reverse(CHANGELIST), {"lecture": lecture.pk})
    assert len(listed(response)) == 20


def test_a_term_differing_only_in_case_is_refused(teacher_client, seed_course):
    response = teacher_client.post(
        reverse("admin:glossary_entry_add"),
        {
            "course": seed_course.pk,
            "term": "ӘКІМ",
            "slug": "akim-2",
            "category": "",
            "is_published": "on",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "definitions-TOTAL_FORMS": "0",
            "definitions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "already has this term" in str(response.context["adminform"].form.errors)
    assert Entry.objects.filter(course=seed_course, term_key="әкім").count() == 1


def test_inline_aliases_and_definitions(teacher_client, seed_course):
    entry = Entry.objects.get(course=seed_course, term="әкім")
    response = teacher_client.post(
        reverse("admin:glossary_entry_change", args=[entry.pk]),
        {
            "course": seed_course.pk,
            "term": "әкім",
            "slug": entry.slug,
            "category": "Лауазым",
            "is_published": "on",
            "aliases-TOTAL_FORMS": "2",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-text": "Аким",
            "aliases-1-text": "АКИМ",
            "definitions-TOTAL_FORMS": "0",
            "definitions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200, "a duplicate alias is an error on the form, not a crash"
    assert not Alias.objects.filter(entry=entry).exists()


def test_csv_export_opens_in_excel_and_cannot_run_formulas(teacher_client, seed_course):
    evil = Entry.objects.create(course=seed_course, term='=HYPERLINK("http://x")')
    Definition.objects.create(entry=evil, text="+1 формула", source="@source")
    ids = list(Entry.objects.filter(course=seed_course).values_list("pk", flat=True))
    response = teacher_client.post(
        reverse(CHANGELIST), {"action": "export_selected", "_selected_action": ids, "index": "0"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert seed_course.slug in response["Content-Disposition"]
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw.lstrip("\ufeff"))))
    assert rows[0] == ["term", "aliases", "definition", "source", "category"]
    assert ['\'=HYPERLINK("http://x")', "", "'+1 формула", "'@source", ""] in rows
    council = [row for row in rows if row[0] == "жергілікті өкілді орган"]
    assert council[0][1] == "мәслихат"
    assert len([row for row in rows if row[0] == "жергілікті өзін-өзі басқару"]) == 2


def test_csv_import_round_trip_adds_nothing_twice(teacher_client, seed_course):
    ids = list(Entry.objects.filter(course=seed_course).values_list("pk", flat=True))
    exported = teacher_client.post(
        reverse(CHANGELIST), {"action": "export_selected", "_selected_action": ids, "index": "0"}
    ).content
    before = (Entry.objects.count(), Alias.objects.count(), Definition.objects.count())
    response = teacher_client.post(
        reverse("admin:glossary_entry_import"),
        {"course": seed_course.pk, "glossary_file": SimpleUploadedFile("g.csv", exported)},
    )
    assert response.status_code == 302
    assert (Entry.objects.count(), Alias.objects.count(), Definition.objects.count()) == before


def test_csv_import_merges_and_adds(teacher_client, seed_course):
    data = (
        "term;aliases;definition;source;category\r\nӘКІМ;аким | губернатор;Жаңа анықтама;;\r\nжаңа термин;;мәтін;;\r\n"
    )
    response = teacher_client.post(
        reverse("admin:glossary_entry_import"),
        {"course": seed_course.pk, "glossary_file": SimpleUploadedFile("g.csv", ("\ufeff" + data).encode())},
    )
    assert response.status_code == 302
    akim = Entry.objects.get(course=seed_course, term_key="әкім")
    assert set(akim.aliases.values_list("text", flat=True)) == {"аким", "губернатор"}
    assert akim.definitions.count() == 2
    assert Entry.objects.filter(course=seed_course, term="жаңа термин").exists()


def test_csv_import_reports_bad_rows_and_imports_nothing(teacher_client, seed_course):
    data = "term,aliases,definition\n,, бос термин\nжақсы,,анықтама\na,b,c,d,e,f\n"
    count = Entry.objects.count()
    response = teacher_client.post(
        reverse("admin:glossary_entry_import"),
        {"course": seed_course.pk, "glossary_file": SimpleUploadedFile("g.csv", data.encode())},
    )
    errors = " ".join(response.context["form"].errors["glossary_file"])
    assert "line 2" in errors and "line 4" in errors and "line 3" not in errors
    assert Entry.objects.count() == count


def test_csv_import_only_into_own_courses(teacher_client, seed_course):
    other = make_course(teachers=[make_user("teacher")])
    response = teacher_client.post(
        reverse("admin:glossary_entry_import"),
        {"course": other.pk, "glossary_file": SimpleUploadedFile("g.csv", b"term\nx\n")},
    )
    assert "course" in response.context["form"].errors
    assert not Entry.objects.filter(course=other).exists()


def post_glossary(client, course, data: bytes):
    return client.post(
        reverse("admin:glossary_entry_import"),
        {"course": course.pk, "glossary_file": SimpleUploadedFile("g.csv", data)},
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("жақсы,анықтама\nә\x00кім,анықтама\n".encode(), "line 2: the row contains a control character"),
        ('жақсы,анықтама\n"'.encode() + "ұ".encode() * 140_000, "line 2: this row cannot be read"),
        ('ұғым,"'.encode() + b"a" * 256 + b'"\n', "line 1: an alias is longer than 255 characters"),
        ("ұғым,,анықтама,".encode() + b"s" * 501 + b"\n", "line 1: the source is longer than 500 characters"),
    ],
)
def test_csv_import_refuses_unstorable_files_with_a_message(teacher_client, seed_course, data, message):
    count = (Entry.objects.count(), Alias.objects.count(), Definition.objects.count())
    response = post_glossary(teacher_client, seed_course, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["glossary_file"])
    assert (Entry.objects.count(), Alias.objects.count(), Definition.objects.count()) == count


def test_an_alias_longer_than_its_column_is_a_form_error(teacher_client, seed_course):
    entry = Entry.objects.get(course=seed_course, term="әкім")
    limit = Alias._meta.get_field("text").max_length
    response = teacher_client.post(
        reverse("admin:glossary_entry_change", args=[entry.pk]),
        {
            "course": seed_course.pk,
            "term": "әкім",
            "slug": entry.slug,
            "category": "",
            "is_published": "on",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-text": "а" * (limit + 1),
            "definitions-TOTAL_FORMS": "0",
            "definitions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    (formset,) = [
        formset for formset in response.context["inline_admin_formsets"] if formset.formset.prefix == "aliases"
    ]
    assert "at most 255 characters" in str(formset.formset.errors)
    assert not Alias.objects.filter(entry=entry).exists()


def test_hiding_entries_unlinks_them_from_the_lecture_pages(teacher_client, seed_course):
    """The shared publish actions save each entry, so the glossary signals refresh the linked lecture pages."""
    entries = list(Entry.objects.filter(course=seed_course)[:2])
    before = seed_course.glossary_changed_at
    response = teacher_client.post(
        reverse(CHANGELIST), {"action": "unpublish", ACTION_CHECKBOX_NAME: [entry.pk for entry in entries]}, follow=True
    )
    assert [str(message) for message in response.context["messages"]] == ["Glossary entries hidden from students: 2."]
    assert not Entry.objects.filter(pk__in=[entry.pk for entry in entries], is_published=True).exists()
    seed_course.refresh_from_db()
    assert seed_course.glossary_changed_at > before
    teacher_client.post(reverse(CHANGELIST), {"action": "publish", ACTION_CHECKBOX_NAME: [entries[0].pk]})
    assert Entry.objects.get(pk=entries[0].pk).is_published
