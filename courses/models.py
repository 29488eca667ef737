"""People, the courses they teach and take, and the lectures inside a course."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.codes import join_code_problem, new_join_code
from courses.roles import TEACHERS_GROUP, Role
from courses.text import normalize, sort_key


class User(AbstractUser):
    """A teacher, student or administrator.

    University lists give one "full name" (surname first, as in
    "Әбілқасымова Айгүл Серікқызы"), so that is what we store and show,
    rather than Django's first/last split.
    """

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # Derived in save(): Kazakh alphabetical order, and case-folded text for search.
    name_sort_key = models.CharField(max_length=160, editable=False, blank=True, db_index=True)
    name_search = models.CharField(max_length=600, editable=False, blank=True)

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.fill_name_keys()
        super().save(*args, **kwargs)

    def fill_name_keys(self) -> None:
        """Set the derived name columns (``bulk_create`` skips ``save``, so importers call this)."""
        self.name_sort_key = sort_key(self.full_name or self.username)
        self.name_search = normalize(f"{self.full_name} {self.username} {self.email}")

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


class Course(models.Model):
    class Language(models.TextChoices):
        KAZAKH = "kk", "Қазақша"
        RUSSIAN = "ru", "Русский"
        ENGLISH = "en", "English"

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.KAZAKH)
    is_published = models.BooleanField(_("published"), default=False)
    teachers = models.ManyToManyField(User, related_name="taught_courses", verbose_name=_("teachers"), blank=True)
    join_code = models.CharField(
        _("join code"),
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        default=new_join_code,
        help_text=_(
            "Students who know this code can enrol themselves. At least 8 letters and digits; "
            "leave empty to enrol students yourself."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped whenever the course glossary changes: part of the cache key of linked lecture HTML.
    glossary_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # Codes are typed in any case; stored upper-case, uniqueness covers every spelling.
        self.join_code = (self.join_code or "").strip().upper() or None
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("courses:course", args=[self.slug])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from courses.importing import reserved_course_slugs

        if self.slug in reserved_course_slugs():
            raise ValidationError({"slug": _("This address is used by the site; choose another.")})
        code = (self.join_code or "").strip().upper()
        if code and (problem := join_code_problem(code)):
            raise ValidationError({"join_code": problem})
        if code and Course.objects.filter(join_code=code).exclude(pk=self.pk).exists():
            raise ValidationError({"join_code": _("Another course already uses this join code.")})


class Enrollment(models.Model):
    """A student in a course, with the academic group the dean's office lists them in."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("course"))
    student = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="enrollments",
        limit_choices_to={"is_staff": False},
        verbose_name=_("student"),
    )
    group = models.CharField(_("group"), max_length=50, blank=True, help_text=_("E.g. МБ-21-01."))
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    # An existing account a teacher added by its username: the course's teachers get no rights over it.
    added_existing = models.BooleanField(_("existing account added by username"), default=False, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "student"], name="unique_enrollment")]
        ordering = ["student__full_name", "student__username"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.student} – {self.course}"


class Lecture(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lectures", verbose_name=_("course"))
    position = models.PositiveIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, allow_unicode=True)
    goal = models.TextField(_("goal"), blank=True)
    body = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Shown before the first section. A blank line starts a new paragraph; “- ” starts a list item."),
    )
    body_html = models.TextField(editable=False, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    link_glossary_terms = models.BooleanField(
        _("link glossary terms"),
        default=True,
        help_text=_("Turn words of the course glossary in this lecture into links with their definition."),
    )
    key_terms = models.JSONField(_("key terms"), default=list, blank=True)
    definitions = models.JSONField(_("definitions found in the document"), default=list, blank=True)
    source_name = models.CharField(_("imported from"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["course", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "slug"], name="unique_lecture_slug_per_course")]
        verbose_name = _("lecture")
        verbose_name_plural = _("lectures")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        from courses.rendering import render_markdown

        self.body_html = render_markdown(self.body, self.course.language)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("courses:lecture", args=[self.course.slug, self.slug])

    def clean(self) -> None:
        """A lecture at ``courses/<course>/gradebook/`` would hide the course's gradebook page."""
        from django.core.exceptions import ValidationError

        from courses.importing import reserved_lecture_slugs

        if self.slug in reserved_lecture_slugs():
            raise ValidationError({"slug": _("This address is used by a page of the course; choose another.")})


class Section(models.Model):
    lecture = models.ForeignKey(Lecture, on_delete=models.CASCADE, related_name="sections", verbose_name=_("lecture"))
    position = models.PositiveIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=300, blank=True)
    anchor = models.SlugField(_("anchor"), max_length=80, allow_unicode=True, blank=True)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_("A blank line starts a new paragraph; “- ” starts a list item; **bold** is bold."),
    )
    body_html = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["lecture", "position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title or _("Section %(number)s") % {"number": self.position}

    def save(self, *args, **kwargs):
        from courses.rendering import render_markdown

        if not self.anchor:
            self.anchor = f"section-{self.position}"
        self.body_html = render_markdown(self.body, self.lecture.course.language)
        super().save(*args, **kwargs)


class PlanItem(models.Model):
    """One numbered topic of the lecture plan, linked to the section that covers it."""

    lecture = models.ForeignKey(Lecture, on_delete=models.CASCADE, related_name="plan_items", verbose_name=_("lecture"))
    position = models.PositiveIntegerField(_("position"), default=1)
    title = models.CharField(_("topic"), max_length=300)
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("section")
    )

    class Meta:
        ordering = ["lecture", "position", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class ImportDraft(models.Model):
    """An uploaded lecture document waiting for the teacher to confirm its preview."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    lecture = models.ForeignKey(Lecture, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    title = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lecture upload")

    def __str__(self) -> str:
        return self.file_name


class Failure(models.Model):
    """A wrong password or join code, kept for a while to pause guessing (``courses/throttling.py``)."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("wrong password")
        JOIN_CODE = "join", _("wrong join code")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    # The username as typed (case-folded) for logins, the user's id for join codes.
    account = models.CharField(max_length=150)
    address = models.GenericIPAddressField(null=True, blank=True)
    # The device cookie's id when the attempt came from a device that has signed in to this account before.
    device = models.CharField(max_length=32, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["kind", "account", "at"], name="failure_account"),
            models.Index(fields=["kind", "address", "at"], name="failure_address"),
            models.Index(fields=["kind", "device", "at"], name="failure_device"),
            models.Index(fields=["at"], name="failure_at"),
        ]
        verbose_name = _("failed attempt")
        verbose_name_plural = _("failed attempts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.account} ({self.at:%Y-%m-%d %H:%M})"
