"""``manage.py setup_demo``: demo teacher and student, the demo course from the seed lecture, and its quiz.

It lives in quizzes, the top app layer, because it uses every app below it
(courses' demo course, whose import fills the glossary, and the demo quiz).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from courses.demo import create_demo_accounts, create_demo_course
from quizzes.demo import create_demo_quiz


class Command(BaseCommand):
    help = (
        "Create the demo teacher and student (known passwords: for trying the site, never for production) "
        "the demo course built from the seed lecture, and its quiz. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off (the passwords are public!)")

    def handle(self, *args, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo accounts have public passwords; refusing with DEBUG off (use --force).")
        accounts = create_demo_accounts()
        course = create_demo_course()
        create_demo_quiz(course)
        self.stdout.write(self.style.SUCCESS(f"Demo course “{course.title}” is ready: {course.get_absolute_url()}"))
        self.stdout.write(self.style.SUCCESS("Log in at http://127.0.0.1:8000/ with:"))
        for account in accounts:
            self.stdout.write(f"  {account.role:<8} username: {account.username:<8} password: {account.password}")
