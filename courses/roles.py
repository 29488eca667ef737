"""The two roles of the site and the permissions that make them.

A *teacher* is a staff user in the ``Teachers`` group; a *student* is a
non-staff user. The group's permissions are derived here, in code, and
re-applied after every ``migrate``, so a new model in any teaching app is
covered without anyone ticking boxes in the admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

TEACHERS_GROUP = "Teachers"

# Teachers manage everything in these apps...
TEACHING_APPS = ("courses", "quizzes", "glossary")
# ...except user accounts: the user change form can grant superuser rights,
# so teachers only look people up (and see only their own students, courses/access.py)...
USER_PERMISSIONS_FOR_TEACHERS = ("view_user",)
# ...and graded work, which is voided with a reason, never deleted.
NEVER_DELETED_BY_TEACHERS = (("quizzes", "attempt"), ("quizzes", "response"))
# They read the audit trail of their own courses.
AUDIT_PERMISSIONS_FOR_TEACHERS = ("view_logentry",)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    STAFF = "staff", _("Staff")


def teacher_permissions():
    """Permissions the Teachers group should hold right now."""
    from django.contrib.auth.models import Permission

    teaching = Permission.objects.filter(content_type__app_label__in=TEACHING_APPS).exclude(content_type__model="user")
    for app_label, model in NEVER_DELETED_BY_TEACHERS:
        teaching = teaching.exclude(
            content_type__app_label=app_label, content_type__model=model, codename__startswith="delete_"
        )
    user_lookup = Permission.objects.filter(
        content_type__app_label="courses",
        content_type__model="user",
        codename__in=USER_PERMISSIONS_FOR_TEACHERS,
    )
    audit = Permission.objects.filter(content_type__app_label="auditlog", codename__in=AUDIT_PERMISSIONS_FOR_TEACHERS)
    return teaching | user_lookup | audit


def sync_teacher_group(**_signal_kwargs) -> None:
    """Create the Teachers group if needed and set exactly its permissions."""
    from django.contrib.auth.models import Group

    group, _created = Group.objects.get_or_create(name=TEACHERS_GROUP)
    group.permissions.set(teacher_permissions())


def make_teacher(user: AbstractUser) -> None:
    from django.contrib.auth.models import Group

    user.is_staff = True
    user.save(update_fields=["is_staff"])
    group, _created = Group.objects.get_or_create(name=TEACHERS_GROUP)
    user.groups.add(group)
    user.__dict__.pop("role", None)


def make_student(user: AbstractUser) -> None:
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    user.groups.remove(*user.groups.filter(name=TEACHERS_GROUP))
    user.taught_courses.clear()  # a former teacher keeps no rights over the courses' students
    user.__dict__.pop("role", None)
