"""Wrong passwords and join codes pause guessing, but nobody can lock someone else out."""

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from courses import throttling
from courses.models import Course, Enrollment, Failure
from tests.factories import PASSWORD, make_course, make_user
from tests.helpers import login

pytestmark = pytest.mark.django_db


def fail(client, username, times, **where):
    for _ in range(times):
        assert login(client, username, "wrong-guess-123", **where).status_code in (200, 429)


class TestPause:
    def test_wrong_passwords_pause_an_unknown_device_even_for_the_right_password(self, client, student, settings):
        fail(client, "student", settings.LOGIN_FAILURE_LIMIT)
        response = login(client, "student")
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        page = BeautifulSoup(response.content, "html.parser")
        assert page.html["lang"] == "kk"
        until = timezone.localtime(Failure.objects.earliest("at").at + settings.LOGIN_PAUSE)
        assert page.find("time")["datetime"] == until.isoformat()
        assert until.strftime("%H:%M") in page.get_text()

    def test_an_attacker_cannot_lock_out_a_student_on_their_own_device(self, student, settings):
        own_phone = Client()
        assert login(own_phone, "student", ip="10.1.1.1").status_code == 302
        own_phone.post(reverse("logout"))
        attacker = Client()
        fail(attacker, "student", settings.LOGIN_FAILURE_LIMIT * 3, ip="10.1.1.1")
        assert login(attacker, "student").status_code == 429
        assert login(own_phone, "student", ip="10.1.1.1").status_code == 302

    def test_the_pause_counts_across_addresses(self, client, student, settings):
        for number in range(settings.LOGIN_FAILURE_LIMIT):
            fail(client, "student", 1, ip=f"10.9.0.{number}")
        assert login(Client(), "student", ip="10.9.9.9").status_code == 429

    def test_a_classmate_behind_the_same_campus_address_can_still_log_in(self, client, student, settings):
        make_user("student", username="classmate")
        fail(client, "student", settings.LOGIN_FAILURE_LIMIT)
        assert login(Client(), "classmate").status_code == 302

    def test_a_known_device_has_its_own_limit(self, student, settings):
        phone = Client()
        assert login(phone, "student").status_code == 302
        phone.post(reverse("logout"))
        fail(phone, "student", settings.LOGIN_FAILURE_LIMIT)
        assert login(phone, "student").status_code == 429

    def test_a_forged_device_cookie_is_an_unknown_device(self, client, student, settings):
        fail(Client(), "student", settings.LOGIN_FAILURE_LIMIT)
        client.cookies[settings.DEVICE_COOKIE_NAME] = "student:forged"
        assert login(client, "student").status_code == 429

    def test_the_pause_ends_by_itself(self, client, student, settings):
        fail(client, "student", settings.LOGIN_FAILURE_LIMIT)
        Failure.objects.update(at=timezone.now() - settings.LOGIN_PAUSE - timedelta(seconds=1))
        assert login(client, "student").status_code == 302

    def test_password_spraying_from_one_address_pauses_new_devices_there(self, settings):
        settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
        for number in range(6):
            make_user("student", username=f"target{number}")
            fail(Client(), f"target{number}", 1, ip="10.2.2.2")
        assert login(Client(), "target0", ip="10.2.2.2").status_code == 429
        assert login(Client(), "target0", ip="10.3.3.3").status_code == 302


class TestBehindAProxy:
    """docs/deploy.md's nginx appends the client's address to X-Forwarded-For; REMOTE_ADDR is the proxy's."""

    def test_each_client_is_told_apart_behind_the_proxy(self, settings, student):
        settings.PROXY_COUNT = 1
        settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
        for number in range(6):
            make_user("student", username=f"sprayed{number}")
            fail(Client(), f"sprayed{number}", 1, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert login(Client(), "sprayed0", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
        assert login(Client(), "student", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.10").status_code == 302

    def test_only_the_entry_the_proxy_added_is_trusted(self, settings):
        settings.PROXY_COUNT = 1
        request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
        assert throttling.client_address(request) == "198.51.100.7"

    def test_without_a_configured_proxy_the_header_is_ignored(self, settings):
        settings.PROXY_COUNT = 0
        request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
        assert throttling.client_address(request) == "192.0.2.1"


class TestLifting:
    def teacher_of(self, student):
        teacher = make_user("teacher")
        make_course(teachers=[teacher], students=[student])
        return teacher

    def test_a_teacher_lifts_the_pause_and_it_is_audited(self, client, student, settings):
        teacher = self.teacher_of(student)
        fail(Client(), "student", settings.LOGIN_FAILURE_LIMIT)
        client.force_login(teacher)
        page = client.get(reverse("admin:courses_user_account", args=[student.pk]))
        assert page.status_code == 200 and page.context["pause"] is not None
        response = client.post(reverse("admin:courses_user_account", args=[student.pk]), {"unlock": "1"})
        assert response.status_code == 302
        assert login(Client(), "student").status_code == 302
        entry = LogEntry.objects.get(additional_data__event="login_pause_lifted")
        assert entry.actor == teacher and entry.object_pk == str(student.pk)
        assert entry.changes_dict["paused until"][1] is None

    def test_a_new_password_from_the_teacher_lifts_the_pause(self, client, student, settings):
        teacher = self.teacher_of(student)
        fail(Client(), "student", settings.LOGIN_FAILURE_LIMIT)
        client.force_login(teacher)
        response = client.post(reverse("admin:courses_user_account", args=[student.pk]), {"password": "1"})
        new_password = response.context["new_password"]
        assert login(Client(), "student", new_password).status_code == 302
        assert login(Client(), "student", PASSWORD).status_code == 200


class TestJoinCodes:
    def test_new_courses_get_a_strong_code(self):
        course = make_course()
        assert len(course.join_code) >= 8 and course.join_code.isalnum()
        assert not set(course.join_code) & set("01OIL")

    @pytest.mark.parametrize("code", ["ABC", "12345678", "AAAAAAAA", "ABCDEFGH", "ӘБ123456"])
    def test_weak_codes_chosen_by_a_teacher_are_refused(self, client, teacher, code):
        course = make_course(teachers=[teacher])
        client.force_login(teacher)
        response = client.post(
            reverse("admin:courses_course_change", args=[course.pk]),
            {
                "title": course.title,
                "slug": course.slug,
                "language": "kk",
                "join_code": code,
                "lectures-TOTAL_FORMS": "0",
                "lectures-INITIAL_FORMS": "0",
                "enrollments-TOTAL_FORMS": "0",
                "enrollments-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert "join_code" in response.context["adminform"].form.errors
        course.refresh_from_db()
        assert course.join_code != code

    def test_wrong_codes_are_throttled_per_student(self, client, student, settings):
        course = make_course(join_code="K7M2P9QX")
        client.force_login(student)
        for _ in range(settings.JOIN_CODE_FAILURE_LIMIT):
            client.post(reverse("courses:join"), {"code": "WRONG234"}, REMOTE_ADDR="10.4.4.4")
        response = client.post(reverse("courses:join"), {"code": "K7M2P9QX"}, REMOTE_ADDR="10.4.4.4", follow=True)
        assert not Enrollment.objects.filter(course=course, student=student).exists()
        assert "K7M2P9QX" not in response.content.decode()
        classmate = make_user("student")
        client.force_login(classmate)
        client.post(reverse("courses:join"), {"code": "k7m2p9qx"}, REMOTE_ADDR="10.4.4.4")
        assert Enrollment.objects.filter(course=course, student=classmate).exists()
        assert LogEntry.objects.filter(additional_data__event="enrolled", actor=classmate).exists()
        assert Course.objects.get(pk=course.pk).join_code == "K7M2P9QX"


def test_every_generated_code_passes_the_teachers_check():
    from courses.codes import join_code_problem, new_join_code

    assert all(join_code_problem(new_join_code()) is None for _ in range(2000))


class TestReviewFindings:
    def test_an_address_pause_says_so_and_the_administrator_lifts_it(self, settings):
        from io import StringIO

        from django.core.management import call_command

        settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
        for number in range(3):
            make_user("student", username=f"sprayed{number}")
            fail(Client(), f"sprayed{number}", 1, ip="10.5.5.5")
        make_user("student", username="innocent")
        english = Client()
        english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = login(english, "innocent", ip="10.5.5.5")
        assert response.status_code == 429 and "network" in response.context["message"]
        out = StringIO()
        call_command("lift_login_pause", "--address", "10.5.5.5", stdout=out)
        assert "3 wrong passwords" in out.getvalue()
        assert login(Client(), "innocent", ip="10.5.5.5").status_code == 302

    def test_ipv6_neighbours_in_one_64_count_together(self, settings):
        settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
        for number in range(3):
            make_user("student", username=f"six{number}")
            fail(Client(), f"six{number}", 1, ip=f"2001:db8::{number + 1}")
        assert login(Client(), "six0", ip="2001:db8::ffff").status_code == 429
        assert login(Client(), "six0", ip="2001:db8:1::1").status_code == 302

    def test_a_signed_in_student_opening_the_admin_gets_a_403_not_a_redirect_loop(self, student_client):
        response = student_client.get("/admin/", follow=True)
        assert response.status_code == 403 and len(response.redirect_chain) == 1

    def test_a_teacher_made_a_student_again_keeps_no_course_rights(self, client, teacher, student):
        from courses.roles import make_student

        course = make_course(teachers=[teacher], students=[student])
        make_student(teacher)
        client.force_login(teacher)
        assert client.get(reverse("quizzes:gradebook", args=[course.slug])).status_code == 404
        assert not course.teachers.exists()

    def test_guessing_the_old_password_on_the_change_page_is_paused_too(self, client, student, settings):
        client.force_login(student)
        for _ in range(settings.LOGIN_FAILURE_LIMIT):
            client.post(
                reverse("password_change"),
                {"old_password": "guess-123456", "new_password1": "Жаңа-құпия-77", "new_password2": "Жаңа-құпия-77"},
            )
        response = client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password1": "Жаңа-құпия-77", "new_password2": "Жаңа-құпия-77"},
        )
        assert response.status_code == 200 and "old_password" in response.context["form"].errors
        student.refresh_from_db()
        assert student.check_password(PASSWORD)

    def test_account_actions_are_filed_under_every_course_of_the_student(self, admin_client, student):
        first, second = make_course(students=[student]), make_course(students=[student])
        admin_client.post(reverse("admin:courses_user_account", args=[student.pk]), {"password": "1"})
        courses = set(LogEntry.objects.values_list("additional_data__course", flat=True))
        assert courses == {first.pk, second.pk}

    def test_the_administrators_own_password_page_lifts_the_pause_and_is_audited(self, admin_client, student, settings):
        fail(Client(), "student", settings.LOGIN_FAILURE_LIMIT)
        admin_client.post(
            reverse("admin:auth_user_password_change", args=[student.pk]),
            {"password1": "Жаңа-құпия-77", "password2": "Жаңа-құпия-77", "usable_password": "true"},
        )
        assert login(Client(), "student", "Жаңа-құпия-77").status_code == 302
        assert LogEntry.objects.filter(additional_data__event="password_set").exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_rights_only_for_accounts_created_with_their_course():
    from django.core.management import call_command

    own, other = make_user("student"), make_user("student")
    course = make_course(students=[own], join_code=None)
    Enrollment.objects.filter(course=course, student=own).update(enrolled_at=own.date_joined + timedelta(minutes=1))
    Enrollment.objects.create(course=course, student=other)
    Enrollment.objects.filter(student=other).update(enrolled_at=other.date_joined + timedelta(days=30))
    Course.objects.filter(pk=course.pk).update(join_code="MATH1")
    call_command("migrate", "courses", "0005", verbosity=0)
    call_command("migrate", "courses", verbosity=0)
    flags = dict(Enrollment.objects.values_list("student__username", "added_existing"))
    assert flags == {own.username: False, other.username: True}
    assert Course.objects.get(pk=course.pk).join_code != "MATH1"
