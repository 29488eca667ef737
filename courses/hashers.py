"""Password hashing that cannot crowd out the rest of the site during a login storm.

Checking a password is deliberately slow (PBKDF2, about a quarter of a second
of CPU). When a whole class logs in at the same moment, every worker thread
can end up hashing and quiz autosaves wait behind them. This hasher is
Django's PBKDF2 — same algorithm name, same stored hashes — but each process
hashes at most ``PASSWORD_HASH_CONCURRENCY`` passwords at a time; the other
threads stay free for the students already in their quiz.
"""

import os
import threading

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class QueuedPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    _slots = threading.BoundedSemaphore(int(os.environ.get("PASSWORD_HASH_CONCURRENCY", "1")))

    def encode(self, password, salt, iterations=None):
        with self._slots:
            return super().encode(password, salt, iterations)
