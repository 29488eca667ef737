"""Gradebook page, CSV and xlsx exports, student grades page, quiz results: one source of truth."""

import csv
import io
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.http import QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from courses.models import Enrollment
from quizzes.models import Attempt, Quiz
from tests.factories import AttemptFactory, make_course, make_user

pytestmark = pytest.mark.django_db
D = Decimal
NAMES = ["Ұланова Ұлпан", "Әбілов Әли", "Абаев Арман", "Іскақов Ілияс", '=HYPERLINK("http://evil")', "Ғабитова Ғалия"]


@pytest.fixture
def book(teacher):
    course = make_course(teachers=[teacher], slug="gov")
    students = [make_user("student", full_name=name) for name in NAMES]
    for number, student in enumerate(students):
        Enrollment.objects.create(course=course, student=student, group="МБ-21" if number % 2 else "МБ-22")
    highest = Quiz.objects.create(course=course, title="Тест 1", is_published=True, grading_method="highest")
    average = Quiz.objects.create(course=course, title="Тест 2", is_published=True, grading_method="average")
    Quiz.objects.create(course=course, title="Жоба", is_published=False)

    def attempt(quiz, student, number, score, state=Attempt.State.SUBMITTED, preview=False):
        AttemptFactory(quiz=quiz, student=student, number=number, score=score, state=state, is_preview=preview)

    _ulpan, ali, arman, _ilias, evil, _galiya = students
    attempt(highest, ali, 1, D(4))
    attempt(highest, ali, 2, D(9))
    attempt(average, ali, 1, D(5))
    attempt(average, ali, 2, D("6.5"))
    attempt(highest, arman, 1, D(10))
    attempt(highest, evil, 1, D(3))
    Attempt.objects.create(quiz=average, student=arman, number=1, max_score=D(10))  # in progress: not a grade
    return course, {student.full_name: student for student in students}


def test_grades_by_method_and_empty_cells(teacher_client, book):
    course, _students = book
    response = teacher_client.get(reverse("quizzes:gradebook", args=[course.slug]))
    rows = {row.full_name: row for row in response.context["rows"]}
    ali = rows["Әбілов Әли"]
    assert [cell.grade for cell in ali.cells] == [D("90.00"), D("57.50")]
    assert [cell.attempts for cell in ali.cells] == [2, 2]
    assert ali.total == D("73.75")
    arman = rows["Абаев Арман"]
    assert [cell.grade for cell in arman.cells] == [D("100.00"), None], "no finished attempt is empty, not 0"
    assert arman.total == D("50.00")
    assert rows["Ұланова Ұлпан"].total is None
    assert len(response.context["quizzes"]) == 2, "unpublished quizzes are not columns"


def test_students_in_kazakh_alphabetical_order(teacher_client, book):
    course, _students = book
    response = teacher_client.get(reverse("quizzes:gradebook", args=[course.slug]))
    assert [row.full_name for row in response.context["rows"]] == [
        "Абаев Арман",
        "Әбілов Әли",
        "Ғабитова Ғалия",
        "Ұланова Ұлпан",
        "Іскақов Ілияс",
        '=HYPERLINK("http://evil")',
    ]  # fmt: skip  (Latin after Cyrillic; the "=" is not a letter)


def test_search_and_group_filter(teacher_client, book):
    course, _students = book
    url = reverse("quizzes:gradebook", args=[course.slug])
    assert [r.full_name for r in teacher_client.get(url, {"q": "ӘБІЛОВ"}).context["rows"]] == ["Әбілов Әли"]
    assert {r.group for r in teacher_client.get(url, {"group": "МБ-21"}).context["rows"]} == {"МБ-21"}


def read_csv(response, delimiter=","):
    assert isinstance(response, StreamingHttpResponse)
    raw = b"".join(response.streaming_content).decode("utf-8")
    assert raw.startswith("\ufeff")
    return list(csv.reader(io.StringIO(raw[1:]), delimiter=delimiter))


def test_page_csv_and_student_page_agree(client, teacher, book):
    course, students = book
    client.force_login(teacher)
    page_rows = {
        row.username: row for row in client.get(reverse("quizzes:gradebook", args=[course.slug])).context["rows"]
    }
    csv_rows = read_csv(client.get(reverse("quizzes:gradebook_export", args=[course.slug])))
    assert csv_rows[0] == ["full name", "username", "email", "group", "Тест 1", "Тест 2", "total %"]
    for line in csv_rows[1:]:
        row = page_rows[line[1]]
        expected = ["" if cell.grade is None else str(cell.grade) for cell in row.cells]
        assert line[4:6] == expected
        assert line[6] == ("" if row.total is None else str(row.total))
        student = students[row.full_name]
        client.force_login(student)
        mine = client.get(reverse("quizzes:my_grades", args=[course.slug])).context["row"]
        assert [cell.grade for cell in mine.cells] == [cell.grade for cell in row.cells]
        assert mine.total == row.total
        client.force_login(teacher)


def test_csv_for_excel_semicolon_decimal_comma_and_no_formulas(teacher_client, book):
    course, _students = book
    url = reverse("quizzes:gradebook_export", args=[course.slug])
    response = teacher_client.get(url, {"delimiter": "semicolon", "decimal": "comma"})
    assert f"{course.slug}-" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    rows = read_csv(response, delimiter=";")
    evil = next(row for row in rows if "HYPERLINK" in row[0])
    assert evil[0] == '\'=HYPERLINK("http://evil")'
    assert evil[4] == "30,00", "numbers stay numbers, with the chosen decimal separator"
    ali = next(row for row in rows if row[0] == "Әбілов Әли")
    assert ali[4:7] == ["90,00", "57,50", "73,75"]


def test_streaming_export_runs_a_fixed_number_of_queries(teacher_client, book, django_assert_max_num_queries):
    course, _students = book
    url = reverse("quizzes:gradebook_export", args=[course.slug])
    with django_assert_max_num_queries(10):
        small = read_csv(teacher_client.get(url))
    for number in range(40):
        student = make_user("student", full_name=f"Студент {number:02d}")
        Enrollment.objects.create(course=course, student=student)
    with django_assert_max_num_queries(10):
        large = read_csv(teacher_client.get(url))
    assert len(large) == len(small) + 40


def read_xlsx(response):
    """The first sheet's cells, row by row, as openpyxl reads them back."""
    from openpyxl import load_workbook

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows())


def test_xlsx_has_numbers_as_numbers_and_formulas_as_plain_text(teacher_client, book):
    course, _students = book
    response = teacher_client.get(reverse("quizzes:gradebook_export", args=[course.slug]), {"format": "xlsx"})
    rows = read_xlsx(response)
    ali = next(row for row in rows if row[0].value == "Әбілов Әли")
    assert ali[4].value == 90 and ali[4].data_type == "n"
    evil = next(row for row in rows if "HYPERLINK" in str(row[0].value))[0]
    assert evil.value == '=HYPERLINK("http://evil")', "shown as typed, without an apostrophe"
    assert evil.data_type == "s", "stored as text, never as a formula"


@pytest.mark.parametrize("name", ["Бел\x07гі Әли", "Esc\x1bape Арман", "Vertical\x0btab Ғалия"])
def test_xlsx_export_drops_characters_excel_refuses(teacher_client, book, name):
    course, _students = book
    Enrollment.objects.create(course=course, student=make_user("student", full_name=name))
    response = teacher_client.get(reverse("quizzes:gradebook_export", args=[course.slug]), {"format": "xlsx"})
    assert response.status_code == 200
    names = [row[0].value for row in read_xlsx(response)]
    assert "".join(character for character in name if character.isprintable()) in names


def test_xlsx_attempts_export_has_real_dates_and_numbers(teacher_client, book):
    from datetime import datetime

    course, _students = book
    quiz = Quiz.objects.get(course=course, title="Тест 1")
    response = teacher_client.get(reverse("quizzes:attempts_export", args=[course.slug, quiz.pk]), {"format": "xlsx"})
    header, *rows = read_xlsx(response)
    assert [cell.value for cell in header][3:5] == ["started", "submitted"]
    attempt = Attempt.objects.filter(quiz=quiz).order_by("pk").first()
    ali = next(row for row in rows if row[0].value == attempt.student.full_name and row[2].value == attempt.number)
    started, submitted = ali[3], ali[4]
    assert isinstance(started.value, datetime) and started.is_date
    expected = timezone.localtime(attempt.started_at).replace(tzinfo=None, microsecond=0)
    assert abs((started.value - expected).total_seconds()) < 1, "local time, as the CSV shows it"
    assert isinstance(submitted.value, datetime) and "yy" in submitted.number_format
    assert ali[6].data_type == "n" and ali[6].value == float(attempt.score)


@pytest.mark.parametrize(
    "name",
    [" =1+1", "\t=1+1", "\r=1+1", "\n-2+3", "\xa0+SUM(A1)", "\u2003@cmd", "\u3000=2", " \u200b=3"],
)
def test_csv_neutralises_formulas_behind_leading_whitespace(teacher_client, book, name):
    course, _students = book
    student = make_user("student", full_name=name)
    Enrollment.objects.create(course=course, student=student)
    url = reverse("quizzes:gradebook_export", args=[course.slug])
    by_username = {row[1]: row for row in read_csv(teacher_client.get(url))}
    assert by_username[student.username][0] == "'" + name

    cell = next(
        row[0] for row in read_xlsx(teacher_client.get(url, {"format": "xlsx"})) if row[1].value == student.username
    )
    assert cell.data_type == "s" and not cell.value.startswith("'")


def test_quiz_attempts_csv_one_row_per_attempt(teacher_client, book):
    course, _students = book
    quiz = Quiz.objects.get(course=course, title="Тест 1")
    rows = read_csv(teacher_client.get(reverse("quizzes:attempts_export", args=[course.slug, quiz.pk])))
    assert rows[0] == [
        "full name",
        "username",
        "attempt",
        "started",
        "submitted",
        "duration (min)",
        "score",
        "max",
        "percent",
        "state",
    ]
    assert len(rows) == 1 + 4
    ali = [row for row in rows if row[0] == "Әбілов Әли"]
    assert [row[2] for row in ali] == ["1", "2"] and ali[1][8] == "90.00"
    assert len(ali[0][3]) == len("2026-11-25 12:00:00")


def test_gradebook_page_query_count(teacher_client, book, django_assert_max_num_queries):
    course, _students = book
    url = reverse("quizzes:gradebook", args=[course.slug])
    with django_assert_max_num_queries(12):
        teacher_client.get(url)
    for _number in range(60):
        Enrollment.objects.create(course=course, student=make_user("student"))
    with django_assert_max_num_queries(12):
        assert len(teacher_client.get(url).context["rows"]) == 50


class TestAccess:
    def test_students_and_other_teachers_get_404(self, client, book):
        course, students = book
        for user in (students["Әбілов Әли"], make_user("teacher")):
            client.force_login(user)
            for name in ("quizzes:gradebook", "quizzes:gradebook_export"):
                assert client.get(reverse(name, args=[course.slug])).status_code == 404
            quiz = course.quizzes.first()
            assert client.get(reverse("quizzes:results", args=[course.slug, quiz.pk])).status_code == 404
            assert client.get(reverse("quizzes:attempts_export", args=[course.slug, quiz.pk])).status_code == 404

    def test_my_grades_only_for_enrolled_students(self, client, book):
        course, _students = book
        client.force_login(make_user("student"))
        assert client.get(reverse("quizzes:my_grades", args=[course.slug])).status_code == 404


def test_results_page_statistics(teacher_client, book, django_assert_max_num_queries):
    course, _students = book
    quiz = Quiz.objects.get(course=course, title="Тест 1")
    with django_assert_max_num_queries(12):
        response = teacher_client.get(reverse("quizzes:results", args=[course.slug, quiz.pk]))
    assert response.context["finished_count"] == 4
    counts = [band["count"] for band in response.context["bands"]]
    assert counts == [0, 0, 0, 1, 1, 0, 0, 0, 0, 2]
    assert "<svg" in response.content.decode()


def pages_of(client, url, params=None):
    """Every page of a paginated teacher page, following its "next" links as a teacher would."""
    response = client.get(url, params)
    while True:
        assert response.status_code == 200
        soup = BeautifulSoup(response.content, "html.parser")
        yield soup
        next_link = soup.select_one('nav a[rel="next"]')
        if next_link is None:
            return
        response = client.get(url + next_link["href"])


class TestPages:
    def test_every_attempt_of_a_large_quiz_is_reachable_through_the_results_pages(self, teacher_client, book):
        course, _students = book
        quiz = Quiz.objects.create(course=course, title="Емтихан", is_published=True)
        students = [make_user("student", full_name=f"Студент {number:02d}") for number in range(40)]
        Attempt.objects.bulk_create(
            Attempt(quiz=quiz, student=student, number=number, state=Attempt.State.SUBMITTED, max_score=D(10))
            for student in students
            for number in (1, 2, 3)
        )
        url = reverse("quizzes:results", args=[course.slug, quiz.pk])
        shown = [link["href"] for soup in pages_of(teacher_client, url) for link in soup.select("#attempts tbody a")]
        expected = [reverse("quizzes:review", args=[attempt.pk]) for attempt in quiz.attempts.all()]
        assert len(expected) == 120
        assert sorted(shown) == sorted(expected), "each of the 120 attempts appears on exactly one page"

    def test_results_pages_keep_the_search_and_state(self, teacher_client, book):
        course, _students = book
        quiz = Quiz.objects.create(course=course, title="Емтихан", is_published=True)
        names = [f"Нұрланов Студент {number:02d}" for number in range(60)] + ["Басқа Адам"]
        Attempt.objects.bulk_create(
            Attempt(quiz=quiz, student=make_user("student", full_name=name), number=1, state=Attempt.State.SUBMITTED)
            for name in names
        )
        url = reverse("quizzes:results", args=[course.slug, quiz.pk])
        soups = list(pages_of(teacher_client, url, {"q": "нұрланов", "state": "submitted"}))
        assert len(soups) == 2
        next_href = soups[0].select_one('nav a[rel="next"]')["href"]
        assert QueryDict(next_href.lstrip("?")) == QueryDict("q=нұрланов&state=submitted&page=2")
        assert sum(len(soup.select("#attempts tbody tr")) for soup in soups) == 60

    def test_gradebook_pages_keep_the_search_and_group(self, teacher_client, book):
        course, _students = book
        for number in range(55):
            Enrollment.objects.create(
                course=course, student=make_user("student", full_name=f"Топ Студент {number:02d}"), group="ТОП-1"
            )
        url = reverse("quizzes:gradebook", args=[course.slug])
        soups = list(pages_of(teacher_client, url, {"q": "топ", "group": "ТОП-1"}))
        assert len(soups) == 2
        previous_href = soups[1].select_one('nav a[rel="prev"]')["href"]
        assert QueryDict(previous_href.lstrip("?")) == QueryDict("q=топ&group=ТОП-1&page=1")
        current = soups[1].select_one('.pagination [aria-current="page"]')
        assert current.get_text(strip=True) == "2 / 2"
        assert sum(len(soup.select("#gradebook tbody tr")) for soup in soups) == 55
