"""``manage.py close_expired_attempts``: grade attempts whose time ran out (run from cron every minute)."""

from django.core.management.base import BaseCommand

from quizzes.attempts import close_expired_attempts


class Command(BaseCommand):
    help = "Close and grade every quiz attempt whose deadline (plus the grace period) has passed."

    def handle(self, *args, **options):
        closed = close_expired_attempts()
        self.stdout.write(f"Closed {closed} expired attempts.")
