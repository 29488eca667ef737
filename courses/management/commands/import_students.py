"""``manage.py import_students students.csv``: create student accounts from a class list."""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from courses import actions
from courses.models import Course
from courses.people import StudentFileError, import_students, parse_students


class Command(BaseCommand):
    help = (
        "Create student accounts from a CSV file with the columns username, full name, email "
        "(UTF-8 with or without BOM, separated by ',' or ';'). A file with any bad row imports nothing. "
        "New students get a random password, printed or written to --credentials."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="CSV file to import")
        parser.add_argument(
            "--credentials",
            type=Path,
            help="write username, full name and new password of each created student to this CSV file",
        )
        parser.add_argument("--course", metavar="SLUG", help="also enrol every student in this course")
        parser.add_argument("--dry-run", action="store_true", help="check the file and report, write nothing")

    @no_translations
    def handle(self, *args, path: Path, credentials: Path | None, course: str | None, dry_run: bool, **options):
        target = None
        if course:
            target = Course.objects.filter(slug=course).first()
            if target is None:
                raise CommandError(f"There is no course with the address “{course}”.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            rows = parse_students(data)
            if dry_run:
                self.stdout.write(f"{path}: {len(rows)} students, no problems found. Nothing was written.")
                return
            report = import_students(rows, course=target)
        except StudentFileError as error:
            raise CommandError(f"{path}: nothing was imported.\n{error}") from None
        if target is not None:
            actions.record_enrolments(report.enrollments, acting_user=None, course=target)

        if credentials:
            with credentials.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["username", "full name", "password"])
                writer.writerows((row.username, row.full_name, password) for row, password in report.created)
        else:
            for row, password in report.created:
                self.stdout.write(f"{row.username}\t{password}\t{row.full_name}")
        self.stdout.write(self.style.SUCCESS(f"Created {len(report.created)} students, updated {len(report.updated)}."))
        if credentials:
            self.stdout.write(f"Passwords of the new students are in {credentials}.")
