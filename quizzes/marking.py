"""The teacher's marks for answers no rule can grade (essays: types ``graded_by_teacher``).

A mark is stored on the response (``teacher_points``, ``teacher_comment``,
who and when), written to the audit trail under the course, and the
attempt's score is recomputed at once: when its last essay is marked the
attempt stops ``awaiting_grading`` and its score is final. A regrade keeps
the teacher's marks (``quizzes.attempts.grade_attempt``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import access, audit
from quizzes.attempts import grade_attempt
from quizzes.models import Attempt, Quiz, Response
from quizzes.question_types import question_types

MAX_COMMENT = 5000


class MarkError(Exception):
    """A mark that cannot be stored; the message is for the teacher."""


@dataclass(frozen=True)
class Mark:
    response: Response
    points: Decimal
    comment: str = ""


def teacher_graded_kinds() -> list[str]:
    return [question_type.code for question_type in question_types() if question_type.graded_by_teacher]


def waiting_responses(quiz: Quiz) -> QuerySet[Response]:
    """Answers of the quiz's finished, counted attempts that wait for the teacher's mark, by question then time."""
    return (
        Response.objects.filter(
            attempt__quiz=quiz,
            attempt__is_preview=False,
            attempt__voided_at__isnull=True,
            question__kind__in=teacher_graded_kinds(),
            teacher_points__isnull=True,
            points__isnull=True,  # grade_attempt leaves an answer it cannot grade without points
        )
        .exclude(attempt__state=Attempt.State.IN_PROGRESS)
        .select_related("question", "attempt__student")
        .order_by("question__position", "question_id", "attempt__submitted_at", "pk")
    )


def check(mark: Mark) -> None:
    """MarkError unless the mark fits its question (0 to the question's points) and its response can be marked."""
    question = mark.response.question
    if question.kind not in teacher_graded_kinds():
        raise MarkError(_("This answer is graded automatically."))
    if not isinstance(mark.points, Decimal) or not mark.points.is_finite():
        raise MarkError(_("The mark must be a number."))
    if not Decimal(0) <= mark.points <= question.points:
        raise MarkError(
            _("The mark must be between 0 and %(points)s.") % {"points": f"{question.points.normalize():f}"}
        )
    if len(mark.comment) > MAX_COMMENT:
        raise MarkError(_("The comment is too long (at most %(max)d characters).") % {"max": MAX_COMMENT})


def mark(response: Response, points: Decimal, comment: str = "", *, acting_user) -> Attempt:
    """Store one mark; returns the attempt with its recomputed score."""
    return mark_many([Mark(response, points, comment)], acting_user=acting_user)[0]


@transaction.atomic
def mark_many(marks: Iterable[Mark], *, acting_user) -> list[Attempt]:
    """Store the marks all or nothing (MarkError names the first that does not fit); returns the attempts rescored."""
    marks = list(marks)
    for one in marks:
        check(one)
    attempt_ids = sorted({one.response.attempt_id for one in marks})
    attempts = {
        attempt.pk: attempt
        for attempt in Attempt.objects.select_for_update().select_related("quiz__course").filter(pk__in=attempt_ids)
    }
    for attempt in attempts.values():
        if not access.teaches(acting_user, attempt.quiz.course):
            raise PermissionDenied
        if attempt.is_open:
            raise MarkError(_("This attempt is still in progress."))
    now = timezone.now()
    old_scores = {pk: attempt.score for pk, attempt in attempts.items()}
    for one in marks:
        response = Response.objects.select_for_update().get(pk=one.response.pk)
        before = {"teacher_points": response.teacher_points, "teacher_comment": response.teacher_comment}
        response.teacher_points = one.points
        response.teacher_comment = one.comment.strip()
        response.marked_by = acting_user
        response.marked_at = now
        response.save(update_fields=["teacher_points", "teacher_comment", "marked_by", "marked_at"])
        attempt = attempts[response.attempt_id]
        audit.record(
            acting_user,
            audit.Event.MARKED,
            attempt,
            course=attempt.quiz.course,
            before={"question": response.question_id, **before},
            after={
                "question": response.question_id,
                "teacher_points": response.teacher_points,
                "teacher_comment": response.teacher_comment,
            },
        )
    for attempt in attempts.values():
        attempt.score = grade_attempt(attempt)
        attempt.save(update_fields=["score", "max_score", "awaiting_grading"])
        if old_scores[attempt.pk] != attempt.score:
            audit.record(
                acting_user,
                audit.Event.MARKED,
                attempt,
                course=attempt.quiz.course,
                before={"score": old_scores[attempt.pk]},
                after={"score": attempt.score, "awaiting_grading": attempt.awaiting_grading},
            )
    return [attempts[pk] for pk in attempt_ids]
