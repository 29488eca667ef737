"""Multiple choice with partial credit: each correct option ticked earns 1/k, each wrong one costs 1/m."""

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes.question_types.base import InvalidAnswer, QuestionSpec, QuestionView, index_of
from quizzes.question_types.choice import ChoiceType, filled


class MultipleChoice(ChoiceType):
    code = "multiple"
    menu_order = 20
    label = gettext_lazy("Multiple choice (partial credit)")
    description = gettext_lazy("Students tick every correct option; partial credit, never below 0.")
    options_help = gettext_lazy("Write each option; tick every correct one. Empty rows are ignored.")

    def problems(self, question: QuestionSpec) -> list[str]:
        options = filled(question)
        if len(options) < 2:
            return [_("This question needs at least two options.")]
        if not any(option.is_correct for option in options):
            return [_("This question needs at least one correct option.")]
        return []

    def read_form(self, data, view: QuestionView):
        return [value for value in data.getlist(view.name) if value] or None

    def clean(self, view: QuestionView, raw) -> dict:
        if not isinstance(raw, list):
            raise InvalidAnswer(_("That is not one of the answer options."))
        return {"choices": sorted({index_of(item, view.options).pk for item in raw})}

    def form_state(self, view: QuestionView, answer: Mapping) -> dict:
        index = {option.pk: number for number, option in enumerate(view.options)}
        return {"choices": {index[pk] for pk in answer.get("choices", []) if pk in index}}

    def fraction(self, question: QuestionSpec, answer: Mapping) -> Decimal:
        chosen = set(answer.get("choices") or [])
        correct = {option.id for option in question.options if option.is_correct}
        wrong = {option.id for option in question.options if not option.is_correct}
        if not correct:
            return Decimal(0)
        fraction = Decimal(len(chosen & correct)) / len(correct)
        if wrong:
            fraction -= Decimal(len(chosen & wrong)) / len(wrong)
        return fraction

    def full_marks_form(self, view: QuestionView) -> dict:
        return {view.name: [str(number) for number, option in enumerate(view.options) if option.is_correct]}

    def chosen_options(self, answer: Mapping) -> list[int]:
        return list(answer.get("choices") or [])

    def carry_answer(self, answer: Mapping, options: Mapping[int, int], old: QuestionSpec, new: QuestionSpec) -> dict:
        choices = sorted(options[pk] for pk in answer.get("choices", []) if pk in options)
        return {"choices": choices} if choices else {}
