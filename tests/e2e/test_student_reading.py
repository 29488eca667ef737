"""Students reading: lecture with glossary tooltips, glossary search, phone layout, languages, accessibility."""

import re

from playwright.sync_api import expect

from courses.models import Lecture
from tests.e2e.conftest import assert_accessible, fits_the_screen, log_in_student, screenshot


def test_lecture_terms_show_their_definition_on_focus_and_hover(page, demo):
    course, _quiz = demo
    log_in_student(page)
    screenshot(page, "01-dashboard")
    page.get_by_role("link", name=course.title).click()
    lecture = Lecture.objects.get(course=course)
    page.get_by_role("link", name=lecture.title).click()
    expect(page.locator("#plan-heading")).to_be_visible()
    expect(page.locator(".lecture-plan a")).to_have_count(2)
    expect(page.locator("#goal-heading")).to_be_visible()
    screenshot(page, "03-lecture")

    page.wait_for_load_state("load")  # the tooltip script listens once the page has loaded
    term = page.locator("a.glossary-term").first
    term.focus()
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_be_visible()
    assert len(tooltip.inner_text()) > 10
    term.blur()
    expect(page.get_by_role("tooltip")).to_have_count(0)
    page.locator("a.glossary-term").nth(3).hover()
    expect(page.get_by_role("tooltip")).to_be_visible()


def test_glossary_search_in_any_case_and_inflected_and_by_letter(page, demo):
    course, _quiz = demo
    log_in_student(page)
    page.goto(f"/courses/{course.slug}/glossary/")
    page.fill("#glossary-q", "МӘСЛИХАТ")
    page.get_by_role("button", name="Іздеу").click()
    expect(page.locator("dl.glossary-list dt").first).to_contain_text("жергілікті өкілді орган")
    expect(page.locator("mark").first).to_be_visible()
    screenshot(page, "04-glossary-search")
    page.fill("#glossary-q", "әкімдіктің")
    page.get_by_role("button", name="Іздеу").click()
    expect(page.locator("dl.glossary-list dt").first).to_contain_text("жергілікті атқарушы орган")
    page.get_by_role("link", name="М", exact=True).click()
    terms = page.locator("dl.glossary-list dt a").all_inner_texts()
    assert terms and all(term.lower().startswith("м") for term in terms)
    page.locator("dl.glossary-list dt a").first.click()
    expect(page.locator("h1")).to_have_text(re.compile("^м"))


def test_phone_layout_and_navigation(new_page, demo):
    course, quiz = demo
    page = new_page(375, 667)
    log_in_student(page)
    lecture = Lecture.objects.get(course=course)
    for url in (
        "/",
        course.get_absolute_url(),
        lecture.get_absolute_url(),
        f"/courses/{course.slug}/glossary/",
        quiz.get_absolute_url(),
    ):
        page.goto(url)
        assert fits_the_screen(page), f"{url} scrolls sideways on a phone"
    screenshot(page, "07-phone-lecture")
    page.goto("/")
    toggler = page.locator(".navbar-toggler")
    expect(toggler).to_be_visible()
    toggler.click()
    page.locator("#main-nav").get_by_role("link", name="Курстар").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_switch_language_kk_ru_en(page, demo):
    course, _quiz = demo
    log_in_student(page)
    page.goto(course.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.get_by_role("heading", name="Дәрістер")).to_be_visible()
    page.get_by_role("button", name=re.compile("^RU")).click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", name="Лекции")).to_be_visible()
    page.get_by_role("button", name=re.compile("^EN")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Lectures")).to_be_visible()
    page.get_by_role("button", name=re.compile("^KK")).click()
    expect(page.locator("html")).to_have_attribute("lang", "kk")


def test_student_pages_have_no_serious_accessibility_problems(page, demo):
    course, quiz = demo
    lecture = Lecture.objects.get(course=course)
    page.goto("/accounts/login/")
    assert_accessible(page)
    log_in_student(page)
    for url in (
        "/",
        course.get_absolute_url(),
        lecture.get_absolute_url(),
        f"/courses/{course.slug}/glossary/",
        f"/courses/{course.slug}/glossary/?q=мәслихат",
        quiz.get_absolute_url(),
        f"/courses/{course.slug}/grades/",
    ):
        page.goto(url)
        assert_accessible(page)
    page.goto(quiz.get_absolute_url())
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("#attempt-form")
    assert_accessible(page)
