"""The teacher's workspace: isolation between teachers, lecture upload with preview, class-list enrolment."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import Course, ImportDraft, Lecture
from tests.factories import make_course, make_docx, make_lecture, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_admin(client, settings):
    """Assertions below read English messages; the Kazakh admin is covered by the i18n tests."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def own_course(teacher):
    return make_course(teachers=[teacher], title="Менің курсым")


@pytest.fixture
def other_course():
    return make_course(teachers=[make_user("teacher")], title="Басқа курс")


class TestIsolation:
    def test_course_list_shows_only_my_courses(self, teacher_client, own_course, other_course):
        page = teacher_client.get(reverse("admin:courses_course_changelist")).content.decode()
        assert "Менің курсым" in page and "Басқа курс" not in page

    def test_another_teachers_course_cannot_be_opened_or_changed(self, teacher_client, other_course):
        response = teacher_client.get(reverse("admin:courses_course_change", args=[other_course.pk]))
        assert response.status_code == 302  # the admin's "does not exist" redirect, no data shown
        response = teacher_client.post(
            reverse("admin:courses_course_change", args=[other_course.pk]),
            {"title": "Hijacked", "slug": other_course.slug, "language": "kk"},
        )
        other_course.refresh_from_db()
        assert other_course.title == "Басқа курс"

    def test_lectures_of_other_courses_are_hidden_and_not_offered(self, teacher_client, own_course, other_course):
        make_lecture(own_course, title="Менің дәрісім")
        foreign = make_lecture(other_course, title="Бөтен дәріс")
        page = teacher_client.get(reverse("admin:courses_lecture_changelist")).content.decode()
        assert "Менің дәрісім" in page and "Бөтен дәріс" not in page and "Басқа курс" not in page
        assert teacher_client.get(reverse("admin:courses_lecture_change", args=[foreign.pk])).status_code == 302
        add_page = teacher_client.get(reverse("admin:courses_lecture_add")).content.decode()
        assert "Менің курсым" in add_page and "Басқа курс" not in add_page

    def test_a_teacher_creating_a_course_owns_it(self, teacher_client, teacher):
        response = teacher_client.post(
            reverse("admin:courses_course_add"),
            {
                "title": "Жаңа курс",
                "slug": "jana-kurs",
                "language": "kk",
                "description": "",
                "lectures-TOTAL_FORMS": "0",
                "lectures-INITIAL_FORMS": "0",
                "enrollments-TOTAL_FORMS": "0",
                "enrollments-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert Course.objects.get(slug="jana-kurs").teachers.filter(pk=teacher.pk).exists()


def upload(client, course, name, data, lecture=None):
    return client.post(
        reverse("admin:courses_lecture_import"),
        {"course": course.pk, "lecture": lecture.pk if lecture else "", "document": SimpleUploadedFile(name, data)},
    )


class TestLectureImport:
    def test_upload_preview_confirm(self, teacher_client, own_course, seed_lecture):
        response = upload(teacher_client, own_course, "lecture-01.kk.txt", seed_lecture)
        assert response.status_code == 302
        preview = teacher_client.get(response.url)
        page = preview.content.decode()
        assert preview.context["summary"]["key_terms"] == 13
        assert preview.context["summary"]["numbered_definitions"] == 19
        assert "орталық мемлекеттік органның аумақтық бөлімшесі" in page
        assert page.count('class="warning"') == 4
        assert not Lecture.objects.exists(), "nothing is saved before the teacher confirms"

        verbatim = [repeat.number for repeat in preview.context["parsed"].repeats if repeat.verbatim]
        assert preview.context["form"].initial["leave_out"] == verbatim
        confirmed = teacher_client.post(
            response.url, {"title": "Жергілікті басқару", "leave_out": verbatim, "publish": "on", "confirm": "1"}
        )
        assert confirmed.status_code == 302
        lecture = Lecture.objects.get()
        assert lecture.is_published and lecture.title == "Жергілікті басқару"
        assert lecture.sections.count() == 2
        assert not ImportDraft.objects.exists()

        again = teacher_client.post(response.url, {"title": "x", "confirm": "1"})
        assert again.status_code == 302, "a second click after saving does not fail"
        assert Lecture.objects.count() == 1

    def test_docx_upload_replaces_a_chosen_lecture(self, teacher_client, own_course):
        existing = make_lecture(own_course, title="Ескі дәріс")
        data = make_docx([("Heading 1", "Кіріспе"), ("Normal", "Жаңа мәтін.")])
        preview_url = upload(teacher_client, own_course, "new.docx", data, lecture=existing).url
        assert "Ескі дәріс" in teacher_client.get(preview_url).content.decode()
        teacher_client.post(preview_url, {"title": "Жаңартылған", "confirm": "1"})
        existing.refresh_from_db()
        assert existing.title == "Жаңартылған"
        assert list(existing.sections.values_list("title", flat=True)) == ["Кіріспе"]
        assert Lecture.objects.count() == 1

    def test_same_file_name_replaces_only_when_the_teacher_keeps_the_tick(self, teacher_client, own_course):
        first = upload(teacher_client, own_course, "Дәріс.txt", "Бірінші мәтін.".encode()).url
        teacher_client.post(first, {"title": "Бірінші", "confirm": "1"})
        second = upload(teacher_client, own_course, "Дәріс.txt", "Екінші мәтін.".encode()).url
        preview = teacher_client.get(second)
        assert "Бірінші" in preview.context["form"].fields["replace_same_file"].label
        teacher_client.post(second, {"title": "Екінші", "confirm": "1"})  # unticked: a new lecture
        assert sorted(Lecture.objects.values_list("title", flat=True)) == ["Бірінші", "Екінші"]
        third = upload(teacher_client, own_course, "Дәріс.txt", "Үшінші мәтін.".encode()).url
        teacher_client.post(third, {"title": "Бірінші", "replace_same_file": "on", "confirm": "1"})
        assert Lecture.objects.count() == 2

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("notes.txt", b"", "empty"),
            ("notes.txt", "Дәріс".encode("utf-16"), "UTF-8"),
            ("notes.docx", b"PK\x03\x04broken", "damaged"),
            ("notes.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "password"),
            ("notes.pdf", b"%PDF", "not a supported file"),
        ],
    )
    def test_bad_files_get_a_clear_message_and_nothing_is_kept(self, teacher_client, own_course, name, data, message):
        response = upload(teacher_client, own_course, name, data)
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["document"])
        assert not ImportDraft.objects.exists() and not Lecture.objects.exists()

    def test_a_too_large_file_is_refused(self, teacher_client, own_course, settings):
        from courses import importing

        response = upload(teacher_client, own_course, "big.txt", b"a" * (importing.MAX_FILE_SIZE + 1))
        assert "larger than" in " ".join(response.context["form"].errors["document"])

    @pytest.mark.parametrize(
        ("fixture", "message"), [("docx_bomb", "more than 100 MB"), ("docx_of_many_parts", "more than 2000 parts")]
    )
    def test_a_zip_bomb_is_refused_with_a_message(self, request, teacher_client, own_course, fixture, message):
        response = upload(teacher_client, own_course, "bomb.docx", request.getfixturevalue(fixture))
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["document"])
        assert not ImportDraft.objects.exists() and not Lecture.objects.exists()

    def test_cannot_import_into_another_teachers_course(self, teacher_client, other_course, seed_lecture):
        response = upload(teacher_client, other_course, "x.txt", seed_lecture)
        assert response.status_code == 200
        assert "course" in response.context["form"].errors
        assert not ImportDraft.objects.exists()

    def test_another_teachers_draft_is_not_reachable(self, client, own_course, teacher, seed_lecture):
        client.force_login(teacher)
        preview_url = upload(client, own_course, "x.txt", seed_lecture).url
        client.force_login(make_user("teacher"))
        response = client.post(preview_url, {"title": "x", "confirm": "1"})
        assert response.status_code == 302
        assert not Lecture.objects.exists() and ImportDraft.objects.count() == 1

    def test_cancel_discards_the_upload(self, teacher_client, own_course, seed_lecture):
        preview_url = upload(teacher_client, own_course, "x.txt", seed_lecture).url
        teacher_client.post(preview_url, {"cancel": "1"})
        assert not ImportDraft.objects.exists() and not Lecture.objects.exists()

    def test_students_cannot_reach_the_import(self, student_client):
        response = student_client.get(reverse("admin:courses_lecture_import"))
        assert response.status_code == 302 and "login" in response.url


class TestReservedAddresses:
    """A lecture or course address that is also a course page's address would hide that page."""

    def lecture_form(self, course, slug, **extra):
        return {
            "course": course.pk,
            "position": 1,
            "title": "Бағалар журналы",
            "slug": slug,
            "link_glossary_terms": "on",
            "goal": "",
            "body": "",
            "plan_items-TOTAL_FORMS": "0",
            "plan_items-INITIAL_FORMS": "0",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
            **extra,
        }

    @pytest.mark.parametrize("slug", ["gradebook", "glossary", "grades", "quizzes"])
    def test_a_lecture_cannot_take_the_address_of_a_course_page(self, teacher_client, own_course, slug):
        response = teacher_client.post(reverse("admin:courses_lecture_add"), self.lecture_form(own_course, slug))
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["slug"] == [
            "This address is used by a page of the course; choose another."
        ]
        assert not Lecture.objects.exists()

    def test_an_existing_lecture_cannot_be_renamed_to_it(self, teacher_client, own_course):
        lecture = make_lecture(own_course, sections=0)
        response = teacher_client.post(
            reverse("admin:courses_lecture_change", args=[lecture.pk]), self.lecture_form(own_course, "gradebook")
        )
        assert "slug" in response.context["adminform"].form.errors
        lecture.refresh_from_db()
        assert lecture.slug != "gradebook"

    def test_ordinary_lecture_addresses_are_accepted(self, teacher_client, own_course):
        response = teacher_client.post(
            reverse("admin:courses_lecture_add"), self.lecture_form(own_course, "gradebook-basics")
        )
        assert response.status_code == 302
        assert Lecture.objects.get().slug == "gradebook-basics"

    def test_a_course_cannot_take_the_address_of_a_site_page(self, teacher_client):
        response = teacher_client.post(
            reverse("admin:courses_course_add"),
            {
                "title": "Курсқа жазылу",
                "slug": "join",
                "language": "kk",
                "lectures-TOTAL_FORMS": "0",
                "lectures-INITIAL_FORMS": "0",
                "enrollments-TOTAL_FORMS": "0",
                "enrollments-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["slug"] == [
            "This address is used by the site; choose another."
        ]
        assert not Course.objects.filter(slug="join").exists()


class TestEnrolFromCsv:
    def url(self, course):
        return reverse("admin:courses_course_enrol_csv", args=[course.pk])

    def test_new_accounts_are_shown_once_with_a_download_for_excel(self, teacher_client, own_course, student):
        data = "username;full name;email\r\nstudent;Әлиев Нұрлан;\r\nnew.one;Жаңа Студент;new@university.kz\r\n"
        response = teacher_client.post(
            self.url(own_course), {"class_list": SimpleUploadedFile("c.csv", ("\ufeff" + data).encode())}
        )
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        assert response.context["report"].enrolled == 2
        rows = list(csv.reader(io.StringIO(response.context["credentials_csv"].lstrip("\ufeff")), delimiter=";"))
        assert rows[1][:2] == ["new.one", "Жаңа Студент"] and len(rows) == 2
        page = response.content.decode()
        assert 'download="' in page and "data:text/csv;charset=utf-8,%EF%BB%BF" in page
        assert rows[1][2] in page
        assert set(own_course.enrollments.values_list("student__username", flat=True)) == {"student", "new.one"}
        student.refresh_from_db()
        assert student.full_name == "Әлиев Нұрлан", "a teacher's class list does not rename existing students"
        assert type(student).objects.get(username="new.one").check_password(rows[1][2])

    def test_bad_rows_are_listed_and_nothing_changes(self, teacher_client, own_course):
        data = "ok.one,Бір Студент,\nbad user!,Екі,\n"
        response = teacher_client.post(self.url(own_course), {"class_list": SimpleUploadedFile("c.csv", data.encode())})
        assert response.status_code == 200
        assert "2" in " ".join(response.context["form"].errors["class_list"])
        assert not own_course.enrollments.exists()

    def test_only_for_my_courses(self, teacher_client, other_course):
        response = teacher_client.get(self.url(other_course))
        assert response.status_code == 404
