"""Questions that never change under a student.

A question is *frozen* once a student's attempt has shown it. From then on
an edit saves a new version instead — the old row keeps its text, options
and points, and points to its successor — so every answer keeps the meaning
it had when it was given, and grades never move unless a teacher regrades.
New attempts and the quiz's editor use the latest version only.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from django.db import transaction

from courses.text import normalize
from quizzes.models import Option, Question
from quizzes.question_types import get_question_type
from quizzes.question_types.base import QuestionSpec

OPTION_FIELDS = ("text", "is_correct", "match", "position", "feedback", "previous_id")


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


def must_be_kept(question: Question) -> bool:
    """Shown to students, or the newest version of one that was: deleting it would lose or bring back a version."""
    return question.is_frozen or Question.objects.filter(replaced_by=question).exists()


def withdraw(question: Question) -> None:
    """Take a question students have seen out of the quiz, keeping it (and its answers) for their attempts."""
    Question.objects.filter(pk=question.pk).update(status=Question.Status.WITHDRAWN)


def mark_ready(questions) -> int:
    """Let draft questions reach students; returns how many changed."""
    return questions.filter(status=Question.Status.DRAFT).update(status=Question.Status.READY)


def latest_version(question: Question) -> Question:
    """The newest version of ``question`` (itself when never edited after students saw it)."""
    while question.replaced_by_id is not None:
        question = Question.objects.select_related("replaced_by").get(pk=question.replaced_by_id)
    return question


def _option_key(option: Option) -> tuple[str, str]:
    return (normalize(option.text), normalize(option.match))


def _carried_options(old: Question, newest: Question) -> dict[int, int]:
    """Old option id → the newest version's option made from it (through each version's ``previous``),
    or, for an option the editor did not carry (none was recorded), the one with the same text."""
    origin = {}
    for option in newest.options.all():
        source, steps = option, 0
        while source is not None and source.question_id != old.pk and steps < 100:
            source = Option.objects.filter(pk=source.previous_id).first() if source.previous_id else None
            steps += 1
        if source is not None and source.question_id == old.pk:
            origin[source.pk] = option.pk
    by_text = {_option_key(option): option.pk for option in newest.options.all()}
    for option in old.options.all():
        if (
            option.pk not in origin
            and _option_key(option) in by_text
            and by_text[_option_key(option)] not in origin.values()
        ):
            origin[option.pk] = by_text[_option_key(option)]
    return origin


def move_to_latest(attempt) -> list[int]:
    """Point a finished attempt at the newest version of each of its questions, answers carried over.

    An option carries over to the new version's option with the same text
    (and matching answer), compared the Kazakh-aware way; an answer naming an
    option that no longer exists loses that part. Returns the question ids moved.
    Withdrawn newest versions are left alone: the attempt keeps what it showed.
    """
    layout = attempt.layout
    moved = []
    responses = {response.question_id: response for response in attempt.responses.all()}
    for place, question_id in enumerate(list(layout.get("questions", []))):
        question = Question.objects.filter(pk=question_id).first()
        if question is None:
            continue
        newest = latest_version(question)
        if newest.pk == question.pk or newest.status == Question.Status.WITHDRAWN:
            continue
        new_options = {_option_key(option): option.pk for option in newest.options.all()}
        options = _carried_options(question, newest)
        old, new = str(question.pk), str(newest.pk)
        layout["questions"][place] = newest.pk
        shows_every_option = get_question_type(newest.kind).shows_every_option
        for part in ("options", "matches"):
            if old in layout.get(part, {}):
                shown = [options[pk] for pk in layout[part].pop(old) if pk in options]
                added = [pk for pk in new_options.values() if pk not in shown] if shows_every_option else []
                layout[part][new] = shown + (added if part == "options" else [])
        if old in layout.get("extra", {}):
            layout["extra"].pop(old)
            parts = get_question_type(newest.kind).layout(QuestionSpec.of(newest), random.Random(0), shuffle=False)
            layout["extra"][new] = parts.get("extra", {})  # rebuilt for the new version's parts, in their order
        response = responses.get(question.pk)
        if response is not None:
            response.question = newest
            response.answer = get_question_type(newest.kind).carry_answer(
                response.answer, options, QuestionSpec.of(question), QuestionSpec.of(newest)
            )
            response.save(update_fields=["question", "answer"])
        moved.append(newest.pk)
    if moved:
        attempt.layout = layout
        attempt.save(update_fields=["layout"])
        freeze(moved)  # attempts now show these versions: they must not change under them either
    return moved
