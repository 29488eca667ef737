"""Grading: an answer's points through its question type, and a student's quiz grade from attempts.

Pure functions, no ORM. Each type's own rule is its ``fraction`` in
``quizzes/question_types/``; this module turns it into points (rounded to
hundredths, never below 0 or above the question's points), and combines
attempts by the quiz's grading method.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from quizzes.question_types import get_question_type
from quizzes.question_types.base import HUNDREDTH, ZERO, QuestionSpec, points_for


def grade(question: QuestionSpec, answer: dict | None) -> Decimal | None:
    """Points for one answer; no answer earns nothing.

    None: the answer waits for the teacher's mark (a type ``graded_by_teacher``, such as an essay).
    """
    if not answer:
        return ZERO
    question_type = get_question_type(question.kind)
    if question_type.graded_by_teacher:
        return None
    return points_for(question.points, question_type.fraction(question, answer))


def question_problems(question: QuestionSpec) -> list[str]:
    """Why the question cannot be graded as it stands, for the teacher; empty when it can."""
    return get_question_type(question.kind).problems(question)


# A student's quiz grade from their attempts -----------------------------------------------------------


@dataclass(frozen=True)
class AttemptResult:
    number: int
    score: Decimal
    max_score: Decimal

    @property
    def percent(self) -> Decimal:
        if not self.max_score:
            return ZERO
        return (self.score * 100 / self.max_score).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def quiz_grade(results: Iterable[AttemptResult], method: str) -> Decimal | None:
    """The student's grade in percent by the quiz's grading method; None when nothing was finished."""
    finished: Sequence[AttemptResult] = sorted(results, key=lambda result: result.number)
    if not finished:
        return None
    if method == "highest":
        return max(result.percent for result in finished)
    if method == "first":
        return finished[0].percent
    if method == "last":
        return finished[-1].percent
    if method == "average":
        total = sum((result.percent for result in finished), ZERO)
        return (total / len(finished)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    raise ValueError(f"unknown grading method {method!r}")
