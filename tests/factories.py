"""Small factories for test data: one place that knows how to make a teacher or a student."""

from itertools import count

from django.contrib.auth import get_user_model

from courses.roles import make_student, make_teacher

PASSWORD = "correct-horse-battery-42"
_serial = count(1)


def make_user(role: str = "student", *, username: str | None = None, full_name: str = "", **fields):
    """Create a user with a known password (``PASSWORD``) and the given role."""
    number = next(_serial)
    user = get_user_model().objects.create_user(
        username=username or f"{role}{number}",
        password=PASSWORD,
        full_name=full_name or f"Тестов {role.title()} {number}",
        is_superuser=role == "admin",
        **fields,
    )
    if role == "student":
        make_student(user)
    else:
        make_teacher(user)
    return user
