"""Lecture Markdown becomes safe HTML with the right language on each block."""

import pytest

from courses.rendering import detect_language, render_markdown


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Жергілікті өзін-өзі басқару — мемлекеттегі белгілі бір әкімшілік-аумақтық бөлік", "kk"),
        ("Институционализация государственного управления: внедрение базовой модели", "ru"),
        (
            "Бірінші кезең (1991-1997 жж.). Институционализация государственного управления: внедрения базовой "
            "модели государственного управления, создание основ государственности",
            "ru",
        ),
        ("В 2015 году были обнародованы пять институциональных реформ", "ru"),
        ("Стратегия «Қазақстан-2050» және әлемнің 30 дамыған елдерде", "kk"),
        ("Жоспар", "kk"),
        ("Local government in the United Kingdom", "en"),
        ("1991–1997", "kk"),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


def test_each_block_gets_its_language():
    html = render_markdown("Әкім — Президенттің өкілі.\n\n- Социальное государство и экономика\n- Екінші кезең")
    assert '<p lang="kk">' in html
    assert '<li lang="ru">Социальное государство и экономика</li>' in html
    assert '<li lang="kk">Екінші кезең</li>' in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert('x')</script>",
        '<img src="x" onerror="alert(1)">',
        "[сілтеме](javascript:alert(1))",
        '<a href="javascript:alert(1)">сілтеме</a>',
        '<p onclick="alert(1)">мәтін</p>',
        "<iframe src='https://evil.example'></iframe>",
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_scripts_handlers_and_javascript_links_never_reach_the_page(attack):
    html = render_markdown(f"Мәтін {attack}")
    for dangerous in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<svg"):
        assert dangerous not in html


def test_definition_anchor_and_class_survive_sanitising():
    html = render_markdown("**3-1) әлеуметтік инфрақұрылым** – жиынтығы\n{: #def-3-1 .definition }")
    assert 'id="def-3-1"' in html and 'class="definition"' in html


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every start tag of ``html`` with its attributes, in order."""
    from html.parser import HTMLParser

    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, dict(attrs)))

    collector = Collector()
    collector.feed(html)
    collector.close()
    return found


def classes_and_ids(html: str) -> tuple[set[str], set[str]]:
    classes, ids = set(), set()
    for _tag, attrs in elements(html):
        classes.update((attrs.get("class") or "").split())
        if "id" in attrs:
            ids.add(attrs["id"])
    return classes, ids


@pytest.mark.parametrize(
    "text",
    [
        '<a class="stretched-link" id="main" href="#">x</a>',
        '<p class="definition stretched-link" id="def-1 main">мәтін</p>',
        "Мәтін\n{: .stretched-link #main }",
        "Мәтін\n{: #main .definition }",
        "[сілтеме](#){: .stretched-link #main }",
        "**мәтін**{: .fixed-top #content-main }",
        "# Тақырып {: #main-nav .position-fixed }",
        "Мәтін\n{: #def-1x .definition-x }",
        "Мәтін\n{: class='stretched-link' id='main' }",
        '<span class="glossary-term visually-hidden" id="quiz-timer">x</span>',
    ],
)
def test_lecture_text_cannot_set_page_classes_or_ids(text):
    html = render_markdown(text)
    classes, ids = classes_and_ids(html)
    assert classes <= {"definition"}
    assert not ids, f"no id of the page's own can be reused: {html}"
    assert "stretched-link" not in html


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("**3-1) әлеуметтік инфрақұрылым** – жиынтығы\n{: #def-3-1 .definition }", "def-3-1"),
        ("**12) мәслихат** – орган\n{: #def-12 .definition }", "def-12"),
        ("**Әкім** – өкіл.\n{: .definition }", None),
    ],
)
def test_the_importers_own_definition_markup_is_kept(text, anchor):
    (paragraph,) = [attrs for tag, attrs in elements(render_markdown(text)) if tag == "p"]
    assert paragraph["class"] == "definition"
    assert paragraph.get("id") == anchor


@pytest.mark.django_db(transaction=True)
def test_the_migration_cleans_html_saved_before_the_sanitiser_changed():
    from django.core.management import call_command

    from courses.models import Lecture
    from tests.factories import make_course, make_lecture

    lecture = make_lecture(make_course(), body="Кіріспе.")
    Lecture.objects.filter(pk=lecture.pk).update(body_html='<p class="stretched-link" id="main">Кіріспе.</p>')
    call_command("migrate", "courses", "0003", verbosity=0)
    call_command("migrate", "courses", verbosity=0)
    assert "stretched-link" not in Lecture.objects.get(pk=lecture.pk).body_html
