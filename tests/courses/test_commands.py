"""Management commands for lectures and the demo course."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from courses.demo import DEMO_COURSE_SLUG, DEMO_LECTURE, DEMO_STUDENT
from courses.models import Course, Lecture
from tests.factories import make_course

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_setup_demo_builds_the_demo_course_and_is_safe_to_run_twice(client, settings):
    settings.DEBUG = True
    call_command("setup_demo")
    call_command("setup_demo")
    course = Course.objects.get(slug=DEMO_COURSE_SLUG)
    lecture = Lecture.objects.get()
    assert course.is_published and lecture.is_published
    assert course.enrollments.get().student.username == DEMO_STUDENT.username
    assert lecture.plan_items.count() == 2 and lecture.sections.count() == 2

    client.post(reverse("login"), {"username": DEMO_STUDENT.username, "password": DEMO_STUDENT.password})
    page = client.get(lecture.get_absolute_url()).content.decode()
    assert "Дәрістің мақсаты –" not in page  # recognised as the goal, shown under its own heading
    assert page.count("</strong> – мемлекеттегі белгілі бір әкімшілік-аумақтық бөлік тұрғындарының") == 1


def test_shipped_demo_lecture_is_the_users_seed_lecture():
    assert DEMO_LECTURE.read_text(encoding="utf-8").startswith(" 1. Қазақстан Республикасында жергілікті басқару")


def test_import_lecture_reports_then_saves_and_updates_on_the_second_run(tmp_path, capsys):
    course = make_course(slug="local-gov")
    call_command("import_lecture", str(DEMO_LECTURE), "--course", "local-gov", "--title", "Дәріс 1")
    output = capsys.readouterr().out
    assert "2 plan items, goal: yes, 13 key terms, 21 definitions (19 numbered), 2 sections" in output
    assert "орталық мемлекеттік органның аумақтық бөлімшесі" in output
    call_command("import_lecture", str(DEMO_LECTURE), "--course", "local-gov", "--drop-repeats", "--publish")
    lecture = Lecture.objects.get(course=course)
    assert lecture.title == "Дәріс 1" and lecture.is_published


def test_import_lecture_dry_run_saves_nothing():
    make_course(slug="local-gov")
    call_command("import_lecture", str(DEMO_LECTURE), "--course", "local-gov", "--dry-run")
    assert not Lecture.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--course", "no-such-course"], "no course"),
        (["--course", "local-gov"], "empty"),
    ],
)
def test_import_lecture_errors(tmp_path, args, message):
    make_course(slug="local-gov")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match=message):
        call_command("import_lecture", str(empty), *args)


def test_import_students_can_enrol_in_a_course(tmp_path):
    course = make_course(slug="local-gov")
    path = tmp_path / "class.csv"
    path.write_text("a.one,Бір Студент,\nb.two,Екі Студент,\n", encoding="utf-8")
    call_command("import_students", str(path), "--course", "local-gov")
    assert course.enrollments.count() == 2


def test_import_lecture_refuses_a_zip_bomb(tmp_path, docx_bomb):
    make_course(slug="local-gov")
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(docx_bomb)
    with pytest.raises(CommandError, match=r"bomb\.docx: .*more than 100 MB"):
        call_command("import_lecture", str(bomb), "--course", "local-gov")
    assert not Lecture.objects.exists()
