"""What the choice types share: options shown as a list, picked by their index in the layout."""

from __future__ import annotations

import random
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes.question_types.base import QuestionSpec, QuestionType, QuestionView, index_of


def filled(question: QuestionSpec) -> list:
    return [option for option in question.options if option.text or option.match]


class ChoiceType(QuestionType):
    option_fields = ("text", "is_correct", "feedback")
    blank_options = 5
    counts_choices = True
    shows_every_option = True
    options_help = gettext_lazy("Write each option; tick the correct one. Empty rows are ignored.")

    def layout(self, question: QuestionSpec, rng: random.Random, *, shuffle: bool) -> dict:
        ids = [option.id for option in question.options]
        if shuffle:
            rng.shuffle(ids)
        return {"options": ids}

    def problems(self, question: QuestionSpec) -> list[str]:
        options = filled(question)
        if len(options) < 2:
            return [_("This question needs at least two options.")]
        if sum(option.is_correct for option in options) != 1:
            return [_("This question needs exactly one correct option.")]
        return []

    def read_form(self, data, view: QuestionView):
        return data.get(view.name) or None

    def clean(self, view: QuestionView, raw) -> dict:
        return {"choice": index_of(raw, view.options).pk}

    def form_state(self, view: QuestionView, answer: Mapping) -> dict:
        index = {option.pk: number for number, option in enumerate(view.options)}
        return {"choice": index.get(answer.get("choice"))}

    def fraction(self, question: QuestionSpec, answer: Mapping) -> Decimal:
        correct = {option.id for option in question.options if option.is_correct}
        return Decimal(1) if answer.get("choice") in correct else Decimal(0)

    def full_marks_form(self, view: QuestionView) -> dict:
        return {view.name: str(next(number for number, option in enumerate(view.options) if option.is_correct))}

    def chosen_options(self, answer: Mapping) -> list[int]:
        return [answer["choice"]] if answer.get("choice") else []

    def carry_answer(self, answer: Mapping, options: Mapping[int, int], old: QuestionSpec, new: QuestionSpec) -> dict:
        return {"choice": options[answer["choice"]]} if answer.get("choice") in options else {}
