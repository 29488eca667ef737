"""The demo accounts that ``make run`` creates, so a newcomer can log in at once."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from courses.roles import make_student, make_teacher


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    full_name: str
    role: str


DEMO_TEACHER = DemoAccount("teacher", "demo-teacher-2026", "Сәрсенбаева Гүлнар Қайратқызы", "teacher")
DEMO_STUDENT = DemoAccount("student", "demo-student-2026", "Әлиев Нұрлан Болатұлы", "student")


@transaction.atomic
def create_demo_accounts() -> list[DemoAccount]:
    """Create (or reset) the demo teacher and student; idempotent."""
    User = get_user_model()
    for account in (DEMO_TEACHER, DEMO_STUDENT):
        user, _created = User.objects.get_or_create(username=account.username)
        user.full_name = account.full_name
        user.set_password(account.password)
        user.save()
        if account.role == "teacher":
            make_teacher(user)
        else:
            make_student(user)
    return [DEMO_TEACHER, DEMO_STUDENT]
