"""Ordering: items shown shuffled, put in their places; an equal share per item in its right place."""

import random
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes.question_types.base import InvalidAnswer, QuestionSpec, QuestionType, QuestionView, index_of
from quizzes.question_types.choice import filled


def order_from_places(places: list[str]) -> list[str]:
    """Item indexes first to last; every item needs its own place, else the answer is refused."""
    try:
        numbers = [int(place) for place in places]
    except ValueError:
        return ["invalid"]
    if len(set(numbers)) != len(numbers):
        return ["invalid"]
    return [str(item) for _place, item in sorted((place, item) for item, place in enumerate(numbers))]


class Ordering(QuestionType):
    code = "ordering"
    menu_order = 70
    label = gettext_lazy("Ordering")
    description = gettext_lazy("Students put items in order; partial credit per item in its place.")
    option_fields = ("position", "text")
    blank_options = 4
    shows_every_option = True
    options_help = gettext_lazy("Write the items; the position is each item's correct place (1 is first).")

    def problems(self, question: QuestionSpec) -> list[str]:
        options = filled(question)
        if len(options) < 2:
            return [_("This question needs at least two items.")]
        if len({option.position for option in options}) != len(options):
            return [_("Each item needs a different position.")]
        return []

    def layout(self, question: QuestionSpec, rng: random.Random, *, shuffle: bool) -> dict:
        ids = [option.id for option in question.options]
        shuffled = ids[:]
        rng.shuffle(shuffled)
        if len(ids) > 2:
            while shuffled == ids:  # never shown in the right order already (two items may be: that is the answer)
                rng.shuffle(shuffled)
        return {"options": shuffled}

    def read_form(self, data, view: QuestionView):
        places = [data.get(f"{view.name}-{number}", "") for number in range(len(view.options))]
        return order_from_places(places) if any(places) else None

    def clean(self, view: QuestionView, raw) -> dict:
        if not isinstance(raw, list) or sorted(map(str, raw)) != sorted(str(i) for i in range(len(view.options))):
            raise InvalidAnswer(_("Put every item in a different place."))
        return {"order": [index_of(item, view.options).pk for item in raw]}

    def form_state(self, view: QuestionView, answer: Mapping) -> dict:
        index = {option.pk: number for number, option in enumerate(view.options)}
        order = answer.get("order", [])
        return {"places": {index[pk]: place for place, pk in enumerate(order, start=1) if pk in index}}

    def fraction(self, question: QuestionSpec, answer: Mapping) -> Decimal:
        correct = [option.id for option in sorted(question.options, key=lambda option: (option.position, option.id))]
        if not correct:
            return Decimal(0)
        given = list(answer.get("order") or [])
        right = sum(1 for place, option_id in enumerate(correct) if place < len(given) and given[place] == option_id)
        return Decimal(right) / len(correct)

    def carry_answer(self, answer: Mapping, options: Mapping[int, int], old: QuestionSpec, new: QuestionSpec) -> dict:
        order = answer.get("order") or []
        if not order or any(pk not in options for pk in order):
            return {}  # an order with an item that no longer exists is no answer to the new list
        return {"order": [options[pk] for pk in order]}

    def full_marks_form(self, view: QuestionView) -> dict:
        ranked = sorted(view.options, key=lambda option: (option.position, option.pk))
        return {f"{view.name}-{number}": str(ranked.index(option) + 1) for number, option in enumerate(view.options)}
