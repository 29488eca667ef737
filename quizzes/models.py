"""Quizzes, their questions and answer options, and students' attempts and responses.

One ``Option`` model serves every question type, so a teacher edits all
answers in one inline: a choice (single, multiple, true/false), an accepted
answer (short text), a pair (matching: ``text`` ↔ ``match``) or an item in
its correct place (ordering: ``position``). What each type means by them is
its module in ``quizzes/question_types/``; starting, saving and submitting
live in ``quizzes/attempts.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes.question_types import kind_choices


class Quiz(models.Model):
    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest grade")
        AVERAGE = "average", _("Average grade")
        FIRST = "first", _("First attempt")
        LAST = "last", _("Last attempt")

    class ReviewShows(models.TextChoices):
        SCORE = "score", _("Score only")
        ANSWERS = "answers", _("Score and the student's answers")
        FULL = "full", _("Score, answers, correct answers and feedback")

    class ReviewWhen(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately after submitting")
        AFTER_CLOSE = "after_close", _("After the quiz closes")

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="quizzes", verbose_name=_("course")
    )
    lecture = models.ForeignKey(
        "courses.Lecture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="quizzes",
        verbose_name=_("lecture"),
    )
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: no time limit.")
    )
    attempts_allowed = models.PositiveIntegerField(_("attempts allowed"), default=1, help_text=_("0: unlimited."))
    grading_method = models.CharField(
        _("grading method"), max_length=10, choices=Grading.choices, default=Grading.HIGHEST
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("50"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    questions_per_attempt = models.PositiveIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        help_text=_("Empty: all questions. Otherwise drawn at random."),
    )
    review_shows = models.CharField(
        _("after submitting, students see"), max_length=10, choices=ReviewShows.choices, default=ReviewShows.FULL
    )
    review_when = models.CharField(
        _("review available"), max_length=12, choices=ReviewWhen.choices, default=ReviewWhen.IMMEDIATELY
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "opens_at", "pk"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:quiz", args=[self.course.slug, self.pk])

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The quiz must close after it opens.")})
        if self.review_when == self.ReviewWhen.AFTER_CLOSE and not self.closes_at:
            raise ValidationError({"closes_at": _("Set when the quiz closes: the review is shown after that.")})

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)

    def review_allowed(self, now=None) -> bool:
        if self.review_when == self.ReviewWhen.IMMEDIATELY:
            return True
        return self.closes_at is not None and (now or timezone.now()) >= self.closes_at


class QuestionQuerySet(models.QuerySet):
    def current(self) -> QuestionQuerySet:
        """The latest version of each question still in use: what new attempts are built from and teachers edit."""
        return self.filter(replaced_by__isnull=True).exclude(status=Question.Status.WITHDRAWN)

    def for_students(self) -> QuestionQuerySet:
        return self.current().filter(status=Question.Status.READY)


class Question(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        READY = "ready", _("Ready")
        # "Deleted" after students saw it: kept for their attempts, out of new ones and the teacher's lists.
        WITHDRAWN = "withdrawn", _("Withdrawn")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions", verbose_name=_("quiz"))
    position = models.PositiveIntegerField(_("position"), default=1)
    # The types are a registry (quizzes/question_types/); a new one needs no migration.
    kind = models.CharField(_("type"), max_length=20, choices=kind_choices, default="single")
    text = models.TextField(_("question"))
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    feedback = models.TextField(_("general feedback"), blank=True, help_text=_("Shown in the review, if allowed."))
    numeric_answer = models.DecimalField(_("correct number"), max_digits=20, decimal_places=6, null=True, blank=True)
    tolerance = models.DecimalField(_("tolerance ±"), max_digits=20, decimal_places=6, default=Decimal("0"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.READY,
        help_text=_("Only ready questions reach students; drafts wait for the teacher's check."),
    )
    # Versions: a question shown in an attempt is never changed again. Editing it saves a new
    # version (the old one points to it), so attempts keep the text, options and points they showed.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    is_frozen = models.BooleanField(default=False, editable=False)  # shown in a student's attempt
    typo_tolerance = models.PositiveSmallIntegerField(
        _("typos forgiven"),
        default=0,
        validators=[MaxValueValidator(2)],
        help_text=_("Short answers: letters that may be wrong, missing or swapped (0–2), in answers of 5+ letters."),
    )
    word_limit = models.PositiveIntegerField(
        _("word limit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Essays: the most words an answer may have. Empty: no limit."),
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["quiz", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text[:80]


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question"))
    position = models.PositiveIntegerField(
        _("position"), default=1, help_text=_("Ordering questions: the item's correct place.")
    )
    text = models.TextField(_("text"), blank=True)
    is_correct = models.BooleanField(_("correct"), default=False)
    match = models.CharField(
        _("matches"), max_length=500, blank=True, help_text=_("Matching questions: the answer paired with the text.")
    )
    feedback = models.CharField(_("feedback"), max_length=500, blank=True)
    # In a newer version of a question: the option of the previous version this one was edited from,
    # so answers move to the newer version by what the option was, even when its text was corrected.
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["question", "position", "pk"]
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")

    def __str__(self) -> str:
        return self.text[:60] or self.match[:60]


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        EXPIRED = "expired", _("Time ran out")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("quiz"))
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts", verbose_name=_("student")
    )
    number = models.PositiveIntegerField(_("attempt"))
    is_preview = models.BooleanField(_("teacher's preview"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("finished"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("out of"), max_digits=8, decimal_places=2, default=Decimal("0"))
    layout = models.JSONField(default=dict, editable=False)  # questions and options in the order shown
    # Teachers never delete attempts: a void keeps it visible, with who and why, and out of the grades.
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voided by"),
    )
    void_reason = models.CharField(_("reason for voiding"), max_length=500, blank=True)
    # An answer the teacher grades (an essay) is not marked yet: the score is not final.
    awaiting_grading = models.BooleanField(_("awaiting grading"), default=False, editable=False)

    class Meta:
        ordering = ["quiz", "student", "number"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "student", "number"], name="unique_attempt_number"),
            # A second click or a second tab can never open a second attempt.
            models.UniqueConstraint(
                fields=["quiz", "student"], condition=models.Q(state="in_progress"), name="one_open_attempt"
            ),
        ]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self) -> str:
        return f"{self.quiz} – {self.student} #{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:attempt", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == self.State.IN_PROGRESS

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

    @property
    def state_label(self) -> str:
        """The state as teachers read it; a void attempt says so, whatever state it ended in."""
        if self.is_void:
            return str(_("Voided"))
        if self.awaiting_grading and not self.is_open:
            return str(_("Awaiting grading"))
        return self.get_state_display()

    @property
    def percent(self) -> Decimal | None:
        """The same rounding as the gradebook (``quizzes.grading.AttemptResult.percent``)."""
        from quizzes.grading import AttemptResult

        if self.score is None or not self.max_score:
            return None
        return AttemptResult(self.number, self.score, self.max_score).percent

    @property
    def score_is_final(self) -> bool:
        """Finished, and every answer the teacher grades is marked."""
        return not self.is_open and not self.awaiting_grading

    @property
    def question_ids(self) -> list[int]:
        return list(self.layout.get("questions", []))


class Response(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses", verbose_name=_("attempt"))
    # A question that has been answered cannot be deleted on its own: graded work is never lost.
    question = models.ForeignKey(
        Question, on_delete=models.RESTRICT, related_name="responses", verbose_name=_("question")
    )
    answer = models.JSONField(_("answer"), default=dict)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    saved_at = models.DateTimeField(_("saved"), auto_now=True)
    # The teacher's mark of an answer graded by hand (an essay): a regrade never overwrites it.
    teacher_points = models.DecimalField(_("teacher's mark"), max_digits=6, decimal_places=2, null=True, blank=True)
    teacher_comment = models.TextField(_("teacher's comment"), blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked by"),
    )
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="one_response_per_question")]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.attempt} – {self.question_id}"
