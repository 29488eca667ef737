"""Matching: each prompt paired with its answer from a shuffled list; an equal share per right pair.

Options with both a text and a ``match`` are prompts; an option with only a
``match`` is an extra (distractor) answer. Answers with the same text are
shown once, so two prompts may share an answer.
"""

import random
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.text import normalize
from quizzes.question_types.base import InvalidAnswer, QuestionSpec, QuestionType, QuestionView, index_of


def prompts(question: QuestionSpec) -> list:
    return [option for option in question.options if option.text and option.match]


class Matching(QuestionType):
    code = "matching"
    menu_order = 60
    label = gettext_lazy("Matching")
    description = gettext_lazy("Students pair each item with its answer; partial credit per pair.")
    option_fields = ("text", "match")
    blank_options = 4
    options_help = gettext_lazy(
        "Each row is a pair: the item and its answer. A row with only an answer adds a wrong answer to choose from."
    )

    def problems(self, question: QuestionSpec) -> list[str]:
        if len(prompts(question)) < 2:
            return [_("This question needs at least two pairs.")]
        return []

    def layout(self, question: QuestionSpec, rng: random.Random, *, shuffle: bool) -> dict:
        shown = [option.id for option in prompts(question)]
        if shuffle:
            rng.shuffle(shown)
        by_text: dict[str, int] = {}
        for option in question.options:
            if option.match:
                by_text.setdefault(" ".join(option.match.split()).casefold(), option.id)
        answers = list(by_text.values())
        rng.shuffle(answers)
        return {"options": shown, "matches": answers}

    def read_form(self, data, view: QuestionView):
        pairs = {str(number): data.get(f"{view.name}-{number}", "") for number in range(len(view.options))}
        return pairs if any(pairs.values()) else None

    def clean(self, view: QuestionView, raw) -> dict:
        if not isinstance(raw, dict):
            raise InvalidAnswer(_("That is not one of the answer options."))
        pairs = {}
        for prompt_index, answer_index in raw.items():
            if answer_index in (None, ""):
                continue
            pairs[str(index_of(prompt_index, view.options).pk)] = index_of(answer_index, view.answers).pk
        return {"pairs": pairs} if pairs else {}

    def form_state(self, view: QuestionView, answer: Mapping) -> dict:
        index = {option.pk: number for number, option in enumerate(view.options)}
        answer_index = {option.pk: number for number, option in enumerate(view.answers)}
        pairs = answer.get("pairs", {})
        return {
            "pairs": {
                index[int(prompt)]: answer_index.get(chosen) for prompt, chosen in pairs.items() if int(prompt) in index
            }
        }

    def fraction(self, question: QuestionSpec, answer: Mapping) -> Decimal:
        shown = prompts(question)
        if not shown:
            return Decimal(0)
        by_id = {option.id: option for option in question.options}
        pairs = answer.get("pairs") or {}
        right = 0
        for prompt in shown:
            chosen = by_id.get(pairs.get(str(prompt.id)))
            if chosen is not None and normalize(chosen.match) == normalize(prompt.match):
                right += 1
        return Decimal(right) / len(shown)

    def carry_answer(self, answer: Mapping, options: Mapping[int, int], old: QuestionSpec, new: QuestionSpec) -> dict:
        pairs = {
            str(options[int(prompt)]): options[chosen]
            for prompt, chosen in (answer.get("pairs") or {}).items()
            if int(prompt) in options and chosen in options
        }
        return {"pairs": pairs} if pairs else {}

    def full_marks_form(self, view: QuestionView) -> dict:
        return {
            f"{view.name}-{number}": str(
                next(
                    place
                    for place, answer in enumerate(view.answers)
                    if normalize(answer.match) == normalize(prompt.match)
                )
            )
            for number, prompt in enumerate(view.options)
        }
