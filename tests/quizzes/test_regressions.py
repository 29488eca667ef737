"""Cases found by trying the quizzes as students and teachers would."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from quizzes import attempts
from quizzes.grading import AttemptResult
from quizzes.models import Attempt, Quiz, Response
from quizzes.question_types import question_types
from quizzes.question_types.numeric import parse_number
from tests.factories import make_user
from tests.quizzes.conftest import automatic_points, correct_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def attempt(quiz, student):
    return attempts.start_attempt(quiz, student)


def key_of(attempt, kind):
    return str(attempt.quiz.questions.get(kind=kind).pk)


def test_an_absurd_number_is_no_answer_and_no_crash(student_client, attempt):
    assert parse_number("9e9999999") is None
    numeric = key_of(attempt, "numeric")
    url = reverse("quizzes:autosave", args=[attempt.pk])
    student_client.post(url, json.dumps({"answers": {numeric: "9e9999999"}}), content_type="application/json")
    assert student_client.post(reverse("quizzes:submit", args=[attempt.pk])).status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED


def test_a_stale_tab_does_not_blank_answers_saved_elsewhere(student_client, attempt):
    attempts.save_answers(attempt, correct_answers(attempt))
    single = key_of(attempt, "single")
    response = student_client.post(reverse("quizzes:attempt_post", args=[attempt.pk]), {f"q{single}": "1", "save": "1"})
    assert response.status_code == 302
    answers = attempts.saved_answers(attempt)
    assert all(answers.values()), "answers left empty in the stale form were kept"
    assert len(answers) == len(question_types())


def test_ordering_places_must_differ_without_javascript(student_client, attempt):
    ordering = key_of(attempt, "ordering")
    form = {f"q{ordering}-{item}": "1" for item in range(5)}
    response = student_client.post(reverse("quizzes:attempt_post", args=[attempt.pk]), form, follow=True)
    assert not Response.objects.filter(attempt=attempt, question_id=ordering).exists()
    assert list(response.context["messages"])


def test_scores_stay_hidden_until_the_review_is_allowed(student_client, quiz, attempt):
    Quiz.objects.filter(pk=quiz.pk).update(
        review_when=Quiz.ReviewWhen.AFTER_CLOSE, closes_at=timezone.now() + timedelta(days=1), attempts_allowed=0
    )
    attempts.save_answers(attempt, correct_answers(attempt))
    attempts.finish(attempt)
    quiz_page = student_client.get(quiz.get_absolute_url()).content.decode()
    assert "14 / 14" not in quiz_page and "100%" not in quiz_page
    grades = student_client.get(reverse("quizzes:my_grades", args=[quiz.course.slug]))
    assert "data-grade=" not in grades.content.decode()


def test_percent_is_rounded_the_same_everywhere():
    attempt = Attempt(number=1, score=Decimal("7.33"), max_score=Decimal("8"))
    assert attempt.percent == AttemptResult(1, Decimal("7.33"), Decimal("8")).percent == Decimal("91.63")


def test_teachers_read_any_attempt_of_their_course_others_do_not(client, teacher, attempt):
    attempts.finish(attempt)
    client.force_login(teacher)
    page = client.get(reverse("quizzes:review", args=[attempt.pk]))
    assert page.status_code == 200 and attempt.student.get_full_name() in page.content.decode()
    client.force_login(make_user("teacher"))
    assert client.get(reverse("quizzes:review", args=[attempt.pk])).status_code == 404


def test_review_after_closing_needs_a_closing_time(course):
    quiz = Quiz(course=course, title="x", review_when=Quiz.ReviewWhen.AFTER_CLOSE)
    with pytest.raises(ValidationError):
        quiz.full_clean()


def test_teachers_see_expired_attempts_closed(teacher_client, attempt):
    attempts.save_answers(attempt, correct_answers(attempt))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(hours=1))
    teacher_client.get(reverse("quizzes:results", args=[attempt.quiz.course.slug, attempt.quiz_id]))
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.EXPIRED and attempt.score == automatic_points(attempt)
    assert attempt.awaiting_grading


def test_questions_are_added_on_their_own_checked_page(teacher_client, quiz):
    page = teacher_client.get(reverse("admin:quizzes_quiz_change", args=[quiz.pk])).content.decode()
    assert 'name="questions-MAX_NUM_FORMS" value="0"' in page, "no blank question rows to add unchecked questions"
    assert f"{reverse('admin:quizzes_question_add')}?quiz={quiz.pk}" in page


def test_downloads_of_a_kazakh_named_course_keep_their_name(teacher, student):
    from django.test import Client

    from tests.factories import make_course

    course = make_course(teachers=[teacher], students=[student], slug="сынақ-курс")
    client = Client()
    client.force_login(teacher)
    response = client.get(reverse("quizzes:gradebook_export", args=[course.slug]))
    assert "filename*=utf-8''%D1%81%D1%8B%D0%BD%D0%B0%D2%9B" in response["Content-Disposition"]
