"""An essay end to end: the student writes and submits it, the teacher marks it anonymously, the student reads the mark."""

import re

from playwright.sync_api import expect

from quizzes.models import Attempt, Response
from tests.e2e.conftest import log_in_student, log_in_teacher, screenshot

ESSAY = "Өзін-өзі басқару органдары халықпен сайланады, ал жергілікті басқару органдары тағайындалады."
COMMENT = "Дұрыс, бірақ заңнан мысал келтіріңіз."


def test_a_student_writes_an_essay_and_reads_the_teachers_mark(page, new_page, demo):
    course, quiz = demo
    essay = quiz.questions.get(kind="essay")
    log_in_student(page)
    page.goto(quiz.get_absolute_url())
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#attempt-form")
    fieldset = page.locator(f"fieldset[data-question='{essay.pk}']")
    expect(fieldset.locator(".word-limit")).to_have_attribute("data-word-limit", str(essay.word_limit))
    fieldset.locator("textarea").fill(ESSAY)
    expect(fieldset.locator(".save-status", has_text="Сақталды")).to_be_visible()
    page.get_by_role("button", name=re.compile("Аяқтау")).click()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/review/$"))
    expect(page.locator("#awaiting-grading")).to_be_visible()
    expect(page.locator(".essay-answer")).to_contain_text("Өзін-өзі басқару органдары")
    attempt = Attempt.objects.get(quiz=quiz)
    assert attempt.awaiting_grading
    review_url = page.url
    page.goto(f"/courses/{course.slug}/grades/")
    expect(page.locator("#my-grades .awaiting-grading")).to_be_visible()

    teacher = new_page()
    log_in_teacher(teacher)
    teacher.goto(f"/admin/quizzes/quiz/{quiz.pk}/change/")
    teacher.locator("#grade-essays-link").click()
    expect(teacher.locator("fieldset[data-response]")).to_have_count(1)
    main = teacher.locator("#content-main")
    expect(main).to_contain_text(ESSAY)
    assert attempt.student.full_name not in main.inner_text(), "anonymous by default"
    screenshot(teacher, "12-grade-essays")
    response = Response.objects.get(attempt=attempt, question=essay)
    teacher.fill(f"#mark-{response.pk}", "3")
    teacher.fill(f"#comment-{response.pk}", COMMENT)
    teacher.locator("#grade-essays input[type=submit]").click()
    expect(teacher.locator(".messagelist .success")).to_be_visible()
    expect(teacher.locator("#nothing-to-grade")).to_be_visible()
    attempt.refresh_from_db()
    assert not attempt.awaiting_grading

    page.goto(review_url)
    expect(page.locator("#awaiting-grading")).to_have_count(0)
    mark = page.locator(".teacher-mark")
    expect(mark).to_have_attribute("data-teacher-points", "3.00")
    expect(mark).to_contain_text(COMMENT)
    expect(page.locator("[data-score]")).to_have_attribute("data-score", f"{attempt.score:.2f}")
