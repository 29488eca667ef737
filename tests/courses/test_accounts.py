"""Logging in and out, changing a password, and what each role may do (the sign-in pause: test_throttling)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from courses.roles import TEACHERS_GROUP, Role, make_student, make_teacher, teacher_permissions
from tests.factories import PASSWORD, make_course, make_user
from tests.helpers import login

pytestmark = pytest.mark.django_db


def test_login_then_front_page_greets_by_name_and_role(client, student):
    response = login(client, "student")
    assert response.status_code == 302
    assert response.url == reverse("home")
    page = client.get(reverse("home")).content.decode()
    assert "Әлиев Нұрлан" in page
    assert 'data-role="student"' in page


def test_wrong_password_shows_the_form_again_with_an_error(client, student):
    response = login(client, "student", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client, student):
    login(client, "student")
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client, student):
    login(client, "student")
    new_password = "жаңа-құпиясөз-2026"
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    client.post(reverse("logout"))
    assert login(client, "student", new_password).status_code == 302


def test_pages_that_need_login_redirect_to_it(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


class TestRoles:
    def test_teachers_group_and_its_permissions_come_from_migrate(self):
        group = Group.objects.get(name=TEACHERS_GROUP)
        group.permissions.clear()
        call_command("migrate", verbosity=0)
        assert set(group.permissions.all()) == set(teacher_permissions())
        assert group.permissions.filter(codename="view_user").exists()

    def test_teachers_may_look_up_users_but_never_edit_them(self, teacher):
        assert teacher.has_perm("courses.view_user")
        assert not teacher.has_perm("courses.change_user")
        assert not teacher.has_perm("courses.add_user")

    def test_role_follows_staff_flag_and_group(self, student):
        assert student.role == Role.STUDENT
        make_teacher(student)
        assert student.role == Role.TEACHER and student.is_staff
        make_student(student)
        assert student.role == Role.STUDENT and not student.is_staff
        assert make_user("admin").role == Role.ADMIN

    def test_teacher_reaches_the_admin_and_student_does_not(self, client, teacher, student):
        client.force_login(teacher)
        assert client.get(reverse("admin:index")).status_code == 200
        client.force_login(student)
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert "login" in response.url

    def test_navigation_shows_the_teachers_workspace_only_to_teachers(self, client, teacher, student):
        client.force_login(teacher)
        page = client.get(reverse("home")).content.decode()
        assert reverse("admin:index") in page and 'data-role="teacher"' in page
        client.force_login(student)
        assert reverse("admin:index") not in client.get(reverse("home")).content.decode()

    def test_teacher_can_list_users_in_the_admin_but_not_open_an_editable_form(self, client, teacher, student):
        make_course(teachers=[teacher], students=[student])
        client.force_login(teacher)
        assert client.get(reverse("admin:courses_user_changelist")).status_code == 200
        form_page = client.get(reverse("admin:courses_user_change", args=[student.pk]))
        assert form_page.status_code == 200
        assert 'name="is_superuser"' not in form_page.content.decode()

    def test_admin_adds_a_user_through_the_admin_form(self, admin_client):
        response = admin_client.post(
            reverse("admin:courses_user_add"),
            {
                "username": "new.student",
                "full_name": "Жаңа Студент",
                "email": "new@university.kz",
                "password1": "Qazaqstan-2026!",
                "password2": "Qazaqstan-2026!",
                "usable_password": "true",
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        from django.contrib.auth import get_user_model

        assert get_user_model().objects.get(username="new.student").full_name == "Жаңа Студент"


def test_create_user_command_makes_a_teacher_with_a_printed_password(capsys):
    call_command("create_user", "g.sarsenbayeva", "--role", "teacher", "--full-name", "Гүлнар Сәрсенбаева")
    output = capsys.readouterr().out
    password = output.split("Password:")[1].strip()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="g.sarsenbayeva")
    assert user.role == Role.TEACHER
    assert user.check_password(password)


def test_create_user_command_rejects_a_weak_password():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("create_user", "weak", "--password", "12345")
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="weak").exists()


@pytest.mark.parametrize(
    "arguments",
    [["x" * 151], ["bad name!"], ["ok.name", "--full-name", "Ә" * 201], ["ok.name", "--email", "not-an-address"]],
)
def test_create_user_command_refuses_what_cannot_be_stored(arguments):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("create_user", *arguments)
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("weak", ["short-9ch", "1234567890123", "password123", "student-2026"])
def test_new_passwords_follow_the_password_rules(client, student, weak):
    login(client, "student")
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
    )
    assert response.status_code == 200 and response.context["form"].errors["new_password2"]


def test_generated_passwords_are_readable_and_pass_the_rules(student):
    from django.contrib.auth.password_validation import validate_password

    from courses.people import PASSWORD_ALPHABET, new_password

    for _ in range(200):
        password = new_password(student)
        validate_password(password, student)
        assert len(password) == 10 and set(password) <= set(PASSWORD_ALPHABET)


def test_setup_demo_creates_the_accounts_the_readme_promises(client, settings, capsys):
    settings.DEBUG = True
    call_command("setup_demo")
    output = capsys.readouterr().out
    from courses.demo import DEMO_STUDENT, DEMO_TEACHER

    for account in (DEMO_TEACHER, DEMO_STUDENT):
        assert account.password in output
        assert login(client, account.username, account.password).status_code == 302
        client.post(reverse("logout"))


def test_setup_demo_refuses_in_production(settings):
    from django.core.management import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("setup_demo")


def test_front_page_query_count_is_constant(client, student, django_assert_max_num_queries):
    client.force_login(student)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("home")).status_code == 200
