"""A student's way through a quiz, over HTTP: start, autosave, resume, submit, review, and the bad paths."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from quizzes import attempts
from quizzes.models import Attempt, Question, Quiz, Response
from quizzes.question_types import question_types
from tests.factories import make_user
from tests.quizzes.conftest import automatic_points, correct_answers, mark_essays_fully

pytestmark = pytest.mark.django_db


def start(client, quiz):
    return client.post(reverse("quizzes:start", args=[quiz.course.slug, quiz.pk]))


def autosave(client, attempt, answers):
    return client.post(
        reverse("quizzes:autosave", args=[attempt.pk]),
        json.dumps({"answers": answers}),
        content_type="application/json",
    )


@pytest.fixture
def attempt(student_client, quiz):
    response = start(student_client, quiz)
    attempt = Attempt.objects.get()
    assert response.status_code == 302 and response.url == attempt.get_absolute_url()
    return attempt


def test_quiz_page_shows_the_rules(student_client, quiz):
    page = student_client.get(quiz.get_absolute_url()).content.decode()
    assert 'data-attempts-used="0"' in page
    assert '<html lang="kk">' in page


def test_starting_twice_resumes_the_same_attempt(student_client, quiz, attempt):
    again = start(student_client, quiz)
    assert again.url == attempt.get_absolute_url()
    assert Attempt.objects.count() == 1


def test_attempt_page_shows_every_question_and_a_countdown(student_client, attempt):
    page = student_client.get(attempt.get_absolute_url()).content.decode()
    assert page.count('class="card mb-3 question"') == len(question_types())
    assert f'data-deadline="{attempt.deadline.isoformat()}"' in page
    assert 'aria-live="polite"' in page


def test_no_correct_answer_or_feedback_in_the_page(student_client, quiz, attempt):
    page = student_client.get(attempt.get_absolute_url()).content.decode()
    feedback = [question.feedback for question in quiz.questions.exclude(feedback="")]
    assert feedback and not any(text in page for text in feedback)
    assert "акимат" not in page  # an accepted short answer
    assert 'value="17"' not in page  # the numeric answer
    single = quiz.questions.get(kind="single")
    form = BeautifulSoup(page, "html.parser").select_one("#attempt-form")
    values = [radio["value"] for radio in form.select(f"input[name='q{single.pk}']")]
    assert sorted(values) == ["0", "1", "2"], "choices are sent as indexes, not option ids"
    assert "is_correct" not in str(form) and not form.select(".text-bg-success")


def test_autosave_then_reload_shows_the_saved_answers(student_client, attempt):
    answers = correct_answers(attempt)
    response = autosave(student_client, attempt, answers)
    assert response.status_code == 200
    assert set(response.json()) == {"saved", "problems", "at"}, "the reply says nothing about correctness"
    assert response.json()["problems"] == {}
    assert Response.objects.filter(attempt=attempt).count() == len(question_types())
    page = student_client.get(attempt.get_absolute_url()).content.decode()
    short = next(key for key, value in answers.items() if isinstance(value, str) and not value.isdigit())
    assert f'value="{answers[short]}"' in page
    assert page.count("checked") >= 3
    kinds = {str(question.pk): question.kind for question in attempt.quiz.questions.all()}
    parsed = BeautifulSoup(page, "html.parser")

    def selected(name):
        return [option["value"] for option in parsed.select(f"select[name='{name}'] option[selected]")]

    ordering = next(key for key in answers if kinds[key] == "ordering")
    for place, item in enumerate(answers[ordering], start=1):
        assert selected(f"q{ordering}-{item}") == [str(place)]
    matching = next(key for key in answers if kinds[key] == "matching")
    for prompt, choice in answers[matching].items():
        assert selected(f"q{matching}-{prompt}") == [choice]


def test_full_marks_through_submit_and_a_double_submit_grades_once(student_client, attempt, teacher):
    autosave(student_client, attempt, correct_answers(attempt))
    confirm = student_client.get(reverse("quizzes:submit", args=[attempt.pk]))
    assert 'data-unanswered="0"' in confirm.content.decode()
    first = student_client.post(reverse("quizzes:submit", args=[attempt.pk]))
    assert first.url == reverse("quizzes:review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.state == Attempt.State.SUBMITTED and attempt.score == automatic_points(attempt)
    assert attempt.awaiting_grading, "the essay waits for the teacher"
    assert 'id="awaiting-grading"' in student_client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    mark_essays_fully(attempt, teacher)
    assert not attempt.awaiting_grading and attempt.score == attempt.max_score == 2 * len(question_types())
    submitted_at = attempt.submitted_at
    student_client.post(reverse("quizzes:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.submitted_at == submitted_at
    review = student_client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert f'data-score="{2 * len(question_types())}.00"' in review


def test_plain_form_without_javascript(student_client, attempt):
    views = {q.kind: q for q in attempt.quiz.questions.all()}
    single = views["single"]
    response = student_client.post(
        reverse("quizzes:attempt_post", args=[attempt.pk]),
        {f"q{single.pk}": "0", f"q{views['short'].pk}": "Мәслихат", "finish": "1"},
    )
    assert response.url == reverse("quizzes:submit", args=[attempt.pk])
    assert Response.objects.get(attempt=attempt, question=views["short"]).answer == {"text": "Мәслихат"}
    confirm = student_client.get(response.url).content.decode()
    assert f'data-unanswered="{len(question_types()) - 2}"' in confirm


def test_unanswered_questions_are_counted_before_submitting(student_client, attempt):
    page = student_client.get(reverse("quizzes:submit", args=[attempt.pk])).content.decode()
    assert f'data-unanswered="{len(question_types())}"' in page


class TestDeadline:
    def test_late_save_is_refused_and_the_attempt_is_graded_from_what_was_saved(self, student_client, attempt):
        answers = correct_answers(attempt)
        keys = list(answers)
        autosave(student_client, attempt, {keys[0]: answers[keys[0]]})
        Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))
        late = autosave(student_client, attempt, {keys[1]: answers[keys[1]]})
        assert late.status_code == 409 and late.json()["closed"]
        attempt.refresh_from_db()
        assert attempt.state == Attempt.State.EXPIRED
        assert attempt.score > 0
        assert not Response.objects.filter(attempt=attempt, question_id=keys[1]).exists()

    def test_a_save_within_the_grace_period_counts(self, student_client, attempt):
        Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=5))
        answers = correct_answers(attempt)
        assert autosave(student_client, attempt, answers).status_code == 200

    def test_time_up_submit_from_the_page(self, student_client, attempt):
        Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(seconds=1))
        response = student_client.post(reverse("quizzes:attempt_post", args=[attempt.pk]), {"time_up": "1"})
        assert response.url == reverse("quizzes:review", args=[attempt.pk])
        attempt.refresh_from_db()
        assert not attempt.is_open

    def test_cron_command_closes_expired_attempts(self, attempt, student_client):
        autosave(student_client, attempt, correct_answers(attempt))
        Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=5))
        call_command("close_expired_attempts")
        attempt.refresh_from_db()
        assert attempt.state == Attempt.State.EXPIRED and attempt.score == automatic_points(attempt)
        assert attempt.awaiting_grading, "the essay waits for the teacher"

    def test_quiz_closing_caps_the_deadline(self, student_client, quiz):
        quiz.closes_at = timezone.now() + timedelta(minutes=3)
        quiz.save()
        start(student_client, quiz)
        assert Attempt.objects.get().deadline == quiz.closes_at


class TestAttemptLimits:
    def test_no_more_attempts_than_allowed(self, student_client, quiz):
        quiz.attempts_allowed = 1
        quiz.save()
        start(student_client, quiz)
        attempt = Attempt.objects.get()
        student_client.post(reverse("quizzes:submit", args=[attempt.pk]))
        response = start(student_client, quiz)
        assert response.url == quiz.get_absolute_url()
        assert Attempt.objects.count() == 1

    def test_closed_or_unpublished_quiz(self, student_client, quiz):
        quiz.closes_at = timezone.now() - timedelta(days=1)
        quiz.save()
        start(student_client, quiz)
        assert not Attempt.objects.exists()
        quiz.is_published = False
        quiz.save()
        assert student_client.get(quiz.get_absolute_url()).status_code == 404

    def test_teacher_preview_is_not_counted(self, client, teacher, quiz):
        client.force_login(teacher)
        start(client, quiz)
        assert Attempt.objects.get().is_preview


class TestBadInput:
    def test_foreign_choice_index(self, student_client, attempt):
        single = attempt.quiz.questions.get(kind="single")
        response = autosave(student_client, attempt, {str(single.pk): "99"})
        assert response.status_code == 400 and response.json()["error"]
        assert not Response.objects.exists()

    def test_question_of_another_quiz(self, student_client, attempt):
        assert autosave(student_client, attempt, {"999999": "0"}).status_code == 400

    def test_malformed_json(self, student_client, attempt):
        url = reverse("quizzes:autosave", args=[attempt.pk])
        assert student_client.post(url, "{not json", content_type="application/json").status_code == 400
        assert student_client.post(url, json.dumps({"answers": []}), content_type="application/json").status_code == 400

    def test_oversized_answers(self, student_client, attempt):
        short = attempt.quiz.questions.get(kind="short")
        assert autosave(student_client, attempt, {str(short.pk): "ә" * 1001}).status_code == 400
        huge = json.dumps({"answers": {str(short.pk): "x" * 70_000}})
        response = student_client.post(
            reverse("quizzes:autosave", args=[attempt.pk]), huge, content_type="application/json"
        )
        assert response.status_code == 413

    def test_ordering_needs_every_place_once(self, student_client, attempt):
        ordering = attempt.quiz.questions.get(kind="ordering")
        assert autosave(student_client, attempt, {str(ordering.pk): ["0", "0", "1", "2", "3"]}).status_code == 400

    def test_another_students_attempt_is_404(self, client, attempt):
        client.force_login(make_user("student"))
        assert client.get(attempt.get_absolute_url()).status_code == 404
        assert autosave(client, attempt, {}).status_code == 404
        assert client.post(reverse("quizzes:submit", args=[attempt.pk])).status_code == 404
        assert client.get(reverse("quizzes:review", args=[attempt.pk])).status_code == 404

    def test_answers_to_a_finished_attempt(self, student_client, attempt):
        student_client.post(reverse("quizzes:submit", args=[attempt.pk]))
        single = attempt.quiz.questions.get(kind="single")
        response = autosave(student_client, attempt, {str(single.pk): "0"})
        assert response.status_code == 409
        assert not Response.objects.exists()


class TestReviewPolicy:
    def submit_all(self, client, attempt):
        autosave(client, attempt, correct_answers(attempt))
        client.post(reverse("quizzes:submit", args=[attempt.pk]))
        return client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()

    FEEDBACK = "Заңның 7-бабы бойынша."
    NUMBER = "<strong>17</strong>"  # the student's numeric answer as the review shows it

    def test_full_review_shows_correct_answers_and_feedback(self, student_client, attempt):
        page = self.submit_all(student_client, attempt)
        assert self.FEEDBACK in page

    def test_answers_only(self, student_client, quiz, attempt):
        Quiz.objects.filter(pk=quiz.pk).update(review_shows=Quiz.ReviewShows.ANSWERS)
        page = self.submit_all(student_client, attempt)
        assert "data-score" in page and self.FEEDBACK not in page
        assert self.NUMBER in page

    def test_score_only(self, student_client, quiz, attempt):
        Quiz.objects.filter(pk=quiz.pk).update(review_shows=Quiz.ReviewShows.SCORE)
        page = self.submit_all(student_client, attempt)
        assert "data-score" in page and self.NUMBER not in page

    def test_nothing_until_the_quiz_closes(self, student_client, quiz, attempt):
        Quiz.objects.filter(pk=quiz.pk).update(
            review_when=Quiz.ReviewWhen.AFTER_CLOSE, closes_at=timezone.now() + timedelta(days=1)
        )
        page = self.submit_all(student_client, attempt)
        assert "data-score" not in page and self.NUMBER not in page


@pytest.mark.parametrize("count", [10, 50])
def test_attempt_page_query_count_does_not_grow(student_client, course, count, django_assert_max_num_queries):
    from quizzes.models import Option

    quiz = Quiz.objects.create(course=course, title="Үлкен тест", is_published=True, attempts_allowed=0)
    for position in range(count):
        question = Question.objects.create(quiz=quiz, position=position, kind="single", text=f"Сұрақ {position}")
        Option.objects.bulk_create(
            [Option(question=question, text="иә", is_correct=True), Option(question=question, text="жоқ")]
        )
    start(student_client, quiz)
    attempt = Attempt.objects.get(quiz=quiz)
    first = next(iter(correct_answers(attempt)))
    autosave(student_client, attempt, {first: "0"})
    with django_assert_max_num_queries(9):
        assert student_client.get(attempt.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert autosave(student_client, attempt, {first: "1"}).status_code == 200


def test_glossary_terms_are_never_linked_on_quiz_pages(student_client, quiz, seed_lecture):
    """A linked term's tooltip would show its definition: the answer to many questions."""
    from courses.importing import parse_lecture, save_lecture

    save_lecture(parse_lecture("l.txt", seed_lecture), course=quiz.course, title="Дәріс")
    start(student_client, quiz)
    attempt = Attempt.objects.get()
    for url in (quiz.get_absolute_url(), attempt.get_absolute_url(), reverse("quizzes:submit", args=[attempt.pk])):
        assert "glossary-term" not in student_client.get(url).content.decode()


def test_the_plain_form_saves_every_good_answer_and_names_the_refused_one(student_client, attempt, english_client):
    views = attempts.question_views(attempt)
    short = next(view for view in views if view.question.kind == "short")
    ordering = next(view for view in views if view.question.kind == "ordering")
    number = views.index(ordering) + 1
    response = student_client.post(
        reverse("quizzes:attempt_post", args=[attempt.pk]),
        {short.name: "әкімдік", f"{ordering.name}-0": "1"},  # the ordering is only begun
        follow=True,
    )
    assert attempts.saved_answers(attempt) == {short.question.pk: {"text": "әкімдік"}}
    errors = [str(message) for message in response.context["messages"]]
    assert any(error.startswith(f"Question {number}:") for error in errors)
