"""The queued hasher stores Django's own PBKDF2 hashes and hashes one password at a time per process."""

import threading
import time

from django.contrib.auth.hashers import PBKDF2PasswordHasher, check_password, make_password

from courses.hashers import QueuedPBKDF2PasswordHasher


def test_hashes_are_plain_django_pbkdf2(settings):
    settings.PASSWORD_HASHERS = [
        "courses.hashers.Argon2idPasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    hashed = make_password("құпиясөз-2026")
    assert hashed.startswith("pbkdf2_sha256$")
    assert PBKDF2PasswordHasher().verify("құпиясөз-2026", hashed)
    assert check_password("құпиясөз-2026", PBKDF2PasswordHasher().encode("құпиясөз-2026", "somesalt123"))


def test_only_one_hash_at_a_time(monkeypatch):
    running, most = 0, 0
    lock = threading.Lock()

    def slow_encode(self, password, salt, iterations=None):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return "pbkdf2_sha256$1$salt$hash"

    monkeypatch.setattr(PBKDF2PasswordHasher, "encode", slow_encode)
    hasher = QueuedPBKDF2PasswordHasher()
    threads = [threading.Thread(target=hasher.encode, args=("p", "salt")) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most == 1
