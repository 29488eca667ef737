"""``manage.py lift_login_pause --address 10.0.0.1`` (or ``--username``): end a sign-in pause from the server."""

from django.core.management.base import BaseCommand, CommandError

from courses import throttling


class Command(BaseCommand):
    help = (
        "Forget the wrong passwords counted against a username or a network address, so signing in works again. "
        "Teachers and administrators lift a student's pause on the student's Sign-in and password page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", help="lift the pause on this account's new devices")
        parser.add_argument("--address", help="lift the pause on new devices at this IP address (a campus NAT)")

    def handle(self, *args, username, address, **options):
        if not username and not address:
            raise CommandError("Give --username, --address, or both.")
        if username:
            count = throttling.lift_login_pause(username)
            self.stdout.write(f"{username}: {count} wrong passwords forgotten.")
        if address:
            if throttling.canonical_address(address) is None:
                raise CommandError(f"“{address}” is not an IP address.")
            count = throttling.lift_address_pause(address)
            self.stdout.write(f"{address}: {count} wrong passwords forgotten.")
