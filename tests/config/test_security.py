"""Security across the site: CSRF, escaping of hostile text everywhere it shows, fuzzed endpoints, faults."""

import json
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.importing import parse_lecture, save_lecture
from courses.limits import has_control_character
from glossary.models import Definition, Entry
from quizzes import attempts
from quizzes.demo import create_demo_quiz
from quizzes.models import Attempt, Option, Response
from tests.factories import make_course, make_user

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert('xss')</script>"
IMAGE = '<img src=x onerror="alert(1)">'
PAYLOAD = f"{SCRIPT}{IMAGE}"


class LiveMarkup(HTMLParser):
    """Collects what a browser would run: event-handler attributes, javascript: links, script bodies."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.found.append("<script>alert")


@pytest.fixture
def hostile_course(teacher):
    """A course where every text a user can write carries a script."""
    student = make_user("student", username="hostile", full_name=f"Әлиев {PAYLOAD}")
    course = make_course(teachers=[teacher], students=[student], slug="hostile", title=f"Курс {PAYLOAD}")
    lecture_text = f"1. Кіріспе {PAYLOAD}\n\nДәрістің мақсаты – {PAYLOAD}\n\nӘкім — Президенттің өкілі {PAYLOAD}.\n\n[сілтеме](javascript:alert(1)) {PAYLOAD}\n"
    lecture = save_lecture(parse_lecture("hostile.md", lecture_text.encode()), course=course, title=f"Дәріс {PAYLOAD}")
    lecture.is_published = True
    lecture.save()
    entry = Entry.objects.create(course=course, term=f"термин {PAYLOAD}")
    Definition.objects.create(entry=entry, text=f"анықтама {PAYLOAD}", source=PAYLOAD)
    quiz = create_demo_quiz(course)
    question = quiz.questions.get(kind="single")
    question.text = f"Сұрақ {PAYLOAD}"
    question.feedback = PAYLOAD
    question.save()
    Option.objects.filter(question=question).update(text=f"жауап {PAYLOAD}")
    attempt = attempts.start_attempt(quiz, student)
    attempts.save_answers(attempt, {str(question.pk): "0"})
    attempts.finish(attempt)
    return course, lecture, entry, quiz, attempt, student


def assert_safe(body: str, where: str) -> None:
    """The hostile text may show, escaped, but never as live markup."""
    parser = LiveMarkup()
    parser.feed(body)
    assert parser.found == [], f"{parser.found} reached {where}"


def test_hostile_text_is_escaped_on_every_page(client, teacher, hostile_course):
    course, lecture, entry, quiz, attempt, student = hostile_course
    client.force_login(student)
    student_pages = [
        reverse("home"),
        course.get_absolute_url(),
        lecture.get_absolute_url(),
        reverse("glossary:index", args=[course.slug]),
        reverse("glossary:index", args=[course.slug]) + "?q=термин",
        entry.get_absolute_url(),
        quiz.get_absolute_url(),
        reverse("quizzes:review", args=[attempt.pk]),
        reverse("quizzes:my_grades", args=[course.slug]),
    ]
    for url in student_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe(response.content.decode(), url)
    client.force_login(teacher)
    teacher_pages = [
        reverse("quizzes:gradebook", args=[course.slug]),
        reverse("quizzes:results", args=[course.slug, quiz.pk]),
        reverse("admin:courses_user_changelist"),
        reverse("admin:courses_course_changelist"),
        reverse("admin:courses_lecture_change", args=[lecture.pk]),
        reverse("admin:glossary_entry_changelist"),
        reverse("admin:quizzes_question_changelist"),
        reverse("admin:quizzes_attempt_changelist"),
    ]
    for url in teacher_pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe(response.content.decode(), url)


def test_hostile_names_cannot_run_in_a_spreadsheet(client, teacher, hostile_course):
    course, _lecture, _entry, quiz, _attempt, _student = hostile_course
    Entry.objects.create(course=course, term="=cmd|' /C calc'!A0")
    client.force_login(teacher)
    export = b"".join(client.get(reverse("quizzes:gradebook_export", args=[course.slug])).streaming_content).decode()
    attempts_export = b"".join(
        client.get(reverse("quizzes:attempts_export", args=[course.slug, quiz.pk])).streaming_content
    ).decode()
    for text in (export, attempts_export):
        assert "Әлиев <script>" in text  # the name is kept as text, not dropped
        for line in text.splitlines():
            for cell in line.split(","):
                assert not cell.lstrip('"').startswith(("=", "+", "@")), cell


@pytest.mark.parametrize("name", ["quizzes:autosave", "quizzes:submit", "quizzes:attempt_post"])
def test_posts_without_a_csrf_token_are_refused(student, name, course_with_attempt):
    attempt = course_with_attempt
    client = Client(enforce_csrf_checks=True)
    client.force_login(attempt.student)
    response = client.post(reverse(name, args=[attempt.pk]), "{}", content_type="application/json")
    assert response.status_code == 403
    attempt.refresh_from_db()
    assert attempt.is_open


@pytest.fixture
def course_with_attempt(student):
    course = make_course(students=[student], teachers=[make_user("teacher")])
    quiz = create_demo_quiz(course)
    return attempts.start_attempt(quiz, student)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=20,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.one_of(json_values, st.dictionaries(st.sampled_from(["answers", "x"]), json_values)))
def test_fuzzed_autosave_never_fails_with_a_server_error(student_client, course_with_attempt, payload):
    attempt = course_with_attempt
    keys = [str(pk) for pk in attempt.question_ids]
    for body in (payload, {"answers": {keys[0]: payload}}, {"answers": {keys[-1]: payload}}):
        response = student_client.post(
            reverse("quizzes:autosave", args=[attempt.pk]), json.dumps(body), content_type="application/json"
        )
        assert response.status_code in (200, 400, 409, 413), (body, response.content)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=30), max_size=8))
def test_fuzzed_form_posts_never_fail_with_a_server_error(student_client, course_with_attempt, form):
    attempt = course_with_attempt
    keys = [str(pk) for pk in attempt.question_ids]
    form = {**form, f"q{keys[0]}": form.get("x", "5"), f"q{keys[-1]}-0": "9"}
    response = student_client.post(reverse("quizzes:attempt_post", args=[attempt.pk]), form)
    # A field name's whitespace controls can be lost in the multipart headers; values always arrive.
    if has_control_character(list(form.values())):
        assert response.status_code == 400
    else:
        assert response.status_code in (302, 400)


def test_a_database_error_during_autosave_keeps_the_earlier_answer(student_client, course_with_attempt):
    attempt = course_with_attempt
    question = str(attempt.question_ids[0])
    url = reverse("quizzes:autosave", args=[attempt.pk])
    assert (
        student_client.post(url, json.dumps({"answers": {question: "1"}}), content_type="application/json").status_code
        == 200
    )
    with mock.patch(
        "quizzes.models.Response.objects.filter", side_effect=OperationalError("server closed the connection")
    ):
        response = student_client.post(url, json.dumps({"answers": {question: "2"}}), content_type="application/json")
    assert response.status_code == 503 and response.json()["error"]
    saved = Response.objects.get(attempt=attempt, question_id=question)
    assert saved.answer == attempts.saved_answers(attempt)[int(question)]
    attempt.refresh_from_db()
    assert attempt.is_open


def test_a_database_error_while_grading_leaves_the_attempt_open_and_resubmittable(student_client, course_with_attempt):
    attempt = course_with_attempt
    question = str(attempt.question_ids[0])
    attempts.save_answers(attempt, {question: "0"})
    url = reverse("quizzes:submit", args=[attempt.pk])
    with mock.patch("quizzes.models.Response.objects.bulk_update", side_effect=OperationalError("worker killed")):
        response = student_client.post(url)
    assert response.status_code == 302 and response.url == url
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.score is None and attempt.submitted_at is None
    assert student_client.post(url).url == reverse("quizzes:review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED and attempt.score is not None
