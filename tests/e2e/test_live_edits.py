"""A teacher fixes a question while a student is answering it: the student's answer keeps its meaning."""

from playwright.sync_api import expect

from quizzes import attempts
from quizzes.models import Attempt, Question
from tests.e2e.conftest import log_in_student, log_in_teacher


def test_deleting_an_option_mid_attempt_never_changes_the_students_choice(new_page, demo):
    _course, quiz = demo
    student, teacher = new_page(), new_page()
    log_in_student(student)
    student.goto(quiz.get_absolute_url())
    student.locator("main form button[type=submit]").click()
    student.wait_for_selector("#attempt-form")
    attempt = Attempt.objects.get(quiz=quiz)
    question = quiz.questions.get(kind="single")
    view = next(view for view in attempts.question_views(attempt) if view.question.pk == question.pk)
    third = view.options[2]

    # The teacher deletes a wrong option shown above it (so, without versions, every later index would shift).
    deleted = next(option for option in view.options[:2] if not option.is_correct)
    log_in_teacher(teacher)
    teacher.goto(f"/admin/quizzes/question/{question.pk}/change/")
    row = next(number for number, option in enumerate(question.options.all()) if option.pk == deleted.pk)
    teacher.check(f"#id_options-{row}-DELETE")
    teacher.locator("input[name=_save]").click()
    expect(teacher.locator("#add-question")).to_be_visible()
    assert Question.objects.filter(quiz=quiz, kind="single", replaced_by=None).get().version == 2

    fieldset = student.locator(f"fieldset[data-question='{question.pk}']")
    fieldset.locator("input[value='2']").check()  # the third option, on the page as it was loaded
    expect(fieldset.locator(".save-status")).to_have_text("Сақталды")
    assert attempts.saved_answers(attempt)[question.pk] == {"choice": third.pk}
    student.reload()
    expect(fieldset.locator("input[value='2']")).to_be_checked()
    expect(fieldset.locator("label").nth(2)).to_have_text(third.text)
