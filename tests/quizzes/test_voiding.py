"""Teachers never delete attempts: they void them with a reason, and the attempt stays, out of the grades."""

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from quizzes import attempts, gradebook
from quizzes.models import Attempt, Question, Response
from tests.quizzes.conftest import correct_answers, mark_essays_fully

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished(quiz, student, teacher):
    quiz.is_published = True
    quiz.save()
    attempt = attempts.start_attempt(quiz, student)
    attempts.save_answers(attempt, correct_answers(attempt))
    attempts.finish(attempt)
    mark_essays_fully(attempt, teacher)
    return attempt


def void(client, attempt, reason="Списал на экзамене"):
    return client.post(
        reverse("admin:quizzes_attempt_changelist"),
        {"action": "void", ACTION_CHECKBOX_NAME: [attempt.pk], "apply": "1", "reason": reason},
    )


def test_a_teacher_voids_an_attempt_with_a_reason(teacher_client, finished, teacher):
    page = teacher_client.post(
        reverse("admin:quizzes_attempt_changelist"), {"action": "void", ACTION_CHECKBOX_NAME: [finished.pk]}
    )
    assert page.status_code == 200 and "reason" in page.context["form"].fields
    assert void(teacher_client, finished).status_code == 302
    finished.refresh_from_db()
    assert finished.is_void and finished.voided_by == teacher and finished.void_reason == "Списал на экзамене"
    assert finished.score == finished.max_score, "the attempt and its score stay as they were"
    entry = LogEntry.objects.get(additional_data__event="attempt_voided")
    assert entry.additional_data["reason"] == "Списал на экзамене"
    assert entry.additional_data["course"] == finished.quiz.course_id


def test_a_void_needs_a_reason(teacher_client, finished):
    response = void(teacher_client, finished, reason="")
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    finished.refresh_from_db()
    assert not finished.is_void


def test_a_voided_attempt_leaves_the_grades_but_stays_in_the_results(teacher_client, finished, student):
    course, quiz = finished.quiz.course, finished.quiz
    [row] = gradebook.rows_for_page(course, [quiz], [student])
    assert row.cells[0].grade == Decimal(100)
    void(teacher_client, finished)
    [row] = gradebook.rows_for_page(course, [quiz], [student])
    assert row.cells[0].grade is None
    results = teacher_client.get(reverse("quizzes:results", args=[course.slug, quiz.pk]))
    cells = [cell.get_text(" ", strip=True) for cell in BeautifulSoup(results.content, "html.parser").select("td")]
    assert any("Списал на экзамене" in cell for cell in cells)


def test_teachers_cannot_delete_attempts_or_graded_work(teacher_client, finished):
    assert teacher_client.get(reverse("admin:quizzes_attempt_delete", args=[finished.pk])).status_code == 403
    response = teacher_client.post(
        reverse("admin:quizzes_attempt_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [finished.pk], "post": "yes"},
    )
    assert Attempt.objects.filter(pk=finished.pk).exists(), response.status_code
    question = Question.objects.filter(responses__attempt=finished).first()
    teacher_client.post(reverse("admin:quizzes_question_delete", args=[question.pk]), {"post": "yes"})
    teacher_client.post(reverse("admin:quizzes_quiz_delete", args=[finished.quiz_id]), {"post": "yes"})
    assert Attempt.objects.filter(pk=finished.pk).exists()
    assert Response.objects.filter(attempt=finished, question=question).exists()


def test_an_administrator_may_delete(admin_client, finished):
    admin_client.post(reverse("admin:quizzes_attempt_delete", args=[finished.pk]), {"post": "yes"})
    assert not Attempt.objects.filter(pk=finished.pk).exists()


def test_regrading_is_audited(teacher_client, finished):
    question = Question.objects.get(pk=finished.question_ids[0])
    question.points = question.points + 1
    question.save()
    teacher_client.post(
        reverse("admin:quizzes_quiz_changelist"), {"action": "regrade", ACTION_CHECKBOX_NAME: [finished.quiz_id]}
    )
    entry = LogEntry.objects.get(additional_data__event="regraded")
    before, after = entry.changes_dict["score"]
    assert Decimal(after) == Decimal(before) + 1


def test_the_student_sees_the_attempt_is_voided_and_why(teacher_client, finished, student):
    from django.test import Client

    void(teacher_client, finished)
    own = Client()
    own.force_login(student)
    review = own.get(reverse("quizzes:review", args=[finished.pk])).content.decode()
    assert "Списал на экзамене" in review
    detail = own.get(finished.quiz.get_absolute_url()).content.decode()
    assert "Списал на экзамене" in detail
