"""Essays: free text with an optional word limit, marked by the teacher; the score is pending until then."""

import csv
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from quizzes import attempts, gradebook, marking
from quizzes.grading import grade
from quizzes.models import Attempt, Question, Response
from quizzes.question_types import get_question_type
from quizzes.question_types.base import InvalidAnswer, QuestionSpec, QuestionView
from quizzes.question_types.essay import MAX_ESSAY_CHARACTERS, word_count
from tests.factories import QuestionFactory, QuizFactory, make_course, make_user

pytestmark = pytest.mark.django_db
D = Decimal
ESSAY = get_question_type("essay")
ANSWER = "Өзін-өзі басқару органдары сайланады, ал басқару органдары тағайындалады."


def essay_view(word_limit=None) -> QuestionView:
    return QuestionView(Question(kind="essay", text="?", points=D(4), word_limit=word_limit))


@pytest.fixture
def course(teacher, student):
    return make_course(teachers=[teacher], students=[student], slug="essays")


@pytest.fixture
def quiz(course):
    quiz = QuizFactory(course=course, is_published=True, title="Эссе")
    QuestionFactory(quiz=quiz, kind="single", position=1, points=D(2))
    QuestionFactory(quiz=quiz, kind="essay", position=2, points=D(4), word_limit=20)
    return quiz


def submitted(quiz, student, essay=ANSWER) -> Attempt:
    attempt = attempts.start_attempt(quiz, student)
    views = {view.question.kind: view for view in attempts.question_views(attempt)}
    single = views["single"]
    right = next(index for index, option in enumerate(single.options) if option.is_correct)
    attempts.save_answers(attempt, {single.key: str(right), views["essay"].key: essay})
    return attempts.finish(attempt)


def essay_response(attempt) -> Response:
    return attempt.responses.select_related("question").get(question__kind="essay")


# The type ---------------------------------------------------------------------------------------------------


def test_words_are_counted_as_a_reader_counts_them():
    assert word_count("") == 0
    assert word_count("  Өзін-өзі   басқару,\nжергілікті — деңгейде. 2024 ж. ") == 6
    assert word_count("қазақ тілі’нің") == 2


def test_a_text_over_the_word_limit_is_kept_and_said_to_be_too_long():
    view = essay_view(word_limit=3)
    assert ESSAY.clean(view, "  бір екі үш  ") == {"text": "бір екі үш"}
    assert not ESSAY.form_state(view, {"text": "бір екі үш"})["over_limit"]
    assert ESSAY.clean(view, "бір екі үш төрт") == {"text": "бір екі үш төрт"}, "never thrown away"
    state = ESSAY.form_state(view, {"text": "бір екі үш төрт"})
    assert state["over_limit"] and state["words"] == 4
    assert not ESSAY.form_state(essay_view(), {"text": "бір екі үш төрт"})["over_limit"], "no limit set"


def test_an_essay_has_a_sane_length_and_must_be_text():
    view = essay_view()
    assert ESSAY.clean(view, "а" * MAX_ESSAY_CHARACTERS)
    with pytest.raises(InvalidAnswer):
        ESSAY.clean(view, "а" * (MAX_ESSAY_CHARACTERS + 1))
    with pytest.raises(InvalidAnswer):
        ESSAY.clean(view, ["бір"])
    assert ESSAY.clean(view, "   ") == {}
    assert ESSAY.clean(view, "бір\r\nекі") == {"text": "бір\nекі"}


def test_no_rule_grades_an_essay():
    spec = QuestionSpec(kind="essay", points=D(4))
    assert ESSAY.graded_by_teacher and not get_question_type("single").graded_by_teacher
    assert grade(spec, {"text": ANSWER}) is None, "it waits for the teacher"
    assert grade(spec, {}) == 0, "no answer earns nothing, and needs no mark"


# Attempts and marks --------------------------------------------------------------------------------------------


def test_an_attempt_with_an_essay_awaits_grading_until_it_is_marked(quiz, student, teacher):
    attempt = submitted(quiz, student)
    assert attempt.awaiting_grading and not attempt.score_is_final
    assert attempt.score == D(2) and attempt.max_score == D(6)
    assert essay_response(attempt).points is None
    assert attempts.student_grade(quiz, [attempt]) is None, "no grade from a score that is not final"

    attempt = marking.mark(essay_response(attempt), D("3.5"), " Жақсы, бірақ мысал жоқ. ", acting_user=teacher)
    assert not attempt.awaiting_grading and attempt.score == D("5.5")
    response = essay_response(attempt)
    assert response.points == response.teacher_points == D("3.5")
    assert response.teacher_comment == "Жақсы, бірақ мысал жоқ." and response.marked_by == teacher
    assert response.marked_at is not None
    entries = LogEntry.objects.filter(additional_data__event="marked", additional_data__course=quiz.course_id)
    assert {entry.actor for entry in entries} == {teacher}
    changes = [entry.changes_dict for entry in entries]
    assert {"teacher_points": [None, "3.5"]}.items() <= next(c for c in changes if "teacher_points" in c).items()
    assert next(c for c in changes if "score" in c)["score"] == ["2.00", "5.50"]


def test_an_unanswered_essay_needs_no_mark(quiz, student):
    attempt = submitted(quiz, student, essay="")
    assert not attempt.awaiting_grading and attempt.score == D(2)


def test_a_regrade_never_overwrites_the_teachers_mark(quiz, student, teacher):
    attempt = submitted(quiz, student)
    marking.mark(essay_response(attempt), D(4), "", acting_user=teacher)
    Question.objects.filter(pk=essay_response(attempt).question_id).update(word_limit=1)
    [change] = attempts.regrade([quiz], acting_user=teacher) or [None]
    assert change is None, "nothing changed"
    attempt.refresh_from_db()
    assert attempt.score == D(6) and not attempt.awaiting_grading
    assert essay_response(attempt).points == D(4)


def test_marks_must_fit_the_question_and_come_from_its_teachers(quiz, student, teacher):
    attempt = submitted(quiz, student)
    response = essay_response(attempt)
    for wrong in (D("-1"), D("4.01"), D("NaN")):
        with pytest.raises(marking.MarkError):
            marking.mark(response, wrong, acting_user=teacher)
    single = attempt.responses.get(question__kind="single")
    with pytest.raises(marking.MarkError):
        marking.mark(single, D(1), acting_user=teacher)
    with pytest.raises(PermissionDenied):
        marking.mark(response, D(1), acting_user=make_user("teacher"))
    assert essay_response(attempt).teacher_points is None
    assert not LogEntry.objects.filter(additional_data__event="marked").exists()


def test_an_open_attempt_cannot_be_marked(quiz, student, teacher):
    attempt = attempts.start_attempt(quiz, student)
    essay = next(view for view in attempts.question_views(attempt) if view.question.kind == "essay")
    attempts.save_answers(attempt, {essay.key: ANSWER})
    with pytest.raises(marking.MarkError):
        marking.mark(attempt.responses.get(), D(1), acting_user=teacher)


# The gradebook -------------------------------------------------------------------------------------------------


def test_the_gradebook_shows_a_pending_grade_until_every_essay_is_marked(quiz, student, teacher, teacher_client):
    attempt = submitted(quiz, student)
    [row] = gradebook.rows_for_page(quiz.course, [quiz], [student])
    assert row.cells[0].pending and row.cells[0].grade is None and row.pending and row.total is None
    export = teacher_client.get(reverse("quizzes:gradebook_export", args=[quiz.course.slug]))
    lines = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert lines[1][-2:] == [gradebook.PENDING, gradebook.PENDING]
    attempts_export = teacher_client.get(reverse("quizzes:attempts_export", args=[quiz.course.slug, quiz.pk]))
    line = list(csv.reader(io.StringIO(b"".join(attempts_export.streaming_content).decode("utf-8-sig"))))[1]
    assert line[6] == gradebook.PENDING and line[8] == gradebook.PENDING
    page = teacher_client.get(reverse("quizzes:gradebook", args=[quiz.course.slug])).content.decode()
    assert 'data-pending="1"' in page

    marking.mark(essay_response(attempt), D(4), "", acting_user=teacher)
    [row] = gradebook.rows_for_page(quiz.course, [quiz], [student])
    assert not row.cells[0].pending and row.cells[0].grade == D(100) and row.total == D(100)


def test_the_student_sees_awaiting_grading_then_the_mark_and_comment(quiz, student, teacher, student_client):
    attempt = submitted(quiz, student)
    review = BeautifulSoup(student_client.get(reverse("quizzes:review", args=[attempt.pk])).content, "html.parser")
    assert review.select_one("#awaiting-grading") and review.select_one(".awaiting-grading")
    grades = BeautifulSoup(
        student_client.get(reverse("quizzes:my_grades", args=[quiz.course.slug])).content, "html.parser"
    )
    assert grades.select_one("#my-grades .awaiting-grading")

    marking.mark(essay_response(attempt), D(3), "Мысал келтіріңіз.", acting_user=teacher)
    review = BeautifulSoup(student_client.get(reverse("quizzes:review", args=[attempt.pk])).content, "html.parser")
    assert not review.select_one("#awaiting-grading") and not review.select_one(".awaiting-grading")
    assert review.select_one(".teacher-mark")["data-teacher-points"] == "3.00"
    assert "Мысал келтіріңіз." in review.select_one(".teacher-mark").get_text()
    grades = BeautifulSoup(
        student_client.get(reverse("quizzes:my_grades", args=[quiz.course.slug])).content, "html.parser"
    )
    assert grades.select_one("#my-grades td[data-grade]")["data-grade"] == "83.33"


# The grading page ----------------------------------------------------------------------------------------------


def grading_url(quiz, **query) -> str:
    url = reverse("admin:quizzes_quiz_grade_essays", args=[quiz.pk])
    return f"{url}?names=1" if query.get("names") else url


def test_the_quiz_page_links_to_the_grading_page_with_the_count(quiz, student, teacher_client):
    submitted(quiz, student)
    page = BeautifulSoup(
        teacher_client.get(reverse("admin:quizzes_quiz_change", args=[quiz.pk])).content, "html.parser"
    )
    link = page.select_one("#grade-essays-link")
    assert link["href"] == grading_url(quiz) and "1" in link.get_text()


def test_the_grading_page_is_anonymous_unless_asked(quiz, teacher_client, english_client):
    writers = [make_user("student", username=f"writer{number}", full_name=f"Жазушы {number}") for number in (1, 2)]
    for writer in writers:
        quiz.course.enrollments.create(student=writer)
        submitted(quiz, writer)
    page = teacher_client.get(grading_url(quiz)).content.decode()
    assert ANSWER in page
    assert not any(writer.full_name in page or writer.username in page for writer in writers)
    soup = BeautifulSoup(page, "html.parser")
    assert [heading.get_text(strip=True) for heading in soup.select("h3.student")] == ["Student 1", "Student 2"]
    named = teacher_client.get(grading_url(quiz, names=True)).content.decode()
    assert all(writer.full_name in named for writer in writers)


def test_another_courses_teacher_gets_a_404(quiz, student):
    submitted(quiz, student)
    client = Client()
    client.force_login(make_user("teacher"))
    assert client.get(grading_url(quiz)).status_code == 404
    assert client.post(grading_url(quiz), {}).status_code == 404


def test_a_mark_out_of_range_saves_nothing_and_says_why(quiz, student, teacher_client, english_client):
    first = submitted(quiz, student)
    other = make_user("student")
    quiz.course.enrollments.create(student=other)
    second = submitted(quiz, other)
    one, two = essay_response(first), essay_response(second)
    response = teacher_client.post(grading_url(quiz), {f"mark-{one.pk}": "3", f"mark-{two.pk}": "5"})
    assert response.status_code == 200
    assert any("between 0 and 4" in str(message) for message in response.context["messages"])
    assert not Response.objects.filter(teacher_points__isnull=False).exists()
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(f"#mark-{one.pk}")["value"] == "3", "what the teacher typed stays"


def test_marks_saved_in_one_post_update_the_gradebook_and_the_audit_trail(quiz, student, teacher, teacher_client):
    first = submitted(quiz, student)
    other = make_user("student")
    quiz.course.enrollments.create(student=other)
    second = submitted(quiz, other)
    one, two = essay_response(first), essay_response(second)
    response = teacher_client.post(
        grading_url(quiz), {f"mark-{one.pk}": "4", f"comment-{one.pk}": "Тамаша.", f"mark-{two.pk}": ""}
    )
    assert response.status_code == 302 and response.url == grading_url(quiz)
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.teacher_points == D(4) and one.teacher_comment == "Тамаша." and one.marked_by == teacher
    assert two.teacher_points is None, "an empty mark keeps waiting"
    [row] = gradebook.rows_for_page(quiz.course, [quiz], [student])
    assert row.cells[0].grade == D(100)
    [row] = gradebook.rows_for_page(quiz.course, [quiz], [other])
    assert row.cells[0].pending
    assert LogEntry.objects.filter(additional_data__event="marked", additional_data__course=quiz.course_id).exists()
    page = BeautifulSoup(teacher_client.get(grading_url(quiz)).content, "html.parser")
    assert [fieldset["data-response"] for fieldset in page.select("fieldset[data-response]")] == [str(two.pk)]
