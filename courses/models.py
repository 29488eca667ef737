"""People and, in later parts of the app, the courses they teach and take."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.roles import TEACHERS_GROUP, Role


class User(AbstractUser):
    """A teacher, student or administrator.

    University lists give one "full name" (surname first, as in
    "Әбілқасымова Айгүл Серікқызы"), so that is what we store and show,
    rather than Django's first/last split.
    """

    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def get_short_name(self) -> str:
        return self.get_full_name()

    @cached_property
    def role(self) -> Role:
        if self.is_superuser:
            return Role.ADMIN
        if self.is_staff and any(group.name == TEACHERS_GROUP for group in self.groups.all()):
            return Role.TEACHER
        if self.is_staff:
            return Role.STAFF
        return Role.STUDENT

    @property
    def is_teacher(self) -> bool:
        return self.role == Role.TEACHER
