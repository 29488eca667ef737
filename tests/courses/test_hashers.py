"""Passwords are hashed with Argon2id at OWASP's parameters, one hash at a time per process."""

import threading
import time

import pytest
from argon2 import extract_parameters
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password

from courses.hashers import Argon2idPasswordHasher
from tests.factories import make_user


@pytest.fixture
def real_hashers(settings):
    """The site's configured hashers, not the tests' fast one."""
    from config import settings as site_settings

    settings.PASSWORD_HASHERS = site_settings.PASSWORD_HASHERS


def test_default_hash_is_argon2id_with_owasp_parameters(real_hashers):
    hashed = make_password("құпиясөз-2026")
    assert hashed.startswith("argon2$argon2id$")
    parameters = extract_parameters(hashed.removeprefix("argon2"))
    assert (parameters.memory_cost, parameters.time_cost, parameters.parallelism) == (19 * 1024, 2, 1)
    assert Argon2PasswordHasher().verify("құпиясөз-2026", hashed), "Django's own hasher reads our hashes"


@pytest.mark.django_db
def test_a_pbkdf2_hash_is_upgraded_at_the_next_login(real_hashers, client):
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user = make_user("student", username="old-hash")
    user.password = PBKDF2PasswordHasher().encode("correct-horse-battery-42", "salt1234567890")
    user.save(update_fields=["password"])
    response = client.post("/accounts/login/", {"username": "old-hash", "password": "correct-horse-battery-42"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert check_password("correct-horse-battery-42", user.password)


def test_only_one_hash_at_a_time(monkeypatch):
    running, most = 0, 0
    lock = threading.Lock()

    def slow_encode(self, password, salt):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return "argon2$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"

    monkeypatch.setattr(Argon2PasswordHasher, "encode", slow_encode)
    hasher = Argon2idPasswordHasher()
    threads = [threading.Thread(target=hasher.encode, args=("p", "salt")) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1
