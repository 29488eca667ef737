"""Questions that never change under a student.

A question is *frozen* once a student's attempt has shown it. From then on
an edit saves a new version instead — the old row keeps its text, options
and points, and points to its successor — so every answer keeps the meaning
it had when it was given, and grades never move unless a teacher regrades.
New attempts and the quiz's editor use the latest version only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from quizzes.models import Option, Question

OPTION_FIELDS = ("text", "is_correct", "match", "position", "feedback")


def freeze(question_ids: Iterable[int]) -> None:
    """Mark questions as shown to a student (called when an attempt is built from them)."""
    Question.objects.filter(pk__in=list(question_ids), is_frozen=False).update(is_frozen=True)


@transaction.atomic
def save_new_version(edited: Question, options: Iterable[dict]) -> Question:
    """Save ``edited`` (a frozen question with the teacher's changes, unsaved) as its next version.

    ``options`` are the new version's answer rows (field → value). The stored
    question and its options stay as they were, now replaced by the new one.
    """
    current = Question.objects.select_for_update().get(pk=edited.pk)
    edited.pk = None
    edited._state.adding = True
    edited.version = current.version + 1
    edited.is_frozen = False
    edited.replaced_by = None
    edited.save()
    Option.objects.bulk_create(
        Option(question=edited, **{field: values[field] for field in OPTION_FIELDS if field in values})
        for values in options
    )
    current.replaced_by = edited
    current.save(update_fields=["replaced_by"])
    return edited


def withdraw(question: Question) -> None:
    """Take a question students have seen out of the quiz, keeping it (and its answers) for their attempts."""
    Question.objects.filter(pk=question.pk).update(status=Question.Status.WITHDRAWN)


def mark_ready(questions) -> int:
    """Let draft questions reach students; returns how many changed."""
    return questions.filter(status=Question.Status.DRAFT).update(status=Question.Status.READY)
