"""Draft questions from a course glossary, for the teacher to edit.

Term → definition single-choice questions take their distractors from other
entries' definitions, preferring entries that share a word with the term
("жергілікті атқарушы орган" vs "жергілікті өкілді орган"): those are the
mistakes students actually make. One matching question pairs several terms
with short definitions.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from courses.text import words
from glossary.models import Entry
from quizzes.models import Option, Question, Quiz

DISTRACTORS = 3
MATCHING_PAIRS = 5
SHORT_DEFINITION = 160


def _short(text: str, limit: int = SHORT_DEFINITION) -> str:
    text = " ".join(text.split()).rstrip(";.")
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _closeness(first: Entry, second: Entry) -> int:
    return len(set(words(first.term)) & set(words(second.term)))


@transaction.atomic
def add_glossary_questions(quiz: Quiz, *, count: int = 10, rng: random.Random | None = None) -> list[Question]:
    rng = rng or random.Random()
    entries = [
        entry
        for entry in Entry.objects.filter(course=quiz.course, is_published=True).prefetch_related("definitions")
        if entry.definitions.all()
    ]
    if len(entries) < DISTRACTORS + 1:
        return []
    position = (quiz.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    created = []
    for entry in rng.sample(entries, min(count, len(entries))):
        others = sorted(
            (other for other in entries if other.pk != entry.pk),
            key=lambda other: (-_closeness(entry, other), rng.random()),
        )
        question = Question.objects.create(
            quiz=quiz,
            position=position,
            kind="single",
            status=Question.Status.DRAFT,
            text=_("What is “%(term)s”?") % {"term": entry.term},
            points=Decimal("1"),
            feedback=entry.definitions.all()[0].source,
        )
        choices = [(entry.definitions.all()[0].text, True)]
        choices += [(other.definitions.all()[0].text, False) for other in others[:DISTRACTORS]]
        rng.shuffle(choices)  # even with "shuffle choices" off, the right one is not always first
        Option.objects.bulk_create(
            Option(question=question, position=number, text=_short(text, 400), is_correct=right)
            for number, (text, right) in enumerate(choices, start=1)
        )
        created.append(question)
        position += 1
    pairs = rng.sample(entries, min(MATCHING_PAIRS, len(entries)))
    if len(pairs) >= 2:
        question = Question.objects.create(
            quiz=quiz,
            position=position,
            kind="matching",
            status=Question.Status.DRAFT,
            text=_("Match each term with its definition."),
            points=Decimal(len(pairs)),
        )
        Option.objects.bulk_create(
            Option(question=question, position=number, text=entry.term, match=_short(entry.definitions.all()[0].text))
            for number, entry in enumerate(pairs, start=1)
        )
        created.append(question)
    return created
