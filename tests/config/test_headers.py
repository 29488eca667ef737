"""Security headers: a script policy without inline scripts, and no caching of answers, grades or exports."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from quizzes import attempts
from quizzes.demo import create_demo_quiz
from tests.factories import make_course

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.fixture
def attempt(teacher, student):
    course = make_course(teachers=[teacher], students=[student], slug="gov")
    return attempts.start_attempt(create_demo_quiz(course), student)


def test_every_page_sends_the_policies(client, db):
    response = client.get(reverse("login"))
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"


def test_the_attempt_page_has_no_inline_script(student_client, attempt):
    response = student_client.get(attempt.get_absolute_url())
    scripts = BeautifulSoup(response.content, "html.parser").find_all("script")
    runnable = [script for script in scripts if not script.get("src") and script.get("type") != "application/json"]
    assert runnable == []
    assert any(script.get("id") == "quiz-messages" for script in scripts)


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


def test_answers_grades_and_exports_are_never_cached(student_client, teacher, attempt):
    teacher_client = Client()
    teacher_client.force_login(teacher)
    slug = attempt.quiz.course.slug
    student_pages = [
        attempt.get_absolute_url(),
        reverse("quizzes:submit", args=[attempt.pk]),
        reverse("quizzes:my_grades", args=[slug]),
    ]
    for url in student_pages:
        assert {"private", "no-store"} <= cache_control(student_client.get(url)), url
    attempts.finish(attempt)
    assert {"private", "no-store"} <= cache_control(student_client.get(reverse("quizzes:review", args=[attempt.pk])))
    teacher_pages = [
        reverse("quizzes:gradebook", args=[slug]),
        reverse("quizzes:gradebook_export", args=[slug]),
        reverse("quizzes:gradebook_export", args=[slug]) + "?format=xlsx",
        reverse("quizzes:attempts_export", args=[slug, attempt.quiz_id]),
        reverse("quizzes:results", args=[slug, attempt.quiz_id]),
    ]
    for url in teacher_pages:
        assert {"private", "no-store"} <= cache_control(teacher_client.get(url)), url
