"""Teacher gradebook, exports, quiz results and statistics; the student's own grades."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from courses import access
from courses.models import Course
from courses.text import normalize
from quizzes import gradebook, statistics
from quizzes.attempts import close_expired_attempts
from quizzes.models import Attempt, Quiz

PAGE_SIZE = 50


def _taught_course(request, slug: str) -> Course:
    """A course the user teaches; anyone else gets a 404, as if it did not exist."""
    return get_object_or_404(access.taught_courses(request.user), slug=slug)


def _file_name(*parts: str, extension: str) -> str:
    return "-".join([*parts, timezone.localdate().isoformat()]) + f".{extension}"


def _download(table, name: str, request) -> HttpResponse | StreamingHttpResponse:
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            gradebook.xlsx_bytes(table, name),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = content_disposition_header(True, _file_name(name, extension="xlsx"))
        return response
    delimiter = gradebook.DELIMITERS.get(request.GET.get("delimiter", "comma"), ",")
    decimal_separator = "," if request.GET.get("decimal") == "comma" else "."
    response = StreamingHttpResponse(
        gradebook.csv_lines(table, delimiter=delimiter, decimal_separator=decimal_separator),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, _file_name(name, extension="csv"))
    return response


@never_cache
@login_required
def course_gradebook(request, slug: str):
    course = _taught_course(request, slug)
    quizzes = gradebook.gradebook_quizzes(course)
    close_expired_attempts(quizzes=quizzes)
    search = request.GET.get("q", "").strip()[:100]
    group = request.GET.get("group", "").strip()[:50]
    students = gradebook.enrolled_students(course, search=search, group=group)
    page = Paginator(students.only("pk", "username", "full_name", "email"), PAGE_SIZE).get_page(request.GET.get("page"))
    groups = sorted(set(course.enrollments.exclude(group="").values_list("group", flat=True)))
    return render(
        request,
        "quizzes/gradebook.html",
        {
            "course": course,
            "quizzes": quizzes,
            "page": page,
            "rows": gradebook.rows_for_page(course, quizzes, list(page.object_list)),
            "search": search,
            "group": group,
            "groups": groups,
        },
    )


@never_cache
@login_required
def course_gradebook_export(request, slug: str):
    course = _taught_course(request, slug)
    quizzes = gradebook.gradebook_quizzes(course)
    close_expired_attempts(quizzes=quizzes)
    table = gradebook.course_table(course, quizzes, gradebook.enrolled_students(course))
    return _download(table, course.slug, request)


@never_cache
@login_required
def quiz_attempts_export(request, slug: str, quiz_id: int):
    course = _taught_course(request, slug)
    quiz = get_object_or_404(Quiz, course=course, pk=quiz_id)
    close_expired_attempts(quizzes=[quiz])
    return _download(gradebook.quiz_table(quiz), f"{course.slug}-quiz-{quiz.pk}", request)


@never_cache
@login_required
def my_grades(request, slug: str):
    course = get_object_or_404(
        access.visible_courses(request.user).filter(enrollments__student=request.user), slug=slug
    )
    quizzes = gradebook.gradebook_quizzes(course)
    row = gradebook.rows_for_page(course, quizzes, [request.user])[0]
    hidden = {quiz.pk for quiz in quizzes if not quiz.review_allowed()}
    items = [(quiz, cell, quiz.pk not in hidden) for quiz, cell in zip(quizzes, row.cells, strict=True)]
    return render(
        request, "quizzes/my_grades.html", {"course": course, "row": row, "items": items, "total_shown": not hidden}
    )


@never_cache
@login_required
def quiz_results(request, slug: str, quiz_id: int):
    course = _taught_course(request, slug)
    quiz = get_object_or_404(Quiz, course=course, pk=quiz_id)
    close_expired_attempts(quizzes=[quiz])
    attempts = Attempt.objects.filter(quiz=quiz, is_preview=False).select_related("student")
    state = request.GET.get("state", "")
    if state in Attempt.State.values:
        attempts = attempts.filter(state=state)
    search = request.GET.get("q", "").strip()[:100]
    if search:
        attempts = attempts.filter(student__name_search__contains=normalize(search))
    page = Paginator(attempts.order_by("student__name_sort_key", "student_id", "number"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    report = statistics.quiz_report(quiz)
    bands = report.bands
    tallest = max(bands) or 1
    return render(
        request,
        "quizzes/results.html",
        {
            "course": course,
            "quiz": quiz,
            "page": page,
            "state": state,
            "search": search,
            "states": Attempt.State.choices,
            "bands": [
                {
                    "start": index * 10,
                    "end": index * 10 + 10,
                    "count": count,
                    "x": index * 42 + 2,
                    "height": count * 90 // tallest,
                    "y": 110 - count * 90 // tallest,
                    "label_y": 106 - count * 90 // tallest,
                }
                for index, count in enumerate(bands)
            ],
            "finished_count": report.finished_count,
            "rows": [(row.question, row.item, row.choices) for row in report.questions],
        },
    )
