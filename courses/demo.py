"""The demo that ``make run`` sets up: a teacher, a student and a course built from the seed lecture."""

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from courses.importing import parse_lecture, save_lecture
from courses.roles import make_student, make_teacher

DEMO_LECTURE = Path(__file__).parent / "demo_data" / "lecture-01-local-government.kk.txt"
DEMO_COURSE_SLUG = "local-government"
DEMO_LECTURE_TITLE = "Қазақстан Республикасындағы жергілікті басқару және өзін-өзі басқару"


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


@transaction.atomic
def create_demo_course():
    """The seed lecture as a published course taught by the demo teacher; safe to run again."""
    from courses.models import Course, Enrollment

    User = get_user_model()
    course, _created = Course.objects.get_or_create(
        slug=DEMO_COURSE_SLUG,
        defaults={
            "title": "Жергілікті басқару және өзін-өзі басқару",
            "description": "Қазақстан Республикасындағы жергілікті мемлекеттік басқару мен өзін-өзі басқарудың "
            "теориялық негіздері, заңнамасы және даму кезеңдері.",
            "is_published": True,
            "join_code": "DEMO2026",
        },
    )
    course.teachers.add(User.objects.get(username=DEMO_TEACHER.username))
    Enrollment.objects.get_or_create(course=course, student=User.objects.get(username=DEMO_STUDENT.username))
    parsed = parse_lecture(DEMO_LECTURE.name, DEMO_LECTURE.read_bytes())
    parsed = parsed.without({repeat.number for repeat in parsed.repeats if repeat.verbatim})
    lecture = save_lecture(parsed, course=course, title=DEMO_LECTURE_TITLE)
    if not lecture.is_published:
        lecture.is_published = True
        lecture.save(update_fields=["is_published"])
    return course
