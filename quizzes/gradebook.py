"""The course gradebook: the one place a student's quiz grades are computed.

The teacher's page, the CSV and xlsx exports and the student's "my grades"
page all take their numbers from ``GradebookRow``, built here from
``quizzes.grading.quiz_grade``, so they can never disagree.

A quiz with an attempt awaiting the teacher's marks (an essay not marked
yet) has no grade yet: its cell is *pending*, and so is the row's total;
the exports write ``PENDING`` there rather than a number.

Rows stream: students and their finished attempts are read with two
server-side cursors in the same order (Kazakh alphabetical by name) and
merged, so exporting 5,000 students × 40 quizzes runs a fixed number of
queries in little memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from courses.spreadsheets import EXCEL_BOM, safe_cell
from courses.spreadsheets import xlsx_bytes as xlsx_bytes  # the views' xlsx writer, shared by every export
from quizzes.grading import AttemptResult, quiz_grade
from quizzes.models import Attempt, Quiz

HUNDREDTH = Decimal("0.01")
CHUNK = 2000
DELIMITERS = {"comma": ",", "semicolon": ";"}
PENDING = "pending"  # the exports' marker for a grade that waits for the teacher's marks


@dataclass
class QuizCell:
    grade: Decimal | None  # percent by the quiz's grading method; None: no finished attempt, or pending
    attempts: int = 0
    pending: bool = False  # an attempt awaits the teacher's marks: no grade until they are given

    @property
    def exported(self) -> Decimal | str | None:
        return PENDING if self.pending else self.grade


@dataclass
class GradebookRow:
    student_id: int
    username: str
    full_name: str
    email: str
    group: str
    cells: list[QuizCell] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        return any(cell.pending for cell in self.cells)

    @property
    def total(self) -> Decimal | None:
        """Course percentage: the mean over all published quizzes, a missing quiz counting 0; None while pending."""
        if self.pending or not self.cells or all(cell.grade is None for cell in self.cells):
            return None
        total = sum((cell.grade or Decimal(0) for cell in self.cells), Decimal(0))
        return (total / len(self.cells)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def gradebook_quizzes(course) -> list[Quiz]:
    return list(Quiz.objects.filter(course=course, is_published=True).order_by("opens_at", "pk"))


def enrolled_students(course, *, search: str = "", group: str = "") -> QuerySet:
    """The course's students in Kazakh alphabetical order of their names, optionally filtered."""
    from courses.models import Enrollment
    from courses.text import normalize

    enrollments = Enrollment.objects.filter(course=course, student__is_staff=False)
    if group:
        enrollments = enrollments.filter(group=group)
    students = get_user_model().objects.filter(pk__in=enrollments.values("student_id"))
    if search:
        students = students.filter(name_search__contains=normalize(search))
    return students.order_by("name_sort_key", "pk")


def _finished_attempts(course, quizzes: list[Quiz], student_filter: Q) -> QuerySet:
    return (
        Attempt.objects.filter(quiz__in=quizzes, is_preview=False, score__isnull=False, voided_at__isnull=True)
        .exclude(state=Attempt.State.IN_PROGRESS)
        .filter(student_filter)
        .order_by("student__name_sort_key", "student_id", "quiz_id", "number")
        .values_list("student_id", "quiz_id", "number", "score", "max_score", "awaiting_grading")
    )


def _cells(quizzes: list[Quiz], attempts: Iterable[tuple]) -> list[QuizCell]:
    by_quiz: dict[int, list[AttemptResult]] = {}
    pending: set[int] = set()
    for _student, quiz_id, number, score, max_score, awaiting_grading in attempts:
        by_quiz.setdefault(quiz_id, []).append(AttemptResult(number, score, max_score))
        if awaiting_grading:
            pending.add(quiz_id)
    return [
        QuizCell(
            grade=None if quiz.pk in pending else quiz_grade(by_quiz.get(quiz.pk, []), quiz.grading_method),
            attempts=len(by_quiz.get(quiz.pk, [])),
            pending=quiz.pk in pending,
        )
        for quiz in quizzes
    ]


def rows(course, quizzes: list[Quiz], students: QuerySet) -> Iterator[GradebookRow]:
    """One row per student of ``students`` (ordered by name), merged with their attempts in one pass."""
    groups = dict(course.enrollments.values_list("student_id", "group"))
    student_rows = students.values_list("pk", "username", "full_name", "email").iterator(chunk_size=CHUNK)
    attempts = _finished_attempts(course, quizzes, Q(student__in=students.values("pk"))).iterator(chunk_size=CHUNK)
    grouped = groupby(attempts, key=lambda attempt: attempt[0])
    pending = next(grouped, None)
    for pk, username, full_name, email in student_rows:
        mine: list[tuple] = []
        if pending is not None and pending[0] == pk:
            mine = list(pending[1])
            pending = next(grouped, None)
        yield GradebookRow(pk, username, full_name, email, groups.get(pk, ""), _cells(quizzes, mine))


def rows_for_page(course, quizzes: list[Quiz], students: list) -> list[GradebookRow]:
    """Rows for one page of already-fetched students (two queries)."""
    ids = [student.pk for student in students]
    groups = dict(course.enrollments.filter(student_id__in=ids).values_list("student_id", "group"))
    attempts: dict[int, list[tuple]] = {}
    for attempt in _finished_attempts(course, quizzes, Q(student_id__in=ids)):
        attempts.setdefault(attempt[0], []).append(attempt)
    return [
        GradebookRow(
            student.pk,
            student.username,
            student.full_name,
            student.email,
            groups.get(student.pk, ""),
            _cells(quizzes, attempts.get(student.pk, [])),
        )
        for student in students
    ]


def student_row(course, student) -> GradebookRow:
    return rows_for_page(course, gradebook_quizzes(course), [student])[0]


# Exports ---------------------------------------------------------------------------------------------------


def number(value: Decimal | None, decimal_separator: str = ".") -> str | Decimal:
    if value is None:
        return ""
    return value if decimal_separator == "." else str(value).replace(".", decimal_separator)


def course_table(course, quizzes: list[Quiz], students: QuerySet) -> Iterator[list]:
    yield ["full name", "username", "email", "group", *(quiz.title for quiz in quizzes), "total %"]
    for row in rows(course, quizzes, students):
        yield [
            row.full_name,
            row.username,
            row.email,
            row.group,
            *(cell.exported for cell in row.cells),
            PENDING if row.pending else row.total,
        ]


def quiz_table(quiz: Quiz) -> Iterator[list]:
    yield [
        "full name",
        "username",
        "attempt",
        "started",
        "submitted",
        "duration (min)",
        "score",
        "max",
        "percent",
        "state",
    ]
    attempts = (
        Attempt.objects.filter(quiz=quiz, is_preview=False)
        .select_related("student")
        .order_by("student__name_sort_key", "student_id", "number")
        .iterator(chunk_size=CHUNK)
    )
    for attempt in attempts:
        duration = None
        if attempt.submitted_at:
            duration = Decimal((attempt.submitted_at - attempt.started_at).total_seconds() / 60).quantize(HUNDREDTH)
        yield [
            attempt.student.full_name,
            attempt.student.username,
            attempt.number,
            attempt.started_at,
            attempt.submitted_at,
            duration,
            PENDING if attempt.awaiting_grading else attempt.score,
            attempt.max_score,
            PENDING if attempt.awaiting_grading else attempt.percent,
            attempt.state_label,
        ]


def csv_lines(table: Iterable[list], *, delimiter: str = ",", decimal_separator: str = ".") -> Iterator[str]:
    """CSV text line by line with a BOM first (Excel then reads UTF-8); text cells cannot start a formula.

    The xlsx export of the same table is ``courses.spreadsheets.xlsx_bytes``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    yield EXCEL_BOM
    for values in table:
        writer.writerow(
            [number(value, decimal_separator) if isinstance(value, Decimal) else safe_cell(value) for value in values]
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
