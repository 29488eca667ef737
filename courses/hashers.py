"""Password hashing: Argon2id with OWASP's parameters, queued so a login storm cannot take every thread.

OWASP's Password Storage Cheat Sheet recommends Argon2id with 19 MiB of
memory, 2 iterations and 1 lane: stronger than PBKDF2 against GPUs and about
a ninth of its CPU per login, which matters when a whole class signs in at
once. Hashes keep Django's ``argon2`` format, so Django's own hasher verifies
them, and older PBKDF2 hashes are rehashed at the owner's next login.

Each process hashes at most ``PASSWORD_HASH_CONCURRENCY`` passwords at a time;
the other threads stay free for the students already in their quiz.
"""

import os
import threading

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idPasswordHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
    _slots = threading.BoundedSemaphore(int(os.environ.get("PASSWORD_HASH_CONCURRENCY", "1")))

    def encode(self, password, salt):
        with self._slots:
            return super().encode(password, salt)

    def verify(self, password, encoded):
        with self._slots:
            return super().verify(password, encoded)
