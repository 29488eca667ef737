"""Attempts never change under a student: editing a question already shown saves a new version;
drafts never reach students."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from quizzes import attempts
from quizzes.generation import add_glossary_questions
from quizzes.models import Attempt, Question
from tests.factories import QuestionFactory, QuizFactory, make_course, make_user
from tests.helpers import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def single(teacher, student):
    course = make_course(teachers=[teacher], students=[student])
    quiz = QuizFactory(course=course, shuffle_choices=False)
    return QuestionFactory(quiz=quiz, kind="single")  # А (right) · B · C


def edit_question(client, question, change):
    """Open the question's page as the teacher does, change what ``change`` says, save."""
    url = reverse("admin:quizzes_question_change", args=[question.pk])
    fields = form_fields(client.get(url), "#question_form")
    change(fields)
    return client.post(url, fields)


def test_deleting_an_option_during_an_attempt_changes_nothing_for_the_student(teacher_client, single, student):
    attempt = attempts.start_attempt(single.quiz, student)
    page_before = Client()
    page_before.force_login(student)
    shown = [option.text for option in attempts.question_views(attempt)[0].options]
    old_options = {option.text: option.pk for option in single.options.all()}

    def delete_b_and_move_the_right_answer(fields):
        fields["options-1-DELETE"] = ["on"]  # option B goes
        fields["options-0-is_correct"] = []
        fields["options-2-is_correct"] = ["on"]  # C is now the right one
        fields["points"] = ["5"]

    assert edit_question(teacher_client, single, delete_b_and_move_the_right_answer).status_code == 302
    # The student, on the page loaded before the edit, picks the third option (C).
    response = page_before.post(
        reverse("quizzes:autosave", args=[attempt.pk]), {"answered": str(single.pk), f"q{single.pk}": "2"}
    )
    assert response.json()["problems"] == {}
    assert attempts.saved_answers(attempt)[single.pk] == {"choice": old_options[shown[2]]}, "C stays C"
    page = BeautifulSoup(page_before.get(attempt.get_absolute_url()).content, "html.parser")
    assert [
        label.get_text(strip=True) for label in page.select(f"fieldset[data-question='{single.pk}'] label")
    ] == shown
    attempts.finish(attempt)
    attempt.refresh_from_db()
    assert attempt.score == 0 and attempt.max_score == 2, "graded by the question as it was shown"

    new = Question.objects.get(replaced_by=None, quiz=single.quiz)
    assert new.version == 2 and new.points == 5 and new.pk != single.pk
    assert list(new.options.values_list("text", "is_correct")) == [(shown[0], False), (shown[2], True)]
    single.refresh_from_db()
    assert single.replaced_by == new and single.options.count() == 3
    other = make_user("student")
    assert attempts.start_attempt(single.quiz, other).question_ids == [new.pk]


def test_a_question_no_student_has_seen_is_edited_in_place(teacher_client, single):
    edit_question(teacher_client, single, lambda fields: fields.update(points=["3"]))
    single.refresh_from_db()
    assert single.points == 3 and single.version == 1 and Question.objects.count() == 1


def test_saving_a_shown_question_unchanged_makes_no_version(teacher_client, single, student):
    attempts.start_attempt(single.quiz, student)
    edit_question(teacher_client, single, lambda fields: None)
    assert Question.objects.count() == 1


def test_the_teachers_lists_show_the_latest_version_only(teacher_client, single, student):
    attempts.start_attempt(single.quiz, student)
    edit_question(teacher_client, single, lambda fields: fields.update(text=["Түзетілген сұрақ"]))
    changelist = teacher_client.get(reverse("admin:quizzes_question_changelist"))
    assert changelist.context["cl"].result_count == 1
    assert teacher_client.get(reverse("admin:quizzes_question_change", args=[single.pk])).status_code == 302


class TestDrafts:
    @pytest.fixture
    def quiz_with_drafts(self, teacher, student, seed_lecture):
        from courses.importing import parse_lecture, save_lecture

        course = make_course(teachers=[teacher], students=[student])
        save_lecture(parse_lecture("l.txt", seed_lecture), course=course, title="Дәріс")
        quiz = QuizFactory(course=course)
        ready = QuestionFactory(quiz=quiz, kind="numeric")
        drafts = add_glossary_questions(quiz)
        assert drafts and all(question.status == "draft" for question in drafts)
        return quiz, ready, drafts

    def test_drafts_never_reach_students(self, student_client, quiz_with_drafts):
        quiz, ready, drafts = quiz_with_drafts
        student_client.post(reverse("quizzes:start", args=[quiz.course.slug, quiz.pk]))
        attempt = Attempt.objects.get(quiz=quiz)
        assert attempt.question_ids == [ready.pk]
        page = student_client.get(attempt.get_absolute_url()).content.decode()
        assert not any(question.text in page for question in drafts)
        detail = BeautifulSoup(student_client.get(quiz.get_absolute_url()).content, "html.parser")
        assert "1" in detail.get_text()

    def test_the_quiz_page_marks_them_ready(self, teacher_client, quiz_with_drafts, student):
        quiz, ready, drafts = quiz_with_drafts
        page = BeautifulSoup(
            teacher_client.get(reverse("admin:quizzes_quiz_change", args=[quiz.pk])).content, "html.parser"
        )
        button = page.select_one("#quiz_form button#mark-ready")
        assert button is not None and str(len(drafts)) in button.get_text()
        teacher_client.post(button["formaction"])
        attempt = attempts.start_attempt(quiz, student)
        assert set(attempt.question_ids) == {ready.pk, *(question.pk for question in drafts)}


@pytest.mark.django_db(transaction=True)
def test_the_migration_freezes_questions_already_in_attempts(student):
    from django.core.management import call_command

    shown, unseen = QuestionFactory(kind="single"), QuestionFactory(kind="single")
    Attempt.objects.create(quiz=shown.quiz, student=student, number=1, layout={"questions": [shown.pk]})
    call_command("migrate", "quizzes", "0004", verbosity=0)
    call_command("migrate", "quizzes", verbosity=0)
    assert Question.objects.get(pk=shown.pk).is_frozen and not Question.objects.get(pk=unseen.pk).is_frozen


def test_deleting_a_question_students_saw_withdraws_it(teacher_client, single, student):
    attempt = attempts.start_attempt(single.quiz, student)
    url = reverse("admin:quizzes_question_delete", args=[single.pk])
    page = teacher_client.get(url)
    assert page.status_code == 200 and page.templates[0].name == "admin/quizzes/question/withdraw.html"
    assert teacher_client.post(url).status_code == 302
    single.refresh_from_db()
    assert single.status == Question.Status.WITHDRAWN
    assert [view.question.pk for view in attempts.question_views(attempt)] == [single.pk], "the attempt keeps it"
    assert not single.quiz.questions.current().exists()
    with pytest.raises(attempts.QuizNotOpen):
        attempts.start_attempt(single.quiz, make_user("student"))


def test_a_question_nobody_saw_is_really_deleted(teacher_client, single):
    teacher_client.post(reverse("admin:quizzes_question_delete", args=[single.pk]), {"post": "yes"})
    assert not Question.objects.filter(pk=single.pk).exists()


def test_a_regrade_can_move_finished_attempts_to_the_fixed_question(teacher_client, single, student):
    attempt = attempts.start_attempt(single.quiz, student)
    second = next(view for view in attempts.question_views(attempt)).options[1]  # a wrong answer, for now
    attempts.save_answers(attempt, {str(single.pk): str(attempts.question_views(attempt)[0].options.index(second))})
    attempts.finish(attempt)
    assert Attempt.objects.get(pk=attempt.pk).score == 0

    def make_the_second_option_right(fields):
        fields["options-0-is_correct"] = []
        fields["options-1-is_correct"] = ["on"]

    edit_question(teacher_client, single, make_the_second_option_right)
    plain = teacher_client.post(
        reverse("admin:quizzes_quiz_changelist"), {"action": "regrade", "_selected_action": [single.quiz_id]}
    )
    assert plain.context["changes"] == [], "a plain regrade keeps the version the student saw"
    moved = teacher_client.post(
        reverse("admin:quizzes_quiz_changelist"), {"action": "regrade_to_latest", "_selected_action": [single.quiz_id]}
    )
    [change] = moved.context["changes"]
    assert (change.attempt.pk, change.old, change.new) == (attempt.pk, 0, 2)
    report = BeautifulSoup(moved.content, "html.parser").select("#regrade-changes tbody tr")
    assert len(report) == 1 and student.get_full_name() in report[0].get_text()
    attempt.refresh_from_db()
    newest = Question.objects.get(quiz=single.quiz, replaced_by=None)
    assert attempt.question_ids == [newest.pk]
    assert attempts.saved_answers(attempt)[newest.pk] == {"choice": newest.options.get(text=second.text).pk}


def test_a_newer_version_nobody_saw_is_withdrawn_too_so_the_old_one_never_comes_back(teacher_client, single, student):
    attempts.start_attempt(single.quiz, student)
    edit_question(teacher_client, single, lambda fields: fields.update(text=["Екінші нұсқа"]))
    newest = Question.objects.get(replaced_by=None)
    teacher_client.post(reverse("admin:quizzes_question_delete", args=[newest.pk]))
    assert not single.quiz.questions.current().exists()
    changelist = BeautifulSoup(teacher_client.get(reverse("admin:quizzes_question_changelist")).content, "html.parser")
    assert not changelist.select("select[name=action] option[value=delete_selected]"), "no bulk delete"


def test_a_gap_losing_a_choice_after_answers_never_breaks_the_review(teacher, student, student_client):
    from quizzes import versions

    question = QuestionFactory(
        kind="cloze", quiz=QuizFactory(course=make_course(teachers=[teacher], students=[student]))
    )
    attempt = attempts.start_attempt(question.quiz, student)
    view = attempts.question_views(attempt)[0]
    last_choice = view.type.form_state(view, {})["parts"][-2]["choices"].index("халық")
    attempts.save_answers(attempt, {view.key: {"0": "Астана", "1": "17", "2": str(last_choice)}})
    attempts.finish(attempt)
    edited = Question.objects.get(pk=question.pk)
    edited.text = edited.text.replace("~халық", "")
    versions.save_new_version(edited, [])
    attempts.regrade([question.quiz], acting_user=teacher, to_latest=True)
    assert student_client.get(reverse("quizzes:review", args=[attempt.pk])).status_code == 200
    attempt.refresh_from_db()
    assert attempt.score == 1  # the two typed gaps (weights 1 + 1 of 4); "халық" is no longer a choice


def test_a_chosen_gap_answer_keeps_its_text_when_a_choice_before_it_goes(teacher, student):
    from quizzes import versions

    question = QuestionFactory(
        kind="cloze", quiz=QuizFactory(course=make_course(teachers=[teacher], students=[student]))
    )
    attempt = attempts.start_attempt(question.quiz, student)
    view = attempts.question_views(attempt)[0]
    right = view.type.form_state(view, {})["parts"][-2]["choices"].index("Президент")
    attempts.save_answers(attempt, {view.key: {"2": str(right)}})
    attempts.finish(attempt)
    edited = Question.objects.get(pk=question.pk)
    edited.text = edited.text.replace("=Президент~Парламент", "Парламент~=Президент")  # reordered
    versions.save_new_version(edited, [])
    attempts.regrade([question.quiz], acting_user=teacher, to_latest=True)
    attempt.refresh_from_db()
    assert attempt.score == 1, "still the right choice: weight 2 of 4"


def test_correcting_an_options_text_keeps_the_answers_that_chose_it(teacher_client, single, student):
    attempt = attempts.start_attempt(single.quiz, student)
    view = attempts.question_views(attempt)[0]
    right = next(number for number, option in enumerate(view.options) if option.is_correct)
    attempts.save_answers(attempt, {view.key: str(right)})
    attempts.finish(attempt)

    def correct_a_typo(fields):
        fields["options-0-text"] = [fields["options-0-text"][0] + "."]
        fields["points"] = ["3"]

    edit_question(teacher_client, single, correct_a_typo)
    teacher_client.post(
        reverse("admin:quizzes_quiz_changelist"), {"action": "regrade_to_latest", "_selected_action": [single.quiz_id]}
    )
    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score) == (3, 3), "the right answer is still the one chosen"
