"""Bulk import of student accounts from a CSV file.

Teachers get class lists from the dean's office as spreadsheets. Excel in a
Kazakh or Russian locale saves CSV with ``;`` and, as "CSV UTF-8", with a
byte-order mark; other tools write ``,`` and no BOM. All of these are read.
The whole file is checked before anything is written: a file with a bad row
imports nothing, and every bad row is reported with its line number.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from courses.spreadsheets import RowErrors

# Header cells that mark the first row as a header rather than a student.
USERNAME_HEADERS = {"username", "login", "логин", "пайдаланушы", "пайдаланушы аты", "имя пользователя"}
FULL_NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
# No 0/O, 1/l/I: passwords are read aloud and copied from paper.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class StudentRow:
    line: int
    username: str
    full_name: str
    email: str


class StudentFileError(RowErrors):
    """The class list cannot be imported; every bad row is listed."""


@dataclass
class ImportReport:
    created: list[tuple[StudentRow, str]] = field(default_factory=list)  # with the new password
    updated: list[StudentRow] = field(default_factory=list)
    enrolled: int = 0  # new enrolments in the course, if one was given
    enrollments: list = field(default_factory=list)


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StudentFileError([(0, _("The file is not in UTF-8. In Excel, save it as “CSV UTF-8”."))]) from None


def detect_delimiter(text: str) -> str:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first_line.count(";") > first_line.count(",") else ","


def parse_students(data: bytes) -> list[StudentRow]:
    """Read and validate a whole file; raise StudentFileError listing every bad row."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    rows: list[StudentRow] = []
    problems: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    username_validator = UnicodeUsernameValidator()
    for line, cells in _rows(reader):
        if cells is None:
            problems.append((line, _("this line cannot be read as CSV (a stray quote or a control character?)")))
            continue
        cells = [cell.replace("\xa0", " ").strip() for cell in cells]
        if not any(cells):
            continue
        if not rows and not problems and cells[0].casefold() in USERNAME_HEADERS:
            continue
        if len(cells) not in (2, 3):
            problems.append(
                (line, _("expected 3 columns (username, full name, email), found %(count)d") % {"count": len(cells)})
            )
            continue
        username, full_name, email = [*cells, ""][:3]
        row_problems = []
        try:
            username_validator(username)
        except ValidationError:
            row_problems.append(
                _("username “%(username)s” may contain only letters, digits and @ . + - _") % {"username": username}
            )
        if not username or len(username) > 150:
            row_problems.append(_("username must be 1 to 150 characters long"))
        if username in seen:
            row_problems.append(
                _("username “%(username)s” already appears on line %(line)d")
                % {"username": username, "line": seen[username]}
            )
        if not full_name:
            row_problems.append(_("full name is empty"))
        elif len(full_name) > FULL_NAME_MAX_LENGTH:
            row_problems.append(_("full name is longer than %(max)d characters") % {"max": FULL_NAME_MAX_LENGTH})
        if email:
            try:
                validate_email(email)
                if len(email) > EMAIL_MAX_LENGTH:
                    raise ValidationError("too long")
            except ValidationError:
                row_problems.append(_("“%(email)s” is not a valid email address") % {"email": email})
        seen.setdefault(username, line)
        problems.extend((line, problem) for problem in row_problems)
        if not row_problems:
            rows.append(StudentRow(line=line, username=username, full_name=full_name, email=email))
    if not rows and not problems:
        problems.append((0, _("The file has no students in it.")))
    if problems:
        raise StudentFileError(problems)
    return rows


def _rows(reader):
    """(line number, cells) for each row; cells None for a row the csv module cannot read."""
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield reader.line_num, None
            continue
        yield reader.line_num, cells


def new_password(user=None) -> str:
    """A random password that is easy to read aloud and passes the site's password rules."""
    while True:
        password = get_random_string(PASSWORD_LENGTH, allowed_chars=PASSWORD_ALPHABET)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


def import_students(
    rows: list[StudentRow], *, update_existing: bool = True, course=None, by_teacher: bool = False
) -> ImportReport:
    """Create new students (and enrol everyone in ``course``), all or nothing.

    Existing students get the file's name and email when ``update_existing``;
    a teacher enrolling a class through the web leaves other people's details
    alone, and their enrolment of an existing account gives them no rights
    over it (``Enrollment.added_existing``). An existing *staff* account with
    the same username is a conflict, never demoted to a student.
    """
    from courses.models import Enrollment

    User = get_user_model()
    existing = {user.username: user for user in User.objects.filter(username__in=[row.username for row in rows])}
    conflicts = [
        (row.line, _("“%(username)s” is a staff account, not a student") % {"username": row.username})
        for row in rows
        if row.username in existing and existing[row.username].is_staff
    ]
    if conflicts:
        raise StudentFileError(conflicts)

    report = ImportReport()
    # Password hashing is deliberately slow (~0.2 s each): do it before taking the
    # database's write lock, so students can still log in while a class is imported.
    new_users = []
    for row in rows:
        if row.username not in existing:
            user = User(username=row.username, full_name=row.full_name, email=row.email)
            password = new_password(user)
            user.set_password(password)
            user.fill_name_keys()
            new_users.append(user)
            report.created.append((row, password))
    created = {user.username for user in new_users}
    with transaction.atomic():
        User.objects.bulk_create(new_users)
        existing.update({user.username: user for user in User.objects.filter(username__in=created)})
        for row in rows:
            if update_existing and row.username not in created:
                user = existing[row.username]
                user.full_name = row.full_name
                user.email = row.email or user.email
                user.save(update_fields=["full_name", "email"])
                report.updated.append(row)
        if course is not None:
            already = set(Enrollment.objects.filter(course=course).values_list("student_id", flat=True))
            new = [
                Enrollment(course=course, student=user, added_existing=by_teacher and user.username not in created)
                for user in existing.values()
                if user.pk not in already
            ]
            report.enrollments = Enrollment.objects.bulk_create(new)
            report.enrolled = len(new)
    return report
