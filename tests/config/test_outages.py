"""Outages: losing Redis costs speed only; losing the database is a 503 to retry, never a bare 500.

The cache tests point the site's own Redis settings (``config.settings.redis_caches``)
at a closed port. The database tests make every connection fail in this
process, then run the real WSGI app in a fresh process against a closed
PostgreSQL port.
"""

import json
import logging
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db import IntegrityError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import escape

from config.errors import DATABASE_UNAVAILABLE, RETRY_AFTER_SECONDS
from config.settings import redis_caches
from config.urls import handler500 as site_handler500
from config.urls import urlpatterns as site_urlpatterns
from glossary.models import Definition, Entry
from quizzes import attempts
from quizzes.demo import create_demo_quiz
from quizzes.models import Attempt, Response
from tests.factories import PASSWORD, make_course, make_lecture

BASE_DIR = Path(__file__).resolve().parents[2]
DEAD_REDIS = "redis://127.0.0.1:1/0"
DEAD_POSTGRES = "postgres://postgres@127.0.0.1:1/x"
pytestmark = pytest.mark.django_db


def broken(request):
    raise RuntimeError("a bug")


def duplicate(request):
    raise IntegrityError("duplicate key value violates unique constraint")


# This module is also the urlconf of the error-page tests: the site's URLs and handler500, plus two bugs.
urlpatterns = [path("broken/", broken), path("duplicate/", duplicate), *site_urlpatterns]
handler500 = site_handler500


def autosave(client, attempt, answers):
    return client.post(
        reverse("quizzes:autosave", args=[attempt.pk]),
        json.dumps({"answers": answers}),
        content_type="application/json",
    )


def message_in(language: str) -> str:
    with translation.override(language):
        return str(DATABASE_UNAVAILABLE)


@pytest.fixture
def course(teacher, student):
    return make_course(teachers=[teacher], students=[student], title="Жергілікті басқару")


class TestRedisDown:
    @pytest.fixture(autouse=True)
    def redis_down(self, settings, caplog):
        settings.CACHES = redis_caches(DEAD_REDIS)
        caplog.set_level(logging.ERROR, logger="config.cache")

    def test_every_page_works_and_the_failure_is_logged(self, client, student, course, caplog):
        lecture = make_lecture(course)
        entry = Entry.objects.create(course=course, term="мәтін")
        Definition.objects.create(entry=entry, text="Жазылған сөздер.")
        quiz = create_demo_quiz(course)

        assert client.get(reverse("home")).status_code == 200
        login = client.post(reverse("login"), {"username": student.username, "password": PASSWORD})
        assert login.status_code == 302 and login.url == reverse("home")
        assert Session.objects.exists(), "cached_db sessions are written through to the database"

        home = client.get(reverse("home"))
        assert home.status_code == 200 and student.full_name in home.content.decode(), "session read from the database"
        assert course.title in client.get(course.get_absolute_url()).content.decode()
        page = client.get(lecture.get_absolute_url())
        assert page.status_code == 200 and 'class="glossary-term"' in page.content.decode(), "linked, just uncached"

        start = client.post(reverse("quizzes:start", args=[course.slug, quiz.pk]))
        attempt = Attempt.objects.get(student=student)
        assert start.status_code == 302 and start.url == attempt.get_absolute_url()
        assert client.get(attempt.get_absolute_url()).status_code == 200
        question = str(attempt.question_ids[0])
        saved = autosave(client, attempt, {question: "0"})
        assert saved.status_code == 200 and saved.json()["saved"] == [question]
        assert Response.objects.filter(attempt=attempt, question_id=question).exists()

        ignored = [record for record in caplog.records if record.name == "config.cache"]
        assert ignored and all(record.levelno == logging.ERROR for record in ignored)
        assert "127.0.0.1:1" in str(ignored[0].exc_info[1]), "the log says which Redis could not be reached"


@contextmanager
def database_down():
    """Every connection attempt fails as a refused PostgreSQL connection does: Django's wrapped OperationalError."""

    def refuse(connection):
        with connection.wrap_database_errors:
            raise connection.Database.OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield


class TestDatabaseDown:
    @pytest.fixture
    def student_browser(self, student, course):
        """A student logged in before the outage: the session is in the (memory) cache, the user is not."""
        browser = Client(raise_request_exception=False)
        browser.force_login(student)
        return browser

    @pytest.fixture
    def attempt(self, student, course):
        return attempts.start_attempt(create_demo_quiz(course), student)

    def test_pages_are_503_with_retry_after_in_kazakh(self, student_browser, course):
        for url in (reverse("home"), course.get_absolute_url()):
            with database_down():
                response = student_browser.get(url)
            page = response.content.decode()
            assert response.status_code == 503, url
            assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
            assert '<html lang="kk">' in page and escape(message_in("kk")) in page
            assert "/accounts/logout/" not in page, "no user menu: it would read the user from the database"

    def test_page_follows_the_chosen_language(self, student_browser, course, settings):
        student_browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        with database_down():
            response = student_browser.get(course.get_absolute_url())
        page = response.content.decode()
        assert response.status_code == 503 and '<html lang="en">' in page
        assert "Temporarily unavailable" in page
        assert escape("The server's database is unavailable for a moment.") in page
        assert "Your answers are kept in this browser and will be sent when the server is back." in page

    def test_autosave_gets_json_to_show_and_retry(self, student_browser, attempt, settings):
        question = str(attempt.question_ids[0])
        with database_down():
            kazakh = autosave(student_browser, attempt, {question: "0"})
            student_browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            english = autosave(student_browser, attempt, {question: "0"})
        assert kazakh.status_code == english.status_code == 503
        assert kazakh["Content-Type"] == "application/json"
        assert kazakh["Retry-After"] == english["Retry-After"] == str(RETRY_AFTER_SECONDS)
        assert kazakh.json() == {"error": message_in("kk")}
        assert english.json()["error"].startswith("The server's database is unavailable for a moment.")
        assert not Response.objects.exists()

    def test_a_script_asking_for_json_gets_json(self, student_browser):
        with database_down():
            response = student_browser.get(reverse("home"), headers={"Accept": "application/json"})
        assert response.status_code == 503 and response.json() == {"error": message_in("kk")}


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/broken/", "/duplicate/"], ids=["bug", "integrity-error"])
def test_other_errors_keep_the_500_page(english_client, url):
    english_client.raise_request_exception = False
    response = english_client.get(url)
    assert response.status_code == 500 and "Retry-After" not in response
    assert "Something went wrong on our side" in response.content.decode()


def test_real_wsgi_app_answers_503_when_postgresql_is_unreachable(tmp_path):
    """A fresh process, production settings, PostgreSQL at a closed port: psycopg's own error, wrapped by Django."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "PYTEST_CURRENT_TEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="outage-" + "x" * 60,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=DEAD_POSTGRES,
        STATIC_ROOT=str(tmp_path / "static"),
    )
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True, timeout=120)
    result = subprocess.run(
        [sys.executable, "-c", WSGI_SCRIPT], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    page, saved = json.loads(result.stdout)
    assert page["status"].startswith("503") and page["headers"]["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Your answers are kept in this browser and will be sent when the server is back." in page["body"]
    assert saved["status"].startswith("503") and saved["headers"]["Content-Type"] == "application/json"
    assert json.loads(saved["body"])["error"].startswith("The server's database is unavailable for a moment.")
    assert "Service Unavailable" in result.stderr, "the error is still logged"


# Calls config.wsgi.application directly, as a student whose session is not in this worker's cache
# (so reading it needs the database): the front page, then an autosave with a valid CSRF pair.
WSGI_SCRIPT = r"""
import io, json, sys
from wsgiref.util import setup_testing_defaults
from config.wsgi import application

def call(method, path, body=b"", **headers):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_HOST": "testserver",
               "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)), **headers}
    setup_testing_defaults(environ)
    started = {}
    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))
    body = b"".join(application(environ, start_response)).decode()
    return {**started, "body": body}

token = "a" * 32
cookies = f"sessionid=abcdefgh12345678abcdefgh12345678; csrftoken={token}; django_language=en"
page = call("GET", "/", HTTP_COOKIE=cookies)
saved = call("POST", "/attempts/1/autosave/", b'{"answers": {}}', HTTP_COOKIE=cookies,
             CONTENT_TYPE="application/json", HTTP_X_CSRFTOKEN=token)
print(json.dumps([page, saved]))
"""
