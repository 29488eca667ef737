"""Glossary terms in lecture pages become links with the definition as a tooltip."""

import pytest
from django.urls import reverse

from courses.models import Lecture, Section
from courses.text import words
from glossary.linking import LinkTarget, TermLinker
from glossary.models import Alias, Definition, Entry


def linker(*terms):
    return TermLinker(
        [LinkTarget(tuple(words(term)), number, f"/g/{number}/", f"def {number}") for number, term in enumerate(terms)]
    )


def test_inflected_forms_are_linked_once_each():
    html = linker("әкім", "мәслихат").link_html("<p>Облыс әкімінің шешімі. Әкімге хат. Мәслихатқа ұсыныс.</p>")
    assert '<a class="glossary-term" href="/g/0/" data-bs-toggle="tooltip" title="def 0">әкімінің</a>' in html
    assert "Әкімге хат" in html and html.count('href="/g/0/"') == 1
    assert ">Мәслихатқа</a>" in html


def test_longest_term_wins():
    html = linker("орган", "жергілікті өкілді орган").link_html("<p>жергілікті өкілді органның шешімі</p>")
    assert '<a class="glossary-term" href="/g/1/"' in html and ">жергілікті өкілді органның</a>" in html
    assert 'href="/g/0/"' not in html


def test_whole_words_only_in_unicode():
    html = linker("әкім").link_html("<p>әкімшілік әкімдік қазақәкім</p>")
    assert "glossary-term" not in html


def test_headings_links_code_and_definition_labels_are_untouched():
    fragment = (
        '<h2>Әкім</h2><p><a href="/x">әкім</a> <code>әкім</code></p>'
        '<p class="definition" id="def-1"><strong>1) әкім</strong> – әкім туралы</p>'
    )
    html = linker("әкім").link_html(fragment)
    assert html.startswith('<h2>Әкім</h2><p><a href="/x">әкім</a> <code>әкім</code></p>')
    assert '<strong>1) әкім</strong> – <a class="glossary-term"' in html


def test_text_is_escaped_and_tooltips_are_attribute_safe():
    targets = [LinkTarget(("әкім",), 1, "/g/1/", 'Президенттің "өкілі" <b>')]
    html = TermLinker(targets).link_html("<p>5 &lt; 6 &amp; әкім</p>")
    assert "5 &lt; 6 &amp; " in html
    assert 'title="Президенттің &quot;өкілі&quot; &lt;b&gt;"' in html


@pytest.mark.django_db
class TestLecturePage:
    @pytest.fixture
    def lecture(self, seed_course):
        return Lecture.objects.get(course=seed_course)

    def test_seed_lecture_links_terms_with_definitions(self, student_client, lecture):
        page = student_client.get(lecture.get_absolute_url()).content.decode()
        akim = Entry.objects.get(course=lecture.course, term="әкім")
        assert f'href="{akim.get_absolute_url()}"' in page
        assert 'class="glossary-term"' in page
        assert 'data-bs-toggle="tooltip"' in page
        undefined = Entry.objects.get(course=lecture.course, term__startswith="орталық")
        assert f'class="glossary-term" href="{undefined.get_absolute_url()}"' not in page

    def test_key_terms_link_to_their_entries(self, student_client, lecture):
        page = student_client.get(lecture.get_absolute_url()).content.decode()
        for term in ("әкім", "мәслихат аппараты"):
            entry = Entry.objects.get(course=lecture.course, term=term)
            assert f'href="{entry.get_absolute_url()}">{term}</a>' in page

    def test_teacher_can_turn_linking_off(self, student_client, lecture):
        lecture.link_glossary_terms = False
        lecture.save()
        assert 'class="glossary-term"' not in student_client.get(lecture.get_absolute_url()).content.decode()

    def test_cache_is_refreshed_when_the_glossary_changes(self, student_client, lecture):
        section = lecture.sections.first()
        Section.objects.filter(pk=section.pk).update(body_html="<p>Облыстың жаңа губернаторы келді.</p>")
        Lecture.objects.filter(pk=lecture.pk).update(title="Дәріс 1")  # no save: updated_at unchanged
        lecture.refresh_from_db()
        before = student_client.get(lecture.get_absolute_url()).content.decode()
        assert "губернаторы келді" in before and ">губернаторы</a>" not in before

        governor = Entry.objects.create(course=lecture.course, term="губернатор")
        Definition.objects.create(entry=governor, text="облыс басшысы")
        after = student_client.get(lecture.get_absolute_url()).content.decode()
        assert ">губернаторы</a>" in after

        Alias.objects.create(entry=governor, text="басшы")
        governor.delete()
        gone = student_client.get(lecture.get_absolute_url()).content.decode()
        assert ">губернаторы</a>" not in gone

    def test_cache_is_refreshed_when_the_lecture_changes(self, student_client, lecture):
        student_client.get(lecture.get_absolute_url())
        section = lecture.sections.first()
        section.body = "Жаңа мәтін: әкімнің міндеті."
        section.save()
        lecture.save()
        page = student_client.get(lecture.get_absolute_url()).content.decode()
        assert ">әкімнің</a> міндеті" in page


def test_glossary_pages_do_not_link_terms(student_client, seed_course):
    page = student_client.get(reverse("glossary:index", args=[seed_course.slug])).content.decode()
    assert 'class="glossary-term"' not in page
