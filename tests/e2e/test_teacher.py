"""Teachers in the browser: import a lecture, build a quiz of every type, download the gradebook."""

import re
from decimal import Decimal

from playwright.sync_api import expect

from courses.demo import DEMO_LECTURE
from courses.models import Course, Lecture
from quizzes import attempts
from quizzes.models import Quiz
from quizzes.question_types import question_types
from tests.e2e.conftest import fits_the_screen, log_in_student, log_in_teacher, read_download, screenshot
from tests.factories import make_docx
from tests.quizzes.conftest import correct_answers, mark_essays_fully


def test_new_course_and_lecture_import_with_preview(page, demo, tmp_path):
    log_in_teacher(page)
    page.goto("/admin/courses/course/add/")
    page.fill("#id_title", "Мемлекеттік басқару")
    page.fill("#id_slug", "state-governance")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    course = Course.objects.get(title="Мемлекеттік басқару")

    page.get_by_role("link", name="Дәрісті импорттау").click()
    expect(page.locator("#id_course")).to_have_value(str(course.pk))
    page.set_input_files("#id_document", str(DEMO_LECTURE))
    page.locator("input[type=submit]").click()
    expect(page.locator("#import-summary [data-count=key_terms]")).to_have_text("13")
    expect(page.locator("#import-warnings li")).to_have_count(4)
    screenshot(page, "08-import-preview")
    page.check("#id_publish")
    page.locator("input[name=confirm]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    lecture = Lecture.objects.get(course=course)
    assert lecture.is_published

    docx = tmp_path / "kirispe.docx"
    docx.write_bytes(make_docx([("Heading 1", "Кіріспе"), ("Normal", "Мәслихат — жергілікті өкілді орган.")]))
    page.goto(f"/admin/courses/lecture/import/?course={course.pk}")
    page.set_input_files("#id_document", str(docx))
    page.locator("input[type=submit]").click()
    expect(page.locator("#import-summary [data-count=sections]")).to_have_text("1")
    page.fill("#id_title", "Кіріспе дәріс")
    page.locator("input[name=confirm]").click()
    assert Lecture.objects.filter(course=course, title="Кіріспе дәріс").exists()

    page.goto(lecture.get_absolute_url())
    expect(page.locator(".lecture-plan a")).to_have_count(2)
    expect(page.locator("#goal-heading")).to_be_visible()
    assert page.locator("a.glossary-term").count() > 5


def add_question(page, quiz, kind, text, options=(), **fields):
    """Add a question from the quiz's page with the type's own editor, filling only what it shows."""
    page.goto(f"/admin/quizzes/quiz/{quiz.pk}/change/")
    page.locator(f"#add-question a[data-kind='{kind}']").click()
    page.wait_for_url(re.compile(rf"/admin/quizzes/question/add/\?quiz={quiz.pk}&kind={kind}$"))
    page.wait_for_selector("#id_text")
    assert fits_the_screen(page), f"the {kind} editor scrolls sideways"
    page.fill("#id_text", text)
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    for number, (option_text, correct, match, position) in enumerate(options):
        if page.locator(f"#id_options-{number}-text, #id_options-{number}-match").count() == 0:
            page.locator(".add-row a").click()
        for field, value in (("text", option_text), ("match", match), ("position", str(position))):
            if page.locator(f"#id_options-{number}-{field}").count():
                page.fill(f"#id_options-{number}-{field}", value)
        if page.locator(f"#id_options-{number}-is_correct").count():
            page.set_checked(f"#id_options-{number}-is_correct", correct)
    page.locator("input[name=_save]").click()
    expect(page).to_have_url(re.compile(rf"/admin/quizzes/quiz/{quiz.pk}/change/$"))


def test_a_single_choice_question_with_five_options_takes_eight_steps(page, demo):
    course, _demo_quiz = demo
    quiz = Quiz.objects.create(course=course, title="Жылдам тест")
    log_in_teacher(page)
    page.goto(f"/admin/quizzes/quiz/{quiz.pk}/change/")
    loads = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    steps = 0

    def step(action, *args):
        nonlocal steps
        steps += 1
        action(*args)

    step(page.locator("#add-question a[data-kind='single']").click)
    step(page.fill, "#id_text", "Мәслихат депутаттары неше жылға сайланады?")
    for number, answer in enumerate(["5 жылға", "4 жылға", "6 жылға", "3 жылға", "мерзімсіз"]):
        step(page.fill, f"#id_options-{number}-text", answer)  # the first, written first, is ticked as correct
    step(page.locator("input[name=_save]").click)
    expect(page.locator("#add-question")).to_be_visible()
    assert steps <= 8 and len(loads) <= 2, (steps, loads)
    question = quiz.questions.get()
    assert list(question.options.values_list("text", "is_correct", "position")) == [
        ("5 жылға", True, 1), ("4 жылға", False, 2), ("6 жылға", False, 3), ("3 жылға", False, 4), ("мерзімсіз", False, 5)
    ]  # fmt: skip


def test_a_question_previewed_alone_is_checked_but_not_saved(page, demo):
    _course, quiz = demo
    log_in_teacher(page)
    question = quiz.questions.get(kind="cloze")
    page.goto(f"/admin/quizzes/question/{question.pk}/change/")
    page.get_by_role("link", name=re.compile("Студент")).click()
    page.locator(f"input[name='q{question.pk}-g0']").fill("Әкімдік")
    page.locator(f"select[name='q{question.pk}-g1']").select_option(label="әкім")
    page.locator(f"input[name='q{question.pk}-g2']").fill("мәслихат")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#preview-result [data-points]")).to_have_attribute("data-points", "3.00")
    assert not question.responses.exists()


def test_teacher_builds_a_quiz_of_every_type_and_publishes_it(page, demo):
    course, _demo_quiz = demo
    log_in_teacher(page)
    page.goto("/admin/quizzes/quiz/add/")
    page.select_option("#id_course", str(course.pk))
    page.fill("#id_title", "Бақылау тесті")
    page.fill("#id_time_limit_minutes", "15")
    page.locator("input[name=_save]").click()
    quiz = Quiz.objects.get(title="Бақылау тесті")

    add_question(page, quiz, "single", "Заң қай жылы қабылданды?", [("2001", True, "", 1), ("1995", False, "", 2)])
    add_question(
        page,
        quiz,
        "multiple",
        "Сайланатын органдар?",
        [("мәслихат", True, "", 1), ("әкімдік", False, "", 2), ("жиын", True, "", 3)],
    )
    add_question(page, quiz, "true_false", "Әкім тағайындалады.", [("Ақиқат", True, "", 1), ("Жалған", False, "", 2)])
    add_question(page, quiz, "short", "Өкілді орган?", [("мәслихат", False, "", 1)])
    add_question(page, quiz, "numeric", "Конституцияның бабы?", numeric_answer="89")
    add_question(
        page,
        quiz,
        "matching",
        "Сәйкестендіріңіз",
        [("АҚШ", False, "англосаксондық", 1), ("Куба", False, "кеңестік", 2)],
    )
    add_question(
        page, quiz, "ordering", "Ретімен", [("1991", False, "", 1), ("1997", False, "", 2), ("2007", False, "", 3)]
    )
    add_question(page, quiz, "cloze", "Өкілді орган — {1:SHORTANSWER:=мәслихат}, {1:MC:=әкім~хатшы} басқарады.")
    add_question(page, quiz, "essay", "Өзін-өзі басқарудың мәнін түсіндіріңіз.", word_limit="100")

    page.goto(f"/admin/quizzes/question/add/?quiz={quiz.pk}&kind=single")  # one that cannot be graded is refused
    page.fill("#id_text", "Екі дұрыс жауап")
    page.fill("#id_options-0-text", "а")
    page.check("#id_options-0-is_correct")
    page.fill("#id_options-1-text", "ә")
    page.check("#id_options-1-is_correct")
    page.locator("input[name=_save]").click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()

    page.goto(f"/admin/quizzes/quiz/{quiz.pk}/change/")
    page.check("#id_is_published")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    quiz.refresh_from_db()
    assert quiz.is_published
    assert sorted(quiz.questions.values_list("kind", flat=True)) == sorted(
        question_type.code for question_type in question_types()
    )


def test_gradebook_csv_download_matches_what_the_student_saw(page, new_page, demo):
    from django.contrib.auth import get_user_model

    from courses.demo import DEMO_STUDENT, DEMO_TEACHER

    course, quiz = demo
    student = get_user_model().objects.get(username=DEMO_STUDENT.username)
    attempt = attempts.start_attempt(quiz, student)
    answers = correct_answers(attempt)
    first = next(iter(answers))
    attempts.save_answers(attempt, {key: value for key, value in answers.items() if key != first})
    attempt = attempts.finish(attempt)
    mark_essays_fully(attempt, get_user_model().objects.get(username=DEMO_TEACHER.username))

    log_in_teacher(page)
    page.goto(f"/courses/{course.slug}/gradebook/")
    expect(page.locator("#gradebook tbody tr")).to_have_count(1)
    screenshot(page, "09-gradebook")
    page.locator("details summary").click()
    page.select_option("#export-delimiter", "semicolon")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="CSV").click()
    download = download_info.value
    assert re.match(rf"{course.slug}-\d{{4}}-\d{{2}}-\d{{2}}\.csv", download.suggested_filename)
    rows = read_download(download)
    student_row = next(row for row in rows if row[1] == student.username)
    assert student_row[0] == student.full_name == "Әлиев Нұрлан Болатұлы"
    expected = (attempt.score * 100 / attempt.max_score).quantize(Decimal("0.01"))
    assert Decimal(student_row[4]) == expected
    student_page = new_page()
    log_in_student(student_page)
    student_page.goto(f"/attempts/{attempt.pk}/review/")
    assert f"({expected:.2f}%)".replace(".", ",") in student_page.locator("main").inner_text()
