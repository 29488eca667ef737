"""Single choice: one correct option among several; right or wrong."""

from django.utils.translation import gettext_lazy as _

from quizzes.question_types.choice import ChoiceType


class SingleChoice(ChoiceType):
    code = "single"
    menu_order = 10
    label = _("Single choice")
    description = _("Students pick one option; one is correct.")
    first_option_correct = True
