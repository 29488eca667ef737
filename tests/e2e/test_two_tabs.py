"""Two tabs on one attempt: the older tab's buttons never send its stale answers over newer ones."""

import re

from playwright.sync_api import expect

from quizzes import attempts
from quizzes.models import Attempt
from tests.e2e.conftest import log_in_student


def test_finishing_in_a_stale_tab_keeps_the_newer_answer(page, demo):
    _course, quiz = demo
    log_in_student(page)
    page.goto(quiz.get_absolute_url())
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#attempt-form")
    attempt = Attempt.objects.get(quiz=quiz)
    short = next(view for view in attempts.question_views(attempt) if view.question.kind == "short")
    older = page.context.new_page()
    older.goto(attempt.get_absolute_url())
    older.fill(f"input[name='{short.name}']", "бірінші")
    expect(older.locator(f"fieldset[data-question='{short.key}'] .save-status")).to_have_text("Сақталды")

    page.reload()  # the newer tab changes the answer
    page.fill(f"input[name='{short.name}']", "екінші")
    expect(page.locator(f"fieldset[data-question='{short.key}'] .save-status")).to_have_text("Сақталды")

    older.get_by_role("button", name=re.compile("Аяқтау")).click()  # the older tab still shows "бірінші"
    expect(older).to_have_url(re.compile(r"/submit/$"))
    assert attempts.saved_answers(attempt)[short.question.pk] == {"text": "екінші"}
