"""Every page of the URL map, as a student, a teacher and a visitor, fed NUL bytes, control characters,
non-numeric ids, huge values and broken bodies: a clear 4xx, never a 5xx, and nothing half-saved."""

import json

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.importing import parse_lecture, save_lecture
from glossary.models import Entry
from quizzes import attempts
from quizzes.demo import create_demo_quiz
from quizzes.models import Attempt, Question
from tests.factories import make_course, make_user

pytestmark = pytest.mark.django_db
HOSTILE_VALUES = ["\x00", "a\x00b", "\x1b[31m", "abc", "-1", "9" * 40, "x" * 5000, "' OR 1=1 --", "%00", "ә\x07"]


@pytest.fixture
def site(teacher, student):
    """One of everything, so every URL in the map can be filled in with a real object."""
    course = make_course(teachers=[teacher], students=[student], slug="local-gov", join_code="K7M2P9QX")
    lecture = save_lecture(
        parse_lecture("l.md", "1. Кіріспе\n\nӘкім — Президенттің өкілі.\n".encode()), course=course, title="Дәріс"
    )
    quiz = create_demo_quiz(course)
    attempt = attempts.start_attempt(quiz, student)
    entry = Entry.objects.filter(course=course).first()
    return {
        "slug": course.slug,
        "lecture_slug": lecture.slug,
        "quiz_id": quiz.pk,
        "attempt_id": attempt.pk,
        "entry_slug": entry.slug if entry else "x",
        "course_id": course.pk,
        "user_id": student.pk,
        "object_id": str(course.pk),
        "draft_id": 1,
    }


def site_urls(values) -> list[str]:
    """Every route of the site (the admin's per-model routes included), filled in from ``values``."""
    urls = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                for name, value in values.items():
                    route = route.replace(f"<str:{name}>", str(value)).replace(f"<int:{name}>", str(value))
                    route = route.replace(f"<path:{name}>", str(value)).replace(f"<{name}>", str(value))
                if "<" not in route and "^" not in route and "(?P" not in route:
                    urls.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns)
    return sorted(set(urls))


def people(teacher, student):
    visitor = Client(raise_request_exception=False)
    as_student = Client(raise_request_exception=False)
    as_student.force_login(student)
    as_teacher = Client(raise_request_exception=False)
    as_teacher.force_login(teacher)
    return {"visitor": visitor, "student": as_student, "teacher": as_teacher}


def test_the_sweep_covers_the_site(site):
    urls = site_urls(site)
    assert len(urls) > 60
    for expected in (
        "/admin/courses/course/",
        f"/courses/{site['slug']}/gradebook/",
        f"/attempts/{site['attempt_id']}/autosave/",
    ):
        assert expected in urls


def test_control_characters_in_any_query_string_or_form_are_a_400(site, teacher, student):
    clients = people(teacher, student)
    for url in site_urls(site):
        for who, client in clients.items():
            response = client.get(url, {"q": "a\x00b", "page": "1"})
            assert response.status_code == 400, (who, url, response.status_code)
            response = client.post(url, {"code": "\x00", "text": "ok\x07", "q": "x"})
            assert response.status_code in (400, 403), (who, url, response.status_code)


def test_control_characters_in_the_path_are_a_400(site, student):
    client = people(make_user("teacher"), student)["student"]
    for url in ("/courses/a%00b/", f"/courses/{site['slug']}/glossary/a%00/", "/courses/%1b/x/"):
        assert client.get(url).status_code == 400, url


@pytest.mark.parametrize("who", ["visitor", "student", "teacher"])
def test_hostile_parameter_values_never_give_a_server_error(site, teacher, student, who):
    client = people(teacher, student)[who]
    failures = []
    for url in site_urls(site):
        for value in HOSTILE_VALUES:
            params = {"q": value, "page": value, "o": value, "p": value, "e": value, "lecture": value,
                      "quiz__id__exact": value, "course__id__exact": value, "state": value, "group": value,
                      "needs_definition": value, "format": value, "delimiter": value, "letter": value}  # fmt: skip
            status = client.get(url, params).status_code
            if status >= 500:
                failures.append((url, value, status))
    assert failures == []


@pytest.mark.parametrize("value", ["abc", "1 OR 1", "", "9" * 40, "-5"])
def test_admin_actions_with_foreign_or_broken_ids_are_refused_cleanly(site, teacher, student, value):
    client = people(teacher, student)["teacher"]
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for action in [name for name, *_rest in model_admin.get_actions(client.request().wsgi_request).values()]:
            response = client.post(url, {"action": action, "_selected_action": [value], "index": "0"})
            assert response.status_code < 500, (url, action, value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    who=st.sampled_from(["visitor", "student", "teacher"]),
    route=st.integers(min_value=0, max_value=10_000),
    method=st.sampled_from(["get", "post", "json"]),
    data=st.dictionaries(st.text(max_size=8), st.text(max_size=40), max_size=5),
)
def test_fuzzed_requests_to_every_route_never_give_a_server_error(site, teacher, student, who, route, method, data):
    clients = people(teacher, student)
    urls = site_urls(site)
    url = urls[route % len(urls)]
    client = clients[who]
    if method == "get":
        response = client.get(url, data)
    elif method == "post":
        response = client.post(url, data)
    else:
        response = client.post(url, json.dumps(data), content_type="application/json")
    assert response.status_code < 500, (who, method, url, data)


def test_an_oversized_body_is_refused_before_it_is_read(settings, student):
    settings.MAX_REQUEST_BYTES = 1000
    client = Client(raise_request_exception=False)
    client.force_login(student)
    course = make_course(join_code="K7M2P9QX")
    response = client.post(reverse("courses:join"), {"code": "K7M2P9QX", "padding": "x" * 2000})
    assert response.status_code == 413
    assert not course.enrollments.exists()
    json_response = client.post("/attempts/1/autosave/", "{" + " " * 2000 + "}", content_type="application/json")
    assert json_response.status_code == 413 and json_response.json()["error"]


def test_a_multipart_body_to_autosave_is_read_as_the_form_and_checked(site, student):
    client = people(make_user("teacher"), student)["student"]
    url = reverse("quizzes:autosave", args=[site["attempt_id"]])
    assert client.post(url, {"answers": "x"}).json()["saved"] == []
    attempt = Attempt.objects.get(pk=site["attempt_id"])
    single = next(key for key in attempt.question_ids if Question.objects.get(pk=key).kind == "single")
    response = client.post(url, {"answered": str(single), f"q{single}": "99"})
    assert response.status_code == 200 and response.json()["problems"][str(single)]
    assert not attempt.responses.exists()


def test_deeply_nested_json_is_a_400(site, student):
    client = people(make_user("teacher"), student)["student"]
    body = '{"answers": ' + "[" * 5000 + "]" * 5000 + "}"
    response = client.post(
        reverse("quizzes:autosave", args=[site["attempt_id"]]), body, content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("charset", ["rot13", "base64"])
def test_a_form_in_a_charset_that_is_not_text_is_a_400(student, charset):
    client = Client(raise_request_exception=False)
    client.force_login(student)
    body = b'--xx\r\nContent-Disposition: form-data; name="code"\r\n\r\nABC\r\n--xx--\r\n'
    response = client.generic(
        "POST", reverse("courses:join"), body, content_type=f"multipart/form-data; boundary=xx; charset={charset}"
    )
    assert response.status_code == 400


@pytest.mark.parametrize("number", ["Infinity", "-Infinity", "NaN", "1e400"])
def test_json_numbers_no_answer_can_hold_are_a_400(site, student, number):
    client = people(make_user("teacher"), student)["student"]
    question = Attempt.objects.get(pk=site["attempt_id"]).question_ids[0]
    body = f'{{"answers": {{"{question}": {number}}}}}'
    response = client.post(
        reverse("quizzes:autosave", args=[site["attempt_id"]]), body, content_type="application/json"
    )
    assert response.status_code == 400
