"""Teachers reach only their own students; adding an account to a course gives no rights over it."""

import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from courses import access
from courses.models import Enrollment
from tests.factories import make_course, make_user
from tests.helpers import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(teacher, student):
    """Course A taught by ``teacher`` with ``student``; course B taught by another teacher with its own student."""
    other_teacher = make_user("teacher", username="other-teacher")
    course_a = make_course(teachers=[teacher], students=[student], title="A")
    other_student = make_user("student", username="other-student")
    course_b = make_course(teachers=[other_teacher], students=[other_student], title="B")
    admin = make_user("admin", username="root", email="root@example.kz")
    return {
        "a": course_a,
        "b": course_b,
        "other_teacher": other_teacher,
        "other_student": other_student,
        "admin": admin,
    }


def listed_usernames(response) -> set[str]:
    page = BeautifulSoup(response.content, "html.parser")
    return {cell.get_text(strip=True) for cell in page.select("#result_list tbody th")}


def enrol_by_username(client, course, username):
    return client.post(
        reverse("admin:courses_course_change", args=[course.pk]),
        {
            "title": course.title,
            "slug": course.slug,
            "language": "kk",
            "join_code": course.join_code,
            "lectures-TOTAL_FORMS": "0",
            "lectures-INITIAL_FORMS": "0",
            "enrollments-TOTAL_FORMS": "1",
            "enrollments-INITIAL_FORMS": "0",
            "enrollments-0-username": username,
            "enrollments-0-group": "МБ-21",
            "enrollments-0-course": course.pk,
        },
    )


class TestUserDirectory:
    def test_a_teacher_lists_only_their_own_students(self, teacher_client, school):
        response = teacher_client.get(reverse("admin:courses_user_changelist"))
        assert listed_usernames(response) == {"student"}
        assert "root@example.kz" not in response.content.decode()

    def test_a_teacher_cannot_open_another_courses_student_or_a_teacher(self, teacher_client, school):
        for person in (school["other_student"], school["other_teacher"], school["admin"]):
            response = teacher_client.get(reverse("admin:courses_user_change", args=[person.pk]))
            assert response.status_code == 302, person  # "does not exist" and back to the index
            account = teacher_client.get(reverse("admin:courses_user_account", args=[person.pk]))
            assert account.status_code == 404

    def test_the_admin_sees_everyone(self, client, school):
        client.force_login(school["admin"])
        usernames = listed_usernames(client.get(reverse("admin:courses_user_changelist")))
        assert {"student", "other-student", "other-teacher", "root", "teacher"} <= usernames

    def test_autocompletes_offer_only_the_teachers_own_students(self, teacher_client, school, student):
        response = teacher_client.get(
            reverse("admin:autocomplete"),
            {"app_label": "courses", "model_name": "enrollment", "field_name": "student", "term": ""},
        )
        assert [int(result["id"]) for result in response.json()["results"]] == [student.pk]


class TestEnrolment:
    def test_an_existing_account_is_added_by_its_exact_username(self, teacher_client, school):
        response = enrol_by_username(teacher_client, school["a"], "other-student")
        assert response.status_code == 302
        enrollment = Enrollment.objects.get(course=school["a"], student=school["other_student"])
        assert enrollment.added_existing and enrollment.group == "МБ-21"
        entry = LogEntry.objects.get(additional_data__event="enrolled")
        assert entry.additional_data["course"] == school["a"].pk
        assert entry.changes_dict["student"] == [None, "other-student"]

    @pytest.mark.parametrize("username", ["other-stud", "OTHER-STUDENT", "other-teacher", "root", "nobody"])
    def test_partial_names_staff_and_unknown_usernames_are_refused(self, teacher_client, school, username):
        response = enrol_by_username(teacher_client, school["a"], username)
        assert response.status_code == 200
        assert response.context["inline_admin_formsets"][1].formset.errors[0]["username"]
        assert not Enrollment.objects.filter(course=school["a"]).exclude(student__username="student").exists()

    def test_adding_an_account_gives_no_right_to_its_password(self, teacher_client, school):
        enrol_by_username(teacher_client, school["a"], "other-student")
        url = reverse("admin:courses_user_account", args=[school["other_student"].pk])
        page = teacher_client.get(url)
        assert page.status_code == 200 and not page.context["allowed"]
        assert "administrator" in page.content.decode() or page.context["allowed"] is False
        assert teacher_client.post(url, {"password": "1"}).status_code == 403
        assert login(Client(), "other-student").status_code == 302

    def test_a_class_list_with_someone_elses_username_gives_no_rights_either(self, teacher_client, school):
        csv = "other-student,Басқа Студент,\nnew.one,Жаңа Студент,\n".encode()
        teacher_client.post(
            reverse("admin:courses_course_enrol_csv", args=[school["a"].pk]),
            {"class_list": SimpleUploadedFile("class.csv", csv)},
        )
        teacher = school["a"].teachers.get()
        assert not access.can_manage_account(teacher, school["other_student"])
        new_one = Enrollment.objects.get(course=school["a"], student__username="new.one").student
        assert access.can_manage_account(teacher, new_one)
        assert LogEntry.objects.filter(additional_data__event="enrolled").count() == 2


class TestPasswords:
    def test_a_teacher_sets_a_password_for_their_own_student_and_it_is_audited(self, teacher_client, school, student):
        url = reverse("admin:courses_user_account", args=[student.pk])
        assert teacher_client.get(url).context["allowed"]
        response = teacher_client.post(url, {"password": "1"})
        password = response.context["new_password"]
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
        student.refresh_from_db()
        assert student.check_password(password)
        entry = LogEntry.objects.get(additional_data__event="password_set")
        assert password not in str(entry.changes) and entry.additional_data["course"] == school["a"].pk

    def test_not_for_a_student_who_also_takes_another_teachers_course(self, teacher_client, school, student):
        Enrollment.objects.create(course=school["b"], student=student)
        url = reverse("admin:courses_user_account", args=[student.pk])
        assert teacher_client.post(url, {"password": "1"}).status_code == 403

    def test_the_audit_trail_shows_each_teacher_their_own_courses(self, teacher_client, school, student, client):
        teacher_client.post(reverse("admin:courses_user_account", args=[student.pk]), {"password": "1"})
        other = Client()
        other.force_login(school["other_teacher"])
        assert other.get(reverse("admin:auditlog_logentry_changelist")).context["cl"].result_count == 0
        assert teacher_client.get(reverse("admin:auditlog_logentry_changelist")).context["cl"].result_count == 1
        client.force_login(school["admin"])
        assert client.get(reverse("admin:auditlog_logentry_changelist")).context["cl"].result_count == 1


class TestCourseTeachers:
    def test_a_teacher_cannot_make_someone_a_co_teacher(self, teacher_client, school):
        course = school["a"]
        data = {
            "title": course.title,
            "slug": course.slug,
            "language": "kk",
            "join_code": course.join_code,
            "teachers": [school["other_teacher"].pk],
            "lectures-TOTAL_FORMS": "0",
            "lectures-INITIAL_FORMS": "0",
            "enrollments-TOTAL_FORMS": "0",
            "enrollments-INITIAL_FORMS": "0",
        }
        teacher_client.post(reverse("admin:courses_course_change", args=[course.pk]), data)
        assert list(course.teachers.values_list("username", flat=True)) == ["teacher"]


class TestUnenrolment:
    def test_removing_a_student_and_changing_a_group_are_saved_and_audited(self, teacher_client, school, student):
        course = school["a"]
        Enrollment.objects.create(course=course, student=school["other_student"], group="МБ-21")
        url = reverse("admin:courses_course_change", args=[course.pk])
        from tests.helpers import form_fields

        fields = form_fields(teacher_client.get(url), "#course_form")
        rows = {fields[f"enrollments-{number}-username"][0]: number for number in range(2)}
        fields[f"enrollments-{rows['student']}-DELETE"] = ["on"]
        fields[f"enrollments-{rows['other-student']}-group"] = ["ПМ-22"]
        assert teacher_client.post(url, fields).status_code == 302
        assert list(course.enrollments.values_list("student__username", "group")) == [("other-student", "ПМ-22")]
        events = dict(LogEntry.objects.values_list("additional_data__event", "changes"))
        assert events["unenrolled"]["student"] == ["student", None]
        assert events["enrolment_changed"]["group"] == ["МБ-21", "ПМ-22"]
