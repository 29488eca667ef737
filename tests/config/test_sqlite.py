"""The SQLite default survives a classroom writing at once."""

import threading

import pytest
from django.db import connections, transaction
from django.db.utils import ConnectionHandler

from config.settings import SQLITE_OPTIONS

ALIAS = "classroom"


@pytest.fixture
def classroom_db(tmp_path, django_db_blocker):
    """A file-based SQLite database configured exactly like the default one."""
    database = {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "class.sqlite3", "OPTIONS": SQLITE_OPTIONS}
    connections.settings[ALIAS] = ConnectionHandler().configure_settings({"default": database})["default"]
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, student INTEGER NOT NULL)")
        yield connections[ALIAS]
        connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


def pragma(connection, name: str):
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_wal_busy_timeout_and_foreign_keys_are_on(classroom_db):
    assert pragma(classroom_db, "journal_mode") == "wal"
    assert pragma(classroom_db, "busy_timeout") == SQLITE_OPTIONS["timeout"] * 1000
    assert pragma(classroom_db, "foreign_keys") == 1


def test_students_submitting_at_once_do_not_hit_database_is_locked(classroom_db):
    """Each thread reads then writes in one transaction, as a quiz submit does."""
    students, submits_each = 8, 15
    errors: list[Exception] = []
    start = threading.Barrier(students)

    def submit(student: int) -> None:
        try:
            start.wait()
            for _ in range(submits_each):
                with transaction.atomic(using=ALIAS), connections[ALIAS].cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM answer WHERE student = %s", [student])
                    cursor.fetchone()
                    cursor.execute("INSERT INTO answer (student) VALUES (%s)", [student])
        except Exception as error:
            errors.append(error)
        finally:
            connections[ALIAS].close()

    threads = [threading.Thread(target=submit, args=(number,)) for number in range(students)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert pragma(classroom_db, "journal_mode") == "wal"
    with classroom_db.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM answer")
        assert cursor.fetchone()[0] == students * submits_each
