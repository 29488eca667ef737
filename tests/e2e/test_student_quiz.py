"""A student takes the quiz in the browser: countdown, autosave, keyboard, reload, submit, review, time-out."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from quizzes.models import Attempt, Response
from tests.e2e.conftest import log_in_student, screenshot
from tests.quizzes.conftest import automatic_points, correct_answers, full_marks_form


def start_quiz(page, quiz):
    page.goto(quiz.get_absolute_url())
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#attempt-form")
    return Attempt.objects.get(quiz=quiz)


def wait_saved(page, count):
    expect(page.locator(".save-status", has_text="Сақталды")).to_have_count(count)


def test_take_the_quiz_with_mouse_and_keyboard(page, demo):
    _course, quiz = demo
    log_in_student(page)
    attempt = start_quiz(page, quiz)
    answers = correct_answers(attempt)
    kinds = {str(question.pk): question.kind for question in quiz.questions.all()}

    clock = page.locator("#quiz-time-left")
    first = clock.inner_text()
    page.wait_for_timeout(2500)
    assert clock.inner_text() != first, "the countdown runs"
    expect(page.locator("#quiz-time-announce")).to_have_attribute("aria-live", "polite")

    for key, answer in answers.items():
        fieldset = page.locator(f"fieldset[data-question='{key}']")
        kind = kinds[key]
        if kind in ("single", "true_false"):
            fieldset.locator(f"input[value='{answer}']").check()
        elif kind == "multiple":
            for index in answer:
                fieldset.locator(f"input[value='{index}']").check()
        elif kind in ("short", "numeric"):
            fieldset.locator("input[type=text]").fill(answer)
        elif kind == "matching":
            for prompt, choice in answer.items():  # by keyboard: focus, then arrow down to the option
                select = fieldset.locator(f"select[name='q{key}-{prompt}']")
                select.focus()
                for _step in range(int(choice) + 1):
                    page.keyboard.press("ArrowDown")
                expect(select).to_have_value(choice)
        elif kind == "ordering":
            for place, item in enumerate(answer, start=1):
                select = fieldset.locator(f"select[name='q{key}-{item}']")
                if place % 2:  # by keyboard: focus the place box and type the number
                    select.focus()
                    page.keyboard.type(str(place))
                    expect(select).to_have_value(str(place))
                else:  # by mouse
                    select.select_option(str(place))
        else:  # any other type: its inputs filled as its full-marks form says
            for name, value in full_marks_form(attempt).items():
                if name.startswith(f"q{key}-") or name == f"q{key}":
                    field = fieldset.locator(f"[name='{name}']")
                    if field.evaluate("element => element.tagName") == "SELECT":
                        field.select_option(value)
                    else:
                        field.fill(value)
    wait_saved(page, len(answers))
    screenshot(page, "05-attempt")
    assert Response.objects.filter(attempt=attempt).count() == len(answers)

    page.reload()
    short = next(key for key in answers if kinds[key] == "short")
    expect(page.locator(f"fieldset[data-question='{short}'] input")).to_have_value(answers[short])
    ordering = next(key for key in answers if kinds[key] == "ordering")
    expect(page.locator(f"select[name='q{ordering}-{answers[ordering][0]}']")).to_have_value("1")

    page.get_by_role("button", name=re.compile("Аяқтау")).click()
    expect(page.locator("[data-unanswered='0']")).to_be_visible()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/review/$"))
    attempt.refresh_from_db()
    assert attempt.score == automatic_points(attempt) and attempt.awaiting_grading  # the essay waits for the teacher
    expect(page.locator("#awaiting-grading")).to_be_visible()
    expect(page.locator("[data-provisional-score]")).to_have_attribute("data-provisional-score", f"{attempt.score:.2f}")
    expect(page.get_by_text("Конституцияның 8-бөлімі, 89-бабы.")).to_be_visible()  # full review policy
    screenshot(page, "06-review")


def test_time_runs_out_with_the_page_open(page, demo):
    _course, quiz = demo
    log_in_student(page)
    attempt = start_quiz(page, quiz)
    answers = correct_answers(attempt)
    key = next(key for key, value in answers.items() if isinstance(value, str) and value.isdigit())
    page.locator(f"fieldset[data-question='{key}'] input[value='{answers[key]}']").check()
    wait_saved(page, 1)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    page.reload()
    expect(page).to_have_url(re.compile(r"/review/$"), timeout=20_000)
    attempt.refresh_from_db()
    assert not attempt.is_open
    assert attempt.score > 0, "graded from the answer saved in time"
