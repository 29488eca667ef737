"""Sensitive changes to people and enrolments, each written to the audit trail.

Like Zulip's ``zerver/actions``: every function takes the ``acting_user``
and records who did what (``courses.audit``). Permission checks stay with
the caller (``courses.access``); these functions only act and record.
"""

from __future__ import annotations

from collections.abc import Iterable

from courses import audit, throttling
from courses.models import Course, Enrollment
from courses.people import new_password


def set_new_password(person, *, acting_user) -> str:
    """Give ``person`` a new random password and return it."""
    password = new_password(person)
    person.set_password(password)
    person.save(update_fields=["password"])
    password_was_set(person, acting_user=acting_user, how="new, random")
    return password


def password_was_set(person, *, acting_user, how: str) -> None:
    """After someone else set ``person``'s password: lift any sign-in pause, and record it."""
    throttling.lift_login_pause(person.get_username())
    _record_on_account(acting_user, audit.Event.PASSWORD_SET, person, after={"password": how})


def lift_login_pause(person, *, acting_user) -> None:
    pause = throttling.current_pause(person.get_username())
    throttling.lift_login_pause(person.get_username())
    _record_on_account(
        acting_user,
        audit.Event.LOGIN_PAUSE_LIFTED,
        person,
        before={"paused until": pause.until.isoformat() if pause else None},
        after={"paused until": None},
    )


def _record_on_account(acting_user, event: audit.Event, person, **changes) -> None:
    """One entry per course the person takes, so each of their teachers sees it (one without a course if none)."""
    courses = [enrollment.course for enrollment in Enrollment.objects.filter(student=person).select_related("course")]
    for course in courses or [None]:
        audit.record(acting_user, event, person, course=course, **changes)


def record_enrolments(enrolments: Iterable[Enrollment], *, acting_user, course: Course) -> None:
    for enrollment in enrolments:
        audit.record(
            acting_user,
            audit.Event.ENROLLED,
            enrollment,
            course=course,
            after={"student": enrollment.student.get_username(), "group": enrollment.group},
        )


def record_enrolment_change(enrollment: Enrollment, before: dict, *, acting_user) -> None:
    after = {"student": enrollment.student.get_username(), "group": enrollment.group}
    if before != after:
        audit.record(
            acting_user, audit.Event.ENROLMENT_CHANGED, enrollment, course=enrollment.course, before=before, after=after
        )


def record_unenrolment(enrollment: Enrollment, *, acting_user) -> None:
    audit.record(
        acting_user,
        audit.Event.UNENROLLED,
        enrollment,
        course=enrollment.course,
        before={"student": enrollment.student.get_username(), "group": enrollment.group},
    )
