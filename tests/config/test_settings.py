"""Settings come from the environment; production-like settings pass Django's deploy check."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

from config.settings import _local_secret_key

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": get_random_secret_key(),
    "ALLOWED_HOSTS": "lms.university.kz",
}
VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "CONN_MAX_AGE",
    "SECURE_SSL_REDIRECT",
    "TIME_ZONE",
)


def run_with_env(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run a Python command in a fresh process with only the given site variables set."""
    clean = {key: value for key, value in os.environ.items() if key not in VARIABLES}
    return subprocess.run(
        [sys.executable, *args], cwd=BASE_DIR, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def read_settings(env: dict[str, str]) -> dict:
    script = (
        "import json, django; from django.conf import settings; django.setup();"
        "names = ['DEBUG', 'ALLOWED_HOSTS', 'CSRF_TRUSTED_ORIGINS', 'DATABASES', 'SECURE_SSL_REDIRECT',"
        " 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'TIME_ZONE', 'SECRET_KEY'];"
        "print(json.dumps({name: getattr(settings, name) for name in names}, default=str))"
    )
    result = run_with_env(["-c", script], {"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_default_database_is_a_tuned_sqlite_file_beside_manage_py():
    settings = read_settings({"DEBUG": "1"})
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == BASE_DIR / "db.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]


def test_database_url_selects_postgresql_with_persistent_connections():
    settings = read_settings({"DEBUG": "1", "DATABASE_URL": "postgres://lms:s3cret@db.campus.kz:5433/lms"})
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("lms", "lms", "s3cret")
    assert (database["HOST"], str(database["PORT"])) == ("db.campus.kz", "5433")
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_hosts_and_origins_are_comma_separated_lists():
    settings = read_settings(
        {
            **PRODUCTION_ENV,
            "ALLOWED_HOSTS": "lms.university.kz,10.0.0.5",
            "CSRF_TRUSTED_ORIGINS": "https://lms.university.kz,https://moodle.university.kz",
        }
    )
    assert settings["ALLOWED_HOSTS"] == ["lms.university.kz", "10.0.0.5"]
    assert settings["CSRF_TRUSTED_ORIGINS"] == ["https://lms.university.kz", "https://moodle.university.kz"]


def test_debug_off_means_secure_cookies_and_https_unless_relaxed():
    strict = read_settings(PRODUCTION_ENV)
    assert strict["DEBUG"] is False
    assert strict["SECURE_SSL_REDIRECT"] and strict["SESSION_COOKIE_SECURE"] and strict["CSRF_COOKIE_SECURE"]
    assert strict["SECURE_HSTS_SECONDS"] >= 31_536_000

    lan = read_settings({**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "0"})
    assert lan["SECURE_SSL_REDIRECT"] is False

    debug = read_settings({"DEBUG": "1"})
    assert debug["DEBUG"] is True
    assert not debug["SECURE_SSL_REDIRECT"] and debug["SECURE_HSTS_SECONDS"] == 0


def test_time_zone_defaults_to_almaty():
    assert read_settings({"DEBUG": "1"})["TIME_ZONE"] == "Asia/Almaty"


def test_secret_key_from_environment_wins():
    assert read_settings(PRODUCTION_ENV)["SECRET_KEY"] == PRODUCTION_ENV["SECRET_KEY"]


def test_without_secret_key_a_private_random_key_is_kept(tmp_path):
    key_file = tmp_path / "secret"
    first = _local_secret_key(key_file)
    assert len(first) >= 50
    assert key_file.stat().st_mode & 0o077 == 0, "the key file must be private to its owner"
    assert _local_secret_key(key_file) == first, "the key must survive a restart"


def test_production_settings_pass_the_deploy_check():
    result = run_with_env(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_migrations_are_complete():
    result = run_with_env(["manage.py", "makemigrations", "--check", "--dry-run"], {"DEBUG": "1"})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_postgresql_runs_through_psycopg_3():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("this run uses SQLite; the PostgreSQL run checks the driver")
    import psycopg

    assert connection.connection.__class__.__module__.startswith("psycopg")
    assert psycopg.__version__.startswith("3.")
