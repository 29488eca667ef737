"""``manage.py create_user USERNAME --role teacher``: one account with a role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from courses.people import new_password
from courses.roles import Role, make_student, make_teacher


class Command(BaseCommand):
    help = "Create a teacher, student or administrator account (or change the role of an existing one)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--role", choices=[Role.TEACHER, Role.STUDENT, Role.ADMIN], default=Role.STUDENT, help="default: student"
        )
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="default: a random password, printed once")

    @transaction.atomic
    def handle(self, *args, username, role, full_name, email, password, **options):
        User = get_user_model()
        for name, value in (("username", username), ("full_name", full_name), ("email", email)):
            try:
                User._meta.get_field(name).clean(value, None)  # length, allowed characters, e-mail form
            except ValidationError as error:
                raise CommandError(f"{name}: {' '.join(error.messages)}") from None
        user, created = User.objects.get_or_create(username=username)
        if full_name:
            user.full_name = full_name
        if email:
            user.email = email
        shown_password = None
        if password:
            try:
                validate_password(password, user)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
            user.set_password(password)
        elif created:
            shown_password = new_password(user)
            user.set_password(shown_password)
        user.is_superuser = role == Role.ADMIN
        user.save()
        if role == Role.STUDENT:
            make_student(user)
        else:
            make_teacher(user)
        action = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{action} {role} {username}."))
        if shown_password:
            self.stdout.write(f"Password: {shown_password}")
