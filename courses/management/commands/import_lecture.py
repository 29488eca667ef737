"""``manage.py import_lecture notes.docx --course SLUG``: the admin's lecture import, from the shell."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from courses.importing import ImportRejected, parse_lecture, save_lecture
from courses.models import Course


class Command(BaseCommand):
    help = (
        "Import a lecture document (.docx, .txt, .md) into a course. Prints what was found and the warnings. "
        "Importing the same file into the same course again updates that lecture."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--course", required=True, metavar="SLUG", help="address (slug) of the course")
        parser.add_argument("--title", default="", help="lecture title (default: from the document or file name)")
        parser.add_argument(
            "--drop-repeats", action="store_true", help="leave out paragraphs that repeat an earlier one word for word"
        )
        parser.add_argument("--publish", action="store_true", help="make the lecture visible to students")
        parser.add_argument("--dry-run", action="store_true", help="show what would be imported, save nothing")

    def handle(
        self, *args, path: Path, course: str, title: str, drop_repeats: bool, publish: bool, dry_run: bool, **options
    ):
        target = Course.objects.filter(slug=course).first()
        if target is None:
            raise CommandError(f"There is no course with the address “{course}”.")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        try:
            parsed = parse_lecture(path.name, data)
        except ImportRejected as error:
            raise CommandError(f"{path.name}: {error}") from None

        summary = parsed.summary()
        self.stdout.write(
            f"{path.name}: {summary['plan_items']} plan items, goal: {'yes' if summary['goal'] else 'no'}, "
            f"{summary['key_terms']} key terms, {summary['definitions']} definitions "
            f"({summary['numbered_definitions']} numbered), {summary['sections']} sections, "
            f"{summary['paragraphs']} paragraphs."
        )
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
            return
        if drop_repeats:
            parsed = parsed.without({repeat.number for repeat in parsed.repeats if repeat.verbatim})
        lecture = save_lecture(parsed, course=target, title=title)
        if publish and not lecture.is_published:
            lecture.is_published = True
            lecture.save(update_fields=["is_published"])
        self.stdout.write(self.style.SUCCESS(f"Saved lecture “{lecture.title}” ({lecture.get_absolute_url()})."))
