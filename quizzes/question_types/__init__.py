"""The registry of question types: every ``QuestionType`` subclass with a ``code`` in this package.

Add a type: write its module here (see ``base.QuestionType``) and its two
templates; the registry finds it. docs/architecture.md has the recipe.
Nothing else in the project names a type.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from quizzes.question_types.base import QuestionType


@cache
def _registry() -> dict[str, QuestionType]:
    found = []
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, QuestionType)
            and value.__module__ == module.__name__
            and getattr(value, "code", None)
        ]
    ordered = sorted(found, key=lambda question_type: (question_type.menu_order, question_type.code))
    return {question_type.code: question_type() for question_type in ordered}


def question_types() -> list[QuestionType]:
    return list(_registry().values())


def get_question_type(code: str) -> QuestionType:
    try:
        return _registry()[code]
    except KeyError:
        raise ValueError(f"No question type {code!r} in quizzes/question_types/") from None


def kind_choices() -> list[tuple[str, str]]:
    """``Question.kind``'s choices (a callable, so a new type needs no migration)."""
    return [(question_type.code, question_type.label) for question_type in question_types()]
