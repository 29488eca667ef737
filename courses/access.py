"""Who may see, teach and manage what: the one place that decides.

Every view, admin queryset, form choice and autocomplete asks here (the
pattern of django-oscar's dashboard: one visibility function per kind of
object). The rules:

- An administrator (superuser) sees and manages everything.
- A teacher sees the courses they teach, everything inside them, and the
  students enrolled in them — never other teachers, staff or the directory
  of all accounts.
- A teacher manages a student's *account* (a new password, lifting a login
  pause) only when every course the student takes is one that teacher
  teaches, and the student came to one of them as a new account or by the
  join code: adding someone's existing account to a course by username gives
  no rights over it.
- A student sees the published courses they are enrolled in, and only their
  own attempts.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from courses.models import Course, Enrollment, Lecture

TeacherLink = Course.teachers.through


def is_administrator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def visible_courses(user) -> QuerySet[Course]:
    """Courses a user may open: all for an administrator, taught ones, enrolled published ones."""
    if not user.is_authenticated:
        return Course.objects.none()
    if is_administrator(user):
        return Course.objects.all()
    enrolled = Q(Exists(Enrollment.objects.filter(course=OuterRef("pk"), student=user)), is_published=True)
    if not _may_teach(user):
        return Course.objects.filter(enrolled)
    teaches_it = Exists(TeacherLink.objects.filter(course=OuterRef("pk"), user=user))
    return Course.objects.filter(teaches_it | enrolled)


def _may_teach(user) -> bool:
    """Only active staff teach: a teacher made a student again, or deactivated, keeps no course rights."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def taught_courses(user) -> QuerySet[Course]:
    """Courses the user may manage: every course for an administrator."""
    if not _may_teach(user):
        return Course.objects.none()
    if is_administrator(user):
        return Course.objects.all()
    return Course.objects.filter(Exists(TeacherLink.objects.filter(course=OuterRef("pk"), user=user)))


def teaches(user, course: Course) -> bool:
    """Whether the user manages this course (uses ``teachers`` when the view prefetched them)."""
    if not _may_teach(user):
        return False
    if is_administrator(user):
        return True
    if "teachers" in getattr(course, "_prefetched_objects_cache", {}):
        return any(teacher.pk == user.pk for teacher in course.teachers.all())
    return TeacherLink.objects.filter(course=course, user=user).exists()


def in_taught_courses(queryset: QuerySet, user, course_lookup: str = "course") -> QuerySet:
    """Any objects that belong to a course (through ``course_lookup``), limited to the user's courses."""
    if is_administrator(user):
        return queryset
    return queryset.filter(**{f"{course_lookup}__in": taught_courses(user).values("pk")})


def visible_lectures(user, course: Course) -> QuerySet[Lecture]:
    """Teachers of the course see drafts; students only published lectures."""
    lectures = Lecture.objects.filter(course=course)
    return lectures if teaches(user, course) else lectures.filter(is_published=True)


def visible_people(user) -> QuerySet:
    """Accounts a user may look up: all for an administrator, a teacher's own students, else none."""
    people = get_user_model().objects.all()
    if is_administrator(user):
        return people
    if not user.is_authenticated or not user.is_staff:
        return people.none()
    enrolled = Enrollment.objects.filter(student=OuterRef("pk"), course__in=taught_courses(user).values("pk"))
    return people.filter(Exists(enrolled), is_staff=False, is_superuser=False)


def can_manage_account(actor, account) -> bool:
    """May ``actor`` set a new password for ``account`` or lift its login pause?"""
    if not actor.is_authenticated or actor.pk == account.pk:
        return False
    if is_administrator(actor):
        return True
    if account.is_staff or account.is_superuser or not actor.is_staff:
        return False
    enrolments = list(Enrollment.objects.filter(student=account).values_list("course_id", "added_existing"))
    if not enrolments:
        return False
    taught = set(
        taught_courses(actor).filter(pk__in=[course for course, _added in enrolments]).values_list("pk", flat=True)
    )
    every_course_taught = all(course in taught for course, _added in enrolments)
    came_through_teacher = any(not added for _course, added in enrolments)
    return every_course_taught and came_through_teacher


def visible_audit_entries(user) -> QuerySet:
    """The audit trail: all of it for an administrator, the entries of their courses for a teacher."""
    if is_administrator(user):
        return LogEntry.objects.all()
    if not user.is_authenticated or not user.is_staff:
        return LogEntry.objects.none()
    return LogEntry.objects.filter(additional_data__course__in=list(taught_courses(user).values_list("pk", flat=True)))
