"""The workspace's own pages share one scaffold (courses.admin_pages) and one pair of publish actions."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses.models import Course, Lecture
from tests.factories import PASSWORD, make_course, make_lecture, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_admin(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def own_course(teacher, student):
    return make_course(teachers=[teacher], students=[student], title="Менің курсым")


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def crumbs(response) -> list[str]:
    return [" ".join(part.split()) for part in soup_of(response).select_one(".breadcrumbs").get_text().split("›")]


def history(obj) -> list[str]:
    """The object's history as the admin's history page shows it."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("action_time")
    return [entry.get_change_message() for entry in entries]


def upload_lecture(client, course, data, name="lecture.txt"):
    return client.post(
        reverse("admin:courses_lecture_import"), {"course": course.pk, "document": SimpleUploadedFile(name, data)}
    )


class TestBreadcrumbs:
    def test_a_page_of_one_object_names_it_between_the_list_and_the_page(self, teacher_client, own_course):
        response = teacher_client.get(reverse("admin:courses_course_enrol_csv", args=[own_course.pk]))
        assert crumbs(response) == ["Home", "Courses", "Менің курсым", "Enrol students from a class list"]
        middle = soup_of(response).select(".breadcrumbs a")[2]
        assert middle["href"] == reverse("admin:courses_course_change", args=[own_course.pk])

    def test_the_sign_in_page_names_the_person(self, teacher_client, own_course, student):
        response = teacher_client.get(reverse("admin:courses_user_account", args=[student.pk]))
        assert crumbs(response) == ["Home", "Users", "Әлиев Нұрлан", "Sign-in and password"]

    @pytest.mark.parametrize(
        ("url_name", "expected"),
        [
            ("admin:courses_lecture_import", ["Home", "Lectures", "Import a lecture"]),
            ("admin:glossary_entry_import", ["Home", "Glossary entries", "Import a glossary"]),
        ],
    )
    def test_a_page_of_a_list(self, teacher_client, own_course, url_name, expected):
        assert crumbs(teacher_client.get(reverse(url_name))) == expected

    def test_the_import_preview_steps_back_to_the_upload(self, teacher_client, own_course, seed_lecture):
        preview = teacher_client.get(upload_lecture(teacher_client, own_course, seed_lecture).url)
        assert crumbs(preview) == ["Home", "Lectures", "Import a lecture", "Check the import"]


class TestForms:
    @pytest.mark.parametrize(
        ("url_name", "field"),
        [
            ("admin:courses_lecture_import", "document"),
            ("admin:glossary_entry_import", "glossary_file"),
            ("admin:courses_course_enrol_csv", "class_list"),
        ],
    )
    def test_forms_use_the_admins_own_fieldset_markup(self, teacher_client, own_course, url_name, field):
        args = [own_course.pk] if url_name.endswith("enrol_csv") else []
        page = soup_of(teacher_client.get(reverse(url_name, args=args)))
        row = page.select_one(f"fieldset.module.aligned .form-row.field-{field}")
        assert row is not None and row.select_one(f"#id_{field}_helptext.help")
        assert page.select_one("link[href$='admin/css/forms.css']")

    def test_errors_show_at_their_field(self, teacher_client, own_course):
        url = reverse("admin:courses_course_enrol_csv", args=[own_course.pk])
        data = "ok.one,Бір Студент,\nbad user!,Екі,\n".encode()
        page = soup_of(teacher_client.post(url, {"class_list": SimpleUploadedFile("c.csv", data)}))
        assert page.select_one(".form-row.field-class_list .errorlist")


class TestPermissions:
    def test_staff_without_the_permission_is_refused(self, client, own_course, student):
        clerk = get_user_model().objects.create_user(username="clerk", password=PASSWORD, is_staff=True)
        client.force_login(clerk)
        assert client.get(reverse("admin:courses_course_enrol_csv", args=[own_course.pk])).status_code == 403
        assert client.get(reverse("admin:courses_user_account", args=[student.pk])).status_code == 403

    def test_another_teachers_objects_do_not_exist(self, client, own_course, student):
        client.force_login(make_user("teacher"))
        assert client.get(reverse("admin:courses_course_enrol_csv", args=[own_course.pk])).status_code == 404
        assert client.get(reverse("admin:courses_user_account", args=[student.pk])).status_code == 404


class TestHistory:
    """What a page changes shows in the object's history, like a change made on its change page."""

    def test_enrolling_a_class_list(self, teacher_client, own_course):
        data = "new.one;Жаңа Студент;\r\n".encode()
        teacher_client.post(
            reverse("admin:courses_course_enrol_csv", args=[own_course.pk]),
            {"class_list": SimpleUploadedFile("c.csv", data)},
        )
        assert history(own_course) == ["Added enrolment “Жаңа Студент – Менің курсым”."]

    def test_a_new_password_and_a_lifted_pause(self, teacher_client, own_course, student):
        url = reverse("admin:courses_user_account", args=[student.pk])
        teacher_client.post(url, {"password": "1"})
        teacher_client.post(url, {"unlock": "1"})
        assert history(student) == ["Changed password.", "The sign-in pause was lifted."]

    def test_a_lecture_import_adds_then_replaces(self, teacher_client, own_course):
        preview_url = upload_lecture(teacher_client, own_course, "Бірінші мәтін.".encode()).url
        teacher_client.post(preview_url, {"title": "Бірінші", "confirm": "1"})
        lecture = Lecture.objects.get()
        assert history(lecture) == ["Added."]
        preview_url = upload_lecture(teacher_client, own_course, "Екінші мәтін.".encode()).url
        teacher_client.post(preview_url, {"title": "Бірінші", "replace_same_file": "on", "confirm": "1"})
        assert history(lecture)[-1] == (
            "Changed title, goal, introduction, key terms, definitions found in the document and imported from."
        )

    def test_a_glossary_import_is_in_the_course_history(self, teacher_client, own_course):
        data = "term,aliases,definition,source,category\nәкім,,Атқарушы органның басшысы.,,\n".encode()
        teacher_client.post(
            reverse("admin:glossary_entry_import"),
            {"course": own_course.pk, "glossary_file": SimpleUploadedFile("g.csv", data)},
        )
        assert history(own_course) == ["1 entries added, 0 entries updated."]


def run_action(client, model, action, objects):
    changelist = f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
    return client.post(
        reverse(changelist), {"action": action, ACTION_CHECKBOX_NAME: [obj.pk for obj in objects]}, follow=True
    )


class TestPublishActions:
    def test_courses(self, teacher_client, teacher):
        drafts = [make_course(teachers=[teacher], published=False) for _ in range(2)]
        foreign = make_course(teachers=[make_user("teacher")], published=False)
        response = run_action(teacher_client, Course, "publish", [*drafts, foreign])
        assert [str(message) for message in response.context["messages"]] == ["Courses published: 2."]
        assert list(Course.objects.filter(is_published=True)) == drafts
        assert history(drafts[0]) == ["Changed published."]

    def test_lectures(self, teacher_client, own_course):
        lectures = [make_lecture(own_course, published=True) for _ in range(3)]
        response = run_action(teacher_client, Lecture, "unpublish", lectures[:2])
        assert [str(message) for message in response.context["messages"]] == ["Lectures hidden from students: 2."]
        assert [lecture.is_published for lecture in Lecture.objects.order_by("pk")] == [False, False, True]

    def test_the_actions_are_named_for_the_model(self, teacher_client, own_course):
        make_lecture(own_course)
        page = soup_of(teacher_client.get(reverse("admin:courses_lecture_changelist")))
        choices = {option["value"]: option.get_text() for option in page.select("select[name=action] option")}
        assert choices["publish"] == "Publish selected lectures"
        assert choices["unpublish"] == "Hide selected lectures from students"
