"""The audit trail of sensitive actions: who did what, when, to what, before → after.

Entries are django-auditlog's ``LogEntry`` rows, written explicitly by the
actions below (not by auditlog's automatic model diffs, which would log every
autosave): ``changes`` holds ``{"what": [before, after]}`` as auditlog's admin
shows it, and ``additional_data`` names the event, the course (teachers see
the entries of their own courses, ``courses.access.visible_audit_entries``)
and the reason given. Passwords are never written, only that one was set.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.db import models
from django.utils.translation import pgettext_lazy


class Event(models.TextChoices):
    PASSWORD_SET = "password_set", pgettext_lazy("audit event", "new password set")
    LOGIN_PAUSE_LIFTED = "login_pause_lifted", pgettext_lazy("audit event", "sign-in pause lifted")
    ENROLLED = "enrolled", pgettext_lazy("audit event", "enrolled")
    UNENROLLED = "unenrolled", pgettext_lazy("audit event", "removed from the course")
    ENROLMENT_CHANGED = "enrolment_changed", pgettext_lazy("audit event", "enrolment changed")
    REGRADED = "regraded", pgettext_lazy("audit event", "regraded")
    ATTEMPT_VOIDED = "attempt_voided", pgettext_lazy("audit event", "attempt voided")
    MARKED = "marked", pgettext_lazy("audit event", "marked by the teacher")


def _plain(value) -> object:
    """JSON-safe: numbers, text, booleans and None as they are; anything else (Decimal, dates) as text."""
    return value if value is None or isinstance(value, bool | int | float | str) else str(value)


def record(
    actor, event: Event, target, *, course=None, before: dict | None = None, after: dict | None = None, reason: str = ""
) -> LogEntry:
    before, after = before or {}, after or {}
    changes = {str(field): [_plain(before.get(field)), _plain(after.get(field))] for field in {**before, **after}}
    return LogEntry.objects.log_create(
        target,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes=changes,
        actor=actor if actor is not None and actor.is_authenticated else None,
        additional_data={"event": str(event), "course": course.pk if course else None, "reason": reason},
    )


def event_label(entry: LogEntry) -> str:
    event = (entry.additional_data or {}).get("event", "")
    return Event(event).label if event in Event.values else event
