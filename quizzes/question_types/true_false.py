"""True / false: a statement with its two options made for the teacher, in a fixed order."""

import random

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes.question_types.base import QuestionSpec
from quizzes.question_types.choice import ChoiceType, filled


class TrueFalse(ChoiceType):
    code = "true_false"
    menu_order = 30
    label = gettext_lazy("True / false")
    description = gettext_lazy("A statement students mark as true or false.")
    option_fields = ("text", "is_correct", "feedback")
    blank_options = 0
    options_help = gettext_lazy("Tick the option that is correct for this statement.")
    # Shown and reviewed exactly as a single choice.
    attempt_template = "quizzes/question_types/single.html"
    review_template = "quizzes/question_types/single_review.html"

    def default_options(self) -> list[dict]:
        return [
            {"text": _("True"), "is_correct": True, "position": 1},
            {"text": _("False"), "is_correct": False, "position": 2},
        ]

    def layout(self, question: QuestionSpec, rng: random.Random, *, shuffle: bool) -> dict:
        return super().layout(question, rng, shuffle=False)  # "true" first, always

    def problems(self, question: QuestionSpec) -> list[str]:
        if len(filled(question)) != 2:
            return [_("A true/false question has exactly two options.")]
        return super().problems(question)
