"""The registry of question types: the classes named in ``settings.QUIZ_QUESTION_TYPES``.

Add a type: write its module here (see ``base.QuestionType``) and its two
templates, and add its class to the setting; docs/architecture.md has the
recipe. Nothing else in the project names a type.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from quizzes.question_types.base import QuestionType


@cache
def _registry() -> dict[str, QuestionType]:
    types = [import_string(path)() for path in settings.QUIZ_QUESTION_TYPES]
    return {question_type.code: question_type for question_type in types}


def question_types() -> list[QuestionType]:
    return list(_registry().values())


def get_question_type(code: str) -> QuestionType:
    try:
        return _registry()[code]
    except KeyError:
        raise ValueError(f"No question type {code!r} in QUIZ_QUESTION_TYPES") from None


def kind_choices() -> list[tuple[str, str]]:
    """``Question.kind``'s choices (a callable, so a new type needs no migration)."""
    return [(question_type.code, question_type.label) for question_type in question_types()]


@receiver(setting_changed)
def _forget_types(*, setting, **kwargs):
    if setting == "QUIZ_QUESTION_TYPES":
        _registry.cache_clear()
