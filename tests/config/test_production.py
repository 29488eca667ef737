"""The production stack: gunicorn with collected static files, the cache, moving from SQLite to PostgreSQL."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from bs4 import BeautifulSoup
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_serves_pages_and_hashed_static_files(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "test-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "2",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=BASE_DIR, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([gunicorn, "config.wsgi", "-c", "config/gunicorn.py"], cwd=BASE_DIR, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                page = httpx.get(f"{base}/accounts/login/")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert page.status_code == 200 and '<html lang="kk">' in page.text
        links = BeautifulSoup(page.text, "html.parser").select("link[rel=stylesheet]")
        stylesheet = next(link["href"] for link in links if "bootstrap" in link["href"]).removeprefix("/static/")
        assert ".min." in stylesheet and stylesheet.count(".") >= 3, "a hashed file name"
        static = httpx.get(f"{base}/static/{stylesheet}", headers={"Accept-Encoding": "gzip"})
        assert static.status_code == 200
        assert "max-age=315360000" in static.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.django_db
def test_query_count_header_for_load_tests(client, settings):
    settings.MIDDLEWARE = ["config.middleware.QueryCountHeaderMiddleware", *settings.MIDDLEWARE]
    response = client.get(reverse("login"))
    assert response["X-DB-Queries"].isdigit()


def test_redis_cache_when_configured():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    try:
        cache.set("course-site-check", "мәслихат", 5)
    except Exception as error:  # no Redis on this machine
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"Redis is not reachable: {error}")
    assert cache.get("course-site-check") == "мәслихат"
    cache.delete("course-site-check")


@pytest.mark.django_db(transaction=True)
def test_moving_from_sqlite_to_postgresql_with_dumpdata_and_loaddata(tmp_path, settings):
    """The documented move: dumpdata from the SQLite file, loaddata into an empty PostgreSQL database."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass: loads a dump made from a SQLite file")
    sqlite_env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}"}
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=BASE_DIR, env=sqlite_env, check=True)
    subprocess.run([*manage, "setup_demo"], cwd=BASE_DIR, env=sqlite_env, check=True, capture_output=True)
    dump = tmp_path / "site.json"
    subprocess.run(
        [*manage, "dumpdata", "--natural-foreign", "--natural-primary", "--exclude", "contenttypes",
         "--exclude", "auth.permission", "--exclude", "sessions", "-o", str(dump)],
        cwd=BASE_DIR, env=sqlite_env, check=True,
    )  # fmt: skip
    from courses.models import Course, Lecture
    from glossary.models import Entry
    from quizzes.models import Question
    from quizzes.question_types import question_types

    Course.objects.all().delete()
    call_command("flush", "--noinput", verbosity=0)
    call_command("loaddata", str(dump), verbosity=0)
    course = Course.objects.get(slug="local-government")
    assert Lecture.objects.filter(course=course).count() == 1
    assert Entry.objects.filter(course=course).count() == 20
    assert Question.objects.filter(quiz__course=course).count() == len(question_types())
    with override_settings(PASSWORD_HASHERS=["courses.hashers.Argon2idPasswordHasher"]):
        from django.contrib.auth import get_user_model

        assert get_user_model().objects.get(username="student").check_password("demo-student-2026")
